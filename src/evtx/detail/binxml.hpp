// SPDX-License-Identifier: Apache-2.0
// ChunkDecoder: BinXML -> events::Event XML nodes for the records of one chunk, with the chunk's
// name (string) and template caches keyed by chunk offset.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
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

/// A BinXML fragment compiled once (template definitions are cached per chunk).
struct Compiled {
  std::vector<Op> ops;
  std::string pool;  ///< UTF-8 names and literal text
  bool ok = false;
  void clear() {
    ops.clear();
    pool.clear();
    ok = false;
  }
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
  Result<void> decode(std::uint32_t begin, std::uint32_t end, events::Event& event);

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
  Result<void> fragment(std::uint32_t begin, std::uint32_t end, std::size_t depth, events::Event& ev);
  Result<const Compiled*> template_at(std::uint32_t offset);
  void substitute(const Value& v, std::size_t depth, events::Event& ev, Result<void>& status);

  std::span<const std::byte> chunk_;
  std::unordered_map<std::uint32_t, std::unique_ptr<Compiled>> templates_;
  std::unordered_map<std::uint32_t, std::string> names_;
  std::vector<Compiled> scratch_;                 ///< one per nesting depth, for non-template fragments
  std::vector<std::vector<Value>> value_stack_;  ///< one per nesting depth
};

}  // namespace temper::evtx::detail
