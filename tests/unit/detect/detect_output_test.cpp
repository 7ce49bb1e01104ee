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
#include "events/event.hpp"

namespace temper::app {
namespace {

using Json = nlohmann::ordered_json;

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
         {"time", format_ticks(a.time)}, {"host", a.host}, {"fields", std::move(fields)}};
  if (!a.correlation.empty()) {
    j["count"] = a.count;
    j["first_time"] = format_ticks(a.first_time);
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
}

}  // namespace
}  // namespace temper::app
