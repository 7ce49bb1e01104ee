// SPDX-License-Identifier: Apache-2.0
#include "learn/usage.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "core/file.hpp"
#include "core/time.hpp"
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

TEST(UsageTest, TheFullSeedReadsEveryMember) {
  const std::string seed = std::string(TEMPER_SOURCE_DIR) + "/tests/fuzz/usage_json/corpus/full.json";
  auto full = parse_usage(*read_file(seed), seed);
  ASSERT_TRUE(full) << full.error().to_string();
  EXPECT_EQ(full->sources.at(SourceKey{"Microsoft-Windows-NTLM/Operational", "WEB01"}).event_ids.at(8002).count, 3U);
  EXPECT_EQ(full->explicit_logons.begin()->first.target_server, "DC01.example.corp");
  EXPECT_EQ(full->services.size(), 3U);
  EXPECT_EQ(full->services.at(ServiceKey{"World Wide Web Publishing Service", "start_type", "auto start"}).count, 1U);
  EXPECT_EQ(full->smb1_clients.at(Smb1Key{"10.0.0.9"}).count, 2U);
  EXPECT_EQ(full->ntlm.begin()->first.account, "CONTOSO\\svc-backup");
  const ClientStats& tls = full->tls.at(TlsKey{"W3SVC2", "TLS 1.2", "AES 256"});
  EXPECT_EQ(tls.seen.count, 3U);
  EXPECT_TRUE(tls.clients.more);
  EXPECT_TRUE(tls.clients.values.contains("2001:db8::1"));
  const SiteUsage& site = full->sites.at("W3SVC2");
  EXPECT_EQ(site.methods.at("PROPFIND").clients.values, std::set<std::string>{"192.0.2.11"});
  EXPECT_EQ(site.extensions.at("").count, 1U);
  EXPECT_EQ(site.statuses.at("404.13").count, 1U);
  EXPECT_EQ(site.ports.at(443).count, 4U);
  EXPECT_EQ(site.users.at(WebUserKey{"CONTOSO\\alice", 443}).count, 1U);
  EXPECT_EQ(site.url.sample, "/shop/caf\u00e9/order.aspx");
  EXPECT_EQ(site.body.length, 30000001U);
  EXPECT_EQ(site.body.example, (Example{"u_ex261103.log", 6}));
  EXPECT_EQ(site.double_escaped.count, 1U);
  EXPECT_EQ(site.peak.per_minute, 2U);
  EXPECT_EQ(format_iso8601(*site.peak.minute), "2026-11-03T10:00:00Z");
  // Written back, it reads the same.
  auto again = parse_usage(write_usage(*full));
  ASSERT_TRUE(again) << again.error().to_string();
  EXPECT_EQ(*again, *full);
}

TEST(UsageTest, LongestAndPeakKeepOneWinnerWhateverTheOrder) {
  Longest a, b;
  a.add(10, at(2), {"b.log", 4}, "/ten-bytes");
  a.add(10, at(1), {"c.log", 9}, "/0123456x");  // same length, earlier: wins
  a.add(3, at(0), {"a.log", 1}, "/ab");         // shorter: loses whatever its time
  b.add(3, at(0), {"a.log", 1}, "/ab");
  b.add(10, at(1), {"c.log", 9}, "/0123456x");
  b.add(10, at(2), {"b.log", 4}, "/ten-bytes");
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.sample, "/0123456x");
  EXPECT_EQ(a.example, (Example{"c.log", 9}));
  // A sample is cut at 256 bytes, not inside a UTF-8 character.
  Longest cut;
  cut.add(300, at(0), {"x.log", 1}, std::string(255, 'a') + "\xc3\xa9" + std::string(43, 'b'));
  EXPECT_EQ(cut.sample, std::string(255, 'a'));
  PeakRate p, q;
  p.merge(PeakRate{5, "10.0.0.2", at(1), Example{"a.log", 3}});
  p.merge(PeakRate{5, "10.0.0.1", at(1), Example{"a.log", 9}});
  p.merge(PeakRate{4, "10.0.0.0", at(0), Example{"a.log", 1}});
  q.merge(PeakRate{4, "10.0.0.0", at(0), Example{"a.log", 1}});
  q.merge(PeakRate{5, "10.0.0.1", at(1), Example{"a.log", 9}});
  q.merge(PeakRate{5, "10.0.0.2", at(1), Example{"a.log", 3}});
  EXPECT_EQ(p, q);
  EXPECT_EQ(p.client, "10.0.0.1");  // same rate and minute: the smaller client
}

TEST(UsageTest, InvalidUtf8IsWrittenAsReplacementCharacters) {
  UsageProfile p;
  p.sites["W3SVC1"].extensions[std::string(".a\xff")].add(at(0), {"u.log", 1});
  const std::string text = write_usage(p);
  EXPECT_NE(text.find(".a\xef\xbf\xbd"), std::string::npos);
  auto back = parse_usage(text);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(write_usage(*back), text);
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
  auto nested = parse_usage(
      R"({"schema": "temper.usage/1", "sites": [{"log": "W3SVC1", "methods": [{"method": "GET", "seen": {"count": 1}, "clients": {"values": [7]}}]}]})");
  ASSERT_FALSE(nested);
  EXPECT_NE(nested.error().message.find("/sites/0/methods/0/clients/values/0"), std::string::npos) << nested.error().message;
  auto id = parse_usage(R"({"schema": "temper.usage/1", "sources": [{"log": "S", "events": {"count": 1}, "event_ids": [{"event_id": 4294967296, "seen": {"count": 1}}]}]})");
  ASSERT_FALSE(id);
  EXPECT_NE(id.error().message.find("/sources/0/event_ids/0/event_id: out of range"), std::string::npos) << id.error().message;
  auto peak = parse_usage(R"({"schema": "temper.usage/1", "sites": [{"log": "W3SVC1", "peak": {"per_minute": -1}}]})");
  ASSERT_FALSE(peak);
  EXPECT_NE(peak.error().message.find("/sites/0/peak/per_minute"), std::string::npos) << peak.error().message;
  auto broken = parse_usage("{\n  \"schema\": \"temper.usage/1\",\n  \"logons\": [}\n", "b.json");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, ErrorCode::kParse);
  ASSERT_TRUE(broken.error().where);
  EXPECT_EQ(broken.error().where->line, 3U);
}

}  // namespace
}  // namespace temper::learn
