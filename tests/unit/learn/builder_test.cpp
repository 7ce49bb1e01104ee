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
#include "test_support.hpp"

namespace temper::learn {
namespace {
const std::string kData = TEMPER_TEST_DATA_DIR;
const std::string kCorpus = std::string(TEMPER_SHARED_DIR) + "/corpora/evtx";

UsageProfile from_ndjson(std::string_view text) {
  return test_support::build(
      [&](const events::EventSink& sink) { EXPECT_EQ(events::read_ndjson_text(text, sink, "crafted.ndjson").bad_lines, 0U); });
}

// Every event of an EVTX file; skips the test when ../shared is not beside the repository.
std::optional<UsageProfile> from_evtx(const std::string& file) {
  if (!std::filesystem::exists(file)) return std::nullopt;
  return test_support::build([&](const events::EventSink& sink) {
    auto stats = evtx::read_evtx(file, {}, sink);
    EXPECT_TRUE(stats) << stats.error().to_string();
  });
}

// One winlogbeat document: channel, provider, event id, record id, time and event_data.
std::string winlogbeat(std::string_view channel, std::string_view provider, int id, int record, std::string_view data) {
  return R"({"@timestamp":"2026-11-03T10:00:)" + std::to_string(10 + record % 50) + R"(Z","winlog":{"channel":")" +
         std::string(channel) + R"(","provider_name":")" + std::string(provider) + R"(","event_id":)" + std::to_string(id) +
         R"(,"record_id":)" + std::to_string(record) + R"(,"computer_name":"WEB01","event_data":{)" + std::string(data) + "}}}\n";
}

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

TEST(ProfileBuilderTest, EventIdsCountPerSource) {
  const UsageProfile p = from_ndjson(winlogbeat("Security", "Microsoft-Windows-Security-Auditing", 4688, 1, "") +
                                     winlogbeat("Security", "Microsoft-Windows-Security-Auditing", 4688, 2, "") +
                                     winlogbeat("System", "Service Control Manager", 7036, 3, "") +
                                     winlogbeat("Security", "Microsoft-Windows-Security-Auditing", 1102, 4, ""));
  const SourceStats& security = p.sources.at(SourceKey{"Security", "WEB01"});
  EXPECT_EQ(security.events.count, 3U);
  ASSERT_EQ(security.event_ids.size(), 2U);
  EXPECT_EQ(security.event_ids.at(4688).count, 2U);
  EXPECT_EQ(security.event_ids.at(4688).example, (Example{"crafted.ndjson", 1}));
  EXPECT_EQ(format_iso8601(*security.event_ids.at(1102).first), "2026-11-03T10:00:14Z");
  EXPECT_EQ(p.sources.at(SourceKey{"System", "WEB01"}).event_ids.at(7036).count, 1U);
  EXPECT_TRUE(p.services.empty());  // a 7036 without param1 names no service
}

TEST(ProfileBuilderTest, ExplicitLogonsFromWinlogbeat) {
  const std::string data =
      R"("SubjectUserSid":"s-1-5-21-1-1106","SubjectUserName":"user01","SubjectDomainName":"EXAMPLE","TargetUserName":"administrator",)"
      R"("TargetDomainName":"EXAMPLE.CORP","TargetServerName":"DC01.example.corp","ProcessName":"C:\\Windows\\System32\\wbem\\WMIC.exe")";
  const UsageProfile p = from_ndjson(winlogbeat("Security", "Microsoft-Windows-Security-Auditing", 4648, 7, data) +
                                     winlogbeat("Security", "Microsoft-Windows-Security-Auditing", 4648, 8, data) +
                                     winlogbeat("System", "Microsoft-Windows-Security-Auditing", 4648, 9, data));
  ASSERT_EQ(p.explicit_logons.size(), 1U);
  const auto& [key, seen] = *p.explicit_logons.begin();
  EXPECT_EQ(key, (ExplicitLogonKey{"S-1-5-21-1-1106", "EXAMPLE\\user01", "EXAMPLE.CORP\\administrator", "DC01.example.corp",
                                   "C:\\Windows\\System32\\wbem\\WMIC.exe"}));
  EXPECT_EQ(seen.count, 2U);  // the third is not from the Security log
}

TEST(ProfileBuilderTest, ServicesFromSystemAndSecurity) {
  const std::string scm = "Service Control Manager";
  const std::string text =
      winlogbeat("System", scm, 7036, 1, R"("param1":"World Wide Web Publishing Service","param2":"running")") +
      winlogbeat("System", scm, 7036, 2, R"("param1":"World Wide Web Publishing Service","param2":"running")") +
      winlogbeat("System", scm, 7036, 3, R"("param1":"World Wide Web Publishing Service","param2":"stopped")") +
      winlogbeat("System", scm, 7040, 4,
                 R"("param1":"Background Intelligent Transfer Service","param2":"auto start","param3":"demand start","param4":"BITS")") +
      winlogbeat("System", scm, 7045, 5, R"("ServiceName":"evil","ImagePath":"C:\\x.exe","AccountName":"LocalSystem")") +
      winlogbeat("Security", "Microsoft-Windows-Security-Auditing", 4697, 6,
                 R"("ServiceName":"evil","ServiceFileName":"C:\\x.exe","ServiceAccount":"LocalSystem")") +
      winlogbeat("System", "Some-Other-Provider", 7036, 7, R"("param1":"Not a service","param2":"running")");
  const UsageProfile p = from_ndjson(text);
  ASSERT_EQ(p.services.size(), 4U) << write_usage(p);
  EXPECT_EQ(p.services.at(ServiceKey{"World Wide Web Publishing Service", "state", "running"}).count, 2U);
  EXPECT_EQ(p.services.at(ServiceKey{"World Wide Web Publishing Service", "state", "stopped"}).count, 1U);
  EXPECT_EQ(p.services.at(ServiceKey{"Background Intelligent Transfer Service", "start_type", "demand start"}).count, 1U);
  const Counter& installed = p.services.at(ServiceKey{"evil", "installed", "LocalSystem"});
  EXPECT_EQ(installed.count, 2U);  // 7045 and 4697
  EXPECT_EQ(installed.example, (Example{"crafted.ndjson", 5}));
}

TEST(ProfileBuilderTest, Smb1ClientsAndNtlm) {
  const std::string ntlm = "Microsoft-Windows-NTLM/Operational";
  const std::string text =
      winlogbeat("Microsoft-Windows-SMBServer/Audit", "Microsoft-Windows-SMBServer", 3000, 1, R"("ClientName":"10.0.0.9")") +
      winlogbeat("Microsoft-Windows-SMBServer/Audit", "Microsoft-Windows-SMBServer", 3000, 2, R"("ClientName":"10.0.0.9")") +
      winlogbeat("Microsoft-Windows-SMBServer/Audit", "Microsoft-Windows-SMBServer", 3000, 3, R"("ClientName":"OLDPRINTER")") +
      winlogbeat(ntlm, "Microsoft-Windows-NTLM", 8001, 4,
                 R"("TargetName":"HTTP/intranet","UserName":"alice","DomainName":"CONTOSO","ProcessName":"C:\\app.exe",)"
                 R"("ClientUserName":"WEB01$","ClientDomainName":"CONTOSO")") +
      winlogbeat(ntlm, "Microsoft-Windows-NTLM", 8002, 5,
                 R"("ProcessName":"System","ClientUserName":"svc-backup","ClientDomainName":"CONTOSO")") +
      winlogbeat(ntlm, "Microsoft-Windows-NTLM", 8003, 6,
                 R"("UserName":"bob","DomainName":"CONTOSO","Workstation":"PC7","ProcessName":"lsass.exe")") +
      winlogbeat(ntlm, "Microsoft-Windows-NTLM", 8004, 7,
                 R"("SChannelName":"WEB01","UserName":"carol","DomainName":"CONTOSO","WorkstationName":"PC9")") +
      winlogbeat(ntlm, "Microsoft-Windows-NTLM", 4002, 8,
                 R"("ProcessName":"System","ClientUserName":"svc-backup","ClientDomainName":"CONTOSO")") +
      winlogbeat("Microsoft-Windows-GroupPolicy/Operational", "Microsoft-Windows-GroupPolicy", 8001, 9,
                 R"("PrincipalSamName":"PC\\user")");
  const UsageProfile p = from_ndjson(text);
  ASSERT_EQ(p.smb1_clients.size(), 2U);
  EXPECT_EQ(p.smb1_clients.at(Smb1Key{"10.0.0.9"}).count, 2U);
  EXPECT_EQ(p.smb1_clients.at(Smb1Key{"OLDPRINTER"}).count, 1U);
  ASSERT_EQ(p.ntlm.size(), 5U) << write_usage(p);
  EXPECT_TRUE(p.ntlm.contains(NtlmKey{8001, "CONTOSO\\alice", "", "HTTP/intranet", "C:\\app.exe"}));
  EXPECT_TRUE(p.ntlm.contains(NtlmKey{8002, "CONTOSO\\svc-backup", "", "", "System"}));
  EXPECT_TRUE(p.ntlm.contains(NtlmKey{8003, "CONTOSO\\bob", "PC7", "", "lsass.exe"}));
  EXPECT_TRUE(p.ntlm.contains(NtlmKey{8004, "CONTOSO\\carol", "PC9", "", ""}));
  EXPECT_EQ(p.ntlm.at(NtlmKey{4002, "CONTOSO\\svc-backup", "", "", "System"}).count, 1U);
}

TEST(ProfileBuilderTest, SchannelHandshakesAreTls) {
  const std::string text =
      winlogbeat("System", "Schannel", 36880, 1, R"("Type":"server","Protocol":"TLS 1.0","CipherSuite":"0xc014")") +
      winlogbeat("System", "Schannel", 36880, 2, R"("Type":"server","Protocol":"TLS 1.0","CipherSuite":"0xc014")") +
      winlogbeat("System", "Schannel", 36880, 3, R"("Type":"client","Protocol":"TLSv1.2")") +
      winlogbeat("System", "Schannel", 36880, 4, R"("Type":"server")");
  const UsageProfile p = from_ndjson(text);
  ASSERT_EQ(p.tls.size(), 2U) << write_usage(p);
  EXPECT_EQ(p.tls.at(TlsKey{"Schannel", "TLS 1.0", "0xc014"}).seen.count, 2U);
  EXPECT_EQ(p.tls.at(TlsKey{"Schannel", "TLS 1.2", ""}).seen.count, 1U);
}

TEST(ProfileBuilderTest, ServicesFromRealSystemLogs) {
  const auto installed = from_evtx(kCorpus + "/evtx-attack-samples/Lateral Movement/LM_Remote_Service02_7045.evtx");
  if (!installed) GTEST_SKIP() << "../shared is not beside the repository";
  ASSERT_EQ(installed->services.size(), 3U) << write_usage(*installed);
  const Counter& spoolfool = installed->services.at(ServiceKey{"spoolfool", "installed", "LocalSystem"});
  EXPECT_EQ(spoolfool.count, 1U);
  EXPECT_EQ(spoolfool.example->record, 4480U);
  EXPECT_EQ(format_iso8601(*spoolfool.first), "2019-03-03T09:20:28Z");
  EXPECT_TRUE(installed->services.contains(ServiceKey{"remotesvc", "installed", "LocalSystem"}));
  EXPECT_EQ(installed->sources.at(SourceKey{"System", "WIN-77LTAPHIQ1R.example.corp"}).event_ids.at(7045).count, 3U);

  const auto states = from_evtx(kCorpus + "/evtx-attack-samples/Defense Evasion/DE_WinEventLogSvc_Crash_System_7036.evtx");
  ASSERT_TRUE(states);
  ASSERT_EQ(states->services.size(), 6U);
  EXPECT_TRUE(states->services.contains(ServiceKey{"Windows Insider Service", "state", "stopped"}));
  EXPECT_EQ(states->services.at(ServiceKey{"Windows Event Log", "state", "running"}).count, 1U);

  const auto types = from_evtx(kCorpus + "/evtx-rs-samples/2-vss_7-System.evtx");
  ASSERT_TRUE(types);
  EXPECT_EQ(types->services.at(ServiceKey{"Windows Modules Installer", "start_type", "auto start"}).count, 17U);
  EXPECT_EQ(types->services.at(ServiceKey{"Windows Modules Installer", "start_type", "demand start"}).count, 16U);
  std::uint64_t start_types = 0;
  for (const auto& [key, seen] : types->services) start_types += key.action == "start_type" ? seen.count : 0;
  EXPECT_EQ(start_types, 52U);  // every 7040 of the file
}

TEST(ProfileBuilderTest, ExplicitLogonsFromARealSecurityLog) {
  const auto p = from_evtx(kCorpus + "/evtx-attack-samples/Lateral Movement/LM_WMIC_4648_rpcss.evtx");
  if (!p) GTEST_SKIP() << "../shared is not beside the repository";
  ASSERT_EQ(p->explicit_logons.size(), 3U) << write_usage(*p);
  const ExplicitLogonKey key{"S-1-5-21-1587066498-1489273250-1035260531-1106", "EXAMPLE\\user01", "EXAMPLE.CORP\\administrator",
                             "WIN-77LTAPHIQ1R.example.corp", "C:\\Windows\\System32\\svchost.exe"};
  ASSERT_TRUE(p->explicit_logons.contains(key));
  EXPECT_EQ(p->explicit_logons.at(key).example->record, 433333U);
  const SourceStats& security = p->sources.at(SourceKey{"Security", "PC01.example.corp"});
  EXPECT_EQ(security.event_ids.at(4648).count, 3U);
  EXPECT_EQ(security.event_ids.at(4688).count, 1U);
  EXPECT_EQ(security.event_ids.at(1102).count, 1U);
  auto back = parse_usage(write_usage(*p));
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(*back, *p);
}

}  // namespace
}  // namespace temper::learn
