// SPDX-License-Identifier: Apache-2.0
// Sigma correlation YAML -> CorrelationRule: type, rules, group-by, timespan, condition (as an inclusive
// count range), aliases (per referenced rule field names) and generate. References are resolved against
// the loaded base rules once every file is compiled (RuleSet::resolve_correlations).
#include <algorithm>
#include <charconv>
#include <limits>
#include <map>

#include "core/strings.hpp"
#include "detect/correlation.hpp"
#include "detect/detail/compile.hpp"
#include "detect/detail/correlation_compile.hpp"

namespace temper::detect::detail {
namespace {

constexpr std::uint64_t kTicksPerSecond = 10'000'000;
/// The largest count a condition may require: the Correlator keeps at most this many hits per group.
constexpr std::uint64_t kMaxThreshold = CorrelationLimits{}.max_entries_per_group;


Result<std::vector<std::string>> scalar_list(const YAML::Node& node, std::string_view what) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
    return out;
  }
  if (!node.IsSequence()) return fail(ErrorCode::kContent, std::string(what) + " must be a name or a list of names");
  for (const auto& n : node) {
    if (!n.IsScalar()) return fail(ErrorCode::kContent, std::string(what) + " must be a list of names");
    out.push_back(n.Scalar());
  }
  return out;
}

// "30s", "5m", "1h", "7d", "1w" -> ticks.
Result<std::uint64_t> parse_timespan(std::string_view text) {
  text = trim(text);
  std::uint64_t n = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || ptr == text.data() || n == 0 || ptr + 1 != text.data() + text.size()) {
    return fail(ErrorCode::kContent, "timespan '" + std::string(text) + "' is not a positive number with a unit (s, m, h, d, w)");
  }
  std::uint64_t unit = 0;
  switch (*ptr) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    case 'w': unit = 7 * 86400; break;
    default:
      return fail(ErrorCode::kContent, "timespan '" + std::string(text) + "' has an unknown unit (s, m, h, d, w)");
  }
  if (n > 366ull * 86400 / unit) return fail(ErrorCode::kContent, "timespan '" + std::string(text) + "' is over a year");
  return n * unit * kTicksPerSecond;
}

// gt/gte/lt/lte/eq (several of them form a range) -> [min, max]; value_count's `field` is read too.
Result<void> parse_condition(const YAML::Node& cond, CorrelationRule& c) {
  if (!cond.IsMap()) return fail(ErrorCode::kContent, "condition must be a mapping such as {gte: 10}");
  bool any = false;
  for (const auto& kv : cond) {
    const std::string key = kv.first.Scalar();
    if (key == "field") {
      if (!kv.second.IsScalar()) return fail(ErrorCode::kContent, "condition field must be a field name");
      c.value_field_name = kv.second.Scalar();
      continue;
    }
    std::uint64_t n = 0;
    const std::string v = kv.second.IsScalar() ? kv.second.Scalar() : std::string();
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (v.empty() || ec != std::errc() || ptr != v.data() + v.size()) {
      return fail(ErrorCode::kContent, "condition " + key + " needs a whole number, not '" + v + "'");
    }
    any = true;
    if (key == "gt") {
      c.min_count = std::max(c.min_count, n + 1);
    } else if (key == "gte") {
      c.min_count = std::max(c.min_count, n);
    } else if (key == "lt") {
      if (n == 0) return fail(ErrorCode::kContent, "condition lt: 0 can never hold");
      c.max_count = std::min(c.max_count, n - 1);
    } else if (key == "lte") {
      c.max_count = std::min(c.max_count, n);
    } else if (key == "eq") {
      c.min_count = std::max(c.min_count, n);
      c.max_count = std::min(c.max_count, n);
    } else {
      return fail(ErrorCode::kUnsupported, "condition operator '" + key + "' (gt, gte, lt, lte, eq)");
    }
  }
  if (!any) return fail(ErrorCode::kContent, "condition has no gt/gte/lt/lte/eq");
  if (c.min_count > c.max_count) return fail(ErrorCode::kContent, "condition range is empty");
  if (c.min_count > kMaxThreshold) {
    return fail(ErrorCode::kUnsupported, "condition needs more than " + std::to_string(kMaxThreshold) +
                                             " hits per group (the correlator's bound)");
  }
  return {};
}

Result<CorrelationType> parse_type(std::string_view t) {
  if (t == "event_count") return CorrelationType::kEventCount;
  if (t == "value_count") return CorrelationType::kValueCount;
  if (t == "temporal") return CorrelationType::kTemporal;
  if (t == "temporal_ordered") return CorrelationType::kTemporalOrdered;
  return fail(ErrorCode::kUnsupported, "correlation type '" + std::string(t) +
                                           "' (event_count, value_count, temporal, temporal_ordered)");
}

// alias name -> (rule reference -> field name).
Result<std::map<std::string, std::map<std::string, std::string>>> parse_aliases(const YAML::Node& node) {
  std::map<std::string, std::map<std::string, std::string>> out;
  if (!node) return out;
  if (!node.IsMap()) return fail(ErrorCode::kContent, "aliases must map alias names to {rule: field}");
  for (const auto& alias : node) {
    if (!alias.second.IsMap()) return fail(ErrorCode::kContent, "alias '" + alias.first.Scalar() + "' must map rules to fields");
    for (const auto& kv : alias.second) {
      if (!kv.second.IsScalar()) return fail(ErrorCode::kContent, "alias '" + alias.first.Scalar() + "' has a non-text field");
      out[alias.first.Scalar()][kv.first.Scalar()] = kv.second.Scalar();
    }
  }
  return out;
}

Result<void> compile_body(const YAML::Node& body, RuleSet& set, CorrelationRule& c) {
  if (!body.IsMap()) return fail(ErrorCode::kContent, "correlation must be a mapping");
  const YAML::Node type = body["type"];
  if (!type || !type.IsScalar()) return fail(ErrorCode::kContent, "correlation has no type");
  TEMPER_ASSIGN_OR_RETURN(c.type, parse_type(type.Scalar()));
  if (c.type == CorrelationType::kTemporal && body["ordered"] && body["ordered"].IsScalar() &&
      iequals(body["ordered"].Scalar(), "true")) {
    c.type = CorrelationType::kTemporalOrdered;
  }
  const YAML::Node rules = body["rules"];
  if (!rules) return fail(ErrorCode::kContent, "correlation has no rules");
  TEMPER_ASSIGN_OR_RETURN(c.refs, scalar_list(rules, "rules"));
  if (c.refs.empty()) return fail(ErrorCode::kContent, "correlation rules list is empty");
  if (const YAML::Node g = body["group-by"]) {
    TEMPER_ASSIGN_OR_RETURN(c.group_by, scalar_list(g, "group-by"));
  }
  const YAML::Node span = body["timespan"];
  if (!span || !span.IsScalar()) return fail(ErrorCode::kContent, "correlation has no timespan");
  TEMPER_ASSIGN_OR_RETURN(c.timespan_ticks, parse_timespan(span.Scalar()));
  const YAML::Node cond = body["condition"];
  const bool counting = c.type == CorrelationType::kEventCount || c.type == CorrelationType::kValueCount;
  if (counting && !cond) return fail(ErrorCode::kContent, std::string(correlation_type_name(c.type)) + " needs a condition");
  if (cond) {
    TEMPER_RETURN_IF_ERROR(parse_condition(cond, c));
  } else {
    c.min_count = c.refs.size();  // temporal: every referenced rule
  }
  if (c.type == CorrelationType::kValueCount && c.value_field_name.empty()) {
    return fail(ErrorCode::kContent, "value_count needs condition.field");
  }
  if (c.type == CorrelationType::kTemporalOrdered) c.min_count = c.max_count = c.refs.size();
  if (const YAML::Node gen = body["generate"]) c.generate = gen.IsScalar() && iequals(gen.Scalar(), "true");
  TEMPER_ASSIGN_OR_RETURN(const auto aliases, parse_aliases(body["aliases"]));
  // The name a referenced rule's events give the field; the names its renamed variants (Security 4688,
  // ECS) use are bound too, for the Correlator to read through them (Correlator::Correlator).
  auto field_for = [&](const std::string& name, const std::string& ref) {
    const auto a = aliases.find(name);
    const std::string& field = a == aliases.end() || !a->second.contains(ref) ? name : a->second.at(ref);
    for (const std::string_view target : rename_targets(field)) set.bind_field(target);
    return set.bind_field(field);
  };
  for (const auto& ref : c.refs) {
    std::vector<FieldId> fields;
    for (const auto& g : c.group_by) fields.push_back(field_for(g, ref));
    c.group_fields.push_back(std::move(fields));
    if (c.type == CorrelationType::kValueCount) c.value_fields.push_back(field_for(c.value_field_name, ref));
  }
  return {};
}

}  // namespace

void compile_correlation(const YAML::Node& doc, std::string_view file, std::size_t first_line,
                         std::shared_ptr<const RuleInfo> info, Level level, RuleSet& set) {
  const YAML::Node body = doc["correlation"];
  CorrelationRule c;
  c.title = doc["title"] && doc["title"].IsScalar() ? doc["title"].Scalar() : std::string();
  c.id = doc["id"] && doc["id"].IsScalar() ? doc["id"].Scalar() : std::string(file);
  c.name = doc["name"] && doc["name"].IsScalar() ? doc["name"].Scalar() : std::string();
  c.file = std::string(file) + ":" + std::to_string(first_line + static_cast<std::size_t>(std::max(body.Mark().line, 0)) + 1);
  c.level = level;
  c.info = std::move(info);
  if (auto ok = compile_body(body, set, c); !ok) {
    set.add_unsupported(Unsupported{c.file, c.title, "correlation: " + ok.error().message});
    return;
  }
  set.add_correlation(std::move(c));
}

}  // namespace temper::detect::detail
