// SPDX-License-Identifier: Apache-2.0
// Location-aware YAML reads for the content compiler.
#include "content/detail/yaml_reader.hpp"

#include <regex>

#include "core/limits.hpp"
#include "core/strings.hpp"

namespace temper::content::detail {

SourceLocation YamlReader::where(const YAML::Node& node) const {
  const YAML::Mark m = node.Mark();
  if (m.line < 0) return SourceLocation(file_);
  return SourceLocation(file_, static_cast<std::uint32_t>(m.line + 1), static_cast<std::uint32_t>(m.column + 1));
}

void YamlReader::error(const YAML::Node& node, std::string message) { error_at(where(node), std::move(message)); }

void YamlReader::warning(const YAML::Node& node, std::string message) {
  if (diags_.size() >= limits::kMaxDiagnostics) return;
  diags_.push_back(Diagnostic{Diagnostic::Severity::kWarning, where(node), std::move(message)});
}

void YamlReader::error_at(SourceLocation at, std::string message) {
  if (diags_.size() >= limits::kMaxDiagnostics) return;
  diags_.push_back(Diagnostic{Diagnostic::Severity::kError, std::move(at), std::move(message)});
}

std::size_t YamlReader::error_count() const {
  std::size_t n = 0;
  for (const auto& d : diags_) n += d.severity == Diagnostic::Severity::kError ? 1 : 0;
  return n;
}

bool YamlReader::require_map(const YAML::Node& node, std::string_view what) {
  if (node.IsMap()) return true;
  error(node, std::string(what) + " must be a mapping");
  return false;
}

void YamlReader::check_keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
                            std::string_view what) {
  if (!map.IsMap()) return;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
    bool known = false;
    for (const auto a : allowed) known = known || key == a;
    if (!known) {
      std::string list;
      for (const auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      error(it->first, "unknown key '" + key + "' in " + std::string(what) + " (expected one of: " + list + ")");
    }
  }
}

YAML::Node YamlReader::get(const YAML::Node& map, std::string_view key, bool required, std::string_view what) {
  if (map.IsMap()) {
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
    }
  }
  if (required) error(map, std::string(what) + " needs '" + std::string(key) + "'");
  return YAML::Node(YAML::NodeType::Undefined);
}

std::optional<std::string> YamlReader::string(const YAML::Node& node, std::string_view what) {
  if (!node.IsScalar()) {
    error(node, std::string(what) + " must be a string");
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<std::string> YamlReader::string_at(const YAML::Node& map, std::string_view key, bool required,
                                                 std::string_view what) {
  const YAML::Node n = get(map, key, required, what);
  if (!n.IsDefined()) return std::nullopt;
  if (n.IsNull()) {
    if (required) error(n, std::string(what) + " '" + std::string(key) + "' must not be empty");
    return std::nullopt;
  }
  auto s = string(n, std::string(what) + " '" + std::string(key) + "'");
  if (s && required && trim(*s).empty()) error(n, std::string(what) + " '" + std::string(key) + "' must not be empty");
  return s;
}

std::optional<bool> YamlReader::boolean(const YAML::Node& node, std::string_view what) {
  if (node.IsScalar() && node.Tag() != "!") {
    if (iequals(node.Scalar(), "true")) return true;
    if (iequals(node.Scalar(), "false")) return false;
  }
  error(node, std::string(what) + " must be true or false");
  return std::nullopt;
}

std::optional<long long> YamlReader::integer(const YAML::Node& node, std::string_view what) {
  long long v = 0;
  if (node.IsScalar() && node.Tag() != "!" && parse_int64(node.Scalar(), v)) return v;
  error(node, std::string(what) + " must be an integer");
  return std::nullopt;
}

std::vector<std::string> YamlReader::string_list(const YAML::Node& node, std::string_view what) {
  std::vector<std::string> out;
  if (!node.IsDefined() || node.IsNull()) return out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
    return out;
  }
  if (!node.IsSequence()) {
    error(node, std::string(what) + " must be a list of strings");
    return out;
  }
  for (const auto& item : node) {
    if (auto s = string(item, std::string(what) + " entry")) out.push_back(*s);
  }
  return out;
}

std::optional<model::Scalar> YamlReader::scalar(const YAML::Node& node, std::string_view what) {
  if (node.IsNull()) return model::Scalar{};
  if (!node.IsScalar()) {
    error(node, std::string(what) + " must be a single value");
    return std::nullopt;
  }
  const std::string& text = node.Scalar();
  if (node.Tag() == "!") return model::Scalar{text};  // quoted: always text
  if (iequals(text, "true")) return model::Scalar{true};
  if (iequals(text, "false")) return model::Scalar{false};
  long long v = 0;
  if (parse_int64(text, v)) return model::Scalar{v};
  return model::Scalar{text};
}

std::optional<model::Expectation> YamlReader::expectation(const YAML::Node& node, std::string_view what) {
  using Op = model::Expectation::Op;
  if (!node.IsDefined()) {
    error(node, std::string(what) + " is missing");
    return std::nullopt;
  }
  if (node.IsScalar() || node.IsNull()) {
    auto s = scalar(node, what);
    if (!s) return std::nullopt;
    return model::Expectation{Op::kEquals, {*s}, {}, false};
  }
  if (node.IsSequence()) {
    error(node, std::string(what) + ": a bare list is ambiguous; write {one_of: [...]}, {all: [...]} or {any: [...]}");
    return std::nullopt;
  }
  if (!node.IsMap()) {
    error(node, std::string(what) + " must be a value or a mapping of operators");
    return std::nullopt;
  }
  struct Leaf {
    std::string_view key;
    Op op;
    bool list;
  };
  static constexpr Leaf kLeaves[] = {
      {"equals", Op::kEquals, false},           {"not_equals", Op::kNotEquals, false},
      {"one_of", Op::kOneOf, true},             {"none_of", Op::kNoneOf, true},
      {"at_least", Op::kAtLeast, false},        {"at_most", Op::kAtMost, false},
      {"matches", Op::kMatches, false},         {"not_matches", Op::kNotMatches, false},
      {"contains", Op::kContains, false},       {"not_contains", Op::kNotContains, false},
  };
  bool case_sensitive = false;
  std::vector<model::Expectation> parts;
  bool bad = false;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
    const YAML::Node value = it->second;  // a copy: it->second belongs to a temporary
    const std::string ctx = std::string(what) + " '" + key + "'";
    if (key == "case_sensitive") {
      if (auto b = boolean(value, ctx)) case_sensitive = *b;
      continue;
    }
    if (key == "exists" || key == "absent") {
      const auto b = boolean(value, ctx);
      if (!b) {
        bad = true;
        continue;
      }
      const bool want_present = (key == "exists") == *b;
      parts.push_back(model::Expectation{want_present ? Op::kExists : Op::kAbsent, {}, {}, false});
      continue;
    }
    if (key == "all" || key == "any") {
      if (!value.IsSequence() || value.size() == 0) {
        error(value, ctx + " must be a non-empty list of expectations");
        bad = true;
        continue;
      }
      model::Expectation group{key == "all" ? Op::kAll : Op::kAny, {}, {}, false};
      for (const auto& child : value) {
        if (auto c = expectation(child, ctx)) {
          group.children.push_back(std::move(*c));
        } else {
          bad = true;
        }
      }
      parts.push_back(std::move(group));
      continue;
    }
    if (key == "not") {
      if (auto c = expectation(value, ctx)) {
        parts.push_back(model::Expectation{Op::kNot, {}, {std::move(*c)}, false});
      } else {
        bad = true;
      }
      continue;
    }
    const Leaf* leaf = nullptr;
    for (const auto& l : kLeaves) {
      if (l.key == key) leaf = &l;
    }
    if (leaf == nullptr) {
      error(it->first, "unknown operator '" + key + "' in " + std::string(what) +
                           " (equals, not_equals, one_of, none_of, at_least, at_most, matches, not_matches, "
                           "contains, not_contains, exists, absent, all, any, not, case_sensitive)");
      bad = true;
      continue;
    }
    model::Expectation e{leaf->op, {}, {}, false};
    if (leaf->list) {
      if (!value.IsSequence() || value.size() == 0) {
        error(value, ctx + " must be a non-empty list");
        bad = true;
        continue;
      }
      for (const auto& v : value) {
        if (auto s = scalar(v, ctx)) e.values.push_back(std::move(*s));
      }
    } else if (auto s = scalar(value, ctx)) {
      e.values.push_back(std::move(*s));
    } else {
      bad = true;
      continue;
    }
    if (leaf->op == Op::kAtLeast || leaf->op == Op::kAtMost) {
      if (!std::holds_alternative<long long>(e.values.front().value)) {
        error(value, ctx + " must be an integer");
        bad = true;
        continue;
      }
    }
    if (leaf->op == Op::kMatches || leaf->op == Op::kNotMatches) {
      const std::string pattern = e.values.front().display();
      if (pattern.size() > limits::kMaxPatternLength) {
        error(value, ctx + ": pattern longer than " + std::to_string(limits::kMaxPatternLength) + " characters");
        bad = true;
        continue;
      }
      try {
        std::regex re(pattern, std::regex::ECMAScript);
      } catch (const std::regex_error& ex) {
        error(value, ctx + ": invalid regular expression: " + ex.what());
        bad = true;
        continue;
      }
    }
    parts.push_back(std::move(e));
  }
  if (bad) return std::nullopt;
  if (parts.empty()) {
    error(node, std::string(what) + " has no operator");
    return std::nullopt;
  }
  auto apply_case = [case_sensitive](auto& self, model::Expectation& e) -> void {
    e.case_sensitive = case_sensitive;
    for (auto& c : e.children) self(self, c);
  };
  model::Expectation result = parts.size() == 1 ? std::move(parts.front())
                                                : model::Expectation{Op::kAll, {}, std::move(parts), false};
  apply_case(apply_case, result);
  return result;
}

model::Condition YamlReader::condition(const YAML::Node& node, std::string_view what) {
  model::Condition c;
  if (!node.IsDefined() || node.IsNull()) return c;
  if (!require_map(node, what)) return c;
  check_keys(node, {"roles", "features", "not_features", "iis_installed"}, what);
  const YAML::Node roles = get(node, "roles", false, what);
  if (roles.IsDefined()) {
    const std::vector<std::string> names = string_list(roles, std::string(what) + " roles");
    for (const auto& name : names) {
      if (auto r = model::parse_role(name)) {
        c.roles.push_back(*r);
      } else {
        error(roles, "unknown role '" + name + "' (workstation, member_server, domain_controller)");
      }
    }
    if (names.empty()) error(roles, std::string(what) + " roles must not be empty (omit it to mean every role)");
  }
  c.features = string_list(get(node, "features", false, what), std::string(what) + " features");
  c.not_features = string_list(get(node, "not_features", false, what), std::string(what) + " not_features");
  const YAML::Node iis = get(node, "iis_installed", false, what);
  if (iis.IsDefined()) c.iis_installed = boolean(iis, std::string(what) + " iis_installed");
  return c;
}

bool YamlReader::load(std::string_view yaml, YAML::Node& root) {
  try {
    root = YAML::Load(std::string(yaml));
    return true;
  } catch (const YAML::Exception& e) {
    error_at(SourceLocation(file_, static_cast<std::uint32_t>(e.mark.line + 1), static_cast<std::uint32_t>(e.mark.column + 1)),
             "malformed YAML: " + e.msg);
    return false;
  }
}

void YamlReader::structure_error(const YAML::Exception& e) {
  error_at(SourceLocation(file_, static_cast<std::uint32_t>(e.mark.line + 1), static_cast<std::uint32_t>(e.mark.column + 1)),
           "invalid YAML structure: " + e.msg);
}

}  // namespace temper::content::detail
