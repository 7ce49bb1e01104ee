// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "core/time.hpp"
#include "events/w3c.hpp"
#include "learn/builder.hpp"
#include "learn/usage_json.hpp"
#include "test_support.hpp"

namespace temper::learn {
namespace {
const std::string kData = TEMPER_TEST_DATA_DIR;

UsageProfile from_w3c(std::string_view text, std::string_view file) {
  return test_support::build([&](const events::EventSink& sink) { EXPECT_EQ(events::read_w3c_text(text, sink, file).bad_lines, 0U); });
}

// Lines 3-7 of site 2's log: five requests of three clients over two minutes, with the fields
// learning reads; then (line 9) a header without c-ip, crypt-* or cs-bytes.
const std::string kLog =
    "#Software: Microsoft Internet Information Services 10.0\n"
    "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip sc-status sc-substatus cs-bytes "
    "crypt-protocol crypt-cipher\n"
    "2026-11-03 10:00:01 10.0.0.5 GET /shop/v1.2/order.ASPX id=7 443 - 192.0.2.10 200 0 512 400 6610\n"
    "2026-11-03 10:00:20 10.0.0.5 get /shop/v1.2/ - 443 CONTOSO\\alice 192.0.2.10 200 0 300 0x400 0x6610\n"
    "2026-11-03 10:00:40 10.0.0.5 PROPFIND /files/a%2541.txt - 443 - 192.0.2.11 404 13 30000001 40 6801\n"
    "2026-11-03 10:00:59 10.0.0.5 GET /caf\xc3\xa9 q=\xc3\xa9&x=12345678 80 - 192.0.2.10 200 0 100 - -\n"
    "2026-11-03 10:01:05 10.0.0.5 GET /app.v2/x.JS - 443 - 192.0.2.11 304 0 200 800 660e\n"
    "#Fields: date time cs-method cs-uri-stem sc-status\n"
    "2026-11-03 10:02:00 TRACE / 501\n";

TEST(ProfileBuilderW3cTest, SiteUsageFromTheFieldsIisLogs) {
  const UsageProfile p = from_w3c(kLog, "C:\\inetpub\\logs\\LogFiles\\W3SVC2\\u_ex261103.log");
  ASSERT_EQ(p.sites.size(), 1U);
  const SiteUsage& site = p.sites.at("W3SVC2");
  ASSERT_EQ(site.methods.size(), 3U);
  EXPECT_EQ(site.methods.at("GET").seen.count, 4U);  // "get" counts as GET
  EXPECT_EQ(site.methods.at("GET").clients.values, (std::set<std::string>{"192.0.2.10", "192.0.2.11"}));
  EXPECT_EQ(site.methods.at("PROPFIND").clients.values, std::set<std::string>{"192.0.2.11"});
  EXPECT_EQ(site.methods.at("TRACE").seen.count, 1U);
  EXPECT_TRUE(site.methods.at("TRACE").clients.values.empty());  // no c-ip in that header
  // The last segment's extension, lower case: dots in folder names do not count.
  ASSERT_EQ(site.extensions.size(), 4U) << write_usage(p);
  EXPECT_EQ(site.extensions.at(".aspx").count, 1U);
  EXPECT_EQ(site.extensions.at("").count, 3U);  // /shop/v1.2/, /caf\xc3\xa9, /
  EXPECT_EQ(site.extensions.at(".txt").count, 1U);
  EXPECT_EQ(site.extensions.at(".js").count, 1U);
  EXPECT_EQ(site.statuses.at("200.0").count, 3U);
  EXPECT_EQ(site.statuses.at("404.13").count, 1U);
  EXPECT_EQ(site.statuses.at("304.0").count, 1U);
  EXPECT_EQ(site.statuses.at("501").count, 1U);  // no sc-substatus in the second header
  EXPECT_EQ(site.ports.at(443).count, 4U);
  EXPECT_EQ(site.ports.at(80).count, 1U);
  ASSERT_EQ(site.users.size(), 1U);
  EXPECT_EQ(site.users.at(WebUserKey{"CONTOSO\\alice", 443}).example, (Example{"C:\\inetpub\\logs\\LogFiles\\W3SVC2\\u_ex261103.log", 4}));
  EXPECT_EQ(site.url.length, 21U);
  EXPECT_EQ(site.url.sample, "/shop/v1.2/order.ASPX");
  EXPECT_EQ(site.query.length, 15U);
  EXPECT_EQ(site.query.example->record, 6U);
  EXPECT_EQ(site.body.length, 30000001U);
  EXPECT_EQ(site.body.example->record, 5U);
  EXPECT_EQ(site.double_escaped.count, 1U);
  EXPECT_EQ(site.double_escaped.example->record, 5U);
  // A '+' in the path is refused like a double escape.
  const UsageProfile plus = from_w3c(
      "#Fields: date time cs-method cs-uri-stem\n2026-11-03 10:00:01 GET /c++/intro.htm\n2026-11-03 10:00:02 GET /c/intro.htm\n",
      "W3SVC2/u_ex261103.log");
  EXPECT_EQ(plus.sites.at("W3SVC2").double_escaped.count, 1U);
  EXPECT_EQ(site.high_bit.count, 1U);
  EXPECT_EQ(site.high_bit.example->record, 6U);
  // 192.0.2.10 made three requests in the minute 10:00, the third on line 6.
  EXPECT_EQ(site.peak.per_minute, 3U);
  EXPECT_EQ(site.peak.client, "192.0.2.10");
  EXPECT_EQ(format_iso8601(*site.peak.minute), "2026-11-03T10:00:00Z");
  EXPECT_EQ(site.peak.example->record, 6U);
  const SourceStats& source = p.sources.at(SourceKey{"W3SVC2", ""});
  EXPECT_EQ(source.events.count, 6U);
  EXPECT_TRUE(source.event_ids.empty());
  EXPECT_TRUE(source.fields.values.contains("crypt-cipher"));
  auto back = parse_usage(write_usage(p));
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(*back, p);
}

TEST(ProfileBuilderW3cTest, TlsFromCryptFields) {
  const UsageProfile p = from_w3c(kLog, "C:\\inetpub\\logs\\LogFiles\\W3SVC2\\u_ex261103.log");
  ASSERT_EQ(p.tls.size(), 3U) << write_usage(p);  // the plain HTTP request ("-") is not TLS
  const ClientStats& tls12 = p.tls.at(TlsKey{"W3SVC2", "TLS 1.2", "AES 256"});
  EXPECT_EQ(tls12.seen.count, 2U);  // "400" and "0x400"
  EXPECT_EQ(tls12.clients.values, std::set<std::string>{"192.0.2.10"});
  EXPECT_EQ(p.tls.at(TlsKey{"W3SVC2", "TLS 1.0", "RC4"}).clients.values, std::set<std::string>{"192.0.2.11"});
  EXPECT_EQ(p.tls.at(TlsKey{"W3SVC2", "TLS 1.2", "AES 128"}).seen.count, 1U);
}

TEST(ProfileBuilderW3cTest, PeakCountsRestartWheneverTheMinuteChanges) {
  const std::string log =
      "#Fields: date time c-ip cs-method cs-uri-stem\n"
      "2026-11-03 10:00:01 10.0.0.1 GET /\n"
      "2026-11-03 10:00:02 10.0.0.1 GET /\n"
      "2026-11-03 10:01:00 10.0.0.1 GET /\n"
      "2026-11-03 10:00:03 10.0.0.1 GET /\n"  // back in time: a new count, not the old one resumed
      "2026-11-03 10:00:04 10.0.0.2 GET /\n"
      "2026-11-03 10:00:05 10.0.0.2 GET /\n";
  const UsageProfile p = from_w3c(log, "/logs/W3SVC1/u_ex261103.log");
  const PeakRate& peak = p.sites.at("W3SVC1").peak;
  EXPECT_EQ(peak.per_minute, 2U);
  EXPECT_EQ(peak.client, "10.0.0.1");  // 10.0.0.2 also made 2 in that minute: the smaller client
  EXPECT_EQ(peak.example->record, 3U);
}

TEST(ProfileBuilderW3cTest, WebManagementServiceLogsAreTheirOwnSite) {
  const std::string log = "#Fields: date time s-sitename cs-method cs-uri-stem\n2026-11-03 10:00:01 W3SVC1 POST /svc\n";
  const UsageProfile p = from_w3c(log, "C:\\inetpub\\logs\\wmsvc\\W3SVC1\\u_ex261103.log");
  ASSERT_EQ(p.sites.size(), 1U);
  EXPECT_EQ(p.sites.at("WMSvc").methods.at("POST").seen.count, 1U);
  EXPECT_TRUE(p.sources.contains(SourceKey{"WMSvc", ""}));
  // A folder, not a file, named WMSvc.
  const UsageProfile q = from_w3c(log, "/logs/WMSvc");
  EXPECT_TRUE(q.sites.contains("W3SVC1"));
}

TEST(ProfileBuilderW3cTest, TheCustomFieldsFixture) {
  const UsageProfile p = test_support::build([](const events::EventSink& sink) {
    auto stats = events::read_w3c(kData + "/events/iis_u_ex_custom_fields.log", sink);
    ASSERT_TRUE(stats) << stats.error().to_string();
    EXPECT_EQ(stats->bad_lines, 2U);
  });
  // s-sitename names the site of the first header's lines; the last block has neither it nor a W3SVC folder.
  ASSERT_EQ(p.sites.size(), 2U) << write_usage(p);
  const SiteUsage& site = p.sites.at("W3SVC1");
  EXPECT_EQ(site.methods.at("GET").seen.count, 1U);
  EXPECT_EQ(site.methods.at("POST").seen.count, 1U);
  EXPECT_EQ(site.users.at(WebUserKey{"CONTOSO\\alice", 443}).count, 1U);
  EXPECT_EQ(site.statuses.at("302.0").count, 1U);
  EXPECT_EQ(site.query.sample, "ReturnUrl=%2Fadmin");
  EXPECT_EQ(site.body.length, 0U);  // no cs-bytes
  EXPECT_FALSE(site.body.example);
  EXPECT_EQ(site.peak.per_minute, 1U);
  EXPECT_EQ(p.tls.at(TlsKey{"W3SVC1", "TLS 1.2", "AES 256"}).seen.count, 2U);
  EXPECT_EQ(p.sites.at("W3C").methods.at("GET").clients.values, std::set<std::string>{"192.0.2.44"});
  EXPECT_TRUE(p.sources.contains(SourceKey{"W3SVC1", "WEB02"}));
}

}  // namespace
}  // namespace temper::learn

namespace temper::learn {
namespace {
// A log of random extensions cannot grow a site's maps past the cap; the same keys survive whether
// the log is read in one pass or in two halves merged in either order.
TEST(ProfileBuilderW3cTest, SiteMapsAreCappedAndMergeExactly) {
  const std::size_t n = SiteUsage::kMaxKeys + 900;
  std::string first = "#Fields: date time cs-method cs-uri-stem\n";
  std::string second = first;
  std::string whole = first;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string line = "2026-11-03 10:00:01 M" + std::to_string(i * 7919 % n) + " /f.x" + std::to_string(i * 104729 % n) + "\n";
    whole += line;
    (i % 2 == 0 ? first : second) += line;
  }
  const UsageProfile one = from_w3c(whole, "W3SVC3/u_ex.log");
  const SiteUsage& site = one.sites.at("W3SVC3");
  EXPECT_EQ(site.extensions.size(), SiteUsage::kMaxKeys + 1);
  EXPECT_EQ(site.methods.size(), SiteUsage::kMaxKeys + 1);
  const std::string other(SiteUsage::kOther);
  EXPECT_EQ(site.extensions.at(other).count, n - SiteUsage::kMaxKeys);
  std::uint64_t total = 0;
  for (const auto& [ext, c] : site.extensions) total += c.count;
  EXPECT_EQ(total, n);
  UsageProfile a = from_w3c(first, "W3SVC3/u_ex.log");
  UsageProfile b = from_w3c(second, "W3SVC3/u_ex.log");
  UsageProfile ab = a;
  ab.merge(b);
  UsageProfile ba = b;
  ba.merge(a);
  EXPECT_EQ(ab.sites.at("W3SVC3").extensions, ba.sites.at("W3SVC3").extensions);
  // Keys and counts equal the single pass (examples differ: the halves number their lines apart).
  const auto& merged = ab.sites.at("W3SVC3").extensions;
  ASSERT_EQ(merged.size(), site.extensions.size());
  for (const auto& [ext, c] : site.extensions) EXPECT_EQ(merged.at(ext).count, c.count) << ext;
}
}  // namespace
}  // namespace temper::learn
