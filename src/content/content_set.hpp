// SPDX-License-Identifier: Apache-2.0
// ContentSet: the immutable, validated result of loading content; engines borrow it by const&.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "model/rule.hpp"

namespace temper::content {

class ContentSet {
 public:
  ContentSet() = default;
  ContentSet(std::vector<model::Rule> rules, std::vector<model::Benchmark> benchmarks);

  [[nodiscard]] const std::vector<model::Rule>& rules() const { return rules_; }
  [[nodiscard]] const std::vector<model::Benchmark>& benchmarks() const { return benchmarks_; }
  /// Rule by id (exact), or nullptr.
  [[nodiscard]] const model::Rule* find_rule(std::string_view id) const;
  /// Benchmark by id (case-insensitive), or nullptr.
  [[nodiscard]] const model::Benchmark* find_benchmark(std::string_view id) const;
  /// Rules of a benchmark up to a level (CIS levels nest: level 2 includes level 1), in content order.
  /// No benchmark: every rule (up to the level, when given). Fails with kNotFound for an unknown
  /// benchmark and kInvalidArgument for a level the benchmark does not define.
  [[nodiscard]] Result<std::vector<const model::Rule*>> select(const std::string& benchmark,
                                                               std::optional<int> level) const;

 private:
  std::vector<model::Rule> rules_;
  std::vector<model::Benchmark> benchmarks_;
  std::map<std::string, std::size_t, std::less<>> by_id_;
};

}  // namespace temper::content
