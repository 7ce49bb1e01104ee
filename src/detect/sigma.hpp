// SPDX-License-Identifier: Apache-2.0
// The Sigma loader: SigmaHQ YAML rules -> detect::RuleSet (docs/detect.md lists what compiles).
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "detect/rule_set.hpp"

namespace temper::detect {

/// Compile the Sigma rule in `text` (from `file`, used in messages) into `set`. A rule that cannot be
/// compiled (not YAML, a missing detection, an unsupported modifier or logsource...) is recorded in
/// set.unsupported() with its file:line and a precise reason; nothing is thrown and nothing fails.
void compile_sigma(std::string_view text, std::string_view file, RuleSet& set);

/// Load every .yml/.yaml file under each path (directories recursively, in sorted order). Fails with
/// kNotFound when a path does not exist and kIo when a file cannot be read.
Result<RuleSet> load_sigma(const std::vector<std::filesystem::path>& paths);

}  // namespace temper::detect
