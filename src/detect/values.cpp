// SPDX-License-Identifier: Apache-2.0
// Reading event values as the compiled operands need them: wildcard patterns, numbers and IP addresses.
// Shared by the Sigma and EQL compilers (parsing operands) and the Matcher (reading values).
#include <charconv>
#include <cstring>

#include "core/strings.hpp"
#include "detect/detail/compile.hpp"

namespace temper::detect {
namespace {

std::size_t utf8_length(char lead) {
  const auto c = static_cast<unsigned char>(lead);
  return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

}  // namespace

// `*` (kStar) any run, `?` (kOne) one UTF-8 character; one backtrack point, O(value x pattern).
bool detail::glob(std::string_view value, std::string_view pattern, bool cased) {
  std::size_t p = 0, v = 0, star = std::string_view::npos, mark = 0;
  while (v < value.size()) {
    if (p < pattern.size() && pattern[p] == detail::kStar) {
      star = p++;
      mark = v;
    } else if (p < pattern.size() && pattern[p] == detail::kOne) {
      ++p;
      v += utf8_length(value[v]);
    } else if (p < pattern.size() && (cased ? value[v] : ascii_lower(value[v])) == pattern[p]) {
      ++p;
      ++v;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      v = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == detail::kStar) ++p;
  return p == pattern.size() && v == value.size();
}

namespace detail {

bool parse_number(std::string_view s, double& out) {
  s = trim(s);
  if (s.starts_with("0x") || s.starts_with("0X")) {
    std::uint64_t n = 0;
    const auto [ptr, ec] = std::from_chars(s.data() + 2, s.data() + s.size(), n, 16);
    out = static_cast<double>(n);
    return ec == std::errc() && ptr == s.data() + s.size();
  }
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

bool parse_ip(std::string_view text, std::uint8_t (&out)[16], std::uint8_t family) {
  std::memset(out, 0, sizeof out);
  if (family == 4) {
    std::size_t part = 0;
    for (std::size_t pos = 0; part < 4; ++part) {
      unsigned n = 0;
      const auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), n);
      if (ec != std::errc() || n > 255 || ptr == text.data() + pos) return false;
      out[part] = static_cast<std::uint8_t>(n);
      pos = static_cast<std::size_t>(ptr - text.data());
      if (part < 3) {
        if (pos >= text.size() || text[pos] != '.') return false;
        ++pos;
      } else if (pos != text.size()) {
        return false;
      }
    }
    return true;
  }
  // IPv6: groups of hex, one "::" allowed; no embedded IPv4 form.
  std::uint16_t groups[8] = {};
  int count = 0, gap = -1;
  std::size_t pos = 0;
  if (text.starts_with("::")) {
    gap = 0;
    pos = 2;
  }
  while (pos < text.size()) {
    if (count == 8) return false;
    unsigned n = 0;
    const auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), n, 16);
    if (ec != std::errc() || n > 0xFFFF || ptr - (text.data() + pos) > 4) return false;
    groups[count++] = static_cast<std::uint16_t>(n);
    pos = static_cast<std::size_t>(ptr - text.data());
    if (pos == text.size()) break;
    if (text[pos] != ':') return false;
    ++pos;
    if (pos < text.size() && text[pos] == ':') {
      if (gap >= 0) return false;
      gap = count;
      ++pos;
    } else if (pos == text.size()) {
      return false;
    }
  }
  if (gap < 0 && count != 8) return false;
  if (gap >= 0 && count > 7) return false;
  int out_index = 0;
  for (int i = 0; i < count; ++i) {
    if (i == gap) out_index += 8 - count;
    out[out_index * 2] = static_cast<std::uint8_t>(groups[i] >> 8);
    out[out_index * 2 + 1] = static_cast<std::uint8_t>(groups[i] & 0xFF);
    ++out_index;
  }
  return true;
}

}  // namespace detail

}  // namespace temper::detect
