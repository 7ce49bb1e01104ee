// SPDX-License-Identifier: Apache-2.0
#include "core/byte_reader.hpp"

#include <gtest/gtest.h>

namespace temper {
TEST(ByteReaderTest, ReadsLittleEndianAndStopsAtTheEnd) {
  const std::string data("\x01\x02\x03\x04\x05", 5);
  ByteReader r(as_bytes(data));
  EXPECT_EQ(r.le<std::uint16_t>(), 0x0201);
  EXPECT_EQ(r.le<std::uint32_t>(), std::nullopt);  // only 3 left
  EXPECT_EQ(r.offset(), 2u);                        // a failed read does not move
  EXPECT_EQ(r.le<std::uint8_t>(), 3);
  EXPECT_FALSE(r.skip(3));
  EXPECT_TRUE(r.skip(2));
  EXPECT_TRUE(r.at_end());
  EXPECT_FALSE(r.seek(6));
  EXPECT_EQ(r.le_at<std::uint32_t>(1), 0x05040302u);
  EXPECT_EQ(r.le_at<std::uint32_t>(2), std::nullopt);
  EXPECT_EQ(r.le_at<std::uint32_t>(~std::size_t{0}), std::nullopt);  // no overflow on huge offsets
}
}  // namespace temper
