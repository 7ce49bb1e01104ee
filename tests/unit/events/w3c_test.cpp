// SPDX-License-Identifier: Apache-2.0
// The IIS W3C extended log reader: headers, directives, custom fields, damage.
#include "events/w3c.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace temper::events {
namespace {

using test_support::time_of;
const std::filesystem::path& kData = test_support::kEventsData;

// What a test keeps of each request: copies, since the reader reuses its Event.
struct Request {
  std::uint64_t record_id = 0;
  std::string time;
  std::string computer;
  std::vector<std::pair<std::string, std::string>> fields;

  [[nodiscard]] std::string field(std::string_view name) const {
    for (const auto& [n, v] : fields) {
      if (n == name) return v;
    }
    return "<absent>";
  }
};

Request keep(const Event& e) {
  Request r;
  EXPECT_EQ(e.source, SourceKind::kW3c);
  EXPECT_EQ(e.provider(), "IIS");
  EXPECT_EQ(e.channel(), "W3C");
  EXPECT_FALSE(e.system().has_event_id);
  r.record_id = e.system().record_id;
  r.time = e.system().time_created != 0 ? time_of(e) : "";
  r.computer = std::string(e.computer());
  for (const Field& f : e.fields()) r.fields.emplace_back(e.text(f.name), e.text(f.value));
  return r;
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

// iis_u_ex_custom_fields.log: UTF-8 BOM, CRLF, IIS 10 custom fields, one line with too few and
// one with too many columns, then a second header without a date column.
void check_custom_fields_log(const std::vector<Request>& got, const TextReadStats& stats) {
  EXPECT_EQ(stats.lines, 13u);
  EXPECT_EQ(stats.events, 3u);
  EXPECT_EQ(stats.bad_lines, 2u);
  EXPECT_EQ(stats.diagnostics,
            (std::vector<std::string>{"line 7: expected 20 fields, found 8", "line 8: expected 20 fields, found 21"}));
  ASSERT_EQ(got.size(), 3u);
  const Request& first = got[0];
  EXPECT_EQ(first.record_id, 5u);
  EXPECT_EQ(first.time, "2024-02-29T23:59:58.000000000Z");
  EXPECT_EQ(first.computer, "WEB02");
  ASSERT_EQ(first.fields.size(), 20u);
  EXPECT_EQ(first.fields.front().first, "date");
  EXPECT_EQ(first.fields.back(), (std::pair<std::string, std::string>{"X-Forwarded-For", "203.0.113.9"}));
  EXPECT_EQ(first.field("cs(User-Agent)"), "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)");
  EXPECT_EQ(first.field("cs-uri-query"), "-");
  EXPECT_EQ(first.field("crypt-protocol"), "400");
  EXPECT_EQ(first.field("crypt-cipher"), "6610");
  const Request& second = got[1];
  EXPECT_EQ(second.record_id, 6u);
  EXPECT_EQ(second.time, "2024-03-01T00:00:01.000000000Z");
  EXPECT_EQ(second.field("cs-username"), "CONTOSO\\alice");
  EXPECT_EQ(second.field("cs-uri-query"), "ReturnUrl=%2Fadmin");
  EXPECT_EQ(second.field("X-Forwarded-For"), "203.0.113.9,+198.51.100.4");
  EXPECT_EQ(second.field("sc-win32-status"), "0");  // no CR left on the last column
  // The second header re-maps the columns; the date comes from its #Date: directive.
  const Request& third = got[2];
  EXPECT_EQ(third.record_id, 13u);
  EXPECT_EQ(third.time, "2024-03-01T00:05:07.000000000Z");
  EXPECT_EQ(third.computer, "");
  EXPECT_EQ(third.fields, (std::vector<std::pair<std::string, std::string>>{{"time", "00:05:07"},
                                                                            {"c-ip", "192.0.2.44"},
                                                                            {"cs-method", "GET"},
                                                                            {"cs-uri-stem", "/healthz"},
                                                                            {"sc-status", "200"}}));
}

TEST(W3cTest, ReadsIisCustomFieldsWithBomCrlfAndDamagedLinesFromAFile) {
  std::vector<Request> got;
  auto stats = read_w3c(kData / "iis_u_ex_custom_fields.log", [&](const Event& e) {
    got.push_back(keep(e));
    return true;
  });
  ASSERT_TRUE(stats.has_value());
  check_custom_fields_log(got, *stats);
}

TEST(W3cTest, ReadsTheSameLogFromMemory) {
  std::ifstream in(kData / "iis_u_ex_custom_fields.log", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const std::string content = text.str();
  std::vector<Request> got;
  const TextReadStats stats = read_w3c_text(std::string_view(content), [&](const Event& e) {
    got.push_back(keep(e));
    return true;
  });
  check_custom_fields_log(got, stats);
}

// An ANSI log's line (Windows-1252 bytes, not UTF-8) is decoded as such; UTF-8 lines stay as they are.
TEST(W3cTest, LinesThatAreNotUtf8AreDecodedAsWindows1252) {
  std::vector<std::string> stems;
  const auto stats = read_w3c_text(std::string_view("#Fields: cs-method cs-uri-stem\nGET /gr\xfcn.htm\nGET /gr\xc3\xbcn.htm\n"),
                                   [&](const Event& e) {
                                     stems.emplace_back(*e.field("cs-uri-stem"));
                                     return true;
                                   });
  EXPECT_EQ(stats.events, 2u);
  EXPECT_EQ(stems, (std::vector<std::string>{"/gr\xc3\xbcn.htm", "/gr\xc3\xbcn.htm"}));
}

TEST(W3cTest, DataBeforeFieldsIsBadAndMissingFileFails) {
  auto stats = read_w3c_text(std::string_view("a b c\n#Fields: x\n1\n"), [](const Event&) { return true; });
  EXPECT_EQ(stats.events, 1u);
  EXPECT_EQ(stats.bad_lines, 1u);
  EXPECT_EQ(stats.diagnostics, std::vector<std::string>{"line 1: data line before any #Fields: header"});
  auto missing = read_w3c(kData / "nope.log", [](const Event&) { return true; });
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(W3cTest, AnEmptyFieldsHeaderOrABadTimeKeepsTheReaderGoing) {
  std::vector<Request> got;
  const TextReadStats stats = read_w3c_text(std::string_view("#Fields:\n1 2\n#Fields: date time s-port\n"
                                                        "2024-13-40 25:00:00 80\n\n2024-01-02 03:04:05.678 443\n"),
                                       [&](const Event& e) {
                                         got.push_back(keep(e));
                                         return true;
                                       });
  EXPECT_EQ(stats.diagnostics, std::vector<std::string>{"line 2: expected 0 fields, found 2"});
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].time, "");  // kept, without a time
  EXPECT_EQ(got[0].field("date"), "2024-13-40");
  EXPECT_EQ(got[1].time, "2024-01-02T03:04:05.678000000Z");
}

TEST(W3cTest, ABomRightBeforeTheFieldsHeaderIsSkipped) {
  std::vector<Request> got;
  const TextReadStats stats =
      read_w3c_text(std::string_view("\xEF\xBB\xBF#Fields: date time\r\n2024-01-02 03:04:05\r\n"), [&](const Event& e) {
        got.push_back(keep(e));
        return true;
      });
  EXPECT_EQ(stats.bad_lines, 0u);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].fields.front().first, "date");
  EXPECT_EQ(got[0].time, "2024-01-02T03:04:05.000000000Z");
}

TEST(W3cTest, TheSinkCanStopTheRead) {
  int calls = 0;
  const TextReadStats stats = read_w3c_text(std::string_view("#Fields: a\n1\n2\n3\n"), [&](const Event&) {
    ++calls;
    return false;
  });
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(stats.events, 1u);
}

TEST(W3cTest, SiteIdComesFromTheW3svcFolder) {
  EXPECT_EQ(w3c_site_id_from_path("C:\\inetpub\\logs\\LogFiles\\W3SVC2\\u_ex261203.log"), 2U);
  EXPECT_EQ(w3c_site_id_from_path("/var/collect/web01/logs/w3svc17/u_ex261203.log"), 17U);
  EXPECT_EQ(w3c_site_id_from_path("D:/logs/W3SVC1/old/W3SVC3/x.log"), 3U);  // the deepest folder
  EXPECT_EQ(w3c_site_id_from_path("W3SVC4/u_ex1.log"), 4U);
  EXPECT_FALSE(w3c_site_id_from_path("C:\\logs\\u_ex261203.log"));
  EXPECT_FALSE(w3c_site_id_from_path("C:\\logs\\W3SVC2.log"));            // a file, not a folder
  EXPECT_FALSE(w3c_site_id_from_path("C:\\logs\\FTPSVC2\\u_ex1.log"));    // the FTP service
  EXPECT_FALSE(w3c_site_id_from_path("C:\\logs\\W3SVC\\u_ex1.log"));      // no number
  EXPECT_FALSE(w3c_site_id_from_path("C:\\logs\\W3SVC2a\\u_ex1.log"));
  EXPECT_FALSE(w3c_site_id_from_path("C:\\logs\\W3SVC99999999999\\u_ex1.log"));
  EXPECT_FALSE(w3c_site_id_from_path(""));
}

}  // namespace
}  // namespace temper::events
