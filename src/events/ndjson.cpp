// SPDX-License-Identifier: Apache-2.0
// winlogbeat / Elastic Agent NDJSON (ECS) -> events::Event.
//
// A winlogbeat 8 line, shortened:
//   {"@timestamp":"2023-05-04T10:11:12.345Z","event":{"code":"4624"},"log":{"level":"information"},
//    "winlog":{"channel":"Security","event_id":"4624","task":"Logon","keywords":["Audit Success"],
//              "process":{"pid":652,"thread":{"id":4120}},"event_data":{"LogonType":"5"}},
//    "process":{"executable":"C:\\Windows\\System32\\services.exe"}}
// becomes System fields (channel Security, event_id 4624, level 4 from "information",
// process_id 652, thread_id 4120, time from @timestamp), the data field LogonType = "5", and
// every other leaf under its dotted name: winlog.task = "Logon", winlog.keywords = "Audit
// Success", event.code, log.level, process.executable. winlog leaves that filled a System field
// are not repeated as data. When the Windows name is missing from winlog.event_data (ingest
// pipelines move ProcessName, IpAddress, Image... into ECS fields and delete them), the ECS
// fallback below derives it back for well-known Security and Sysmon events, and lists each
// derived name in the data field "temper.derived" (docs/events.md).
//
// Parsing (decision 0032): simdjson's On-Demand parser validates the line (structure, UTF-8,
// escapes) and hands out its values once, in file order; Document copies them into a compact
// tree whose memory is reused line after line. Strings are unescaped by simdjson into its own
// buffer, numbers and literals keep the text they were written in, and each object's members are
// kept sorted by name with a repeated key reduced to its last value, so that lookups are binary
// searches and data fields come in name order.
#include "events/ndjson.hpp"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "core/file.hpp"
#include "core/limits.hpp"
#include "core/strings.hpp"
#include "core/utf.hpp"
#include "events/render.hpp"

namespace temper::events {
namespace {

namespace od = simdjson::ondemand;

// ---- The document tree

enum class Kind : std::uint8_t {
  kNull,
  kBool,
  kInteger,  ///< an integer that fits 64 bits (signed when negative): may fill a System number
  kNumber,   ///< any other number (1.50, 1e3, 2^64): kept as its text only
  kString,
  kArray,
  kObject,
};

struct Node {
  std::string_view key;     ///< the member's name (unescaped); empty for array items and the root
  std::string_view text;    ///< strings unescaped; numbers and true/false as written; empty otherwise
  std::uint32_t first = 0;  ///< containers: the children are Document::kids_[first, first + count)
  std::uint32_t count = 0;
  Kind kind = Kind::kNull;
  bool dotted = false;  ///< objects: some member name holds a dot ({"winlog.channel": ...})
  bool mapped = false;  ///< filled a System field, or was flattened already: not (again) a data field

  [[nodiscard]] bool is_object() const { return kind == Kind::kObject; }
  [[nodiscard]] bool is_array() const { return kind == Kind::kArray; }
  /// Text where a string is expected (@timestamp, level names): a string, or a number kept as
  /// its text only.
  [[nodiscard]] bool is_text() const { return kind == Kind::kString || kind == Kind::kNumber; }
  [[nodiscard]] bool is_scalar() const { return kind != Kind::kArray && kind != Kind::kObject; }
};

// Byte-wise order of member names (std::string_view's), inline: names are short and mostly
// differ early, where a call to memcmp would cost more than the comparison.
int compare_names(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]) ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

// The position of the first '.' in a name or dotted path, or npos (inline: they are short).
std::size_t find_dot(std::string_view s, std::size_t from = 0) {
  for (std::size_t i = from; i < s.size(); ++i) {
    if (s[i] == '.') return i;
  }
  return std::string_view::npos;
}

// A JSON number as RFC 8259 writes it: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_json_number(std::string_view s, bool& integer) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > from;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  integer = true;
  if (i < s.size() && s[i] == '.') {
    ++i;
    integer = false;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    integer = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

// Where a line that simdjson rejected before reading it (an unclosed string, object or array; a
// control character in a string; a value followed by more) goes wrong, by a plain scan: the
// first control character inside a string, else the first byte after a complete first value
// ({"a":1} x), else the end of the line.
std::size_t scan_error_offset(std::string_view line) {
  bool in_string = false;
  std::size_t depth = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      } else if (c < 0x20) {
        return i;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && depth > 0 && --depth == 0) {
      const std::size_t next = line.find_first_not_of(" \t\r\n", i + 1);
      if (next != std::string_view::npos) return next;
    }
  }
  return line.size();
}

// One JSON line as a tree of Nodes. Reused line after line: the parser, the padded copy of the
// line and the node arrays keep their memory, so a steady stream of lines allocates nothing.
// Every view (keys, text) stays valid until the next parse().
class Document {
 public:
  /// Parse one line. Fails with kParse ("invalid JSON at byte K", K counted from 1, one past
  /// the end when the line ends too early; "not a JSON object" for any other valid JSON) or
  /// kLimit (nesting deeper than limits::kMaxNestingDepth). Invalid UTF-8 is a kParse failure.
  Result<void> parse(std::string_view line);

  Node& root() { return nodes_.front(); }
  /// The children of a container, in order (object members sorted by name).
  [[nodiscard]] std::span<const std::uint32_t> children(const Node& n) const {
    return std::span(kids_).subspan(n.first, n.count);
  }
  Node& node(std::uint32_t index) { return nodes_[index]; }
  [[nodiscard]] const Node& node(std::uint32_t index) const { return nodes_[index]; }
  /// The member of `object` named exactly `key`, or nullptr: a scan that compares lengths first
  /// in small objects (most of them), a binary search in large ones.
  Node* member(const Node& object, std::string_view key) {
    const auto kids = children(object);
    if (kids.size() <= 8) {
      for (const std::uint32_t i : kids) {
        if (nodes_[i].key.size() == key.size() && compare_names(nodes_[i].key, key) == 0) return &nodes_[i];
      }
      return nullptr;
    }
    std::size_t low = 0;
    std::size_t high = kids.size();
    while (low < high) {
      const std::size_t mid = low + (high - low) / 2;
      Node& n = nodes_[kids[mid]];
      const int order = compare_names(n.key, key);
      if (order == 0) return &n;
      if (order < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return nullptr;
  }

 private:
  simdjson::error_code read_root(od::document& doc, std::size_t size, od::json_type& type);
  simdjson::error_code read_value(od::value value, std::string_view key, std::size_t depth);
  simdjson::error_code read_object(od::object object, std::string_view key, std::size_t depth);
  simdjson::error_code read_array(od::array array, std::string_view key, std::size_t depth);
  simdjson::error_code read_scalar(std::string_view token, od::json_type type, std::string_view key);
  std::uint32_t add(Kind kind, std::string_view key, std::string_view text = {}) {
    nodes_.push_back(Node{key, text, 0, 0, kind, false, false});
    return static_cast<std::uint32_t>(nodes_.size() - 1);
  }
  void close(std::uint32_t container, std::size_t mark);
  std::unexpected<Error> failure(simdjson::error_code code, std::string_view line, od::document* doc) const;

  od::parser parser_;
  std::string padded_;                  ///< the line and SIMDJSON_PADDING zero bytes, as simdjson reads it
  std::vector<Node> nodes_;             ///< in document order; nodes_[0] is the root
  std::vector<std::uint32_t> kids_;     ///< every container's children, each container's run contiguous
  std::vector<std::uint32_t> pending_;  ///< children of the containers still open, innermost last
  const char* bad_token_ = nullptr;     ///< where a failure found here lies (simdjson would name the next token)
};

Result<void> Document::parse(std::string_view line) {
  nodes_.clear();
  kids_.clear();
  pending_.clear();
  bad_token_ = nullptr;
  padded_.assign(line);
  padded_.append(simdjson::SIMDJSON_PADDING, '\0');
  // Grow geometrically (64 KiB at least), so that lines of slowly rising length do not each
  // reallocate simdjson's buffers.
  if (line.size() > parser_.capacity()) {
    const std::size_t want = std::max({line.size(), 2 * parser_.capacity(), std::size_t{64} * 1024});
    if (parser_.allocate(want) != simdjson::SUCCESS && parser_.allocate(line.size()) != simdjson::SUCCESS) {
      return fail(ErrorCode::kLimit, "JSON line too large to parse");
    }
  }
  od::document doc;
  if (const auto code = parser_.iterate(padded_.data(), line.size(), padded_.size()).get(doc);
      code != simdjson::SUCCESS) {
    return failure(code, line, nullptr);
  }
  od::json_type type{};
  if (const auto code = read_root(doc, line.size(), type); code != simdjson::SUCCESS) return failure(code, line, &doc);
  if (type != od::json_type::object) return fail(ErrorCode::kParse, "not a JSON object");
  return {};
}

// Reads the whole document, whatever its type, so that invalid JSON is told from valid JSON
// that is not an object.
simdjson::error_code Document::read_root(od::document& doc, std::size_t size, od::json_type& type) {
  if (const auto code = doc.type().get(type); code != simdjson::SUCCESS) return code;
  simdjson::error_code code = simdjson::SUCCESS;
  switch (type) {
    case od::json_type::object: {
      od::object object;
      code = doc.get_object().get(object);
      if (code == simdjson::SUCCESS) code = read_object(object, {}, 0);
      break;
    }
    case od::json_type::array: {
      od::array array;
      code = doc.get_array().get(array);
      if (code == simdjson::SUCCESS) code = read_array(array, {}, 0);
      break;
    }
    case od::json_type::string: {
      std::string_view text;
      code = doc.get_string().get(text);
      break;
    }
    default: {  // a number or literal alone; raw_json_token() runs up to the next token, if any
      std::string_view token;
      code = doc.raw_json_token().get(token);
      if (code == simdjson::SUCCESS) code = read_scalar(token, type, {});
      if (code == simdjson::SUCCESS && token.data() + token.size() != padded_.data() + size) {
        bad_token_ = token.data() + token.size();
        code = simdjson::TRAILING_CONTENT;
      }
      return code;
    }
  }
  // Nothing may follow the value: current_location() finds a token only when something does.
  if (const char* rest = nullptr; code == simdjson::SUCCESS && doc.current_location().get(rest) == simdjson::SUCCESS) {
    bad_token_ = rest;
    code = simdjson::TRAILING_CONTENT;
  }
  return code;
}

// The error for `code`; `doc` is null when simdjson's first pass (iterate) failed.
std::unexpected<Error> Document::failure(simdjson::error_code code, std::string_view line, od::document* doc) const {
  if (code == simdjson::DEPTH_ERROR) {
    return fail(ErrorCode::kLimit, "JSON nested deeper than " + std::to_string(limits::kMaxNestingDepth));
  }
  if (code == simdjson::CAPACITY) {
    return fail(ErrorCode::kLimit, "more than " + std::to_string(limits::kMaxNdjsonValues) + " values in one line");
  }
  std::size_t at = line.size();  // one past the end: the line ended too early
  switch (code) {
    case simdjson::UNCLOSED_STRING:
    case simdjson::UNESCAPED_CHARS:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
      at = scan_error_offset(line);
      break;
    case simdjson::EMPTY:
      break;
    default:
      if (bad_token_ != nullptr) {
        at = static_cast<std::size_t>(bad_token_ - padded_.data());
      } else if (const char* where = nullptr;
                 doc != nullptr && doc->current_location().get(where) == simdjson::SUCCESS) {
        at = static_cast<std::size_t>(where - padded_.data());
      }
  }
  return fail(ErrorCode::kParse, "invalid JSON at byte " + std::to_string(std::min(at, line.size()) + 1));
}

simdjson::error_code Document::read_value(od::value value, std::string_view key, std::size_t depth) {
  if (nodes_.size() >= limits::kMaxNdjsonValues) return simdjson::CAPACITY;  // bounded memory per line
  od::json_type type{};
  if (const auto code = value.type().get(type); code != simdjson::SUCCESS) return code;
  switch (type) {
    case od::json_type::object: {
      od::object object;
      if (const auto code = value.get_object().get(object); code != simdjson::SUCCESS) return code;
      return read_object(object, key, depth);
    }
    case od::json_type::array: {
      od::array array;
      if (const auto code = value.get_array().get(array); code != simdjson::SUCCESS) return code;
      return read_array(array, key, depth);
    }
    case od::json_type::string: {
      std::string_view text;
      if (const auto code = value.get_string().get(text); code != simdjson::SUCCESS) {
        bad_token_ = value.raw_json_token().data();  // a bad escape: name the string, not what follows
        return code;
      }
      add(Kind::kString, key, text);
      return simdjson::SUCCESS;
    }
    default:
      return read_scalar(value.raw_json_token(), type, key);
  }
}

// Numbers, true, false and null, checked here from the text they were written in: simdjson
// does not look at a scalar that is only read as text, and its own number parser rejects
// integers beyond 64 bits, which ECS documents may hold.
simdjson::error_code Document::read_scalar(std::string_view token, od::json_type type, std::string_view key) {
  const auto end = token.find_last_not_of(" \t\r\n");
  token = token.substr(0, end == std::string_view::npos ? 0 : end + 1);
  bool integer = false;
  if (type == od::json_type::boolean && (token == "true" || token == "false")) {
    add(Kind::kBool, key, token);
  } else if (type == od::json_type::null && token == "null") {
    add(Kind::kNull, key);
  } else if (type == od::json_type::number && is_json_number(token, integer)) {
    // An integer fits 64 bits as an unsigned number, or as a signed one when negative.
    std::uint64_t u = 0;
    std::int64_t i = 0;
    const char* last = token.data() + token.size();
    const bool fits = integer && (token.front() == '-' ? std::from_chars(token.data(), last, i).ec == std::errc()
                                                       : std::from_chars(token.data(), last, u).ec == std::errc());
    add(fits ? Kind::kInteger : Kind::kNumber, key, token);
  } else {
    bad_token_ = token.data();
    return simdjson::INCORRECT_TYPE;
  }
  return simdjson::SUCCESS;
}

simdjson::error_code Document::read_object(od::object object, std::string_view key, std::size_t depth) {
  if (depth >= limits::kMaxNestingDepth) return simdjson::DEPTH_ERROR;
  const std::uint32_t self = add(Kind::kObject, key);
  const std::size_t mark = pending_.size();
  bool dotted = false;
  for (auto member : object) {
    std::string_view name;
    if (const auto code = member.unescaped_key().get(name); code != simdjson::SUCCESS) return code;
    dotted = dotted || find_dot(name) != std::string_view::npos;
    od::value value;
    if (const auto code = member.value().get(value); code != simdjson::SUCCESS) return code;
    const auto child = static_cast<std::uint32_t>(nodes_.size());
    if (const auto code = read_value(value, name, depth + 1); code != simdjson::SUCCESS) return code;
    pending_.push_back(child);
  }
  // Members by name; a repeated name keeps its last value (node indices rise in file order).
  const auto members = std::span(pending_).subspan(mark);
  const auto by_name = [this](std::uint32_t a, std::uint32_t b) {
    const int order = compare_names(nodes_[a].key, nodes_[b].key);
    return order < 0 || (order == 0 && a < b);
  };
  const auto not_increasing = [this](std::uint32_t a, std::uint32_t b) {
    return compare_names(nodes_[a].key, nodes_[b].key) >= 0;
  };
  if (std::adjacent_find(members.begin(), members.end(), not_increasing) != members.end()) {
    std::sort(members.begin(), members.end(), by_name);
    auto out = members.begin();
    for (auto it = members.begin(); it != members.end(); ++it) {
      const auto next = it + 1;
      if (next == members.end() || nodes_[*next].key != nodes_[*it].key) *out++ = *it;
    }
    pending_.resize(mark + static_cast<std::size_t>(out - members.begin()));
  }
  nodes_[self].dotted = dotted;
  close(self, mark);
  return simdjson::SUCCESS;
}

simdjson::error_code Document::read_array(od::array array, std::string_view key, std::size_t depth) {
  if (depth >= limits::kMaxNestingDepth) return simdjson::DEPTH_ERROR;
  const std::uint32_t self = add(Kind::kArray, key);
  const std::size_t mark = pending_.size();
  for (auto item : array) {
    od::value value;
    if (const auto code = item.get(value); code != simdjson::SUCCESS) return code;
    const auto child = static_cast<std::uint32_t>(nodes_.size());
    if (const auto code = read_value(value, {}, depth + 1); code != simdjson::SUCCESS) return code;
    pending_.push_back(child);
  }
  close(self, mark);
  return simdjson::SUCCESS;
}

// Moves the children of a finished container from pending_ to kids_.
void Document::close(std::uint32_t container, std::size_t mark) {
  Node& n = nodes_[container];
  n.first = static_cast<std::uint32_t>(kids_.size());
  n.count = static_cast<std::uint32_t>(pending_.size() - mark);
  kids_.insert(kids_.end(), pending_.begin() + static_cast<std::ptrdiff_t>(mark), pending_.end());
  pending_.resize(mark);
}

// ---- Values

// The value at a dotted ECS path. Keys may hold dots themselves (documents exported flat, such
// as {"winlog.channel":"Security"}), so every split of the path is tried.
Node* find(Document& doc, const Node& obj, std::string_view dotted) {
  if (!obj.is_object()) return nullptr;
  if (!obj.dotted) {  // no name here holds a dot: only the path's first step can match
    const std::size_t dot = find_dot(dotted);
    Node* step = doc.member(obj, dotted.substr(0, dot));
    if (step == nullptr || dot == std::string_view::npos) return step;
    return find(doc, *step, dotted.substr(dot + 1));
  }
  if (Node* hit = doc.member(obj, dotted)) return hit;
  for (std::size_t dot = find_dot(dotted); dot != std::string_view::npos; dot = find_dot(dotted, dot + 1)) {
    const Node* sub = doc.member(obj, dotted.substr(0, dot));
    if (sub == nullptr || !sub->is_object()) continue;
    if (Node* hit = find(doc, *sub, dotted.substr(dot + 1))) return hit;
  }
  return nullptr;
}

Node* find(Document& doc, std::string_view dotted) {
  return find(doc, doc.root(), dotted);
}

// Compact JSON of a value inside an array: members in name order, numbers as written.
void append_compact_json(std::string& out, const Document& doc, const Node& v) {
  switch (v.kind) {
    case Kind::kNull:
      out += "null";
      return;
    case Kind::kString:
      out += '"';
      append_json_escaped(out, v.text);
      out += '"';
      return;
    case Kind::kArray:
    case Kind::kObject: {
      out += v.is_object() ? '{' : '[';
      bool first = true;
      for (const std::uint32_t i : doc.children(v)) {
        if (!first) out += ',';
        first = false;
        const Node& child = doc.node(i);
        if (v.is_object()) {
          out += '"';
          append_json_escaped(out, child.key);
          out += "\":";
        }
        append_compact_json(out, doc, child);
      }
      out += v.is_object() ? '}' : ']';
      return;
    }
    default:
      out += v.text;
  }
}

// A non-negative integer that fits T, from a JSON integer or a decimal string.
template <typename T>
bool to_number(const Node* v, T& out) {
  if (v == nullptr || (v->kind != Kind::kInteger && v->kind != Kind::kString)) return false;
  std::string_view s = v->text;
  if (v->kind == Kind::kInteger && s == "-0") s = "0";  // JSON's negative zero is the integer 0
  std::uint64_t n = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return false;
  if (n > std::numeric_limits<T>::max()) return false;
  out = static_cast<T>(n);
  return true;
}

// Windows level names as winlogbeat writes them (lower-case) -> level number.
bool level_from_name(const Node* v, std::uint8_t& out) {
  if (v == nullptr || !v->is_text()) return false;
  static constexpr std::array<std::pair<std::string_view, std::uint8_t>, 5> kLevels{
      {{"critical", 1}, {"error", 2}, {"warning", 3}, {"information", 4}, {"verbose", 5}}};
  for (const auto& [name, level] : kLevels) {
    if (iequals(v->text, name)) {
      out = level;
      return true;
    }
  }
  return false;
}

// Every leaf under `v` as a data field named by its dotted path, except nodes already mapped.
// winlog.event_data.X and winlog.user_data.X are named X, whether the document nests them or
// writes the dotted key; winlog.user_data.xml_name (the UserData wrapper's element name, which
// winlogbeat adds) keeps its full name. Scalars are their text (null is empty); arrays become
// repeated fields, with objects and arrays inside them as compact JSON.
class Flattener {
 public:
  Flattener(Event& e, const Document& doc) : e_(e), doc_(doc) {}

  void walk(std::string_view prefix, const Node& v) {
    name_.assign(prefix);
    walk(v);
  }

 private:
  void walk(const Node& v) {
    if (v.mapped) return;
    if (v.is_object()) {
      const std::size_t len = name_.size();
      for (const std::uint32_t i : doc_.children(v)) {
        const Node& child = doc_.node(i);
        if (len != 0) name_.push_back('.');
        name_.append(child.key);
        walk(child);
        name_.resize(len);
      }
      return;
    }
    const std::string_view name = field_name();
    if (!v.is_array()) {
      e_.add_field(name, v.text);
      return;
    }
    for (const std::uint32_t i : doc_.children(v)) {
      const Node& item = doc_.node(i);
      if (item.is_scalar()) {
        e_.add_field(name, item.text);
      } else {
        json_.clear();
        append_compact_json(json_, doc_, item);
        e_.add_field(name, json_);
      }
    }
  }

  std::string_view field_name() {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kBlocks{
        {{"winlog.event_data.", "EventData"}, {"winlog.user_data.", "UserData"}}};
    const std::string_view name = name_;
    if (name == "winlog.user_data.xml_name") return name;
    for (const auto& [prefix, block] : kBlocks) {
      if (name.size() > prefix.size() && name.starts_with(prefix)) {
        e_.data_block = block;
        return name.substr(prefix.size());
      }
    }
    return name;
  }

  Event& e_;
  const Document& doc_;
  std::string name_;
  std::string json_;
};

// ---- ECS fallback: Windows EventData names derived from the ECS fields pipelines moved them to.

enum class Derive : std::uint8_t {
  kText,        ///< the value as text (numbers in decimal)
  kHex,         ///< a number as "0x" + lower-case hex, as Security events write process ids
  kLogonType,   ///< winlog.logon.type name -> LogonType number
  kDomainUser,  ///< user.domain + "\" + user.name (Sysmon's User)
  kInitiated,   ///< network.direction egress/ingress -> "true"/"false"
};

struct Derivation {
  std::string_view name;  ///< the Windows EventData name
  std::string_view ecs;   ///< the dotted ECS field it is derived from
  Derive how = Derive::kText;
};

struct DerivationSet {
  std::string_view provider;
  std::span<const std::uint32_t> ids;
  std::span<const Derivation> fields;
};

constexpr std::string_view kSecurityProvider = "Microsoft-Windows-Security-Auditing";
constexpr std::string_view kSysmonProvider = "Microsoft-Windows-Sysmon";

// Security (winlogbeat security module, Elastic Agent System integration).
constexpr std::array<std::uint32_t, 2> kLogonIds{4624, 4625};
constexpr std::array<Derivation, 10> kLogon{{
    {"TargetUserSid", "user.id"},
    {"TargetUserName", "user.name"},
    {"TargetDomainName", "user.domain"},
    {"SubjectLogonId", "winlog.logon.id"},
    {"LogonType", "winlog.logon.type", Derive::kLogonType},
    {"IpAddress", "source.ip"},
    {"IpPort", "source.port"},
    {"WorkstationName", "source.domain"},
    {"ProcessId", "process.pid", Derive::kHex},
    {"ProcessName", "process.executable"},
}};
constexpr std::array<std::uint32_t, 1> kProcessCreationIds{4688};
constexpr std::array<Derivation, 12> kProcessCreation{{
    {"SubjectUserSid", "user.id"},
    {"SubjectUserName", "user.name"},
    {"SubjectDomainName", "user.domain"},
    {"SubjectLogonId", "winlog.logon.id"},
    {"TargetUserSid", "user.effective.id"},
    {"TargetUserName", "user.effective.name"},
    {"TargetDomainName", "user.effective.domain"},
    {"NewProcessId", "process.pid", Derive::kHex},
    {"NewProcessName", "process.executable"},
    {"ProcessId", "process.parent.pid", Derive::kHex},
    {"ParentProcessName", "process.parent.executable"},
    {"CommandLine", "process.command_line"},
}};
constexpr std::array<std::uint32_t, 9> kAccountIds{4720, 4722, 4723, 4724, 4725, 4726, 4738, 4740, 4767};
constexpr std::array<Derivation, 7> kAccount{{
    {"SubjectUserSid", "user.id"},
    {"SubjectUserName", "user.name"},
    {"SubjectDomainName", "user.domain"},
    {"SubjectLogonId", "winlog.logon.id"},
    {"TargetSid", "user.target.id"},
    {"TargetUserName", "user.target.name"},
    {"TargetDomainName", "user.target.domain"},
}};

// Sysmon (winlogbeat sysmon module, Elastic Agent Windows integration).
constexpr std::array<std::uint32_t, 8> kSysmonProcessIds{1, 3, 5, 11, 12, 13, 14, 22};
constexpr std::array<Derivation, 5> kSysmonProcess{{
    {"ProcessGuid", "process.entity_id"},
    {"ProcessId", "process.pid"},
    {"Image", "process.executable"},
    {"User", "user.name", Derive::kDomainUser},
    {"RuleName", "rule.name"},
}};
constexpr std::array<std::uint32_t, 1> kSysmonCreateIds{1};
constexpr std::array<Derivation, 7> kSysmonCreate{{
    {"CommandLine", "process.command_line"},
    {"CurrentDirectory", "process.working_directory"},
    {"OriginalFileName", "process.pe.original_file_name"},
    {"ParentProcessGuid", "process.parent.entity_id"},
    {"ParentProcessId", "process.parent.pid"},
    {"ParentImage", "process.parent.executable"},
    {"ParentCommandLine", "process.parent.command_line"},
}};
constexpr std::array<std::uint32_t, 1> kSysmonNetworkIds{3};
constexpr std::array<Derivation, 8> kSysmonNetwork{{
    {"Protocol", "network.transport"},
    {"Initiated", "network.direction", Derive::kInitiated},
    {"SourceIp", "source.ip"},
    {"SourceHostname", "source.domain"},
    {"SourcePort", "source.port"},
    {"DestinationIp", "destination.ip"},
    {"DestinationHostname", "destination.domain"},
    {"DestinationPort", "destination.port"},
}};
constexpr std::array<std::uint32_t, 1> kSysmonFileIds{11};
constexpr std::array<Derivation, 1> kSysmonFile{{{"TargetFilename", "file.path"}}};
constexpr std::array<std::uint32_t, 3> kSysmonRegistryIds{12, 13, 14};
constexpr std::array<Derivation, 1> kSysmonRegistry{{{"TargetObject", "registry.path"}}};
constexpr std::array<std::uint32_t, 1> kSysmonDnsIds{22};
constexpr std::array<Derivation, 1> kSysmonDns{{{"QueryName", "dns.question.name"}}};

constexpr std::array<DerivationSet, 9> kDerivations{{
    {kSecurityProvider, kLogonIds, kLogon},
    {kSecurityProvider, kProcessCreationIds, kProcessCreation},
    {kSecurityProvider, kAccountIds, kAccount},
    {kSysmonProvider, kSysmonProcessIds, kSysmonProcess},
    {kSysmonProvider, kSysmonCreateIds, kSysmonCreate},
    {kSysmonProvider, kSysmonNetworkIds, kSysmonNetwork},
    {kSysmonProvider, kSysmonFileIds, kSysmonFile},
    {kSysmonProvider, kSysmonRegistryIds, kSysmonRegistry},
    {kSysmonProvider, kSysmonDnsIds, kSysmonDns},
}};

// The text of a scalar ECS value ("" when it is absent, empty, an object or an array).
std::string_view scalar_text(const Node* v) {
  if (v == nullptr || !v->is_scalar()) return "";
  return v->text;
}

std::string derive_value(Document& doc, const Derivation& d) {
  const Node* v = find(doc, d.ecs);
  switch (d.how) {
    case Derive::kText:
      return std::string(scalar_text(v));
    case Derive::kHex: {
      std::uint64_t n = 0;
      if (!to_number(v, n)) return "";
      std::array<char, 24> buf{};
      const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), n, 16);
      return "0x" + std::string(buf.data(), r.ptr);
    }
    case Derive::kLogonType: {
      // The names the Security pipelines give LogonType (winlog.logon.type).
      static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kTypes{
          {{"Interactive", "2"},
           {"Network", "3"},
           {"Batch", "4"},
           {"Service", "5"},
           {"Unlock", "7"},
           {"NetworkCleartext", "8"},
           {"NewCredentials", "9"},
           {"RemoteInteractive", "10"},
           {"CachedInteractive", "11"}}};
      const std::string_view name = scalar_text(v);
      for (const auto& [type, number] : kTypes) {
        if (name == type) return std::string(number);
      }
      return "";
    }
    case Derive::kDomainUser: {
      const std::string_view user = scalar_text(v);
      const std::string_view domain = scalar_text(find(doc, "user.domain"));
      if (user.empty() || domain.empty()) return "";
      return std::string(domain) + "\\" + std::string(user);
    }
    case Derive::kInitiated: {
      const std::string_view direction = scalar_text(v);
      if (direction == "egress") return "true";
      if (direction == "ingress") return "false";
      return "";
    }
  }
  return "";
}

void derive_set(Document& doc, const DerivationSet& set, Event& e, std::vector<std::string_view>& derived) {
  const SystemFields& s = e.system();
  bool id_matches = false;
  for (const std::uint32_t id : set.ids) id_matches = id_matches || id == s.event_id;
  if (!id_matches || !iequals(e.text(s.provider), set.provider)) return;
  for (const Derivation& d : set.fields) {
    if (e.field(d.name).has_value()) continue;  // a real winlog.event_data field always wins
    const std::string value = derive_value(doc, d);
    if (value.empty()) continue;
    e.add_field(d.name, value);
    derived.push_back(d.name);
  }
}

// Adds the derived fields after the document's own, then one "temper.derived" field per
// derived name.
void derive_fields(Document& doc, Event& e) {
  if (!e.system().has_event_id) return;
  std::vector<std::string_view> derived;
  for (const DerivationSet& set : kDerivations) derive_set(doc, set, e, derived);
  for (std::string_view name : derived) e.add_field("temper.derived", name);
}

// ---- System fields

// @timestamp as FILETIME ticks, honouring a numeric UTC offset ("+02:00", "-0500") that some
// shippers write instead of "Z".
std::optional<std::uint64_t> timestamp_ticks(std::string_view t) {
  const auto ticks = parse_time_to_filetime(t);
  if (!ticks) return ticks;
  std::size_t pos = 19;  // after YYYY-MM-DDTHH:MM:SS and any fraction comes the zone
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') ++pos;
  }
  const std::string_view zone = t.substr(pos);
  const bool colon = zone.size() == 6 && zone[3] == ':';
  if ((zone.size() != 5 && !colon) || (zone[0] != '+' && zone[0] != '-')) return ticks;
  auto two = [](std::string_view d) {
    return d[0] >= '0' && d[0] <= '9' && d[1] >= '0' && d[1] <= '9' ? (d[0] - '0') * 10 + (d[1] - '0') : -1;
  };
  const int hours = two(zone.substr(1, 2));
  const int minutes = two(zone.substr(colon ? 4 : 3, 2));
  if (hours < 0 || minutes < 0 || hours > 23 || minutes > 59) return ticks;
  const std::uint64_t offset = static_cast<std::uint64_t>(hours * 60 + minutes) * 60 * 10'000'000;
  if (zone[0] == '-') return *ticks + offset;
  return *ticks >= offset ? std::optional<std::uint64_t>(*ticks - offset) : std::nullopt;
}

// Fills a System text field from a scalar; returns the node when it was used.
Node* set_text(Event& e, TextRef& field, Node* v) {
  if (v == nullptr || v->kind == Kind::kNull || !v->is_scalar()) return nullptr;
  field = e.store(v->text);
  return v;
}

template <typename T>
Node* set_number(Node* v, T& out) {
  return to_number(v, out) ? v : nullptr;
}

// Maps what has a place in SystemFields and marks the winlog nodes used, which are then not
// repeated as data fields (the ECS fallbacks event.code, host.name, event.provider, log.level
// stay data fields).
void map_system(Document& doc, Event& e) {
  SystemFields& s = e.system();
  auto use = [](Node* v) {
    if (v != nullptr) v->mapped = true;
    return v != nullptr;
  };
  use(set_text(e, s.channel, find(doc, "winlog.channel")));
  if (!use(set_text(e, s.provider, find(doc, "winlog.provider_name"))))
    set_text(e, s.provider, find(doc, "event.provider"));
  use(set_text(e, s.provider_guid, find(doc, "winlog.provider_guid")));
  if (!use(set_text(e, s.computer, find(doc, "winlog.computer_name")))) set_text(e, s.computer, find(doc, "host.name"));
  use(set_text(e, s.user_sid, find(doc, "winlog.user.identifier")));
  use(set_text(e, s.activity_id, find(doc, "winlog.activity_id")));
  use(set_text(e, s.related_activity_id, find(doc, "winlog.related_activity_id")));
  s.has_event_id = use(set_number(find(doc, "winlog.event_id"), s.event_id)) ||
                   set_number(find(doc, "event.code"), s.event_id) != nullptr;
  use(set_number(find(doc, "winlog.record_id"), s.record_id));
  s.has_execution = use(set_number(find(doc, "winlog.process.pid"), s.process_id));
  use(set_number(find(doc, "winlog.process.thread.id"), s.thread_id));
  use(set_number(find(doc, "winlog.version"), s.version));
  use(set_number(find(doc, "winlog.task"), s.task));      // a number from other shippers;
  use(set_number(find(doc, "winlog.opcode"), s.opcode));  // winlogbeat's names stay data
  if (!use(set_number(find(doc, "winlog.level"), s.level)) && !level_from_name(find(doc, "log.level"), s.level)) {
    level_from_name(find(doc, "winlog.level"), s.level);
  }
  Node* stamp = find(doc, "@timestamp");
  if (stamp == nullptr || !stamp->is_text()) stamp = find(doc, "winlog.time_created");
  if (stamp != nullptr && stamp->is_text()) {
    s.time_text = e.store(stamp->text);
    if (auto ticks = timestamp_ticks(stamp->text)) s.time_created = *ticks;
    stamp->mapped = true;
  }
}

void map_document(Document& doc, Event& e) {
  map_system(doc, e);
  // EventData / UserData first, then everything else (keys sorted by name within each object).
  for (const std::string_view block : {"winlog.event_data", "winlog.user_data"}) {
    Node* data = find(doc, block);
    if (data == nullptr || !data->is_object()) continue;
    Flattener(e, doc).walk(block, *data);
    data->mapped = true;
  }
  if (Node* metadata = doc.member(doc.root(), "@metadata")) metadata->mapped = true;
  Flattener(e, doc).walk("", doc.root());
  derive_fields(doc, e);
}

// Parses and maps lines one after the other, reusing one Document.
class EcsReader {
 public:
  Result<void> read(std::string_view line, Event& e) {
    e.clear();
    e.source = SourceKind::kNdjson;
    auto parsed = doc_.parse(line);
    if (!parsed && parsed.error().code == ErrorCode::kParse && !is_valid_utf8(line)) {
      // Invalid UTF-8 (a mis-converted file): read it with each bad byte as U+FFFD.
      const std::string utf16 = utf8_to_utf16le(line);
      parsed = doc_.parse(utf16le_to_utf8(std::as_bytes(std::span(utf16.data(), utf16.size()))));
    }
    if (!parsed) return fail(parsed.error());
    map_document(doc_, e);
    return {};
  }

 private:
  Document doc_;
};

}  // namespace

Result<void> parse_ecs_line(std::string_view line, Event& e) {
  return EcsReader().read(line, e);
}

namespace {

// The per-line step both read_ndjson overloads share.
auto line_handler(TextReadStats& stats, EcsReader& reader, Event& event, std::string_view name, const EventSink& sink) {
  return [&stats, &reader, &event, name, &sink](std::uint64_t n, std::string_view line, bool too_long) {
    ++stats.lines;
    if (too_long) {
      stats.bad(n, "line too long");
      return true;
    }
    if (line.find_first_not_of(" \t") == std::string_view::npos) return true;
    if (auto r = reader.read(line, event); !r) {
      stats.bad(n, r.error().message);
      return true;
    }
    event.file = name;
    if (event.system().record_id == 0) event.system().record_id = n;
    ++stats.events;
    return sink(event);
  };
}

}  // namespace

TextReadStats read_ndjson_text(std::string_view text, const EventSink& sink, std::string_view name) {
  TextReadStats stats;
  EcsReader reader;
  Event event;
  for_each_line(text, line_handler(stats, reader, event, name, sink));
  return stats;
}

Result<TextReadStats> read_ndjson(const std::filesystem::path& p, const EventSink& sink) {
  TextReadStats stats;
  EcsReader reader;
  Event event;
  const std::string name = path_string(p);
  TEMPER_RETURN_IF_ERROR(for_each_line(p, line_handler(stats, reader, event, name, sink)));
  return stats;
}

}  // namespace temper::events
