// SPDX-License-Identifier: Apache-2.0
// The BinXML decoder: compiles token streams into ops once per template and chunk, then
// instantiates them with each record's substitution values into events::Event XML nodes.
//
// Design, by example. A Security 4624 record's BinXML is usually only
//
//   0F 01 01 00                  fragment header
//   0C 01 <id:4> <def:4>         template instance, definition at chunk offset `def`
//   [definition, when def == the offset right after this field: next:4 guid:16 size:4 tokens…]
//   <n:4> n × (size:2 type:1 0:1) value bytes…
//   00                           end of stream
//
// and the definition (shared by every 4624 in the chunk) is the token stream
//
//   0F…  41 <dep:2> <size:4> <name "Event"> <attrs:4>  06 <name "xmlns"> 05 01 <len:2> "http…"  02
//          01 … <name "EventID"> 02  0E <index:2=3> <type:1=06>  04 …  04  00
//
// Compiling it yields a flat vector of ops, names already decoded to UTF-8:
//
//   Open "Event" (c=2, d=...), Attribute "xmlns", Text "http…", CloseStart,
//   Open "EventID", CloseStart, Substitute #3 uint16 optional, End, …, End
//
// which is cached under offset `def` for the rest of the chunk. Instantiating walks the ops and,
// for Substitute #3, formats value 3 of this record (e.g. 4624) straight into the event's
// arena. So per record the decoder only parses the value table and formats values; names and
// structure are never decoded twice. Special cases, all in instantiate():
//   * an attribute whose value is only NULL substitutions is dropped (`<Correlation/>`);
//   * an element whose whole content is one array substitution is repeated once per item;
//   * a BinXml (0x21) value is itself a fragment (often with its own template instance),
//     decoded recursively at depth+1;
//   * template instances inside templates or values recurse the same way.
// Safety: every read is bounded by the fragment or chunk end; recursion depth, nodes and text
// per record are capped (core/limits.hpp), so self-referencing templates or values fail with
// kLimit instead of looping; a template that failed to compile is cached as failed.
#include "evtx/detail/binxml.hpp"

#include <array>
#include <charconv>
#include <string>

#include "core/byte_reader.hpp"
#include "core/limits.hpp"
#include "core/utf.hpp"
#include "evtx/detail/value.hpp"

namespace temper::evtx::detail {
namespace {

constexpr std::uint8_t kTokEof = 0x00;
constexpr std::uint8_t kTokOpen = 0x01;
constexpr std::uint8_t kTokCloseStart = 0x02;
constexpr std::uint8_t kTokCloseEmpty = 0x03;
constexpr std::uint8_t kTokEnd = 0x04;
constexpr std::uint8_t kTokValue = 0x05;
constexpr std::uint8_t kTokAttribute = 0x06;
constexpr std::uint8_t kTokCData = 0x07;
constexpr std::uint8_t kTokCharRef = 0x08;
constexpr std::uint8_t kTokEntityRef = 0x09;
constexpr std::uint8_t kTokPiTarget = 0x0A;
constexpr std::uint8_t kTokPiData = 0x0B;
constexpr std::uint8_t kTokTemplate = 0x0C;
constexpr std::uint8_t kTokSubstitute = 0x0D;
constexpr std::uint8_t kTokOptionalSubstitute = 0x0E;
constexpr std::uint8_t kTokFragment = 0x0F;
constexpr std::uint8_t kMoreFlag = 0x40;
constexpr std::uint32_t kChunkHeaderSize = 512;

std::string hex8(std::uint32_t v) {
  std::array<char, 16> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v, 16);
  return "0x" + std::string(buf.data(), r.ptr);
}

Error parse_error(std::string what, std::uint32_t at) {
  return Error{ErrorCode::kParse, what + " at chunk offset " + hex8(at), 0, std::nullopt};
}

// A value of any type as text; array items (outside an element of their own) are joined by ", ".
void append_any_value(std::string& out, std::uint8_t type, std::span<const std::byte> bytes) {
  if ((type & kArrayFlag) == 0) {
    append_value(out, type, bytes);
    return;
  }
  const auto base = static_cast<std::uint8_t>(type & ~kArrayFlag);
  bool first = true;
  for_each_array_item(base, bytes, limits::kEvtxMaxArrayItems, [&](std::span<const std::byte> item) {
    if (!first) out.append(", ");
    first = false;
    append_value(out, base, item);
  });
}

}  // namespace

ChunkDecoder::ChunkDecoder()
    : scratch_(limits::kEvtxMaxBinXmlDepth + 2), value_stack_(limits::kEvtxMaxBinXmlDepth + 2) {}

void ChunkDecoder::reset(std::span<const std::byte> chunk) {
  chunk_ = chunk;
  templates_.clear();
  names_.clear();
  name_pool_.clear();
}

Result<std::uint32_t> ChunkDecoder::read_name(std::uint32_t at, std::uint32_t end, std::string& pool,
                                              std::uint32_t& name_off, std::uint32_t& name_len) {
  const ByteReader r(chunk_);
  if (static_cast<std::uint64_t>(at) + 4 > end) return fail(parse_error("truncated name reference", at));
  const std::uint32_t offset = *r.le_at<std::uint32_t>(at);
  std::uint32_t next = at + 4;
  auto decode_at = [&](std::uint32_t o) -> Result<std::uint32_t> {
    const auto count = r.le_at<std::uint16_t>(static_cast<std::size_t>(o) + 6);
    if (!count || static_cast<std::uint64_t>(o) + 8 + 2ull * *count > chunk_.size()) {
      return fail(parse_error("name out of bounds", o));
    }
    return static_cast<std::uint32_t>(*count);
  };
  auto decode_name = [&](std::uint32_t count) -> const std::array<std::uint32_t, 2>& {
    const auto start = static_cast<std::uint32_t>(name_pool_.size());
    append_utf16(name_pool_, chunk_.subspan(static_cast<std::size_t>(offset) + 8, 2ull * count), false);
    return names_.insert(offset, {start, static_cast<std::uint32_t>(name_pool_.size() - start)});
  };
  const std::array<std::uint32_t, 2>* name = names_.find(offset);
  if (offset == next) {
    TEMPER_ASSIGN_OR_RETURN(const std::uint32_t count, decode_at(offset));
    const std::uint64_t size = 10ull + 2ull * count;
    if (next + size > end) return fail(parse_error("inline name past end of fragment", at));
    if (name == nullptr) name = &decode_name(count);
    next = static_cast<std::uint32_t>(next + size);
  } else if (name == nullptr) {
    TEMPER_ASSIGN_OR_RETURN(const std::uint32_t count, decode_at(offset));
    name = &decode_name(count);
  }
  name_off = static_cast<std::uint32_t>(pool.size());
  name_len = (*name)[1];
  pool.append(name_pool_, (*name)[0], (*name)[1]);
  return next;
}

Result<std::uint32_t> ChunkDecoder::skip_template_instance(std::uint32_t at, std::uint32_t end) {
  const ByteReader r(chunk_);
  if (static_cast<std::uint64_t>(at) + 10 > end) return fail(parse_error("truncated template instance", at));
  const std::uint32_t def = *r.le_at<std::uint32_t>(at + 6);
  std::uint64_t pos = at + 10;
  if (def == pos) {
    const auto size = r.le_at<std::uint32_t>(pos + 20);
    if (!size) return fail(parse_error("truncated inline template definition", at));
    pos += 24ull + *size;
  }
  if (pos + 4 > end) return fail(parse_error("template instance values past end", at));
  const std::uint32_t count = *r.le_at<std::uint32_t>(pos);
  if (count > limits::kEvtxMaxSubstitutions) {
    return fail(Error{ErrorCode::kLimit, "too many substitution values at chunk offset " + hex8(at), 0, {}});
  }
  pos += 4;
  if (pos + 4ull * count > end) return fail(parse_error("substitution descriptors past end", at));
  std::uint64_t data = pos + 4ull * count;
  for (std::uint32_t k = 0; k < count; ++k) data += *r.le_at<std::uint16_t>(pos + 4ull * k);
  if (data > end) return fail(parse_error("substitution values past end", at));
  return static_cast<std::uint32_t>(data);
}

Result<void> ChunkDecoder::compile(std::uint32_t begin, std::uint32_t end, Compiled& out, bool nested) {
  const ByteReader r(chunk_);
  if (end > chunk_.size()) end = static_cast<std::uint32_t>(chunk_.size());
  std::vector<std::uint32_t>& open = open_;
  open.clear();
  std::uint32_t pos = begin;
  auto need = [&](std::uint64_t n) { return static_cast<std::uint64_t>(pos) + n <= end; };
  auto push = [&](Op op) {
    out.ops.push_back(op);
    return static_cast<std::uint32_t>(out.ops.size() - 1);
  };
  auto text_op = [&](OpKind kind, std::uint32_t count_at) -> Result<void> {
    const auto count = r.le_at<std::uint16_t>(count_at);
    if (!count || static_cast<std::uint64_t>(count_at) + 2 + 2ull * *count > end) {
      return fail(parse_error("text past end of fragment", pos));
    }
    Op op{kind};
    op.a = static_cast<std::uint32_t>(out.pool.size());
    append_utf16(out.pool, chunk_.subspan(count_at + 2ull, 2ull * *count), false);
    op.b = static_cast<std::uint32_t>(out.pool.size() - op.a);
    push(op);
    pos = count_at + 2 + 2u * *count;
    return {};
  };
  while (pos < end) {
    const auto token = std::to_integer<std::uint8_t>(chunk_[pos]);
    const auto base = static_cast<std::uint8_t>(token & ~kMoreFlag);
    switch (base) {
      case kTokEof:
        ++pos;
        pos = end;
        break;
      case kTokFragment:
        if (!need(4)) return fail(parse_error("truncated fragment header", pos));
        pos += 4;
        break;
      case kTokOpen: {
        if (open.size() >= limits::kEvtxMaxElementDepth) {
          return fail(Error{ErrorCode::kLimit, "elements nested too deep at " + hex8(pos), 0, {}});
        }
        // Inside templates the token carries a 2-byte dependency id; in other fragments it may
        // not. Pick the layout whose name offset is plausible (inline, or pointing backwards).
        auto name_at = [&](std::uint32_t field) { return r.le_at<std::uint32_t>(field).value_or(0); };
        auto inline_at = [&](std::uint32_t field) { return name_at(field) == field + 4; };
        auto backward_at = [&](std::uint32_t field) {
          const std::uint32_t v = name_at(field);
          return v >= kChunkHeaderSize && v < field && v + 8ull <= chunk_.size();
        };
        std::uint32_t field = pos + 7;
        if (nested && !inline_at(pos + 7) && (inline_at(pos + 5) || (!backward_at(pos + 7) && backward_at(pos + 5)))) {
          field = pos + 5;
        }
        if (static_cast<std::uint64_t>(field) + 4 > end) return fail(parse_error("truncated start tag", pos));
        Op op{OpKind::kOpen};
        op.c = kNoOp;
        op.d = kNoOp;
        TEMPER_ASSIGN_OR_RETURN(std::uint32_t next, read_name(field, end, out.pool, op.a, op.b));
        if ((token & kMoreFlag) != 0) next += 4;  // attribute list size
        if (next > end) return fail(parse_error("truncated start tag", pos));
        open.push_back(push(op));
        pos = next;
        break;
      }
      case kTokCloseStart:
        if (!open.empty()) out.ops[open.back()].c = static_cast<std::uint32_t>(out.ops.size());
        push(Op{OpKind::kCloseStart});
        ++pos;
        break;
      case kTokCloseEmpty:
      case kTokEnd: {
        const std::uint32_t index = push(Op{base == kTokEnd ? OpKind::kEnd : OpKind::kCloseEmpty});
        if (!open.empty()) {
          Op& o = out.ops[open.back()];
          if (o.c == kNoOp) o.c = index;
          o.d = index;
          open.pop_back();
        }
        ++pos;
        break;
      }
      case kTokValue: {
        if (!need(2)) return fail(parse_error("truncated value", pos));
        const auto type = std::to_integer<std::uint8_t>(chunk_[pos + 1]);
        if (type == kString) {
          TEMPER_RETURN_IF_ERROR(text_op(OpKind::kText, pos + 2));
          break;
        }
        const std::size_t size = fixed_size(type);
        if (size == 0 || !need(2 + size)) return fail(parse_error("unsupported value token type " + hex8(type), pos));
        Op op{OpKind::kText};
        op.a = static_cast<std::uint32_t>(out.pool.size());
        append_value(out.pool, type, chunk_.subspan(pos + 2ull, size));
        op.b = static_cast<std::uint32_t>(out.pool.size() - op.a);
        push(op);
        pos += static_cast<std::uint32_t>(2 + size);
        break;
      }
      case kTokAttribute: {
        Op op{OpKind::kAttribute};
        TEMPER_ASSIGN_OR_RETURN(pos, read_name(pos + 1, end, out.pool, op.a, op.b));
        push(op);
        break;
      }
      case kTokCData:
        TEMPER_RETURN_IF_ERROR(text_op(OpKind::kCData, pos + 1));
        break;
      case kTokCharRef: {
        if (!need(3)) return fail(parse_error("truncated character reference", pos));
        Op op{OpKind::kCharRef};
        op.a = *r.le_at<std::uint16_t>(pos + 1);
        push(op);
        pos += 3;
        break;
      }
      case kTokEntityRef:
      case kTokPiTarget: {
        Op op{base == kTokEntityRef ? OpKind::kEntityRef : OpKind::kPiTarget};
        TEMPER_ASSIGN_OR_RETURN(pos, read_name(pos + 1, end, out.pool, op.a, op.b));
        push(op);
        break;
      }
      case kTokPiData:
        TEMPER_RETURN_IF_ERROR(text_op(OpKind::kPiData, pos + 1));
        break;
      case kTokTemplate: {
        Op op{OpKind::kTemplate};
        op.a = pos;
        TEMPER_ASSIGN_OR_RETURN(pos, skip_template_instance(pos, end));
        push(op);
        break;
      }
      case kTokSubstitute:
      case kTokOptionalSubstitute: {
        if (!need(4)) return fail(parse_error("truncated substitution", pos));
        Op op{OpKind::kSubstitute};
        op.index = *r.le_at<std::uint16_t>(pos + 1);
        op.type = std::to_integer<std::uint8_t>(chunk_[pos + 3]);
        op.optional = base == kTokOptionalSubstitute;
        push(op);
        pos += 4;
        break;
      }
      default:
        return fail(parse_error("unknown BinXML token " + hex8(token), pos));
    }
  }
  out.ok = true;
  return {};
}

Result<const Compiled*> ChunkDecoder::template_at(std::uint32_t offset) {
  if (Compiled** found = templates_.find(offset)) {
    if (!(*found)->ok) return fail(parse_error("template failed to decode earlier", offset));
    return *found;
  }
  if (templates_.size() >= limits::kEvtxMaxTemplatesPerChunk) {
    return fail(Error{ErrorCode::kLimit, "too many templates in one chunk", 0, {}});
  }
  if (templates_.size() == storage_.size()) storage_.push_back(std::make_unique<Compiled>());
  Compiled* raw = storage_[templates_.size()].get();
  raw->clear();
  templates_.insert(offset, raw);
  const ByteReader r(chunk_);
  const auto size = r.le_at<std::uint32_t>(static_cast<std::size_t>(offset) + 20);
  if (!size || static_cast<std::uint64_t>(offset) + 24 + *size > chunk_.size()) {
    return fail(parse_error("template definition out of bounds", offset));
  }
  auto status = compile(offset + 24, offset + 24 + *size, *raw, false);
  if (!status) {
    raw->clear();
    return fail(status.error());
  }
  return raw;
}

Result<const Compiled*> ChunkDecoder::parse_instance(std::uint32_t at, std::uint32_t limit, std::size_t depth) {
  if (depth + 1 > limits::kEvtxMaxBinXmlDepth) {
    return fail(Error{ErrorCode::kLimit, "template instances nested too deep at " + hex8(at), 0, {}});
  }
  const ByteReader r(chunk_);
  TEMPER_RETURN_IF_ERROR(skip_template_instance(at, limit));
  const std::uint32_t def = *r.le_at<std::uint32_t>(at + 6);
  std::uint64_t pos = at + 10;
  if (def == pos) pos += 24ull + *r.le_at<std::uint32_t>(pos + 20);
  const std::uint32_t count = *r.le_at<std::uint32_t>(pos);
  pos += 4;
  std::vector<Value>& values = value_stack_[depth];
  values.resize(count);
  std::uint64_t data = pos + 4ull * count;
  for (std::uint32_t k = 0; k < count; ++k) {
    Value& v = values[k];
    v.size = *r.le_at<std::uint16_t>(pos + 4ull * k);
    v.type = std::to_integer<std::uint8_t>(chunk_[pos + 4ull * k + 2]);
    v.offset = static_cast<std::uint32_t>(data);
    data += v.size;
  }
  return template_at(def);
}

Result<void> ChunkDecoder::instance(std::uint32_t at, std::uint32_t limit, std::size_t depth, events::Event& ev) {
  TEMPER_ASSIGN_OR_RETURN(const Compiled* t, parse_instance(at, limit, depth));
  return instantiate(*t, value_stack_[depth], depth + 1, ev);
}

Result<void> ChunkDecoder::fragment(std::uint32_t begin, std::uint32_t end, std::size_t depth, events::Event& ev) {
  if (depth > limits::kEvtxMaxBinXmlDepth) {
    return fail(Error{ErrorCode::kLimit, "BinXML nested too deep at " + hex8(begin), 0, {}});
  }
  Compiled& c = scratch_[depth];
  c.clear();
  TEMPER_RETURN_IF_ERROR(compile(begin, end, c, true));
  return instantiate(c, {}, depth, ev);
}

void ChunkDecoder::substitute(const Value& v, std::size_t depth, events::Event& ev, Result<void>& status) {
  if (v.size == 0 || v.type == kNull) return;
  if (v.type == kBinXml) {
    status = fragment(v.offset, v.offset + v.size, depth + 1, ev);
    return;
  }
  std::string& arena = ev.arena();
  const std::size_t start = arena.size();
  const auto bytes = chunk_.subspan(v.offset, v.size);
  append_any_value(arena, v.type, bytes);
  const auto base = static_cast<std::uint8_t>(v.type & ~kArrayFlag);
  if (arena.size() > start) {
    ev.add_node(events::XmlKind::kText, {}, ev.ref_since(start), base == kAnsiString ? events::kXmlFlagAnsi : 0);
  }
}

Result<void> ChunkDecoder::instantiate(const Compiled& t, std::span<const Value> values, std::size_t depth,
                                       events::Event& ev) {
  using events::XmlKind;
  const std::vector<Op>& ops = t.ops;
  const std::string_view pool = t.pool;
  // The template's names and literal text are copied into the event once per instantiation;
  // nodes then point into that copy instead of copying each name.
  const auto pool_base = static_cast<std::uint32_t>(ev.arena().size());
  ev.arena().append(pool);
  auto name_of = [&](const Op& op) { return events::TextRef{pool_base + op.a, op.b}; };
  auto value_of = [&](const Op& op) -> Value {
    return op.index < values.size() ? values[op.index] : Value{};
  };
  // Renders attribute value ops [from, to) into the arena; false when all of them were NULL
  // substitutions (the attribute is then omitted, as Windows and evtxexport do).
  auto attribute_value = [&](std::size_t from, std::size_t to) {
    std::string& arena = ev.arena();
    bool present = from == to;
    for (std::size_t k = from; k < to; ++k) {
      const Op& o = ops[k];
      if (o.kind == OpKind::kSubstitute) {
        const Value v = value_of(o);
        if (v.size == 0 || v.type == kNull) continue;
        present = true;
        const auto bytes = chunk_.subspan(v.offset, v.size);
        const std::size_t at = arena.size();
        append_any_value(arena, v.type == kBinXml ? static_cast<std::uint8_t>(kBinary) : v.type, bytes);
        if (v.type == kFileTime && from + 1 == to && v.size == 8) {
          ev.time_hint(events::TextRef{static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(arena.size() - at)},
                       ByteReader::peek_le<std::uint64_t>(bytes, 0));
        }
      } else if (o.kind == OpKind::kCharRef) {
        present = true;
        temper::append_utf8(arena, static_cast<char32_t>(o.a));
      } else if (o.kind == OpKind::kEntityRef) {
        present = true;
        const std::string_view e = pool.substr(o.a, o.b);
        const char* rep = e == "amp" ? "&" : e == "lt" ? "<" : e == "gt" ? ">" : e == "quot" ? "\"" : e == "apos" ? "'" : nullptr;
        if (rep != nullptr) {
          arena.append(rep);
        } else {
          arena.push_back('&');
          arena.append(e);
          arena.push_back(';');
        }
      } else {
        present = true;
        arena.append(pool.substr(o.a, o.b));
      }
    }
    return present;
  };
  // Emits the start tag of ops[i] (name + attributes up to its kCloseStart/kCloseEmpty).
  auto start_tag = [&](std::size_t i, std::size_t attrs_end) {
    ev.add_node(XmlKind::kOpen, name_of(ops[i]));
    std::size_t k = i + 1;
    while (k < attrs_end) {
      if (ops[k].kind != OpKind::kAttribute) {
        ++k;
        continue;
      }
      std::size_t j = k + 1;
      while (j < attrs_end && is_value_op(ops[j].kind)) ++j;
      if (j == k + 2 && ops[k + 1].kind == OpKind::kText) {  // Name="literal": point at the pool copy
        ev.add_node(XmlKind::kAttribute, name_of(ops[k]), name_of(ops[k + 1]));
        k = j;
        continue;
      }
      const std::size_t start = ev.arena().size();
      if (attribute_value(k + 1, j)) {
        const events::TextRef value = ev.ref_since(start);
        ev.add_node(XmlKind::kAttribute, name_of(ops[k]), value);
      } else {
        ev.arena().resize(start);
      }
      k = j;
    }
  };

  Result<void> status;
  std::size_t i = 0;
  while (i < ops.size()) {
    if (ev.node_count() > limits::kEvtxMaxNodesPerRecord || ev.arena().size() > limits::kEvtxMaxTextPerRecord) {
      return fail(Error{ErrorCode::kLimit, "record expands beyond the node/text cap", 0, {}});
    }
    const Op& op = ops[i];
    switch (op.kind) {
      case OpKind::kOpen: {
        const std::size_t attrs_end = op.c == kNoOp ? ops.size() : op.c;
        // <Data>%n</Data> with an array value: one element per item.
        if (single_substitution(ops, op)) {
          const Value v = value_of(ops[op.c + 1]);
          // <Binary>%n</Binary> with an optional NULL value: the element is left out.
          if (ops[op.c + 1].optional && v.type == kNull) {
            i = op.d + 1;
            continue;
          }
          if ((v.type & kArrayFlag) != 0 && v.size != 0) {
            const auto base = static_cast<std::uint8_t>(v.type & ~kArrayFlag);
            for_each_array_item(base, chunk_.subspan(v.offset, v.size), limits::kEvtxMaxArrayItems,
                                [&](std::span<const std::byte> item) {
                                  start_tag(i, attrs_end);
                                  const std::size_t start = ev.arena().size();
                                  append_value(ev.arena(), base, item);
                                  if (ev.arena().size() > start) ev.add_node(XmlKind::kText, {}, ev.ref_since(start));
                                  ev.add_node(XmlKind::kClose, {});
                                });
            i = op.d + 1;
            continue;
          }
        }
        start_tag(i, attrs_end);
        i = attrs_end;
        continue;
      }
      case OpKind::kAttribute:  // attribute outside a start tag: ignore it and its value
        ++i;
        while (i < ops.size() && is_value_op(ops[i].kind)) ++i;
        continue;
      case OpKind::kCloseStart: break;
      case OpKind::kCloseEmpty:
      case OpKind::kEnd: ev.add_node(XmlKind::kClose, {}); break;
      case OpKind::kText:
        if (op.b != 0) ev.add_node(XmlKind::kText, {}, name_of(op));
        break;
      case OpKind::kCData: ev.add_node(XmlKind::kCData, {}, name_of(op)); break;
      case OpKind::kCharRef: {
        std::array<char, 8> buf{};
        const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), op.a);
        ev.add_node(XmlKind::kCharRef, {}, ev.store(std::string_view(buf.data(), static_cast<std::size_t>(r.ptr - buf.data()))));
        break;
      }
      case OpKind::kEntityRef: ev.add_node(XmlKind::kEntityRef, name_of(op)); break;
      case OpKind::kPiTarget: {
        const events::TextRef target = name_of(op);
        events::TextRef data{};
        if (i + 1 < ops.size() && ops[i + 1].kind == OpKind::kPiData) {
          data = name_of(ops[i + 1]);
          ++i;
        }
        ev.add_node(XmlKind::kPi, target, data);
        break;
      }
      case OpKind::kPiData: ev.add_node(XmlKind::kPi, {}, name_of(op)); break;
      case OpKind::kSubstitute:
        substitute(value_of(op), depth, ev, status);
        if (!status) return status;
        break;
      case OpKind::kTemplate:
        TEMPER_RETURN_IF_ERROR(instance(op.a, static_cast<std::uint32_t>(chunk_.size()), depth, ev));
        break;
    }
    ++i;
  }
  return {};
}

Result<bool> ChunkDecoder::decode(std::uint32_t begin, std::uint32_t end, events::Event& event, bool xml) {
  if (end > chunk_.size() || begin > end) return fail(parse_error("record outside its chunk", begin));
  // Nearly every record is "fragment header, template instance, end of stream": go straight to
  // the instance instead of compiling a one-op fragment.
  if (static_cast<std::uint64_t>(begin) + 5 <= end && chunk_[begin] == std::byte{kTokFragment} &&
      chunk_[begin + 4] == std::byte{kTokTemplate}) {
    TEMPER_ASSIGN_OR_RETURN(const Compiled* t, parse_instance(begin + 4, end, 0));
    const std::span<const Value> values = value_stack_[0];
    if (!xml) {
      std::uint32_t position = 0;
      if (fill_direct(plan_for(*t, 0, PlanBlock::kNone), values, 0, position, event)) return true;
      event.clear();  // something needs the node path after all: start over there
    }
    TEMPER_RETURN_IF_ERROR(instantiate(*t, values, 1, event));
    return false;
  }
  TEMPER_RETURN_IF_ERROR(fragment(begin, end, 0, event));
  return false;
}

}  // namespace temper::evtx::detail
