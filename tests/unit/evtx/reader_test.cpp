// SPDX-License-Identifier: Apache-2.0
#include "evtx/reader.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <set>
#include <vector>

#include "evtx/detail/crc32.hpp"
#include "corpus.hpp"

namespace temper::evtx {
namespace {

using test::sample;
using test::slurp;

std::span<const std::byte> bytes_of(const std::string& s) { return std::as_bytes(std::span<const char>(s)); }

void put_u32(std::string& s, std::size_t at, std::uint32_t v) { std::memcpy(s.data() + at, &v, 4); }
std::uint32_t get_u32(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  std::memcpy(&v, s.data() + at, 4);
  return v;
}

TEST(EvtxCrcTest, MatchesKnownVector) {
  const std::string s = "123456789";
  EXPECT_EQ(detail::crc32(bytes_of(s)), 0xCBF43926u);
}

// The folding path (long inputs) against slicing-by-16, for every length and alignment that
// changes which loop finishes the input, and when continuing from a previous CRC.
TEST(EvtxCrcTest, FoldingMatchesTablesAtEveryLengthAndAlignment) {
  std::string buf(70000, '\0');
  std::uint32_t state = 0x12345678u;
  for (char& c : buf) {
    state = state * 1664525u + 1013904223u;
    c = static_cast<char>(state >> 24);
  }
  const auto all = bytes_of(buf);
  for (std::size_t len = 0; len < 400; ++len) {
    for (std::size_t align = 0; align < 16; align += 5) {
      const auto span = all.subspan(align, len);
      ASSERT_EQ(detail::crc32(span), detail::crc32_portable(span)) << "length " << len << " at " << align;
      ASSERT_EQ(detail::crc32(span, 0xDEADBEEFu), detail::crc32_portable(span, 0xDEADBEEFu)) << "length " << len;
    }
  }
  for (const std::size_t len : {65024u, 65536u, 65537u, 69999u}) {
    EXPECT_EQ(detail::crc32(all.subspan(1, len)), detail::crc32_portable(all.subspan(1, len))) << len;
  }
  // Split input: continuing from the CRC of the first part gives the CRC of the whole.
  EXPECT_EQ(detail::crc32(all.subspan(300, 5000), detail::crc32(all.first(300))), detail::crc32(all.first(5300)));
}

TEST(EvtxReaderTest, ReadsEverySecurityRecordInOrder) {
  TEMPER_REQUIRE_CORPUS();
  std::vector<std::uint64_t> ids;
  std::size_t logons = 0;
  std::string first_channel;
  auto stats = read_evtx(sample("evtx-rs-samples/security.evtx"), {}, [&](const events::Event& e) {
    ids.push_back(e.system().record_id);
    if (first_channel.empty()) first_channel = std::string(e.channel());
    if (e.system().event_id == 4624) {
      ++logons;
      EXPECT_TRUE(e.field("TargetUserSid").has_value());
    }
    return true;
  });
  ASSERT_TRUE(stats.has_value()) << stats.error().to_string();
  EXPECT_TRUE(stats->header_ok);
  EXPECT_TRUE(stats->header.checksum_ok);
  EXPECT_EQ(stats->header.major_version, 3);
  EXPECT_EQ(stats->records, 2261u);
  EXPECT_EQ(stats->damaged_records, 0u);
  EXPECT_EQ(stats->checksum_errors, 0u);
  ASSERT_EQ(ids.size(), 2261u);
  for (std::size_t i = 0; i < ids.size(); ++i) ASSERT_EQ(ids[i], i + 1);
  EXPECT_EQ(first_channel, "Security");
  EXPECT_GT(logons, 0u);
}

TEST(EvtxReaderTest, IndexesSystemFieldsAndEventData) {
  TEMPER_REQUIRE_CORPUS();
  bool seen = false;
  auto stats = read_evtx(sample("evtx-rs-samples/security.evtx"), {}, [&](const events::Event& e) {
    if (e.system().record_id != 2) return true;
    seen = true;
    const auto& s = e.system();
    EXPECT_EQ(e.provider(), "Microsoft-Windows-Security-Auditing");
    EXPECT_EQ(e.text(s.provider_guid), "{54849625-5478-4994-A5BA-3E3B0328C30D}");
    EXPECT_EQ(s.event_id, 4624u);
    EXPECT_EQ(s.task, 12544);
    EXPECT_EQ(s.keywords, 0x8020000000000000ull);
    EXPECT_EQ(s.process_id, 456u);
    EXPECT_EQ(s.thread_id, 460u);
    EXPECT_EQ(e.computer(), "37L4247F27-25");
    EXPECT_EQ(e.text(s.time_text), "2016-07-08T18:12:51.681640800Z");
    EXPECT_EQ(e.field("TargetUserName"), "SYSTEM");
    EXPECT_EQ(e.field("TargetLogonId"), "0x00000000000003e7");
    EXPECT_EQ(e.field("ProcessName"), "");
    EXPECT_EQ(e.field("NoSuchField"), std::nullopt);
    EXPECT_EQ(e.data_block, "EventData");
    return false;  // stop early
  });
  ASSERT_TRUE(stats.has_value());
  EXPECT_TRUE(seen);
  EXPECT_EQ(stats->records, 2u);  // stopped after the second record
}

TEST(EvtxReaderTest, SkipsBadChunkMagicAndKeepsTheOtherChunks) {
  TEMPER_REQUIRE_CORPUS();
  auto stats = read_evtx(sample("evtx-rs-samples/sample_with_a_bad_chunk_magic.evtx"), {},
                         [](const events::Event&) { return true; });
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->bad_chunks, 2u);
  EXPECT_GE(stats->records, 270u);  // evtxexport: 267
  ASSERT_FALSE(stats->diagnostics.empty());
}

TEST(EvtxReaderTest, ReportsChecksumErrorsWithoutDroppingRecords) {
  TEMPER_REQUIRE_CORPUS();
  auto stats = read_evtx(sample("evtx-rs-samples/Application_no_crc32.evtx"), {}, [](const events::Event&) { return true; });
  ASSERT_TRUE(stats.has_value());
  EXPECT_GT(stats->checksum_errors, 0u);
  EXPECT_EQ(stats->records, 17u);
}

TEST(EvtxReaderTest, DecodesForwardedEventsWithUnnamedData) {
  TEMPER_REQUIRE_CORPUS();
  std::vector<std::string> names;
  std::string first;
  auto stats = read_evtx(sample("evtx-rs-samples/issue_201.evtx"), {}, [&](const events::Event& e) {
    for (const auto& f : e.fields()) names.emplace_back(e.text(f.name));
    first = std::string(e.field("Data1").value_or(""));
    return true;
  });
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->records, 1u);  // evtxexport and python-evtx give up on this file
  EXPECT_EQ(first, "Set-Mailbox");
  ASSERT_GE(names.size(), 3u);
  EXPECT_EQ(names[2], "Data3");
}

TEST(EvtxReaderTest, RecoversRecordsFromSlackOnlyWhenAsked) {
  TEMPER_REQUIRE_CORPUS();
  std::string file = slurp(sample("evtx-rs-samples/security.evtx"));
  ASSERT_GT(file.size(), 4096u + 65536u);
  // Move the first chunk's free-space offset back over its last record: that record is now slack.
  const std::size_t chunk = 4096;
  const std::uint32_t last = get_u32(file, chunk + 44);
  put_u32(file, chunk + 48, last);
  auto count = [&](bool recover, std::uint64_t& recovered) {
    std::set<std::uint64_t> ids;
    ReadOptions o;
    o.recover = recover;
    auto stats = read_evtx(bytes_of(file), o, [&](const events::Event& e) {
      ids.insert(e.system().record_id);
      return true;
    });
    EXPECT_TRUE(stats.has_value());
    recovered = stats ? stats->recovered : 0;
    return ids.size();
  };
  std::uint64_t recovered = 0;
  EXPECT_EQ(count(false, recovered), 2260u);
  EXPECT_EQ(recovered, 0u);
  EXPECT_EQ(count(true, recovered), 2261u);
  EXPECT_EQ(recovered, 1u);
}

TEST(EvtxReaderTest, ReportsFileHeaderChecksumAndRejectsNonEvtx) {
  TEMPER_REQUIRE_CORPUS();
  std::string file = slurp(sample("evtx-rs-samples/security.evtx"));
  file[100] = static_cast<char>(file[100] ^ 0x55);
  auto header = parse_file_header(bytes_of(file));
  ASSERT_TRUE(header.has_value());
  EXPECT_FALSE(header->checksum_ok);
  auto stats = read_evtx(bytes_of(file), {}, [](const events::Event&) { return true; });
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->records, 2261u);
  EXPECT_FALSE(stats->diagnostics.empty());

  const std::string junk(8192, 'x');
  auto bad = read_evtx(bytes_of(junk), {}, [](const events::Event&) { return true; });
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kParse);
  auto missing = read_evtx(std::filesystem::path("/nonexistent/x.evtx"), {}, [](const events::Event&) { return true; });
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(EvtxReaderTest, ThreadedRenderingKeepsRecordOrder) {
  TEMPER_REQUIRE_CORPUS();
  for (unsigned threads : {1u, 2u, 4u}) {
    ReadOptions o;
    o.threads = threads;
    std::vector<std::uint64_t> ids;
    std::uint64_t last_progress = 0;
    auto stats = read_evtx_rendered(
        sample("evtx-rs-samples/security.evtx"), o,
        [](const events::Event& e, std::string& out) { out += std::to_string(e.system().record_id) + "\n"; },
        [&](std::string_view text) {
          std::size_t start = 0;
          while (start < text.size()) {
            const std::size_t nl = text.find('\n', start);
            ids.push_back(std::stoull(std::string(text.substr(start, nl - start))));
            start = nl + 1;
          }
          return true;
        },
        [&](std::uint64_t done) { last_progress = done; });
    ASSERT_TRUE(stats.has_value());
    EXPECT_EQ(stats->records, 2261u);
    ASSERT_EQ(ids.size(), 2261u) << threads;
    for (std::size_t i = 0; i < ids.size(); ++i) ASSERT_EQ(ids[i], i + 1) << threads;
    EXPECT_GT(last_progress, 0u);
  }
}

TEST(EvtxReaderTest, ThreadedRenderingStopsWhenTheWriterRefuses) {
  TEMPER_REQUIRE_CORPUS();
  for (unsigned threads : {1u, 3u}) {
    ReadOptions o;
    o.threads = threads;
    o.recover = true;
    int writes = 0;
    auto stats = read_evtx_rendered(
        sample("evtx-rs-samples/security.evtx"), o, [](const events::Event&, std::string& out) { out += "x"; },
        [&](std::string_view) { return ++writes < 3; });
    ASSERT_TRUE(stats.has_value());
    EXPECT_EQ(writes, 3) << threads;
    EXPECT_LT(stats->records, 2261u) << threads;
  }
}

}  // namespace
}  // namespace temper::evtx
