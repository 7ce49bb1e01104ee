// SPDX-License-Identifier: Apache-2.0
// Line-preserving secret masking for XML configuration files.
#include "iis/redact_config.hpp"

#include <vector>

#include "core/redact.hpp"
#include "core/strings.hpp"

namespace temper::iis {
namespace {
struct Attr {
  std::size_t name_begin, name_end, value_begin, value_end;  // value excludes the quotes
};

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':' ||
         c == '-' || c == '.';
}

// Attributes of the tag text[begin, end) (end at '>'). Malformed tags yield what could be read.
std::vector<Attr> attributes(std::string_view text, std::size_t begin, std::size_t end) {
  std::vector<Attr> out;
  std::size_t i = begin;
  while (i < end && name_char(text[i])) ++i;  // element name
  while (i < end) {
    while (i < end && !name_char(text[i])) ++i;
    const std::size_t nb = i;
    while (i < end && name_char(text[i])) ++i;
    const std::size_t ne = i;
    while (i < end && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) ++i;
    if (i >= end || text[i] != '=') continue;
    ++i;
    while (i < end && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) ++i;
    if (i >= end || (text[i] != '"' && text[i] != '\'')) continue;
    const char q = text[i++];
    const std::size_t vb = i;
    while (i < end && text[i] != q) ++i;
    if (i >= end) break;
    out.push_back(Attr{nb, ne, vb, i});
    ++i;
  }
  return out;
}
}  // namespace

std::string redact_config_text(std::string_view text, RedactionStats* stats) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t lt = text.find('<', i);
    if (lt == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, lt - i));
    // Comments, CDATA, processing instructions and end tags pass through untouched.
    if (text.substr(lt, 4) == "<!--") {
      const std::size_t close = text.find("-->", lt + 4);
      const std::size_t stop = close == std::string_view::npos ? text.size() : close + 3;
      out.append(text.substr(lt, stop - lt));
      i = stop;
      continue;
    }
    if (text.substr(lt, 9) == "<![CDATA[") {
      const std::size_t close = text.find("]]>", lt + 9);
      const std::size_t stop = close == std::string_view::npos ? text.size() : close + 3;
      out.append(text.substr(lt, stop - lt));
      i = stop;
      continue;
    }
    // The tag ends at the first '>' outside quotes.
    std::size_t j = lt + 1;
    char quote = 0;
    while (j < text.size()) {
      if (quote != 0) {
        if (text[j] == quote) quote = 0;
      } else if (text[j] == '"' || text[j] == '\'') {
        quote = text[j];
      } else if (text[j] == '>') {
        break;
      }
      ++j;
    }
    const std::size_t end = j < text.size() ? j : text.size();
    const auto attrs = attributes(text, lt + 1, end);
    // Does this element carry key="<secret name>"? Then its value= is a secret too (appSettings).
    bool secret_key = false;
    for (const auto& a : attrs) {
      if (iequals(text.substr(a.name_begin, a.name_end - a.name_begin), "key") &&
          is_secret_name(text.substr(a.value_begin, a.value_end - a.value_begin))) {
        secret_key = true;
      }
    }
    std::size_t pos = lt;
    for (const auto& a : attrs) {
      const std::string_view name = text.substr(a.name_begin, a.name_end - a.name_begin);
      const std::string_view value = text.substr(a.value_begin, a.value_end - a.value_begin);
      std::string masked;
      if (is_encrypted_value(value)) {
        masked = "[encrypted]";
        if (stats != nullptr) ++stats->encrypted_values;
      } else if (secret_key && iequals(name, "value") && !value.empty()) {
        masked = std::string(kRedacted);
      } else {
        masked = redact_value(name, value);
      }
      if (masked == value) continue;
      if (stats != nullptr && !is_encrypted_value(value)) ++stats->secrets;
      // Keep the line count: a masked value must not drop newlines it contained.
      for (const char c : value) {
        if (c == '\n') masked.push_back('\n');
      }
      out.append(text.substr(pos, a.value_begin - pos));
      out.append(masked);
      pos = a.value_end;
    }
    const std::size_t stop = end < text.size() ? end + 1 : text.size();
    out.append(text.substr(pos, stop - pos));
    i = stop;
  }
  return out;
}

}  // namespace temper::iis
