// SPDX-License-Identifier: Apache-2.0
// detect::RuleSet storage: interned field names and compiled regexes.
#include "detect/rule_set.hpp"

#include <algorithm>
#include <mutex>

#include "detect/prefilter.hpp"
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

struct RuleSet::LazyPrefilter {
  std::once_flag once;
  std::unique_ptr<Prefilter> prefilter;
};

RuleSet::RuleSet() : prefilter_(std::make_unique<LazyPrefilter>()) {}
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

void RuleSet::add_rule(CompiledRule rule) {
  if (!rule.info) rule.info = std::make_shared<const RuleInfo>();
  rules_.push_back(std::move(rule));
  prefilter_ = std::make_unique<LazyPrefilter>();
}

const Prefilter* RuleSet::prefilter() const {
  std::call_once(prefilter_->once, [this] { prefilter_->prefilter = Prefilter::build(*this); });
  return prefilter_->prefilter.get();
}

Result<std::uint32_t> RuleSet::add_regex(std::string_view pattern, bool case_insensitive, bool multi_line, bool dot_all) {
  auto rx = Regex::compile(pattern, case_insensitive, multi_line, dot_all);
  if (!rx) return std::unexpected(rx.error());
  regexes_.push_back(std::move(*rx));
  return static_cast<std::uint32_t>(regexes_.size() - 1);
}

}  // namespace temper::detect
