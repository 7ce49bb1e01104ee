// SPDX-License-Identifier: Apache-2.0
// detect::RuleSet storage: interned field names and compiled regexes.
#include "detect/rule_set.hpp"

#include <algorithm>

#include "detect/regex.hpp"

namespace temper::detect {

std::string_view level_name(Level level) {
  switch (level) {
    case Level::kInformational: return "informational";
    case Level::kLow: return "low";
    case Level::kMedium: return "medium";
    case Level::kHigh: return "high";
    case Level::kCritical: return "critical";
  }
  return "medium";
}

RuleSet::RuleSet() = default;
RuleSet::~RuleSet() = default;
RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;

FieldId RuleSet::bind_field(std::string_view name) {
  std::string key(name);
  const auto it = field_index_.find(key);
  if (it != field_index_.end()) return it->second;
  const auto id = static_cast<FieldId>(field_names_.size());
  field_names_.push_back(key);
  field_index_.emplace(std::move(key), id);
  return id;
}

Result<std::uint32_t> RuleSet::add_regex(std::string_view pattern, bool case_insensitive, bool multi_line, bool dot_all) {
  auto rx = Regex::compile(pattern, case_insensitive, multi_line, dot_all);
  if (!rx) return std::unexpected(rx.error());
  regexes_.push_back(std::move(*rx));
  return static_cast<std::uint32_t>(regexes_.size() - 1);
}

}  // namespace temper::detect
