// SPDX-License-Identifier: Apache-2.0
// The stable JSON line rendering of an Event, schema "temper.event/1" (docs/events.md).
#include <array>
#include <charconv>
#include <cstring>

#include "events/render.hpp"

namespace temper::events {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is invalid.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  std::uint32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
    min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  std::uint32_t cp = b0 & (0xFFu >> (n + 1));
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

void string_value(std::string& out, std::string_view v) {
  out.push_back('"');
  append_json_escaped(out, v);
  out.push_back('"');
}

void number(std::string& out, std::uint64_t v) {
  std::array<char, 24> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  out.append(buf.data(), r.ptr);
}

void hex(std::string& out, std::uint64_t v) {
  std::array<char, 24> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v, 16);
  out.append("\"0x");
  out.append(buf.data(), r.ptr);
  out.push_back('"');
}

}  // namespace

namespace {
// 1 for bytes that need a look: controls, '"', '\\' and non-ASCII (validated as UTF-8).
constexpr std::array<std::uint8_t, 256> make_special() {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) t[static_cast<std::size_t>(c)] = (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) ? 1 : 0;
  return t;
}
constexpr std::array<std::uint8_t, 256> kSpecial = make_special();
}  // namespace

void append_json_escaped(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t plain = 0;
  std::size_t i = 0;
  while (true) {
    // Eight bytes at a time while none needs a look (SWAR: < 0x20, '"', '\\', >= 0x80).
    constexpr std::uint64_t kOnes = 0x0101010101010101ull;
    constexpr std::uint64_t kHigh = 0x8080808080808080ull;
    while (i + 8 <= n) {
      std::uint64_t w = 0;
      std::memcpy(&w, p + i, 8);
      const std::uint64_t quote = w ^ (kOnes * '"');
      const std::uint64_t slash = w ^ (kOnes * '\\');
      const std::uint64_t special = ((w - kOnes * 0x20) | (quote - kOnes) | (slash - kOnes) | w) & kHigh;
      if (special != 0) break;
      i += 8;
    }
    while (i < n && kSpecial[p[i]] == 0) ++i;
    if (i >= n) break;
    const unsigned char c = p[i];
    if (c >= 0x80) {
      const std::size_t len = utf8_sequence(s, i);
      if (len != 0) {
        i += len;
        continue;
      }
    }
    out.append(s.data() + plain, i - plain);
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default:
        if (c >= 0x80) {
          out.append("\\ufffd");
        } else {
          out.append("\\u00");
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 15]);
        }
    }
    ++i;
    plain = i;
  }
  out.append(s.data() + plain, n - plain);
}

void append_json(std::string& out, const Event& event) {
  const SystemFields& s = event.system();
  out.append("{\"schema\":\"temper.event/1\",\"source\":\"");
  out.append(source_kind_name(event.source));
  out.push_back('"');
  out.append(",\"record_id\":");
  number(out, s.record_id);
  out.append(",\"time\":");
  if (event.source == SourceKind::kEvtx && event.text(s.time_text).size() == 30) {
    // Already in the canonical form (nine fraction digits, Z): reuse it.
    string_value(out, event.text(s.time_text));
  } else if (s.time_created != 0) {
    out.push_back('"');
    append_filetime(out, s.time_created);
    out.push_back('"');
  } else {
    out.append("null");
  }
  out.append(",\"provider\":");
  string_value(out, event.text(s.provider));
  if (!s.provider_guid.empty()) {
    out.append(",\"provider_guid\":");
    string_value(out, event.text(s.provider_guid));
  }
  if (!s.event_source_name.empty()) {
    out.append(",\"event_source_name\":");
    string_value(out, event.text(s.event_source_name));
  }
  out.append(",\"channel\":");
  string_value(out, event.text(s.channel));
  out.append(",\"event_id\":");
  if (s.has_event_id) {
    number(out, s.event_id);
  } else {
    out.append("null");
  }
  if (s.has_qualifiers) {
    out.append(",\"qualifiers\":");
    number(out, s.qualifiers);
  }
  if (event.source == SourceKind::kEvtx) {
    out.append(",\"version\":");
    number(out, s.version);
    out.append(",\"level\":");
    number(out, s.level);
    out.append(",\"task\":");
    number(out, s.task);
    out.append(",\"opcode\":");
    number(out, s.opcode);
    out.append(",\"keywords\":");
    hex(out, s.keywords);
  }
  out.append(",\"computer\":");
  string_value(out, event.text(s.computer));
  if (!s.user_sid.empty()) {
    out.append(",\"user_sid\":");
    string_value(out, event.text(s.user_sid));
  }
  if (s.has_execution) {
    out.append(",\"process_id\":");
    number(out, s.process_id);
    out.append(",\"thread_id\":");
    number(out, s.thread_id);
  }
  if (!s.activity_id.empty()) {
    out.append(",\"activity_id\":");
    string_value(out, event.text(s.activity_id));
  }
  if (!s.related_activity_id.empty()) {
    out.append(",\"related_activity_id\":");
    string_value(out, event.text(s.related_activity_id));
  }
  if (!event.file.empty()) {
    out.append(",\"file\":");
    string_value(out, event.file);
  }
  out.append(",\"data\":");
  out.push_back('{');
  const auto fields = event.fields();
  // Names are compared through a cheap fingerprint first (length and three bytes), so the
  // duplicate check stays a few integer compares per pair; only equal fingerprints compare text.
  constexpr std::size_t kQuick = 128;
  std::array<std::uint64_t, kQuick> print{};
  const std::size_t quick = std::min(fields.size(), kQuick);
  auto fingerprint = [&](std::string_view n) -> std::uint64_t {
    if (n.empty()) return 0;
    return n.size() << 24 | static_cast<std::uint64_t>(static_cast<unsigned char>(n.front())) << 16 |
           static_cast<std::uint64_t>(static_cast<unsigned char>(n[n.size() / 2])) << 8 |
           static_cast<unsigned char>(n.back());
  };
  for (std::size_t i = 0; i < quick; ++i) print[i] = fingerprint(event.text(fields[i].name));
  auto same = [&](std::size_t a, std::size_t b, std::string_view name) {
    if (a < quick && b < quick && print[a] != print[b]) return false;
    return event.text(fields[b].name) == name;
  };
  bool first = true;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string_view name = event.text(fields[i].name);
    // A repeated name (array substitutions, repeated elements) becomes one array, at its first place.
    bool seen = false;
    std::size_t repeats = 0;
    for (std::size_t j = 0; j < fields.size() && !seen; ++j) {
      if (j != i && same(i, j, name)) {
        if (j < i) seen = true;
        ++repeats;
      }
    }
    if (seen) continue;
    if (!first) out.push_back(',');
    first = false;
    string_value(out, name);
    out.push_back(':');
    if (repeats == 0) {
      string_value(out, event.text(fields[i].value));
      continue;
    }
    out.push_back('[');
    bool first_item = true;
    for (std::size_t j = i; j < fields.size(); ++j) {
      if (j != i && !same(i, j, name)) continue;
      if (!first_item) out.push_back(',');
      first_item = false;
      string_value(out, event.text(fields[j].value));
    }
    out.push_back(']');
  }
  out.append("}}\n");
}

}  // namespace temper::events
