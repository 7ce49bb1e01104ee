// SPDX-License-Identifier: Apache-2.0
// Sigma conditions: `selection and not 1 of filter_*` -> And(sel, Not(Or(filter_a, filter_b))).
// Precedence, loosest first: or, and, not, `x of`, parentheses. Recursion is capped by
// limits::kMaxNestingDepth, so a hostile condition cannot exhaust the stack.
#include "core/limits.hpp"
#include "core/strings.hpp"
#include "detect/detail/compile.hpp"

namespace temper::detect::detail {
namespace {

bool glob_name(std::string_view pattern, std::string_view name) {
  // Selection-name patterns use `*` only; iterative matching with one backtrack point.
  std::size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

class Parser {
 public:
  Parser(std::string_view text, const std::vector<std::pair<std::string, std::uint32_t>>& selections, CompiledRule& rule)
      : selections_(selections), rule_(rule) {
    std::string word;
    for (const char c : text) {
      if (c == '(' || c == ')' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        if (!word.empty()) tokens_.push_back(std::move(word));
        word.clear();
        if (c == '(' || c == ')') tokens_.emplace_back(1, c);
      } else {
        word.push_back(c);
      }
    }
    if (!word.empty()) tokens_.push_back(std::move(word));
  }

  Result<std::uint32_t> run() {
    for (const auto& t : tokens_) {
      if (t == "|" || t.starts_with("|")) return fail(ErrorCode::kUnsupported, "aggregation in condition (Sigma v1 `| count()`)");
      if (t == "near") return fail(ErrorCode::kUnsupported, "near aggregation in condition");
    }
    if (tokens_.empty()) return fail(ErrorCode::kContent, "empty condition");
    auto root = parse_or(0);
    if (!root) return root;
    if (pos_ != tokens_.size()) return fail(ErrorCode::kContent, "condition: unexpected '" + tokens_[pos_] + "'");
    return root;
  }

 private:
  [[nodiscard]] bool at(std::string_view word) const { return pos_ < tokens_.size() && iequals(tokens_[pos_], word); }

  Result<std::uint32_t> parse_or(std::size_t depth) {
    if (depth > limits::kMaxNestingDepth) return fail(ErrorCode::kLimit, "condition nested too deeply");
    std::vector<std::uint32_t> parts;
    auto first = parse_and(depth);
    if (!first) return first;
    parts.push_back(*first);
    while (at("or")) {
      ++pos_;
      auto next = parse_and(depth);
      if (!next) return next;
      parts.push_back(*next);
    }
    return parts.size() == 1 ? parts[0] : add_node(rule_, Node::Kind::kOr, std::move(parts));
  }

  Result<std::uint32_t> parse_and(std::size_t depth) {
    std::vector<std::uint32_t> parts;
    auto first = parse_not(depth);
    if (!first) return first;
    parts.push_back(*first);
    while (at("and")) {
      ++pos_;
      auto next = parse_not(depth);
      if (!next) return next;
      parts.push_back(*next);
    }
    return parts.size() == 1 ? parts[0] : add_node(rule_, Node::Kind::kAnd, std::move(parts));
  }

  Result<std::uint32_t> parse_not(std::size_t depth) {
    if (at("not")) {
      ++pos_;
      if (depth > limits::kMaxNestingDepth) return fail(ErrorCode::kLimit, "condition nested too deeply");
      auto inner = parse_not(depth + 1);
      if (!inner) return inner;
      return add_node(rule_, Node::Kind::kNot, {*inner});
    }
    return parse_primary(depth);
  }

  Result<std::uint32_t> parse_primary(std::size_t depth) {
    if (pos_ >= tokens_.size()) return fail(ErrorCode::kContent, "condition ends early");
    const std::string& t = tokens_[pos_];
    if (t == "(") {
      ++pos_;
      auto inner = parse_or(depth + 1);
      if (!inner) return inner;
      if (!at(")")) return fail(ErrorCode::kContent, "condition: missing ')'");
      ++pos_;
      return inner;
    }
    if ((t == "1" || iequals(t, "all") || iequals(t, "any")) && pos_ + 2 < tokens_.size() + 0 &&
        iequals(tokens_[pos_ + 1], "of")) {
      const bool all = iequals(t, "all");
      const std::string& pattern = tokens_[pos_ + 2];
      pos_ += 3;
      std::vector<std::uint32_t> parts;
      for (const auto& [name, node] : selections_) {
        if (iequals(pattern, "them") ? !name.starts_with("_") : glob_name(pattern, name)) parts.push_back(node);
      }
      if (parts.empty()) return fail(ErrorCode::kContent, "condition: no selection matches '" + pattern + "'");
      return parts.size() == 1 ? parts[0] : add_node(rule_, all ? Node::Kind::kAnd : Node::Kind::kOr, std::move(parts));
    }
    if (t == ")" || iequals(t, "and") || iequals(t, "or")) return fail(ErrorCode::kContent, "condition: unexpected '" + t + "'");
    ++pos_;
    for (const auto& [name, node] : selections_) {
      if (name == t) return node;
    }
    return fail(ErrorCode::kContent, "condition: unknown selection '" + t + "'");
  }

  const std::vector<std::pair<std::string, std::uint32_t>>& selections_;
  CompiledRule& rule_;
  std::vector<std::string> tokens_;
  std::size_t pos_ = 0;
};

}  // namespace

Result<std::uint32_t> compile_condition(std::string_view condition,
                                        const std::vector<std::pair<std::string, std::uint32_t>>& selections,
                                        CompiledRule& rule) {
  return Parser(condition, selections, rule).run();
}

}  // namespace temper::detect::detail
