// SPDX-License-Identifier: Apache-2.0
#include "core/time.hpp"

#include <gtest/gtest.h>

namespace temper {
TEST(TimeTest, ParsesDatesAndTimestamps) {
  const auto d = parse_iso8601("2026-11-21");
  ASSERT_TRUE(d);
  EXPECT_EQ(format_iso8601(*d), "2026-11-21T00:00:00Z");
  const auto t = parse_iso8601("2026-02-28T13:45:07.123Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_iso8601(*t), "2026-02-28T13:45:07Z");
  EXPECT_FALSE(parse_iso8601("2026-02-30"));
  EXPECT_FALSE(parse_iso8601("2026-1-01"));
  EXPECT_FALSE(parse_iso8601("2026-01-01T25:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2026-01-01junk"));
}
}  // namespace temper
