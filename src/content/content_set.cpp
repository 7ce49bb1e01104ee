// SPDX-License-Identifier: Apache-2.0
// Rule lookup and benchmark/profile selection.
#include "content/content_set.hpp"

#include <algorithm>

#include "core/strings.hpp"

namespace temper::content {

ContentSet::ContentSet(std::vector<model::Rule> rules, std::vector<model::Benchmark> benchmarks)
    : rules_(std::move(rules)), benchmarks_(std::move(benchmarks)) {
  for (std::size_t i = 0; i < rules_.size(); ++i) by_id_.emplace(rules_[i].id, i);
}

const model::Rule* ContentSet::find_rule(std::string_view id) const {
  const auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &rules_[it->second];
}

const model::Benchmark* ContentSet::find_benchmark(std::string_view id) const {
  for (const auto& b : benchmarks_) {
    if (iequals(b.id, id)) return &b;
  }
  return nullptr;
}

Result<std::vector<const model::Rule*>> ContentSet::select(const std::string& benchmark,
                                                           std::optional<int> level) const {
  std::vector<const model::Rule*> out;
  if (level && *level != 1 && *level != 2) return fail(ErrorCode::kInvalidArgument, "level must be 1 or 2");
  if (benchmark.empty()) {
    for (const auto& r : rules_) {
      if (!level || r.level <= *level) out.push_back(&r);
    }
    return out;
  }
  const model::Benchmark* b = find_benchmark(benchmark);
  if (b == nullptr) {
    std::string known;
    for (const auto& x : benchmarks_) known += (known.empty() ? "" : ", ") + x.id;
    return fail(ErrorCode::kNotFound, "unknown benchmark '" + benchmark + "' (known: " + known + ")");
  }
  if (level && std::find(b->levels.begin(), b->levels.end(), *level) == b->levels.end()) {
    return fail(ErrorCode::kInvalidArgument,
                "benchmark '" + b->id + "' has no level " + std::to_string(*level));
  }
  for (const auto& r : rules_) {
    const bool by_ref = std::any_of(b->refs.begin(), b->refs.end(), [&](const std::string& ref) {
      return std::any_of(r.refs.begin(), r.refs.end(), [&](const auto& kv) { return iequals(kv.first, ref); });
    });
    const bool included = std::any_of(b->include.begin(), b->include.end(),
                                      [&](const std::string& p) { return glob_match(p, r.id); });
    const bool excluded = std::any_of(b->exclude.begin(), b->exclude.end(),
                                      [&](const std::string& p) { return glob_match(p, r.id); });
    const bool role_ok = b->roles.empty() || r.applies_to.roles.empty() ||
                         std::any_of(b->roles.begin(), b->roles.end(), [&](model::Role role) {
                           return std::find(r.applies_to.roles.begin(), r.applies_to.roles.end(), role) != r.applies_to.roles.end();
                         });
    if ((by_ref || included) && !excluded && role_ok && (!level || r.level <= *level)) out.push_back(&r);
  }
  return out;
}

}  // namespace temper::content
