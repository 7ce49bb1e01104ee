// SPDX-License-Identifier: Apache-2.0
// Usage profile aggregates and their exact merge.
#include "learn/usage.hpp"

#include <tuple>

namespace temper::learn {
namespace {
// The order in which an observation's example wins: timed before untimed, then earlier, then the
// smaller place. The same order in add() and merge() is what makes merging exact.
bool earlier(const std::optional<Time>& a_when, const Example& a, const std::optional<Time>& b_when, const Example& b) {
  const auto key = [](const std::optional<Time>& when) { return std::pair{!when.has_value(), when.value_or(Time{})}; };
  const auto ka = key(a_when);
  const auto kb = key(b_when);
  return std::tie(ka, a) < std::tie(kb, b);
}

template <typename K, typename V>
void merge_map(std::map<K, V>& into, const std::map<K, V>& from) {
  for (const auto& [key, value] : from) {
    auto [it, inserted] = into.try_emplace(key, value);
    if (!inserted) it->second.merge(value);
  }
}
}  // namespace

void Counter::add(std::optional<Time> when, const Example& where) {
  if (!example || earlier(when, where, first, *example)) example = where;
  ++count;
  if (when) {
    if (!first || *when < *first) first = when;
    if (!last || *when > *last) last = when;
  }
}

void Counter::merge(const Counter& other) {
  if (other.count == 0) return;
  if (other.example && (!example || earlier(other.first, *other.example, first, *example))) example = other.example;
  count += other.count;
  if (other.first && (!first || *other.first < *first)) first = other.first;
  if (other.last && (!last || *other.last > *last)) last = other.last;
}

void CappedSet::add(std::string value) {
  if (values.size() >= kCap && value > *values.rbegin()) {
    more = more || !values.contains(value);
    return;
  }
  values.insert(std::move(value));
  if (values.size() > kCap) {
    values.erase(std::prev(values.end()));
    more = true;
  }
}

void CappedSet::merge(const CappedSet& other) {
  more = more || other.more;
  for (const auto& v : other.values) add(v);
}

void SourceStats::merge(const SourceStats& other) {
  events.merge(other.events);
  fields.merge(other.fields);
}

void LogonStats::merge(const LogonStats& other) {
  seen.merge(other.seen);
  addresses.merge(other.addresses);
  workstations.merge(other.workstations);
}

void UsageProfile::merge(const UsageProfile& other) {
  merge_map(sources, other.sources);
  merge_map(logons, other.logons);
  merge_map(failed_logons, other.failed_logons);
  merge_map(privileges, other.privileges);
}

}  // namespace temper::learn
