// SPDX-License-Identifier: Apache-2.0
// Text forms of BinXML values: integers, hex, GUID, SID, FILETIME/SYSTEMTIME, UTF-16 and ANSI strings.
#include <array>
#include <charconv>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/byte_reader.hpp"
#include "core/utf.hpp"
#include "events/event.hpp"
#include "evtx/detail/value.hpp"

namespace temper::evtx::detail {
namespace {

constexpr char kUpperHex[] = "0123456789ABCDEF";
// windows-1252 (evtxexport's default code page for ANSI strings) at 0x80..0x9F; the five
// unassigned bytes keep their C1 code point, as Windows' conversion does.
constexpr char32_t kCp1252High[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                      0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                      0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
constexpr char kLowerHex[] = "0123456789abcdef";

template <typename T>
T le(std::span<const std::byte> b) {
  return ByteReader::peek_le<T>(b, 0);
}

template <typename T>
void append_int(std::string& out, T v) {
  std::array<char, 24> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  out.append(buf.data(), r.ptr);
}

void append_hex_padded(std::string& out, std::uint64_t v, int digits) {
  out.append("0x");
  for (int i = digits - 1; i >= 0; --i) out.push_back(kLowerHex[(v >> (4 * i)) & 0xF]);
}

void append_hex_bytes(std::string& out, std::span<const std::byte> b) {
  // The size is computed here, not taken from the callback's argument: libstdc++ 12 passes the
  // grown capacity there.
  const std::size_t size = out.size() + 2 * b.size();
  out.resize_and_overwrite(size, [&](char* dst, std::size_t) {
    dst += size - 2 * b.size();
    for (const std::byte x : b) {
      const auto v = std::to_integer<std::uint8_t>(x);
      *dst++ = kUpperHex[v >> 4];
      *dst++ = kUpperHex[v & 0xF];
    }
    return size;
  });
}

void append_fixed(std::string& out, std::uint64_t v, int width) {
  std::array<char, 24> buf{};
  for (int i = width - 1; i >= 0; --i) {
    buf[static_cast<std::size_t>(i)] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out.append(buf.data(), static_cast<std::size_t>(width));
}

void append_guid(std::string& out, std::span<const std::byte> b) {
  auto hex_le = [&](std::size_t at, std::size_t n) {
    for (std::size_t i = n; i-- > 0;) {
      const auto v = std::to_integer<std::uint8_t>(b[at + i]);
      out.push_back(kUpperHex[v >> 4]);
      out.push_back(kUpperHex[v & 0xF]);
    }
  };
  out.push_back('{');
  hex_le(0, 4);
  out.push_back('-');
  hex_le(4, 2);
  out.push_back('-');
  hex_le(6, 2);
  out.push_back('-');
  append_hex_bytes(out, b.subspan(8, 2));
  out.push_back('-');
  append_hex_bytes(out, b.subspan(10, 6));
  out.push_back('}');
}

bool append_sid(std::string& out, std::span<const std::byte> b) {
  if (b.size() < 8) return false;
  const auto revision = std::to_integer<std::uint8_t>(b[0]);
  const auto count = static_cast<std::size_t>(std::to_integer<std::uint8_t>(b[1]));
  if (b.size() < 8 + 4 * count) return false;
  std::uint64_t authority = 0;
  for (std::size_t i = 2; i < 8; ++i) authority = (authority << 8) | std::to_integer<std::uint8_t>(b[i]);
  out.append("S-");
  append_int(out, revision);
  out.push_back('-');
  append_int(out, authority);
  for (std::size_t i = 0; i < count; ++i) {
    out.push_back('-');
    append_int(out, ByteReader::peek_le<std::uint32_t>(b, 8 + 4 * i));
  }
  return true;
}

void append_systemtime(std::string& out, std::span<const std::byte> b) {
  auto w = [&](std::size_t i) { return ByteReader::peek_le<std::uint16_t>(b, 2 * i); };
  append_fixed(out, w(0), 4);
  out.push_back('-');
  append_fixed(out, w(1), 2);
  out.push_back('-');
  append_fixed(out, w(3), 2);
  out.push_back('T');
  append_fixed(out, w(4), 2);
  out.push_back(':');
  append_fixed(out, w(5), 2);
  out.push_back(':');
  append_fixed(out, w(6), 2);
  out.push_back('.');
  append_fixed(out, w(7), 3);
  out.push_back('Z');
}

template <typename T>
void append_real(std::string& out, T v) {
  std::array<char, 64> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  out.append(buf.data(), r.ptr);
}

}  // namespace

std::size_t fixed_size(std::uint8_t type) {
  switch (type) {
    case kInt8:
    case kUInt8: return 1;
    case kInt16:
    case kUInt16: return 2;
    case kInt32:
    case kUInt32:
    case kReal32:
    case kBool:
    case kHexInt32: return 4;
    case kInt64:
    case kUInt64:
    case kReal64:
    case kFileTime:
    case kHexInt64: return 8;
    case kGuid:
    case kSystemTime: return 16;
    default: return 0;
  }
}

void append_utf16(std::string& out, std::span<const std::byte> bytes, bool stop_at_nul) {
  const std::size_t n = bytes.size() / 2;
  const auto* p = reinterpret_cast<const std::uint8_t*>(bytes.data());
  // ASCII fast path, straight into the string's buffer: eight code units at a time where SSE2
  // is there (every x86-64), then one at a time up to the first non-ASCII or NUL unit.
  const std::size_t base = out.size();
  std::size_t i = 0;
  out.resize_and_overwrite(base + n, [&](char* dst, std::size_t) {
    dst += base;
#ifdef __SSE2__
    const __m128i high = _mm_set1_epi16(static_cast<short>(0xFF80));
    const __m128i zero = _mm_setzero_si128();
    while (i + 8 <= n) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 2 * i));
      const __m128i ascii = _mm_cmpeq_epi16(_mm_and_si128(v, high), zero);
      const __m128i nul = _mm_cmpeq_epi16(v, zero);
      if (_mm_movemask_epi8(_mm_andnot_si128(nul, ascii)) != 0xFFFF) break;
      _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + i), _mm_packus_epi16(v, v));
      i += 8;
    }
#endif
    while (i < n && p[2 * i + 1] == 0 && p[2 * i] < 0x80 && p[2 * i] != 0) {
      dst[i] = static_cast<char>(p[2 * i]);
      ++i;
    }
    return base + i;
  });
  if (i == n) return;
  while (i < n) {
    const auto u = static_cast<std::uint16_t>(p[2 * i] | (p[2 * i + 1] << 8));
    if (u < 0x80) {
      if (u == 0 && stop_at_nul) return;
      out.push_back(static_cast<char>(u));
      ++i;
      continue;
    }
    char32_t cp = u;
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 1 < n) {
        const auto lo = static_cast<std::uint16_t>(p[2 * i + 2] | (p[2 * i + 3] << 8));
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
          cp = 0x10000 + ((static_cast<char32_t>(u) - 0xD800) << 10) + (lo - 0xDC00);
          ++i;
        } else {
          cp = 0xFFFD;
        }
      } else {
        cp = 0xFFFD;
      }
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      cp = 0xFFFD;
    }
    append_utf8(out, cp);
    ++i;
  }
}

void append_value(std::string& out, std::uint8_t type, std::span<const std::byte> b) {
  const std::size_t need = fixed_size(type);
  if (need != 0 && b.size() < need) {
    append_hex_bytes(out, b);
    return;
  }
  switch (type) {
    case kNull: return;
    case kString:
      append_utf16(out, b, true);
      return;
    case kAnsiString:
      for (const std::byte x : b) {
        const auto c = std::to_integer<std::uint8_t>(x);
        if (c == 0) break;
        if (c < 0x80) {
          out.push_back(static_cast<char>(c));
        } else if (c < 0xA0) {
          append_utf8(out, kCp1252High[c - 0x80]);
        } else {
          append_utf8(out, c);  // windows-1252 equals Latin-1 from 0xA0
        }
      }
      return;
    case kInt8: append_int(out, static_cast<std::int8_t>(le<std::uint8_t>(b))); return;
    case kUInt8: append_int(out, le<std::uint8_t>(b)); return;
    case kInt16: append_int(out, static_cast<std::int16_t>(le<std::uint16_t>(b))); return;
    case kUInt16: append_int(out, le<std::uint16_t>(b)); return;
    case kInt32: append_int(out, static_cast<std::int32_t>(le<std::uint32_t>(b))); return;
    case kUInt32: append_int(out, le<std::uint32_t>(b)); return;
    case kInt64: append_int(out, static_cast<std::int64_t>(le<std::uint64_t>(b))); return;
    case kUInt64: append_int(out, le<std::uint64_t>(b)); return;
    case kReal32: {
      float f = 0;
      std::memcpy(&f, b.data(), 4);
      append_real(out, f);
      return;
    }
    case kReal64: {
      double d = 0;
      std::memcpy(&d, b.data(), 8);
      append_real(out, d);
      return;
    }
    case kBool: out.append(le<std::uint32_t>(b) != 0 ? "true" : "false"); return;
    case kGuid: append_guid(out, b); return;
    case kSizeT:  // decimal, as evtxexport prints it
      if (b.size() == 4) {
        append_int(out, le<std::uint32_t>(b));
      } else if (b.size() == 8) {
        append_int(out, le<std::uint64_t>(b));
      } else {
        append_hex_bytes(out, b);
      }
      return;
    case kFileTime: events::append_filetime(out, le<std::uint64_t>(b)); return;
    case kSystemTime: append_systemtime(out, b); return;
    case kSid:
      if (!append_sid(out, b)) append_hex_bytes(out, b);
      return;
    case kHexInt32: append_hex_padded(out, le<std::uint32_t>(b), 8); return;
    case kHexInt64: append_hex_padded(out, le<std::uint64_t>(b), 16); return;
    default: append_hex_bytes(out, b); return;
  }
}

}  // namespace temper::evtx::detail
