// SPDX-License-Identifier: Apache-2.0
// The EQL lexer: query text -> tokens with line:column. Strings: "..." and '...' with backslash escapes
// (\\ \" \' \n \r \t \b \f \0 \u{hex}), """raw""" and ?"raw" (?'raw') without escapes; names with dots,
// `?` and a trailing `~` handled by the parser and here; `backquoted names`; // and /* */ comments.
#include <cctype>
#include <charconv>

#include "core/utf.hpp"
#include "detect/detail/eql_ast.hpp"

namespace temper::detect::detail {
namespace {

bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '@'; }
bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '@'; }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : s_(text) {}

  Result<std::vector<EqlToken>> run() {
    std::vector<EqlToken> out;
    while (true) {
      if (auto r = skip_space(); !r) return std::unexpected(r.error());
      EqlToken t;
      t.line = line_;
      t.column = column();
      if (pos_ >= s_.size()) {
        out.push_back(std::move(t));
        return out;
      }
      const char c = s_[pos_];
      if (s_.substr(pos_, 3) == "\"\"\"") {
        auto r = raw(t, "\"\"\"", 3);
        if (!r) return std::unexpected(r.error());
      } else if (c == '?' && pos_ + 1 < s_.size() && (s_[pos_ + 1] == '"' || s_[pos_ + 1] == '\'')) {
        ++pos_;
        auto r = raw(t, s_.substr(pos_, 1), 1);
        if (!r) return std::unexpected(r.error());
      } else if (c == '"' || c == '\'') {
        auto r = quoted(t, c);
        if (!r) return std::unexpected(r.error());
      } else if (c == '`') {
        const auto end = s_.find('`', pos_ + 1);
        if (end == std::string_view::npos) return error(t, "unterminated `name`");
        t.kind = EqlToken::Kind::kQuotedName;
        t.text = std::string(s_.substr(pos_ + 1, end - pos_ - 1));
        advance_to(end + 1);
      } else if (std::isdigit(static_cast<unsigned char>(c))) {
        number(t);
      } else if (name_start(c)) {
        std::size_t end = pos_;
        while (end < s_.size() && name_char(s_[end])) ++end;
        if (end < s_.size() && s_[end] == '~') ++end;
        t.kind = EqlToken::Kind::kName;
        t.text = std::string(s_.substr(pos_, end - pos_));
        pos_ = end;
      } else {
        static constexpr std::string_view kTwo[] = {"==", "!=", "<=", ">="};
        t.kind = EqlToken::Kind::kPunct;
        for (const auto two : kTwo) {
          if (s_.substr(pos_, 2) == two) t.text = std::string(two);
        }
        if (t.text.empty()) {
          if (std::string_view("()[],<>:+-*/%|=?~!").find(c) == std::string_view::npos) {
            return error(t, "unexpected character '" + std::string(1, c) + "'");
          }
          t.text = std::string(1, c);
        }
        pos_ += t.text.size();
      }
      out.push_back(std::move(t));
    }
  }

 private:
  std::uint32_t column() const { return static_cast<std::uint32_t>(pos_ - line_start_ + 1); }

  static std::unexpected<Error> error(const EqlToken& at, std::string message) {
    return fail(ErrorCode::kContent, std::move(message), SourceLocation({}, at.line, at.column));
  }

  // Move to `end`, counting the newlines passed.
  void advance_to(std::size_t end) {
    for (; pos_ < end; ++pos_) {
      if (s_[pos_] == '\n') {
        ++line_;
        line_start_ = pos_ + 1;
      }
    }
  }

  Result<void> skip_space() {
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        advance_to(pos_ + 1);
      } else if (s_.substr(pos_, 2) == "//") {
        const auto end = s_.find('\n', pos_);
        advance_to(end == std::string_view::npos ? s_.size() : end);
      } else if (s_.substr(pos_, 2) == "/*") {
        const auto end = s_.find("*/", pos_ + 2);
        if (end == std::string_view::npos) {
          EqlToken at;
          at.line = line_;
          at.column = column();
          return error(at, "unterminated /* comment");
        }
        advance_to(end + 2);
      } else {
        break;
      }
    }
    return {};
  }

  Result<void> raw(EqlToken& t, std::string_view delimiter, std::size_t open) {
    const std::string close(delimiter);
    const auto end = s_.find(close, pos_ + open);
    if (end == std::string_view::npos) return error(t, "unterminated raw string");
    t.kind = EqlToken::Kind::kString;
    t.raw = true;
    t.text = std::string(s_.substr(pos_ + open, end - pos_ - open));
    advance_to(end + close.size());
    return {};
  }

  Result<void> quoted(EqlToken& t, char quote) {
    t.kind = EqlToken::Kind::kString;
    std::size_t p = pos_ + 1;
    while (true) {
      if (p >= s_.size() || s_[p] == '\n') return error(t, "unterminated string");
      const char c = s_[p];
      if (c == quote) break;
      if (c != '\\') {
        t.text += c;
        ++p;
        continue;
      }
      if (p + 1 >= s_.size()) return error(t, "unterminated string");
      const char e = s_[p + 1];
      p += 2;
      switch (e) {
        case '\\': t.text += '\\'; break;
        case '"': t.text += '"'; break;
        case '\'': t.text += '\''; break;
        case 'n': t.text += '\n'; break;
        case 'r': t.text += '\r'; break;
        case 't': t.text += '\t'; break;
        case 'b': t.text += '\b'; break;
        case 'f': t.text += '\f'; break;
        case '0': t.text += '\0'; break;
        case 'u': {
          if (p >= s_.size() || s_[p] != '{') return error(t, "\\u needs {hex}");
          const auto close = s_.find('}', p);
          std::uint32_t cp = 0;
          const auto [ptr, ec] = std::from_chars(s_.data() + p + 1, s_.data() + (close == std::string_view::npos ? p + 1 : close), cp, 16);
          if (close == std::string_view::npos || ec != std::errc() || ptr != s_.data() + close || cp > 0x10FFFF) {
            return error(t, "bad \\u{...} escape");
          }
          append_utf8(t.text, static_cast<char32_t>(cp));
          p = close + 1;
          break;
        }
        default: return error(t, std::string("unknown escape \\") + e);
      }
    }
    advance_to(p + 1);
    return {};
  }

  void number(EqlToken& t) {
    std::size_t end = pos_;
    while (end < s_.size() && std::isdigit(static_cast<unsigned char>(s_[end]))) ++end;
    if (end + 1 < s_.size() && s_[end] == '.' && std::isdigit(static_cast<unsigned char>(s_[end + 1]))) {
      ++end;
      while (end < s_.size() && std::isdigit(static_cast<unsigned char>(s_[end]))) ++end;
    }
    if (end < s_.size() && (s_[end] == 'e' || s_[end] == 'E')) {
      std::size_t e = end + 1;
      if (e < s_.size() && (s_[e] == '+' || s_[e] == '-')) ++e;
      if (e < s_.size() && std::isdigit(static_cast<unsigned char>(s_[e]))) {
        end = e;
        while (end < s_.size() && std::isdigit(static_cast<unsigned char>(s_[end]))) ++end;
      }
    }
    t.kind = EqlToken::Kind::kNumber;
    t.text = std::string(s_.substr(pos_, end - pos_));
    pos_ = end;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::size_t line_start_ = 0;
  std::uint32_t line_ = 1;
};

}  // namespace

Result<std::vector<EqlToken>> lex_eql(std::string_view query) { return Lexer(query).run(); }

}  // namespace temper::detect::detail
