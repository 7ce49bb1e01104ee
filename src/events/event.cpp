// SPDX-License-Identifier: Apache-2.0
// Event arena, field lookup, and the <System>/EventData/UserData indexer over the XML node stream.
#include "events/event.hpp"

#include <array>
#include <charconv>
#include <cstring>
#include <limits>

namespace temper::events {
namespace {

constexpr std::uint64_t kTicksPerSecond = 10'000'000;
constexpr std::int64_t kDaysFrom1601To1970 = 134774;

// Days since 1970-01-01 -> civil date (Howard Hinnant's algorithm).
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void append_digits(std::string& out, std::uint64_t v, int width) {
  char buf[24];
  int i = width;
  buf[i] = 0;
  while (i > 0) {
    buf[--i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out.append(buf, static_cast<std::size_t>(width));
}

}  // namespace

std::string_view source_kind_name(SourceKind kind) {
  switch (kind) {
    case SourceKind::kEvtx: return "evtx";
    case SourceKind::kNdjson: return "ndjson";
    case SourceKind::kW3c: return "w3c";
  }
  return "unknown";
}

void Event::grow_nodes() { nodes_.resize(nodes_.empty() ? 256 : nodes_.size() * 2); }

void Event::clear() {
  arena_.clear();
  node_count_ = 0;
  time_hint_ = TextRef{0xFFFFFFFFu, 0};
  fields_.clear();
  system_ = SystemFields{};
  data_block = {};
}

TextRef Event::store(std::string_view text) {
  const std::size_t start = arena_.size();
  arena_.append(text);
  return ref_since(start);
}

TextRef Event::store_positional_name(std::uint32_t position) {
  const std::size_t start = arena_.size();
  arena_.append("Data");
  std::array<char, 12> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), position);
  arena_.append(buf.data(), r.ptr);
  return ref_since(start);
}

std::optional<std::string_view> Event::field(std::string_view name) const {
  for (const Field& f : fields_) {
    if (text(f.name) == name) return text(f.value);
  }
  return std::nullopt;
}

namespace {

enum class Block : std::uint8_t { kNone, kSystem, kEventData, kUserData };

Block block_of(std::string_view name) {
  if (name == "System") return Block::kSystem;
  if (name == "EventData") return Block::kEventData;
  if (name == "UserData") return Block::kUserData;
  return Block::kNone;
}

}  // namespace

// One pass over the node stream. Depth 1 is <Event>, depth 2 the blocks; System fields and
// EventData <Data> are at depth 3, UserData fields at depth 4 (inside the wrapper element).
// For each field element we note its attributes (they follow the kOpen directly) and its text
// (one node -> that TextRef; several, or entity/char references -> a concatenated copy).
void Event::index_xml() {
  fields_.clear();
  const std::span<const XmlNode> nodes = xml();
  if (nodes.empty() || nodes[0].kind != XmlKind::kOpen) return;
  std::size_t depth = 0;
  Block block = Block::kNone;
  std::size_t field_depth = 0;  // depth of the element being collected, 0 = none
  std::size_t open = 0;         // its kOpen index
  TextRef first_text{};
  std::size_t texts = 0;
  std::uint32_t position = 0;   // element position among the block's fields (for unnamed Data)

  auto attribute = [&](std::size_t at, std::string_view name) -> std::optional<TextRef> {
    for (std::size_t i = at + 1; i < nodes.size() && nodes[i].kind == XmlKind::kAttribute; ++i) {
      if (text(nodes[i].name) == name) return nodes[i].value;
    }
    return std::nullopt;
  };
  auto joined_text = [&](std::size_t from, std::size_t to) -> TextRef {
    if (texts <= 1) return first_text;
    const std::size_t start = arena_.size();
    for (std::size_t i = from + 1; i < to; ++i) {
      const XmlNode& n = nodes[i];
      if (n.kind == XmlKind::kText || n.kind == XmlKind::kCData) {
        arena_.append(arena_.data() + n.value.offset, n.value.size);
      } else if (n.kind == XmlKind::kEntityRef) {
        const std::string_view e = text(n.name);
        const char c = e == "amp" ? '&' : e == "lt" ? '<' : e == "gt" ? '>' : e == "quot" ? '"' : e == "apos" ? '\'' : 0;
        if (c != 0) arena_.push_back(c);
      } else if (n.kind == XmlKind::kCharRef) {
        std::uint32_t cp = 0;
        const std::string_view v = text(n.value);
        std::from_chars(v.data(), v.data() + v.size(), cp);
        if (cp > 0 && cp < 0x80) arena_.push_back(static_cast<char>(cp));
      }
    }
    return ref_since(start);
  };
  auto system_field = [&](std::size_t at, std::size_t close) {
    SystemFields& s = system_;
    const std::string_view n = text(nodes[at].name);
    auto num_text = [&](auto& out) { return parse_number(text(joined_text(at, close)), out); };
    switch (n.size()) {
      case 7:
        if (n == "EventID") {
          s.has_event_id = num_text(s.event_id);
          if (auto v = attribute(at, "Qualifiers")) s.has_qualifiers = parse_number(text(*v), s.qualifiers);
        } else if (n == "Version") {
          num_text(s.version);
        } else if (n == "Channel") {
          s.channel = joined_text(at, close);
        }
        return;
      case 8:
        if (n == "Provider") {
          if (auto v = attribute(at, "Name")) s.provider = *v;
          if (auto v = attribute(at, "Guid")) s.provider_guid = *v;
          if (auto v = attribute(at, "EventSourceName")) s.event_source_name = *v;
        } else if (n == "Keywords") {
          num_text(s.keywords);
        } else if (n == "Computer") {
          s.computer = joined_text(at, close);
        } else if (n == "Security") {
          if (auto v = attribute(at, "UserID")) s.user_sid = *v;
        }
        return;
      case 5:
        if (n == "Level") num_text(s.level);
        return;
      case 4:
        if (n == "Task") num_text(s.task);
        return;
      case 6:
        if (n == "Opcode") num_text(s.opcode);
        return;
      case 11:
        if (n == "TimeCreated") {
          if (auto v = attribute(at, "SystemTime")) {
            s.time_text = *v;
            if (time_hint_.offset == v->offset && time_hint_.size == v->size) {
              s.time_created = time_hint_ticks_;  // the decoder rendered these very ticks
            } else if (auto t = parse_time_to_filetime(text(*v))) {
              s.time_created = *t;
            }
          }
        } else if (n == "Correlation") {
          if (auto v = attribute(at, "ActivityID")) s.activity_id = *v;
          if (auto v = attribute(at, "RelatedActivityID")) s.related_activity_id = *v;
        }
        return;
      case 13:
        if (n == "EventRecordID") num_text(s.record_id);
        return;
      case 9:
        if (n == "Execution") {
          if (auto v = attribute(at, "ProcessID")) s.has_execution = parse_number(text(*v), s.process_id);
          if (auto v = attribute(at, "ThreadID")) parse_number(text(*v), s.thread_id);
        }
        return;
      default: return;
    }
  };
  auto data_field = [&](std::size_t at, std::size_t close) {
    const std::string_view n = text(nodes[at].name);
    std::optional<TextRef> name;
    if (n == "Data") {
      name = attribute(at, "Name");
      if (!name) name = store_positional_name(position);
    } else {
      name = nodes[at].name;
    }
    fields_.push_back(Field{*name, joined_text(at, close)});
  };

  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const XmlNode& node = nodes[i];
    switch (node.kind) {
      case XmlKind::kOpen:
        ++depth;
        if (depth == 2) {
          block = block_of(text(node.name));
          position = 0;
          if (block == Block::kEventData) data_block = "EventData";
          if (block == Block::kUserData) data_block = "UserData";
        } else if (field_depth == 0 && ((depth == 3 && (block == Block::kSystem || block == Block::kEventData)) ||
                                        (depth == 4 && block == Block::kUserData))) {
          field_depth = depth;
          open = i;
          first_text = {};
          texts = 0;
          ++position;
        }
        break;
      case XmlKind::kText:
      case XmlKind::kCData:
        if (field_depth != 0 && depth == field_depth) {
          if (texts++ == 0) first_text = node.value;
        }
        break;
      case XmlKind::kEntityRef:
      case XmlKind::kCharRef:
        if (field_depth != 0 && depth == field_depth) texts += 2;
        break;
      case XmlKind::kClose:
        if (field_depth != 0 && depth == field_depth) {
          if (block == Block::kSystem) {
            system_field(open, i);
          } else {
            data_field(open, i);
          }
          field_depth = 0;
        }
        if (depth == 2) block = Block::kNone;
        if (depth > 0) --depth;
        if (depth == 0) return;  // end of <Event>
        break;
      case XmlKind::kAttribute:
      case XmlKind::kPi: break;
    }
  }
}

std::optional<std::string_view> Event::data_field_name(std::string_view name) {
  static constexpr std::string_view kSystem[] = {"channel",  "provider", "computer", "user_sid",   "id",
                                                 "event_id", "record_id", "level",   "task",       "opcode",
                                                 "keywords", "process_id", "thread_id", "time"};
  for (const std::string_view k : kSystem) {
    if (name == k) return std::nullopt;
  }
  if (name.starts_with("EventData.")) name.remove_prefix(10);
  else if (name.starts_with("data.")) name.remove_prefix(5);
  return name;
}

std::optional<std::string_view> Event::lookup(std::string_view name, std::string& scratch) const {
  auto number = [&](std::uint64_t v) -> std::string_view {
    std::array<char, 24> buf{};
    const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
    scratch.assign(buf.data(), r.ptr);
    return scratch;
  };
  auto text_or_null = [&](TextRef r) -> std::optional<std::string_view> {
    if (r.empty()) return std::nullopt;
    return text(r);
  };
  const SystemFields& s = system_;
  if (name == "channel") return text_or_null(s.channel);
  if (name == "provider") return text_or_null(s.provider);
  if (name == "computer") return text_or_null(s.computer);
  if (name == "user_sid") return text_or_null(s.user_sid);
  if (name == "id" || name == "event_id") {
    if (!s.has_event_id) return std::nullopt;
    return number(s.event_id);
  }
  if (name == "record_id") return number(s.record_id);
  if (name == "level") return number(s.level);
  if (name == "task") return number(s.task);
  if (name == "opcode") return number(s.opcode);
  if (name == "keywords") return number(s.keywords);
  if (name == "process_id") return number(s.process_id);
  if (name == "thread_id") return number(s.thread_id);
  if (name == "time") {
    if (s.time_created == 0) return std::nullopt;
    scratch.clear();
    append_filetime(scratch, s.time_created);
    return scratch;
  }
  return field(*data_field_name(name));
}

void append_filetime(std::string& out, std::uint64_t ticks) {
  constexpr std::uint64_t kMaxTicks = 2650467743999999999ull;  // 9999-12-31T23:59:59.9999999
  if (ticks > kMaxTicks) ticks = kMaxTicks;
  const std::uint64_t secs = ticks / kTicksPerSecond;
  const std::uint64_t frac = ticks % kTicksPerSecond;
  const auto days = static_cast<std::int64_t>(secs / 86400) - kDaysFrom1601To1970;
  const std::uint64_t sod = secs % 86400;
  std::int64_t y = 0;
  unsigned m = 0;
  unsigned d = 0;
  // Records of one file are mostly from a few days: remember the last date's text.
  thread_local std::int64_t last_days = -1;
  thread_local std::array<char, 11> last_date{};
  if (days != last_days) {
    civil_from_days(days, y, m, d);
    std::string date;
    append_digits(date, static_cast<std::uint64_t>(y), 4);
    date.push_back('-');
    append_digits(date, m, 2);
    date.push_back('-');
    append_digits(date, d, 2);
    date.push_back('T');
    std::memcpy(last_date.data(), date.data(), 11);
    last_days = days;
  }
  // "HH:MM:SS.fffffff00Z" written in place.
  const std::size_t base = out.size();
  out.resize_and_overwrite(base + 30, [&](char* p, std::size_t) {  // (libstdc++ 12 passes the capacity)
    p += base;
    std::memcpy(p, last_date.data(), 11);
    auto two = [](char* at, std::uint64_t v) {
      at[0] = static_cast<char>('0' + v / 10);
      at[1] = static_cast<char>('0' + v % 10);
    };
    two(p + 11, sod / 3600);
    p[13] = ':';
    two(p + 14, sod / 60 % 60);
    p[16] = ':';
    two(p + 17, sod % 60);
    p[19] = '.';
    std::uint64_t f = frac;
    for (int k = 26; k >= 20; --k) {
      p[k] = static_cast<char>('0' + f % 10);
      f /= 10;
    }
    std::memcpy(p + 27, "00Z", 3);
    return base + 30;
  });
}

std::optional<std::uint64_t> parse_time_to_filetime(std::string_view s) {
  auto digits = [&](std::size_t pos, std::size_t n, unsigned& out) {
    if (pos + n > s.size()) return false;
    out = 0;
    for (std::size_t k = pos; k < pos + n; ++k) {
      if (s[k] < '0' || s[k] > '9') return false;
      out = out * 10 + static_cast<unsigned>(s[k] - '0');
    }
    return true;
  };
  unsigned y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (!digits(0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(5, 2, mo) || s[7] != '-' || !digits(8, 2, d) ||
      (s[10] != 'T' && s[10] != ' ') || !digits(11, 2, h) || s[13] != ':' || !digits(14, 2, mi) || s[16] != ':' ||
      !digits(17, 2, se)) {
    return std::nullopt;
  }
  if (y < 1601 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
  std::uint64_t frac = 0;
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int n = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (n < 7) {
        frac = frac * 10 + static_cast<std::uint64_t>(s[pos] - '0');
        ++n;
      }
      ++pos;
    }
    while (n++ < 7) frac *= 10;
  }
  const std::int64_t days = days_from_civil(y, mo, d) + kDaysFrom1601To1970;
  if (days < 0) return std::nullopt;
  const std::uint64_t secs = static_cast<std::uint64_t>(days) * 86400 + h * 3600ull + mi * 60ull + se;
  return secs * kTicksPerSecond + frac;
}

}  // namespace temper::events
