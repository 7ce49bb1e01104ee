// SPDX-License-Identifier: Apache-2.0
// detect::load_rules: every rule file under the given paths, Sigma (.yml/.yaml) and Elastic (.toml),
// compiled into one RuleSet so one pass over the events runs both languages.
#pragma once

#include <filesystem>
#include <vector>

#include "core/error.hpp"
#include "detect/rule_set.hpp"

namespace temper::detect {

/// Which rule files a load takes.
struct RuleFileKinds {
  bool sigma = true;    ///< .yml, .yaml
  bool elastic = true;  ///< .toml
};

/// Whether a file named `name` (no folder) found in a rule folder is a rule file of `kinds`: .yml/.yaml for
/// Sigma, .toml for Elastic, any case.
bool is_rule_file_name(std::string_view name, RuleFileKinds kinds = {});

/// The rule files load_rules() reads, in the order it reads them: every file of the kinds asked for under
/// each path (directories recursively), and each explicitly named file whatever its extension, all sorted.
/// Fails with kNotFound when a path does not exist and kIo when a directory cannot be listed.
Result<std::vector<std::filesystem::path>> list_rule_files(const std::vector<std::filesystem::path>& paths,
                                                           RuleFileKinds kinds = {});

/// Compile `files` in order (as list_rule_files() gives them): .toml as Elastic, anything else as Sigma;
/// then resolve the correlations (RuleSet::resolve_correlations). Rules that do not compile, and files
/// that are too big or cannot be read, are listed in set.unsupported() with file:line and reason;
/// set.counts() has the per-language figures. Never fails.
RuleSet load_rule_files(const std::vector<std::filesystem::path>& files);

/// list_rule_files() then load_rule_files(); fails as list_rule_files() does.
Result<RuleSet> load_rules(const std::vector<std::filesystem::path>& paths, RuleFileKinds kinds = {});

}  // namespace temper::detect
