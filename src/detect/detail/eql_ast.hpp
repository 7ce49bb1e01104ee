// SPDX-License-Identifier: Apache-2.0
// Internal pieces of the EQL compiler: tokens, the syntax tree the parser builds, and the entry points
// of the lexer, parser and compiler (eql_lexer.cpp, eql_parser.cpp, eql_compile.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "detect/eql_expr.hpp"
#include "detect/rule_set.hpp"

namespace temper::detect::detail {

/// A token of an EQL query; line and column are 1-based within the query text.
struct EqlToken {
  enum class Kind : std::uint8_t { kEnd, kName, kQuotedName, kString, kNumber, kPunct };
  Kind kind = Kind::kEnd;
  std::string text;  ///< names as written (with a trailing `~`), strings with escapes resolved, punctuation
  bool raw = false;  ///< a """raw""" or ?"raw" string
  std::uint32_t line = 1, column = 1;
};

/// Split `query` into tokens. Fails with kContent ("line:column: message") on an unterminated string or
/// comment, a bad escape or an unknown character.
Result<std::vector<EqlToken>> lex_eql(std::string_view query);

/// A node of the syntax tree; children index EqlAst::nodes.
struct EqlNode {
  enum class Kind : std::uint8_t { kAnd, kOr, kNot, kCompare, kField, kLiteral, kCall, kArith, kNegate };
  Kind kind = Kind::kLiteral;
  CompareOp compare = CompareOp::kEq;
  char arith = '+';
  ValueKind value_kind = ValueKind::kNull;
  double number = 0;
  std::string text;       ///< literal string; field name; function name (lower-case, without `~`)
  bool optional = false;  ///< `?field`
  bool insensitive = false;  ///< function `~` form
  bool list = false;         ///< kCompare: the right side was a parenthesised list
  std::vector<std::uint32_t> children;
  std::uint32_t line = 1, column = 1;
};

/// A join key (`by` field).
struct EqlKey {
  std::string field;
  bool optional = false;
};

/// `<category> where <condition>`; category "any" tests nothing.
struct EqlEventQuery {
  std::string category;
  std::uint32_t condition = 0;
};

/// One `[...]` step of a sequence with its own keys and `with runs=N`.
struct EqlStep {
  EqlEventQuery query;
  std::vector<EqlKey> keys;
  std::uint32_t runs = 1;
};

/// A parsed query: one event query, or a sequence.
struct EqlAst {
  std::vector<EqlNode> nodes;
  bool is_sequence = false;
  EqlEventQuery event;  ///< single-event query
  std::vector<EqlKey> keys;  ///< sequence `by`
  std::uint64_t maxspan_ticks = 0;
  std::vector<EqlStep> steps;
  bool has_until = false;
  EqlStep until;
};

/// Parse an EQL query. Fails with kContent ("line:column: message") on syntax errors and nesting deeper
/// than limits::kMaxNestingDepth, and kUnsupported ("line:column: ...") for constructs not compiled:
/// pipes (`| head`), `sample`, `join`, `descendant of` / `child of` / `event of`, array indexes.
Result<EqlAst> parse_eql(std::string_view query);

/// Compile a parsed query into `rule` (nodes, predicates, exprs, sequence), binding fields and regexes in
/// `set`. Fails with kUnsupported or kContent naming the construct and its line:column.
Result<void> compile_eql_ast(const EqlAst& ast, RuleSet& set, CompiledRule& rule);

}  // namespace temper::detect::detail
