// SPDX-License-Identifier: Apache-2.0
// Display forms and type names of content values.
#include "model/rule.hpp"

#include <algorithm>
#include <type_traits>

#include "core/strings.hpp"

namespace temper::model {

std::string Scalar::display() const {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return "(none)";
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, long long>) {
          return std::to_string(v);
        } else {
          return v;
        }
      },
      value);
}

namespace {
std::string list(const std::vector<Scalar>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i != 0) out += ", ";
    out += values[i].display();
  }
  return out + "]";
}
std::string first(const std::vector<Scalar>& values) { return values.empty() ? "(none)" : values.front().display(); }
}  // namespace

std::string Expectation::display() const {
  switch (op) {
    case Op::kEquals: return first(values);
    case Op::kNotEquals: return "not " + first(values);
    case Op::kOneOf: return "one of " + list(values);
    case Op::kNoneOf: return "none of " + list(values);
    case Op::kAtLeast: return ">= " + first(values);
    case Op::kAtMost: return "<= " + first(values);
    case Op::kMatches: return "matches /" + first(values) + "/";
    case Op::kNotMatches: return "does not match /" + first(values) + "/";
    case Op::kContains: return "contains " + first(values);
    case Op::kNotContains: return "does not contain " + first(values);
    case Op::kExists: return "present";
    case Op::kAbsent: return "absent";
    case Op::kAll:
    case Op::kAny: {
      std::string out;
      for (std::size_t i = 0; i < children.size(); ++i) {
        if (i != 0) out += op == Op::kAll ? " and " : " or ";
        const bool nested = children[i].op == Op::kAll || children[i].op == Op::kAny;
        out += nested ? "(" + children[i].display() + ")" : children[i].display();
      }
      return out;
    }
    case Op::kNot: return "not (" + (children.empty() ? std::string() : children.front().display()) + ")";
  }
  return "?";
}

std::optional<std::string> Ref::for_role(std::optional<Role> role) const {
  if (role) {
    const auto it = by_role.find(*role);
    if (it != by_role.end()) return it->second;
    if (!id.empty()) return id;
    return std::nullopt;
  }
  if (!id.empty()) return id;
  if (by_role.empty()) return std::nullopt;
  return display();
}

int Ref::level_for(int rule_level, std::optional<Role> role) const {
  const int own = level.value_or(rule_level);
  if (role) {
    const auto it = level_by_role.find(*role);
    return it != level_by_role.end() ? it->second : own;
  }
  int lowest = own;
  for (const auto& [r, l] : level_by_role) lowest = std::min(lowest, l);
  return lowest;
}

int Rule::level_in(std::string_view ref_key, std::optional<Role> role) const {
  for (const auto& [key, ref] : refs) {
    if (iequals(key, ref_key)) return ref.level_for(level, role);
  }
  return level;
}

std::string Ref::display() const {
  std::string out = id;
  for (const auto& [role, number] : by_role) {
    if (!out.empty()) out += ", ";
    out += number + " (" + std::string(role_name(role)) + ")";
  }
  return out;
}

std::string_view check_type_name(const Check& check) {
  constexpr std::string_view kNames[] = {"user_right", "registry",        "service",  "audit_policy", "iis_config",
                                         "feature",    "security_option", "iis_site", "iis_app_pool", "all"};
  return kNames[check.index()];
}

std::string_view fix_type_name(const Fix& fix) {
  constexpr std::string_view kNames[] = {"user_right", "registry", "service", "audit_policy",
                                         "iis_config", "feature", "security_option", "manual"};
  return kNames[fix.index()];
}

}  // namespace temper::model
