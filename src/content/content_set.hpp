// SPDX-License-Identifier: Apache-2.0
// ContentSet: the immutable, validated result of loading content; engines borrow it by const&.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "model/rule.hpp"

namespace temper::content {

/// What a selection knows of the host: its role and OS build pick a benchmark version and its levels.
struct HostContext {
  std::optional<model::Role> role;
  std::string os_build;  ///< "20348"; empty when unknown
};

/// Rules selected for one host. Where a family of benchmark versions was involved, `versions` names the
/// version picked for each family and `note` says how; rules that carry references of other versions
/// of that family are copied into `storage` without them, with the picked version's level, so reports
/// show the number and level of the version judged.
struct Selection {
  std::vector<const model::Rule*> rules;
  std::vector<const model::Benchmark*> versions;
  std::vector<std::string> notes;
  std::deque<model::Rule> storage;  ///< the narrowed copies (stable addresses)
};

class ContentSet {
 public:
  ContentSet() = default;
  ContentSet(std::vector<model::Rule> rules, std::vector<model::Benchmark> benchmarks, std::vector<model::Gap> gaps = {});

  [[nodiscard]] const std::vector<model::Rule>& rules() const { return rules_; }
  [[nodiscard]] const std::vector<model::Benchmark>& benchmarks() const { return benchmarks_; }
  /// Recommendations deliberately not implemented (content `gaps:`), with why.
  [[nodiscard]] const std::vector<model::Gap>& gaps() const { return gaps_; }
  /// Rule by id (exact), or nullptr.
  [[nodiscard]] const model::Rule* find_rule(std::string_view id) const;
  /// Benchmark by id (case-insensitive), or nullptr.
  [[nodiscard]] const model::Benchmark* find_benchmark(std::string_view id) const;
  /// Rules of a benchmark up to a level (CIS levels nest: level 2 includes level 1), in content order.
  /// No benchmark: every rule (up to the level, when given). Fails with kNotFound for an unknown
  /// benchmark and kInvalidArgument for a level the benchmark does not define.
  [[nodiscard]] Result<std::vector<const model::Rule*>> select(const std::string& benchmark,
                                                               std::optional<int> level) const;
  /// As select(), for a host: a family of benchmark versions (`versions:`), named or referred to by a
  /// benchmark's refs, stands for the version whose os_builds hold the host's build; with no benchmark,
  /// every rule except those only other versions of a family carry. Levels are the picked version's
  /// for the host's role (unknown role: the lowest any role has).
  [[nodiscard]] Result<Selection> select_for_host(const std::string& benchmark, std::optional<int> level,
                                                  const HostContext& host) const;
  /// The version of `family` for an OS build (the first listed when the build is unknown or none
  /// matches), or nullptr when `family` lists no versions; `note` says how it was picked.
  [[nodiscard]] const model::Benchmark* pick_version(const model::Benchmark& family, const std::string& os_build,
                                                     std::string* note) const;

 private:
  /// `narrow`: copy rules into the selection's storage without other versions' references.
  [[nodiscard]] Result<Selection> select_impl(const std::string& benchmark, std::optional<int> level,
                                              const HostContext& host, bool narrow) const;
  std::vector<model::Rule> rules_;
  std::vector<model::Benchmark> benchmarks_;
  std::vector<model::Gap> gaps_;
  std::map<std::string, std::size_t, std::less<>> by_id_;
};

}  // namespace temper::content
