// SPDX-License-Identifier: Apache-2.0
// Sigma correlation rules against hand-written expectations: each type, group-by, timespan edges,
// aliases, ordering, generate, upper-bound conditions judged at the window's close, compile errors, and a
// flood of distinct group keys staying bounded.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "detect/correlation.hpp"
#include "detect_test_util.hpp"

namespace temper::detect {
namespace {

constexpr std::uint64_t kSecond = 10'000'000;
constexpr std::uint64_t kT0 = 133'000'000'000'000'000ull;  // some FILETIME in 2022

const std::string kBaseRules = R"(title: Failed logon
id: 11111111-0000-0000-0000-000000000001
name: failed_logon
level: low
logsource:
  product: windows
  service: security
detection:
  sel:
    EventID: 4625
  condition: sel
---
title: Explicit credentials
id: 11111111-0000-0000-0000-000000000002
name: explicit_creds
level: low
logsource:
  product: windows
  service: security
detection:
  sel:
    EventID: 4648
  condition: sel
)";

RuleSet compile(const std::string& correlation) {
  RuleSet set;
  compile_sigma(kBaseRules + "---\n" + correlation, "corr.yml", set);
  set.resolve_correlations();
  return set;
}

events::Event security(std::uint32_t id, std::uint64_t time,
                       std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
  auto e = test::make_event("Security", id, fields);
  e.system().time_created = time;
  return e;
}

// Runs events through the matcher and the correlator; records base alerts and correlation hits.
struct Stream {
  explicit Stream(const RuleSet& set, CorrelationLimits limits = {}) : set_(set), matcher(set), correlator(set, limits) {}
  void feed(const events::Event& e) {
    matcher.match(e, [&](const CompiledRule& r) {
      if (correlator.generates(r)) base.push_back(r.title);
      correlator.feed(r, e.system().time_created, matcher, [&](const CorrelationHit& h) { hits.push_back(h); });
    });
  }
  void flush() {
    correlator.flush([&](const CorrelationHit& h) { hits.push_back(h); });
  }
  const RuleSet& set_;
  Matcher matcher;
  Correlator correlator;
  std::vector<std::string> base;
  std::vector<CorrelationHit> hits;
};

const std::string kEventCount = R"(title: Many failed logons
id: c1
correlation:
  type: event_count
  rules: failed_logon
  group-by:
    - TargetUserName
  timespan: 5m
  condition:
    gte: 3
level: high
)";

TEST(CorrelationTest, EventCountFiresPerGroupAtTheThreshold) {
  const RuleSet set = compile(kEventCount);
  ASSERT_TRUE(set.unsupported().empty()) << set.unsupported()[0].reason;
  ASSERT_EQ(set.correlations().size(), 1u);
  Stream run(set);
  run.feed(security(4625, kT0, {{"TargetUserName", "alice"}}));
  run.feed(security(4625, kT0 + 60 * kSecond, {{"TargetUserName", "alice"}}));
  run.feed(security(4625, kT0 + 90 * kSecond, {{"TargetUserName", "bob"}}));
  EXPECT_TRUE(run.hits.empty());
  run.feed(security(4625, kT0 + 120 * kSecond, {{"TargetUserName", "alice"}}));
  ASSERT_EQ(run.hits.size(), 1u);
  EXPECT_EQ(run.hits[0].count, 3u);
  EXPECT_EQ(run.hits[0].first_time, kT0);
  EXPECT_EQ(run.hits[0].last_time, kT0 + 120 * kSecond);
  ASSERT_EQ(run.hits[0].group.size(), 1u);
  EXPECT_EQ(run.hits[0].group[0].first, "TargetUserName");
  EXPECT_EQ(run.hits[0].group[0].second, "alice");
  EXPECT_FALSE(run.hits[0].at_close);
  run.feed(security(4625, kT0 + 130 * kSecond, {{"TargetUserName", "bob"}}));
  EXPECT_EQ(run.hits.size(), 1u);  // bob has 2
  run.feed(security(4624, kT0 + 140 * kSecond, {{"TargetUserName", "bob"}}));
  EXPECT_EQ(run.hits.size(), 1u);  // a successful logon is not the base rule
}

TEST(CorrelationTest, EventCountWindowEdgesAreInclusive) {
  const RuleSet set = compile(kEventCount);
  Stream inside(set);
  for (const std::uint64_t s : {0u, 150u, 300u}) inside.feed(security(4625, kT0 + s * kSecond, {{"TargetUserName", "a"}}));
  EXPECT_EQ(inside.hits.size(), 1u);  // 300 s after the first: exactly the timespan
  Stream outside(set);
  for (const std::uint64_t s : {0u, 150u, 301u}) outside.feed(security(4625, kT0 + s * kSecond, {{"TargetUserName", "a"}}));
  EXPECT_TRUE(outside.hits.empty());  // the first has left the window
}

TEST(CorrelationTest, AGroupStartsAgainAfterAnAlert) {
  const RuleSet set = compile(kEventCount);
  Stream run(set);
  for (int i = 0; i < 7; ++i) run.feed(security(4625, kT0 + static_cast<std::uint64_t>(i) * kSecond, {{"TargetUserName", "a"}}));
  EXPECT_EQ(run.hits.size(), 2u);  // at the 3rd and the 6th
}

TEST(CorrelationTest, WithoutGroupByEverythingIsOneGroup) {
  const RuleSet set = compile(R"(title: c
id: c1
correlation:
  type: event_count
  rules: [failed_logon]
  timespan: 1h
  condition: {gt: 1}
)");
  Stream run(set);
  run.feed(security(4625, kT0, {{"TargetUserName", "a"}}));
  run.feed(security(4625, kT0 + kSecond, {{"TargetUserName", "b"}}));
  ASSERT_EQ(run.hits.size(), 1u);
  EXPECT_TRUE(run.hits[0].group.empty());
}

TEST(CorrelationTest, ValueCountCountsDistinctValues) {
  const RuleSet set = compile(R"(title: Password spray
id: c2
correlation:
  type: value_count
  rules: failed_logon
  group-by: IpAddress
  timespan: 10m
  condition:
    field: TargetUserName
    gte: 3
)");
  ASSERT_TRUE(set.unsupported().empty()) << set.unsupported()[0].reason;
  Stream run(set);
  for (int i = 0; i < 5; ++i) {
    run.feed(security(4625, kT0 + static_cast<std::uint64_t>(i) * kSecond, {{"TargetUserName", "alice"}, {"IpAddress", "10.0.0.9"}}));
  }
  EXPECT_TRUE(run.hits.empty());  // one user, five times
  run.feed(security(4625, kT0 + 10 * kSecond, {{"TargetUserName", "bob"}, {"IpAddress", "10.0.0.9"}}));
  run.feed(security(4625, kT0 + 11 * kSecond, {{"TargetUserName", "carol"}, {"IpAddress", "10.0.0.7"}}));
  EXPECT_TRUE(run.hits.empty());  // carol came from another address
  run.feed(security(4625, kT0 + 12 * kSecond, {{"TargetUserName", "carol"}, {"IpAddress", "10.0.0.9"}}));
  ASSERT_EQ(run.hits.size(), 1u);
  EXPECT_EQ(run.hits[0].count, 3u);
  EXPECT_EQ(run.hits[0].group[0].second, "10.0.0.9");
}

const std::string kTemporal = R"(title: Failure then explicit credentials
id: c3
correlation:
  type: temporal
  rules:
    - failed_logon
    - 11111111-0000-0000-0000-000000000002
  group-by: [SubjectUserName]
  timespan: 10m
)";

TEST(CorrelationTest, TemporalNeedsEveryRuleInTheWindowInAnyOrder) {
  const RuleSet set = compile(kTemporal);
  ASSERT_TRUE(set.unsupported().empty()) << set.unsupported()[0].reason;
  Stream reversed(set);
  reversed.feed(security(4648, kT0, {{"SubjectUserName", "eve"}}));
  reversed.feed(security(4625, kT0 + 60 * kSecond, {{"SubjectUserName", "eve"}}));
  ASSERT_EQ(reversed.hits.size(), 1u);
  EXPECT_EQ(reversed.hits[0].count, 2u);
  Stream apart(set);
  apart.feed(security(4625, kT0, {{"SubjectUserName", "eve"}}));
  apart.feed(security(4648, kT0 + 601 * kSecond, {{"SubjectUserName", "eve"}}));
  EXPECT_TRUE(apart.hits.empty());
  Stream other_user(set);
  other_user.feed(security(4625, kT0, {{"SubjectUserName", "eve"}}));
  other_user.feed(security(4648, kT0 + kSecond, {{"SubjectUserName", "mallory"}}));
  EXPECT_TRUE(other_user.hits.empty());
}

TEST(CorrelationTest, TemporalOrderedNeedsTheListedOrder) {
  std::string ordered = kTemporal;
  ordered.replace(ordered.find("type: temporal"), 14, "type: temporal_ordered");
  const RuleSet set = compile(ordered);
  ASSERT_EQ(set.correlations().size(), 1u);
  EXPECT_EQ(set.correlations()[0].type, CorrelationType::kTemporalOrdered);
  Stream wrong(set);
  wrong.feed(security(4648, kT0, {{"SubjectUserName", "eve"}}));
  wrong.feed(security(4625, kT0 + kSecond, {{"SubjectUserName", "eve"}}));
  EXPECT_TRUE(wrong.hits.empty());
  wrong.feed(security(4648, kT0 + 2 * kSecond, {{"SubjectUserName", "eve"}}));
  EXPECT_EQ(wrong.hits.size(), 1u);  // now failed_logon (1 s) precedes explicit_creds (2 s)
  Stream right(set);
  right.feed(security(4625, kT0, {{"SubjectUserName", "eve"}}));
  right.feed(security(4648, kT0 + kSecond, {{"SubjectUserName", "eve"}}));
  EXPECT_EQ(right.hits.size(), 1u);
}

TEST(CorrelationTest, AliasesGroupDifferentFieldsOfEachRule) {
  const RuleSet set = compile(R"(title: Same account
id: c4
correlation:
  type: temporal
  rules: [failed_logon, explicit_creds]
  aliases:
    account:
      failed_logon: TargetUserName
      explicit_creds: SubjectUserName
  group-by: [account]
  timespan: 1m
)");
  ASSERT_TRUE(set.unsupported().empty()) << set.unsupported()[0].reason;
  Stream run(set);
  run.feed(security(4625, kT0, {{"TargetUserName", "svc"}, {"SubjectUserName", "x"}}));
  run.feed(security(4648, kT0 + kSecond, {{"SubjectUserName", "other"}, {"TargetUserName", "svc"}}));
  EXPECT_TRUE(run.hits.empty());  // explicit_creds groups by its SubjectUserName ("other")
  run.feed(security(4648, kT0 + 2 * kSecond, {{"SubjectUserName", "svc"}}));
  ASSERT_EQ(run.hits.size(), 1u);
  EXPECT_EQ(run.hits[0].group[0].first, "account");
  EXPECT_EQ(run.hits[0].group[0].second, "svc");
}

// A process_creation rule also runs on Security 4688, where Sigma's User is SubjectUserName and Image is
// NewProcessName: group-by and value_count read the names of the scope that matched.
TEST(CorrelationTest, GroupByFieldsAreRenamedForTheScopeThatMatched) {
  RuleSet set;
  compile_sigma(R"(title: Recon tool
id: 22222222-0000-0000-0000-000000000001
name: recon
level: low
logsource:
  product: windows
  category: process_creation
detection:
  sel:
    Image|endswith: ['\whoami.exe', '\net.exe', '\ipconfig.exe']
  condition: sel
---
title: Recon burst
id: c9
correlation:
  type: value_count
  rules: [recon]
  group-by: [User]
  timespan: 1m
  condition:
    field: Image
    gte: 3
)", "corr.yml", set);
  set.resolve_correlations();
  ASSERT_TRUE(set.unsupported().empty()) << set.unsupported()[0].reason;
  Stream run(set);
  auto sec = [](std::uint64_t t, std::string_view user, std::string_view image) {
    auto e = test::make_event("Security", 4688, {{"SubjectUserName", user}, {"NewProcessName", image}});
    e.system().time_created = t;
    return e;
  };
  run.feed(sec(kT0, "alice", "C:\\Windows\\System32\\whoami.exe"));
  run.feed(sec(kT0 + kSecond, "bob", "C:\\Windows\\System32\\net.exe"));
  run.feed(sec(kT0 + 2 * kSecond, "alice", "C:\\Windows\\System32\\whoami.exe"));  // the same image again
  run.feed(sec(kT0 + 3 * kSecond, "alice", "C:\\Windows\\System32\\net.exe"));
  EXPECT_TRUE(run.hits.empty());  // alice: 2 distinct images, bob: 1
  // Sysmon's own names for the same user's third tool.
  auto sysmon = test::sysmon1({{"User", "alice"}, {"Image", "C:\\Windows\\System32\\ipconfig.exe"}});
  sysmon.system().time_created = kT0 + 4 * kSecond;
  run.feed(sysmon);
  ASSERT_EQ(run.hits.size(), 1u);
  EXPECT_EQ(run.hits[0].count, 3u);
  ASSERT_EQ(run.hits[0].group.size(), 1u);
  EXPECT_EQ(run.hits[0].group[0].second, "alice");
}

TEST(CorrelationTest, ReferencedRulesAlertOnTheirOwnOnlyWithGenerate) {
  const RuleSet quiet = compile(kEventCount);
  Stream a(quiet);
  a.feed(security(4625, kT0, {{"TargetUserName", "a"}}));
  a.feed(security(4648, kT0, {{"TargetUserName", "a"}}));
  EXPECT_EQ(a.base, std::vector<std::string>{"Explicit credentials"});  // failed_logon only feeds the correlation
  std::string loud = kEventCount;
  loud.insert(loud.find("  timespan"), "  generate: true\n");
  const RuleSet set = compile(loud);
  Stream b(set);
  b.feed(security(4625, kT0, {{"TargetUserName", "a"}}));
  EXPECT_EQ(b.base, std::vector<std::string>{"Failed logon"});
}

TEST(CorrelationTest, UpperBoundsAreJudgedWhenTheWindowCloses) {
  const RuleSet set = compile(R"(title: Few failures
id: c5
correlation:
  type: event_count
  rules: failed_logon
  group-by: TargetUserName
  timespan: 1h
  condition:
    gte: 2
    lte: 3
)");
  ASSERT_EQ(set.correlations().size(), 1u);
  EXPECT_EQ(set.correlations()[0].min_count, 2u);
  EXPECT_EQ(set.correlations()[0].max_count, 3u);
  Stream run(set);
  for (int i = 0; i < 2; ++i) run.feed(security(4625, kT0 + static_cast<std::uint64_t>(i) * kSecond, {{"TargetUserName", "two"}}));
  for (int i = 0; i < 4; ++i) run.feed(security(4625, kT0 + static_cast<std::uint64_t>(i) * kSecond, {{"TargetUserName", "four"}}));
  run.feed(security(4625, kT0, {{"TargetUserName", "one"}}));
  EXPECT_TRUE(run.hits.empty());  // nothing judged while windows are open
  run.feed(security(4625, kT0 + 3601 * kSecond, {{"TargetUserName", "two"}}));  // closes two's window
  ASSERT_EQ(run.hits.size(), 1u);
  EXPECT_EQ(run.hits[0].group[0].second, "two");
  EXPECT_EQ(run.hits[0].count, 2u);
  EXPECT_TRUE(run.hits[0].at_close);
  run.flush();
  EXPECT_EQ(run.hits.size(), 1u);  // four has 4, one has 1, two's new window 1
}

TEST(CorrelationTest, AFloodOfDistinctKeysStaysBounded) {
  const RuleSet set = compile(kEventCount);
  Stream run(set, CorrelationLimits{100, 10});
  for (int i = 0; i < 20'000; ++i) {
    const std::string user = "user" + std::to_string(i);
    run.feed(security(4625, kT0 + static_cast<std::uint64_t>(i), {{"TargetUserName", user}}));
  }
  EXPECT_EQ(run.correlator.groups(), 100u);
  EXPECT_EQ(run.correlator.evicted_groups(), 19'900u);
  EXPECT_TRUE(run.hits.empty());
  // Recent keys are still counted: two more hits for the last user fire.
  run.feed(security(4625, kT0 + 30'000, {{"TargetUserName", "user19999"}}));
  run.feed(security(4625, kT0 + 30'001, {{"TargetUserName", "user19999"}}));
  EXPECT_EQ(run.hits.size(), 1u);
}

TEST(CorrelationTest, HitsPerGroupAreCapped) {
  const RuleSet set = compile(R"(title: c
id: c6
correlation:
  type: value_count
  rules: failed_logon
  timespan: 1d
  condition: {field: TargetUserName, gte: 1000}
)");
  Stream run(set, CorrelationLimits{10, 50});
  for (int i = 0; i < 500; ++i) {
    const std::string user = "u" + std::to_string(i);
    run.feed(security(4625, kT0 + static_cast<std::uint64_t>(i), {{"TargetUserName", user}}));
  }
  EXPECT_EQ(run.correlator.dropped_entries(), 450u);
  EXPECT_TRUE(run.hits.empty());
}

std::string reason_of(const std::string& correlation) {
  const RuleSet set = compile(correlation);
  EXPECT_TRUE(set.correlations().empty());
  return set.unsupported().empty() ? std::string() : set.unsupported().back().reason;
}

TEST(CorrelationTest, BrokenCorrelationsAreListedWithThePreciseReason) {
  EXPECT_EQ(reason_of("title: x\ncorrelation:\n  type: event_sum\n  rules: failed_logon\n  timespan: 1m\n  condition: {gte: 1}\n"),
            "correlation: correlation type 'event_sum' (event_count, value_count, temporal, temporal_ordered)");
  EXPECT_EQ(reason_of("title: x\ncorrelation:\n  type: event_count\n  rules: failed_logon\n  condition: {gte: 1}\n"),
            "correlation: correlation has no timespan");
  EXPECT_EQ(reason_of("title: x\ncorrelation:\n  type: event_count\n  rules: failed_logon\n  timespan: 5q\n  condition: {gte: 1}\n"),
            "correlation: timespan '5q' has an unknown unit (s, m, h, d, w)");
  EXPECT_EQ(reason_of("title: x\ncorrelation:\n  type: event_count\n  rules: failed_logon\n  timespan: 5m\n"),
            "correlation: event_count needs a condition");
  EXPECT_EQ(reason_of("title: x\ncorrelation:\n  type: value_count\n  rules: failed_logon\n  timespan: 5m\n  condition: {gte: 2}\n"),
            "correlation: value_count needs condition.field");
  EXPECT_EQ(reason_of("title: x\ncorrelation:\n  type: event_count\n  rules: failed_logon\n  timespan: 5m\n  condition: {gte: 5, lt: 3}\n"),
            "correlation: condition range is empty");
  EXPECT_EQ(reason_of("title: x\ncorrelation:\n  type: event_count\n  rules: failed_logon\n  timespan: 5m\n  condition: {gte: 5000}\n"),
            "correlation: condition needs more than 1000 hits per group (the correlator's bound)");
  EXPECT_EQ(reason_of("title: x\ncorrelation:\n  type: event_count\n  rules: no_such_rule\n  timespan: 5m\n  condition: {gte: 2}\n"),
            "correlation: rule 'no_such_rule' is not loaded or did not compile");
}

TEST(CorrelationTest, ChainedCorrelationsAreListedAndLinesPointIntoTheFile) {
  const RuleSet set = compile(kEventCount + "---\ntitle: chained\ncorrelation:\n  type: event_count\n  rules: c1\n"
                                            "  timespan: 1h\n  condition: {gte: 2}\n");
  ASSERT_EQ(set.correlations().size(), 1u);
  ASSERT_EQ(set.unsupported().size(), 1u);
  EXPECT_EQ(set.unsupported()[0].reason, "correlation: rule 'c1' is a correlation (chained correlations are not supported)");
  // kBaseRules has 23 lines, then "---", then kEventCount whose correlation body starts on its 4th line.
  EXPECT_EQ(set.correlations()[0].file, "corr.yml:28");
  EXPECT_EQ(set.compiled_sources(), 3u);  // two base rules and one correlation
}

TEST(CorrelationTest, SigmaV1CollectionsStayUnsupported) {
  RuleSet set;
  compile_sigma("action: global\ntitle: t\n---\nlogsource: {product: windows}\ndetection: {s: {a: 1}, condition: s}\n",
                "v1.yml", set);
  ASSERT_EQ(set.unsupported().size(), 1u);
  EXPECT_EQ(set.unsupported()[0].reason, "multi-document rule (action: global/repeat)");
  EXPECT_TRUE(set.rules().empty());
}

TEST(CorrelationTest, AFileHoldsAtMost1000Documents) {
  std::string many;
  for (int i = 0; i < 1001; ++i) many += "title: t" + std::to_string(i) + "\n---\n";
  RuleSet set;
  compile_sigma(many, "many.yml", set);
  ASSERT_EQ(set.unsupported().size(), 1u);
  EXPECT_EQ(set.unsupported()[0].reason, "more than 1000 YAML documents");
  RuleSet fewer;
  compile_sigma(many.substr(many.find("title: t1\n")), "fewer.yml", fewer);
  EXPECT_EQ(fewer.unsupported().size(), 1000u);  // each its own "no detection mapping"
  EXPECT_EQ(fewer.unsupported()[999].reason, "no detection mapping");
}

}  // namespace
}  // namespace temper::detect
