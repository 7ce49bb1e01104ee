// SPDX-License-Identifier: Apache-2.0
#include "core/sha1.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace temper {
namespace {
std::string hex(std::string_view s) {
  const auto d = sha1(std::as_bytes(std::span<const char>(s.data(), s.size())));
  std::string out;
  char buf[3];
  for (auto b : d) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}
}  // namespace

TEST(Sha1Test, MatchesFips180Vectors) {
  EXPECT_EQ(hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(hex(std::string(1000000, 'a')), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}
}  // namespace temper
