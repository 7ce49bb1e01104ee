// SPDX-License-Identifier: Apache-2.0
// app::run_detect and its helpers: --since/--until values, and the per-rule summary's bounded host list.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "app/detect.hpp"
#include "core/time.hpp"

namespace temper::app {
namespace {

namespace fs = std::filesystem;

std::chrono::system_clock::time_point at(const char* iso) { return *parse_iso8601(iso); }

std::string bound(const char* text) {
  auto t = parse_time_bound(text, at("2024-03-10T12:00:00Z"));
  return t ? format_ticks(*t) : "error: " + t.error().message;
}

TEST(DetectRunnerTest, TimeBoundsAcceptDatesOffsetsAndDurations) {
  EXPECT_EQ(bound("2024-03-01"), "2024-03-01T00:00:00Z");
  EXPECT_EQ(bound("2024-03-01T10:00:00Z"), "2024-03-01T10:00:00Z");
  EXPECT_EQ(bound("2024-03-01T10:00:00.123Z"), "2024-03-01T10:00:00Z");
  EXPECT_EQ(bound("2024-03-01T10:00:00+02:00"), "2024-03-01T08:00:00Z");
  EXPECT_EQ(bound("2024-03-01T10:00:00-0530"), "2024-03-01T15:30:00Z");
  EXPECT_EQ(bound("90s"), "2024-03-10T11:58:30Z");
  EXPECT_EQ(bound("30m"), "2024-03-10T11:30:00Z");
  EXPECT_EQ(bound("24h"), "2024-03-09T12:00:00Z");
  EXPECT_EQ(bound("7d"), "2024-03-03T12:00:00Z");
  EXPECT_EQ(bound("2w"), "2024-02-25T12:00:00Z");
}

TEST(DetectRunnerTest, TimeBoundsRefuseAnythingElse) {
  for (const char* bad : {"", "yesterday", "24", "h", "24x", "-5h", "2024-3-1", "2024-03-01T10:00:00+2",
                          "2024-03-01T10:00:00+02:7", "2024-03-01T25:00:00Z", "99999999999999999999d"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(bound(bad).rfind("error: '", 0), 0u);
  }
  EXPECT_EQ(format_ticks(0), "");
}

TEST(DetectRunnerTest, TheSummaryNamesAtMost32HostsAndCountsTheRest) {
  const fs::path dir = fs::temp_directory_path() / ("temper-detect-runner-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "rule.yml") << "title: Failed logon\nid: r1\nlevel: low\nlogsource: {product: windows, service: security}\n"
                                     "detection: {sel: {EventID: 4625}, condition: sel}\n";
  {
    std::ofstream events(dir / "events.ndjson");
    for (int i = 0; i < 40; ++i) {
      for (int repeat = 0; repeat < 2; ++repeat) {
        events << R"({"@timestamp":"2024-03-01T08:00:)" << (10 + i) << R"(Z","winlog":{"channel":"Security","event_id":"4625",)"
               << R"("computer_name":"host)" << (100 + i) << R"(","record_id":)" << i << "}}\n";
      }
    }
  }
  DetectRequest request;
  request.rules = {dir / "rule.yml"};
  request.files = {dir / "events.ndjson"};
  std::uint64_t alerts = 0;
  auto report = run_detect(request, [&](const DetectAlert&) { ++alerts; });
  fs::remove_all(dir);
  ASSERT_TRUE(report.has_value()) << report.error().to_string();
  EXPECT_EQ(alerts, 80u);
  ASSERT_EQ(report->per_rule.size(), 1u);
  const auto& s = report->per_rule[0];
  EXPECT_EQ(s.alerts, 80u);
  ASSERT_EQ(s.hosts.size(), kMaxSummaryHosts);
  EXPECT_EQ(s.hosts.front(), "host100");
  EXPECT_EQ(s.hosts.back(), "host131");
  EXPECT_EQ(s.more_hosts, 8u);  // host132..host139, each seen twice
  EXPECT_EQ(format_ticks(s.first_time), "2024-03-01T08:00:10Z");
  EXPECT_EQ(format_ticks(s.last_time), "2024-03-01T08:00:49Z");
}

}  // namespace
}  // namespace temper::app
