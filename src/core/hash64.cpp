// SPDX-License-Identifier: Apache-2.0
#include "core/hash64.hpp"

#include <bit>
#include <cstring>

namespace temper {
namespace {
std::uint64_t rotl(std::uint64_t v, int r) { return (v << r) | (v >> (64 - r)); }
}  // namespace

std::uint64_t hash64(std::span<const std::byte> data, std::uint64_t seed) {
  constexpr std::uint64_t kA = 0x9E3779B97F4A7C15ull, kB = 0xC2B2AE3D27D4EB4Full, kC = 0x165667B19E3779F9ull;
  auto mix = [](std::uint64_t h, std::uint64_t w) { return rotl(h ^ (rotl(w * kB, 31) * kA), 27) * kA + kC; };
  // The loop bounds keep every read inside `data`: one plain load per word.
  auto word = [p = data.data()](std::size_t at) {
    std::uint64_t w = 0;
    std::memcpy(&w, p + at, sizeof w);
    if constexpr (std::endian::native == std::endian::big) w = std::byteswap(w);
    return w;
  };
  std::uint64_t h = (kC ^ seed) ^ (static_cast<std::uint64_t>(data.size()) * kA);
  std::size_t i = 0;
  // Four independent lanes over 32-byte blocks (the multiply chains overlap), folded into one.
  if (data.size() >= 32) {
    std::uint64_t lane[4] = {h, h + kA, h + kB, h + kC};
    for (; i + 32 <= data.size(); i += 32) {
      for (std::size_t k = 0; k < 4; ++k) lane[k] = mix(lane[k], word(i + 8 * k));
    }
    h = mix(mix(mix(mix(h, lane[0]), lane[1]), lane[2]), lane[3]);
  }
  for (; i + 8 <= data.size(); i += 8) h = mix(h, word(i));
  std::uint64_t tail = data.size() - i;
  for (std::size_t k = 0; i + k < data.size(); ++k)
    tail |= std::to_integer<std::uint64_t>(data[i + k]) << (8 * (k + 1));
  h = mix(h, tail);
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  return h;
}

std::string hash128_hex(std::string_view text) {
  const auto bytes = std::as_bytes(std::span<const char>(text.data(), text.size()));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(32);
  for (const std::uint64_t seed : {0x5851F42D4C957F2Dull, 0x14057B7EF767814Full}) {
    const std::uint64_t h = hash64(bytes, seed);
    for (int shift = 60; shift >= 0; shift -= 4) out.push_back(kHex[(h >> shift) & 15]);
  }
  return out;
}

}  // namespace temper
