// SPDX-License-Identifier: Apache-2.0
// The EQL expression evaluator. Values are null, bool, number or text; event fields are text and become
// numbers when compared with a number. Example: `length(process.command_line) > 100` evaluates the
// Call(length) over the field's first value (null when absent, and then the comparison is false); a
// comparison whose left side is a field with several values (process.args) holds when any value
// satisfies it. Text built by functions (concat, string) lives in the Matcher's EqlScratch; substring
// and the other functions return views into the event, so most expressions allocate nothing.
#include "detect/detail/eql_eval.hpp"

#include <charconv>
#include <cmath>
#include <optional>

#include "core/strings.hpp"
#include "detect/detail/compile.hpp"
#include "detect/matcher.hpp"
#include "detect/regex.hpp"

namespace temper::detect::detail {
namespace {

struct Value {
  ValueKind kind = ValueKind::kNull;
  double number = 0;  ///< kNumber; kBool as 1/0
  std::string_view text;
};

std::size_t find_text(std::string_view hay, std::string_view needle, bool insensitive, std::size_t from = 0) {
  if (needle.size() > hay.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
    if (insensitive ? iequals(hay.substr(i, needle.size()), needle) : hay.substr(i, needle.size()) == needle) return i;
  }
  return std::string_view::npos;
}

bool text_number(std::string_view s, double& out) { return !trim(s).empty() && detail::parse_number(s, out); }

bool as_number(const Value& v, double& out) {
  if (v.kind == ValueKind::kNumber || v.kind == ValueKind::kBool) {
    out = v.number;
    return true;
  }
  return v.kind == ValueKind::kString && text_number(v.text, out);
}

class Evaluator {
 public:
  Evaluator(const RuleSet& set, const CompiledRule& rule, const Matcher& m, EqlScratch& scratch)
      : set_(set), rule_(rule), m_(m), scratch_(scratch) {}

  bool truth(std::uint32_t index) {
    const Expr& e = rule_.exprs[index];
    if (e.op == ExprOp::kCompare) return compare(e);
    if (e.op == ExprOp::kCall && !e.args.empty() && is_field(e.args[0])) {
      // A string test over a multi-valued field holds when any value passes.
      const FieldId f = rule_.exprs[e.args[0]].field;
      for (auto i = m_.first_value(f); i >= 0; i = m_.next_value(i)) {
        if (truthy(call(e, Value{ValueKind::kString, 0, m_.value(i)}))) return true;
      }
      return false;
    }
    return truthy(value(index));
  }

 private:
  static bool truthy(const Value& v) {
    if (v.kind == ValueKind::kBool || v.kind == ValueKind::kNumber) return v.number != 0;
    return v.kind == ValueKind::kString && iequals(v.text, "true");
  }
  bool is_field(std::uint32_t index) const { return rule_.exprs[index].op == ExprOp::kField; }

  std::string& fresh() {
    if (scratch_.used == scratch_.strings.size()) scratch_.strings.emplace_back();
    std::string& s = scratch_.strings[scratch_.used++];
    s.clear();
    return s;
  }
  Value owned(std::string& s) { return Value{ValueKind::kString, 0, s}; }
  static Value number(double n) { return Value{ValueKind::kNumber, n, {}}; }
  static Value boolean(bool b) { return Value{ValueKind::kBool, b ? 1.0 : 0.0, {}}; }

  // A value as text (numbers in their shortest form, whole numbers without a fraction).
  std::string_view text_of(const Value& v) {
    if (v.kind == ValueKind::kString) return v.text;
    if (v.kind == ValueKind::kBool) return v.number != 0 ? "true" : "false";
    std::string& s = fresh();
    char buf[64];
    const double n = v.number;
    const auto [end, ec] = (std::fabs(n) < 9e15 && n == std::floor(n))
                               ? std::to_chars(buf, buf + sizeof buf, static_cast<long long>(n))
                               : std::to_chars(buf, buf + sizeof buf, n);
    s.assign(buf, ec == std::errc() ? end : buf);
    return s;
  }

  Value value(std::uint32_t index) {
    const Expr& e = rule_.exprs[index];
    switch (e.op) {
      case ExprOp::kLiteral: return Value{e.value_kind, e.number, e.text};
      case ExprOp::kField: {
        const auto i = m_.earliest_value(e.field);
        return i < 0 ? Value{} : Value{ValueKind::kString, 0, m_.value(i)};
      }
      case ExprOp::kCompare: return boolean(compare(e));
      case ExprOp::kCall: return call(e, std::nullopt);
      case ExprOp::kNegate: {
        double n = 0;
        return as_number(value(e.args[0]), n) ? number(-n) : Value{};
      }
      case ExprOp::kArith: return arith(e.arith, value(e.args[0]), value(e.args[1]));
    }
    return {};
  }

  static Value arith(char op, const Value& a, const Value& b) {
    double x = 0, y = 0;
    if (!as_number(a, x) || !as_number(b, y)) return {};
    switch (op) {
      case '+': return number(x + y);
      case '-': return number(x - y);
      case '*': return number(x * y);
      case '/': return y == 0 ? Value{} : number(x / y);
      case '%': return y == 0 ? Value{} : number(std::fmod(x, y));
      default: return {};
    }
  }

  Value call(const Expr& e, std::optional<Value> first) {
    auto arg = [&](std::size_t i) { return i == 0 && first ? *first : value(e.args[i]); };
    const bool ci = e.insensitive;
    switch (e.function) {
      case EqlFunction::kLength: {
        const Value v = arg(0);
        if (v.kind == ValueKind::kNull) return {};
        const auto t = text_of(v);
        double count = 0;
        for (const char c : t) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
        return number(count);
      }
      case EqlFunction::kSubstring: {
        const Value v = arg(0);
        double start = 0, end = 0;
        if (v.kind == ValueKind::kNull || !as_number(arg(1), start)) return {};
        const auto t = text_of(v);
        const auto size = static_cast<double>(t.size());
        if (e.args.size() < 3 || !as_number(arg(2), end)) end = size;
        if (start < 0) start += size;
        if (end < 0) end += size;
        start = std::clamp(start, 0.0, size);
        end = std::clamp(end, 0.0, size);
        if (end <= start) return Value{ValueKind::kString, 0, {}};
        return Value{ValueKind::kString, 0, t.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start))};
      }
      case EqlFunction::kStartsWith:
      case EqlFunction::kEndsWith:
      case EqlFunction::kStringContains: {
        const Value a = arg(0), b = arg(1);
        if (a.kind == ValueKind::kNull || b.kind == ValueKind::kNull) return {};
        const std::string_view s = text_of(a), part = text_of(b);
        if (part.size() > s.size()) return boolean(false);
        if (e.function == EqlFunction::kStringContains) return boolean(find_text(s, part, ci) != std::string_view::npos);
        const auto piece = e.function == EqlFunction::kStartsWith ? s.substr(0, part.size()) : s.substr(s.size() - part.size());
        return boolean(ci ? iequals(piece, part) : piece == part);
      }
      case EqlFunction::kIndexOf: {
        const Value a = arg(0), b = arg(1);
        double from = 0;
        if (a.kind == ValueKind::kNull || b.kind == ValueKind::kNull) return {};
        if (e.args.size() > 2 && (!as_number(arg(2), from) || from < 0)) from = 0;
        const auto s = text_of(a);
        const auto at = find_text(s, text_of(b), ci, static_cast<std::size_t>(std::min(from, static_cast<double>(s.size()))));
        return at == std::string_view::npos ? Value{} : number(static_cast<double>(at));
      }
      case EqlFunction::kConcat: {
        std::string& out = fresh();
        for (std::size_t i = 0; i < e.args.size(); ++i) {
          const Value v = arg(i);
          if (v.kind == ValueKind::kNull) return {};
          out += text_of(v);
        }
        return owned(out);
      }
      case EqlFunction::kNumber: {
        const Value v = arg(0);
        double n = 0, base = 10;
        if (e.args.size() > 1) as_number(arg(1), base);
        if (v.kind != ValueKind::kString) return as_number(v, n) ? number(n) : Value{};
        if (base == 16) {
          auto t = trim(v.text);
          if (t.starts_with("0x") || t.starts_with("0X")) t.remove_prefix(2);
          std::uint64_t h = 0;
          const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), h, 16);
          return ec == std::errc() && ptr == t.data() + t.size() ? number(static_cast<double>(h)) : Value{};
        }
        return text_number(v.text, n) ? number(n) : Value{};
      }
      case EqlFunction::kString: {
        const Value v = arg(0);
        return v.kind == ValueKind::kNull ? Value{} : Value{ValueKind::kString, 0, text_of(v)};
      }
      case EqlFunction::kAdd: return arith('+', arg(0), arg(1));
      case EqlFunction::kSubtract: return arith('-', arg(0), arg(1));
      case EqlFunction::kMultiply: return arith('*', arg(0), arg(1));
      case EqlFunction::kDivide: return arith('/', arg(0), arg(1));
      case EqlFunction::kModulo: return arith('%', arg(0), arg(1));
      case EqlFunction::kBetween: {
        const Value s = arg(0), l = arg(1), r = arg(2);
        const bool greedy = e.args.size() > 3 && truthy(arg(3));
        if (s.kind == ValueKind::kNull || l.kind == ValueKind::kNull || r.kind == ValueKind::kNull) return {};
        const auto t = text_of(s), left = text_of(l), right = text_of(r);
        const auto a = find_text(t, left, ci);
        if (a == std::string_view::npos) return Value{ValueKind::kString, 0, {}};
        const auto from = a + left.size();
        std::size_t b = std::string_view::npos;
        if (greedy) {
          for (std::size_t at = from; (at = find_text(t, right, ci, at)) != std::string_view::npos; ++at) b = at;
        } else {
          b = find_text(t, right, ci, from);
        }
        if (b == std::string_view::npos) return Value{ValueKind::kString, 0, {}};
        return Value{ValueKind::kString, 0, t.substr(from, b - from)};
      }
      case EqlFunction::kCidrMatch: return {};  // compiled into a Predicate instead
    }
    return {};
  }

  // One comparison of two values; `right` is the right-hand Expr (patterns and regexes are prepared).
  bool compare_values(const Value& l, const Value& r, const Expr& e, const Expr& right) {
    const CompareOp op = e.compare;
    if (l.kind == ValueKind::kNull || r.kind == ValueKind::kNull) {
      if (op == CompareOp::kEq) return l.kind == r.kind;
      if (op == CompareOp::kNe) return r.kind == ValueKind::kNull && l.kind != ValueKind::kNull;
      return false;
    }
    switch (op) {
      case CompareOp::kColon:
      case CompareOp::kLike:
      case CompareOp::kLikeCi:
        return glob(text_of(l), text_of(r), op == CompareOp::kLike);
      case CompareOp::kRegex:
      case CompareOp::kRegexCi:
        return right.regex != 0xFFFFFFFFu && set_.regex(right.regex).search(text_of(l));
      default: break;
    }
    const bool numeric = l.kind == ValueKind::kNumber || r.kind == ValueKind::kNumber;
    if (l.kind == ValueKind::kBool || r.kind == ValueKind::kBool) {
      const bool same = iequals(text_of(l), text_of(r));
      return op == CompareOp::kNe ? !same : (op == CompareOp::kEq || op == CompareOp::kIn || op == CompareOp::kInCi) && same;
    }
    int order = 0;
    if (numeric) {
      double x = 0, y = 0;
      if (!as_number(l, x) || !as_number(r, y)) return op == CompareOp::kNe;
      order = x < y ? -1 : x > y ? 1 : 0;
    } else if (op == CompareOp::kInCi) {
      order = iequals(l.text, r.text) ? 0 : 1;
    } else {
      order = l.text.compare(r.text);
    }
    switch (op) {
      case CompareOp::kEq:
      case CompareOp::kIn:
      case CompareOp::kInCi: return order == 0;
      case CompareOp::kNe: return order != 0;
      case CompareOp::kLt: return order < 0;
      case CompareOp::kLe: return order <= 0;
      case CompareOp::kGt: return order > 0;
      case CompareOp::kGe: return order >= 0;
      default: return false;
    }
  }

  bool compare_right(const Value& l, const Expr& e) {
    for (std::size_t k = 1; k < e.args.size(); ++k) {
      const Expr& right = rule_.exprs[e.args[k]];
      if (right.op == ExprOp::kField) {
        bool any = false;
        for (auto i = m_.first_value(right.field); i >= 0 && !any; i = m_.next_value(i)) {
          any = compare_values(l, Value{ValueKind::kString, 0, m_.value(i)}, e, right);
        }
        if (any) return true;
        if (m_.first_value(right.field) < 0 && compare_values(l, Value{}, e, right)) return true;
        continue;
      }
      if (compare_values(l, value(e.args[k]), e, right)) return true;
    }
    return false;
  }

  bool compare(const Expr& e) {
    if (is_field(e.args[0])) {
      const FieldId f = rule_.exprs[e.args[0]].field;
      if (m_.first_value(f) < 0) return compare_right(Value{}, e);
      for (auto i = m_.first_value(f); i >= 0; i = m_.next_value(i)) {
        if (compare_right(Value{ValueKind::kString, 0, m_.value(i)}, e)) return true;
      }
      return false;
    }
    return compare_right(value(e.args[0]), e);
  }

  const RuleSet& set_;
  const CompiledRule& rule_;
  const Matcher& m_;
  EqlScratch& scratch_;
};

}  // namespace

bool eval_expr(const RuleSet& set, const CompiledRule& rule, std::uint32_t expr, const Matcher& matcher,
               EqlScratch& scratch) {
  return Evaluator(set, rule, matcher, scratch).truth(expr);
}

}  // namespace temper::detect::detail
