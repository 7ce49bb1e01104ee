// SPDX-License-Identifier: Apache-2.0
// detect::RuleSet storage: interned field names and compiled regexes.
#include "detect/rule_set.hpp"

#include <algorithm>
#include <mutex>
#include <unordered_set>

#include "detect/correlation.hpp"
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

void RuleSet::adopt_prefilter(std::unique_ptr<Prefilter> prefilter) {
  prefilter_ = std::make_unique<LazyPrefilter>();
  if (!prefilter) return;
  std::call_once(prefilter_->once, [&] { prefilter_->prefilter = std::move(prefilter); });
}

FieldId RuleSet::find_field(std::string_view name) const {
  const auto it = field_index_.find(std::string(name));
  return it == field_index_.end() ? kAnyField : it->second;
}

Result<std::uint32_t> RuleSet::add_regex(std::string_view pattern, bool case_insensitive, bool multi_line, bool dot_all) {
  auto rx = Regex::compile(pattern, case_insensitive, multi_line, dot_all);
  if (!rx) return std::unexpected(rx.error());
  regexes_.push_back(std::move(*rx));
  return static_cast<std::uint32_t>(regexes_.size() - 1);
}

void RuleSet::add_correlation(CorrelationRule rule) {
  if (!rule.info) rule.info = std::make_shared<const RuleInfo>();
  correlations_.push_back(std::move(rule));
  ++compiled_sources_;
}

std::size_t RuleSet::retain(const std::function<bool(const CompiledRule&)>& keep_rule,
                           const std::function<bool(const CorrelationRule&)>& keep_correlation) {
  std::unordered_set<std::string> dropped;
  std::vector<CompiledRule> rules;
  for (auto& r : rules_) {
    if (keep_rule(r)) {
      rules.push_back(std::move(r));
    } else {
      dropped.insert(r.file + "\n" + r.id);
    }
  }
  rules_ = std::move(rules);
  prefilter_ = std::make_unique<LazyPrefilter>();  // rule indexes changed
  const std::size_t before = correlations_.size();
  std::erase_if(correlations_, [&](const CorrelationRule& c) { return !keep_correlation(c); });
  const std::size_t count = dropped.size() + (before - correlations_.size());
  compiled_sources_ -= std::min(compiled_sources_, count);
  return count;
}

void RuleSet::resolve_correlations() {
  std::unordered_set<std::string> names;
  for (const auto& r : rules_) {
    names.insert(r.id);
    if (!r.info->name.empty()) names.insert(r.info->name);
  }
  std::unordered_set<std::string> correlation_names;
  for (const auto& c : correlations_) {
    correlation_names.insert(c.id);
    if (!c.name.empty()) correlation_names.insert(c.name);
  }
  std::vector<CorrelationRule> kept;
  for (auto& c : correlations_) {
    std::string missing;
    for (const auto& ref : c.refs) {
      if (names.contains(ref)) continue;
      missing = correlation_names.contains(ref) ? "correlation: rule '" + ref + "' is a correlation (chained correlations are not supported)"
                                                : "correlation: rule '" + ref + "' is not loaded or did not compile";
      break;
    }
    if (missing.empty()) {
      kept.push_back(std::move(c));
    } else {
      unsupported_.push_back(Unsupported{c.file, c.title, std::move(missing)});
      --compiled_sources_;
    }
  }
  correlations_ = std::move(kept);
}

}  // namespace temper::detect
