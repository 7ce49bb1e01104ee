// SPDX-License-Identifier: Apache-2.0
// core/hash64: stable values (the rule codec stores them), every byte counts at every length and
// alignment, seeds give other functions, hash128_hex is 32 hex digits.
#include "core/hash64.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace temper {
namespace {

std::span<const std::byte> bytes_of(std::string_view s) {
  return std::as_bytes(std::span<const char>(s.data(), s.size()));
}

TEST(Hash64Test, ValuesAreStable) {
  // Pinned: a change here makes every stored rule cache unreadable (bump kRuleCodecVersion with it).
  EXPECT_EQ(hash64(bytes_of("")), 0x4ef1d4054000f342ull) << std::hex << hash64(bytes_of(""));
  EXPECT_EQ(hash64(bytes_of("temper compiled rule set, more than thirty-two bytes long")), 0x63a1cc34b5e2ffe9ull)
      << std::hex << hash64(bytes_of("temper compiled rule set, more than thirty-two bytes long"));
}

TEST(Hash64Test, EveryByteCountsAtEveryLengthAndAlignment) {
  std::vector<char> buffer(300);
  for (std::size_t i = 0; i < buffer.size(); ++i) buffer[i] = static_cast<char>(i * 37 + 11);
  for (std::size_t length = 0; length <= 130; ++length) {
    const std::string_view base(buffer.data() + 1, length);
    const std::uint64_t h = hash64(bytes_of(base));
    // The same bytes at another address hash the same.
    std::vector<char> moved(base.begin(), base.end());
    moved.insert(moved.begin(), 3, 'x');
    EXPECT_EQ(hash64(bytes_of(std::string_view(moved.data() + 3, length))), h) << length;
    // One more or one less byte, or any byte flipped, hashes differently.
    if (length > 0) {
      EXPECT_NE(hash64(bytes_of(base.substr(0, length - 1))), h) << length;
    }
    for (std::size_t at = 0; at < length; ++at) {
      std::string changed(base);
      changed[at] = static_cast<char>(changed[at] ^ 0x01);
      EXPECT_NE(hash64(bytes_of(changed)), h) << length << " at " << at;
    }
  }
}

TEST(Hash64Test, SeedsAndHex) {
  EXPECT_NE(hash64(bytes_of("abc"), 1), hash64(bytes_of("abc"), 2));
  EXPECT_EQ(hash64(bytes_of("abc")), hash64(bytes_of("abc"), 0));
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string key = hash128_hex("file " + std::to_string(i));
    ASSERT_EQ(key.size(), 32u);
    EXPECT_EQ(key.find_first_not_of("0123456789abcdef"), std::string::npos);
    seen.insert(key);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

}  // namespace
}  // namespace temper
