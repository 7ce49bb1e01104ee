// SPDX-License-Identifier: Apache-2.0
// The events use case (src/app/events.cpp) over the three source kinds at once.
#include "app/events.hpp"

#include <gtest/gtest.h>

#include "corpus.hpp"

namespace temper::app {
namespace {

const std::filesystem::path kData = std::filesystem::path(TEMPER_TEST_DATA_DIR) / "events";

TEST(AppEventsTest, DetectsEachKindByContent) {
  TEMPER_REQUIRE_CORPUS();
  EXPECT_EQ(detect_event_file(evtx::test::sample("evtx-rs-samples/security.evtx")), EventFileKind::kEvtx);
  EXPECT_EQ(detect_event_file(kData / "winlogbeat_sample.ndjson"), EventFileKind::kNdjson);
  EXPECT_EQ(detect_event_file(kData / "iis_u_ex_sample.log"), EventFileKind::kW3c);
  EXPECT_EQ(detect_event_file(std::filesystem::path(TEMPER_SOURCE_DIR) / "CMakeLists.txt"), EventFileKind::kUnknown);
  EXPECT_FALSE(detect_event_file(kData / "missing.evtx").has_value());
}

TEST(AppEventsTest, DumpsFilteredEventsFromAllSourcesInOrder) {
  TEMPER_REQUIRE_CORPUS();
  EventsOptions o;
  o.threads = 2;
  o.filter = "id in (4624, 1) or cs-method=POST";
  std::string out;
  auto result = dump_events({evtx::test::sample("evtx-rs-samples/security.evtx"), kData / "winlogbeat_sample.ndjson",
                             kData / "iis_u_ex_sample.log", kData / "missing.log"},
                            o, [&](std::string_view t) {
                              out.append(t);
                              return true;
                            });
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(result->size(), 4u);
  EXPECT_EQ((*result)[0].events, 2261u);
  EXPECT_EQ((*result)[0].matched, 583u);
  EXPECT_EQ((*result)[1].matched, 2u);  // the 4624 and the Sysmon 1
  EXPECT_EQ((*result)[2].matched, 1u);  // the POST
  EXPECT_EQ((*result)[2].bad_lines, 1u);
  EXPECT_FALSE((*result)[3].error.empty());
  std::size_t lines = 0;
  for (char c : out) lines += c == '\n' ? 1 : 0;
  EXPECT_EQ(lines, 586u);
  EXPECT_LT(out.find("\"source\":\"evtx\""), out.find("\"source\":\"ndjson\""));
  EXPECT_LT(out.find("\"source\":\"ndjson\""), out.find("\"source\":\"w3c\""));

  o.filter = "id in (";
  EXPECT_FALSE(dump_events({kData / "iis_u_ex_sample.log"}, o, [](std::string_view) { return true; }).has_value());
}

TEST(AppEventsTest, CountsPerChannelProviderAndId) {
  TEMPER_REQUIRE_CORPUS();
  EventsOptions o;
  o.threads = 2;
  auto stats = event_statistics({evtx::test::sample("evtx-rs-samples/security.evtx"), kData / "iis_u_ex_sample.log"}, o);
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->events, 2264u);
  EXPECT_EQ(stats->per_channel["Security"], 2261u);
  EXPECT_EQ(stats->per_channel["W3C"], 3u);
  EXPECT_EQ(stats->per_event_id[4624], 583u);
  EXPECT_EQ(stats->per_provider["Microsoft-Windows-Eventlog"], 37u);
  EXPECT_NE(stats->first_time, 0u);
  EXPECT_GE(stats->last_time, stats->first_time);
  const std::string text = statistics_to_text(*stats);
  EXPECT_NE(text.find("events: 2264"), std::string::npos);
  const std::string json = statistics_to_json(*stats);
  EXPECT_EQ(json.rfind("{\"schema\":\"temper.event-stats/1\",\"events\":2264", 0), 0u);
  EXPECT_NE(json.find("\"4624\":583"), std::string::npos);
}

}  // namespace
}  // namespace temper::app
