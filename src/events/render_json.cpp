// SPDX-License-Identifier: Apache-2.0
// The stable JSON line rendering of an Event, schema "temper.event/1" (docs/events.md).
#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstring>
#include <vector>

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

}  // namespace

namespace {

// Writes JSON into memory reserved beforehand (append_json sizes it for the worst case), so no
// write checks capacity: this is the per-event hot path of `temper events dump`.
class Writer {
 public:
  explicit Writer(char* p) : p_(p) {}
  [[nodiscard]] char* end() const { return p_; }

  template <std::size_t N>
  void raw(const char (&s)[N]) {
    std::memcpy(p_, s, N - 1);
    p_ += N - 1;
  }
  void raw(std::string_view s) {
    std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
  }
  void put(char c) { *p_++ = c; }
  void number(std::uint64_t v) { p_ = std::to_chars(p_, p_ + 20, v).ptr; }
  void hex(std::uint64_t v) {
    raw("\"0x");
    p_ = std::to_chars(p_, p_ + 16, v, 16).ptr;
    put('"');
  }
  void string(std::string_view v) {
    put('"');
    escaped(v);
    put('"');
  }
  // Needs room for 6 bytes per input byte ("\u001f" for a control character).
  void escaped(std::string_view s);

 private:
  char* p_;
};

// 1 for bytes that need a look: controls, '"', '\\' and non-ASCII (validated as UTF-8).
constexpr std::array<std::uint8_t, 256> make_special() {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) t[static_cast<std::size_t>(c)] = (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) ? 1 : 0;
  return t;
}
constexpr std::array<std::uint8_t, 256> kSpecial = make_special();

void Writer::escaped(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (true) {
    // Eight bytes at a time (SWAR): copy the word, then keep the bytes before the first one
    // that needs a look (< 0x20, '"', '\\', >= 0x80). Borrows only run upwards from a byte
    // below 0x20, so the lowest flagged byte is a true one.
    constexpr std::uint64_t kOnes = 0x0101010101010101ull;
    constexpr std::uint64_t kHigh = 0x8080808080808080ull;
    while (i + 8 <= n) {
      std::uint64_t w = 0;
      std::memcpy(&w, p + i, 8);
      std::memcpy(p_, &w, 8);
      const std::uint64_t quote = w ^ (kOnes * '"');
      const std::uint64_t slash = w ^ (kOnes * '\\');
      const std::uint64_t special = ((w - kOnes * 0x20) | (quote - kOnes) | (slash - kOnes) | w) & kHigh;
      if (special != 0) {
        const auto plain = static_cast<std::size_t>(std::countr_zero(special) / 8);
        p_ += plain;
        i += plain;
        break;
      }
      p_ += 8;
      i += 8;
    }
    while (i < n && kSpecial[p[i]] == 0) *p_++ = static_cast<char>(p[i++]);
    if (i >= n) return;
    const unsigned char c = p[i];
    if (c >= 0x80) {
      const std::size_t len = utf8_sequence(s, i);
      if (len != 0) {
        std::memcpy(p_, p + i, len);
        p_ += len;
        i += len;
        continue;
      }
    }
    switch (c) {
      case '"': raw("\\\""); break;
      case '\\': raw("\\\\"); break;
      case '\n': raw("\\n"); break;
      case '\r': raw("\\r"); break;
      case '\t': raw("\\t"); break;
      default:
        if (c >= 0x80) {
          raw("\\ufffd");
        } else {
          raw("\\u00");
          put(kHex[c >> 4]);
          put(kHex[c & 15]);
        }
    }
    ++i;
  }
}

// Worst-case JSON size of a string: quotes and six bytes per input byte.
constexpr std::size_t bound(std::string_view s) { return 6 * s.size() + 2; }

}  // namespace

void append_json_escaped(std::string& out, std::string_view s) {
  const std::size_t old = out.size();
  out.resize_and_overwrite(old + 6 * s.size(), [&](char* buf, std::size_t) {
    Writer w(buf + old);
    w.escaped(s);
    return static_cast<std::size_t>(w.end() - buf);
  });
}

void append_json(std::string& out, const Event& event) {
  const SystemFields& s = event.system();
  const auto fields = event.fields();
  // Keys, punctuation, numbers and a formatted time take less than 768 bytes; strings at most
  // bound() each.
  std::size_t need = 768 + bound(event.file);
  for (const TextRef r : {s.time_text, s.provider, s.provider_guid, s.event_source_name, s.channel, s.computer,
                          s.user_sid, s.activity_id, s.related_activity_id}) {
    need += bound(event.text(r));
  }
  for (const Field& f : fields) need += bound(event.text(f.name)) + bound(event.text(f.value)) + 4;
  // A repeated name (array substitutions, repeated elements, NDJSON arrays) becomes one array at
  // its first place. Most events have no repeats: for up to kQuick fields a small hash table of
  // name fingerprints (length and three bytes; equal ones compare text) tells. Otherwise the
  // names are grouped by a stable sort (n log n, whatever the field count).
  constexpr std::size_t kQuick = 128;
  bool repeats_any = fields.size() > kQuick;
  if (!repeats_any && fields.size() > 1) {
    auto fingerprint = [](std::string_view n) -> std::uint64_t {
      if (n.empty()) return 0;
      return n.size() << 24 | static_cast<std::uint64_t>(static_cast<unsigned char>(n.front())) << 16 |
             static_cast<std::uint64_t>(static_cast<unsigned char>(n[n.size() / 2])) << 8 |
             static_cast<unsigned char>(n.back());
    };
    constexpr std::size_t kSlots = 256;  // > 2 × kQuick: probes stay short
    std::array<std::uint8_t, kSlots> slot{};  // field index + 1; 0 = empty
    std::array<std::uint64_t, kQuick> print{};
    for (std::size_t i = 0; i < fields.size() && !repeats_any; ++i) {
      const std::string_view name = event.text(fields[i].name);
      print[i] = fingerprint(name);
      std::size_t h = static_cast<std::size_t>((print[i] * 0x9E3779B97F4A7C15ull) >> 56);
      for (; slot[h] != 0; h = (h + 1) % kSlots) {
        const std::size_t j = slot[h] - 1u;
        if (print[j] == print[i] && event.text(fields[j].name) == name) {
          repeats_any = true;
          break;
        }
      }
      slot[h] = static_cast<std::uint8_t>(i + 1);
    }
  }
  // With repeats: next[i] = the next field of i's name (kNone at the end), leader[i] = i is
  // its name's first field.
  constexpr auto kNone = static_cast<std::uint32_t>(-1);
  std::vector<std::uint32_t> next;
  std::vector<std::uint8_t> leader;
  if (repeats_any) {
    std::vector<std::uint32_t> order(fields.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::uint32_t>(i);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      return event.text(fields[a].name) < event.text(fields[b].name);
    });
    next.assign(fields.size(), kNone);
    leader.assign(fields.size(), 0);
    for (std::size_t k = 0; k < order.size(); ++k) {
      const bool starts = k == 0 || event.text(fields[order[k - 1]].name) != event.text(fields[order[k]].name);
      if (starts) {
        leader[order[k]] = 1;
      } else {
        next[order[k - 1]] = order[k];
      }
    }
  }

  const std::size_t old = out.size();
  out.resize_and_overwrite(old + need, [&](char* buf, std::size_t) {
    Writer w(buf + old);
    w.raw("{\"schema\":\"temper.event/1\",\"source\":\"");
    w.raw(source_kind_name(event.source));
    w.raw("\",\"record_id\":");
    w.number(s.record_id);
    w.raw(",\"time\":");
    if (event.source == SourceKind::kEvtx && event.text(s.time_text).size() == 30) {
      // Already in the canonical form (nine fraction digits, Z): reuse it.
      w.string(event.text(s.time_text));
    } else if (s.time_created != 0) {
      std::string t;
      append_filetime(t, s.time_created);
      w.string(t);
    } else {
      w.raw("null");
    }
    w.raw(",\"provider\":");
    w.string(event.text(s.provider));
    if (!s.provider_guid.empty()) {
      w.raw(",\"provider_guid\":");
      w.string(event.text(s.provider_guid));
    }
    if (!s.event_source_name.empty()) {
      w.raw(",\"event_source_name\":");
      w.string(event.text(s.event_source_name));
    }
    w.raw(",\"channel\":");
    w.string(event.text(s.channel));
    w.raw(",\"event_id\":");
    if (s.has_event_id) {
      w.number(s.event_id);
    } else {
      w.raw("null");
    }
    if (s.has_qualifiers) {
      w.raw(",\"qualifiers\":");
      w.number(s.qualifiers);
    }
    if (event.source == SourceKind::kEvtx) {
      w.raw(",\"version\":");
      w.number(s.version);
      w.raw(",\"level\":");
      w.number(s.level);
      w.raw(",\"task\":");
      w.number(s.task);
      w.raw(",\"opcode\":");
      w.number(s.opcode);
      w.raw(",\"keywords\":");
      w.hex(s.keywords);
    }
    w.raw(",\"computer\":");
    w.string(event.text(s.computer));
    if (!s.user_sid.empty()) {
      w.raw(",\"user_sid\":");
      w.string(event.text(s.user_sid));
    }
    if (s.has_execution) {
      w.raw(",\"process_id\":");
      w.number(s.process_id);
      w.raw(",\"thread_id\":");
      w.number(s.thread_id);
    }
    if (!s.activity_id.empty()) {
      w.raw(",\"activity_id\":");
      w.string(event.text(s.activity_id));
    }
    if (!s.related_activity_id.empty()) {
      w.raw(",\"related_activity_id\":");
      w.string(event.text(s.related_activity_id));
    }
    if (!event.file.empty()) {
      w.raw(",\"file\":");
      w.string(event.file);
    }
    w.raw(",\"data\":{");
    bool first = true;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const std::string_view name = event.text(fields[i].name);
      if (!repeats_any) {
        if (i != 0) w.put(',');
        w.string(name);
        w.put(':');
        w.string(event.text(fields[i].value));
        continue;
      }
      if (leader[i] == 0) continue;  // printed with its name's first field
      if (!first) w.put(',');
      first = false;
      w.string(name);
      w.put(':');
      if (next[i] == kNone) {
        w.string(event.text(fields[i].value));
        continue;
      }
      w.put('[');
      for (std::uint32_t j = static_cast<std::uint32_t>(i); j != kNone; j = next[j]) {
        if (j != i) w.put(',');
        w.string(event.text(fields[j].value));
      }
      w.put(']');
    }
    w.raw("}}\n");
    return static_cast<std::size_t>(w.end() - buf);
  });
}

}  // namespace temper::events
