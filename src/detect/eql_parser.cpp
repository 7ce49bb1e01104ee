// SPDX-License-Identifier: Apache-2.0
// The EQL parser: tokens -> EqlAst, by recursive descent with EQL's precedence (lowest first):
//   or < and < not < comparison (== != < <= > >= : in in~ not in like like~ regex regex~)
//      < + - < * / % < unary minus < primary (literal, field, ?field, function call, parentheses).
// Example: `process where not a : "x" or b == 1` parses as Or(Not(Compare(:, a, "x")), Compare(==, b, 1)).
// Recursion is bounded by limits::kMaxNestingDepth, so a query 100,000 parentheses deep is refused
// with an error instead of exhausting the stack.
#include <charconv>

#include "core/limits.hpp"
#include "core/strings.hpp"
#include "detect/detail/eql_ast.hpp"

namespace temper::detect::detail {
namespace {

using Kind = EqlToken::Kind;

bool keyword(const EqlToken& t, std::string_view word) { return t.kind == Kind::kName && iequals(t.text, word); }

class Parser {
 public:
  explicit Parser(std::vector<EqlToken> tokens) : t_(std::move(tokens)) {}

  Result<EqlAst> run() {
    if (keyword(peek(), "sequence")) {
      TEMPER_RETURN_IF_ERROR(sequence());
    } else if (keyword(peek(), "sample") || keyword(peek(), "join")) {
      return unsupported(peek(), "'" + to_lower(peek().text) + "' queries are not compiled");
    } else {
      auto q = event_query();
      if (!q) return std::unexpected(q.error());
      ast_.event = *q;
    }
    if (is_punct(peek(), "|")) return unsupported(peek(), "pipes ('| " + t_[std::min(i_ + 1, t_.size() - 1)].text + "') are not compiled");
    if (peek().kind != Kind::kEnd) return error(peek(), "unexpected '" + peek().text + "' after the query");
    return std::move(ast_);
  }

 private:
  const EqlToken& peek(std::size_t ahead = 0) const { return t_[std::min(i_ + ahead, t_.size() - 1)]; }
  const EqlToken& next() {
    const EqlToken& t = t_[i_];
    if (i_ + 1 < t_.size()) ++i_;
    return t;
  }
  static bool is_punct(const EqlToken& t, std::string_view p) { return t.kind == Kind::kPunct && t.text == p; }

  static std::unexpected<Error> error(const EqlToken& at, std::string message) {
    return fail(ErrorCode::kContent, std::move(message), SourceLocation({}, at.line, at.column));
  }
  static std::unexpected<Error> unsupported(const EqlToken& at, std::string message) {
    return fail(ErrorCode::kUnsupported, std::move(message), SourceLocation({}, at.line, at.column));
  }
  static std::string shown(const EqlToken& t) { return t.kind == Kind::kEnd ? "end of query" : "'" + t.text + "'"; }

  Result<void> expect(std::string_view punct) {
    if (!is_punct(peek(), punct)) return error(peek(), "expected '" + std::string(punct) + "', found " + shown(peek()));
    next();
    return {};
  }

  std::uint32_t add(EqlNode n, const EqlToken& at) {
    n.line = at.line;
    n.column = at.column;
    ast_.nodes.push_back(std::move(n));
    return static_cast<std::uint32_t>(ast_.nodes.size() - 1);
  }

  Result<EqlEventQuery> event_query() {
    EqlEventQuery q;
    const EqlToken& cat = peek();
    if (cat.kind != Kind::kName && cat.kind != Kind::kString && cat.kind != Kind::kQuotedName) {
      return error(cat, "expected an event category, found " + shown(cat));
    }
    q.category = next().text;
    if (!keyword(peek(), "where")) return error(peek(), "expected 'where', found " + shown(peek()));
    next();
    auto cond = expression();
    if (!cond) return std::unexpected(cond.error());
    q.condition = *cond;
    return q;
  }

  Result<std::vector<EqlKey>> keys() {
    std::vector<EqlKey> out;
    do {
      EqlKey k;
      if (is_punct(peek(), "?")) {
        next();
        k.optional = true;
      }
      const EqlToken& t = peek();
      if (t.kind != Kind::kName && t.kind != Kind::kQuotedName) return error(t, "expected a join key field, found " + shown(t));
      if (is_punct(peek(1), "(")) return unsupported(t, "join keys other than fields ('" + t.text + "(...)')");
      k.field = next().text;
      out.push_back(std::move(k));
    } while (is_punct(peek(), ",") && (next(), true));
    return out;
  }

  // `with maxspan=5s` (the sequence) or `with runs=3` (a step).
  Result<void> with_parameter(bool step, std::uint32_t& runs) {
    next();  // with
    const EqlToken& name = next();
    TEMPER_RETURN_IF_ERROR(expect("="));
    const EqlToken& value = next();
    if (value.kind != Kind::kNumber) return error(value, "expected a number, found " + shown(value));
    double n = 0;
    std::from_chars(value.text.data(), value.text.data() + value.text.size(), n);
    if (step && keyword(name, "runs")) {
      if (n < 1 || n > 100 || n != static_cast<double>(static_cast<std::uint32_t>(n))) {
        return error(value, "runs must be a whole number from 1 to 100");
      }
      runs = static_cast<std::uint32_t>(n);
      return {};
    }
    if (step || !keyword(name, "maxspan")) return unsupported(name, "sequence parameter '" + name.text + "'");
    std::uint64_t unit = 10'000'000;  // seconds, in 100 ns ticks
    if (peek().kind == Kind::kName && peek().line == value.line) {
      const std::string u = to_lower(peek().text);
      if (u == "ms") unit = 10'000;
      else if (u == "s") unit = 10'000'000;
      else if (u == "m") unit = 600'000'000;
      else if (u == "h") unit = 36'000'000'000;
      else if (u == "d") unit = 864'000'000'000;
      else return error(peek(), "unknown maxspan unit '" + peek().text + "' (ms, s, m, h, d)");
      next();
    }
    if (n <= 0 || n > 1e6) return error(value, "maxspan out of range");
    ast_.maxspan_ticks = static_cast<std::uint64_t>(n * static_cast<double>(unit));
    return {};
  }

  Result<EqlStep> step() {
    EqlStep s;
    TEMPER_RETURN_IF_ERROR(expect("["));
    auto q = event_query();
    if (!q) return std::unexpected(q.error());
    s.query = *q;
    TEMPER_RETURN_IF_ERROR(expect("]"));
    while (true) {
      if (keyword(peek(), "by")) {
        next();
        auto k = keys();
        if (!k) return std::unexpected(k.error());
        s.keys = std::move(*k);
      } else if (keyword(peek(), "with") && keyword(peek(1), "runs")) {
        TEMPER_RETURN_IF_ERROR(with_parameter(true, s.runs));
      } else {
        return s;
      }
    }
  }

  Result<void> sequence() {
    ast_.is_sequence = true;
    next();
    std::uint32_t unused = 1;
    while (!is_punct(peek(), "[")) {
      if (keyword(peek(), "by")) {
        next();
        auto k = keys();
        if (!k) return std::unexpected(k.error());
        ast_.keys = std::move(*k);
      } else if (keyword(peek(), "with")) {
        TEMPER_RETURN_IF_ERROR(with_parameter(false, unused));
      } else {
        return error(peek(), "expected 'by', 'with' or '[', found " + shown(peek()));
      }
    }
    while (is_punct(peek(), "[")) {
      auto s = step();
      if (!s) return std::unexpected(s.error());
      ast_.steps.push_back(std::move(*s));
    }
    if (is_punct(peek(), "!") && is_punct(peek(1), "[")) {
      return unsupported(peek(), "missing-event steps ('![...]') are not compiled");
    }
    if (keyword(peek(), "until")) {
      next();
      auto s = step();
      if (!s) return std::unexpected(s.error());
      ast_.has_until = true;
      ast_.until = std::move(*s);
    }
    std::uint32_t steps = 0;
    for (const auto& s : ast_.steps) steps += s.runs;
    if (steps < 2) return error(peek(), "a sequence needs at least two steps (with runs counted)");
    return {};
  }

  // Depth guard shared by every recursive production.
  struct Depth {
    explicit Depth(std::size_t& d) : d_(d) { ++d_; }
    ~Depth() { --d_; }
    Depth(const Depth&) = delete;
    Depth& operator=(const Depth&) = delete;
    std::size_t& d_;
  };
  Result<void> check_depth() {
    if (depth_ > limits::kMaxNestingDepth) {
      return fail(ErrorCode::kLimit, "expression nested deeper than " + std::to_string(limits::kMaxNestingDepth),
                  SourceLocation({}, peek().line, peek().column));
    }
    return {};
  }

  Result<std::uint32_t> expression() { return binary_bool("or", EqlNode::Kind::kOr); }

  Result<std::uint32_t> binary_bool(std::string_view word, EqlNode::Kind kind) {
    const Depth guard(depth_);
    TEMPER_RETURN_IF_ERROR(check_depth());
    const EqlToken& at = peek();
    auto first = kind == EqlNode::Kind::kOr ? binary_bool("and", EqlNode::Kind::kAnd) : negation();
    if (!first) return first;
    if (!keyword(peek(), word)) return first;
    EqlNode n;
    n.kind = kind;
    n.children.push_back(*first);
    while (keyword(peek(), word)) {
      next();
      auto more = kind == EqlNode::Kind::kOr ? binary_bool("and", EqlNode::Kind::kAnd) : negation();
      if (!more) return more;
      n.children.push_back(*more);
    }
    return add(std::move(n), at);
  }

  Result<std::uint32_t> negation() {
    const Depth guard(depth_);
    TEMPER_RETURN_IF_ERROR(check_depth());
    if (keyword(peek(), "not")) {
      const EqlToken& at = next();
      auto inner = negation();
      if (!inner) return inner;
      EqlNode n;
      n.kind = EqlNode::Kind::kNot;
      n.children.push_back(*inner);
      return add(std::move(n), at);
    }
    return comparison();
  }

  // The operator at the cursor, if any: sets `op` and how many tokens it spans.
  bool comparison_operator(CompareOp& op, bool& negated, std::size_t& width) const {
    negated = false;
    width = 1;
    std::size_t at = 0;
    if (keyword(peek(), "not") && peek(1).kind == Kind::kName) {
      negated = true;
      at = 1;
      width = 2;
    }
    const EqlToken& t = peek(at);
    if (t.kind == Kind::kPunct && !negated) {
      static constexpr std::pair<std::string_view, CompareOp> kOps[] = {
          {"==", CompareOp::kEq}, {"!=", CompareOp::kNe}, {"<", CompareOp::kLt}, {"<=", CompareOp::kLe},
          {">", CompareOp::kGt},  {">=", CompareOp::kGe}, {":", CompareOp::kColon}};
      for (const auto& [text, o] : kOps) {
        if (t.text == text) {
          op = o;
          return true;
        }
      }
      return false;
    }
    if (t.kind != Kind::kName) return false;
    static constexpr std::pair<std::string_view, CompareOp> kWords[] = {
        {"in", CompareOp::kIn},       {"in~", CompareOp::kInCi},       {"like", CompareOp::kLike},
        {"like~", CompareOp::kLikeCi}, {"regex", CompareOp::kRegex}, {"regex~", CompareOp::kRegexCi}};
    for (const auto& [text, o] : kWords) {
      if (iequals(t.text, text)) {
        op = o;
        return true;
      }
    }
    return false;
  }

  Result<std::uint32_t> comparison() {
    const EqlToken& at = peek();
    auto left = additive();
    if (!left) return left;
    CompareOp op{};
    bool negated = false;
    std::size_t width = 1;
    if (!comparison_operator(op, negated, width)) return left;
    const EqlToken& op_token = peek();
    for (std::size_t k = 0; k < width; ++k) next();
    EqlNode n;
    n.kind = EqlNode::Kind::kCompare;
    n.compare = op;
    n.children.push_back(*left);
    const bool takes_list = op == CompareOp::kIn || op == CompareOp::kInCi || op == CompareOp::kColon ||
                            op == CompareOp::kLike || op == CompareOp::kLikeCi || op == CompareOp::kRegex ||
                            op == CompareOp::kRegexCi;
    if (negated && op != CompareOp::kIn && op != CompareOp::kInCi && op != CompareOp::kLike &&
        op != CompareOp::kLikeCi && op != CompareOp::kRegex && op != CompareOp::kRegexCi) {
      return error(op_token, "'not' before a comparison operator other than in/like/regex");
    }
    if ((op == CompareOp::kIn || op == CompareOp::kInCi) && !is_punct(peek(), "(")) {
      return error(peek(), "expected '(' after 'in'");
    }
    if (takes_list && is_punct(peek(), "(")) {
      const Depth guard(depth_);
      TEMPER_RETURN_IF_ERROR(check_depth());
      next();
      n.list = true;
      do {
        auto v = additive();
        if (!v) return v;
        n.children.push_back(*v);
      } while (is_punct(peek(), ",") && (next(), true));
      TEMPER_RETURN_IF_ERROR(expect(")"));
    } else {
      auto right = additive();
      if (!right) return right;
      n.children.push_back(*right);
    }
    const auto index = add(std::move(n), at);
    if (!negated) return index;
    EqlNode neg;
    neg.kind = EqlNode::Kind::kNot;
    neg.children.push_back(index);
    return add(std::move(neg), op_token);
  }

  Result<std::uint32_t> additive() { return arithmetic(false); }

  Result<std::uint32_t> arithmetic(bool multiplicative) {
    const Depth guard(depth_);
    TEMPER_RETURN_IF_ERROR(check_depth());
    const EqlToken& at = peek();
    auto left = multiplicative ? unary() : arithmetic(true);
    if (!left) return left;
    std::uint32_t result = *left;
    const std::string_view ops = multiplicative ? "*/%" : "+-";
    while (peek().kind == Kind::kPunct && peek().text.size() == 1 && ops.find(peek().text[0]) != std::string_view::npos) {
      const char op = next().text[0];
      auto right = multiplicative ? unary() : arithmetic(true);
      if (!right) return right;
      EqlNode n;
      n.kind = EqlNode::Kind::kArith;
      n.arith = op;
      n.children = {result, *right};
      result = add(std::move(n), at);
    }
    return result;
  }

  Result<std::uint32_t> unary() {
    const Depth guard(depth_);
    TEMPER_RETURN_IF_ERROR(check_depth());
    if (is_punct(peek(), "-")) {
      const EqlToken& at = next();
      auto inner = unary();
      if (!inner) return inner;
      auto& operand = ast_.nodes[*inner];
      if (operand.kind == EqlNode::Kind::kLiteral && operand.value_kind == ValueKind::kNumber) {
        operand.number = -operand.number;
        return inner;
      }
      EqlNode n;
      n.kind = EqlNode::Kind::kNegate;
      n.children.push_back(*inner);
      return add(std::move(n), at);
    }
    return primary();
  }

  Result<std::uint32_t> primary() {
    const EqlToken& t = peek();
    EqlNode n;
    if (is_punct(t, "(")) {
      next();
      auto inner = expression();
      if (!inner) return inner;
      TEMPER_RETURN_IF_ERROR(expect(")"));
      return inner;
    }
    if (t.kind == Kind::kString) {
      n.value_kind = ValueKind::kString;
      n.text = next().text;
      return add(std::move(n), t);
    }
    if (t.kind == Kind::kNumber) {
      n.value_kind = ValueKind::kNumber;
      std::from_chars(t.text.data(), t.text.data() + t.text.size(), n.number);
      next();
      return add(std::move(n), t);
    }
    bool optional = false;
    if (is_punct(t, "?")) {
      next();
      optional = true;
    }
    const EqlToken& name = peek();
    if (name.kind == Kind::kQuotedName) {
      n.kind = EqlNode::Kind::kField;
      n.text = next().text;
      n.optional = optional;
      return add(std::move(n), name);
    }
    if (name.kind != Kind::kName) return error(name, "expected a value, field or function, found " + shown(name));
    if (!optional && (keyword(name, "true") || keyword(name, "false") || keyword(name, "null"))) {
      n.value_kind = keyword(name, "null") ? ValueKind::kNull : ValueKind::kBool;
      n.number = keyword(name, "true") ? 1 : 0;
      next();
      return add(std::move(n), name);
    }
    for (const auto word : {"and", "or", "not", "where", "by", "with", "until", "in", "like", "regex"}) {
      if (keyword(name, word)) return error(name, "expected a value, field or function, found '" + name.text + "'");
    }
    next();
    if (keyword(peek(), "of") && (keyword(name, "descendant") || keyword(name, "child") || keyword(name, "event"))) {
      return unsupported(name, "'" + to_lower(name.text) + " of' is not compiled");
    }
    if (!optional && is_punct(peek(), "(")) return call(name);
    if (is_punct(peek(), "[")) return unsupported(peek(), "array index on '" + name.text + "'");
    n.kind = EqlNode::Kind::kField;
    n.text = name.text;
    n.optional = optional;
    return add(std::move(n), name);
  }

  Result<std::uint32_t> call(const EqlToken& name) {
    const Depth guard(depth_);
    TEMPER_RETURN_IF_ERROR(check_depth());
    EqlNode n;
    n.kind = EqlNode::Kind::kCall;
    n.text = to_lower(name.text);
    if (n.text.ends_with('~')) {
      n.text.pop_back();
      n.insensitive = true;
    }
    next();  // (
    if (!is_punct(peek(), ")")) {
      do {
        auto arg = expression();
        if (!arg) return arg;
        n.children.push_back(*arg);
      } while (is_punct(peek(), ",") && (next(), true));
    }
    TEMPER_RETURN_IF_ERROR(expect(")"));
    return add(std::move(n), name);
  }

  std::vector<EqlToken> t_;
  std::size_t i_ = 0;
  std::size_t depth_ = 0;
  EqlAst ast_;
};

}  // namespace

Result<EqlAst> parse_eql(std::string_view query) {
  auto tokens = lex_eql(query);
  if (!tokens) return std::unexpected(tokens.error());
  return Parser(std::move(*tokens)).run();
}

}  // namespace temper::detect::detail
