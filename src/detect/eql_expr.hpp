// SPDX-License-Identifier: Apache-2.0
// The compiled parts of EQL that detect::Predicate cannot express: expressions (function calls,
// arithmetic, comparisons between computed values) and sequences (steps, join keys, maxspan, until).
// They are plain data inside a CompiledRule; eql_eval.cpp evaluates expressions, eql_sequence.cpp
// runs sequences.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace temper::detect {

/// Field id (the same alias as in rule_set.hpp): an index into RuleSet::field_names().
using FieldId = std::uint32_t;

/// What an expression node computes.
enum class ExprOp : std::uint8_t {
  kLiteral,  ///< `value_kind` with `number` or `text`
  kField,    ///< the event's value(s) of `field`; null when absent
  kCall,     ///< function `function` over `args` (`insensitive` for the `~` form)
  kCompare,  ///< args[0] `compare` args[1..] (several right-hand values for `in`, `:` lists, like, regex)
  kArith,    ///< args[0] `arith` args[1]
  kNegate,   ///< -args[0]
};

/// The type of an EQL value.
enum class ValueKind : std::uint8_t { kNull, kBool, kNumber, kString };

/// The functions Elastic's rules call (names compared case-insensitively; `~` forms set `insensitive`).
enum class EqlFunction : std::uint8_t {
  kLength, kSubstring, kStartsWith, kEndsWith, kStringContains, kConcat, kIndexOf, kCidrMatch,
  kNumber, kString, kAdd, kSubtract, kMultiply, kDivide, kModulo, kBetween,
};

/// Comparison operators. kColon is `:` (case-insensitive, wildcards); k*Ci are the `~` forms.
enum class CompareOp : std::uint8_t {
  kEq, kNe, kLt, kLe, kGt, kGe, kColon, kIn, kInCi, kLike, kLikeCi, kRegex, kRegexCi,
};

/// One node of an expression tree; children are indexes into CompiledRule::exprs.
struct Expr {
  ExprOp op = ExprOp::kLiteral;
  ValueKind value_kind = ValueKind::kNull;  ///< kLiteral
  EqlFunction function = EqlFunction::kLength;
  CompareOp compare = CompareOp::kEq;
  char arith = '+';                         ///< kArith: + - * / %
  bool insensitive = false;                 ///< kCall: the `~` form
  double number = 0;                        ///< kLiteral number or bool (1/0)
  std::string text;                         ///< kLiteral string; for like/`:` the pattern, lower-cased when caseless
  std::uint32_t regex = 0xFFFFFFFFu;        ///< kLiteral right of regex/regex~: index into RuleSet regexes
  FieldId field = 0;                        ///< kField
  std::vector<std::uint32_t> args;
};

/// One step of a sequence (or its `until` condition).
struct SequenceStep {
  std::uint32_t root = 0;        ///< condition: index into CompiledRule::nodes
  std::vector<FieldId> keys;     ///< join keys: the sequence's `by` keys, then the step's own
  std::vector<bool> optional;    ///< per key: `?field` (an absent value joins as null) or not (the event is skipped)
};

/// A compiled `sequence`: `with runs=N` is already expanded into N equal steps.
struct Sequence {
  std::vector<SequenceStep> steps;
  bool has_until = false;
  SequenceStep until;
  std::uint64_t maxspan_ticks = 0;  ///< 100 ns units (FILETIME); 0 = no maxspan
  /// The event.category values (lower-case) of the steps and `until`: the Matcher runs the sequence only
  /// for events in one of them. Empty when a step is `any`.
  std::vector<std::string> categories;
};

/// Text that EQL functions build while one expression is evaluated (concat, string): kept by the
/// Matcher and reused, so repeated evaluations stop allocating once the strings have grown.
struct EqlScratch {
  std::deque<std::string> strings;  ///< a deque: views into earlier strings stay valid as it grows
  std::size_t used = 0;
};

}  // namespace temper::detect
