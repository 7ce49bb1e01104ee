// SPDX-License-Identifier: Apache-2.0
// The EQL compiler: EqlAst -> CompiledRule. Simple comparisons become detect::Predicates (so the literal
// prefilter sees their literals), the rest becomes Expr trees evaluated by eql_eval.cpp. Example:
//   process where process.name : ("cmd.exe", "*.bat") and length(process.command_line) > 100
// compiles into And(Predicate event.category == "process",
//                   Predicate process.name caseless [kEquals "cmd.exe", kSuffix ".bat"],
//                   kExpr Compare(>, Call(length, Field process.command_line), Literal 100)).
// `a != "x"` on a field is Not(a == "x"), as Elasticsearch runs it (an absent field passes); `a != null`
// and `a == null` test presence. Sequences compile each step into its own root and keep the join keys.
#include <algorithm>

#include "core/strings.hpp"
#include "detect/detail/compile.hpp"
#include "detect/detail/eql_ast.hpp"

namespace temper::detect::detail {
namespace {

struct FunctionSpec {
  std::string_view name;
  EqlFunction function;
  std::size_t min_args, max_args;
};

constexpr FunctionSpec kFunctions[] = {
    {"length", EqlFunction::kLength, 1, 1},        {"substring", EqlFunction::kSubstring, 2, 3},
    {"startswith", EqlFunction::kStartsWith, 2, 2}, {"endswith", EqlFunction::kEndsWith, 2, 2},
    {"stringcontains", EqlFunction::kStringContains, 2, 2}, {"concat", EqlFunction::kConcat, 1, 64},
    {"indexof", EqlFunction::kIndexOf, 2, 3},      {"cidrmatch", EqlFunction::kCidrMatch, 2, 4096},
    {"number", EqlFunction::kNumber, 1, 2},        {"string", EqlFunction::kString, 1, 1},
    {"add", EqlFunction::kAdd, 2, 2},              {"subtract", EqlFunction::kSubtract, 2, 2},
    {"multiply", EqlFunction::kMultiply, 2, 2},    {"divide", EqlFunction::kDivide, 2, 2},
    {"modulo", EqlFunction::kModulo, 2, 2},        {"between", EqlFunction::kBetween, 3, 4},
};

// ECS names whose value Windows events keep elsewhere: winlog.event_data.X is the data field X (EVTX
// and the NDJSON reader both name it so), and the System fields the Matcher binds under their own names.
std::string field_name(std::string_view name) {
  for (const auto prefix : {"winlog.event_data.", "winlog.user_data."}) {
    if (name.starts_with(prefix) && name.size() > std::string_view(prefix).size()) {
      return std::string(name.substr(std::string_view(prefix).size()));
    }
  }
  static constexpr std::pair<std::string_view, std::string_view> kSystem[] = {
      {"winlog.channel", "Channel"},          {"winlog.computer_name", "Computer"},
      {"winlog.event_id", "EventID"},         {"winlog.provider_name", "Provider_Name"},
      {"winlog.record_id", "EventRecordID"}};
  for (const auto& [ecs, windows] : kSystem) {
    if (name == ecs) return std::string(windows);
  }
  return std::string(name);
}

std::string glob_pattern(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '*') c = kStar;
    else if (c == '?') c = kOne;
  }
  return out;
}

class Compiler {
 public:
  Compiler(const EqlAst& ast, RuleSet& set, CompiledRule& rule) : ast_(ast), set_(set), rule_(rule) {}

  Result<void> run() {
    if (!ast_.is_sequence) {
      auto root = event_query(ast_.event);
      if (!root) return std::unexpected(root.error());
      rule_.root = *root;
      if (!iequals(ast_.event.category, "any")) rule_.scope.category = to_lower(ast_.event.category);
      return {};
    }
    auto seq = std::make_shared<Sequence>();
    seq->maxspan_ticks = ast_.maxspan_ticks;
    std::vector<std::uint32_t> roots;
    for (const auto& s : ast_.steps) {
      auto step = compile_step(s);
      if (!step) return std::unexpected(step.error());
      if (!seq->steps.empty() && step->keys.size() != seq->steps.front().keys.size()) {
        return error(ast_.nodes[s.query.condition], "sequence steps join on different numbers of keys");
      }
      roots.push_back(step->root);
      for (std::uint32_t r = 0; r < s.runs; ++r) seq->steps.push_back(*step);
    }
    if (ast_.has_until) {
      auto until = compile_step(ast_.until);
      if (!until) return std::unexpected(until.error());
      if (until->keys.size() != seq->steps.front().keys.size()) {
        return error(ast_.nodes[ast_.until.query.condition], "until joins on a different number of keys");
      }
      seq->has_until = true;
      seq->until = std::move(*until);
      roots.push_back(seq->until.root);
    }
    rule_.root = add_node(rule_, Node::Kind::kOr, std::move(roots));
    std::vector<const EqlStep*> all;
    for (const auto& s : ast_.steps) all.push_back(&s);
    if (ast_.has_until) all.push_back(&ast_.until);
    for (const EqlStep* s : all) {
      if (iequals(s->query.category, "any")) {
        seq->categories.clear();
        break;
      }
      const std::string c = to_lower(s->query.category);
      if (std::find(seq->categories.begin(), seq->categories.end(), c) == seq->categories.end()) seq->categories.push_back(c);
    }
    rule_.sequence = std::move(seq);
    return {};
  }

 private:
  static std::unexpected<Error> error(const EqlNode& at, std::string message,
                                      ErrorCode code = ErrorCode::kUnsupported) {
    return fail(code, std::move(message), SourceLocation({}, at.line, at.column));
  }

  FieldId bind(std::string_view name) {
    const FieldId id = set_.bind_field(field_name(name));
    if (std::find(rule_.fields.begin(), rule_.fields.end(), id) == rule_.fields.end()) rule_.fields.push_back(id);
    return id;
  }

  std::uint32_t add_predicate(Predicate p) {
    rule_.predicates.push_back(std::move(p));
    return add_node(rule_, Node::Kind::kPredicate, {}, static_cast<std::uint32_t>(rule_.predicates.size() - 1));
  }

  Result<SequenceStep> compile_step(const EqlStep& s) {
    SequenceStep step;
    auto root = event_query(s.query);
    if (!root) return std::unexpected(root.error());
    step.root = *root;
    for (const auto* keys : {&ast_.keys, &s.keys}) {
      for (const auto& k : *keys) {
        step.keys.push_back(bind(k.field));
        step.optional.push_back(k.optional);
      }
    }
    return step;
  }

  Result<std::uint32_t> event_query(const EqlEventQuery& q) {
    auto cond = condition(q.condition);
    if (!cond) return cond;
    if (iequals(q.category, "any")) return cond;
    Predicate p;
    p.field = bind("event.category");
    Operand op;
    op.text = to_lower(q.category);
    p.operands.push_back(std::move(op));
    const auto category = add_predicate(std::move(p));
    return add_node(rule_, Node::Kind::kAnd, {category, *cond});
  }

  Result<std::uint32_t> condition(std::uint32_t index) {
    const EqlNode& n = ast_.nodes[index];
    switch (n.kind) {
      case EqlNode::Kind::kAnd:
      case EqlNode::Kind::kOr:
      case EqlNode::Kind::kNot: {
        std::vector<std::uint32_t> children;
        for (const auto c : n.children) {
          auto child = condition(c);
          if (!child) return child;
          children.push_back(*child);
        }
        const auto kind = n.kind == EqlNode::Kind::kAnd ? Node::Kind::kAnd
                          : n.kind == EqlNode::Kind::kOr ? Node::Kind::kOr : Node::Kind::kNot;
        // Expressions (function calls, arithmetic) cost more than predicates: test them last. And/Or have
        // no side effects, so the order changes cost, never the result.
        std::stable_partition(children.begin(), children.end(),
                              [&](std::uint32_t c) { return rule_.nodes[c].kind != Node::Kind::kExpr; });
        return add_node(rule_, kind, std::move(children));
      }
      case EqlNode::Kind::kLiteral:
        if (n.value_kind == ValueKind::kBool) return add_node(rule_, n.number != 0 ? Node::Kind::kTrue : Node::Kind::kFalse);
        break;
      case EqlNode::Kind::kCompare: {
        const EqlNode& right = ast_.nodes[n.children.back()];
        if (n.compare == CompareOp::kNe && n.children.size() == 2 &&
            ast_.nodes[n.children[0]].kind == EqlNode::Kind::kField &&
            !(right.kind == EqlNode::Kind::kLiteral && right.value_kind == ValueKind::kNull)) {
          // not (field == value): an absent field passes, as in Elasticsearch
          EqlNode eq = n;
          eq.compare = CompareOp::kEq;
          auto inner = compare_condition(eq);
          if (!inner) return inner;
          return add_node(rule_, Node::Kind::kNot, {*inner});
        }
        return compare_condition(n);
      }
      case EqlNode::Kind::kCall:
        if (n.text == "cidrmatch" && ast_.nodes[n.children[0]].kind == EqlNode::Kind::kField) return cidr_predicate(n);
        break;
      default: break;
    }
    return expr_condition(n);
  }

  Result<std::uint32_t> expr_condition(const EqlNode& n) {
    auto e = expr(n);
    if (!e) return e;
    return add_node(rule_, Node::Kind::kExpr, {}, *e);
  }

  Result<std::uint32_t> compare_condition(const EqlNode& n) {
    auto p = comparison_predicate(n);
    if (!p) return std::unexpected(p.error());
    if (*p) return **p;
    return expr_condition(n);
  }

  Result<std::uint32_t> cidr_predicate(const EqlNode& n) {
    Predicate p;
    p.field = bind(ast_.nodes[n.children[0]].text);
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const EqlNode& a = ast_.nodes[n.children[i]];
      Operand op;
      if (a.kind != EqlNode::Kind::kLiteral || a.value_kind != ValueKind::kString || !parse_cidr(trim(a.text), op)) {
        return error(a, "cidrMatch: not a network literal", ErrorCode::kContent);
      }
      p.operands.push_back(op);
    }
    return add_predicate(std::move(p));
  }

  // `field OP literal(s)` as a Predicate, or nullopt when the comparison needs an Expr.
  Result<std::optional<std::uint32_t>> comparison_predicate(const EqlNode& n) {
    const EqlNode& lhs = ast_.nodes[n.children[0]];
    if (lhs.kind != EqlNode::Kind::kField) return std::nullopt;
    std::vector<const EqlNode*> rhs;
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const EqlNode& r = ast_.nodes[n.children[i]];
      if (r.kind != EqlNode::Kind::kLiteral) return std::nullopt;
      rhs.push_back(&r);
    }
    const CompareOp op = n.compare;
    const bool single = rhs.size() == 1;
    Predicate p;
    p.field = bind(lhs.text);
    if ((op == CompareOp::kEq || op == CompareOp::kNe) && single && rhs[0]->value_kind == ValueKind::kNull) {
      p.exists = true;
      p.exists_value = op == CompareOp::kNe;
      return add_predicate(std::move(p));
    }
    const bool all_strings = std::all_of(rhs.begin(), rhs.end(), [](const EqlNode* r) {
      return r->value_kind == ValueKind::kString || r->value_kind == ValueKind::kBool;
    });
    if (op == CompareOp::kLt || op == CompareOp::kLe || op == CompareOp::kGt || op == CompareOp::kGe) {
      if (!single || rhs[0]->value_kind != ValueKind::kNumber) return std::nullopt;
      Operand o;
      o.kind = op == CompareOp::kLt ? MatchKind::kLess : op == CompareOp::kLe ? MatchKind::kLessEqual
               : op == CompareOp::kGt ? MatchKind::kGreater : MatchKind::kGreaterEqual;
      o.number = rhs[0]->number;
      p.operands.push_back(std::move(o));
      return add_predicate(std::move(p));
    }
    if (!all_strings) return std::nullopt;
    for (const EqlNode* r : rhs) {
      const std::string text = r->value_kind == ValueKind::kBool ? (r->number != 0 ? "true" : "false") : r->text;
      const bool boolean = r->value_kind == ValueKind::kBool;
      Operand o;
      switch (op) {
        case CompareOp::kEq:
        case CompareOp::kIn:
          p.cased = !boolean;
          o.text = text;
          break;
        case CompareOp::kInCi:
          o.text = to_lower(text);
          break;
        case CompareOp::kColon:
        case CompareOp::kLikeCi:
          o = classify(glob_pattern(text), false);
          break;
        case CompareOp::kLike:
          p.cased = true;
          o = classify(glob_pattern(text), true);
          break;
        case CompareOp::kRegex:
        case CompareOp::kRegexCi: {
          auto re = regex(*r, op == CompareOp::kRegexCi);
          if (!re) return std::unexpected(re.error());
          o.kind = MatchKind::kRegex;
          o.regex = *re;
          break;
        }
        default: return std::nullopt;
      }
      p.operands.push_back(std::move(o));
    }
    return add_predicate(std::move(p));
  }

  // EQL regexes match the whole value (Lucene semantics), with `.` matching newlines.
  Result<std::uint32_t> regex(const EqlNode& literal, bool insensitive) {
    if (literal.value_kind != ValueKind::kString) return error(literal, "regex needs a string pattern", ErrorCode::kContent);
    auto re = set_.add_regex("^(?:" + literal.text + ")$", insensitive, false, true);
    if (!re) return error(literal, re.error().message, re.error().code);
    return *re;
  }

  std::uint32_t push(Expr e) {
    rule_.exprs.push_back(std::move(e));
    return static_cast<std::uint32_t>(rule_.exprs.size() - 1);
  }

  Result<std::uint32_t> expr(const EqlNode& n) {
    Expr e;
    switch (n.kind) {
      case EqlNode::Kind::kLiteral:
        e.op = ExprOp::kLiteral;
        e.value_kind = n.value_kind;
        e.number = n.number;
        e.text = n.text;
        return push(std::move(e));
      case EqlNode::Kind::kField:
        e.op = ExprOp::kField;
        e.field = bind(n.text);
        return push(std::move(e));
      case EqlNode::Kind::kCall: {
        const auto* spec = std::find_if(std::begin(kFunctions), std::end(kFunctions),
                                        [&](const FunctionSpec& f) { return f.name == n.text; });
        if (spec == std::end(kFunctions)) return error(n, "function '" + n.text + "' is not compiled");
        if (n.children.size() < spec->min_args || n.children.size() > spec->max_args) {
          return error(n, "function '" + n.text + "': wrong number of arguments", ErrorCode::kContent);
        }
        if (spec->function == EqlFunction::kCidrMatch) return error(n, "cidrMatch over a computed value");
        e.op = ExprOp::kCall;
        e.function = spec->function;
        e.insensitive = n.insensitive;
        break;
      }
      case EqlNode::Kind::kCompare:
        e.op = ExprOp::kCompare;
        e.compare = n.compare;
        break;
      case EqlNode::Kind::kArith:
        e.op = ExprOp::kArith;
        e.arith = n.arith;
        break;
      case EqlNode::Kind::kNegate:
        e.op = ExprOp::kNegate;
        break;
      default:
        return error(n, "boolean operators inside a value (function argument or comparison operand)");
    }
    for (std::size_t i = 0; i < n.children.size(); ++i) {
      auto child = expr(ast_.nodes[n.children[i]]);
      if (!child) return child;
      e.args.push_back(*child);
      if (e.op != ExprOp::kCompare || i == 0) continue;
      Expr& c = rule_.exprs[*child];
      const bool pattern = n.compare == CompareOp::kColon || n.compare == CompareOp::kLike || n.compare == CompareOp::kLikeCi;
      const bool caseless = n.compare == CompareOp::kColon || n.compare == CompareOp::kLikeCi || n.compare == CompareOp::kInCi;
      if (n.compare == CompareOp::kRegex || n.compare == CompareOp::kRegexCi) {
        if (c.op != ExprOp::kLiteral) return error(ast_.nodes[n.children[i]], "regex needs a literal pattern");
        auto re = regex(ast_.nodes[n.children[i]], n.compare == CompareOp::kRegexCi);
        if (!re) return std::unexpected(re.error());
        rule_.exprs[*child].regex = *re;
      } else if (c.op == ExprOp::kLiteral && c.value_kind == ValueKind::kString) {
        if (pattern) c.text = glob_pattern(c.text);
        if (caseless) c.text = to_lower(c.text);
      } else if (pattern && c.op != ExprOp::kLiteral) {
        return error(ast_.nodes[n.children[i]], "a wildcard comparison needs literal patterns");
      }
    }
    return push(std::move(e));
  }

  const EqlAst& ast_;
  RuleSet& set_;
  CompiledRule& rule_;
};

}  // namespace

Result<void> compile_eql_ast(const EqlAst& ast, RuleSet& set, CompiledRule& rule) {
  return Compiler(ast, set, rule).run();
}

}  // namespace temper::detect::detail
