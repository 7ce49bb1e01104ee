// SPDX-License-Identifier: Apache-2.0
// A small rule set that uses every part the rule codec stores (Sigma scopes, modifiers, regexes, networks,
// field references, keywords, correlations, EQL functions and a sequence), the events it fires on, and the
// alerts of a set over them: what rule_codec_test.cpp round-trips, truncates and corrupts, and what
// tests/fuzz/rule_codec/corpus/small.trc is encoded from.
#pragma once

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "detect/correlation.hpp"
#include "detect/eql.hpp"
#include "detect/matcher.hpp"
#include "detect/sigma.hpp"

namespace temper::detect::test {

inline constexpr const char* kSampleSigma = R"(title: Suspicious whoami
id: 11111111-0000-4000-8000-000000000001
name: whoami_run
level: high
description: whoami from a shell.
tags: [attack.discovery, attack.t1033]
references: ['https://example.org/whoami']
falsepositives: [admins]
logsource: {product: windows, category: process_creation}
detection:
  sel:
    Image|endswith: ['\whoami.exe', '\quser.exe']
  cmd:
    CommandLine|contains|all: ['/all', 'priv']
  re:
    CommandLine|re|i: 'who(am)?i\s+/(all|priv)'
  filter:
    ParentImage: null
  condition: sel and (cmd or re) and not filter
---
title: Beacon to a private network
id: 11111111-0000-4000-8000-000000000002
level: medium
logsource: {product: windows, category: network_connection}
detection:
  sel:
    DestinationIp|cidr: ['10.0.0.0/8', 'fd00::/8']
    DestinationPort|gte: 4444
  same:
    SourceIp|fieldref: DestinationIp
  condition: sel and not same
---
title: Failed logon
id: 11111111-0000-4000-8000-000000000003
name: failed_logon
level: low
logsource: {product: windows, service: security}
detection:
  sel:
    EventID: 4625
    TargetUserName|exists: true
  condition: sel
---
title: Password spraying
id: 11111111-0000-4000-8000-000000000004
level: high
correlation:
  type: value_count
  rules: [failed_logon]
  group-by: [IpAddress]
  timespan: 10m
  condition: {field: TargetUserName, gte: 3}
---
title: Many failed logons
id: 11111111-0000-4000-8000-000000000005
level: medium
correlation:
  type: event_count
  rules: failed_logon
  group-by: [IpAddress]
  timespan: 5m
  condition: {gte: 3}
  generate: true
---
title: Credential theft keywords
id: 11111111-0000-4000-8000-000000000006
level: critical
logsource: {product: windows, service: system}
detection:
  keywords: ['sekurlsa', 'kerberos::golden']
  condition: keywords
)";

inline constexpr const char* kSampleSequence = R"([rule]
name = "Decrypt then connect"
rule_id = "22222222-0000-4000-8000-000000000001"
severity = "high"
risk_score = 73
language = "eql"
type = "eql"
description = "aspnet_regiis decrypts a section, then the host connects to SMB."
note = "Check the parent process."
query = '''
sequence by host.id with maxspan=1m
  [process where process.name : "aspnet_regiis.exe" and process.args in~ ("-PDF")]
  [network where destination.port == 445 and not cidrmatch(source.ip, "10.0.0.0/8")]
  until [process where event.type == "end"]
'''
)";

inline constexpr const char* kSampleFunctions = R"([rule]
name = "Functions"
rule_id = "22222222-0000-4000-8000-000000000002"
severity = "low"
risk_score = 21
language = "eql"
type = "eql"
description = "EQL functions and arithmetic."
query = '''
process where length(process.name) > 3 and startswith~(process.name, "ASP") and
  concat(host.id, "$") == "h1$" and indexOf(process.name, ".") == 13 and number("0x10", 16) == 16 and
  string(1 + 2 * 3 % 4 - -1) : "*" and process.name regex~ """ASPNET.*""" and process.name like "a?pnet*" and
  between(process.name, "a", ".") == "spnet_regiis" and stringContains~(process.name, "REG")
'''
)";

/// The sample set, correlations resolved.
inline RuleSet sample_rule_set() {
  RuleSet set;
  compile_sigma(kSampleSigma, "sample/rules.yml", set);
  compile_elastic(kSampleSequence, "sample/sequence.toml", set);
  compile_elastic(kSampleFunctions, "sample/functions.toml", set);
  set.resolve_correlations();
  return set;
}

inline events::Event sample_event(std::string_view channel, std::uint32_t id, std::uint64_t time,
                                  std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
  events::Event e;
  if (!channel.empty()) e.system().channel = e.store(channel);
  e.system().event_id = id;
  e.system().has_event_id = id != 0;
  e.system().time_created = time;
  e.system().record_id = time % 1000;
  e.system().computer = e.store("host1");
  for (const auto& [k, v] : fields) e.add_field(k, v);
  return e;
}

/// Events on which every rule of the sample set fires (the correlations and the sequence included).
inline std::vector<events::Event> sample_events() {
  constexpr std::uint64_t t = 133'000'000'000'000'000ull;
  constexpr std::uint64_t second = 10'000'000;
  const std::string_view sysmon = "Microsoft-Windows-Sysmon/Operational";
  std::vector<events::Event> out;
  out.push_back(sample_event(sysmon, 1, t + 1, {{"Image", "C:\\Windows\\System32\\whoami.exe"},
                                                {"CommandLine", "whoami /all /priv"},
                                                {"ParentImage", "C:\\Windows\\System32\\cmd.exe"}}));
  out.push_back(sample_event(sysmon, 3, t + 2, {{"DestinationIp", "10.1.2.3"}, {"DestinationPort", "4444"},
                                                {"SourceIp", "10.9.9.9"}}));
  out.push_back(sample_event(sysmon, 3, t + 3, {{"DestinationIp", "fd00::1"}, {"DestinationPort", "5555"},
                                                {"SourceIp", "fd00::1"}}));
  const char* users[] = {"alice", "bob", "carol", "dave"};
  for (std::uint64_t i = 0; i < 4; ++i) {
    out.push_back(sample_event("Security", 4625, t + (10 + i) * second,
                               {{"TargetUserName", users[i]}, {"IpAddress", "10.0.0.5"}}));
  }
  out.push_back(sample_event("System", 7045, t + 20 * second, {{"ImagePath", "mimikatz sekurlsa::logonpasswords"}}));
  out.push_back(sample_event("", 0, t + 30 * second,
                             {{"event.category", "process"}, {"event.type", "start"}, {"host.id", "h1"},
                              {"process.name", "aspnet_regiis.exe"}, {"process.args", "-pdf"}}));
  out.push_back(sample_event("", 0, t + 40 * second,
                             {{"event.category", "network"}, {"host.id", "h1"}, {"destination.port", "445"},
                              {"source.ip", "192.168.1.1"}}));
  return out;
}

/// (event index, rule id) of every alert and correlation hit of `set` over `events`.
inline std::set<std::tuple<std::size_t, std::string>> sample_alerts(const RuleSet& set,
                                                                    const std::vector<events::Event>& events,
                                                                    bool prefilter = true) {
  std::set<std::tuple<std::size_t, std::string>> out;
  Matcher m(set, prefilter);
  Correlator c(set);
  for (std::size_t i = 0; i < events.size(); ++i) {
    m.match(events[i], [&](const CompiledRule& r) {
      out.emplace(i, r.id);
      c.feed(r, events[i].system().time_created, m, [&](const CorrelationHit& h) { out.emplace(i, h.rule->id); });
    });
  }
  c.flush([&](const CorrelationHit& h) { out.emplace(events.size(), h.rule->id); });
  return out;
}

}  // namespace temper::detect::test
