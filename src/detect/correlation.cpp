// SPDX-License-Identifier: Apache-2.0
// The Correlator. Design, by example: "5 failed logons (rule failed_logon) for one TargetUserName within
// 10m" is event_count, group-by TargetUserName, timespan 10m, condition gte 5. Each alert of failed_logon
// arrives with its event time; the group key is the event's TargetUserName ("alice"); the group keeps the
// times of its hits. A hit at t drops the group's hits older than t - 10m, appends t and judges: when 5
// remain, one correlation alert is reported (first and last time, count 5, group alice) and the group
// starts again from empty, so a burst of 50 failures gives 10 alerts, not 46.
//   - value_count counts distinct values (64-bit hashes) of its field among the window's hits;
//   - temporal counts distinct referenced rules (default: all of them) in the window;
//   - temporal_ordered needs the rules' hits in the listed order (by event time, then arrival) in the window;
//   - a condition with an upper bound (lt, lte, eq, a range) cannot be judged while hits may still come:
//     such windows are tumbling (they start at a group's first hit and last the timespan) and are judged
//     when a later hit falls outside them or at flush().
// Bounds: at most max_groups keys per correlation (the least recently used is evicted and counted) and
// max_entries_per_group hits per key (the oldest dropped and counted).
#include "detect/correlation.hpp"

#include <algorithm>

#include "detect/detail/compile.hpp"
#include "detect/matcher.hpp"

namespace temper::detect {

std::string_view correlation_type_name(CorrelationType type) {
  switch (type) {
    case CorrelationType::kEventCount: return "event_count";
    case CorrelationType::kValueCount: return "value_count";
    case CorrelationType::kTemporal: return "temporal";
    case CorrelationType::kTemporalOrdered: return "temporal_ordered";
  }
  return "event_count";
}

Correlator::Correlator(const RuleSet& set, CorrelationLimits limits) : set_(set), limits_(limits) {
  limits_.max_groups = std::max<std::size_t>(limits_.max_groups, 1);
  limits_.max_entries_per_group = std::max<std::size_t>(limits_.max_entries_per_group, 1);
  states_.resize(set.correlations().size());
  std::unordered_map<std::string, std::vector<std::pair<std::size_t, std::uint32_t>>> by_name;
  for (std::size_t i = 0; i < set.correlations().size(); ++i) {
    const auto& refs = set.correlations()[i].refs;
    for (std::uint32_t r = 0; r < refs.size(); ++r) by_name[refs[r]].emplace_back(i, r);
  }
  for (const auto& rule : set.rules()) {
    std::vector<std::pair<std::size_t, std::uint32_t>> feeds;
    for (const std::string* key : {&rule.id, &rule.info->name}) {
      if (key->empty()) continue;
      const auto it = by_name.find(*key);
      if (it == by_name.end()) continue;
      for (const auto& f : it->second) {
        if (std::find(feeds.begin(), feeds.end(), f) == feeds.end()) feeds.push_back(f);
      }
    }
    if (feeds.empty()) continue;
    const bool generate = std::any_of(feeds.begin(), feeds.end(),
                                      [&](const auto& f) { return set.correlations()[f.first].generate; });
    if (!generate) silent_.insert(&rule);
    const auto renames = detail::scope_renames(rule.scope);
    auto renamed = [&](FieldId id) {
      if (id == kAnyField || renames.empty()) return id;
      for (const auto& [from, to] : renames) {
        if (from != set.field_names()[id]) continue;
        const FieldId to_id = set.find_field(to);
        return to_id == kAnyField ? id : to_id;
      }
      return id;
    };
    std::vector<Feed> out;
    for (const auto& [index, ref] : feeds) {
      const CorrelationRule& c = set.correlations()[index];
      Feed f{index, ref, {}, kAnyField};
      for (const FieldId id : c.group_fields[ref]) f.group.push_back(renamed(id));
      if (ref < c.value_fields.size()) f.value = renamed(c.value_fields[ref]);
      out.push_back(std::move(f));
    }
    by_rule_.emplace(&rule, std::move(out));
  }
}

Correlator::~Correlator() = default;

bool Correlator::generates(const CompiledRule& rule) const { return !silent_.contains(&rule); }

bool Correlator::referenced(const CompiledRule& rule) const { return by_rule_.contains(&rule); }

std::size_t Correlator::groups() const {
  std::size_t n = 0;
  for (const auto& s : states_) n += s.groups.size();
  return n;
}

void Correlator::feed(const CompiledRule& rule, std::uint64_t time, const Matcher& matcher, const HitFn& on_hit) {
  const auto it = by_rule_.find(&rule);
  if (it == by_rule_.end()) return;
  for (const Feed& f : it->second) add(f, time, matcher, on_hit);
}

Correlator::Group& Correlator::group_for(std::size_t index, std::string key,
                                         std::vector<std::pair<std::string, std::string>> values) {
  State& s = states_[index];
  const auto it = s.groups.find(key);
  if (it != s.groups.end()) {
    s.lru.splice(s.lru.end(), s.lru, it->second.lru);
    return it->second;
  }
  if (s.groups.size() >= limits_.max_groups) {
    s.groups.erase(s.lru.front());
    s.lru.pop_front();
    ++evicted_groups_;
  }
  s.lru.push_back(key);
  Group& g = s.groups[std::move(key)];
  g.values = std::move(values);
  g.lru = std::prev(s.lru.end());
  return g;
}

void Correlator::add(const Feed& feed, std::uint64_t time, const Matcher& matcher, const HitFn& on_hit) {
  const std::size_t index = feed.index;
  const std::uint32_t ref = feed.ref;
  const CorrelationRule& c = set_.correlations()[index];
  std::string key;
  std::vector<std::pair<std::string, std::string>> values;
  for (std::size_t k = 0; k < c.group_by.size(); ++k) {
    const std::string_view v = matcher.first_text(feed.group[k]);
    key.append(v);
    key.push_back('\x1f');
    values.emplace_back(c.group_by[k], std::string(v));
  }
  Group& g = group_for(index, std::move(key), std::move(values));
  Entry e{time, 0, ref};
  if (c.type == CorrelationType::kValueCount) {
    const std::string_view v = matcher.first_text(feed.value);
    if (v.empty()) return;  // a hit without the counted field adds no value
    e.value = std::hash<std::string_view>{}(v);
  }
  if (c.judged_at_close()) {
    if (!g.entries.empty() && time > g.window_start + c.timespan_ticks) {
      judge(c, g, true, on_hit);
      g.entries.clear();
    }
    if (g.entries.empty()) g.window_start = time;
    if (time < g.window_start) return;  // older than the open window: out of order, dropped
  } else {
    std::erase_if(g.entries, [&](const Entry& old) { return old.time + c.timespan_ticks < time; });
    const bool too_old = std::any_of(g.entries.begin(), g.entries.end(),
                                     [&](const Entry& newer) { return time + c.timespan_ticks < newer.time; });
    if (too_old) return;
  }
  if (g.entries.size() >= limits_.max_entries_per_group) {
    g.entries.erase(g.entries.begin());
    ++dropped_entries_;
  }
  g.entries.push_back(e);
  if (!c.judged_at_close() && judge(c, g, false, on_hit)) g.entries.clear();
}

bool Correlator::judge(const CorrelationRule& c, Group& g, bool closing, const HitFn& on_hit) const {
  if (g.entries.empty()) return false;
  std::uint64_t count = 0;
  switch (c.type) {
    case CorrelationType::kEventCount: count = g.entries.size(); break;
    case CorrelationType::kValueCount:
    case CorrelationType::kTemporal: {
      std::vector<std::uint64_t> seen;
      for (const auto& e : g.entries) seen.push_back(c.type == CorrelationType::kValueCount ? e.value : e.ref);
      std::sort(seen.begin(), seen.end());
      count = static_cast<std::uint64_t>(std::unique(seen.begin(), seen.end()) - seen.begin());
      break;
    }
    case CorrelationType::kTemporalOrdered: {
      std::vector<Entry> ordered = g.entries;
      std::stable_sort(ordered.begin(), ordered.end(), [](const Entry& a, const Entry& b) { return a.time < b.time; });
      std::uint32_t need = 0;
      for (const auto& e : ordered) {
        if (need < c.refs.size() && e.ref == need) ++need;
      }
      count = need;
      break;
    }
  }
  if (!c.holds(count)) return false;
  CorrelationHit hit;
  hit.rule = &c;
  hit.count = count;
  hit.group = g.values;
  hit.at_close = closing;
  hit.first_time = g.entries.front().time;
  hit.last_time = g.entries.front().time;
  for (const auto& e : g.entries) {
    hit.first_time = std::min(hit.first_time, e.time);
    hit.last_time = std::max(hit.last_time, e.time);
  }
  on_hit(hit);
  return true;
}

void Correlator::flush(const HitFn& on_hit) {
  for (std::size_t i = 0; i < states_.size(); ++i) {
    const CorrelationRule& c = set_.correlations()[i];
    if (!c.judged_at_close()) continue;
    State& s = states_[i];
    for (const auto& key : s.lru) {
      Group& g = s.groups.at(key);
      judge(c, g, true, on_hit);
      g.entries.clear();
    }
  }
}

}  // namespace temper::detect
