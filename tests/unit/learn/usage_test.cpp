// SPDX-License-Identifier: Apache-2.0
#include "learn/usage.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "core/file.hpp"
#include "learn/usage_json.hpp"

namespace temper::learn {
namespace {
Time at(int day, int hour = 0) { return Time{std::chrono::hours(24 * day + hour) + std::chrono::hours(24 * 20400)}; }

struct Observation {
  LogonKey key;
  std::optional<Time> when;
  Example where;
  std::string address;
  std::uint64_t size = 0;
};

UsageProfile profile_of(const std::vector<Observation>& obs) {
  UsageProfile p;
  for (const auto& o : obs) {
    auto& s = p.logons[o.key];
    s.seen.add(o.when, o.where);
    s.addresses.add(o.address);
    p.sources[SourceKey{"Security", "WEB01"}].events.add(o.when, o.where);
    auto& failed = p.failed_logons[FailedLogonKey{o.key.sid, o.key.account, o.key.logon_type, "0xc000015b", "0x0", "NTLM"}];
    failed.seen.add(o.when, o.where);
    failed.workstations.add(o.address);
    p.privileges[PrivilegeKey{o.key.sid, o.key.account, "SeImpersonatePrivilege", o.key.process, 4672}].add(o.when, o.where);
    p.sources[SourceKey{"Security", "WEB01"}].event_ids[4620 + o.key.logon_type].add(o.when, o.where);
    p.explicit_logons[ExplicitLogonKey{o.key.sid, o.key.account, "CORP\\admin", "DC01", o.key.process}].add(o.when, o.where);
    p.services[ServiceKey{"svc" + std::to_string(o.size % 3), "state", o.size % 2 == 0 ? "running" : "stopped"}].add(o.when, o.where);
    p.smb1_clients[Smb1Key{o.address}].add(o.when, o.where);
    p.ntlm[NtlmKey{8002, o.key.account, o.address, "", "-"}].add(o.when, o.where);
    auto& tls = p.tls[TlsKey{"W3SVC1", o.key.lm_package == "NTLM V1" ? "TLS 1.0" : "TLS 1.2", "AES 256"}];
    tls.seen.add(o.when, o.where);
    tls.clients.add(o.address);
    SiteUsage& site = p.sites["W3SVC" + std::to_string(o.size % 2 + 1)];
    auto& method = site.methods[o.size % 4 == 0 ? "POST" : "GET"];
    method.seen.add(o.when, o.where);
    method.clients.add(o.address);
    site.extensions[o.size % 3 == 0 ? "" : ".aspx"].add(o.when, o.where);
    site.statuses[o.size % 5 == 0 ? "404.13" : "200"].add(o.when, o.where);
    site.ports[o.size % 2 == 0 ? 443U : 80U].add(o.when, o.where);
    site.users[WebUserKey{o.key.account, 443}].add(o.when, o.where);
    // Few distinct lengths, so that ties (broken by time, place, then sample) are common.
    site.url.add(o.size % 7, o.when, o.where, o.address);
    site.query.add(o.size % 3, o.when, o.where, o.key.account);
    site.body.add(o.size, o.when, o.where, "");
    if (o.size % 11 == 0) site.double_escaped.add(o.when, o.where);
    if (o.size % 13 == 0) site.high_bit.add(o.when, o.where);
    if (o.when) site.peak.merge(PeakRate{o.size % 4, o.address, std::chrono::floor<std::chrono::minutes>(*o.when), o.where});
  }
  return p;
}

std::vector<Observation> observations(std::mt19937& rng, int n) {
  std::vector<Observation> out;
  for (int i = 0; i < n; ++i) {
    LogonKey key{"S-1-5-21-1-" + std::to_string(rng() % 5), "CORP\\u" + std::to_string(rng() % 5), 3 + static_cast<std::uint32_t>(rng() % 3),
                 "NTLM", rng() % 4 == 0 ? "NTLM V1" : "NTLM V2", "-"};
    std::optional<Time> when;
    if (rng() % 10 != 0) when = at(static_cast<int>(rng() % 30), static_cast<int>(rng() % 24));
    out.push_back({key, when, Example{"Security-" + std::to_string(rng() % 3) + ".evtx", rng() % 1000},
                   "10.0." + std::to_string(rng() % 8) + "." + std::to_string(rng() % 40), rng() % 60});
  }
  return out;
}

TEST(UsageTest, MergingPartsInAnyOrderEqualsOnePass) {
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    const auto obs = observations(rng, 400);
    const UsageProfile whole = profile_of(obs);
    // Split into 1..6 parts at random places, build each alone, merge them in a random order.
    std::vector<std::size_t> cuts{0, obs.size()};
    for (std::size_t k = rng() % 6; k > 0; --k) cuts.push_back(rng() % obs.size());
    std::sort(cuts.begin(), cuts.end());
    std::vector<UsageProfile> parts;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
      parts.push_back(profile_of(std::vector<Observation>(obs.begin() + static_cast<std::ptrdiff_t>(cuts[i]),
                                                          obs.begin() + static_cast<std::ptrdiff_t>(cuts[i + 1]))));
    }
    std::shuffle(parts.begin(), parts.end(), rng);
    UsageProfile merged;
    for (const auto& p : parts) merged.merge(p);
    EXPECT_EQ(merged, whole) << "round " << round;
  }
}

TEST(UsageTest, CounterKeepsTheEarliestExampleAndTheSpan) {
  Counter c;
  c.add(std::nullopt, {"b.evtx", 1});
  EXPECT_EQ(c.example->file, "b.evtx");  // untimed, but the only one
  c.add(at(3), {"c.evtx", 9});
  c.add(at(1), {"d.evtx", 4});
  c.add(at(1), {"a.evtx", 8});  // same time: the smaller place
  c.add(at(5), {"a.evtx", 1});
  EXPECT_EQ(c.count, 5U);
  EXPECT_EQ(c.first, at(1));
  EXPECT_EQ(c.last, at(5));
  EXPECT_EQ(c.example, (Example{"a.evtx", 8}));
}

TEST(UsageTest, CappedSetsKeepTheSmallestAndSayThereWasMore) {
  CappedSet a, b, all;
  for (int i = 0; i < 50; ++i) {
    const std::string v = "10.0.0." + std::to_string(100 + i);
    (i % 2 == 0 ? a : b).add(v);
    all.add(v);
  }
  EXPECT_EQ(all.values.size(), CappedSet::kCap);
  EXPECT_TRUE(all.more);
  a.merge(b);
  EXPECT_EQ(a, all);
  CappedSet few;
  few.add("x");
  few.add("x");
  EXPECT_EQ(few.values.size(), 1U);
  EXPECT_FALSE(few.more);
}

TEST(UsageTest, JsonRoundTripsExactly) {
  std::mt19937 rng(3);
  UsageProfile p = profile_of(observations(rng, 300));
  p.sources[SourceKey{"W3SVC2", "WEB01"}].fields.add("cs-uri-stem");
  const std::string text = write_usage(p);
  auto back = parse_usage(text, "usage.json");
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(*back, p);
  EXPECT_EQ(write_usage(*back), text);
  const std::string seed = std::string(TEMPER_SOURCE_DIR) + "/tests/fuzz/usage_json/corpus/small.json";
  auto small = parse_usage(*read_file(seed), seed);
  ASSERT_TRUE(small) << small.error().to_string();
  EXPECT_EQ(small->logons.begin()->first.logon_type, 4U);
  EXPECT_EQ(small->sources.size(), 2U);
}

TEST(UsageTest, BadProfilesAreNamed) {
  auto newer = parse_usage(R"({"schema": "temper.usage/2"})", "u.json");
  ASSERT_FALSE(newer);
  EXPECT_EQ(newer.error().code, ErrorCode::kSchemaVersion);
  EXPECT_NE(newer.error().message.find("newer"), std::string::npos);
  auto other = parse_usage(R"({"schema": "temper.snapshot/1"})");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kSchemaVersion);
  auto wrong = parse_usage(R"({"schema": "temper.usage/1", "logons": [{"sid": "S-1-5-18", "logon_type": "five", "seen": {"count": 1}}]})");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(wrong.error().message.find("/logons/0/logon_type"), std::string::npos) << wrong.error().message;
  auto no_counter = parse_usage(R"({"schema": "temper.usage/1", "sources": [{"log": "Security"}]})");
  ASSERT_FALSE(no_counter);
  EXPECT_NE(no_counter.error().message.find("/sources/0/events"), std::string::npos) << no_counter.error().message;
  auto bad_time = parse_usage(R"({"schema": "temper.usage/1", "sources": [{"log": "S", "events": {"count": 1, "first": "yesterday"}}]})");
  ASSERT_FALSE(bad_time);
  EXPECT_NE(bad_time.error().message.find("/sources/0/events/first"), std::string::npos) << bad_time.error().message;
  auto broken = parse_usage("{\n  \"schema\": \"temper.usage/1\",\n  \"logons\": [}\n", "b.json");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, ErrorCode::kParse);
  ASSERT_TRUE(broken.error().where);
  EXPECT_EQ(broken.error().where->line, 3U);
}

}  // namespace
}  // namespace temper::learn
