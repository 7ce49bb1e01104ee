// SPDX-License-Identifier: Apache-2.0
// Sigma YAML -> CompiledRules: reads title/id/level/logsource/detection, compiles each selection
// (maps AND their fields, lists OR their items, lists of plain values are keywords) and the condition,
// once for each event scope of the logsource (modifiers.cpp, condition.cpp, logsource.cpp).
#include "detect/sigma.hpp"

#include <algorithm>
#include <yaml-cpp/yaml.h>

#include "core/file.hpp"
#include "core/strings.hpp"
#include "detect/detail/compile.hpp"
#include "detect/detail/correlation_compile.hpp"

namespace temper::detect {
namespace {

constexpr std::uint64_t kMaxRuleBytes = 1024 * 1024;

/// Where a document of a rule file starts: yaml-cpp counts lines from the document, messages from the file.
struct DocPlace {
  std::string_view file;
  std::size_t first_line = 0;  ///< 0-based line of the document in the file
};

std::string where(const DocPlace& place, int line) {
  return std::string(place.file) + ":" + std::to_string(place.first_line + static_cast<std::size_t>(std::max(line, 0)) + 1);
}

std::string where(const DocPlace& place, const YAML::Node& node) { return where(place, node.Mark().line); }

std::string scalar_or_empty(const YAML::Node& map, const char* key) {
  const YAML::Node n = map[key];
  return n && n.IsScalar() ? n.Scalar() : std::string();
}

std::vector<std::string> scalars_of(const YAML::Node& map, const char* key) {
  std::vector<std::string> out;
  const YAML::Node n = map[key];
  if (n && n.IsScalar()) out.push_back(n.Scalar());
  if (n && n.IsSequence()) {
    for (const auto& v : n) {
      if (v.IsScalar()) out.push_back(v.Scalar());
    }
  }
  return out;
}

// What an alert carries: description, tags, references and the triage text (temper's own `triage`
// field, else the rule's false positives as a list).
std::shared_ptr<const RuleInfo> rule_info(const YAML::Node& doc) {
  auto info = std::make_shared<RuleInfo>();
  info->language = RuleLanguage::kSigma;
  info->description = scalar_or_empty(doc, "description");
  info->tags = scalars_of(doc, "tags");
  info->references = scalars_of(doc, "references");
  info->name = scalar_or_empty(doc, "name");
  info->triage = scalar_or_empty(doc, "triage");
  if (info->triage.empty()) {
    for (const auto& fp : scalars_of(doc, "falsepositives")) {
      if (!info->triage.empty()) info->triage += '\n';
      info->triage += "False positive: " + fp;
    }
  }
  return info;
}

Level parse_level(std::string_view s) {
  if (iequals(s, "informational")) return Level::kInformational;
  if (iequals(s, "low")) return Level::kLow;
  if (iequals(s, "high")) return Level::kHigh;
  if (iequals(s, "critical")) return Level::kCritical;
  return Level::kMedium;
}

Result<std::vector<std::optional<std::string>>> values_of(const YAML::Node& node) {
  std::vector<std::optional<std::string>> out;
  auto one = [&out](const YAML::Node& v) -> bool {
    if (v.IsNull()) {
      out.emplace_back(std::nullopt);
      return true;
    }
    if (!v.IsScalar()) return false;
    out.emplace_back(v.Scalar());
    return true;
  };
  if (node.IsSequence()) {
    for (const auto& v : node) {
      if (!one(v)) return fail(ErrorCode::kUnsupported, "nested list or map as a field value");
    }
    if (out.empty()) return fail(ErrorCode::kUnsupported, "empty value list");
    return out;
  }
  if (!one(node)) return fail(ErrorCode::kUnsupported, "map as a field value");
  return out;
}

Result<std::uint32_t> compile_map(const YAML::Node& map, const detail::ScopeVariant& variant, RuleSet& set,
                                  CompiledRule& rule) {
  std::vector<std::uint32_t> parts;
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) return fail(ErrorCode::kUnsupported, "selection key is not text");
    auto values = values_of(kv.second);
    if (!values) return std::unexpected(values.error());
    auto node = detail::compile_field(kv.first.Scalar(), *values, variant, set, rule);
    if (!node) return node;
    parts.push_back(*node);
  }
  if (parts.empty()) return fail(ErrorCode::kUnsupported, "empty selection");
  return parts.size() == 1 ? parts[0] : detail::add_node(rule, Node::Kind::kAnd, std::move(parts));
}

Result<std::uint32_t> compile_selection(const YAML::Node& sel, const detail::ScopeVariant& variant, RuleSet& set,
                                        CompiledRule& rule) {
  if (sel.IsMap()) return compile_map(sel, variant, set, rule);
  if (sel.IsScalar()) return detail::compile_keywords({sel.Scalar()}, rule);
  if (!sel.IsSequence() || sel.size() == 0) return fail(ErrorCode::kUnsupported, "selection is neither a map nor a list");
  const bool maps = std::all_of(sel.begin(), sel.end(), [](const YAML::Node& n) { return n.IsMap(); });
  const bool scalars = std::all_of(sel.begin(), sel.end(), [](const YAML::Node& n) { return n.IsScalar(); });
  if (scalars) {
    std::vector<std::string> words;
    for (const auto& n : sel) words.push_back(n.Scalar());
    return detail::compile_keywords(words, rule);
  }
  if (!maps) return fail(ErrorCode::kUnsupported, "selection list mixes maps and plain values");
  std::vector<std::uint32_t> parts;
  for (const auto& m : sel) {
    auto node = compile_map(m, variant, set, rule);
    if (!node) return node;
    parts.push_back(*node);
  }
  return parts.size() == 1 ? parts[0] : detail::add_node(rule, Node::Kind::kOr, std::move(parts));
}

// One rule for one scope; errors carry the reason (and kUnsupported vs kContent).
Result<CompiledRule> compile_variant(const YAML::Node& doc, const detail::ScopeVariant& variant, RuleSet& set,
                                     CompiledRule rule) {
  const YAML::Node detection = doc["detection"];
  rule.scope = variant.scope;
  std::vector<std::pair<std::string, std::uint32_t>> selections;
  std::vector<std::string> conditions;
  for (const auto& kv : detection) {
    const std::string key = kv.first.Scalar();
    if (key == "condition") {
      if (kv.second.IsSequence()) {
        for (const auto& c : kv.second) conditions.push_back(c.Scalar());
      } else {
        conditions.push_back(kv.second.Scalar());
      }
      continue;
    }
    if (key == "timeframe") continue;
    auto node = compile_selection(kv.second, variant, set, rule);
    if (!node) return fail(node.error().code, "selection '" + key + "': " + node.error().message);
    selections.emplace_back(key, *node);
  }
  if (conditions.empty()) return fail(ErrorCode::kContent, "detection has no condition");
  std::vector<std::uint32_t> roots;
  for (const auto& c : conditions) {
    auto root = detail::compile_condition(c, selections, rule);
    if (!root) return std::unexpected(root.error());
    roots.push_back(*root);
  }
  rule.root = roots.size() == 1 ? roots[0] : detail::add_node(rule, Node::Kind::kOr, std::move(roots));
  for (const auto& p : rule.predicates) {
    if (p.field != kAnyField && std::find(rule.fields.begin(), rule.fields.end(), p.field) == rule.fields.end()) {
      rule.fields.push_back(p.field);
    }
  }
  return rule;
}

void compile_document(const YAML::Node& doc, const DocPlace& place, RuleSet& set) {
  const std::string_view file = place.file;
  Unsupported problem{std::string(file), {}, {}};
  if (!doc.IsMap()) {
    problem.reason = "not a Sigma rule (the document is not a mapping)";
    set.add_unsupported(std::move(problem));
    return;
  }
  problem.title = scalar_or_empty(doc, "title");
  if (doc["correlation"]) {
    detail::compile_correlation(doc, file, place.first_line, rule_info(doc), parse_level(scalar_or_empty(doc, "level")),
                                set);
    return;
  }
  const YAML::Node detection = doc["detection"];
  if (!detection || !detection.IsMap()) {
    problem.reason = "no detection mapping";
    set.add_unsupported(std::move(problem));
    return;
  }
  const YAML::Node logsource = doc["logsource"];
  if (!logsource || !logsource.IsMap()) {
    problem.reason = "no logsource mapping";
    set.add_unsupported(std::move(problem));
    return;
  }
  auto variants = detail::map_logsource(scalar_or_empty(logsource, "product"), scalar_or_empty(logsource, "category"),
                                        scalar_or_empty(logsource, "service"));
  if (!variants) {
    problem.file = where(place, logsource);
    problem.reason = variants.error().message;
    set.add_unsupported(std::move(problem));
    return;
  }
  CompiledRule base;
  base.id = scalar_or_empty(doc, "id");
  if (base.id.empty()) base.id = std::string(file);
  base.title = problem.title;
  base.file = std::string(file);
  base.level = parse_level(scalar_or_empty(doc, "level"));
  base.info = rule_info(doc);
  std::vector<CompiledRule> compiled;
  for (const auto& v : *variants) {
    auto rule = compile_variant(doc, v, set, base);
    if (!rule) {
      problem.file = where(place, detection);
      problem.reason = rule.error().message;
      set.add_unsupported(std::move(problem));
      return;
    }
    compiled.push_back(std::move(*rule));
  }
  for (auto& r : compiled) set.add_rule(std::move(r));
  set.count_compiled_source();
}

// Documents in a YAML stream: parts separated by a `---` (or ended by a `...`) line that hold anything
// but blanks and comments. yaml-cpp's LoadAll never returns on some inputs (a lone ","), so the stream
// is split here and each document parsed with Load.
struct DocText {
  std::size_t first_line = 0;
  std::string_view text;
};

std::vector<DocText> split_documents(std::string_view text) {
  std::vector<DocText> docs;
  bool content = false;
  std::size_t begin = 0, first_line = 0, line_no = 0;
  auto close = [&](std::size_t end) {
    if (content) docs.push_back(DocText{first_line, text.substr(begin, end - begin)});
  };
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    const std::string_view line = text.substr(pos, end - pos);
    const bool marker = (line.starts_with("---") || line.starts_with("...")) &&
                        (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r');
    if (marker) {
      close(pos);
      // Content after "--- " on the marker line itself starts the next document.
      const std::string_view rest = trim(line.substr(3));
      content = line.starts_with("---") && !rest.empty() && rest.front() != '#';
      begin = content ? pos + 3 : end + 1;
      first_line = content ? line_no : line_no + 1;
    } else {
      const std::string_view t = trim(line);
      if (!t.empty() && t.front() != '#') content = true;
    }
    pos = end + 1;
    ++line_no;
  }
  close(text.size());
  return docs;
}

/// Documents one rule file may hold.
constexpr std::size_t kMaxDocuments = 1000;

}  // namespace

void compile_sigma(std::string_view text, std::string_view file, RuleSet& set) {
  const auto parts = split_documents(text);
  if (parts.empty() || parts.size() > kMaxDocuments) {
    set.add_unsupported(Unsupported{std::string(file), {}, parts.empty() ? "empty file" : "more than 1000 YAML documents"});
    return;
  }
  std::vector<YAML::Node> docs;
  for (const auto& part : parts) {
    try {
      docs.push_back(YAML::Load(std::string(part.text)));
    } catch (const YAML::Exception& e) {
      set.add_unsupported(Unsupported{where(DocPlace{file, part.first_line}, e.mark.line), {}, "not YAML: " + e.msg});
      return;
    }
  }
  // Sigma v1 collections (a global/repeat document merged into the others) are not Sigma v2; a v2 file
  // holds independent documents (rules and the correlations over them).
  if (docs.size() > 1 && std::any_of(docs.begin(), docs.end(), [](const YAML::Node& d) { return d.IsMap() && d["action"]; })) {
    set.add_unsupported(Unsupported{std::string(file), {}, "multi-document rule (action: global/repeat)"});
    return;
  }
  for (std::size_t i = 0; i < docs.size(); ++i) {
    const DocPlace place{file, parts[i].first_line};
    try {
      compile_document(docs[i], place, set);
    } catch (const YAML::Exception& e) {  // a scalar read on a node of another type
      set.add_unsupported(Unsupported{where(place, e.mark.line), {}, "invalid rule structure: " + e.msg});
    }
  }
}

Result<RuleSet> load_sigma(const std::vector<std::filesystem::path>& paths) {
  std::vector<std::filesystem::path> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p, ec)) {
        const auto ext = to_lower(e.path().extension().string());
        if (e.is_regular_file() && (ext == ".yml" || ext == ".yaml")) files.push_back(e.path());
      }
      if (ec) return fail(ErrorCode::kIo, "cannot list " + p.string() + ": " + ec.message());
    } else if (std::filesystem::exists(p, ec)) {
      files.push_back(p);
    } else {
      return fail(ErrorCode::kNotFound, "no such rule file or directory: " + p.string());
    }
  }
  std::sort(files.begin(), files.end());
  RuleSet set;
  for (const auto& f : files) {
    std::error_code ec;
    if (std::filesystem::file_size(f, ec) > kMaxRuleBytes && !ec) {
      set.add_unsupported(Unsupported{f.string(), {}, "larger than 1 MiB"});
      continue;
    }
    auto text = read_file(f);
    if (!text) {
      set.add_unsupported(Unsupported{f.string(), {}, "cannot read: " + text.error().message});
      continue;
    }
    compile_sigma(*text, f.string(), set);
  }
  set.resolve_correlations();
  return set;
}

}  // namespace temper::detect
