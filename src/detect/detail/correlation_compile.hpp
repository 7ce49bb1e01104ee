// SPDX-License-Identifier: Apache-2.0
// Internal: the Sigma loader hands a `correlation:` document to the correlation compiler.
#pragma once

#include <string_view>

#include <yaml-cpp/yaml.h>

#include "detect/rule_set.hpp"

namespace temper::detect::detail {

/// Compile the correlation rule in `doc` (a mapping with a `correlation` key; the document starts on
/// 0-based line `first_line` of `file`) into `set`; a rule that cannot be compiled is recorded in
/// set.unsupported() with file:line and the reason. `info` is the rule's RuleInfo, `level` its severity.
void compile_correlation(const YAML::Node& doc, std::string_view file, std::size_t first_line,
                         std::shared_ptr<const RuleInfo> info, Level level, RuleSet& set);

}  // namespace temper::detect::detail
