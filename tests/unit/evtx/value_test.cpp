// SPDX-License-Identifier: Apache-2.0
#include "evtx/detail/value.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace temper::evtx::detail {
namespace {

std::vector<std::byte> bytes(std::initializer_list<int> v) {
  std::vector<std::byte> out;
  for (int x : v) out.push_back(static_cast<std::byte>(x));
  return out;
}

std::string render(std::uint8_t type, const std::vector<std::byte>& b) {
  std::string out;
  append_value(out, type, b);
  return out;
}

TEST(EvtxValueTest, FormatsIntegersHexAndBool) {
  EXPECT_EQ(render(kInt8, bytes({0xFF})), "-1");
  EXPECT_EQ(render(kUInt16, bytes({0x10, 0x27})), "10000");
  EXPECT_EQ(render(kInt32, bytes({0x5F, 0x80, 0x04, 0x80})), "-2147188641");  // evtxexport prints -295007 (a bug)
  EXPECT_EQ(render(kHexInt32, bytes({0x6D, 0x00, 0x00, 0xC0})), "0xc000006d");
  EXPECT_EQ(render(kHexInt64, bytes({0xE7, 0x03, 0, 0, 0, 0, 0, 0})), "0x00000000000003e7");
  EXPECT_EQ(render(kSizeT, bytes({4, 0, 0, 0, 0, 0, 0, 0})), "4");
  EXPECT_EQ(render(kBool, bytes({2, 0, 0, 0})), "true");
  EXPECT_EQ(render(kBool, bytes({0, 0, 0, 0})), "false");
}

TEST(EvtxValueTest, FormatsGuidSidAndTimes) {
  EXPECT_EQ(render(kGuid, bytes({0x25, 0x96, 0x84, 0x54, 0x78, 0x54, 0x94, 0x49, 0xA5, 0xBA, 0x3E, 0x3B, 0x03, 0x28,
                                 0xC3, 0x0D})),
            "{54849625-5478-4994-A5BA-3E3B0328C30D}");
  EXPECT_EQ(render(kSid, bytes({1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0})), "S-1-5-18");
  EXPECT_EQ(render(kSid, bytes({1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 0x02, 0, 0})), "S-1-5-32-544");
  // 2016-07-08T18:12:51.6816408Z
  EXPECT_EQ(render(kFileTime, bytes({24, 150, 87, 87, 68, 217, 209, 1})),
            "2016-07-08T18:12:51.681640800Z");
  EXPECT_EQ(render(kSystemTime, bytes({0xE3, 0x07, 3, 0, 5, 0, 8, 0, 23, 0, 23, 0, 5, 0, 7, 0})),
            "2019-03-08T23:23:05.007Z");
}

TEST(EvtxValueTest, DecodesUtf16AndAnsiStrings) {
  EXPECT_EQ(render(kString, bytes({'a', 0, 0xE9, 0, 0x3D, 0xD8, 0x00, 0xDE, 0, 0})), "a\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(render(kString, bytes({0x00, 0xD8, 'x', 0})), "\xEF\xBF\xBDx");  // unpaired surrogate
  EXPECT_EQ(render(kAnsiString, bytes({'h', 'i', 0, 'x'})), "hi");
  EXPECT_EQ(render(kAnsiString, bytes({0x80, 0x93, 0xE9})), "\xE2\x82\xAC\xE2\x80\x9C\xC3\xA9");  // windows-1252
}

TEST(EvtxValueTest, ShortOrUnknownValuesBecomeHex) {
  EXPECT_EQ(render(kUInt32, bytes({1, 2})), "0102");
  EXPECT_EQ(render(kBinary, bytes({0xDE, 0xAD})), "DEAD");
  EXPECT_EQ(render(0x7F, bytes({0x01})), "01");
}

// Appending to a string that has to grow, by every size class: the text is exactly the value's
// (libstdc++ 12 hands resize_and_overwrite callbacks the grown capacity, not the asked size).
TEST(EvtxValueTest, AppendsExactlyWhenTheStringGrows) {
  for (std::size_t prefix : {0u, 1u, 15u, 16u, 100u, 150u}) {
    for (std::size_t n : {1u, 7u, 8u, 9u, 31u, 384u, 733u}) {
      std::vector<std::byte> binary(n, std::byte{0xAB});
      std::vector<std::byte> utf16;
      for (std::size_t i = 0; i < n; ++i) {
        utf16.push_back(static_cast<std::byte>('a' + i % 26));
        utf16.push_back(std::byte{0});
      }
      std::string out(prefix, '#');
      out.shrink_to_fit();
      append_value(out, kBinary, binary);
      ASSERT_EQ(out.size(), prefix + 2 * n) << prefix << "/" << n;
      std::string hex;
      for (std::size_t i = 0; i < n; ++i) hex += "AB";
      EXPECT_EQ(out.substr(prefix), hex);
      out.assign(prefix, '#');
      out.shrink_to_fit();
      append_value(out, kString, utf16);
      ASSERT_EQ(out.size(), prefix + n) << prefix << "/" << n;
      EXPECT_EQ(out[prefix + n - 1], static_cast<char>('a' + (n - 1) % 26));
      out.assign(prefix, '#');
      out.shrink_to_fit();
      append_value(out, kFileTime, bytes({0x00, 0x80, 0x3E, 0xD5, 0xDE, 0xB1, 0x9D, 0x01}));
      EXPECT_EQ(out.substr(prefix), "1970-01-01T00:00:00.000000000Z");
    }
  }
}

TEST(EvtxValueTest, SplitsArrays) {
  std::vector<std::string> items;
  auto collect = [&](std::uint8_t type, const std::vector<std::byte>& b) {
    items.clear();
    for_each_array_item(type, b, 100, [&](std::span<const std::byte> item) {
      std::string s;
      append_value(s, type, item);
      items.push_back(s);
    });
    return items;
  };
  EXPECT_EQ(collect(kString, bytes({'a', 0, 0, 0, 'b', 0, 'c', 0, 0, 0})), (std::vector<std::string>{"a", "bc"}));
  EXPECT_EQ(collect(kUInt16, bytes({1, 0, 2, 0, 3})), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(collect(kSid, bytes({1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1})),
            (std::vector<std::string>{"S-1-5-18", "S-1-1"}));
  std::size_t n = for_each_array_item(kUInt8, bytes({1, 2, 3, 4}), 2, [](std::span<const std::byte>) {});
  EXPECT_EQ(n, 2u);
}

}  // namespace
}  // namespace temper::evtx::detail
