// SPDX-License-Identifier: Apache-2.0
#include "core/utf.hpp"

#include <gtest/gtest.h>

namespace temper {
TEST(UtfTest, DecodesUtf16LeWithBom) {
  const std::string bytes("\xFF\xFE[\0U\0]\0\xE9\0", 10);
  TextEncoding enc{};
  EXPECT_EQ(decode_text(bytes, &enc), "[U]\xC3\xA9");
  EXPECT_EQ(enc, TextEncoding::kUtf16Le);
}

TEST(UtfTest, DecodesBomlessUtf16Le) {
  const std::string bytes("[\0V\0e\0r\0s\0i\0o\0n\0]\0", 18);
  EXPECT_EQ(decode_text(bytes), "[Version]");
}

TEST(UtfTest, StripsUtf8BomAndFallsBackToWindows1252) {
  TextEncoding enc{};
  EXPECT_EQ(decode_text(std::string("\xEF\xBB\xBFok"), &enc), "ok");
  EXPECT_EQ(enc, TextEncoding::kUtf8Bom);
  EXPECT_EQ(decode_text(std::string("caf\xE9 \x80"), &enc), "caf\xC3\xA9 \xE2\x82\xAC");
  EXPECT_EQ(enc, TextEncoding::kWindows1252);
}

TEST(UtfTest, SurrogatesRoundTripAndBrokenOnesBecomeReplacement) {
  const std::string smile = "\xF0\x9F\x98\x80";
  const std::string u16 = utf8_to_utf16le(smile);
  ASSERT_EQ(u16.size(), 4u);
  EXPECT_EQ(utf16le_to_utf8(std::as_bytes(std::span<const char>(u16.data(), u16.size()))), smile);
  const std::string lone("\x00\xD8", 2);
  EXPECT_EQ(utf16le_to_utf8(std::as_bytes(std::span<const char>(lone.data(), lone.size()))), "\xEF\xBF\xBD");
  const std::string odd("A\0B", 3);
  EXPECT_EQ(utf16le_to_utf8(std::as_bytes(std::span<const char>(odd.data(), odd.size()))), "A\xEF\xBF\xBD");
}

TEST(UtfTest, ValidatesUtf8) {
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));        // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));    // surrogate
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));        // truncated
}
}  // namespace temper
