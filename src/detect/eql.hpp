// SPDX-License-Identifier: Apache-2.0
// The EQL loader: Elastic's TOML detection rules and bare EQL queries -> detect::RuleSet
// (docs/detect.md lists what compiles).
#pragma once

#include <string_view>

#include "core/error.hpp"
#include "detect/rule_set.hpp"

namespace temper::detect {

/// Compile one EQL query into `rule` (whose id, title, file, level and info the caller sets) and add it
/// to `set`. Fails with kContent (syntax; the location holds the query's line:column), kLimit (nesting
/// deeper than limits::kMaxNestingDepth) or kUnsupported (pipes, `descendant of`, an unknown function...).
Result<void> compile_eql(std::string_view query, CompiledRule rule, RuleSet& set);

/// Compile one Elastic rule file (TOML: [rule] query, language, name, rule_id, severity, risk_score,
/// description, note, references, [[rule.threat]] techniques) into `set`. A rule that is not EQL, not
/// TOML, or does not compile is recorded in set.unsupported() with file:line(:column) and the reason;
/// set.counts() counts EQL rules, sequences and other languages. Never throws, never fails.
void compile_elastic(std::string_view text, std::string_view file, RuleSet& set);

}  // namespace temper::detect
