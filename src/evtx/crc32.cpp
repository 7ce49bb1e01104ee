// SPDX-License-Identifier: Apache-2.0
// CRC-32 for the EVTX header and record-data checksums: carry-less-multiply folding on x86-64
// CPUs with PCLMULQDQ (every x86-64 CPU since 2010), slicing-by-16 elsewhere and for the ends.
// Why by hand: docs/decisions/0031-crc32-folding.md.
#include <array>
#include <cstring>

#include "evtx/detail/crc32.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define TEMPER_CRC_CLMUL 1
#endif

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

// The raw register update (no pre/post inversion).
std::uint32_t update_tables(std::uint32_t crc, const std::uint8_t* p, std::size_t n) {
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
  return crc;
}

#ifdef TEMPER_CRC_CLMUL
// Folding: the CRC register is linear, so a 128-bit block B followed by m more bits leaves the
// same remainder as B·x^m mod P followed by nothing. Multiplying by the precomputed x^m mod P
// (bit-reflected, as the CRC is) moves four 128-bit accumulators 512 bits ahead per step, then
// one accumulator 128 bits at a time. What is left, one 128-bit block plus the tail, goes
// through the table code from a zero register. Constants: x^(512+32), x^(512-32) and
// x^(128+32), x^(128-32) mod P, bit-reflected (shifted left by one) for P = 0x104C11DB7.
#define TEMPER_CLMUL_TARGET __attribute__((target("pclmul,sse2")))

TEMPER_CLMUL_TARGET inline __m128i load(const std::uint8_t* q) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
}

// x (low half times k's low half, high half times k's high half) plus next.
TEMPER_CLMUL_TARGET inline __m128i fold(__m128i x, __m128i k, __m128i next) {
  const __m128i lo = _mm_clmulepi64_si128(x, k, 0x00);
  const __m128i hi = _mm_clmulepi64_si128(x, k, 0x11);
  return _mm_xor_si128(_mm_xor_si128(lo, hi), next);
}

// Needs n >= 64.
TEMPER_CLMUL_TARGET std::uint32_t update_clmul(std::uint32_t crc, const std::uint8_t* p, std::size_t n) {
  const __m128i k512 = _mm_set_epi64x(0x1c6e41596LL, 0x154442bd4LL);
  const __m128i k128 = _mm_set_epi64x(0x0ccaa009eLL, 0x1751997d0LL);
  __m128i x0 = _mm_xor_si128(load(p), _mm_cvtsi32_si128(static_cast<int>(crc)));
  __m128i x1 = load(p + 16);
  __m128i x2 = load(p + 32);
  __m128i x3 = load(p + 48);
  p += 64;
  n -= 64;
  while (n >= 64) {
    x0 = fold(x0, k512, load(p));
    x1 = fold(x1, k512, load(p + 16));
    x2 = fold(x2, k512, load(p + 32));
    x3 = fold(x3, k512, load(p + 48));
    p += 64;
    n -= 64;
  }
  __m128i x = fold(x0, k128, x1);
  x = fold(x, k128, x2);
  x = fold(x, k128, x3);
  while (n >= 16) {
    x = fold(x, k128, load(p));
    p += 16;
    n -= 16;
  }
  alignas(16) std::uint8_t rest[16];
  _mm_store_si128(reinterpret_cast<__m128i*>(rest), x);
  return update_tables(update_tables(0, rest, 16), p, n);
}

bool have_clmul() {
  static const bool have = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse2");
  return have;
}
#endif

}  // namespace

std::uint32_t crc32_portable(std::span<const std::byte> data, std::uint32_t crc) {
  return ~update_tables(~crc, reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
}

std::uint32_t crc32(std::span<const std::byte> data, std::uint32_t crc) {
#ifdef TEMPER_CRC_CLMUL
  if (data.size() >= 128 && have_clmul()) {
    return ~update_clmul(~crc, reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
  }
#endif
  return crc32_portable(data, crc);
}

}  // namespace temper::evtx::detail
