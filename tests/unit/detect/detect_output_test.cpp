// SPDX-License-Identifier: Apache-2.0
// app::alert_to_json writes the temper.detect-alert/1 line directly; these tests hold it to what a JSON
// library writes for the same object (nlohmann::ordered_json::dump with invalid UTF-8 replaced): the same
// bytes, but for invalid UTF-8, which both replace by U+FFFD (we write it escaped, the library raw), so
// there the parsed values must be equal. Alerts with awkward text, repeated field names, correlations and
// no event.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "app/detect_output.hpp"
#include "core/time.hpp"
#include "events/event.hpp"

namespace temper::app {
namespace {

using Json = nlohmann::ordered_json;

// FILETIME ticks as the reference writes them: through the calendar formatter of core/time.
std::string reference_ticks(std::uint64_t ticks) {
  constexpr std::uint64_t kEpoch = 116'444'736'000'000'000ull;
  if (ticks <= kEpoch) return {};
  return format_iso8601(std::chrono::sys_seconds(std::chrono::seconds((ticks - kEpoch) / 10'000'000)));
}

// The reference: the object built as a tree and dumped.
std::string reference(const DetectAlert& a) {
  Json rule{{"id", a.rule_id}, {"title", a.title}, {"file", a.rule_file},
            {"language", a.info != nullptr && a.info->language == detect::RuleLanguage::kEql ? "eql" : "sigma"}};
  if (!a.correlation.empty()) rule["correlation"] = a.correlation;
  Json fields = Json::object();
  for (const auto& [k, v] : a.fields) {
    auto it = fields.find(k);
    if (it == fields.end()) {
      fields[k] = v;
    } else {
      if (!it->is_array()) *it = Json::array({*it});
      it->push_back(v);
    }
  }
  Json j{{"schema", "temper.detect-alert/1"}, {"rule", std::move(rule)}, {"severity", detect::level_name(a.level)},
         {"time", reference_ticks(a.time)}, {"host", a.host}, {"fields", std::move(fields)}};
  if (!a.correlation.empty()) {
    j["count"] = a.count;
    j["first_time"] = reference_ticks(a.first_time);
  }
  j["triage"] = a.info != nullptr ? a.info->triage : std::string();
  j["tags"] = a.info != nullptr ? a.info->tags : std::vector<std::string>{};
  if (a.event != nullptr) {
    j["event"] = Json{{"channel", a.event->channel()}, {"event_id", a.event->system().event_id},
                      {"record_id", a.event->system().record_id}, {"file", a.event->file}};
  } else {
    j["event"] = nullptr;
  }
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

TEST(DetectOutputTest, AlertJsonIsWhatAJsonLibraryWrites) {
  detect::RuleInfo info;
  info.triage = "Check the \"parent\"\n\tthen\\the \x01 account\x7f";
  info.tags = {"attack.t1003.001", "attack.credential-access"};
  events::Event e;
  e.system().channel = e.store("Microsoft-Windows-Sysmon/Operational");
  e.system().event_id = 1;
  e.system().record_id = 18446744073709551615ull;
  e.file = "C:\\logs\\sysmon \xe2\x82\xac.evtx";

  DetectAlert a;
  a.rule_id = "0d894093-71bc-43c3-8c4d-ecfa28dcd";
  a.title = "Title with \"quotes\" and \xc3\xa9";
  a.rule_file = "rules/x.yml";
  a.level = detect::Level::kHigh;
  a.info = &info;
  a.time = 133'000'000'000'000'000ull;
  a.host = "WEB01";
  a.fields = {{"CommandLine", "cmd /c \"whoami\""}, {"Image", "C:\\Windows\\System32\\cmd.exe"},
              {"CommandLine", "second \xff\xfe invalid"}, {"Hashes", ""}, {"CommandLine", "third"}};
  a.event = &e;
  EXPECT_EQ(Json::parse(alert_to_json(a)), Json::parse(reference(a)));
  a.fields.erase(a.fields.begin() + 2);  // valid UTF-8 only: the very same bytes
  EXPECT_EQ(alert_to_json(a), reference(a));

  // A correlation judged at the close of its window: no event, a count and a first time.
  DetectAlert c;
  c.rule_id = "corr";
  c.title = "Many logons";
  c.rule_file = "c.yml";
  c.correlation = "event_count";
  c.count = 12;
  c.time = 133'000'000'000'000'000ull;
  c.first_time = 132'999'999'000'000'000ull;
  c.fields = {{"TargetUserName", "admin"}};
  EXPECT_EQ(alert_to_json(c), reference(c));

  // Nothing at all: no info, no fields, no time.
  DetectAlert empty;
  EXPECT_EQ(alert_to_json(empty), reference(empty));
  detect::RuleInfo eql;
  eql.language = detect::RuleLanguage::kEql;
  empty.info = &eql;
  EXPECT_EQ(alert_to_json(empty), reference(empty));

  // Many values (grouped through a sorted index past 32): names interleaved, one name coming back after
  // others, and a name with a single value among them.
  DetectAlert many;
  many.rule_id = "many";
  std::vector<std::string> names, values;
  for (int i = 0; i < 50; ++i) {
    names.push_back(i == 17 ? "Lonely" : "Field" + std::to_string((i * 7) % 5));
    values.push_back("value " + std::to_string(i));
  }
  for (int i = 0; i < 50; ++i) many.fields.emplace_back(names[i], values[i]);
  EXPECT_EQ(alert_to_json(many), reference(many));
  many.fields.resize(32);  // the pairwise path, on the same kind of list
  EXPECT_EQ(alert_to_json(many), reference(many));

  // The run's writer keeps each rule's text: the same bytes, alert after alert, and a rule that changes
  // behind the same id (another title, info or severity) is written anew.
  AlertJsonWriter writer;
  for (const DetectAlert* x : {&a, &c, &empty, &many, &a, &c, &many}) {
    std::string line = "x";
    writer.append(line, *x);
    EXPECT_EQ(line, "x" + alert_to_json(*x));
  }
  DetectAlert changed = a;
  const std::string other_title = "Another title";
  changed.title = other_title;
  changed.level = detect::Level::kLow;
  changed.time = 0;
  std::string line;
  writer.append(line, changed);
  EXPECT_EQ(line, alert_to_json(changed));
  changed.info = nullptr;
  line.clear();
  writer.append(line, changed);
  EXPECT_EQ(line, alert_to_json(changed));
}

TEST(DetectOutputTest, AlertTimesAreTheCalendarFormattersOnes) {
  std::uint64_t x = 0x9E3779B97F4A7C15ull;
  std::vector<std::uint64_t> ticks = {0, 1, 116'444'736'000'000'000ull, 116'444'736'000'000'001ull,
                                      116'444'736'010'000'000ull, 133'000'000'000'000'000ull,
                                      2'650'467'743'990'000'000ull,  // 9999-12-31T23:59:59Z
                                      2'650'467'744'000'000'000ull,  // 10000-01-01: five digits
                                      ~0ull};
  for (int i = 0; i < 10'000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    ticks.push_back(i % 2 == 0 ? x : 116'444'736'000'000'000ull + x % 5'000'000'000'000'000ull);
  }
  for (const std::uint64_t t : ticks) {
    std::string appended = "prefix";
    append_ticks(appended, t);
    EXPECT_EQ(appended, "prefix" + reference_ticks(t)) << t;
    EXPECT_EQ(format_ticks(t), reference_ticks(t)) << t;
  }
}


// The summary as the library writes it: the reference summary_to_json was built this way before it was
// written directly.
std::string reference_summary(const DetectReport& r, bool list_unsupported) {
  Json per_rule = Json::array();
  for (const auto& s : r.per_rule) {
    per_rule.push_back(Json{{"id", s.id}, {"title", s.title}, {"file", s.file}, {"severity", detect::level_name(s.level)},
                            {"correlation", s.correlation}, {"alerts", s.alerts}, {"first_time", format_ticks(s.first_time)},
                            {"last_time", format_ticks(s.last_time)}, {"hosts", s.hosts}, {"more_hosts", s.more_hosts}});
  }
  Json files = Json::array();
  for (const auto& f : r.files) {
    Json jf{{"path", f.path}, {"events", f.events}, {"problems", f.problems_after(0) + (f.error.empty() ? 0 : 1)}};
    if (!f.error.empty()) jf["error"] = f.error;
    files.push_back(std::move(jf));
  }
  Json paths = Json::array();
  for (const auto& p : r.rule_paths) paths.push_back(p.string());
  Json rules{{"loaded", r.rules_loaded}, {"correlations", r.correlations}, {"below_min_severity", r.rules_below_severity},
             {"unsupported", r.unsupported.size()}, {"paths", std::move(paths)}};
  Json j{{"schema", "temper.detect-summary/1"}, {"events", r.events}, {"events_outside_time", r.events_outside_time},
         {"alerts", r.alerts}, {"rules", std::move(rules)}, {"per_rule", std::move(per_rule)}, {"files", std::move(files)},
         {"correlation_groups_evicted", r.correlation_groups_evicted},
         {"correlation_hits_dropped", r.correlation_hits_dropped}};
  if (list_unsupported) {
    Json list = Json::array();
    for (const auto& u : r.unsupported) list.push_back(Json{{"file", u.file}, {"title", u.title}, {"reason", u.reason}});
    j["unsupported"] = std::move(list);
  }
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

TEST(DetectOutputTest, SummaryJsonIsWhatAJsonLibraryWrites) {
  DetectReport r;
  r.rule_paths = {"rules/sigma", "C:\\rules\\elastic \xe2\x82\xac"};
  r.rules_loaded = 2401;
  r.correlations = 3;
  r.rules_below_severity = 7;
  r.unsupported = {{"rules/a.yml:3", "A \"quoted\" title", "unsupported modifier: |expand"}, {"b.toml", "", ""}};
  RuleSummary one;
  one.id = "id-1";
  one.title = "Tab\there";
  one.file = "rules/x.yml";
  one.level = detect::Level::kCritical;
  one.alerts = 12;
  one.first_time = 133'000'000'000'000'000ull;
  one.last_time = 133'000'000'100'000'000ull;
  one.hosts = {"WEB01", "web02"};
  one.more_hosts = 5;
  RuleSummary two;
  two.id = "corr";
  two.correlation = true;
  two.level = detect::Level::kInformational;
  r.per_rule = {one, two};
  FileOutcome ok;
  ok.path = "logs/Security.evtx";
  ok.events = 1234;
  ok.diagnostics = {"offset 0x1000 (chunk 0): damaged"};
  ok.diagnostics_dropped = 2;
  FileOutcome bad;
  bad.path = "logs/missing.evtx";
  bad.error = "cannot open: No such file";
  r.files = {ok, bad};
  r.events = 99;
  r.events_outside_time = 4;
  r.alerts = 12;
  r.correlation_groups_evicted = 1;
  r.correlation_hits_dropped = 2;
  for (const bool list : {false, true}) {
    EXPECT_EQ(summary_to_json(r, list), reference_summary(r, list));
  }
  EXPECT_EQ(summary_to_json(DetectReport{}, false), reference_summary(DetectReport{}, false));
}

}  // namespace
}  // namespace temper::app
