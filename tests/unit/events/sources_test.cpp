// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "events/ndjson.hpp"
#include "events/render.hpp"
#include "events/w3c.hpp"

namespace temper::events {
namespace {

const std::filesystem::path kData = std::filesystem::path(TEMPER_TEST_DATA_DIR) / "events";

TEST(NdjsonTest, MapsWinlogbeatEcsIntoTheEventModel) {
  std::vector<std::string> lines;
  auto stats = read_ndjson(kData / "winlogbeat_sample.ndjson", [&](const Event& e) {
    std::string out;
    append_json(out, e);
    lines.push_back(out);
    if (e.system().event_id == 4624) {
      EXPECT_EQ(e.source, SourceKind::kNdjson);
      EXPECT_EQ(e.channel(), "Security");
      EXPECT_EQ(e.provider(), "Microsoft-Windows-Security-Auditing");
      EXPECT_EQ(e.system().record_id, 81234u);
      EXPECT_EQ(e.computer(), "web01.example.local");
      EXPECT_EQ(e.system().process_id, 652u);
      EXPECT_EQ(e.system().thread_id, 4120u);
      EXPECT_EQ(e.field("TargetUserName"), "IUSR");
      EXPECT_EQ(e.field("LogonType"), "5");
      EXPECT_EQ(e.field("process.name"), "services.exe");
      EXPECT_EQ(e.field("user.id"), "S-1-5-17");
      std::string t;
      append_filetime(t, e.system().time_created);
      EXPECT_EQ(t, "2023-05-04T10:11:12.345000000Z");
    }
    if (e.system().event_id == 1) {
      EXPECT_EQ(e.system().record_id, 77u);
      EXPECT_EQ(e.field("Image"), "C:\\Windows\\System32\\inetsrv\\aspnet_regiis.exe");
      EXPECT_EQ(e.field("process.args"), "aspnet_regiis.exe");  // arrays are repeated fields
    }
    if (e.system().event_id == 7045) {
      EXPECT_EQ(e.data_block, "UserData");
      EXPECT_EQ(e.field("ServiceName"), "evil");
    }
    return true;
  });
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->events, 3u);
  EXPECT_EQ(stats->bad_lines, 2u);  // "not json at all" and the top-level array
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[1].find("\"process.args\":[\"aspnet_regiis.exe\",\"-pdf\",\"connectionStrings\"]"), std::string::npos)
      << lines[1];
}

TEST(NdjsonTest, RejectsHostileNestingAndKeepsGoing) {
  const std::string deep = std::string(100000, '[') + "\n{\"winlog\":{\"event_id\":5}}\n";
  auto stats = read_ndjson(std::string_view(deep), [](const Event& e) { return e.system().event_id == 5; });
  EXPECT_EQ(stats.events, 1u);
  EXPECT_EQ(stats.bad_lines, 1u);
}

TEST(W3cTest, ReadsRequestsUnderEachFieldsHeader) {
  std::vector<std::string> stems;
  std::string protocol;
  std::uint64_t first_time = 0;
  auto stats = read_w3c(kData / "iis_u_ex_sample.log", [&](const Event& e) {
    EXPECT_EQ(e.source, SourceKind::kW3c);
    EXPECT_EQ(e.channel(), "W3C");
    stems.emplace_back(e.field("cs-uri-stem").value_or("?"));
    if (auto p = e.field("crypt-protocol")) {
      protocol = std::string(*p);
      EXPECT_EQ(e.computer(), "WEB01");
    }
    if (first_time == 0) first_time = e.system().time_created;
    return true;
  });
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->events, 3u);
  EXPECT_EQ(stats->bad_lines, 1u);
  EXPECT_EQ(stems, (std::vector<std::string>{"/index.html", "/login.aspx", "/api/\xC3\xBC"}));
  EXPECT_EQ(protocol, "400");
  std::string t;
  append_filetime(t, first_time);
  EXPECT_EQ(t, "2023-05-04T10:00:01.000000000Z");
}

TEST(W3cTest, DataBeforeFieldsIsBadAndMissingFileFails) {
  auto stats = read_w3c(std::string_view("a b c\n#Fields: x\n1\n"), [](const Event&) { return true; });
  EXPECT_EQ(stats.events, 1u);
  EXPECT_EQ(stats.bad_lines, 1u);
  auto missing = read_w3c(kData / "nope.log", [](const Event&) { return true; });
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace temper::events
