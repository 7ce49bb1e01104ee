// SPDX-License-Identifier: Apache-2.0
// The direct path of the BinXML decoder: events::Event System and data fields straight from a
// record's substitution values, without building XML nodes and indexing them back.
//
// Most consumers (JSON lines, stats, filters, learning, detection) never look at the XML, only
// at Event::system() and Event::fields(). Those depend on the template, not the record, for
// everything but the values: which element is <EventID>, which <Data> has which Name, which
// substitution feeds it. A Plan works that out once per template, chunk and place of use,
// emulating exactly what instantiate() + Event::index_xml() would do, and fill_direct() then
// formats only the values the fields use. A typical Security record is two templates: <Event>
// with the System block and one substitution where EventData goes, whose value is a BinXml
// fragment instantiating the event's own <EventData> template; that is a kNested step, planned
// for its place (depth 1, no block) and filled recursively.
//
// What a plan does not mirror exactly makes the template (or the record) take the node path:
// template instances written inline in a template or fragment, fields with mixed or nested
// content or character references, duplicate attributes, array values (they repeat elements),
// BinXml values in fields, attributes or skipped elements. fill_direct() never reports errors:
// on anything unexpected it returns false, and the node path, which runs next, decides. tests/unit/evtx/fields_test.cpp checks, record by
// record over the corpus and over mutated files, that both paths give the same Event.
#include <algorithm>
#include <limits>

#include "core/byte_reader.hpp"
#include "core/limits.hpp"
#include "evtx/detail/binxml.hpp"
#include "evtx/detail/value.hpp"

namespace temper::evtx::detail {
namespace {


struct SystemElement {
  std::string_view name;
  PlanRole role;
  std::array<std::string_view, 3> attrs;
};

constexpr SystemElement kSystemElements[] = {
    {"Provider", PlanRole::kProvider, {"Name", "Guid", "EventSourceName"}},
    {"EventID", PlanRole::kEventId, {"Qualifiers", {}, {}}},
    {"Version", PlanRole::kVersion, {}},
    {"Level", PlanRole::kLevel, {}},
    {"Task", PlanRole::kTask, {}},
    {"Opcode", PlanRole::kOpcode, {}},
    {"Keywords", PlanRole::kKeywords, {}},
    {"TimeCreated", PlanRole::kTimeCreated, {"SystemTime", {}, {}}},
    {"EventRecordID", PlanRole::kRecordId, {}},
    {"Correlation", PlanRole::kCorrelation, {"ActivityID", "RelatedActivityID", {}}},
    {"Execution", PlanRole::kExecution, {"ProcessID", "ThreadID", {}}},
    {"Channel", PlanRole::kChannel, {}},
    {"Computer", PlanRole::kComputer, {}},
    {"Security", PlanRole::kSecurity, {"UserID", {}, {}}},
};

// Builds a plan for one place of use; run() returns false when the template needs the node path.
class Planner {
 public:
  Planner(const Compiled& t, Plan& plan) : ops_(t.ops), pool_(t.pool), plan_(plan) {}

  bool run() {
    if (std::any_of(ops_.begin(), ops_.end(), [](const Op& o) { return o.kind == OpKind::kTemplate; })) return false;
    std::uint32_t to = static_cast<std::uint32_t>(ops_.size());
    if (plan_.depth == 0) {
      // A record's own fragment: one root element (<Event>) and nothing after it.
      if (ops_.empty() || ops_[0].kind != OpKind::kOpen || ops_[0].d != ops_.size() - 1) return false;
    }
    std::vector<std::uint32_t> ends;  // elements entered, by the index of their end op
    PlanBlock block = plan_.block;
    std::uint32_t i = 0;
    while (i < to) {
      const Op& op = ops_[i];
      const std::size_t depth = plan_.depth + ends.size();  // elements open around op
      switch (op.kind) {
        case OpKind::kEnd:
        case OpKind::kCloseEmpty:
          if (ends.empty() || ends.back() != i) return false;  // would close an element outside the template
          ends.pop_back();
          if (depth - 1 <= 1) block = PlanBlock::kNone;
          ++i;
          continue;
        case OpKind::kSubstitute:
          nested(op, depth, block);
          ++i;
          continue;
        case OpKind::kOpen: break;
        default:  // text and the like between elements: not part of any field
          ++i;
          continue;
      }
      if (op.c == kNoOp || op.d == kNoOp || op.c > op.d || op.d >= to) return false;
      const std::size_t level = depth + 1;  // of this element
      const bool empty = ops_[op.c].kind == OpKind::kCloseEmpty;
      const bool single = single_substitution(ops_, op);
      const std::string_view name = pool_.substr(op.a, op.b);
      if (level == 1) {  // <Event>
        if (single) return false;
        note_skipped(i, op.c);  // its attributes
        if (empty) {
          i = op.d + 1;
        } else {
          ends.push_back(op.d);
          i = op.c + 1;
        }
        continue;
      }
      if (level == 2) {
        block = name == "System" ? PlanBlock::kSystem : name == "EventData" ? PlanBlock::kEventData
                                                      : name == "UserData"  ? PlanBlock::kUserData
                                                                             : PlanBlock::kNone;
        note_skipped(i, op.c);  // attributes
        if (block == PlanBlock::kEventData || block == PlanBlock::kUserData) {
          PlanStep step;
          step.role = block == PlanBlock::kEventData ? PlanRole::kEventData : PlanRole::kUserData;
          if (single && ops_[op.c + 1].optional) {
            step.drop_if_null = true;
            step.content = value_source(ops_[op.c + 1]);
          }
          plan_.steps.push_back(step);
        }
      }
      const bool field = (level == 3 && (block == PlanBlock::kSystem || block == PlanBlock::kEventData)) ||
                         (level == 4 && block == PlanBlock::kUserData);
      if (field) {
        if (!field_step(op, i, block)) return false;
        i = op.d + 1;
        continue;
      }
      // Elements whose content can hold fields: the blocks, and a UserData field's wrapper.
      const bool container = (level == 2 && block != PlanBlock::kNone) || (level == 3 && block == PlanBlock::kUserData);
      if (!container || empty) {
        note_skipped(i, op.d);
        i = op.d + 1;
        if (level == 2) block = PlanBlock::kNone;
        continue;
      }
      if (level == 3) note_skipped(i, op.c);  // the wrapper's attributes
      ends.push_back(op.d);
      i = op.c + 1;
    }
    if (!ends.empty()) return false;
    return true;
  }

 private:
  void mark(std::uint16_t index, std::uint8_t bits) {
    std::vector<std::uint8_t>& flags = plan_.value_flags;
    if (flags.size() <= index) flags.resize(static_cast<std::size_t>(index) + 1, 0);
    flags[index] = static_cast<std::uint8_t>(flags[index] | bits);
  }
  // Substitutions in ops [from, to) (attributes, skipped elements, mixed content): neither a
  // BinXml nor an array value there leaves the fields as the plan has them.
  void note_skipped(std::uint32_t from, std::uint32_t to) {
    for (std::uint32_t k = from; k < to; ++k) {
      if (ops_[k].kind == OpKind::kSubstitute) mark(ops_[k].index, Plan::kBinXmlBad | Plan::kArrayBad);
    }
  }
  void nested(const Op& sub, std::size_t depth, PlanBlock block) {
    PlanStep step;
    step.role = PlanRole::kNested;
    step.content = value_source(sub);
    step.depth = static_cast<std::uint8_t>(std::min<std::size_t>(depth, 255));
    step.block = block;
    plan_.steps.push_back(step);
    mark(sub.index, Plan::kArrayBad);
  }

  PlanSource literal(const Op& text) {
    PlanSource s;
    s.kind = PlanSource::Kind::kLiteral;
    s.a = static_cast<std::uint32_t>(plan_.text.size());
    s.b = text.b;
    plan_.text.append(pool_.substr(text.a, text.b));
    return s;
  }
  static PlanSource value_source(const Op& sub) {
    PlanSource s;
    s.kind = PlanSource::Kind::kValue;
    s.index = sub.index;
    return s;
  }

  // An attribute's value ops [from, to), not empty: one literal or one substitution, else false.
  bool attribute_source(std::uint32_t from, std::uint32_t to, PlanSource& out) {
    if (to != from + 1) return false;
    if (ops_[from].kind == OpKind::kText) {
      out = literal(ops_[from]);
      return true;
    }
    if (ops_[from].kind != OpKind::kSubstitute) return false;
    out = value_source(ops_[from]);
    return true;
  }

  // An element's content ops [from, to) as one source (empty literals render nothing); false
  // when there is more than one literal or substitution, or anything else.
  bool content_source(std::uint32_t from, std::uint32_t to, PlanSource& out) {
    out = PlanSource{};
    for (std::uint32_t k = from; k < to; ++k) {
      const Op& o = ops_[k];
      if (o.kind == OpKind::kText && o.b == 0) continue;
      if (out.kind != PlanSource::Kind::kAbsent) return false;
      if (o.kind == OpKind::kText) {
        out = literal(o);
      } else if (o.kind == OpKind::kSubstitute) {
        out = value_source(o);
      } else {
        return false;
      }
    }
    return true;
  }

  bool field_step(const Op& op, std::uint32_t at, PlanBlock block) {
    const std::string_view name = pool_.substr(op.a, op.b);
    PlanStep step;
    std::array<std::string_view, 3> wanted{};
    if (block == PlanBlock::kSystem) {
      const auto* known = std::find_if(std::begin(kSystemElements), std::end(kSystemElements),
                                       [&](const SystemElement& e) { return e.name == name; });
      if (known == std::end(kSystemElements)) {  // not indexed
        note_skipped(at, op.d);
        return true;
      }
      step.role = known->role;
      wanted = known->attrs;
    } else if (block == PlanBlock::kEventData && name == "Data") {
      step.role = PlanRole::kData;
      wanted = {"Name", {}, {}};
    } else {
      step.role = PlanRole::kNamed;
      step.name_a = static_cast<std::uint32_t>(plan_.text.size());
      step.name_b = static_cast<std::uint32_t>(name.size());
      plan_.text.append(name);
    }
    // Attributes: between the open op and its kCloseStart/kCloseEmpty.
    std::array<bool, 3> seen{};
    for (std::uint32_t k = at + 1; k < op.c; ++k) {
      if (ops_[k].kind != OpKind::kAttribute) continue;
      std::uint32_t j = k + 1;
      while (j < op.c && is_value_op(ops_[j].kind)) ++j;
      const std::string_view attr = pool_.substr(ops_[k].a, ops_[k].b);
      for (std::size_t w = 0; w < wanted.size(); ++w) {
        if (wanted[w].empty() || attr != wanted[w]) continue;
        if (seen[w]) return false;  // duplicate attribute: the node path decides
        seen[w] = true;
        if (j == k + 1) {  // no value ops: present and empty
          step.attrs[w].kind = PlanSource::Kind::kLiteral;
          step.attrs[w].a = static_cast<std::uint32_t>(plan_.text.size());
        } else if (!attribute_source(k + 1, j, step.attrs[w])) {
          return false;
        }
      }
      k = j - 1;
    }
    if (ops_[op.c].kind == OpKind::kCloseStart) {
      for (std::uint32_t k = op.c + 1; k < op.d; ++k) {
        if (!is_value_op(ops_[k].kind)) return false;  // nested elements, PIs
      }
      if (!content_source(op.c + 1, op.d, step.content)) return false;
      step.drop_if_null = single_substitution(ops_, op) && ops_[op.c + 1].optional;
      // <Data>%n</Data> with an array value: one field per item, as the element repeats.
      step.repeat_array = single_substitution(ops_, op) && (step.role == PlanRole::kData || step.role == PlanRole::kNamed);
    }
    if (step.repeat_array) {
      note_skipped(at, op.c);
      mark(ops_[op.c + 1].index, Plan::kBinXmlBad);
    } else {
      note_skipped(at, op.d);
    }
    plan_.steps.push_back(step);
    return true;
  }

  const std::vector<Op>& ops_;
  std::string_view pool_;
  Plan& plan_;
};

template <typename T>
bool fits(std::uint64_t v, T& out) {
  if (v > std::numeric_limits<T>::max()) return false;
  out = static_cast<T>(v);
  return true;
}

}  // namespace

const Plan& ChunkDecoder::plan_for(const Compiled& t, std::uint8_t depth, PlanBlock block) {
  for (std::size_t k = 0; k < t.plan_count; ++k) {
    if (t.plans[k].depth == depth && t.plans[k].block == block) return t.plans[k];
  }
  static const Plan kNodePlan{};
  if (t.plan_count >= t.plans.size()) return kNodePlan;
  Plan& plan = t.plans[t.plan_count++];
  plan.state = Plan::State::kNodes;
  plan.depth = depth;
  plan.block = block;
  plan.steps.clear();
  plan.text.clear();
  plan.value_flags.clear();
  Planner planner(t, plan);
  if (planner.run()) {
    plan.state = Plan::State::kDirect;
  } else {
    plan.steps.clear();
    plan.text.clear();
    plan.value_flags.clear();
  }
  return plan;
}

bool ChunkDecoder::nested_direct(const Value& v, const PlanStep& step, std::size_t depth, std::uint32_t& position,
                                 events::Event& ev) {
  // The node path nests two levels per fragment (fragment, then instance): keep its depth caps
  // and its per-depth buffers (value_stack_, scratch_).
  const std::size_t inner = depth + 2;
  if (inner + 1 > limits::kEvtxMaxBinXmlDepth) return false;
  std::uint32_t at = v.offset;
  const std::uint32_t end = v.offset + v.size;
  if (v.size >= 4 && chunk_[at] == std::byte{0x0F}) at += 4;
  if (at < end && chunk_[at] == std::byte{0x0C}) {
    // What fragment() sees most often: [a fragment header,] one template instance, [end].
    const auto after = skip_template_instance(at, end);
    if (!after || (*after < end && chunk_[*after] != std::byte{0x00})) return false;
    const auto t = parse_instance(at, static_cast<std::uint32_t>(chunk_.size()), inner);
    if (!t) return false;
    return fill_direct(plan_for(**t, step.depth, step.block), value_stack_[inner], inner, position, ev);
  }
  // Elements written inline: compiled (and planned) for this record alone, as fragment() does;
  // it has no substitution values of its own.
  Compiled& c = scratch_[inner];
  c.clear();
  if (!compile(v.offset, end, c, true)) return false;
  return fill_direct(plan_for(c, step.depth, step.block), {}, inner, position, ev);
}

bool ChunkDecoder::fill_direct(const Plan& plan, std::span<const Value> values, std::size_t depth,
                               std::uint32_t& position, events::Event& ev) {
  using events::TextRef;
  if (plan.state != Plan::State::kDirect) return false;
  for (std::size_t k = 0; k < values.size(); ++k) {
    const std::uint8_t type = values[k].type;
    const std::uint8_t flags = k < plan.value_flags.size() ? plan.value_flags[k] : 0;
    if ((type & kArrayFlag) != 0 && ((flags & Plan::kArrayBad) != 0 || type == (kBinXml | kArrayFlag))) return false;
    if (type == kBinXml && (flags & Plan::kBinXmlBad) != 0) return false;
  }
  std::string& arena = ev.arena();
  const auto base = static_cast<std::uint32_t>(arena.size());
  arena.append(plan.text);
  events::SystemFields& s = ev.system();
  auto value_of = [&](const PlanSource& src) { return src.index < values.size() ? values[src.index] : Value{}; };
  auto bytes_of = [&](const Value& v) { return chunk_.subspan(v.offset, v.size); };
  auto is_null = [](const Value& v) { return v.size == 0 || v.type == kNull; };
  // Whether attribute() would find the attribute (without rendering it).
  auto present = [&](const PlanSource& src) {
    return src.kind == PlanSource::Kind::kLiteral || (src.kind == PlanSource::Kind::kValue && !is_null(value_of(src)));
  };
  // Element text: what index_xml() takes from the element's single text node ({} when none).
  auto content = [&](const PlanSource& src) -> TextRef {
    if (src.kind == PlanSource::Kind::kLiteral) return src.b == 0 ? TextRef{} : TextRef{base + src.a, src.b};
    if (src.kind == PlanSource::Kind::kAbsent) return {};
    const Value v = value_of(src);
    if (is_null(v)) return {};
    const std::size_t start = arena.size();
    append_value(arena, v.type, bytes_of(v));
    return arena.size() > start ? ev.ref_since(start) : TextRef{};
  };
  // Attribute value; nullopt when the attribute is absent or a NULL substitution left it out.
  auto attribute = [&](const PlanSource& src) -> std::optional<TextRef> {
    if (src.kind == PlanSource::Kind::kLiteral) return TextRef{base + src.a, src.b};
    if (src.kind == PlanSource::Kind::kAbsent) return std::nullopt;
    const Value v = value_of(src);
    if (is_null(v)) return std::nullopt;
    const std::size_t start = arena.size();
    append_value(arena, v.type, bytes_of(v));
    return ev.ref_since(start);
  };
  // A System number, as index_xml() parses the rendered text; integers are taken as they are.
  auto number = [&]<typename T>(const PlanSource& src, bool attr, T& out) -> bool {
    if (src.kind == PlanSource::Kind::kValue) {
      const Value v = value_of(src);
      if (!is_null(v) && v.size == fixed_size(v.type)) {
        const auto b = bytes_of(v);
        switch (v.type) {
          case kUInt8: return fits(ByteReader::peek_le<std::uint8_t>(b, 0), out);
          case kUInt16: return fits(ByteReader::peek_le<std::uint16_t>(b, 0), out);
          case kUInt32:
          case kHexInt32: return fits(ByteReader::peek_le<std::uint32_t>(b, 0), out);
          case kUInt64:
          case kHexInt64: return fits(ByteReader::peek_le<std::uint64_t>(b, 0), out);
          default: break;
        }
      }
    }
    const std::size_t start = arena.size();
    TextRef text{};
    if (attr) {
      const auto a = attribute(src);
      if (!a) return false;
      text = *a;
    } else {
      text = content(src);
    }
    const bool ok = events::parse_number(ev.text(text), out);
    arena.resize(start);  // the text was only needed for parsing
    return ok;
  };
  // A data field's name: its Name attribute, the element's name, or "Data<position>".
  auto field_name = [&](const PlanStep& step) -> TextRef {
    ++position;
    if (step.role == PlanRole::kNamed) return TextRef{base + step.name_a, step.name_b};
    if (auto name = attribute(step.attrs[0])) return *name;
    return ev.store_positional_name(position);
  };
  for (const PlanStep& step : plan.steps) {
    if (arena.size() > limits::kEvtxMaxTextPerRecord || ev.fields().size() > limits::kEvtxMaxNodesPerRecord) {
      return false;  // the node path reports the cap
    }
    if (step.drop_if_null && value_of(step.content).type == kNull) continue;
    switch (step.role) {
      case PlanRole::kEventData:
      case PlanRole::kUserData:
        ev.data_block = step.role == PlanRole::kEventData ? "EventData" : "UserData";
        position = 0;
        break;
      case PlanRole::kNested: {
        const Value v = value_of(step.content);
        if (v.type == kBinXml && v.size != 0 && !nested_direct(v, step, depth, position, ev)) return false;
        break;  // any other value is text between elements: no field
      }
      case PlanRole::kData:
      case PlanRole::kNamed: {
        const Value v = value_of(step.content);
        if (step.repeat_array && (v.type & kArrayFlag) != 0 && v.size != 0) {
          const auto item_type = static_cast<std::uint8_t>(v.type & ~kArrayFlag);
          for_each_array_item(item_type, bytes_of(v), limits::kEvtxMaxArrayItems, [&](std::span<const std::byte> item) {
            const TextRef name = field_name(step);
            const std::size_t start = arena.size();
            append_value(arena, item_type, item);
            ev.add_field(name, arena.size() > start ? ev.ref_since(start) : TextRef{});
          });
          break;
        }
        const TextRef name = field_name(step);
        ev.add_field(name, content(step.content));
        break;
      }
      case PlanRole::kProvider:
        if (auto v = attribute(step.attrs[0])) s.provider = *v;
        if (auto v = attribute(step.attrs[1])) s.provider_guid = *v;
        if (auto v = attribute(step.attrs[2])) s.event_source_name = *v;
        break;
      case PlanRole::kEventId:
        s.has_event_id = number(step.content, false, s.event_id);
        if (present(step.attrs[0])) s.has_qualifiers = number(step.attrs[0], true, s.qualifiers);
        break;
      case PlanRole::kVersion: number(step.content, false, s.version); break;
      case PlanRole::kLevel: number(step.content, false, s.level); break;
      case PlanRole::kTask: number(step.content, false, s.task); break;
      case PlanRole::kOpcode: number(step.content, false, s.opcode); break;
      case PlanRole::kKeywords: number(step.content, false, s.keywords); break;
      case PlanRole::kRecordId: number(step.content, false, s.record_id); break;
      case PlanRole::kTimeCreated: {
        const PlanSource& src = step.attrs[0];
        const Value v = src.kind == PlanSource::Kind::kValue ? value_of(src) : Value{};
        if (v.type == kFileTime && v.size == 8) {
          const std::size_t start = arena.size();
          const std::uint64_t ticks = ByteReader::peek_le<std::uint64_t>(bytes_of(v), 0);
          events::append_filetime(arena, ticks);
          s.time_text = ev.ref_since(start);
          s.time_created = ticks;
        } else if (auto t = attribute(src)) {
          s.time_text = *t;
          if (auto ticks = events::parse_time_to_filetime(ev.text(*t))) s.time_created = *ticks;
        }
        break;
      }
      case PlanRole::kCorrelation:
        if (auto v = attribute(step.attrs[0])) s.activity_id = *v;
        if (auto v = attribute(step.attrs[1])) s.related_activity_id = *v;
        break;
      case PlanRole::kExecution:
        if (present(step.attrs[0])) s.has_execution = number(step.attrs[0], true, s.process_id);
        number(step.attrs[1], true, s.thread_id);
        break;
      case PlanRole::kChannel: s.channel = content(step.content); break;
      case PlanRole::kComputer: s.computer = content(step.content); break;
      case PlanRole::kSecurity:
        if (auto v = attribute(step.attrs[0])) s.user_sid = *v;
        break;
    }
  }
  return true;
}

}  // namespace temper::evtx::detail
