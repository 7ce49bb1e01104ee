// SPDX-License-Identifier: Apache-2.0
// Slicing-by-16 CRC-32 for the EVTX header and record-data checksums.
#include <array>

#include "evtx/detail/crc32.hpp"

namespace temper::evtx::detail {
namespace {

using Tables = std::array<std::array<std::uint32_t, 256>, 16>;

constexpr Tables make_tables() {
  Tables t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1u) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[0][i] = c;
  }
  for (std::size_t s = 1; s < 16; ++s) {
    for (std::size_t i = 0; i < 256; ++i) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xFFu];
  }
  return t;
}

constexpr Tables kTables = make_tables();

}  // namespace

std::uint32_t crc32(std::span<const std::byte> data, std::uint32_t crc) {
  crc = ~crc;
  const auto* p = reinterpret_cast<const std::uint8_t*>(data.data());
  std::size_t n = data.size();
  auto word = [](const std::uint8_t* q) {
    return static_cast<std::uint32_t>(q[0]) | static_cast<std::uint32_t>(q[1]) << 8 |
           static_cast<std::uint32_t>(q[2]) << 16 | static_cast<std::uint32_t>(q[3]) << 24;
  };
  while (n >= 16) {
    const std::uint32_t a = crc ^ word(p);
    const std::uint32_t b = word(p + 4);
    const std::uint32_t c = word(p + 8);
    const std::uint32_t d = word(p + 12);
    crc = kTables[15][a & 0xFFu] ^ kTables[14][(a >> 8) & 0xFFu] ^ kTables[13][(a >> 16) & 0xFFu] ^ kTables[12][a >> 24] ^
          kTables[11][b & 0xFFu] ^ kTables[10][(b >> 8) & 0xFFu] ^ kTables[9][(b >> 16) & 0xFFu] ^ kTables[8][b >> 24] ^
          kTables[7][c & 0xFFu] ^ kTables[6][(c >> 8) & 0xFFu] ^ kTables[5][(c >> 16) & 0xFFu] ^ kTables[4][c >> 24] ^
          kTables[3][d & 0xFFu] ^ kTables[2][(d >> 8) & 0xFFu] ^ kTables[1][(d >> 16) & 0xFFu] ^ kTables[0][d >> 24];
    p += 16;
    n -= 16;
  }
  while (n-- > 0) crc = kTables[0][(crc ^ *p++) & 0xFFu] ^ (crc >> 8);
  return ~crc;
}

}  // namespace temper::evtx::detail
