// SPDX-License-Identifier: Apache-2.0
#include "core/strings.hpp"

#include <gtest/gtest.h>

namespace temper {
TEST(StringsTest, CaseInsensitiveCompare) {
  EXPECT_TRUE(iequals("SeSystemtimePrivilege", "SESYSTEMTIMEPRIVILEGE"));
  EXPECT_FALSE(iequals("abc", "abd"));
  EXPECT_TRUE(istarts_with("HKEY_LOCAL_MACHINE\\x", "hkey_local_machine"));
  EXPECT_TRUE(iends_with("web.CONFIG", ".config"));
  EXPECT_TRUE(ILess{}("abc", "ABD"));
  EXPECT_FALSE(ILess{}("ABC", "abc"));
}

TEST(StringsTest, TrimAndSplitKeepEmptyFields) {
  EXPECT_EQ(trim("  a b \r\n"), "a b");
  EXPECT_EQ(trim(" \t "), "");
  const auto parts = split("a,,b,", ',');
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[1], "");
  EXPECT_EQ(join(parts, "|"), "a||b|");
}

TEST(StringsTest, GlobMatchesStarAndQuestion) {
  EXPECT_TRUE(glob_match("S-1-5-82-*", "S-1-5-82-3006700770-424185619"));
  EXPECT_TRUE(glob_match("*.CONFIG", "web.config"));
  EXPECT_TRUE(glob_match("a?c", "abc"));
  EXPECT_FALSE(glob_match("a?c", "abbc"));
  EXPECT_FALSE(glob_match("S-1-5-82-*", "S-1-5-80-1"));
  EXPECT_TRUE(glob_match("*", ""));
  // Pathological pattern stays linear-ish (no exponential backtracking).
  EXPECT_FALSE(glob_match("*a*a*a*a*a*a*a*a*b", std::string(5000, 'a')));
}

TEST(StringsTest, ParseInt64RejectsJunk) {
  long long v = 0;
  EXPECT_TRUE(parse_int64(" 42 ", v));
  EXPECT_EQ(v, 42);
  EXPECT_TRUE(parse_int64("0x20000000", v));
  EXPECT_EQ(v, 0x20000000);
  EXPECT_TRUE(parse_int64("-5", v));
  EXPECT_EQ(v, -5);
  EXPECT_FALSE(parse_int64("4,1", v));
  EXPECT_FALSE(parse_int64("", v));
  EXPECT_FALSE(parse_int64("99999999999999999999", v));
}
}  // namespace temper
