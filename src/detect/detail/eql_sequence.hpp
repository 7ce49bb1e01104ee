// SPDX-License-Identifier: Apache-2.0
// The EQL sequence runner (eql_sequence.cpp): per sequence rule and join key, the pending partial
// sequences, advanced event by event. Owned by a Matcher (one per thread).
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "detect/matcher.hpp"

namespace temper::detect::detail {

/// Pending join keys kept per sequence rule; past it the least recently advanced key is evicted.
inline constexpr std::size_t kMaxSequenceKeys = 65'536;

class SequenceRunner {
 public:
  explicit SequenceRunner(const RuleSet& set, std::size_t max_keys = kMaxSequenceKeys);

  /// Feed the current event (already bound in `matcher`) to sequence rule `rule` (index `rule_index`
  /// in the set). When its last step completes a sequence, `events` holds each step's event and
  /// `on_alert(rule)` is called; `events` is cleared afterwards.
  void on_event(std::uint32_t rule_index, const CompiledRule& rule, const events::Event& event,
                const Matcher& matcher, std::vector<SequenceEvent>& events, const Matcher::AlertFn& on_alert);

  /// Keys evicted because a rule reached max_keys (each lost a pending partial sequence).
  [[nodiscard]] std::uint64_t evictions() const { return evictions_; }
  /// Join keys with pending state, over all rules.
  [[nodiscard]] std::size_t pending() const;

 private:
  /// A step's event as kept while pending: file and channel interned in names_, so advancing a partial
  /// allocates nothing once its vector has grown.
  struct StoredEvent {
    std::uint64_t time = 0, record_id = 0;
    std::uint32_t event_id = 0, file = 0, channel = 0;
  };
  struct Partial {
    bool active = false;
    std::uint64_t start = 0;  ///< time of the first step's event
    std::vector<StoredEvent> events;
  };
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct KeyState {
    std::vector<Partial> stages;  ///< stages[k]: a partial that has matched steps 0..k
    std::uint64_t last = 0;       ///< time of the last event that advanced it
    std::list<std::string>::iterator order;
  };
  struct RuleState {
    std::unordered_map<std::string, KeyState> keys;
    std::list<std::string> order;  ///< least recently advanced first
  };

  bool make_key(const SequenceStep& step, const Matcher& matcher);
  std::uint32_t intern(std::string_view name);
  KeyState& upsert(RuleState& state, std::size_t stages, std::uint64_t now, std::uint64_t maxspan);
  void erase(RuleState& state, std::unordered_map<std::string, KeyState>::iterator it);

  std::unordered_map<std::uint32_t, RuleState> rules_;
  std::size_t max_keys_;
  std::uint64_t evictions_ = 0;
  std::string key_;
  std::vector<bool> hits_;
  std::vector<std::string> names_;  ///< interned file and channel names (few distinct per run)
  std::unordered_map<std::string, std::uint32_t, NameHash, std::equal_to<>> name_ids_;
};

}  // namespace temper::detect::detail
