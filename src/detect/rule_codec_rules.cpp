// SPDX-License-Identifier: Apache-2.0
// One CompiledRule as bytes and back (the rule codec's per-rule part). Layout, in order: id, title, file,
// level, info index; the scope; predicates (field, flag bits, operands: kind, text, then what the kind
// reads: a regex index, a number, a network or another field); nodes (kind, predicate or expression
// index, children); root; fields; EQL expressions; the sequence, if any. Only what the matcher and the
// prefilter read is stored, so a decoded rule encodes to the same bytes.
//
// The checks that make a decoded rule safe to match: every field id, regex and predicate/expression index
// is inside its table; a node's children and an expression's arguments point to earlier entries (the
// compilers append children first), which rules out cycles, and no tree is deeper than
// limits::kMaxCompiledRuleDepth, which bounds the matcher's recursion; a Not has its child, an expression
// the arguments its evaluator reads; a network prefix fits its family; a sequence has two steps or more,
// each with one `optional` flag per key.
#include <algorithm>
#include <string>

#include "core/limits.hpp"
#include "detect/detail/rule_codec.hpp"

namespace temper::detect::detail {
namespace {

constexpr std::uint32_t kNoRegex = 0xFFFFFFFFu;

enum PredicateBits : std::uint8_t {
  kCased = 1, kAll = 2, kNegate = 4, kExists = 8, kExistsValue = 16, kNull = 32, kKnownBits = 63,
};

bool comparison(MatchKind k) {
  return k == MatchKind::kLess || k == MatchKind::kLessEqual || k == MatchKind::kGreater || k == MatchKind::kGreaterEqual;
}

// The arguments the evaluator (eql_eval.cpp) reads without looking at how many there are.
std::size_t min_args(const Expr& e) {
  switch (e.op) {
    case ExprOp::kCompare:
    case ExprOp::kNegate: return 1;
    case ExprOp::kArith: return 2;
    case ExprOp::kCall:
      switch (e.function) {
        case EqlFunction::kConcat:
        case EqlFunction::kCidrMatch: return 0;
        case EqlFunction::kLength:
        case EqlFunction::kNumber:
        case EqlFunction::kString: return 1;
        case EqlFunction::kBetween: return 3;
        default: return 2;
      }
    default: return 0;
  }
}

void write_step(Writer& out, const SequenceStep& s) {
  out.u32(s.root);
  out.u32s(s.keys);
  out.u32(static_cast<std::uint32_t>(s.optional.size()));
  for (const bool o : s.optional) out.flag(o);
}

SequenceStep read_step(Reader& in, std::size_t nodes, std::size_t fields) {
  SequenceStep s;
  s.root = in.u32();
  if (in.ok() && s.root >= nodes) in.fail("a sequence step's root " + std::to_string(s.root) + " is out of range");
  s.keys = in.u32s("sequence keys");
  for (const FieldId k : s.keys) check_field(in, k, fields, false, "a sequence key");
  const std::size_t n = in.count(1, "sequence key flags");
  for (std::size_t i = 0; i < n && in.ok(); ++i) s.optional.push_back(in.flag());
  if (in.ok() && s.optional.size() != s.keys.size()) in.fail("a sequence step has a flag per key missing");
  return s;
}

void write_operand(Writer& out, const Operand& op) {
  out.u8(static_cast<std::uint8_t>(op.kind));
  out.str(op.text);
  if (op.kind == MatchKind::kRegex) out.u32(op.regex);
  if (comparison(op.kind)) out.f64(op.number);
  if (op.kind == MatchKind::kCidr) {
    out.u8(op.family);
    out.u8(op.prefix_bits);
    out.raw(std::string_view(reinterpret_cast<const char*>(op.address), sizeof op.address));
  }
  if (op.kind == MatchKind::kFieldEquals) out.u32(op.other);
}

Operand read_operand(Reader& in, const RuleTables& t) {
  Operand op;
  op.kind = in.enumeration(MatchKind::kFieldEquals, "match kind");
  op.text = in.str();
  if (op.kind == MatchKind::kRegex) {
    op.regex = in.u32();
    if (in.ok() && op.regex >= t.regexes) in.fail("regex index " + std::to_string(op.regex) + " out of range");
  }
  if (comparison(op.kind)) op.number = in.f64();
  if (op.kind == MatchKind::kCidr) {
    op.family = in.u8();
    op.prefix_bits = in.u8();
    const auto address = in.take(sizeof op.address, "a network address");
    std::copy(address.begin(), address.end(), reinterpret_cast<std::byte*>(op.address));
    if (in.ok() && (op.family != 4 && op.family != 6)) in.fail("network family " + std::to_string(op.family));
    if (in.ok() && op.prefix_bits > (op.family == 4 ? 32 : 128)) in.fail("network prefix longer than its address");
  }
  if (op.kind == MatchKind::kFieldEquals) {
    op.other = in.u32();
    check_field(in, op.other, t.fields, true, "a field reference");
  }
  return op;
}

void write_predicate(Writer& out, const Predicate& p) {
  out.u32(p.field);
  out.u8(static_cast<std::uint8_t>((p.cased ? kCased : 0) | (p.all ? kAll : 0) | (p.negate ? kNegate : 0) |
                                   (p.exists ? kExists : 0) | (p.exists_value ? kExistsValue : 0) |
                                   (p.null ? kNull : 0)));
  out.u32(static_cast<std::uint32_t>(p.operands.size()));
  for (const auto& op : p.operands) write_operand(out, op);
}

Predicate read_predicate(Reader& in, const RuleTables& t) {
  Predicate p;
  p.field = in.u32();
  check_field(in, p.field, t.fields, true, "a predicate's field");
  const std::uint8_t bits = in.u8();
  if ((bits & ~kKnownBits) != 0) in.fail("unknown predicate flags");
  p.cased = (bits & kCased) != 0;
  p.all = (bits & kAll) != 0;
  p.negate = (bits & kNegate) != 0;
  p.exists = (bits & kExists) != 0;
  p.exists_value = (bits & kExistsValue) != 0;
  p.null = (bits & kNull) != 0;
  p.operands.resize(in.count(5, "operands"));
  for (auto& op : p.operands) {
    if (!in.ok()) break;
    op = read_operand(in, t);
  }
  return p;
}

// Children and arguments point backwards; depth[i] is the height of the tree under entry i.
void check_tree(Reader& in, std::vector<std::size_t>& depth, std::size_t index,
                const std::vector<std::uint32_t>& children, std::string_view what) {
  std::size_t d = 1;
  for (const auto c : children) {
    if (c >= index) {
      in.fail(std::string(what) + " " + std::to_string(index) + " points to " + std::to_string(c) + ", not to an earlier one");
      return;
    }
    d = std::max(d, depth[c] + 1);
  }
  depth[index] = d;
  if (d > limits::kMaxCompiledRuleDepth) in.fail(std::string(what) + " tree deeper than " + std::to_string(limits::kMaxCompiledRuleDepth));
}

Node read_node(Reader& in, std::size_t index, const CompiledRule& r, std::vector<std::size_t>& depth) {
  Node n;
  n.kind = in.enumeration(Node::Kind::kExpr, "node kind");
  n.predicate = in.u32();
  n.children = in.u32s("node children");
  if (!in.ok()) return n;
  if (n.kind == Node::Kind::kPredicate && n.predicate >= r.predicates.size()) in.fail("node predicate index out of range");
  if (n.kind == Node::Kind::kExpr && n.predicate >= r.exprs.size()) in.fail("node expression index out of range");
  if (n.kind == Node::Kind::kNot && n.children.empty()) in.fail("a Not node without its child");
  check_tree(in, depth, index, n.children, "node");
  return n;
}

void write_expr(Writer& out, const Expr& e) {
  out.u8(static_cast<std::uint8_t>(e.op));
  out.u8(static_cast<std::uint8_t>(e.value_kind));
  out.u8(static_cast<std::uint8_t>(e.function));
  out.u8(static_cast<std::uint8_t>(e.compare));
  out.u8(static_cast<std::uint8_t>(e.arith));
  out.flag(e.insensitive);
  out.f64(e.number);
  out.str(e.text);
  out.u32(e.regex);
  out.u32(e.field);
  out.u32s(e.args);
}

Expr read_expr(Reader& in, std::size_t index, const RuleTables& t, std::vector<std::size_t>& depth) {
  Expr e;
  e.op = in.enumeration(ExprOp::kNegate, "expression kind");
  e.value_kind = in.enumeration(ValueKind::kString, "value kind");
  e.function = in.enumeration(EqlFunction::kBetween, "function");
  e.compare = in.enumeration(CompareOp::kRegexCi, "comparison");
  e.arith = static_cast<char>(in.u8());
  e.insensitive = in.flag();
  e.number = in.f64();
  e.text = in.str();
  e.regex = in.u32();
  e.field = in.u32();
  e.args = in.u32s("expression arguments");
  if (!in.ok()) return e;
  if (e.regex != kNoRegex && e.regex >= t.regexes) in.fail("expression regex index out of range");
  if (e.op == ExprOp::kField) check_field(in, e.field, t.fields, false, "an expression's field");
  if (e.args.size() < min_args(e)) in.fail("an expression with too few arguments");
  check_tree(in, depth, index, e.args, "expression");
  return e;
}

}  // namespace

void check_field(Reader& in, FieldId id, std::size_t fields, bool any, std::string_view what) {
  if (!in.ok() || id < fields || (any && id == kAnyField)) return;
  in.fail(std::string(what) + " " + std::to_string(id) + " is not one of the " + std::to_string(fields) + " field names");
}

void write_rule(Writer& out, const CompiledRule& r, std::uint32_t info) {
  out.str(r.id);
  out.str(r.title);
  out.str(r.file);
  out.u8(static_cast<std::uint8_t>(r.level));
  out.u32(info);
  out.str(r.scope.channel);
  out.u32s(r.scope.event_ids);
  out.str(r.scope.ecs_category);
  out.str(r.scope.ecs_type);
  out.str(r.scope.category);
  out.u32(static_cast<std::uint32_t>(r.predicates.size()));
  for (const auto& p : r.predicates) write_predicate(out, p);
  out.u32(static_cast<std::uint32_t>(r.exprs.size()));
  for (const auto& e : r.exprs) write_expr(out, e);
  out.u32(static_cast<std::uint32_t>(r.nodes.size()));
  for (const auto& n : r.nodes) {
    out.u8(static_cast<std::uint8_t>(n.kind));
    out.u32(n.predicate);
    out.u32s(n.children);
  }
  out.u32(r.root);
  out.u32s(r.fields);
  out.flag(r.sequence != nullptr);
  if (r.sequence) {
    const Sequence& s = *r.sequence;
    out.u32(static_cast<std::uint32_t>(s.steps.size()));
    for (const auto& step : s.steps) write_step(out, step);
    out.flag(s.has_until);
    if (s.has_until) write_step(out, s.until);
    out.u64(s.maxspan_ticks);
    out.strs(s.categories);
  }
}

CompiledRule read_rule(Reader& in, const RuleTables& t) {
  CompiledRule r;
  r.id = in.str();
  r.title = in.str();
  r.file = in.str();
  r.level = in.enumeration(Level::kCritical, "level");
  const std::uint32_t info = in.u32();
  if (in.ok() && info >= t.infos->size()) in.fail("rule info index " + std::to_string(info) + " out of range");
  if (in.ok()) r.info = (*t.infos)[info];
  r.scope.channel = in.str();
  r.scope.event_ids = in.u32s("event ids");
  r.scope.ecs_category = in.str();
  r.scope.ecs_type = in.str();
  r.scope.category = in.str();
  r.predicates.resize(in.count(9, "predicates"));
  for (auto& p : r.predicates) {
    if (!in.ok()) break;
    p = read_predicate(in, t);
  }
  std::vector<std::size_t> depth(in.count(30, "expressions"));
  r.exprs.resize(depth.size());
  for (std::size_t i = 0; i < r.exprs.size() && in.ok(); ++i) r.exprs[i] = read_expr(in, i, t, depth);
  depth.assign(in.count(9, "nodes"), 0);
  r.nodes.resize(depth.size());
  for (std::size_t i = 0; i < r.nodes.size() && in.ok(); ++i) r.nodes[i] = read_node(in, i, r, depth);
  r.root = in.u32();
  if (in.ok() && r.root >= r.nodes.size()) in.fail("rule root " + std::to_string(r.root) + " out of range");
  r.fields = in.u32s("rule fields");
  for (const FieldId f : r.fields) check_field(in, f, t.fields, false, "a rule's field");
  if (in.flag()) {
    auto seq = std::make_shared<Sequence>();
    const std::size_t steps = in.count(12, "sequence steps");
    if (in.ok() && steps < 2) in.fail("a sequence of fewer than two steps");
    for (std::size_t i = 0; i < steps && in.ok(); ++i) seq->steps.push_back(read_step(in, r.nodes.size(), t.fields));
    seq->has_until = in.flag();
    if (seq->has_until) seq->until = read_step(in, r.nodes.size(), t.fields);
    seq->maxspan_ticks = in.u64();
    seq->categories = in.strs("sequence categories");
    r.sequence = std::move(seq);
  }
  return r;
}

}  // namespace temper::detect::detail
