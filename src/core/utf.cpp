// SPDX-License-Identifier: Apache-2.0
// UTF-8 <-> UTF-16 conversion and BOM-driven text decoding.
#include "core/utf.hpp"

#include <array>
#include <cstdint>

namespace temper {
namespace {
constexpr char32_t kReplacement = 0xFFFD;

std::uint16_t unit_at(std::span<const std::byte> b, std::size_t i, bool big_endian) {
  const auto lo = std::to_integer<std::uint16_t>(b[i]);
  const auto hi = std::to_integer<std::uint16_t>(b[i + 1]);
  return big_endian ? static_cast<std::uint16_t>((lo << 8) | hi) : static_cast<std::uint16_t>((hi << 8) | lo);
}

std::string utf16_to_utf8(std::span<const std::byte> bytes, bool big_endian) {
  std::string out;
  out.reserve(bytes.size() / 2);
  std::size_t i = 0;
  while (i + 1 < bytes.size()) {
    const std::uint16_t u = unit_at(bytes, i, big_endian);
    i += 2;
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 1 < bytes.size()) {
        const std::uint16_t v = unit_at(bytes, i, big_endian);
        if (v >= 0xDC00 && v <= 0xDFFF) {
          i += 2;
          append_utf8(out, 0x10000 + ((static_cast<char32_t>(u) - 0xD800) << 10) + (v - 0xDC00));
          continue;
        }
      }
      append_utf8(out, kReplacement);
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      append_utf8(out, kReplacement);
    } else {
      append_utf8(out, u);
    }
  }
  if (i < bytes.size()) append_utf8(out, kReplacement);
  return out;
}

// Windows-1252 code points for bytes 0x80..0x9F (0 = undefined, mapped to the C1 control).
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// Decodes one UTF-8 sequence at s[i]; returns its length or 0 when invalid.
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp) {
  const auto c0 = static_cast<unsigned char>(s[i]);
  if (c0 < 0x80) {
    cp = c0;
    return 1;
  }
  std::size_t len = 0;
  char32_t min = 0;
  if ((c0 & 0xE0) == 0xC0) {
    len = 2;
    cp = c0 & 0x1F;
    min = 0x80;
  } else if ((c0 & 0xF0) == 0xE0) {
    len = 3;
    cp = c0 & 0x0F;
    min = 0x800;
  } else if ((c0 & 0xF8) == 0xF0) {
    len = 4;
    cp = c0 & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}
}  // namespace

void append_utf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacement;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string utf16le_to_utf8(std::span<const std::byte> bytes) { return utf16_to_utf8(bytes, false); }

std::string utf8_to_utf16le(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size() * 2);
  auto put = [&out](char16_t u) {
    out.push_back(static_cast<char>(u & 0xFF));
    out.push_back(static_cast<char>(u >> 8));
  };
  std::size_t i = 0;
  while (i < utf8.size()) {
    char32_t cp = 0;
    std::size_t len = utf8_sequence(utf8, i, cp);
    if (len == 0) {
      cp = kReplacement;
      len = 1;
    }
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      put(static_cast<char16_t>(0xD800 + (cp >> 10)));
      put(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      put(static_cast<char16_t>(cp));
    }
  }
  return out;
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp = 0;
    const std::size_t len = utf8_sequence(s, i, cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string decode_text(std::span<const std::byte> bytes, TextEncoding* found) {
  auto set = [found](TextEncoding e) {
    if (found != nullptr) *found = e;
  };
  const auto at = [&bytes](std::size_t i) { return std::to_integer<unsigned>(bytes[i]); };
  if (bytes.size() >= 2 && at(0) == 0xFF && at(1) == 0xFE) {
    set(TextEncoding::kUtf16Le);
    return utf16_to_utf8(bytes.subspan(2), false);
  }
  if (bytes.size() >= 2 && at(0) == 0xFE && at(1) == 0xFF) {
    set(TextEncoding::kUtf16Be);
    return utf16_to_utf8(bytes.subspan(2), true);
  }
  if (bytes.size() >= 3 && at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF) {
    set(TextEncoding::kUtf8Bom);
    const std::string_view rest(reinterpret_cast<const char*>(bytes.data()) + 3, bytes.size() - 3);
    if (is_valid_utf8(rest)) return std::string(rest);
    return decode_text(bytes.subspan(3), nullptr);
  }
  // BOM-less UTF-16LE: ASCII-heavy text has NUL in most odd positions.
  if (bytes.size() >= 4) {
    std::size_t odd_nul = 0, pairs = 0;
    for (std::size_t i = 1; i < bytes.size() && pairs < 256; i += 2, ++pairs) {
      if (at(i) == 0) ++odd_nul;
    }
    if (pairs > 0 && odd_nul * 10 >= pairs * 9) {
      set(TextEncoding::kUtf16Le);
      return utf16_to_utf8(bytes, false);
    }
  }
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (is_valid_utf8(text)) {
    set(TextEncoding::kUtf8);
    return std::string(text);
  }
  set(TextEncoding::kWindows1252);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 && c <= 0x9F && kCp1252High[c - 0x80] != 0) {
      append_utf8(out, kCp1252High[c - 0x80]);
    } else {
      append_utf8(out, c);
    }
  }
  return out;
}

std::string decode_text(std::string_view bytes, TextEncoding* found) {
  return decode_text(std::as_bytes(std::span<const char>(bytes.data(), bytes.size())), found);
}

}  // namespace temper
