// SPDX-License-Identifier: Apache-2.0
// Quoting plan values into PowerShell: the one place a value from a plan becomes script text.
#include <cstdint>
#include <cstdio>

#include "plan/detail/powershell.hpp"

namespace temper::plan::detail {
namespace {

// Decodes one UTF-8 sequence at `i` (advancing it); invalid or overlong input yields U+FFFD for one byte.
std::uint32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  std::uint32_t cp = 0;
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  if ((b0 & 0xE0U) == 0xC0U) {
    len = 2;
    cp = b0 & 0x1FU;
  } else if ((b0 & 0xF0U) == 0xE0U) {
    len = 3;
    cp = b0 & 0x0FU;
  } else if ((b0 & 0xF8U) == 0xF0U) {
    len = 4;
    cp = b0 & 0x07U;
  } else {
    ++i;
    return 0xFFFD;
  }
  if (i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0U) != 0x80U) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6U) | (b & 0x3FU);
  }
  const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
  if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return 0xFFFD;
  }
  i += len;
  return cp;
}

void append_char(std::string& out, std::uint32_t unit) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "[char]0x%04X", static_cast<unsigned>(unit));
  out += buf;
}

}  // namespace

std::string ps_literal(std::string_view text) {
  std::vector<std::string> parts;  // quoted runs and [char] casts, joined with " + "
  std::string run;
  bool in_run = false;
  auto close_run = [&] {
    if (in_run) parts.push_back("'" + run + "'");
    run.clear();
    in_run = false;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const std::uint32_t cp = next_code_point(text, i);
    if (cp >= 0x20 && cp < 0x7F) {
      in_run = true;
      run += static_cast<char>(cp);
      if (cp == '\'') run += '\'';
      continue;
    }
    close_run();
    std::string cast;
    if (cp >= 0x10000) {  // a surrogate pair: [char] holds one UTF-16 unit
      const std::uint32_t v = cp - 0x10000;
      append_char(cast, 0xD800 + (v >> 10U));
      cast += " + ";
      append_char(cast, 0xDC00 + (v & 0x3FFU));
    } else {
      append_char(cast, cp);
    }
    parts.push_back(std::move(cast));
  }
  close_run();
  if (parts.empty()) return "''";
  if (parts.size() == 1 && parts[0][0] == '\'') return parts[0];
  // Start with a string so that every + concatenates ([char] + [char] would add numbers).
  std::string out = parts[0][0] == '\'' ? "(" : "('' + ";
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (k > 0) out += " + ";
    out += parts[k];
  }
  out += ")";
  return out;
}

std::string ps_array(const std::vector<std::string>& items) {
  std::string out = "@(";
  for (std::size_t k = 0; k < items.size(); ++k) {
    if (k > 0) out += ", ";
    out += ps_literal(items[k]);
  }
  out += ")";
  return out;
}

std::string ps_comment(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7F) ? ' ' : c;
  }
  // U+0085, U+2028 and U+2029 end a line for some readers; keep the comment on one line for all.
  for (std::string_view nl : {std::string_view("\xC2\x85"), std::string_view("\xE2\x80\xA8"), std::string_view("\xE2\x80\xA9")}) {
    for (std::size_t at = out.find(nl); at != std::string::npos; at = out.find(nl, at)) out.replace(at, nl.size(), " ");
  }
  return out;
}

}  // namespace temper::plan::detail
