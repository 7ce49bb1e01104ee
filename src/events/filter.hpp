// SPDX-License-Identifier: Apache-2.0
// The --filter expression language over events: `channel=Security and id in (4624,4625)`.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "events/event.hpp"

namespace temper::events {

/// A compiled filter. Grammar (keywords case-insensitive):
///   expr       := and_expr ("or" and_expr)*
///   and_expr   := unary ("and" unary)*
///   unary      := "not" unary | "(" expr ")" | comparison
///   comparison := FIELD ("=" | "!=" | "<" | "<=" | ">" | ">=" | "~") VALUE
///               | FIELD ["not"] "in" "(" VALUE ("," VALUE)* ")"
///   VALUE      := word | number | "double" or 'single' quoted string
/// FIELD is any name Event::lookup() knows (channel, provider, id, record_id, computer, level,
/// time, or an EventData/UserData field name). `=`/`!=`/`in` compare case-insensitively with `*`
/// and `?` wildcards; `~` is case-insensitive "contains"; `<`..`>=` compare numerically when both
/// sides are numbers and as text otherwise. A missing field matches nothing but `!=`/`not in`.
class Filter {
 public:
  Filter();
  ~Filter();
  Filter(Filter&&) noexcept;
  Filter& operator=(Filter&&) noexcept;

  /// Compile an expression. An empty expression matches every event. Fails with
  /// kInvalidArgument naming the column of the first syntax error.
  static Result<Filter> compile(std::string_view expression);

  /// True when the event satisfies the expression. Thread-safe (const, no shared state).
  [[nodiscard]] bool matches(const Event& event) const;

  /// True when the filter accepts everything.
  [[nodiscard]] bool empty() const { return root_ == nullptr; }

  struct Node;

 private:
  std::unique_ptr<Node> root_;
};

}  // namespace temper::events
