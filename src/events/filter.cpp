// SPDX-License-Identifier: Apache-2.0
// Recursive-descent parser for the --filter expression language.
#include "events/filter.hpp"

#include <cctype>

#include "core/limits.hpp"
#include "core/strings.hpp"

namespace temper::events {

namespace {

using Node = Filter::Node;

struct Token {
  enum class Kind : std::uint8_t { kWord, kString, kOp, kLParen, kRParen, kComma, kEnd } kind = Kind::kEnd;
  std::string text;
  std::size_t column = 0;
};

Result<std::vector<Token>> tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  auto err = [&](std::size_t at, std::string what) {
    return fail(ErrorCode::kInvalidArgument, "filter: " + what + " at column " + std::to_string(at + 1));
  };
  while (i < s.size()) {
    const char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      ++i;
      continue;
    }
    Token t;
    t.column = i;
    if (c == '(' || c == ')' || c == ',') {
      t.kind = c == '(' ? Token::Kind::kLParen : c == ')' ? Token::Kind::kRParen : Token::Kind::kComma;
      t.text = std::string(1, c);
      ++i;
    } else if (c == '"' || c == '\'') {
      const std::size_t end = s.find(c, i + 1);
      if (end == std::string_view::npos) return err(i, "unterminated string");
      t.kind = Token::Kind::kString;
      t.text = std::string(s.substr(i + 1, end - i - 1));
      i = end + 1;
    } else if (c == '=' || c == '!' || c == '<' || c == '>' || c == '~') {
      t.kind = Token::Kind::kOp;
      t.text = std::string(1, c);
      ++i;
      if (i < s.size() && s[i] == '=' && c != '=' && c != '~') {
        t.text.push_back('=');
        ++i;
      } else if (c == '=' && i < s.size() && s[i] == '=') {
        ++i;  // "==" is "="
      }
      if (t.text == "!") return err(t.column, "expected != ");
    } else {
      t.kind = Token::Kind::kWord;
      const std::size_t start = i;
      while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])) == 0 &&
             std::string_view("()=,!<>~\"'").find(s[i]) == std::string_view::npos) {
        ++i;
      }
      t.text = std::string(s.substr(start, i - start));
    }
    out.push_back(std::move(t));
  }
  Token end;
  end.column = s.size();
  out.push_back(end);
  return out;
}

Node::Op op_of(std::string_view op);

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<std::unique_ptr<Node>> parse() {
    TEMPER_ASSIGN_OR_RETURN(auto root, expr(0));
    if (peek().kind != Token::Kind::kEnd) return error("unexpected '" + peek().text + "'");
    return root;
  }

 private:
  const Token& peek() const { return tokens_[pos_]; }
  Token take() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool keyword(std::string_view k) const { return peek().kind == Token::Kind::kWord && iequals(peek().text, k); }
  std::unexpected<Error> error(const std::string& what) const {
    return fail(ErrorCode::kInvalidArgument, "filter: " + what + " at column " + std::to_string(peek().column + 1));
  }

  Result<std::unique_ptr<Node>> expr(std::size_t depth) {
    if (depth > limits::kMaxNestingDepth) return error("expression nested too deep");
    TEMPER_ASSIGN_OR_RETURN(auto left, and_expr(depth));
    while (keyword("or")) {
      take();
      TEMPER_ASSIGN_OR_RETURN(auto right, and_expr(depth));
      left = combine(Node::Kind::kOr, std::move(left), std::move(right));
    }
    return left;
  }

  Result<std::unique_ptr<Node>> and_expr(std::size_t depth) {
    TEMPER_ASSIGN_OR_RETURN(auto left, unary(depth));
    while (keyword("and")) {
      take();
      TEMPER_ASSIGN_OR_RETURN(auto right, unary(depth));
      left = combine(Node::Kind::kAnd, std::move(left), std::move(right));
    }
    return left;
  }

  static std::unique_ptr<Node> combine(Node::Kind kind, std::unique_ptr<Node> a, std::unique_ptr<Node> b) {
    auto n = std::make_unique<Node>();
    n->kind = kind;
    n->children.push_back(std::move(a));
    n->children.push_back(std::move(b));
    return n;
  }

  Result<std::unique_ptr<Node>> unary(std::size_t depth) {
    if (depth > limits::kMaxNestingDepth) return error("expression nested too deep");
    if (keyword("not")) {
      take();
      TEMPER_ASSIGN_OR_RETURN(auto inner, unary(depth + 1));
      auto n = std::make_unique<Node>();
      n->kind = Node::Kind::kNot;
      n->children.push_back(std::move(inner));
      return n;
    }
    if (peek().kind == Token::Kind::kLParen) {
      take();
      TEMPER_ASSIGN_OR_RETURN(auto inner, expr(depth + 1));
      if (peek().kind != Token::Kind::kRParen) return error("expected ')'");
      take();
      return inner;
    }
    return comparison();
  }

  Result<std::string> value() {
    if (peek().kind != Token::Kind::kWord && peek().kind != Token::Kind::kString) return error("expected a value");
    return take().text;
  }

  Result<std::unique_ptr<Node>> comparison() {
    if (peek().kind != Token::Kind::kWord) return error("expected a field name");
    auto n = std::make_unique<Node>();
    n->field = take().text;
    bool negate = false;
    if (keyword("not")) {
      take();
      negate = true;
      if (!keyword("in")) return error("expected 'in' after 'not'");
    }
    if (keyword("in")) {
      take();
      n->kind = Node::Kind::kIn;
      if (peek().kind != Token::Kind::kLParen) return error("expected '(' after 'in'");
      take();
      while (true) {
        TEMPER_ASSIGN_OR_RETURN(std::string v, value());
        n->values.push_back(std::move(v));
        if (peek().kind == Token::Kind::kComma) {
          take();
          continue;
        }
        if (peek().kind == Token::Kind::kRParen) {
          take();
          break;
        }
        return error("expected ',' or ')'");
      }
      if (!negate) return n;
      auto outer = std::make_unique<Node>();
      outer->kind = Node::Kind::kNot;
      outer->children.push_back(std::move(n));
      return outer;
    }
    if (peek().kind != Token::Kind::kOp) return error("expected an operator after '" + n->field + "'");
    n->op = op_of(tokens_[pos_].text);
    take();
    TEMPER_ASSIGN_OR_RETURN(std::string v, value());
    n->values.push_back(std::move(v));
    return n;
  }

  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
};

Node::Op op_of(std::string_view op) {
  if (op == "=") return Node::Op::kEq;
  if (op == "!=") return Node::Op::kNe;
  if (op == "<") return Node::Op::kLt;
  if (op == "<=") return Node::Op::kLe;
  if (op == ">") return Node::Op::kGt;
  if (op == ">=") return Node::Op::kGe;
  return Node::Op::kContains;
}

}  // namespace

Filter::Filter() = default;
Filter::~Filter() = default;
Filter::Filter(Filter&&) noexcept = default;
Filter& Filter::operator=(Filter&&) noexcept = default;

Result<Filter> Filter::parse(std::string_view expression) {
  Filter f;
  if (trim(expression).empty()) return f;
  TEMPER_ASSIGN_OR_RETURN(auto tokens, tokenize(expression));
  Parser p(std::move(tokens));
  TEMPER_ASSIGN_OR_RETURN(f.root_, p.parse());
  return f;
}

}  // namespace temper::events
