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

#include "detect/ecs_view.hpp"
#include "detect/prefilter.hpp"
#include "detect/rule_set.hpp"
#include "events/event.hpp"

namespace temper::detect {

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

  /// The current event's first value (in document order) of `field`; empty when it has none.
  [[nodiscard]] std::string_view first_value(FieldId field) const;

 private:
  void bind(const events::Event& event);
  void add_value(FieldId id, std::string_view value);
  [[nodiscard]] bool eval(const CompiledRule& rule, std::uint32_t node) const;
  [[nodiscard]] bool eval_predicate(const Predicate& p) const;
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
  void prefilter_scan(const Candidates* first, const Candidates& second);
  void run(const Bucket& bucket, const Candidates& candidates, const AlertFn& on_alert);

  const RuleSet& set_;
  std::unordered_map<std::string_view, FieldId> ids_;
  std::unordered_map<std::string, Bucket> by_channel_;  // lower-case channel -> rules
  Bucket any_channel_;
  const Prefilter* prefilter_ = nullptr;
  std::unique_ptr<PrefilterScratch> scratch_;
  std::vector<std::uint32_t> hit_;  // rule -> generation of the last event whose scan marked it
  std::uint32_t generation_ = 0;
  std::vector<bool> system_field_;        // field -> names a System value (EventID, Channel...)
  std::vector<std::uint32_t> bucket_of_;  // rule -> Bucket::number
  std::vector<std::vector<std::uint32_t>> event_ids_;  // rule -> the event ids it can match (required_event_ids)
  std::vector<std::uint32_t> scanned_;    // field -> generation of its last scan
  std::vector<std::uint32_t> marked_;     // rules the current event's scan marked
  std::vector<std::uint32_t> selected_;
  std::string joined_;                    // every data value of the event, for keyword literals   // those of marked_ in the bucket being run, sorted
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
