// SPDX-License-Identifier: Apache-2.0
// EQL sequences, run event by event in read order. Design, by example:
//   sequence by host.id with maxspan=1m [process where ...] [network where ...] [file where ...]
// keeps, per rule and join-key value ("host-7"), one pending partial per stage: stages[0] holds a partial
// that matched step 1, stages[1] one that matched steps 1-2. An event is tested against every step; the
// steps it matches are applied from the last to the first, so one event cannot advance one partial twice
// but can both complete an older partial and start a new one:
//   - step k > 1 matches: the partial at stage k-1 (if any, and if the event is within maxspan of its
//     first event) moves to stage k, replacing the one there (Elastic's rule: the newer partial wins);
//     at the last step it completes and raises the alert, with every step's event in sequence_events();
//   - step 1 matches: a new partial replaces stages[0];
//   - `until` matching the key drops all of the key's partials.
// Memory is bounded by design: per rule at most max_keys keys (the least recently advanced is evicted and
// counted), each with one partial per stage; keys whose newest event is older than maxspan are dropped
// when a new key is added. Events that arrive out of time order are taken as they come: maxspan compares
// the event's time with the partial's first event, and a negative difference counts as within.
#include "detect/detail/eql_sequence.hpp"

#include <iterator>

namespace temper::detect::detail {

SequenceRunner::SequenceRunner(const RuleSet& /*set*/, std::size_t max_keys) : max_keys_(max_keys == 0 ? 1 : max_keys) {}

std::size_t SequenceRunner::pending() const {
  std::size_t n = 0;
  for (const auto& [rule, state] : rules_) n += state.keys.size();
  return n;
}

bool SequenceRunner::make_key(const SequenceStep& step, const Matcher& matcher) {
  key_.clear();
  for (std::size_t k = 0; k < step.keys.size(); ++k) {
    const auto i = matcher.earliest_value(step.keys[k]);
    if (i < 0) {
      if (!step.optional[k]) return false;
      key_ += '\x01';  // null
      continue;
    }
    const auto v = matcher.value(i);
    key_ += '\x02';
    key_.append(std::to_string(v.size()));
    key_ += ':';
    key_.append(v);
  }
  return true;
}

std::uint32_t SequenceRunner::intern(std::string_view name) {
  if (const auto it = name_ids_.find(name); it != name_ids_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(names_.size());
  names_.emplace_back(name);
  name_ids_.emplace(names_.back(), id);
  return id;
}

void SequenceRunner::erase(RuleState& state, std::unordered_map<std::string, KeyState>::iterator it) {
  state.order.erase(it->second.order);
  state.keys.erase(it);
}

SequenceRunner::KeyState& SequenceRunner::upsert(RuleState& state, std::size_t stages, std::uint64_t now,
                                                 std::uint64_t maxspan) {
  auto it = state.keys.find(key_);
  if (it != state.keys.end()) {
    state.order.splice(state.order.end(), state.order, it->second.order);
    return it->second;
  }
  // Drop keys whose newest event is past maxspan (they can no longer advance), oldest first.
  while (maxspan != 0 && now != 0 && !state.order.empty()) {
    auto oldest = state.keys.find(state.order.front());
    if (oldest->second.last == 0 || oldest->second.last + maxspan >= now) break;
    erase(state, oldest);
  }
  if (state.keys.size() >= max_keys_) {
    erase(state, state.keys.find(state.order.front()));
    ++evictions_;
  }
  state.order.push_back(key_);
  KeyState& fresh = state.keys[key_];
  fresh.stages.resize(stages);
  fresh.order = std::prev(state.order.end());
  return fresh;
}

void SequenceRunner::on_event(std::uint32_t rule_index, const CompiledRule& rule, const events::Event& event,
                              const Matcher& matcher, std::vector<SequenceEvent>& events,
                              const Matcher::AlertFn& on_alert) {
  const Sequence& seq = *rule.sequence;
  const std::size_t n = seq.steps.size();
  hits_.assign(n, false);
  bool any = false;
  for (std::size_t k = 0; k < n; ++k) {
    // Steps expanded from `with runs=N` share a root: evaluate it once.
    hits_[k] = k > 0 && seq.steps[k].root == seq.steps[k - 1].root ? hits_[k - 1] : matcher.evaluate(rule, seq.steps[k].root);
    any = any || hits_[k];
  }
  const bool until = seq.has_until && matcher.evaluate(rule, seq.until.root);
  if (!any && !until) return;
  RuleState& state = rules_[rule_index];
  if (until && make_key(seq.until, matcher)) {
    if (auto it = state.keys.find(key_); it != state.keys.end()) erase(state, it);
  }
  const std::uint64_t now = event.system().time_created;
  const auto& sys = event.system();
  const StoredEvent current{now, sys.record_id, sys.event_id, intern(event.file), intern(event.channel())};
  for (std::size_t k = n; k-- > 0;) {
    if (!hits_[k] || !make_key(seq.steps[k], matcher)) continue;
    if (k == 0) {
      KeyState& ks = upsert(state, n - 1, now, seq.maxspan_ticks);
      Partial& p = ks.stages[0];
      p.active = true;
      p.start = now;
      p.events.assign(1, current);
      ks.last = now;
      continue;
    }
    auto it = state.keys.find(key_);
    if (it == state.keys.end()) continue;
    KeyState& ks = it->second;
    Partial& prev = ks.stages[k - 1];
    if (!prev.active) continue;
    if (seq.maxspan_ticks != 0 && now != 0 && prev.start != 0 && now > prev.start && now - prev.start > seq.maxspan_ticks) {
      prev.active = false;  // expired
      continue;
    }
    prev.events.push_back(current);
    prev.active = false;
    ks.last = now;
    state.order.splice(state.order.end(), state.order, ks.order);
    if (k + 1 == n) {
      events.clear();
      for (const auto& e : prev.events) events.push_back(SequenceEvent{e.time, e.record_id, e.event_id, names_[e.file], names_[e.channel]});
      prev.events.clear();
      on_alert(rule);
      events.clear();
      bool pending = false;
      for (const auto& s : ks.stages) pending = pending || s.active;
      if (!pending) erase(state, it);
      continue;
    }
    Partial& next = ks.stages[k];
    next.active = true;
    next.start = prev.start;
    next.events.assign(prev.events.begin(), prev.events.end());  // reuses next's capacity
    prev.events.clear();
  }
}

}  // namespace temper::detect::detail
