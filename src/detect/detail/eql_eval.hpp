// SPDX-License-Identifier: Apache-2.0
// The EQL expression evaluator (eql_eval.cpp): Expr trees of a CompiledRule over the Matcher's current event.
#pragma once

#include <cstdint>

#include "detect/rule_set.hpp"

namespace temper::detect {
class Matcher;
}

namespace temper::detect::detail {

/// Evaluate expression `expr` of `rule` as a condition. A field with several values (process.args)
/// satisfies a comparison or a string test when any value does; null (an absent field, a function of
/// null) makes comparisons false, except `x == null` and `x != null`. Never fails: a value that cannot be
/// read as a number does not compare.
bool eval_expr(const RuleSet& set, const CompiledRule& rule, std::uint32_t expr, const Matcher& matcher,
               EqlScratch& scratch);

}  // namespace temper::detect::detail
