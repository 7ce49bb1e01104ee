// SPDX-License-Identifier: Apache-2.0
// detect::Matcher: runs a compiled RuleSet over events, one event at a time, and reports matches.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "detect/rule_set.hpp"
#include "events/event.hpp"

namespace temper::detect {

namespace detail {
class SequenceRunner;
}

/// One earlier (or the last) event of a sequence alert.
struct SequenceEvent {
  std::uint64_t time = 0;  ///< FILETIME ticks; 0 when the event had none
  std::uint64_t record_id = 0;
  std::uint32_t event_id = 0;
  std::string file;
  std::string channel;
};

/// Borrows a RuleSet (which must outlive it) and evaluates it per event. Not thread-safe: one Matcher
/// per thread; the RuleSet is shared. Never fails: a value a predicate cannot read (a non-number for
/// `gt`, a non-address for `cidr`) simply does not match.
class Matcher {
 public:
  explicit Matcher(const RuleSet& set);
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  /// Called for each rule that matches the current event.
  using AlertFn = std::function<void(const CompiledRule& rule)>;

  /// Bind the event's fields to the rule set's field ids, then evaluate the rules whose channel and
  /// event id fit the event. `on_alert` may call matched_fields().
  void match(const events::Event& event, const AlertFn& on_alert);

  /// The values the current event has for the fields `rule` reads (name, value), in rule order.
  [[nodiscard]] std::vector<std::pair<std::string_view, std::string_view>> matched_fields(const CompiledRule& rule) const;

  /// During the alert callback of an EQL sequence: the events of each step, in order (the last is the
  /// current event). Empty for single-event rules.
  [[nodiscard]] const std::vector<SequenceEvent>& sequence_events() const { return sequence_events_; }
  /// Sequence state dropped because a rule had too many pending join keys (limits in docs/detect.md).
  [[nodiscard]] std::uint64_t sequence_evictions() const;
  /// Join keys with a pending partial sequence, over every sequence rule.
  [[nodiscard]] std::size_t sequence_pending() const;

  /// The current event's values of `id`, most recent first:
  /// `for (auto i = first_value(id); i >= 0; i = next_value(i)) value(i)`. For the EQL evaluator.
  [[nodiscard]] std::int32_t first_value(FieldId id) const { return head_[id]; }
  [[nodiscard]] std::int32_t next_value(std::int32_t i) const { return next_[static_cast<std::size_t>(i)]; }
  [[nodiscard]] std::string_view value(std::int32_t i) const { return values_[static_cast<std::size_t>(i)]; }
  /// The index of the first value of `id` in event order (process.args[0]), or -1 when absent.
  [[nodiscard]] std::int32_t earliest_value(FieldId id) const {
    std::int32_t i = head_[id];
    while (i >= 0 && next_[static_cast<std::size_t>(i)] >= 0) i = next_[static_cast<std::size_t>(i)];
    return i;
  }
  /// Evaluate node `node` of `rule` against the current event (the sequence runner's step test).
  [[nodiscard]] bool evaluate(const CompiledRule& rule, std::uint32_t node) const { return eval(rule, node); }

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
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_category_;  // EQL: event.category -> rules
  FieldId category_ = kAnyField;
  std::string category_key_;
  std::vector<std::uint64_t> ran_;  // per rule: the event stamp it last ran for
  std::uint64_t event_stamp_ = 0;
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
  mutable EqlScratch scratch_;
  std::unique_ptr<detail::SequenceRunner> sequences_;
  std::vector<SequenceEvent> sequence_events_;
};

}  // namespace temper::detect
