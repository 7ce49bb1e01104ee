// SPDX-License-Identifier: Apache-2.0
// The per-rule part of the rule codec (rule_codec_rules.cpp): one CompiledRule written and read back with
// every index it holds checked, used by rule_codec.cpp for the whole set.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "detect/detail/codec_io.hpp"
#include "detect/rule_set.hpp"

namespace temper::detect::detail {

/// What a decoded rule's indexes must fall within.
struct RuleTables {
  std::size_t fields = 0;   ///< field names
  std::size_t regexes = 0;  ///< compiled regexes
  const std::vector<std::shared_ptr<const RuleInfo>>* infos = nullptr;
};

/// Append `rule`, whose RuleInfo is entry `info` of the set's info table.
void write_rule(Writer& out, const CompiledRule& rule, std::uint32_t info);

/// Read one rule; a failure (also an index outside `tables`, a tree that does not point backwards or is
/// deeper than limits::kMaxCompiledRuleDepth, a sequence of fewer than two steps) is left in `in`.
CompiledRule read_rule(Reader& in, const RuleTables& tables);

/// A field id of `fields` names, or kAnyField when `any` allows it; otherwise a failure in `in`.
void check_field(Reader& in, FieldId id, std::size_t fields, bool any, std::string_view what);

}  // namespace temper::detect::detail
