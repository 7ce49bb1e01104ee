// SPDX-License-Identifier: Apache-2.0
// The detect runner: rules (given or shipped) -> RuleSet minus the rules below --min-severity; each event
// inside --since/--until goes through the Matcher; base alerts go out (unless a correlation silences their
// rule) and feed the Correlator; a per-rule summary is kept (bounded: counts, times and a few hosts per rule).
#include "app/detect.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "app/audit.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"
#include "detect/correlation.hpp"
#include "detect/matcher.hpp"

namespace temper::app {
namespace {

constexpr std::uint64_t kUnixEpochTicks = 116'444'736'000'000'000ull;  // FILETIME of 1970-01-01
constexpr std::uint64_t kTicksPerSecond = 10'000'000;

std::uint64_t to_ticks(std::chrono::sys_seconds t) {
  const auto secs = t.time_since_epoch().count();
  if (secs <= 0) return kUnixEpochTicks - std::min<std::uint64_t>(kUnixEpochTicks, static_cast<std::uint64_t>(-secs) * kTicksPerSecond);
  return kUnixEpochTicks + static_cast<std::uint64_t>(secs) * kTicksPerSecond;
}

// The summary of one rule, bounded: counts, first/last time, kMaxSummaryHosts host names and the hashes of
// at most kMaxCountedHosts further hosts (so more_hosts is exact up to that many).
constexpr std::size_t kMaxCountedHosts = 1000;

struct Tally {
  RuleSummary summary;
  std::set<std::string, std::less<>> hosts;
  std::unordered_set<std::uint64_t> more;
  void add(std::uint64_t time, std::string_view host) {
    ++summary.alerts;
    if (time != 0) {
      summary.first_time = summary.first_time == 0 ? time : std::min(summary.first_time, time);
      summary.last_time = std::max(summary.last_time, time);
    }
    if (host.empty() || hosts.contains(host)) return;
    if (hosts.size() < kMaxSummaryHosts) {
      hosts.emplace(host);
    } else if (more.size() < kMaxCountedHosts) {
      more.insert(std::hash<std::string_view>{}(host));
      summary.more_hosts = more.size();
    }
  }
};

// Resets `a` (kept across alerts, so its field list does not allocate again) to a fresh alert of a rule.
DetectAlert& rule_alert(DetectAlert& a, std::string_view id, std::string_view title, std::string_view file,
                        detect::Level level, const detect::RuleInfo* info) {
  a.rule_id = id;
  a.title = title;
  a.rule_file = file;
  a.level = level;
  a.info = info;
  a.correlation = {};
  a.count = 0;
  a.time = 0;
  a.first_time = 0;
  a.host = {};
  a.fields.clear();
  a.event = nullptr;
  return a;
}

}  // namespace

std::string format_ticks(std::uint64_t ticks) {
  std::string out;
  append_ticks(out, ticks);
  return out;
}

void append_ticks(std::string& out, std::uint64_t ticks) {
  if (ticks <= kUnixEpochTicks) return;
  using namespace std::chrono;
  const sys_seconds t(seconds((ticks - kUnixEpochTicks) / kTicksPerSecond));
  // FILETIME runs to year 58,000-odd: past 9999 (four digits) the time goes to format_iso8601, as before.
  constexpr std::int64_t kLastFourDigitSecond = 253'402'300'799;  // 9999-12-31T23:59:59Z
  if (t.time_since_epoch().count() > kLastFourDigitSecond) {
    out += format_iso8601(t);
    return;
  }
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const auto secs = static_cast<unsigned>((t - day).count());  // 0..86399
  const int year = static_cast<int>(ymd.year());
  char buf[20];
  auto two = [&](std::size_t at, unsigned v) {
    buf[at] = static_cast<char>('0' + v / 10);
    buf[at + 1] = static_cast<char>('0' + v % 10);
  };
  two(0, static_cast<unsigned>(year) / 100);
  two(2, static_cast<unsigned>(year) % 100);
  buf[4] = '-';
  two(5, static_cast<unsigned>(ymd.month()));
  buf[7] = '-';
  two(8, static_cast<unsigned>(ymd.day()));
  buf[10] = 'T';
  two(11, secs / 3600);
  buf[13] = ':';
  two(14, secs / 60 % 60);
  buf[16] = ':';
  two(17, secs % 60);
  buf[19] = 'Z';
  out.append(buf, sizeof buf);
}

Result<std::uint64_t> parse_time_bound(std::string_view text, std::chrono::system_clock::time_point now) {
  const std::string_view t = trim(text);
  auto bad = [&] {
    return fail(ErrorCode::kInvalidArgument, "'" + std::string(text) +
                                                 "' is not a date (2024-05-01), a date-time (2024-05-01T10:00:00Z, "
                                                 "+02:00) or a duration before now (90s, 30m, 24h, 7d, 2w)");
  };
  if (t.empty()) return bad();
  // Relative: digits then one unit.
  if (const char unit = t.back(); t.size() >= 2 && std::string_view("smhdw").find(unit) != std::string_view::npos &&
                                  t.find_first_not_of("0123456789") == t.size() - 1) {
    std::uint64_t n = 0;
    const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size() - 1, n);
    const std::uint64_t per = unit == 's' ? 1 : unit == 'm' ? 60 : unit == 'h' ? 3600 : unit == 'd' ? 86400 : 7 * 86400;
    if (ec != std::errc() || ptr != t.data() + t.size() - 1 || n > 100ull * 366 * 86400 / per) return bad();
    const auto at = std::chrono::floor<std::chrono::seconds>(now) - std::chrono::seconds(n * per);
    return to_ticks(at);
  }
  // Absolute, with an optional offset after the time ("+02:00", "-0500").
  std::string_view base = t;
  std::int64_t offset = 0;
  if (t.size() > 19 && t[10] == 'T') {
    const std::size_t sign = t.find_first_of("+-", 19);
    if (sign != std::string_view::npos) {
      std::string_view off = t.substr(sign + 1);
      int hh = 0, mm = 0;
      auto two = [](std::string_view s, int& v) {
        const auto [p, e] = std::from_chars(s.data(), s.data() + 2, v);
        return s.size() >= 2 && e == std::errc() && p == s.data() + 2;
      };
      if (!two(off, hh)) return bad();
      off.remove_prefix(2);
      if (!off.empty() && off.front() == ':') off.remove_prefix(1);
      if (off.size() != 2 || !two(off, mm) || hh > 23 || mm > 59) return bad();
      offset = (t[sign] == '+' ? 1 : -1) * (hh * 3600 + mm * 60);
      base = t.substr(0, sign);
    }
  }
  const auto parsed = parse_iso8601(base);
  if (!parsed) return bad();
  return to_ticks(*parsed - std::chrono::seconds(offset));
}

Result<std::filesystem::path> find_detection_packs(const std::optional<std::filesystem::path>& content_dir) {
  TEMPER_ASSIGN_OR_RETURN(const auto dir, find_content_dir(content_dir));
  const auto packs = dir / "detections";
  std::error_code ec;
  if (!std::filesystem::is_directory(packs, ec)) {
    return fail(ErrorCode::kNotFound, "no shipped detection packs (content/detections) in " + dir.string() +
                                          ": pass --rules DIR");
  }
  return packs;
}

Result<detect::RuleSet> load_detection_rules(const DetectRequest& request, DetectReport& report) {
  report.rule_paths = request.rules;
  if (report.rule_paths.empty()) {
    TEMPER_ASSIGN_OR_RETURN(auto packs, find_detection_packs(request.content_dir));
    report.rule_paths.push_back(std::move(packs));
  }
  TEMPER_ASSIGN_OR_RETURN(auto loaded, load_rules_cached(report.rule_paths, request.min_level, request.rule_cache));
  detect::RuleSet set = std::move(loaded.set);
  report.rules_below_severity = loaded.below_severity;
  report.rules_from_cache = loaded.from_cache;
  report.rule_cache_notes = std::move(loaded.cache_notes);
  report.unsupported = set.unsupported();
  report.rules_loaded = set.compiled_sources();
  report.correlations = set.correlations().size();
  if (set.rules().empty()) {
    std::string where;
    for (const auto& p : report.rule_paths) where += (where.empty() ? "" : ", ") + p.string();
    return fail(ErrorCode::kContent, "no rule to run in " + where + " (" + std::to_string(report.unsupported.size()) +
                                         " unsupported, " + std::to_string(report.rules_below_severity) +
                                         " below the minimum severity)");
  }
  return set;
}

Result<DetectReport> run_detect(const DetectRequest& request, const DetectAlertFn& on_alert, const ProgressFn& progress) {
  DetectReport report;
  TEMPER_ASSIGN_OR_RETURN(const detect::RuleSet set, load_detection_rules(request, report));
  detect::Matcher matcher(set);
  detect::Correlator correlator(set);
  std::map<std::string, Tally> tallies;  // by rule file and id: the scopes of one rule share a row
  // The row of each compiled rule (or correlation), by the address of its own id string: one object, so one
  // file and id, and an alert finds its row without building the key; std::map's nodes stay where they are.
  std::unordered_map<const char*, Tally*> rows;
  auto tally = [&](const DetectAlert& a, bool correlation) {
    Tally*& row = rows[a.rule_id.data()];
    if (row == nullptr) {
      auto [it, fresh] = tallies.try_emplace(std::string(a.rule_file) + '\n' + std::string(a.rule_id));
      if (fresh) {
        it->second.summary = RuleSummary{std::string(a.rule_id), std::string(a.title), std::string(a.rule_file),
                                         a.level, correlation, 0, 0, 0, {}, 0};
      }
      row = &it->second;
    }
    row->add(a.time, a.host);
    ++report.alerts;
  };
  DetectAlert correlation_scratch;  // the alerts' field lists keep their capacity
  auto correlation_alert = [&](const detect::CorrelationHit& hit, const events::Event* event) {
    const auto& c = *hit.rule;
    DetectAlert& a = rule_alert(correlation_scratch, c.id, c.title, c.file, c.level, c.info.get());
    a.correlation = detect::correlation_type_name(c.type);
    a.count = hit.count;
    a.time = hit.last_time;
    a.first_time = hit.first_time;
    for (const auto& [k, v] : hit.group) a.fields.emplace_back(k, v);
    a.event = event;
    if (event != nullptr) a.host = event->computer();
    tally(a, true);
    on_alert(a);
  };
  const std::uint64_t since = request.since.value_or(0);
  const std::uint64_t until = request.until.value_or(~0ull);
  // The alert callback is made once, not per event (a std::function built per event allocates).
  const events::Event* current = nullptr;
  std::uint64_t current_time = 0;
  DetectAlert rule_scratch;
  const detect::Matcher::AlertFn on_rule = [&](const detect::CompiledRule& r) {
    const events::Event& e = *current;
    if (correlator.generates(r) && r.level >= request.min_level) {
      DetectAlert& a = rule_alert(rule_scratch, r.id, r.title, r.file, r.level, r.info.get());
      a.time = current_time;
      a.host = e.computer();
      matcher.matched_fields(r, a.fields);
      a.event = &e;
      tally(a, false);
      on_alert(a);
    }
    correlator.feed(r, current_time, matcher, [&](const detect::CorrelationHit& hit) { correlation_alert(hit, &e); });
  };
  auto visit = [&](const events::Event& e) {
    const std::uint64_t time = e.system().time_created;
    if (time < since || time > until) {
      ++report.events_outside_time;
      return;
    }
    ++report.events;
    current = &e;
    current_time = time;
    matcher.match(e, on_rule);
  };
  EventsOptions options;  // one decoding thread: the matcher and correlator are per thread, events in order
  TEMPER_ASSIGN_OR_RETURN(report.files, visit_events(expand_event_inputs(request.files), options, visit, progress));
  correlator.flush([&](const detect::CorrelationHit& hit) { correlation_alert(hit, nullptr); });
  report.correlation_groups_evicted = correlator.evicted_groups();
  report.correlation_hits_dropped = correlator.dropped_entries();
  for (auto& [key, t] : tallies) {
    t.summary.hosts.assign(t.hosts.begin(), t.hosts.end());
    report.per_rule.push_back(std::move(t.summary));
  }
  std::stable_sort(report.per_rule.begin(), report.per_rule.end(), [](const RuleSummary& a, const RuleSummary& b) {
    return a.alerts != b.alerts ? a.alerts > b.alerts : a.title < b.title;
  });
  return report;
}

}  // namespace temper::app
