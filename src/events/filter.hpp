// SPDX-License-Identifier: Apache-2.0
// The --filter expression language over events (`channel=Security and id in (4624,4625)`): its parser.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace temper::events {

/// A parsed filter expression; detect::EventFilter (src/detect/event_filter.hpp) compiles it into the
/// detection engine, which runs it. Grammar (keywords case-insensitive):
///   expr       := and_expr ("or" and_expr)*
///   and_expr   := unary ("and" unary)*
///   unary      := "not" unary | "(" expr ")" | comparison
///   comparison := FIELD ("=" | "!=" | "<" | "<=" | ">" | ">=" | "~") VALUE
///               | FIELD ["not"] "in" "(" VALUE ("," VALUE)* ")"
///   VALUE      := word | number | "double" or 'single' quoted string
/// FIELD is a name Event::lookup() knows (channel, provider, id, record_id, computer, level, time, or
/// an EventData/UserData field name). `=`/`!=`/`in` compare case-insensitively with `*` and `?`
/// wildcards; `~` is case-insensitive "contains"; `<`..`>=` compare numerically when both sides are
/// numbers and as text otherwise. A missing field matches nothing but `!=`/`not in`.
class Filter {
 public:
  /// One node of the parsed expression.
  struct Node {
    enum class Kind : std::uint8_t { kOr, kAnd, kNot, kCompare, kIn } kind = Kind::kCompare;
    enum class Op : std::uint8_t { kEq, kNe, kLt, kLe, kGt, kGe, kContains } op = Op::kEq;
    std::string field;                            ///< kCompare, kIn: the name as written
    std::vector<std::string> values;              ///< kCompare: one; kIn: the list
    std::vector<std::unique_ptr<Node>> children;  ///< kOr, kAnd: two; kNot: one
  };

  Filter();
  ~Filter();
  Filter(Filter&&) noexcept;
  Filter& operator=(Filter&&) noexcept;

  /// Parse an expression. An empty expression has no root (it accepts every event). Fails with
  /// kInvalidArgument naming the column of the first syntax error.
  static Result<Filter> parse(std::string_view expression);

  /// The expression's root, or nullptr when it is empty.
  [[nodiscard]] const Node* root() const { return root_.get(); }

 private:
  std::unique_ptr<Node> root_;
};

}  // namespace temper::events
