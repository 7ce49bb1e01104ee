// SPDX-License-Identifier: Apache-2.0
// Usage profile aggregates and their exact merge.
#include "learn/usage.hpp"

#include <tuple>
#include <utility>

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

// The first Longest::kSampleBytes bytes of a value, not splitting a UTF-8 character.
std::string_view cut_sample(std::string_view value) {
  if (value.size() <= Longest::kSampleBytes) return value;
  std::size_t end = Longest::kSampleBytes;
  while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0U) == 0x80U) --end;
  return value.substr(0, end);
}

// Whether the longest value (length, when, example, sample) `a` beats `b`: longer, else the one
// with an example, else earlier (the order of earlier()), else the smaller sample. A total order,
// so any order of add() and merge() keeps the same one.
bool longer(std::uint64_t a_length, const std::optional<Time>& a_when, const Example* a_example, std::string_view a_sample,
            const Longest& b) {
  if (a_length != b.length) return a_length > b.length;
  if ((a_example != nullptr) != b.example.has_value()) return a_example != nullptr;
  if (a_example != nullptr) {
    if (earlier(a_when, *a_example, b.when, *b.example)) return true;
    if (earlier(b.when, *b.example, a_when, *a_example)) return false;
  } else if (a_when != b.when) {
    return std::pair{!a_when.has_value(), a_when.value_or(Time{})} < std::pair{!b.when.has_value(), b.when.value_or(Time{})};
  }
  return a_sample < std::string_view(b.sample);
}

// The total order of peaks: the higher rate, then the earlier minute (timed first), the smaller
// client, the smaller example (present first).
bool higher(const PeakRate& a, const PeakRate& b) {
  if (a.per_minute != b.per_minute) return a.per_minute > b.per_minute;
  const auto minute = [](const PeakRate& p) { return std::pair{!p.minute.has_value(), p.minute.value_or(Time{})}; };
  const auto example = [](const PeakRate& p) { return std::pair{!p.example.has_value(), p.example.value_or(Example{})}; };
  return std::tuple(minute(a), std::string_view(a.client), example(a)) <
         std::tuple(minute(b), std::string_view(b.client), example(b));
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
  merge_map(event_ids, other.event_ids);
}

void LogonStats::merge(const LogonStats& other) {
  seen.merge(other.seen);
  addresses.merge(other.addresses);
  workstations.merge(other.workstations);
}

void ClientStats::merge(const ClientStats& other) {
  seen.merge(other.seen);
  clients.merge(other.clients);
}

void Longest::add(std::uint64_t length_in, std::optional<Time> when_in, const Example& where, std::string_view sample_in) {
  if (length_in < length || !longer(length_in, when_in, &where, cut_sample(sample_in), *this)) return;
  length = length_in;
  when = when_in;
  example = where;
  sample.assign(cut_sample(sample_in));
}

void Longest::merge(const Longest& other) {
  if (longer(other.length, other.when, other.example ? &*other.example : nullptr, other.sample, *this)) *this = other;
}

void PeakRate::merge(const PeakRate& other) {
  if (higher(other, *this)) *this = other;
}

namespace {
// Moves the largest keys beyond SiteUsage::kMaxKeys into `other_key` (which never counts as kept).
template <typename K, typename V>
void trim_map(std::map<K, V>& m, const K& other_key, std::size_t cap = SiteUsage::kMaxKeys) {
  while (m.size() > cap + (m.contains(other_key) ? 1 : 0)) {
    auto last = std::prev(m.end());
    if (last->first == other_key) last = std::prev(last);
    V moved = std::move(last->second);
    m.erase(last);
    m[other_key].merge(moved);
  }
}
}  // namespace

void SiteUsage::trim() {
  const std::string other(kOther);
  trim_map(methods, other);
  trim_map(extensions, other);
  trim_map(statuses, other);
  trim_map(users, WebUserKey{other, 0});
}

void SiteUsage::merge(const SiteUsage& other) {
  merge_map(methods, other.methods);
  merge_map(extensions, other.extensions);
  merge_map(statuses, other.statuses);
  merge_map(ports, other.ports);
  merge_map(users, other.users);
  url.merge(other.url);
  query.merge(other.query);
  body.merge(other.body);
  double_escaped.merge(other.double_escaped);
  high_bit.merge(other.high_bit);
  peak.merge(other.peak);
  trim();
}

void UsageProfile::merge(const UsageProfile& other) {
  merge_map(sources, other.sources);
  merge_map(logons, other.logons);
  merge_map(failed_logons, other.failed_logons);
  merge_map(explicit_logons, other.explicit_logons);
  merge_map(privileges, other.privileges);
  merge_map(services, other.services);
  merge_map(smb1_clients, other.smb1_clients);
  merge_map(ntlm, other.ntlm);
  merge_map(tls, other.tls);
  merge_map(sites, other.sites);
  trim();
}

bool UsageProfile::over_cap() const {
  const std::size_t n = kMaxKeys + 1;  // the kOther key may be there too
  return sources.size() > n || logons.size() > n || failed_logons.size() > n || explicit_logons.size() > n ||
         privileges.size() > n || services.size() > n || smb1_clients.size() > n || ntlm.size() > n || tls.size() > n ||
         sites.size() > kMaxSites + 1;
}

void UsageProfile::trim() {
  const std::string other(SiteUsage::kOther);
  trim_map(sources, SourceKey{other, {}}, kMaxKeys);
  trim_map(logons, LogonKey{other, {}, 0, {}, {}, {}}, kMaxKeys);
  trim_map(failed_logons, FailedLogonKey{other, {}, 0, {}, {}, {}}, kMaxKeys);
  trim_map(explicit_logons, ExplicitLogonKey{other, {}, {}, {}, {}}, kMaxKeys);
  trim_map(privileges, PrivilegeKey{other, {}, {}, {}, 0}, kMaxKeys);
  trim_map(services, ServiceKey{other, {}, {}}, kMaxKeys);
  trim_map(smb1_clients, Smb1Key{other}, kMaxKeys);
  trim_map(ntlm, NtlmKey{0, other, {}, {}, {}}, kMaxKeys);
  trim_map(tls, TlsKey{other, {}, {}}, kMaxKeys);
  trim_map(sites, other, kMaxSites);
}

}  // namespace temper::learn
