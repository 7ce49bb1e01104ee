// SPDX-License-Identifier: Apache-2.0
// detect::Matcher: runs a compiled RuleSet over events, one event at a time, and reports matches.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "detect/detail/contains_index.hpp"
#include "detect/ecs_view.hpp"
#include "detect/prefilter.hpp"
#include "detect/rule_set.hpp"
#include "events/event.hpp"

namespace temper::detect {

/// Names of the System values the Matcher binds besides Sigma's EventID, Channel, Provider_Name, Computer
/// and EventRecordID, for the --filter language (event_filter.hpp); numbers as decimal text, the time as
/// temper.event/1 writes it (ISO 8601, nine decimals, Z). Data fields by these names are not read.
namespace system_field {
inline constexpr std::string_view kUserId = "System.UserID";
inline constexpr std::string_view kLevel = "System.Level";
inline constexpr std::string_view kTask = "System.Task";
inline constexpr std::string_view kOpcode = "System.Opcode";
inline constexpr std::string_view kKeywords = "System.Keywords";
inline constexpr std::string_view kProcessId = "System.ProcessID";
inline constexpr std::string_view kThreadId = "System.ThreadID";
inline constexpr std::string_view kTime = "System.TimeCreated";
}  // namespace system_field

namespace detail {
class SequenceRunner;
class NameTable;
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
  /// `use_prefilter` false evaluates every candidate rule in full (tests compare both ways).
  explicit Matcher(const RuleSet& set, bool use_prefilter = true);
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
  /// The same, appended to `out`.
  void matched_fields(const CompiledRule& rule, std::vector<std::pair<std::string_view, std::string_view>>& out) const;

  /// The current event's first value (in document order) of `field` as text; empty when it has none.
  [[nodiscard]] std::string_view first_text(FieldId field) const;
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
  [[nodiscard]] bool eval_predicate(const Predicate& p, std::int32_t contains_index) const;
  [[nodiscard]] bool operand_matches(const Predicate& p, const Operand& op, std::string_view value) const;
  template <typename Fn>
  bool any_value(FieldId id, Fn&& fn) const;

  /// The rules one (channel, event id) pair reaches, in rule order.
  struct Candidates {
    std::vector<std::uint32_t> rules;    ///< every rule the pair reaches
    std::vector<std::uint32_t> ungated;  ///< those the prefilter does not gate (all of them without one)
    bool gated = false;                  ///< some rules wait for the prefilter
    std::vector<FieldId> scan;           ///< the fields its gated rules need literals in (kAnyField last)
  };
  /// The rules of one channel (or of no channel), by event id.
  struct Bucket {
    std::uint32_t number = 0;  ///< index in bucket_of_
    std::unordered_map<std::uint32_t, Candidates> by_id;
    Candidates any_id;  ///< for event ids no rule of the bucket names
    [[nodiscard]] const Candidates& find(bool has_id, std::uint32_t id) const;
  };
  Bucket make_bucket(const std::vector<std::uint32_t>& rules, std::uint32_t number);
  void finish_candidates(Candidates& c) const;
  void prefilter_scan(const std::vector<const Candidates*>& lists);
  void run(const Bucket& bucket, const Candidates& candidates, const AlertFn& on_alert);

  const RuleSet& set_;
  std::unique_ptr<detail::NameTable> ids_;  // field name -> id
  std::unordered_map<std::string, Bucket> by_channel_;  // lower-case channel -> rules
  Bucket any_channel_;
  // EQL: rules without a channel that require an event.category (sequences: one of their steps'), by
  // lower-case category; an event reaches the buckets of each of its categories.
  std::unordered_map<std::string, Bucket> by_category_;
  FieldId category_ = kAnyField;
  std::string category_key_;
  std::vector<std::pair<const Bucket*, const Candidates*>> reached_;  // per event: category buckets reached
  std::vector<const Candidates*> lists_;                              // per event: every list reached
  std::vector<std::uint64_t> ran_;  // rule -> stamp of the last event it ran for (an event with two categories)
  std::uint64_t event_stamp_ = 0;
  mutable EqlScratch eql_scratch_;
  std::unique_ptr<detail::SequenceRunner> sequences_;
  std::vector<SequenceEvent> sequence_events_;
  const Prefilter* prefilter_ = nullptr;
  std::unique_ptr<PrefilterScratch> scratch_;
  std::vector<std::uint32_t> hit_;  // rule -> generation of the last event whose scan found one of its groups
  std::vector<std::uint8_t> found_;       // rule -> the literal groups found in that event (bits)
  std::vector<std::uint8_t> all_groups_;  // rule -> every group's bit: the rule is marked when found_ has them all
  std::uint32_t generation_ = 0;
  std::vector<bool> system_field_;        // field -> names a System value (EventID, Channel...)
  std::vector<std::uint32_t> bucket_of_;  // rule -> Bucket::number
  std::vector<std::vector<std::uint32_t>> event_ids_;  // rule -> the event ids it can match (required_event_ids)
  std::vector<std::uint32_t> scanned_;    // field -> generation of its last scan
  std::vector<std::uint32_t> marked_;     // rules the current event's scan marked
  std::vector<std::uint32_t> selected_;  // those of marked_ in the bucket being run, sorted
  std::string joined_;  // every data value of the event, for keyword literals
  std::unique_ptr<EcsView> ecs_;  ///< null when the rules read no ECS name and none is ECS-scoped
  FieldId event_id_ = kAnyField, channel_ = kAnyField, provider_ = kAnyField, computer_ = kAnyField, record_ = kAnyField;
  // The system_field names some rule reads: user SID, then six numbers (level...thread), then the time.
  FieldId user_ = kAnyField, time_ = kAnyField;
  std::array<FieldId, 6> numbers_{kAnyField, kAnyField, kAnyField, kAnyField, kAnyField, kAnyField};
  bool extras_ = false;  // some rule reads one of them
  // Nothing reaches a rule but through its channel and event id (no category buckets, no ECS view), so
  // an event no list has a rule for is not bound at all.
  bool lazy_bind_ = false;

  // Per event.
  const events::Event* event_ = nullptr;
  std::vector<std::string_view> values_;
  std::vector<std::int32_t> next_;
  std::vector<std::int32_t> head_;
  std::vector<FieldId> touched_;
  char event_id_text_[16] = {};
  char record_text_[24] = {};
  std::array<std::array<char, 24>, 6> number_text_{};
  std::string time_text_;
  /// Predicates with many contains operands (detail::ContainsIndex): per rule, the first entry of its
  /// predicates in predicate_index_, which names an index in contains_ or -1.
  std::vector<std::uint32_t> predicate_base_;
  std::vector<std::int32_t> predicate_index_;
  std::vector<detail::ContainsIndex> contains_;
  std::string channel_key_;
  std::string channel_spelled_;  ///< the channel of the last lookup, as the event spelled it
  const Bucket* channel_bucket_ = nullptr;  ///< its rules, or none
  bool channel_known_ = false;
};

}  // namespace temper::detect
