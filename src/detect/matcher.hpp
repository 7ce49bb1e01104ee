// SPDX-License-Identifier: Apache-2.0
// detect::Matcher: runs a compiled RuleSet over events, one event at a time, and reports matches.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "detect/ecs_view.hpp"
#include "detect/rule_set.hpp"
#include "events/event.hpp"

namespace temper::detect {

/// Borrows a RuleSet (which must outlive it) and evaluates it per event. Not thread-safe: one Matcher
/// per thread; the RuleSet is shared. Never fails: a value a predicate cannot read (a non-number for
/// `gt`, a non-address for `cidr`) simply does not match.
class Matcher {
 public:
  explicit Matcher(const RuleSet& set);

  /// Called for each rule that matches the current event.
  using AlertFn = std::function<void(const CompiledRule& rule)>;

  /// Bind the event's fields to the rule set's field ids, then evaluate the rules whose channel and
  /// event id fit the event. `on_alert` may call matched_fields().
  void match(const events::Event& event, const AlertFn& on_alert);

  /// The values the current event has for the fields `rule` reads (name, value), in rule order.
  [[nodiscard]] std::vector<std::pair<std::string_view, std::string_view>> matched_fields(const CompiledRule& rule) const;

 private:
  void bind(const events::Event& event);
  void add_value(FieldId id, std::string_view value);
  [[nodiscard]] bool eval(const CompiledRule& rule, std::uint32_t node) const;
  [[nodiscard]] bool eval_predicate(const Predicate& p) const;
  [[nodiscard]] bool operand_matches(const Predicate& p, const Operand& op, std::string_view value) const;
  template <typename Fn>
  bool any_value(FieldId id, Fn&& fn) const;

  const RuleSet& set_;
  std::unordered_map<std::string_view, FieldId> ids_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_channel_;  // lower-case channel -> rules
  std::vector<std::uint32_t> any_channel_;
  std::unique_ptr<EcsView> ecs_;  ///< null when the rules read no ECS name and none is ECS-scoped
  FieldId event_id_ = kAnyField, channel_ = kAnyField, provider_ = kAnyField, computer_ = kAnyField, record_ = kAnyField;

  // Per event.
  const events::Event* event_ = nullptr;
  std::vector<std::string_view> values_;
  std::vector<std::int32_t> next_;
  std::vector<std::int32_t> head_;
  std::vector<FieldId> touched_;
  char event_id_text_[16] = {};
  char record_text_[24] = {};
  std::string channel_key_;
};

}  // namespace temper::detect
