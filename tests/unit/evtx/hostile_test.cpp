// SPDX-License-Identifier: Apache-2.0
// Hostile input: truncated, bit-flipped and self-referencing EVTX files must neither crash nor
// hang. Each mutated file is read under a time bound.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <random>
#include <string>

#include "corpus.hpp"
#include "evtx/reader.hpp"

namespace temper::evtx {
namespace {

// Deterministic mutations of `seed`: flip bits, truncate, point u32 fields at themselves
// (self-referencing names/templates), and smash sizes with extreme values.
std::string mutate(const std::string& seed, std::mt19937_64& rng) {
  std::string b = seed;
  const int rounds = 1 + static_cast<int>(rng() % 8);
  for (int r = 0; r < rounds && b.size() > 8; ++r) {
    const std::size_t at = rng() % (b.size() - 4);
    switch (rng() % 4) {
      case 0: b[at] = static_cast<char>(b[at] ^ (1 << (rng() % 8))); break;
      case 1: b.resize(4096 + rng() % (b.size() - 4096 + 1)); break;
      case 2: {  // chunk-relative offset of this very field: a name/template pointing at itself
        const auto self = static_cast<std::uint32_t>((at - 4096) % 65536);
        std::memcpy(b.data() + at, &self, 4);
        break;
      }
      default: {
        static constexpr std::uint32_t kValues[] = {0, 1, 0xFFFF, 0x10000, 0x7FFFFFFF, 0xFFFFFFFF, 512, 24};
        std::memcpy(b.data() + at, &kValues[rng() % 8], 4);
        break;
      }
    }
  }
  return b;
}

TEST(EvtxHostileTest, MutatedFilesNeitherCrashNorHang) {
  TEMPER_REQUIRE_CORPUS();
  const char* seeds[] = {"evtx-rs-samples/security.evtx", "evtx-rs-samples/issue_201.evtx",
                         "evtx-rs-samples/2-system-Microsoft-Windows-LiveId%4Operational.evtx",
                         "python-evtx-samples/dns_log_malformed.evtx"};
  std::mt19937_64 rng(20261121);
  std::size_t runs = 0;
  std::uint64_t records = 0;
  for (const char* name : seeds) {
    std::string seed = test::slurp(test::sample(name));
    ASSERT_GT(seed.size(), 4096u) << name;
    seed.resize(std::min<std::size_t>(seed.size(), 4096 + 2 * 65536));  // two chunks keep it quick
    for (int i = 0; i < 60; ++i) {
      const std::string input = mutate(seed, rng);
      const auto start = std::chrono::steady_clock::now();
      ReadOptions options;
      options.recover = (i % 2) == 0;
      auto stats = read_evtx(std::as_bytes(std::span<const char>(input)), options, [&](const events::Event& e) {
        records += e.xml().empty() ? 0 : 1;
        return true;
      });
      const auto elapsed = std::chrono::steady_clock::now() - start;
      EXPECT_LT(elapsed, std::chrono::seconds(20)) << name << " mutation " << i;  // hang guard, not a speed test
      if (stats) {
        EXPECT_LE(stats->diagnostics.size(), 1000u);
      }
      ++runs;
    }
  }
  EXPECT_EQ(runs, 240u);
  EXPECT_GT(records, 0u);  // most mutations leave most records readable
}

}  // namespace
}  // namespace temper::evtx
