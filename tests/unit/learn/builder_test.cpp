// SPDX-License-Identifier: Apache-2.0
#include "learn/builder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "core/time.hpp"
#include "learn/usage_json.hpp"
#include "events/ndjson.hpp"
#include "events/w3c.hpp"
#include "evtx/reader.hpp"

namespace temper::learn {
namespace {
const std::string kData = TEMPER_TEST_DATA_DIR;

TEST(ProfileBuilderTest, LogonsFromWinlogbeat) {
  ProfileBuilder b;
  auto stats = events::read_ndjson(kData + "/events/winlogbeat_sample.ndjson", [&](const events::Event& e) {
    b.add(e);
    return true;
  });
  ASSERT_TRUE(stats) << stats.error().to_string();
  const UsageProfile& p = b.profile();
  ASSERT_FALSE(p.logons.empty());
  const auto& [key, logon] = *p.logons.begin();
  EXPECT_EQ(key.sid, "S-1-5-17");
  EXPECT_EQ(key.logon_type, 5U);
  EXPECT_NE(key.account.find("IUSR"), std::string::npos);
  EXPECT_EQ(logon.seen.count, 1U);
  ASSERT_TRUE(logon.seen.first);
  EXPECT_EQ(format_iso8601(*logon.seen.first), "2023-05-04T10:11:12Z");
  ASSERT_TRUE(logon.seen.example);
  EXPECT_EQ(logon.seen.example->record, 81234U);
  // Every event counts for its source, logon or not.
  std::uint64_t events = 0;
  for (const auto& [source, s] : p.sources) events += s.events.count;
  EXPECT_EQ(events, stats->events);
}

TEST(ProfileBuilderTest, W3cLinesCountForTheirSite) {
  const std::string log =
      "#Software: Microsoft Internet Information Services 10.0\n#Fields: date time s-ip cs-method cs-uri-stem sc-status\n"
      "2026-11-03 10:00:00 10.0.0.1 GET /index.html 200\n2026-11-04 11:00:00 10.0.0.1 POST /api 500\n"
      "#Fields: date time cs-method cs-uri-stem sc-status crypt-protocol\n2026-11-04 10:30:00 GET / 200 400\n";
  ProfileBuilder b;
  events::read_w3c_text(log, [&](const events::Event& e) {
    b.add(e);
    return true;
  }, "C:\\inetpub\\logs\\LogFiles\\W3SVC3\\u_ex261103.log");
  const UsageProfile& p = b.profile();
  ASSERT_EQ(p.sources.size(), 1U);
  const auto& [key, source] = *p.sources.begin();
  EXPECT_EQ(key.log, "W3SVC3");
  EXPECT_EQ(source.events.count, 3U);
  EXPECT_EQ(format_iso8601(*source.events.first), "2026-11-03T10:00:00Z");
  EXPECT_EQ(format_iso8601(*source.events.last), "2026-11-04T11:00:00Z");
  EXPECT_TRUE(source.fields.values.contains("cs-uri-stem"));
  EXPECT_TRUE(source.fields.values.contains("crypt-protocol"));  // from the second header
  EXPECT_TRUE(source.fields.values.contains("s-ip"));
  EXPECT_TRUE(p.logons.empty());
}

TEST(ProfileBuilderTest, PrivilegesAreSplitPerConstant) {
  const std::string file = std::string(TEMPER_SHARED_DIR) +
                           "/corpora/evtx/evtx-attack-samples/Privilege Escalation/NTLM2SelfRelay-med0x2e-security_4624_4688.evtx";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "../shared is not beside the repository";
  ProfileBuilder b;
  std::uint64_t with_list = 0;
  ASSERT_TRUE(evtx::read_evtx(file, {}, [&](const events::Event& e) {
    if (e.system().event_id == 4672 && e.field("PrivilegeList")) ++with_list;
    b.add(e);
    return true;
  }));
  const UsageProfile& p = b.profile();
  ASSERT_GT(with_list, 0U) << "the sample holds 4672 events with a PrivilegeList";
  ASSERT_FALSE(p.privileges.empty());
  for (const auto& [key, seen] : p.privileges) {
    EXPECT_TRUE(key.privilege.starts_with("Se")) << key.privilege;
    EXPECT_EQ(key.privilege.find_first_of(" \t\r\n"), std::string::npos);
    EXPECT_EQ(seen.count > 0, true);
  }
  // The nine constants of one 4672 list each become a key of their own.
  const bool debug = std::any_of(p.privileges.begin(), p.privileges.end(),
                                 [](const auto& kv) { return kv.first.privilege == "SeDebugPrivilege" && kv.first.event_id == 4672; });
  EXPECT_TRUE(debug);
  auto back = parse_usage(write_usage(p));
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(*back, p);
}

TEST(ProfileBuilderTest, LogonsFromARealSecurityLog) {
  const std::string file = std::string(TEMPER_SHARED_DIR) +
                           "/corpora/evtx/evtx-attack-samples/Lateral Movement/LM_4624_mimikatz_sekurlsa_pth_source_machine.evtx";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "../shared is not beside the repository";
  ProfileBuilder b;
  auto stats = evtx::read_evtx(file, {}, [&](const events::Event& e) {
    b.add(e);
    return true;
  });
  ASSERT_TRUE(stats) << stats.error().to_string();
  const UsageProfile& p = b.profile();
  const LogonKey key{"S-1-5-21-1587066498-1489273250-1035260531-1106", "EXAMPLE\\user01", 9, "Negotiate", "-",
                     "C:\\Windows\\System32\\svchost.exe"};
  ASSERT_TRUE(p.logons.contains(key)) << write_usage(p);
  const Counter& seen = p.logons.at(key).seen;
  EXPECT_GE(seen.count, 1U);
  EXPECT_EQ(format_iso8601(*seen.first), "2019-03-18T11:06:29Z");
  EXPECT_EQ(seen.example->record, 432903U);
  EXPECT_EQ(seen.example->file, file);
  EXPECT_TRUE(p.sources.contains(SourceKey{"Security", "PC01.example.corp"}));
}

}  // namespace
}  // namespace temper::learn
