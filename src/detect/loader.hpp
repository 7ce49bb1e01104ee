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

/// Load every rule file under each path (directories recursively, files in sorted order) of the kinds
/// asked for; an explicitly named file is taken whatever its extension says (.toml as Elastic, anything
/// else as Sigma). Rules that do not compile are listed in set.unsupported() with file:line and reason,
/// and set.counts() has the per-language figures. Fails with kNotFound when a path does not exist and kIo
/// when a directory cannot be listed.
Result<RuleSet> load_rules(const std::vector<std::filesystem::path>& paths, RuleFileKinds kinds = {});

}  // namespace temper::detect
