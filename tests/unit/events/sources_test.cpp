// SPDX-License-Identifier: Apache-2.0
// The NDJSON (ECS) reader: winlogbeat 7/8 and Elastic Agent documents into the event model.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/limits.hpp"
#include "events/ndjson.hpp"
#include "events/render.hpp"
#include "test_support.hpp"

namespace temper::events {
namespace {

using test_support::time_of;
const std::filesystem::path& kData = test_support::kEventsData;

// Every value of a (possibly repeated) data field, in order.
std::vector<std::string> values(const Event& e, std::string_view name) {
  std::vector<std::string> out;
  for (const Field& f : e.fields()) {
    if (e.text(f.name) == name) out.emplace_back(e.text(f.value));
  }
  return out;
}

// One document, mapped; fails the test when it does not parse.
Event parse(std::string_view line) {
  Event e;
  const auto r = parse_ecs_line(line, e);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return e;
}

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
      EXPECT_EQ(e.field("winlog.keywords"), "Audit Success");
      EXPECT_EQ(time_of(e), "2023-05-04T10:11:12.345000000Z");
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

// The three documents of elastic_windows.ndjson by event id, and the read's counters.
struct ElasticSample {
  std::map<std::uint32_t, Event> by_id;
  TextReadStats stats;
};

ElasticSample read_elastic_sample() {
  ElasticSample s;
  auto stats = read_ndjson(kData / "elastic_windows.ndjson", [&](const Event& e) {
    s.by_id[e.system().event_id] = e;
    return true;
  });
  EXPECT_TRUE(stats.has_value());
  if (stats) s.stats = *stats;
  return s;
}

TEST(NdjsonTest, Winlogbeat8SecurityLogonFillsSystemFieldsAndDerivesWhatThePipelineMoved) {
  const ElasticSample sample = read_elastic_sample();
  ASSERT_EQ(sample.by_id.count(4624), 1u);
  const Event& e = sample.by_id.at(4624);
  const SystemFields& s = e.system();
  EXPECT_EQ(e.channel(), "Security");
  EXPECT_EQ(e.provider(), "Microsoft-Windows-Security-Auditing");
  EXPECT_EQ(e.text(s.provider_guid), "{54849625-5478-4994-a5ba-3e3b0328c30d}");
  EXPECT_TRUE(s.has_event_id);
  EXPECT_EQ(s.record_id, 2290517u);                // winlog.record_id as a string
  EXPECT_EQ(e.computer(), "WEB02.contoso.local");  // winlog.computer_name before host.name
  EXPECT_EQ(s.process_id, 764u);
  EXPECT_EQ(s.thread_id, 5320u);
  EXPECT_EQ(s.version, 2u);
  EXPECT_EQ(s.level, 4u);  // log.level "information"
  EXPECT_EQ(s.task, 0u);   // winlog.task is a name, kept as data
  EXPECT_EQ(time_of(e), "2024-03-01T08:15:42.123456700Z");
  EXPECT_EQ(e.data_block, "EventData");
  // Real EventData, unchanged.
  EXPECT_EQ(e.field("LogonType"), "8");
  EXPECT_EQ(e.field("TargetUserName"), "alice");
  EXPECT_EQ(e.field("LogonProcessName"), "Advapi  ");
  EXPECT_EQ(e.field("SubjectLogonId"), "0x3e7");
  // winlog leaves without a System place, and other ECS fields, under their dotted names.
  EXPECT_EQ(e.field("winlog.task"), "Logon");
  EXPECT_EQ(e.field("winlog.opcode"), "Info");
  EXPECT_EQ(e.field("winlog.keywords"), "Audit Success");
  EXPECT_EQ(e.field("winlog.api"), "wineventlog");
  EXPECT_EQ(e.field("winlog.logon.type"), "NetworkCleartext");
  EXPECT_EQ(e.field("event.code"), "4624");
  EXPECT_EQ(e.field("event.created"), "2024-03-01T08:15:43.001Z");
  EXPECT_EQ(e.field("log.level"), "information");
  EXPECT_EQ(values(e, "event.category"), std::vector<std::string>{"authentication"});
  // winlog leaves that filled System fields are not repeated.
  EXPECT_FALSE(e.field("winlog.channel").has_value());
  EXPECT_FALSE(e.field("winlog.process.pid").has_value());
  EXPECT_FALSE(e.field("winlog.event_id").has_value());
  EXPECT_FALSE(e.field("@timestamp").has_value());
  // The security pipeline moved these into ECS fields; they come back under their names.
  EXPECT_EQ(e.field("IpAddress"), "198.51.100.23");
  EXPECT_EQ(e.field("IpPort"), "50211");
  EXPECT_EQ(e.field("WorkstationName"), "WEB02");
  EXPECT_EQ(e.field("ProcessId"), "0x1a2c");  // process.pid 6700, written as Windows does
  EXPECT_EQ(e.field("ProcessName"), "C:\\Windows\\System32\\inetsrv\\w3wp.exe");
  EXPECT_EQ(values(e, "temper.derived"),
            (std::vector<std::string>{"IpAddress", "IpPort", "WorkstationName", "ProcessId", "ProcessName"}));
}

TEST(NdjsonTest, SysmonProcessCreateGetsItsEventDataNamesBackFromEcs) {
  const ElasticSample sample = read_elastic_sample();
  ASSERT_EQ(sample.by_id.count(1), 1u);
  const Event& e = sample.by_id.at(1);
  EXPECT_EQ(e.channel(), "Microsoft-Windows-Sysmon/Operational");
  EXPECT_EQ(e.provider(), "Microsoft-Windows-Sysmon");
  EXPECT_EQ(e.system().record_id, 118205u);
  EXPECT_EQ(e.system().process_id, 2956u);
  EXPECT_EQ(e.system().version, 5u);
  EXPECT_EQ(e.text(e.system().user_sid), "S-1-5-18");
  EXPECT_EQ(time_of(e), "2024-03-01T08:16:05.517000000Z");
  EXPECT_EQ(e.field("IntegrityLevel"), "High");
  EXPECT_EQ(e.field("Product"), "Microsoft\xC2\xAE Operating System");
  EXPECT_EQ(e.field("winlog.user.name"), "SYSTEM");
  EXPECT_EQ(e.field("Image"), "C:\\Windows\\System32\\cmd.exe");
  EXPECT_EQ(e.field("CommandLine"), "cmd.exe /c whoami /all");
  EXPECT_EQ(e.field("ProcessId"), "4312");  // Sysmon writes decimal ids
  EXPECT_EQ(e.field("ProcessGuid"), "{3d5e8a10-8f25-65e1-8c03-000000001d00}");
  EXPECT_EQ(e.field("User"), "IIS APPPOOL\\DefaultAppPool");
  EXPECT_EQ(e.field("CurrentDirectory"), "c:\\windows\\system32\\inetsrv\\");
  EXPECT_EQ(e.field("OriginalFileName"), "Cmd.Exe");
  EXPECT_EQ(e.field("ParentImage"), "C:\\Windows\\System32\\inetsrv\\w3wp.exe");
  EXPECT_EQ(e.field("ParentProcessId"), "6700");
  EXPECT_EQ(e.field("ParentCommandLine"), "c:\\windows\\system32\\inetsrv\\w3wp.exe -ap \"DefaultAppPool\"");
  EXPECT_EQ(e.field("RuleName"), "technique_id=T1059.003,technique_name=Windows Command Shell");
  EXPECT_EQ(values(e, "process.args"), (std::vector<std::string>{"cmd.exe", "/c", "whoami", "/all"}));
  EXPECT_EQ(values(e, "temper.derived"),
            (std::vector<std::string>{"ProcessGuid", "ProcessId", "Image", "User", "RuleName", "CommandLine",
                                      "CurrentDirectory", "OriginalFileName", "ParentProcessGuid", "ParentProcessId",
                                      "ParentImage", "ParentCommandLine"}));
}

TEST(NdjsonTest, ElasticAgentEcsOnlyProcessCreationIsReadAsA4688) {
  const ElasticSample sample = read_elastic_sample();
  ASSERT_EQ(sample.by_id.count(4688), 1u);
  const Event& e = sample.by_id.at(4688);
  const SystemFields& s = e.system();
  EXPECT_EQ(e.provider(), "Microsoft-Windows-Security-Auditing");  // from event.provider
  EXPECT_EQ(s.event_id, 4688u);                                    // from event.code
  EXPECT_EQ(e.channel(), "Security");
  EXPECT_EQ(e.computer(), "WEB02.contoso.local");
  EXPECT_EQ(s.record_id, 2290533u);
  EXPECT_EQ(s.process_id, 4u);
  EXPECT_EQ(s.thread_id, 7420u);
  EXPECT_EQ(s.level, 4u);
  EXPECT_EQ(e.data_block, "");  // no winlog.event_data in the document
  EXPECT_EQ(e.field("NewProcessName"), "C:\\Windows\\System32\\cmd.exe");
  EXPECT_EQ(e.field("NewProcessId"), "0x10d8");
  EXPECT_EQ(e.field("ProcessId"), "0x1a2c");
  EXPECT_EQ(e.field("ParentProcessName"), "C:\\Windows\\System32\\inetsrv\\w3wp.exe");
  EXPECT_EQ(e.field("CommandLine"), "cmd.exe /c whoami /all");
  EXPECT_EQ(e.field("SubjectUserSid"), "S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415");
  EXPECT_EQ(e.field("SubjectUserName"), "DefaultAppPool");
  EXPECT_EQ(e.field("SubjectDomainName"), "IIS APPPOOL");
  EXPECT_EQ(e.field("SubjectLogonId"), "0xa14b1c");
  EXPECT_EQ(e.field("TargetUserSid"), "S-1-0-0");
  EXPECT_FALSE(e.field("TargetUserName").has_value());  // user.effective.name is absent
  EXPECT_EQ(values(e, "temper.derived"),
            (std::vector<std::string>{"SubjectUserSid", "SubjectUserName", "SubjectDomainName", "SubjectLogonId",
                                      "TargetUserSid", "NewProcessId", "NewProcessName", "ProcessId",
                                      "ParentProcessName", "CommandLine"}));
  // The ECS fields stay as they were.
  EXPECT_EQ(e.field("process.pid"), "4312");
  EXPECT_EQ(e.field("data_stream.dataset"), "system.security");
  EXPECT_EQ(e.field("elastic_agent.snapshot"), "false");
}

TEST(NdjsonTest, BadLinesAreCountedWithTheirLineNumbers) {
  const ElasticSample sample = read_elastic_sample();
  EXPECT_EQ(sample.stats.events, 3u);
  EXPECT_EQ(sample.stats.bad_lines, 2u);
  ASSERT_EQ(sample.stats.diagnostics.size(), 2u);
  EXPECT_EQ(sample.stats.diagnostics[0], "line 4: invalid JSON at byte 47");  // the line ends inside an object
  EXPECT_EQ(sample.stats.diagnostics[1], "line 5: not a JSON object");
}

TEST(NdjsonTest, ErrorsNameTheByteWhereTheLineStopsBeingJson) {
  auto error = [](std::string_view line) {
    Event e;
    const auto r = parse_ecs_line(line, e);
    return r ? std::string("parsed") : r.error().message;
  };
  EXPECT_EQ(error(R"({"a":1,"b")"), "invalid JSON at byte 11");    // ends early: one past the end
  EXPECT_EQ(error(R"({"a":[1,2})"), "invalid JSON at byte 10");    // the brace that closes nothing open
  EXPECT_EQ(error(R"({"a":tru})"), "invalid JSON at byte 6");      // the bad literal
  EXPECT_EQ(error(R"({"a":01})"), "invalid JSON at byte 6");       // a leading zero
  EXPECT_EQ(error(R"({"a":1 "b":2})"), "invalid JSON at byte 8");  // a missing comma
  EXPECT_EQ(error(R"({"a":1} x)"), "invalid JSON at byte 9");      // something after the object
  EXPECT_EQ(error(R"({"a":1}})"), "invalid JSON at byte 8");
  EXPECT_EQ(error("{\"a\":\"x\x01y\"}"), "invalid JSON at byte 8");  // a control character in a string
  EXPECT_EQ(error(R"({"a":"\ud800"})"), "invalid JSON at byte 6");   // a lone surrogate
  EXPECT_EQ(error(R"(["Security",4624])"), "not a JSON object");
  EXPECT_EQ(error(R"("text")"), "not a JSON object");
  EXPECT_EQ(error("1e400"), "not a JSON object");
  EXPECT_EQ(error(R"({"a":1e400,"b":-0})"), "parsed");  // valid JSON, kept as text
}

// simdjson picks its kernel when the program starts, from what the CPU offers (decision 0032):
// Debian's library and the Windows build's (cmake/mingw-deps.cmake) carry the same x86-64 kernels.
TEST(NdjsonTest, SimdjsonChoosesTheBestKernelTheCpuSupports) {
  std::vector<std::string> compiled;
  const simdjson::implementation* best = nullptr;
  for (const simdjson::implementation* impl : simdjson::get_available_implementations()) {
    compiled.push_back(impl->name());
    if (best == nullptr && impl->supported_by_runtime_system()) best = impl;  // listed best first
  }
#if defined(__x86_64__) || defined(_M_X64)
  EXPECT_NE(std::find(compiled.begin(), compiled.end(), "haswell"), compiled.end());
  EXPECT_NE(std::find(compiled.begin(), compiled.end(), "westmere"), compiled.end());
#endif
  ASSERT_NE(best, nullptr);
  EXPECT_EQ(simdjson::get_active_implementation()->name(), best->name());
  RecordProperty("simdjson_kernel", simdjson::get_active_implementation()->name());  // in --gtest_output=xml
}

TEST(NdjsonTest, RealEventDataAlwaysWinsOverTheEcsFallback) {
  const Event e = parse(
      R"({"winlog":{"provider_name":"Microsoft-Windows-Sysmon","event_id":1,"event_data":{"Image":"C:\\real.exe"}},)"
      R"("process":{"executable":"C:\\ecs.exe","command_line":"ecs.exe /x"}})");
  EXPECT_EQ(values(e, "Image"), std::vector<std::string>{"C:\\real.exe"});
  EXPECT_EQ(e.field("CommandLine"), "ecs.exe /x");
  EXPECT_EQ(values(e, "temper.derived"), std::vector<std::string>{"CommandLine"});
  // Another provider or event id derives nothing.
  const Event other = parse(R"({"winlog":{"provider_name":"Microsoft-Windows-Sysmon","event_id":2},)"
                            R"("process":{"executable":"C:\\ecs.exe"}})");
  EXPECT_FALSE(other.field("Image").has_value());
  EXPECT_FALSE(other.field("temper.derived").has_value());
}

TEST(NdjsonTest, LogonTypeNamesAndFlatDottedKeysAreUnderstood) {
  const Event e = parse(
      R"({"winlog.channel":"Security","winlog.event_id":"4625","event.provider":"Microsoft-Windows-Security-Auditing",)"
      R"("winlog.event_data.TargetUserName":"bob","winlog.logon.type":"RemoteInteractive","source.ip":"203.0.113.5",)"
      R"("source.port":445,"process.pid":0})");
  EXPECT_EQ(e.channel(), "Security");
  EXPECT_EQ(e.system().event_id, 4625u);
  EXPECT_EQ(e.field("TargetUserName"), "bob");
  EXPECT_EQ(e.data_block, "EventData");
  EXPECT_EQ(e.field("LogonType"), "10");
  EXPECT_EQ(e.field("IpAddress"), "203.0.113.5");
  EXPECT_EQ(e.field("IpPort"), "445");
  EXPECT_EQ(e.field("ProcessId"), "0x0");
  EXPECT_FALSE(e.field("winlog.channel").has_value());
}

TEST(NdjsonTest, NumbersKeepTheirTextAndNestedObjectsFlatten) {
  const Event e = parse(R"({"winlog":{"event_id":4624,"record_id":123456789012345678901234567890,"version":300,)"
                        R"("event_data":{"KeyLength":0,"Ratio":1.50,"Exp":1E3,"Neg":-5,"Huge":18446744073709551616,)"
                        R"("Outer":{"Inner":"x","Deeper":{"Leaf":true}},"Empty":null}},"tags":["a","b"]})");
  EXPECT_EQ(e.field("KeyLength"), "0");
  EXPECT_EQ(e.field("Ratio"), "1.50");
  EXPECT_EQ(e.field("Exp"), "1E3");
  EXPECT_EQ(e.field("Neg"), "-5");
  EXPECT_EQ(e.field("Huge"), "18446744073709551616");
  EXPECT_EQ(e.field("Outer.Inner"), "x");
  EXPECT_EQ(e.field("Outer.Deeper.Leaf"), "true");
  EXPECT_EQ(e.field("Empty"), "");
  EXPECT_EQ(values(e, "tags"), (std::vector<std::string>{"a", "b"}));
  // Numbers that do not fit their System field are not truncated: they stay data fields.
  EXPECT_EQ(e.system().record_id, 0u);
  EXPECT_EQ(e.field("winlog.record_id"), "123456789012345678901234567890");
  EXPECT_EQ(e.system().version, 0u);
  EXPECT_EQ(e.field("winlog.version"), "300");
}

// Every data field of an event as "name=value", in order.
std::vector<std::string> all_fields(const Event& e) {
  std::vector<std::string> out;
  for (const Field& f : e.fields()) out.push_back(std::string(e.text(f.name)) + "=" + std::string(e.text(f.value)));
  return out;
}

TEST(NdjsonTest, ARealisticDocumentMapsEveryLeafExactly) {
  // A winlogbeat 8 logon as an enrichment pipeline leaves it: numbers written as 1.50, 1e3,
  // 0.75, 52.3700, integers beyond 64 bits and at the top of the unsigned range, nested
  // objects, arrays of strings, of objects and of arrays, null and false, a repeated key (the
  // last value wins), and objects whose keys are not in name order.
  const Event e = parse(
      R"({"@timestamp":"2024-03-01T09:15:42.1234567+01:00","event":{"code":"4624","kind":"event",)"
      R"("duration":1500000,"risk_score":1.50,"category":["authentication"],"outcome":"success"},)"
      R"("winlog":{"channel":"Security","event_id":4624,"record_id":18446744073709551615,)"
      R"("provider_name":"Microsoft-Windows-Security-Auditing","process":{"pid":652,"thread":{"id":4120}},)"
      R"("event_data":{"LogonType":"3","KeyLength":0,"ImpersonationLevel":"%%1833","Status":"0x1",)"
      R"("Scale":1e3,"Big":123456789012345678901234567890,"Neg":-42,"Nested":{"B":2,"A":{"Deep":true}},)"
      R"("Status":"0x0","Quote":"say \"hi\"\ttab \u00e9\ud83d\ude00"},)"
      R"("keywords":["Audit Success"],"api":"wineventlog","opcode":"Info"},)"
      R"("process":{"pid":6700,"executable":"C:\\Windows\\System32\\inetsrv\\w3wp.exe"},)"
      R"("related":{"ip":["198.51.100.23","2001:db8::1"],"user":["alice"]},)"
      R"("threat":{"enrichments":[{"matched":{"atomic":"198.51.100.23"},)"
      R"("indicator":{"type":"ipv4-addr","confidence":7}}]},)"
      R"("matrix":[[1,2.50],"x",null,true],)"
      R"("source":{"ip":"198.51.100.23","port":50211,"geo":{"location":{"lon":4.8900,"lat":52.3700}}},)"
      R"("user":{"name":"alice","domain":"CONTOSO"},"labels":{"empty":null,"flag":false,"huge":9223372036854775808}})");
  const SystemFields& s = e.system();
  EXPECT_EQ(e.channel(), "Security");
  EXPECT_EQ(e.provider(), "Microsoft-Windows-Security-Auditing");
  EXPECT_EQ(s.event_id, 4624u);
  EXPECT_EQ(s.record_id, 18446744073709551615u);
  EXPECT_EQ(s.process_id, 652u);
  EXPECT_EQ(s.thread_id, 4120u);
  EXPECT_EQ(time_of(e), "2024-03-01T08:15:42.123456700Z");
  EXPECT_EQ(e.data_block, "EventData");
  EXPECT_EQ(all_fields(e), (std::vector<std::string>{
                               "Big=123456789012345678901234567890",
                               "ImpersonationLevel=%%1833",
                               "KeyLength=0",
                               "LogonType=3",
                               "Neg=-42",
                               "Nested.A.Deep=true",
                               "Nested.B=2",
                               "Quote=say \"hi\"\ttab \xC3\xA9\xF0\x9F\x98\x80",
                               "Scale=1e3",
                               "Status=0x0",
                               "event.category=authentication",
                               "event.code=4624",
                               "event.duration=1500000",
                               "event.kind=event",
                               "event.outcome=success",
                               "event.risk_score=1.50",
                               "labels.empty=",
                               "labels.flag=false",
                               "labels.huge=9223372036854775808",
                               "matrix=[1,2.50]",  // numbers in compact JSON as written, unquoted
                               "matrix=x",
                               "matrix=",
                               "matrix=true",
                               "process.executable=C:\\Windows\\System32\\inetsrv\\w3wp.exe",
                               "process.pid=6700",
                               "related.ip=198.51.100.23",
                               "related.ip=2001:db8::1",
                               "related.user=alice",
                               "source.geo.location.lat=52.3700",
                               "source.geo.location.lon=4.8900",
                               "source.ip=198.51.100.23",
                               "source.port=50211",
                               "threat.enrichments={\"indicator\":{\"confidence\":7,\"type\":\"ipv4-addr\"},"
                               "\"matched\":{\"atomic\":\"198.51.100.23\"}}",
                               "user.domain=CONTOSO",
                               "user.name=alice",
                               "winlog.api=wineventlog",
                               "winlog.keywords=Audit Success",
                               "winlog.opcode=Info",
                               "TargetUserName=alice",
                               "TargetDomainName=CONTOSO",
                               "IpAddress=198.51.100.23",
                               "IpPort=50211",
                               "ProcessId=0x1a2c",
                               "ProcessName=C:\\Windows\\System32\\inetsrv\\w3wp.exe",
                               "temper.derived=TargetUserName",
                               "temper.derived=TargetDomainName",
                               "temper.derived=IpAddress",
                               "temper.derived=IpPort",
                               "temper.derived=ProcessId",
                               "temper.derived=ProcessName",
                           }));
}

TEST(NdjsonTest, LevelComesFromANumericWinlogLevelElseFromTheLogLevelName) {
  EXPECT_EQ(parse(R"({"log":{"level":"warning"}})").system().level, 3u);
  EXPECT_EQ(parse(R"({"log":{"level":"Critical"}})").system().level, 1u);
  EXPECT_EQ(parse(R"({"log":{"level":"error"}})").system().level, 2u);
  EXPECT_EQ(parse(R"({"log":{"level":"verbose"}})").system().level, 5u);
  EXPECT_EQ(parse(R"({"winlog":{"level":"warning"}})").system().level, 3u);
  EXPECT_EQ(parse(R"({"log":{"level":"notice"}})").system().level, 0u);
  const Event numeric = parse(R"({"winlog":{"level":2,"task":12544,"opcode":0},"log":{"level":"information"}})");
  EXPECT_EQ(numeric.system().level, 2u);
  EXPECT_EQ(numeric.system().task, 12544u);
  EXPECT_FALSE(numeric.field("winlog.level").has_value());
  EXPECT_FALSE(numeric.field("winlog.task").has_value());
}

TEST(NdjsonTest, TimestampsWithAnOffsetAreConvertedToUtc) {
  EXPECT_EQ(time_of(parse(R"({"@timestamp":"2024-03-01T09:15:42.5+01:00"})")), "2024-03-01T08:15:42.500000000Z");
  EXPECT_EQ(time_of(parse(R"({"@timestamp":"2024-02-29T21:30:00-0500"})")), "2024-03-01T02:30:00.000000000Z");
  EXPECT_EQ(time_of(parse(R"({"winlog":{"time_created":"2024-03-01T08:00:00Z"}})")), "2024-03-01T08:00:00.000000000Z");
  EXPECT_EQ(parse(R"({"@timestamp":"yesterday"})").system().time_created, 0u);
}

TEST(NdjsonTest, UserDataKeepsItsNamesAndTheWrapperName) {
  const Event e =
      parse(R"({"winlog":{"event_id":1102,"user_data":{"SubjectUserName":"admin","xml_name":"LogFileCleared"}}})");
  EXPECT_EQ(e.data_block, "UserData");
  EXPECT_EQ(e.field("SubjectUserName"), "admin");
  EXPECT_EQ(e.field("winlog.user_data.xml_name"), "LogFileCleared");
  EXPECT_FALSE(e.field("xml_name").has_value());
}

TEST(NdjsonTest, InvalidUtf8IsReadAsReplacementCharacters) {
  // 0xFF never occurs in UTF-8; 0xC3 must be followed by a continuation byte, not '('.
  const Event e = parse("{\"winlog\":{\"channel\":\"Sec\xFFurity\",\"event_data\":{\"Image\":\"C:\\\\\xC3(.exe\"}}}");
  EXPECT_EQ(e.channel(), "Sec\xEF\xBF\xBDurity");
  EXPECT_EQ(e.field("Image"), "C:\\\xEF\xBF\xBD(.exe");
}

TEST(NdjsonTest, AnObjectWithManyKeysIsReadInOnePass) {
  // A hang guard: keyed insertion must not be quadratic in the number of keys.
  std::string line = "{\"winlog\":{\"event_data\":{";
  constexpr int kKeys = 200000;
  for (int i = 0; i < kKeys; ++i) line += (i == 0 ? "\"k" : ",\"k") + std::to_string(i) + "\":" + std::to_string(i);
  line += "}}}";
  const Event e = parse(line);
  EXPECT_EQ(e.fields().size(), static_cast<std::size_t>(kKeys));
  EXPECT_EQ(e.field("k199999"), "199999");
}

TEST(NdjsonTest, ALineWithTooManyValuesIsBadAndTheNextIsRead) {
  // Memory per line is bounded: a 7-million-element array would otherwise take ~0.5 GB.
  std::string text = "{\"winlog\":{\"event_data\":{\"a\":[0";
  for (std::size_t i = 0; i < limits::kMaxNdjsonValues; ++i) text += ",0";
  text += "]}}}\n{\"winlog\":{\"event_id\":7}}\n";
  std::vector<std::uint32_t> ids;
  auto stats = read_ndjson_text(std::string_view(text), [&](const Event& e) {
    ids.push_back(e.system().event_id);
    return true;
  });
  EXPECT_EQ(stats.bad_lines, 1u);
  ASSERT_EQ(stats.diagnostics.size(), 1u);
  EXPECT_EQ(stats.diagnostics[0], "line 1: more than 262144 values in one line");
  EXPECT_EQ(ids, std::vector<std::uint32_t>{7});
}

TEST(NdjsonTest, RejectsHostileNestingAndKeepsGoing) {
  const std::string deep = std::string(100000, '[') + "\n{\"winlog\":{\"event_id\":5}}\n";
  auto stats = read_ndjson_text(std::string_view(deep), [](const Event& e) { return e.system().event_id == 5; });
  EXPECT_EQ(stats.events, 1u);
  EXPECT_EQ(stats.bad_lines, 1u);
  auto nested = [](std::size_t depth) {
    std::string s;
    for (std::size_t i = 1; i < depth; ++i) s += "{\"a\":";
    s += "{}";
    s += std::string(depth - 1, '}');
    return s;
  };
  Event e;
  EXPECT_TRUE(parse_ecs_line(nested(256), e).has_value());
  const auto too_deep = parse_ecs_line(nested(257), e);
  ASSERT_FALSE(too_deep.has_value());
  EXPECT_EQ(too_deep.error().code, ErrorCode::kLimit);
}

}  // namespace
}  // namespace temper::events
