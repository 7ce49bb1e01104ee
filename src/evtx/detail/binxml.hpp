// SPDX-License-Identifier: Apache-2.0
// ChunkDecoder: BinXML -> events::Event XML nodes for the records of one chunk, with the chunk's
// name (string) and template caches keyed by chunk offset.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "events/event.hpp"

namespace temper::evtx::detail {

/// One compiled BinXML token (see the design comment in binxml.cpp).
enum class OpKind : std::uint8_t {
  kOpen,        ///< start tag: name in pool [a, a+b); c = index of its kCloseStart/kCloseEmpty; d = index of its end
  kAttribute,   ///< attribute: name in pool; its value ops follow
  kCloseStart,  ///< end of the start tag
  kCloseEmpty,  ///< `/>`: ends the element
  kEnd,         ///< `</x>`: ends the element
  kText,        ///< literal text in pool
  kCData,       ///< CDATA text in pool
  kCharRef,     ///< character reference: a = code point
  kEntityRef,   ///< entity reference: name in pool
  kPiTarget,    ///< processing instruction target: name in pool
  kPiData,      ///< processing instruction data in pool
  kSubstitute,  ///< substitution: index = value index, type = declared type, optional flag
  kTemplate,    ///< template instance: a = chunk offset of its 0x0C token
};

/// A compiled token; the meaning of a..d depends on kind.
struct Op {
  OpKind kind = OpKind::kText;
  std::uint8_t type = 0;
  bool optional = false;
  std::uint16_t index = 0;
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  std::uint32_t c = 0;
  std::uint32_t d = 0;
};

/// Where the text of a field or attribute comes from in a compiled template.
struct PlanSource {
  enum class Kind : std::uint8_t {
    kAbsent,   ///< no such attribute (or, for content, no text at all)
    kLiteral,  ///< literal text: Plan::text [a, a + b)
    kValue,    ///< substitution value `index`
  };
  Kind kind = Kind::kAbsent;
  std::uint16_t index = 0;
  std::uint32_t a = 0;
  std::uint32_t b = 0;
};

/// Which child of <Event> an element is in, as Event::index_xml() tracks it.
enum class PlanBlock : std::uint8_t { kNone, kSystem, kEventData, kUserData };

/// What an element of an event template contributes to events::Event (see fields.cpp).
enum class PlanRole : std::uint8_t {
  kEventData,  ///< the <EventData> block: data_block, positions restart
  kUserData,   ///< the <UserData> block
  kData,       ///< <Data Name=...> in EventData: attrs[0] = Name (absent: positional name)
  kNamed,      ///< another EventData child, or a UserData field: named after the element (name_*)
  kNested,     ///< a substitution between elements: a BinXml value there is a nested fragment
               ///< whose elements start at `depth` + 1 in `block`
  kProvider,   ///< attrs: Name, Guid, EventSourceName
  kEventId,    ///< content; attrs[0] = Qualifiers
  kVersion,
  kLevel,
  kTask,
  kOpcode,
  kKeywords,
  kTimeCreated,  ///< attrs[0] = SystemTime
  kRecordId,
  kCorrelation,  ///< attrs: ActivityID, RelatedActivityID
  kExecution,    ///< attrs: ProcessID, ThreadID
  kChannel,
  kComputer,
  kSecurity,  ///< attrs[0] = UserID
};

/// One element (or nested fragment) of a template that index_xml() would look at, in order.
struct PlanStep {
  PlanRole role = PlanRole::kNamed;
  /// The element's whole content is one optional substitution: a NULL value leaves the
  /// element out (and `content` is that substitution).
  bool drop_if_null = false;
  /// kData/kNamed whose whole content is one substitution: an array value repeats the field.
  bool repeat_array = false;
  PlanBlock block = PlanBlock::kNone;  ///< kNested: the block around the substitution
  std::uint8_t depth = 0;              ///< kNested: elements open around the substitution
  PlanSource content;
  std::array<PlanSource, 3> attrs{};
  std::uint32_t name_a = 0;  ///< kNamed: element name in Plan::text
  std::uint32_t name_b = 0;
};

/// A template's System and data fields, found once per template, chunk and place of use, so
/// records fill events::Event directly, without XML nodes (ChunkDecoder::decode, xml = false).
struct Plan {
  enum class State : std::uint8_t { kDirect, kNodes };
  State state = State::kNodes;  ///< kNodes: the template needs the XML node path
  std::uint8_t depth = 0;       ///< the place of use: elements open around the template
  PlanBlock block = PlanBlock::kNone;
  std::vector<PlanStep> steps;
  std::string text;                    ///< names and literal values the steps refer to
  /// By value index: where a BinXml value would not be a nested fragment of fields, or an
  /// array value would not repeat a data field, the record takes the node path.
  static constexpr std::uint8_t kBinXmlBad = 1;
  static constexpr std::uint8_t kArrayBad = 2;
  std::vector<std::uint8_t> value_flags;
};

/// Op::c / Op::d when the matching token never came (truncated or unbalanced input).
inline constexpr std::uint32_t kNoOp = 0xFFFFFFFFu;

/// Ops that make up an attribute's value or an element's text.
inline bool is_value_op(OpKind k) {
  return k == OpKind::kText || k == OpKind::kSubstitute || k == OpKind::kCharRef || k == OpKind::kEntityRef ||
         k == OpKind::kCData;
}

/// The element opened by `open` has exactly one substitution as its whole content (the shape in
/// which an array value repeats the element and an optional NULL value drops it).
inline bool single_substitution(const std::vector<Op>& ops, const Op& open) {
  return open.c != kNoOp && open.d != kNoOp && open.d == open.c + 2 && ops[open.c].kind == OpKind::kCloseStart &&
         ops[open.c + 1].kind == OpKind::kSubstitute;
}

/// A BinXML fragment compiled once (template definitions are cached per chunk).
struct Compiled {
  std::vector<Op> ops;
  std::string pool;  ///< UTF-8 names and literal text
  bool ok = false;
  /// Plans by place of use (most templates have one), filled by ChunkDecoder::plan_for; a
  /// fixed array, so references stay valid while a nested fragment adds a plan.
  mutable std::array<Plan, 4> plans;
  mutable std::uint8_t plan_count = 0;
  /// Forget the contents, keep the memory (compiled templates are reused chunk after chunk).
  void clear() {
    ops.clear();
    pool.clear();
    ok = false;
    plan_count = 0;
  }
};

/// A map from chunk offsets to small values for the decoder's per-chunk caches: open
/// addressing, cleared in O(1) by a generation stamp, memory kept from chunk to chunk.
template <typename T>
class OffsetMap {
 public:
  T* find(std::uint32_t key) {
    if (slots_.empty()) return nullptr;
    for (std::size_t i = hash(key);; i = (i + 1) & (slots_.size() - 1)) {
      Slot& s = slots_[i];
      if (s.gen != gen_) return nullptr;
      if (s.key == key) return &s.value;
    }
  }
  /// Adds `key`, which must be absent.
  T& insert(std::uint32_t key, T value) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    std::size_t i = hash(key);
    while (slots_[i].gen == gen_) i = (i + 1) & (slots_.size() - 1);
    slots_[i] = Slot{key, gen_, std::move(value)};
    ++size_;
    return slots_[i].value;
  }
  void clear() {
    size_ = 0;
    if (++gen_ == 0) {  // stamps wrapped: make every slot stale explicitly
      for (Slot& s : slots_) s.gen = 0;
      gen_ = 1;
    }
  }
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  struct Slot {
    std::uint32_t key = 0;
    std::uint32_t gen = 0;
    T value{};
  };
  [[nodiscard]] std::size_t hash(std::uint32_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B1u) >> (32 - bits_));
  }
  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    bits_ = old.empty() ? 6 : bits_ + 1;
    slots_.assign(std::size_t{1} << bits_, Slot{});
    const std::uint32_t gen = gen_;
    gen_ = 1;
    size_ = 0;
    for (Slot& s : old) {
      if (s.gen == gen) insert(s.key, std::move(s.value));
    }
  }
  std::vector<Slot> slots_;
  std::uint32_t gen_ = 1;
  std::uint32_t bits_ = 0;
  std::size_t size_ = 0;
};

/// Decodes the BinXML of one 64 KiB chunk. Not thread-safe; one per chunk (or reset per chunk).
class ChunkDecoder {
 public:
  ChunkDecoder();

  /// Start a new chunk: forget all cached names and templates.
  void reset(std::span<const std::byte> chunk);

  /// Decode the BinXML fragment at chunk offsets [begin, end) and append its XML nodes to
  /// `event`. Fails with kParse on a malformed token stream and kLimit when a cap in
  /// core/limits.hpp is hit; nodes decoded before the failure stay in `event`.
  /// With `xml` false the decoder may instead fill event.system() and event.fields() directly
  /// (the same values Event::index_xml() finds) and leave xml() empty; the result says which:
  /// true = indexed already, false = XML nodes, the caller runs index_xml().
  Result<bool> decode(std::uint32_t begin, std::uint32_t end, events::Event& event, bool xml = true);

  /// Number of templates compiled in this chunk (for diagnostics and tests).
  [[nodiscard]] std::size_t template_count() const { return templates_.size(); }

 private:
  struct Value {
    std::uint32_t offset = 0;
    std::uint16_t size = 0;
    std::uint8_t type = 0;
  };

  Result<void> compile(std::uint32_t begin, std::uint32_t end, Compiled& out, bool nested);
  Result<std::uint32_t> read_name(std::uint32_t at, std::uint32_t end, std::string& pool, std::uint32_t& name_off,
                                  std::uint32_t& name_len);
  Result<std::uint32_t> skip_template_instance(std::uint32_t at, std::uint32_t end);
  Result<void> instantiate(const Compiled& t, std::span<const Value> values, std::size_t depth, events::Event& ev);
  Result<void> instance(std::uint32_t at, std::uint32_t limit, std::size_t depth, events::Event& ev);
  /// Reads a template instance's value descriptors into value_stack_[depth]; its template.
  Result<const Compiled*> parse_instance(std::uint32_t at, std::uint32_t limit, std::size_t depth);
  Result<void> fragment(std::uint32_t begin, std::uint32_t end, std::size_t depth, events::Event& ev);
  Result<const Compiled*> template_at(std::uint32_t offset);
  void substitute(const Value& v, std::size_t depth, events::Event& ev, Result<void>& status);
  // fields.cpp: the direct path.
  const Plan& plan_for(const Compiled& t, std::uint8_t depth, PlanBlock block);
  bool fill_direct(const Plan& plan, std::span<const Value> values, std::size_t depth, std::uint32_t& position,
                   events::Event& ev);
  bool nested_direct(const Value& v, const PlanStep& step, std::size_t depth, std::uint32_t& position,
                     events::Event& ev);

  std::span<const std::byte> chunk_;
  OffsetMap<Compiled*> templates_;                  ///< by definition offset, into storage_
  std::vector<std::unique_ptr<Compiled>> storage_;  ///< compiled templates; reused by later chunks
  OffsetMap<std::array<std::uint32_t, 2>> names_;   ///< by name offset: [offset, length) in name_pool_
  std::string name_pool_;
  std::vector<std::uint32_t> open_;                 ///< compile()'s element stack
  std::vector<Compiled> scratch_;                 ///< one per nesting depth, for non-template fragments
  std::vector<std::vector<Value>> value_stack_;  ///< one per nesting depth
};

}  // namespace temper::evtx::detail
