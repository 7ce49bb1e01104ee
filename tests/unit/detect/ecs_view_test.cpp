// SPDX-License-Identifier: Apache-2.0
// The ECS view: CommandLineToArgvW splitting, the ECS names of raw Sysmon/Security/System events,
// the event's own values winning, and ECS-only events reaching Sigma rules (and the reverse).
#include "detect/ecs_view.hpp"

#include <gtest/gtest.h>

#include <map>

#include "detect_test_util.hpp"
#include "events/ndjson.hpp"
#include "xml_event.hpp"

namespace temper::detect {
namespace {

using test::compile_one;
using test::event_from_xml;
using test::hits;
using test::make_event;
using Args = std::vector<std::string>;

TEST(EcsArgvTest, SplitsLikeCommandLineToArgvW) {
  EXPECT_EQ(split_command_line(R"("C:\Program Files\x.exe" a\\\"b "c d" e\f "")"),
            (Args{R"(C:\Program Files\x.exe)", R"(a\"b)", "c d", R"(e\f)", ""}));
  // 2n backslashes before a quote: n backslashes, and the quote opens quoting.
  EXPECT_EQ(split_command_line(R"(x a\\\\"b c")"), (Args{"x", R"(a\\b c)"}));
  // Inside quotes, "" gives a literal quote and leaves quoting, so the quote after b opens it again
  // and the space after it is kept; a run of three quotes outside gives one quote.
  EXPECT_EQ(split_command_line(R"(x "a""b")"), (Args{"x", R"(a"b)"}));
  EXPECT_EQ(split_command_line(R"(x "a""b" c)"), (Args{"x", R"(a"b c)"}));
  EXPECT_EQ(split_command_line(R"(x """ y)"), (Args{"x", R"(")", "y"}));
  // Backslashes not before a quote are literal, also at the end of an argument.
  EXPECT_EQ(split_command_line(R"(cmd.exe /c C:\dir\ "q\\")"), (Args{"cmd.exe", "/c", R"(C:\dir\)", R"(q\)"}));
  // Spaces and tabs separate; runs of them too.
  EXPECT_EQ(split_command_line("x  a\tb \t"), (Args{"x", "a", "b"}));
  // An unterminated quote runs to the end of the line.
  EXPECT_EQ(split_command_line(R"(x "a b)"), (Args{"x", "a b"}));
}

TEST(EcsArgvTest, ProgramNameHasNoEscapes) {
  EXPECT_EQ(split_command_line(R"(C:\x\"y z)"), (Args{R"(C:\x\"y)", "z"}));
  EXPECT_EQ(split_command_line(R"("C:\x.exe"foo bar)"), (Args{R"(C:\x.exe)", "foo", "bar"}));
  EXPECT_EQ(split_command_line(R"("C:\a b\x.exe)"), (Args{R"(C:\a b\x.exe)"}));
  EXPECT_TRUE(split_command_line("").empty());
  EXPECT_TRUE(split_command_line(" \t ").empty());
}

TEST(EcsArgvTest, ArgumentCountIsBounded) {
  std::string line = "x";
  for (int i = 0; i < 5000; ++i) line += " a";
  std::string arena;
  std::vector<CommandLineArg> out;
  split_command_line(line, arena, out, 100);
  EXPECT_EQ(out.size(), 100u);
}

// The derived values of `event` for `names`, through a rule set whose one rule reads them all.
std::map<std::string, Args> view_of(std::initializer_list<std::string_view> names, const events::Event& event) {
  RuleSet set;
  CompiledRule rule;
  rule.id = "r";
  for (const auto name : names) {
    Predicate p;
    p.field = set.bind_field(name);
    p.exists = true;
    rule.predicates.push_back(p);
    rule.fields.push_back(p.field);
  }
  set.add_rule(std::move(rule));
  auto view = EcsView::make(set);
  std::map<std::string, Args> out;
  if (!view) return out;
  for (const auto& [id, value] : view->derive(event)) out[set.field_names()[id]].emplace_back(value);
  return out;
}

constexpr std::string_view kSysmon1Xml = R"(<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>
<Provider Name="Microsoft-Windows-Sysmon" Guid="{5770385f-c22a-43e0-bf4c-06f5698ffbd9}"/><EventID>1</EventID>
<Version>5</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>
<TimeCreated SystemTime="2026-03-01T10:00:00.1234567Z"/><EventRecordID>4711</EventRecordID><Correlation/>
<Execution ProcessID="2816" ThreadID="3488"/><Channel>Microsoft-Windows-Sysmon/Operational</Channel>
<Computer>web01.corp.example</Computer><Security UserID="S-1-5-18"/></System><EventData>
<Data Name="RuleName">-</Data><Data Name="ProcessGuid">{5a1d2c3e-0001-0002-0003-000000000001}</Data>
<Data Name="ProcessId">5120</Data><Data Name="Image">C:\Windows\System32\cmd.exe</Data>
<Data Name="OriginalFileName">Cmd.Exe</Data><Data Name="CommandLine">cmd.exe /c "whoami &amp; ipconfig /all"</Data>
<Data Name="CurrentDirectory">c:\windows\system32\inetsrv\</Data><Data Name="User">IIS APPPOOL\DefaultAppPool</Data>
<Data Name="IntegrityLevel">High</Data>
<Data Name="Hashes">SHA1=AAAA,MD5=BBBB,SHA256=CCCCDDDD,IMPHASH=EEEE</Data>
<Data Name="ParentProcessGuid">{5a1d2c3e-0001-0002-0003-000000000000}</Data><Data Name="ParentProcessId">4000</Data>
<Data Name="ParentImage">C:\Windows\System32\inetsrv\w3wp.exe</Data>
<Data Name="ParentCommandLine">c:\windows\system32\inetsrv\w3wp.exe -ap "DefaultAppPool" -v "v4.0"</Data>
</EventData></Event>)";

TEST(EcsViewTest, Sysmon1GivesProcessFields) {
  const auto e = event_from_xml(kSysmon1Xml);
  const auto v = view_of({"process.name", "process.executable", "process.args", "process.args_count", "process.pid",
                          "process.entity_id", "process.pe.original_file_name", "process.hash.sha256",
                          "process.parent.name", "process.parent.args", "process.parent.pid", "user.name",
                          "user.domain", "user.id", "event.category", "event.type", "host.os.type", "host.name",
                          "event.code", "winlog.channel", "winlog.record_id", "process.working_directory"},
                         e);
  EXPECT_EQ(v.at("process.name"), Args{"cmd.exe"});
  EXPECT_EQ(v.at("process.executable"), Args{R"(C:\Windows\System32\cmd.exe)"});
  EXPECT_EQ(v.at("process.args"), (Args{"cmd.exe", "/c", "whoami & ipconfig /all"}));
  EXPECT_EQ(v.at("process.args_count"), Args{"3"});
  EXPECT_EQ(v.at("process.pid"), Args{"5120"});
  EXPECT_EQ(v.at("process.entity_id"), Args{"{5a1d2c3e-0001-0002-0003-000000000001}"});
  EXPECT_EQ(v.at("process.pe.original_file_name"), Args{"Cmd.Exe"});
  EXPECT_EQ(v.at("process.hash.sha256"), Args{"ccccdddd"});
  EXPECT_EQ(v.at("process.parent.name"), Args{"w3wp.exe"});
  EXPECT_EQ(v.at("process.parent.args"),
            (Args{R"(c:\windows\system32\inetsrv\w3wp.exe)", "-ap", "DefaultAppPool", "-v", "v4.0"}));
  EXPECT_EQ(v.at("process.parent.pid"), Args{"4000"});
  EXPECT_EQ(v.at("user.name"), Args{"DefaultAppPool"});
  EXPECT_EQ(v.at("user.domain"), Args{"IIS APPPOOL"});
  EXPECT_EQ(v.count("user.id"), 0u);  // not the System SID (Sysmon's own account), not a well-known user
  EXPECT_EQ(v.at("event.category"), Args{"process"});
  EXPECT_EQ(v.at("event.type"), Args{"start"});
  EXPECT_EQ(v.at("host.os.type"), Args{"windows"});
  EXPECT_EQ(v.at("host.name"), Args{"web01.corp.example"});
  EXPECT_EQ(v.at("event.code"), Args{"1"});
  EXPECT_EQ(v.at("winlog.channel"), Args{"Microsoft-Windows-Sysmon/Operational"});
  EXPECT_EQ(v.at("winlog.record_id"), Args{"4711"});
  EXPECT_EQ(v.at("process.working_directory"), Args{R"(c:\windows\system32\inetsrv\)"});
}

TEST(EcsViewTest, Security4688GivesDecimalPidsAndTheSubject) {
  const auto e = make_event("Security", 4688,
                            {{"SubjectUserSid", "S-1-5-82-1036420768-1044797643-1061213386-2937092688-4282445334"},
                             {"SubjectUserName", "DefaultAppPool"},
                             {"SubjectDomainName", "IIS APPPOOL"},
                             {"NewProcessId", "0x1a4"},
                             {"NewProcessName", R"(C:\Windows\System32\whoami.exe)"},
                             {"ProcessId", "0xfa0"},
                             {"CommandLine", "whoami /priv"},
                             {"ParentProcessName", R"(C:\Windows\System32\inetsrv\w3wp.exe)"}});
  const auto v = view_of({"process.name", "process.pid", "process.parent.pid", "process.parent.name", "process.args",
                          "user.name", "user.id", "event.action", "process.pe.original_file_name"},
                         e);
  EXPECT_EQ(v.at("process.name"), Args{"whoami.exe"});
  EXPECT_EQ(v.at("process.pid"), Args{"420"});
  EXPECT_EQ(v.at("process.parent.pid"), Args{"4000"});
  EXPECT_EQ(v.at("process.parent.name"), Args{"w3wp.exe"});
  EXPECT_EQ(v.at("process.args"), (Args{"whoami", "/priv"}));
  EXPECT_EQ(v.at("user.name"), Args{"DefaultAppPool"});
  EXPECT_EQ(v.at("user.id"), Args{"S-1-5-82-1036420768-1044797643-1061213386-2937092688-4282445334"});
  EXPECT_EQ(v.at("event.action"), Args{"created-process"});
  EXPECT_EQ(v.count("process.pe.original_file_name"), 0u);  // 4688 has none
}

TEST(EcsViewTest, RegistryFileNetworkAndLogonEvents) {
  const auto reg = make_event("Microsoft-Windows-Sysmon/Operational", 13,
                              {{"EventType", "SetValue"},
                               {"Image", R"(C:\Windows\regedit.exe)"},
                               {"TargetObject", R"(HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Run\evil)"},
                               {"Details", R"(C:\evil.exe)"}});
  const auto r = view_of({"registry.path", "registry.hive", "registry.key", "registry.value", "registry.data.strings",
                          "event.category"},
                         reg);
  EXPECT_EQ(r.at("registry.path"), Args{R"(HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Run\evil)"});
  EXPECT_EQ(r.at("registry.hive"), Args{"HKLM"});
  EXPECT_EQ(r.at("registry.key"), Args{R"(SOFTWARE\Microsoft\Windows\CurrentVersion\Run)"});
  EXPECT_EQ(r.at("registry.value"), Args{"evil"});
  EXPECT_EQ(r.at("registry.data.strings"), Args{R"(C:\evil.exe)"});
  EXPECT_EQ(r.at("event.category"), Args{"registry"});

  const auto sec = make_event("Security", 4657,
                              {{"ObjectName", R"(\REGISTRY\MACHINE\SOFTWARE\Run)"}, {"ObjectValueName", "x"}});
  const auto s = view_of({"registry.path", "registry.key", "registry.value"}, sec);
  EXPECT_EQ(s.at("registry.path"), Args{R"(HKLM\SOFTWARE\Run\x)"});
  EXPECT_EQ(s.at("registry.key"), Args{R"(SOFTWARE\Run)"});
  EXPECT_EQ(s.at("registry.value"), Args{"x"});

  const auto file = make_event("Microsoft-Windows-Sysmon/Operational", 11,
                               {{"Image", R"(C:\Windows\System32\inetsrv\w3wp.exe)"},
                                {"TargetFilename", R"(C:\inetpub\wwwroot\shell.aspx)"}});
  const auto f = view_of({"file.path", "file.name", "file.extension", "file.directory", "process.name"}, file);
  EXPECT_EQ(f.at("file.name"), Args{"shell.aspx"});
  EXPECT_EQ(f.at("file.extension"), Args{"aspx"});
  EXPECT_EQ(f.at("file.directory"), Args{R"(C:\inetpub\wwwroot)"});
  EXPECT_EQ(f.at("process.name"), Args{"w3wp.exe"});

  const auto net = make_event("Microsoft-Windows-Sysmon/Operational", 3,
                              {{"Protocol", "tcp"}, {"Initiated", "true"}, {"SourceIsIpv6", "false"},
                               {"DestinationIp", "203.0.113.9"}, {"DestinationPort", "443"}});
  const auto n = view_of({"network.direction", "network.type", "destination.ip", "destination.port", "event.type"}, net);
  EXPECT_EQ(n.at("network.direction"), Args{"egress"});
  EXPECT_EQ(n.at("network.type"), Args{"ipv4"});
  EXPECT_EQ(n.at("destination.ip"), Args{"203.0.113.9"});
  EXPECT_EQ(n.at("event.type"), (Args{"connection", "start"}));

  const auto logon = make_event("Security", 4625, {{"TargetUserName", "admin"}, {"LogonType", "3"},
                                                   {"IpAddress", "198.51.100.7"}, {"SubjectUserName", "-"}});
  const auto l = view_of({"user.name", "winlog.logon.type", "source.ip", "event.outcome", "event.category"}, logon);
  EXPECT_EQ(l.at("user.name"), Args{"admin"});  // the target account, not the "-" subject
  EXPECT_EQ(l.at("winlog.logon.type"), Args{"Network"});
  EXPECT_EQ(l.at("source.ip"), Args{"198.51.100.7"});
  EXPECT_EQ(l.at("event.outcome"), Args{"failure"});
  EXPECT_EQ(l.at("event.category"), Args{"authentication"});
}

TEST(EcsViewTest, EventDataAliasAndSystemSid) {
  auto e = make_event("Microsoft-IIS-Configuration/Operational", 29, {{"Configuration", "/system.webServer/modules/add"}});
  e.system().user_sid = e.store("S-1-5-21-1-2-3-500");
  const auto v = view_of({"winlog.event_data.Configuration", "user.id", "winlog.user.identifier", "process.name"}, e);
  EXPECT_EQ(v.at("winlog.event_data.Configuration"), Args{"/system.webServer/modules/add"});
  EXPECT_EQ(v.at("user.id"), Args{"S-1-5-21-1-2-3-500"});
  EXPECT_EQ(v.at("winlog.user.identifier"), Args{"S-1-5-21-1-2-3-500"});
  EXPECT_EQ(v.count("process.name"), 0u);
}

TEST(EcsViewTest, NoViewForRulesWithoutEcsNames) {
  const auto set = compile_one(
      "title: t\nid: r\nlogsource:\n  product: windows\n  service: system\ndetection:\n  sel:\n"
      "    ImagePath|contains: 'x'\n  condition: sel\n");
  EXPECT_EQ(EcsView::make(set), nullptr);
}

// A Sigma rule written with ECS names, as winlogbeat users write them.
constexpr std::string_view kEcsNamedRule =
    "title: t\nid: ecs-named\nlevel: high\nlogsource:\n  product: windows\n  category: process_creation\n"
    "detection:\n  sel:\n    process.name: 'whoami.exe'\n    process.parent.name: 'w3wp.exe'\n"
    "    process.args: '/priv'\n    host.os.type: windows\n  condition: sel\n";

TEST(EcsViewTest, RawSysmon1AndSecurity4688FireAnEcsNamedRule) {
  const auto set = compile_one(kEcsNamedRule);
  ASSERT_TRUE(set.unsupported().empty());
  const auto sysmon = test::sysmon1({{"Image", R"(C:\Windows\System32\whoami.exe)"},
                                     {"CommandLine", "whoami.exe /priv"},
                                     {"ParentImage", R"(C:\Windows\System32\inetsrv\w3wp.exe)"}});
  EXPECT_EQ(hits(set, sysmon), std::vector<std::string>{"ecs-named"});
  const auto sec = make_event("Security", 4688, {{"NewProcessName", R"(C:\Windows\System32\whoami.exe)"},
                                                 {"CommandLine", "whoami /priv"},
                                                 {"ParentProcessName", R"(C:\Windows\System32\inetsrv\w3wp.exe)"}});
  EXPECT_EQ(hits(set, sec), std::vector<std::string>{"ecs-named"});
  // "/privs" is not the argument "/priv"; a parent other than w3wp does not match.
  EXPECT_TRUE(hits(set, make_event("Security", 4688, {{"NewProcessName", R"(C:\x\whoami.exe)"},
                                                      {"CommandLine", "whoami /privs"},
                                                      {"ParentProcessName", R"(C:\x\w3wp.exe)"}}))
                  .empty());
  EXPECT_TRUE(hits(set, make_event("Security", 4688, {{"NewProcessName", R"(C:\x\whoami.exe)"},
                                                      {"CommandLine", "whoami /priv"},
                                                      {"ParentProcessName", R"(C:\x\explorer.exe)"}}))
                  .empty());
}

events::Event ndjson(std::string_view line) {
  events::Event e;
  auto r = events::parse_ecs_line(line, e);
  EXPECT_TRUE(r.has_value()) << line;
  return e;
}

TEST(EcsViewTest, TheEventsOwnValueWins) {
  const auto set = compile_one(kEcsNamedRule);
  // winlogbeat Sysmon 1 whose document says process.name is something else: its value is kept.
  const auto own = ndjson(
      R"({"winlog":{"channel":"Microsoft-Windows-Sysmon/Operational","event_id":1,"provider_name":"Microsoft-Windows-Sysmon",)"
      R"("event_data":{"Image":"C:\\Windows\\System32\\whoami.exe","CommandLine":"whoami /priv",)"
      R"("ParentImage":"C:\\w3wp.exe"}},"process":{"name":"renamed.exe"}})");
  EXPECT_TRUE(hits(set, own).empty());
  const auto derived = ndjson(
      R"({"winlog":{"channel":"Microsoft-Windows-Sysmon/Operational","event_id":1,"provider_name":"Microsoft-Windows-Sysmon",)"
      R"("event_data":{"Image":"C:\\Windows\\System32\\whoami.exe","CommandLine":"whoami /priv",)"
      R"("ParentImage":"C:\\w3wp.exe"}}})");
  EXPECT_EQ(hits(set, derived), std::vector<std::string>{"ecs-named"});
}

constexpr std::string_view kSigmaRule =
    "title: t\nid: sigma-named\nlevel: high\nlogsource:\n  product: windows\n  category: process_creation\n"
    "detection:\n  sel:\n    Image|endswith: '\\aspnet_regiis.exe'\n    CommandLine|contains: ' -pdf '\n"
    "    OriginalFileName: 'aspnet_regiis.exe'\n    User|startswith: 'IIS APPPOOL\\'\n  condition: sel\n";

constexpr std::string_view kDefendStart =
    R"({"@timestamp":"2026-03-01T10:00:00Z","event":{"category":["process"],"type":["start"],"action":"start"},)"
    R"("host":{"name":"web01","os":{"type":"windows"}},"user":{"name":"DefaultAppPool","domain":"IIS APPPOOL"},)"
    R"("process":{"executable":"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\aspnet_regiis.exe",)"
    R"("command_line":"aspnet_regiis.exe -pdf connectionStrings C:\\inetpub\\wwwroot","pid":4242,)"
    R"("pe":{"original_file_name":"aspnet_regiis.exe"}}})";

TEST(EcsScopeTest, EcsOnlyProcessStartFiresSigmaProcessCreation) {
  const auto set = compile_one(kSigmaRule);
  ASSERT_TRUE(set.unsupported().empty());
  EXPECT_EQ(hits(set, ndjson(kDefendStart)), std::vector<std::string>{"sigma-named"});
  // The same document as a process end, or as a network event, is out of the rule's scope.
  std::string end(kDefendStart);
  end.replace(end.find(R"(["start"])"), 9, R"(["end"])");
  EXPECT_TRUE(hits(set, ndjson(end)).empty());
  std::string net(kDefendStart);
  net.replace(net.find(R"(["process"])"), 11, R"(["network"])");
  EXPECT_TRUE(hits(set, ndjson(net)).empty());
  // Without the domain the derived User is "DefaultAppPool" alone: no match on the prefix.
  std::string no_domain(kDefendStart);
  no_domain.replace(no_domain.find(R"(,"domain":"IIS APPPOOL")"), 23, "");
  EXPECT_TRUE(hits(set, ndjson(no_domain)).empty());
}

TEST(EcsScopeTest, WinlogbeatSysmonFiresOnceNotTwice) {
  const auto set = compile_one(kSigmaRule);
  const auto e = ndjson(
      R"({"event":{"category":["process"],"type":["start"]},"winlog":{"channel":"Microsoft-Windows-Sysmon/Operational",)"
      R"("event_id":1,"provider_name":"Microsoft-Windows-Sysmon","event_data":{)"
      R"("Image":"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\aspnet_regiis.exe",)"
      R"("CommandLine":"aspnet_regiis.exe -pdf connectionStrings .","OriginalFileName":"aspnet_regiis.exe",)"
      R"("User":"IIS APPPOOL\\DefaultAppPool"}}})");
  EXPECT_EQ(hits(set, e), std::vector<std::string>{"sigma-named"});
}

// The ECS variant of a rule on names it keeps (Hashes, User) reads the same field ids as the Sysmon variant:
// the prefilter marks it too, and it must still not run on a Windows event.
TEST(EcsScopeTest, EcsVariantNeverRunsOnWindowsEvents) {
  RuleSet set;
  compile_sigma("title: t\nid: kept-names\nlogsource:\n  product: windows\n  category: process_creation\n"
                "detection:\n  sel:\n    Hashes|contains: 'IMPHASH=3A3B'\n    User|contains: 'AppPool'\n"
                "  condition: sel\n",
                "a.yml", set);
  // A rule of every channel with a literal, so that the prefilter gates the channel-less rules too.
  compile_sigma("title: t\nid: any-channel\nlogsource:\n  product: windows\ndetection:\n  sel:\n"
                "    CommandLine|contains: 'zzz-not-there'\n  condition: sel\n",
                "b.yml", set);
  ASSERT_TRUE(set.unsupported().empty());
  const auto e = test::sysmon1({{"Hashes", "SHA1=0D0A,MD5=1B1C,IMPHASH=3A3B"}, {"User", "IIS APPPOOL\\DefaultAppPool"}});
  EXPECT_EQ(hits(set, e), std::vector<std::string>{"kept-names"});
  Matcher without_prefilter(set, false);
  int n = 0;
  without_prefilter.match(e, [&](const CompiledRule&) { ++n; });
  EXPECT_EQ(n, 1);
  // And the ECS-only form of the same process start fires it once too.
  const auto ecs = ndjson(
      R"({"event":{"category":"process","type":"start"},"user":{"name":"DefaultAppPool","domain":"IIS APPPOOL"},)"
      R"("process":{"executable":"C:\\x.exe","pe":{"imphash":"3A3B"},"hash":{"md5":"1B1C"}}})");
  EXPECT_EQ(hits(set, ecs), std::vector<std::string>{"kept-names"});
}

TEST(EcsScopeTest, WebserverCategoryRunsOnW3cEvents) {
  const auto set = compile_one(
      "title: t\nid: web\nlogsource:\n  category: webserver\ndetection:\n  sel:\n    cs-method: POST\n"
      "    cs-uri-stem|endswith: '.aspx'\n    cs-user-agent|contains: 'curl'\n  condition: sel\n");
  ASSERT_TRUE(set.unsupported().empty());
  events::Event w;
  w.source = events::SourceKind::kW3c;
  w.system().channel = w.store("W3C");
  w.add_field("cs-method", "POST");
  w.add_field("cs-uri-stem", "/uploads/x.aspx");
  w.add_field("cs(User-Agent)", "curl/8.0");
  EXPECT_EQ(hits(set, w), std::vector<std::string>{"web"});
  events::Event other;
  other.source = events::SourceKind::kW3c;
  other.system().channel = other.store("W3C");
  other.add_field("cs-method", "GET");
  other.add_field("cs-uri-stem", "/uploads/x.aspx");
  other.add_field("cs(User-Agent)", "curl/8.0");
  EXPECT_TRUE(hits(set, other).empty());
}

}  // namespace
}  // namespace temper::detect
