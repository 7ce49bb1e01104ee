// SPDX-License-Identifier: Apache-2.0
// events::Event: the one representation of an event, whatever its source (EVTX, NDJSON, IIS W3C).
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace temper::events {

/// Where an event was read from.
enum class SourceKind : std::uint8_t {
  kEvtx,    ///< a Windows .evtx file (BinXML)
  kNdjson,  ///< winlogbeat / Elastic Agent NDJSON (ECS)
  kW3c,     ///< an IIS W3C extended log line (one request)
};

/// Stable lower-case name of a source kind ("evtx", "ndjson", "w3c").
std::string_view source_kind_name(SourceKind kind);

/// A slice of an Event's text arena. Offsets stay valid while the arena grows.
struct TextRef {
  std::uint32_t offset = 0;
  std::uint32_t size = 0;
  [[nodiscard]] bool empty() const { return size == 0; }
};

/// One step of an event's XML document, in document order (a flat SAX-like stream).
enum class XmlKind : std::uint8_t {
  kOpen,       ///< start of an element: name
  kAttribute,  ///< attribute of the last opened element: name, value (unescaped)
  kText,       ///< character data: value (unescaped)
  kCData,      ///< CDATA section: value
  kCharRef,    ///< character reference: value holds the decimal code point
  kEntityRef,  ///< entity reference: name
  kPi,         ///< processing instruction: name (target), value (data)
  kClose,      ///< end of the innermost open element
};

/// XmlNode::flags bit: the text came from an ANSI (code page) string value, which evtxexport
/// writes without escaping.
inline constexpr std::uint8_t kXmlFlagAnsi = 0x01;

/// One XML node; name and value point into the event's arena.
struct XmlNode {
  XmlKind kind = XmlKind::kText;
  std::uint8_t flags = 0;
  TextRef name;
  TextRef value;
};

/// A named EventData/UserData field (unnamed <Data> gets a positional name "Data1", "Data2", ...).
struct Field {
  TextRef name;
  TextRef value;
};

/// The <System> block, parsed. Text fields are empty when absent; `has_*` tell absent from zero.
struct SystemFields {
  TextRef provider;           ///< Provider@Name
  TextRef provider_guid;      ///< Provider@Guid
  TextRef event_source_name;  ///< Provider@EventSourceName
  TextRef channel;
  TextRef computer;
  TextRef user_sid;             ///< Security@UserID
  TextRef activity_id;          ///< Correlation@ActivityID
  TextRef related_activity_id;  ///< Correlation@RelatedActivityID
  TextRef time_text;            ///< TimeCreated@SystemTime as written
  std::uint32_t event_id = 0;
  std::uint32_t qualifiers = 0;
  std::uint32_t process_id = 0;
  std::uint32_t thread_id = 0;
  std::uint16_t task = 0;
  std::uint8_t version = 0;
  std::uint8_t level = 0;
  std::uint8_t opcode = 0;
  bool has_event_id = false;
  bool has_qualifiers = false;
  bool has_execution = false;
  std::uint64_t keywords = 0;
  /// EventRecordID; for EVTX the record header's id when the XML has none.
  std::uint64_t record_id = 0;
  /// TimeCreated as FILETIME ticks (100 ns since 1601-01-01 UTC); 0 when unknown.
  std::uint64_t time_created = 0;
};

/// One event. All text lives in one arena (a std::string) and is referenced by TextRef, so a
/// reader can reuse one Event per record without allocating per field, and a field lookup by
/// name compares string_views only. Accessors return views that are valid until the Event is
/// changed or destroyed.
class Event {
 public:
  /// Forget everything but keep the capacity (readers reuse one Event).
  void clear();

  /// Copy text into the arena.
  TextRef store(std::string_view text);
  /// The arena, for readers that append in place; use ref_since() to make the TextRef.
  std::string& arena() { return arena_; }
  /// The TextRef of everything appended to the arena since `start`.
  [[nodiscard]] TextRef ref_since(std::size_t start) const {
    return TextRef{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(arena_.size() - start)};
  }
  /// The text a TextRef points at.
  [[nodiscard]] std::string_view text(TextRef ref) const {
    return std::string_view(arena_).substr(ref.offset, ref.size);
  }

  /// The XML document, when the source had one (EVTX); empty for NDJSON and W3C.
  [[nodiscard]] std::span<const XmlNode> xml() const { return {nodes_.data(), node_count_}; }
  /// Append an XML node (readers build the document with this).
  void add_node(XmlKind kind, TextRef name, TextRef value = {}, std::uint8_t flags = 0) {
    if (node_count_ == nodes_.size()) grow_nodes();
    nodes_[node_count_++] = XmlNode{kind, flags, name, value};
  }
  /// Number of XML nodes (readers use it to cap hostile input).
  [[nodiscard]] std::size_t node_count() const { return node_count_; }

  /// A reader that rendered FILETIME `ticks` as the text at `where` says so, sparing
  /// index_xml() from parsing TimeCreated@SystemTime back (only the last hint is kept).
  void time_hint(TextRef where, std::uint64_t ticks) {
    time_hint_ = where;
    time_hint_ticks_ = ticks;
  }

  /// Store the name of the `position`-th unnamed <Data> element ("Data1", "Data2", ...).
  TextRef store_positional_name(std::uint32_t position);

  /// Add a named data field.
  void add_field(TextRef name, TextRef value) { fields_.push_back(Field{name, value}); }
  /// Add a named data field, copying both strings.
  void add_field(std::string_view name, std::string_view value) { add_field(store(name), store(value)); }
  /// All data fields in document order.
  [[nodiscard]] std::span<const Field> fields() const { return fields_; }
  /// The first data field with this exact name, or nullopt.
  [[nodiscard]] std::optional<std::string_view> field(std::string_view name) const;

  /// Parse <System> and EventData/UserData out of xml() into system() and fields().
  /// Never fails: unknown or malformed parts are left empty.
  void index_xml();

  SystemFields& system() { return system_; }
  [[nodiscard]] const SystemFields& system() const { return system_; }

  /// Shorthands for the System text fields.
  [[nodiscard]] std::string_view provider() const { return text(system_.provider); }
  [[nodiscard]] std::string_view channel() const { return text(system_.channel); }
  [[nodiscard]] std::string_view computer() const { return text(system_.computer); }

  /// Look up a field by the names the filter language and rules use: "channel", "provider",
  /// "id" / "event_id", "record_id", "computer", "user_sid", "level", "task", "opcode",
  /// "keywords", "process_id", "thread_id", "time"; anything else is a data field name
  /// (an "EventData." or "data." prefix is ignored). Numbers are returned as decimal text in
  /// `scratch`. nullopt when absent.
  [[nodiscard]] std::optional<std::string_view> lookup(std::string_view name, std::string& scratch) const;

  /// Whether `pred` holds for a value of `name` (as lookup() names it): for a data field that
  /// repeats (array values, repeated elements), any of its values. False when absent.
  template <typename Pred>
  bool any_value(std::string_view name, std::string& scratch, Pred&& pred) const {
    if (auto data = data_field_name(name)) {
      for (const Field& f : fields_) {
        if (text(f.name) == *data && pred(text(f.value))) return true;
      }
      return false;
    }
    const auto v = lookup(name, scratch);
    return v && pred(*v);
  }
  /// The data field a lookup() name means ("EventData.X" and "data.X" mean "X"), or nullopt for
  /// the System names lookup() knows ("channel", "id", ...).
  static std::optional<std::string_view> data_field_name(std::string_view name);

  SourceKind source = SourceKind::kEvtx;
  /// Which data block the fields came from: "EventData", "UserData" or empty.
  std::string_view data_block;
  /// Source file name (not owned; set by the reader, may be empty).
  std::string_view file;

 private:
  std::string arena_;
  void grow_nodes();

  std::vector<XmlNode> nodes_;  ///< capacity; the first node_count_ are in use
  std::size_t node_count_ = 0;
  std::vector<Field> fields_;
  SystemFields system_;
  TextRef time_hint_{0xFFFFFFFFu, 0};
  std::uint64_t time_hint_ticks_ = 0;
};

/// Parse a System number as index_xml() does: decimal, or hex after "0x"/"0X", the whole text,
/// in T's range. false (and `out` unchanged) otherwise.
template <typename T>
bool parse_number(std::string_view s, T& out) {
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s.remove_prefix(2);
    base = 16;
  }
  if (s.empty()) return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
  return ec == std::errc() && ptr == s.data() + s.size();
}

/// Format FILETIME ticks as "YYYY-MM-DDTHH:MM:SS.fffffff00Z" (nine fraction digits, as evtxexport
/// and recent Windows print). Ticks beyond year 9999 are clamped.
void append_filetime(std::string& out, std::uint64_t ticks);
/// Parse "YYYY-MM-DD[T ]HH:MM:SS[.f...][Z]" into FILETIME ticks; nullopt when malformed.
std::optional<std::uint64_t> parse_time_to_filetime(std::string_view text);

}  // namespace temper::events
