// SPDX-License-Identifier: Apache-2.0
// The direct field path (ReadOptions::xml = false, src/evtx/fields.cpp) against the XML node
// path + Event::index_xml(): every record of every corpus file, and mutated files, must give the
// same System fields, data fields and data block either way.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "corpus.hpp"
#include "events/render.hpp"
#include "evtx/reader.hpp"

namespace temper::evtx {
namespace {

struct Pass {
  std::vector<std::string> events;  // JSON line (every System and data field) + data block
  std::vector<bool> no_xml;         // by record: Event::xml() was empty
  std::uint64_t damaged = 0;
  bool ok = false;
};

Pass read_pass(std::span<const std::byte> bytes, bool xml) {
  Pass p;
  ReadOptions options;
  options.xml = xml;
  options.recover = true;
  auto stats = read_evtx(bytes, options, [&](const events::Event& e) {
    std::string line;
    events::append_json(line, e);
    line.append(e.data_block);
    p.events.push_back(std::move(line));
    p.no_xml.push_back(e.xml().empty());
    return true;
  });
  p.ok = stats.has_value();
  if (stats) p.damaged = stats->damaged_records;
  return p;
}

std::span<const std::byte> bytes_of(const std::string& s) { return std::as_bytes(std::span<const char>(s)); }

TEST(EvtxFieldsTest, DirectPathMatchesNodePathOnEveryCorpusRecord) {
  TEMPER_REQUIRE_CORPUS();
  std::uint64_t records = 0;
  std::uint64_t direct = 0;
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(test::corpus_dir())) {
    if (!entry.is_regular_file() || entry.path().extension() != ".evtx") continue;
    ++files;
    const std::string data = test::slurp(entry.path());
    const Pass nodes = read_pass(bytes_of(data), true);
    const Pass fast = read_pass(bytes_of(data), false);
    const std::string name = entry.path().lexically_relative(test::corpus_dir()).string();
    ASSERT_EQ(nodes.ok, fast.ok) << name;
    ASSERT_EQ(nodes.events.size(), fast.events.size()) << name;
    for (std::size_t i = 0; i < nodes.events.size(); ++i) {
      ASSERT_EQ(nodes.events[i], fast.events[i]) << name << ", record " << i;
      // Records with an XML document that the direct path read without building it.
      if (!nodes.no_xml[i]) {
        ++records;
        direct += fast.no_xml[i] ? 1 : 0;
      }
    }
  }
  ASSERT_GT(files, 300u);
  // The direct path must carry nearly all records, or it is silently not doing its job.
  std::cout << "direct path: " << direct << " of " << records << " records\n";
  EXPECT_GT(static_cast<double>(direct), 0.98 * static_cast<double>(records));
}

// Damaged templates and values must not make the two paths disagree about a record that both
// decode (a record one path gives up on, e.g. at a size cap, is allowed to differ).
TEST(EvtxFieldsTest, DirectPathMatchesNodePathOnMutatedFiles) {
  TEMPER_REQUIRE_CORPUS();
  const std::string seed = test::slurp(test::sample("evtx-rs-samples/security.evtx"));
  std::mt19937_64 rng(20261121);
  int compared = 0;
  for (int round = 0; round < 60; ++round) {
    std::string b = seed.substr(0, 4096 + 65536 * 2);
    for (int k = 0; k < 6; ++k) {
      const std::size_t at = 4096 + rng() % (b.size() - 4096);
      b[at] = static_cast<char>(b[at] ^ (1 << (rng() % 8)));
    }
    const Pass nodes = read_pass(bytes_of(b), true);
    const Pass fast = read_pass(bytes_of(b), false);
    if (nodes.damaged != fast.damaged || nodes.events.size() != fast.events.size()) continue;
    ++compared;
    for (std::size_t i = 0; i < nodes.events.size(); ++i) ASSERT_EQ(nodes.events[i], fast.events[i]) << round << "/" << i;
  }
  EXPECT_GT(compared, 40);
}

}  // namespace
}  // namespace temper::evtx
