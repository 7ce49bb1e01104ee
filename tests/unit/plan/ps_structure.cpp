// SPDX-License-Identifier: Apache-2.0
// The PowerShell tokenizer and structural checks used by the plan's PowerShell tests.
#include "ps_structure.hpp"

#include <algorithm>
#include <cstdint>
#include <map>

#include "core/utf.hpp"

namespace temper::plan::test {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool ends_with_i(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && lower(s.substr(s.size() - suffix.size())) == lower(suffix);
}

// Length of a quote character at `i`: `ascii`, or U+2000 + [lo, hi] (E2 80 lo..hi in UTF-8); 0 when none.
std::size_t quote_at(std::string_view s, std::size_t i, char ascii, unsigned char lo, unsigned char hi) {
  if (i >= s.size()) return 0;
  if (s[i] == ascii) return 1;
  if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    const auto c = static_cast<unsigned char>(s[i + 2]);
    if (c >= lo && c <= hi) return 3;
  }
  return 0;
}
// ' and the typographic single quotes U+2018..U+201B, which end a PowerShell '...' string too.
std::size_t single_quote_at(std::string_view s, std::size_t i) { return quote_at(s, i, '\'', 0x98, 0x9B); }
// " and the typographic double quotes U+201C..U+201E.
std::size_t double_quote_at(std::string_view s, std::size_t i) { return quote_at(s, i, '"', 0x9C, 0x9E); }

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }
bool is_punct(char c) { return c == '(' || c == ')' || c == '{' || c == '}' || c == '[' || c == ']' || c == ';' || c == ',' || c == '|'; }

// A here-string header: @' or @" followed by blanks up to a line break. Returns the index after the
// line break, or npos.
std::size_t here_header_end(std::string_view s, std::size_t i) {
  std::size_t j = i + 2;
  while (j < s.size() && (s[j] == ' ' || s[j] == '\t')) ++j;
  if (j < s.size() && s[j] == '\r') ++j;
  if (j < s.size() && s[j] == '\n') return j + 1;
  return std::string_view::npos;
}

// Index of the bracket matching the opening one at `open` (punct tokens), or npos.
std::size_t matching(const std::vector<Token>& t, std::size_t open) {
  const char o = t[open].text[0];
  const char c = o == '(' ? ')' : o == '{' ? '}' : ']';
  int depth = 0;
  for (std::size_t i = open; i < t.size(); ++i) {
    if (t[i].kind != TokenKind::kPunct) continue;
    if (t[i].text[0] == o) ++depth;
    if (t[i].text[0] == c && --depth == 0) return i;
  }
  return std::string::npos;
}

std::string join_ids(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

struct FunctionBody {
  std::string name;
  std::size_t open = 0;   // the {
  std::size_t close = 0;  // the matching }
};

std::vector<FunctionBody> functions(const std::vector<Token>& t) {
  std::vector<FunctionBody> out;
  for (std::size_t i = 0; i + 2 < t.size(); ++i) {
    if (t[i].kind != TokenKind::kWord || lower(t[i].text) != "function" || t[i + 1].kind != TokenKind::kWord) continue;
    if (t[i + 2].kind != TokenKind::kPunct || t[i + 2].text != "{") continue;
    const std::size_t close = matching(t, i + 2);
    if (close != std::string::npos) out.push_back({lower(t[i + 1].text), i + 2, close});
  }
  return out;
}

}  // namespace

Tokenized tokenize(std::string_view s) {
  Tokenized out;
  std::size_t i = 0;
  std::size_t line = 1;
  auto count_lines = [&](std::size_t from, std::size_t to) {
    line += static_cast<std::size_t>(std::count(s.begin() + static_cast<std::ptrdiff_t>(from), s.begin() + static_cast<std::ptrdiff_t>(to), '\n'));
  };
  while (i < s.size()) {
    const char c = s[i];
    if (is_blank(c)) {
      if (c == '\n') ++line;
      ++i;
      continue;
    }
    const std::size_t start_line = line;
    if (c == '<' && i + 1 < s.size() && s[i + 1] == '#') {
      const std::size_t end = s.find("#>", i + 2);
      if (end == std::string_view::npos) {
        out.errors.push_back("line " + std::to_string(start_line) + ": unterminated <# comment");
        out.tokens.push_back({TokenKind::kComment, std::string(s.substr(i)), start_line});
        break;
      }
      out.tokens.push_back({TokenKind::kComment, std::string(s.substr(i, end + 2 - i)), start_line});
      count_lines(i, end + 2);
      i = end + 2;
      continue;
    }
    if (c == '#') {
      std::size_t end = s.find('\n', i);
      if (end == std::string_view::npos) end = s.size();
      std::size_t text_end = end;
      if (text_end > i && s[text_end - 1] == '\r') --text_end;
      out.tokens.push_back({TokenKind::kComment, std::string(s.substr(i, text_end - i)), start_line});
      i = end;
      continue;
    }
    if (c == '@' && i + 1 < s.size() && (single_quote_at(s, i + 1) == 1 || double_quote_at(s, i + 1) == 1)) {
      const bool single = s[i + 1] == '\'';
      const std::size_t body = here_header_end(s, i);
      if (body == std::string_view::npos) {
        out.errors.push_back("line " + std::to_string(start_line) + ": here-string header not followed by a line break");
        ++i;
        continue;
      }
      const std::string terminator = single ? "\n'@" : "\n\"@";
      const std::size_t end = s.find(terminator, body - 1);
      if (end == std::string_view::npos) {
        out.errors.push_back("line " + std::to_string(start_line) + ": unterminated here-string");
        out.tokens.push_back({single ? TokenKind::kHereSingle : TokenKind::kHereDouble, std::string(s.substr(body)), start_line});
        break;
      }
      std::size_t content_end = end;
      if (content_end > body && s[content_end - 1] == '\r') --content_end;
      const std::string content = end + 1 > body ? std::string(s.substr(body, content_end > body ? content_end - body : 0)) : std::string();
      out.tokens.push_back({single ? TokenKind::kHereSingle : TokenKind::kHereDouble, content, start_line});
      count_lines(i, end + 3);
      i = end + 3;
      continue;
    }
    if (const std::size_t q = single_quote_at(s, i); q > 0) {
      std::string value;
      std::size_t j = i + q;
      bool closed = false;
      while (j < s.size()) {
        if (const std::size_t q1 = single_quote_at(s, j); q1 > 0) {
          if (const std::size_t q2 = single_quote_at(s, j + q1); q2 > 0) {  // '' (any two quote characters): one quote
            value += '\'';
            j += q1 + q2;
            continue;
          }
          j += q1;
          closed = true;
          break;
        }
        value += s[j];
        ++j;
      }
      if (!closed) out.errors.push_back("line " + std::to_string(start_line) + ": unterminated '...' string");
      out.tokens.push_back({TokenKind::kSingleString, value, start_line});
      count_lines(i, j);
      i = j;
      continue;
    }
    if (const std::size_t q = double_quote_at(s, i); q > 0) {
      std::size_t j = i + q;
      bool closed = false;
      while (j < s.size()) {
        if (s[j] == '`') {
          j += 2;
          continue;
        }
        if (const std::size_t q1 = double_quote_at(s, j); q1 > 0) {
          if (const std::size_t q2 = double_quote_at(s, j + q1); q2 > 0) {
            j += q1 + q2;
            continue;
          }
          j += q1;
          closed = true;
          break;
        }
        ++j;
      }
      if (!closed) out.errors.push_back("line " + std::to_string(start_line) + ": unterminated \"...\" string");
      const std::size_t content_end = closed ? j - 1 : std::min(j, s.size());
      out.tokens.push_back({TokenKind::kDoubleString, std::string(s.substr(i + q, content_end > i + q ? content_end - i - q : 0)), start_line});
      count_lines(i, std::min(j, s.size()));
      i = std::min(j, s.size());
      continue;
    }
    if (is_punct(c) || c == '@') {
      out.tokens.push_back({TokenKind::kPunct, std::string(1, c), start_line});
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && !is_blank(s[j]) && !is_punct(s[j]) && single_quote_at(s, j) == 0 && double_quote_at(s, j) == 0) ++j;
    out.tokens.push_back({TokenKind::kWord, std::string(s.substr(i, j - i)), start_line});
    i = j;
  }
  return out;
}

std::vector<std::string> check_balance(const Tokenized& t) {
  std::vector<std::string> errors = t.errors;
  std::vector<const Token*> stack;
  for (const auto& tok : t.tokens) {
    if (tok.kind != TokenKind::kPunct) continue;
    const char c = tok.text[0];
    if (c == '(' || c == '{' || c == '[') {
      stack.push_back(&tok);
      continue;
    }
    if (c != ')' && c != '}' && c != ']') continue;
    const char want = c == ')' ? '(' : c == '}' ? '{' : '[';
    if (stack.empty() || stack.back()->text[0] != want) {
      errors.push_back("line " + std::to_string(tok.line) + ": unmatched '" + tok.text + "'");
      return errors;
    }
    stack.pop_back();
  }
  for (const Token* open : stack) errors.push_back("line " + std::to_string(open->line) + ": '" + open->text + "' never closed");
  return errors;
}

std::vector<Segment> segments(const std::vector<Token>& tokens) {
  std::vector<Segment> out;
  constexpr std::string_view kMark = "# ---- ";
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind != TokenKind::kComment || tokens[i].text.rfind(kMark, 0) != 0) continue;
    if (!out.empty() && out.back().end == 0) out.back().end = i;
    std::string rest = tokens[i].text.substr(kMark.size());
    const std::size_t bar = rest.find(" |");
    if (bar == std::string::npos) continue;  // "# ---- summary ----" and other headings end a segment
    out.push_back({rest.substr(0, bar), i, 0});
  }
  if (!out.empty() && out.back().end == 0) out.back().end = tokens.size();
  return out;
}

bool changes_system(std::string_view word) {
  static const std::set<std::string> kCmdlets = {
      "set-service", "stop-service", "start-service", "restart-service", "suspend-service",
      "set-webconfigurationproperty", "add-webconfigurationproperty", "remove-webconfigurationproperty",
      "clear-webconfiguration", "set-webconfiguration", "add-webconfiguration",
      "install-windowsfeature", "uninstall-windowsfeature", "add-windowsfeature", "remove-windowsfeature",
      "set-itemproperty", "new-itemproperty", "remove-itemproperty", "new-item", "set-content",
      "sc.exe", "/configure", "/set", "/restore", "/clear", "/remove"};
  if (kCmdlets.contains(lower(word))) return true;
  for (std::string_view method : {".SetValue", ".DeleteValue", ".CreateSubKey", ".DeleteSubKey", ".DeleteSubKeyTree", ".SetAccessControl"}) {
    if (ends_with_i(word, method)) return true;
  }
  return false;
}

std::set<std::string> changing_functions(const std::vector<Token>& tokens) {
  const auto bodies = functions(tokens);
  std::set<std::string> changing;
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& f : bodies) {
      if (changing.contains(f.name)) continue;
      for (std::size_t i = f.open; i < f.close; ++i) {
        if (tokens[i].kind != TokenKind::kWord) continue;
        if (changes_system(tokens[i].text) || changing.contains(lower(tokens[i].text))) {
          changing.insert(f.name);
          grew = true;
          break;
        }
      }
    }
  }
  return changing;
}

std::vector<std::size_t> changing_calls(const std::vector<Token>& tokens) {
  const auto bodies = functions(tokens);
  const auto changing = changing_functions(tokens);
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind != TokenKind::kWord) continue;
    if (i > 0 && tokens[i - 1].kind == TokenKind::kWord && lower(tokens[i - 1].text) == "function") continue;
    const bool in_body = std::any_of(bodies.begin(), bodies.end(), [i](const FunctionBody& f) { return i > f.open && i < f.close; });
    if (in_body) continue;
    if (changes_system(tokens[i].text) || changing.contains(lower(tokens[i].text))) out.push_back(i);
  }
  return out;
}

std::vector<std::string> check_guards(const std::vector<Token>& tokens) {
  // For every { : is it a ShouldProcess guard? Then a token is guarded when some enclosing { is.
  std::vector<bool> guarded_at(tokens.size(), false);
  std::vector<bool> stack;  // per open {: guarded
  std::vector<std::size_t> paren_open;  // indexes of open (
  std::map<std::size_t, std::size_t> paren_match;  // close -> open
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.kind == TokenKind::kPunct && t.text == "(") paren_open.push_back(i);
    if (t.kind == TokenKind::kPunct && t.text == ")" && !paren_open.empty()) {
      paren_match[i] = paren_open.back();
      paren_open.pop_back();
    }
    if (t.kind == TokenKind::kPunct && t.text == "{") {
      bool guard = !stack.empty() && stack.back();
      if (!guard && i > 0 && tokens[i - 1].kind == TokenKind::kPunct && tokens[i - 1].text == ")") {
        const auto m = paren_match.find(i - 1);
        if (m != paren_match.end() && m->second > 0 && tokens[m->second - 1].kind == TokenKind::kWord) {
          const std::string kw = lower(tokens[m->second - 1].text);
          if (kw == "if" || kw == "elseif") {
            for (std::size_t k = m->second; k < i; ++k) {
              if (tokens[k].kind == TokenKind::kWord && lower(tokens[k].text).rfind("$pscmdlet.shouldprocess", 0) == 0) guard = true;
            }
          }
        }
      }
      stack.push_back(guard);
    }
    if (t.kind == TokenKind::kPunct && t.text == "}" && !stack.empty()) stack.pop_back();
    guarded_at[i] = !stack.empty() && stack.back();
  }
  std::vector<std::string> errors;
  for (std::size_t i : changing_calls(tokens)) {
    if (!guarded_at[i]) errors.push_back("line " + std::to_string(tokens[i].line) + ": " + tokens[i].text + " outside a ShouldProcess guard");
  }
  return errors;
}

std::optional<std::string> here_string_of(const std::vector<Token>& tokens, std::string_view variable) {
  const std::string name = "$" + lower(variable);
  for (std::size_t i = 0; i + 2 < tokens.size(); ++i) {
    if (tokens[i].kind == TokenKind::kWord && lower(tokens[i].text) == name && tokens[i + 1].text == "=" &&
        (tokens[i + 2].kind == TokenKind::kHereSingle || tokens[i + 2].kind == TokenKind::kHereDouble)) {
      return tokens[i + 2].text;
    }
  }
  return std::nullopt;
}

std::vector<std::string> saved_ids(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i + 2 < tokens.size(); ++i) {
    if (tokens[i].kind == TokenKind::kWord && lower(tokens[i].text) == "save-temperstate" && lower(tokens[i + 1].text) == "-id" &&
        tokens[i + 2].kind == TokenKind::kSingleString) {
      out.push_back(tokens[i + 2].text);
    }
  }
  return out;
}

std::optional<std::string> eval_literal(std::string_view expression) {
  const Tokenized t = tokenize(expression);
  if (!t.errors.empty() || t.tokens.empty()) return std::nullopt;
  const auto& k = t.tokens;
  std::size_t i = 0;
  std::size_t end = k.size();
  if (k.front().kind == TokenKind::kPunct && k.front().text == "(") {
    if (k.back().kind != TokenKind::kPunct || k.back().text != ")") return std::nullopt;
    i = 1;
    --end;
  }
  std::string out;
  std::uint32_t high = 0;  // a pending high surrogate
  bool expect_operand = true;
  for (; i < end; ++i) {
    if (!expect_operand) {
      if (k[i].kind != TokenKind::kWord || k[i].text != "+") return std::nullopt;
      expect_operand = true;
      continue;
    }
    expect_operand = false;
    if (k[i].kind == TokenKind::kSingleString) {
      if (high != 0) return std::nullopt;
      out += k[i].text;
      continue;
    }
    // [char]0xNNNN
    if (i + 3 >= end || k[i].text != "[" || k[i + 1].text != "char" || k[i + 2].text != "]" || k[i + 3].kind != TokenKind::kWord) {
      return std::nullopt;
    }
    const std::string& num = k[i + 3].text;
    if (num.size() < 3 || num.rfind("0x", 0) != 0) return std::nullopt;
    const auto unit = static_cast<std::uint32_t>(std::stoul(num.substr(2), nullptr, 16));
    i += 3;
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      if (high != 0) return std::nullopt;
      high = unit;
      continue;
    }
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      if (high == 0) return std::nullopt;
      append_utf8(out, static_cast<char32_t>(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00)));
      high = 0;
      continue;
    }
    if (high != 0) return std::nullopt;
    append_utf8(out, static_cast<char32_t>(unit));
  }
  if (expect_operand || high != 0) return std::nullopt;
  return out;
}

std::vector<std::string> code_containing(const std::vector<Token>& tokens, std::string_view needle) {
  std::vector<std::string> out;
  for (const auto& t : tokens) {
    if ((t.kind == TokenKind::kWord || t.kind == TokenKind::kDoubleString || t.kind == TokenKind::kHereDouble) &&
        t.text.find(needle) != std::string::npos) {
      out.push_back("line " + std::to_string(t.line) + ": " + t.text);
    }
  }
  return out;
}

namespace {

bool has_word(const std::vector<Token>& t, std::size_t from, std::size_t to, std::string_view word) {
  for (std::size_t i = from; i < to; ++i) {
    if (t[i].kind == TokenKind::kWord && lower(t[i].text) == lower(word)) return true;
  }
  return false;
}

bool has_string(const std::vector<Token>& t, std::size_t from, std::size_t to, std::string_view value) {
  for (std::size_t i = from; i < to; ++i) {
    if (t[i].kind == TokenKind::kSingleString && t[i].text == value) return true;
  }
  return false;
}

// What both scripts must declare: elevation, -WhatIf support, strict mode, errors that stop.
void check_preamble(const Tokenized& t, std::string_view which, std::vector<std::string>& errors) {
  bool requires_admin = false;
  for (const auto& tok : t.tokens) {
    if (tok.kind == TokenKind::kComment && lower(tok.text) == "#requires -runasadministrator") requires_admin = true;
  }
  if (!requires_admin) errors.push_back(std::string(which) + ": no #Requires -RunAsAdministrator");
  for (std::string_view w : {"SupportsShouldProcess", "Set-StrictMode", "$ErrorActionPreference"}) {
    if (!has_word(t.tokens, 0, t.tokens.size(), w)) errors.push_back(std::string(which) + ": no " + std::string(w));
  }
}

}  // namespace

PlanScriptReport check_plan_script(std::string_view script) {
  PlanScriptReport r;
  const Tokenized outer = tokenize(script);
  for (auto& e : check_balance(outer)) r.errors.push_back("plan script: " + e);
  for (auto& e : check_guards(outer.tokens)) r.errors.push_back("plan script: " + e);
  check_preamble(outer, "plan script", r.errors);

  const auto& t = outer.tokens;
  const auto segs = segments(t);
  const auto calls = changing_calls(t);
  for (std::size_t c : calls) {
    const bool inside = std::any_of(segs.begin(), segs.end(), [c](const Segment& s) { return c > s.begin && c < s.end; });
    if (!inside) r.errors.push_back("plan script: line " + std::to_string(t[c].line) + ": " + t[c].text + " belongs to no action");
  }
  for (const auto& seg : segs) {
    std::size_t save = std::string::npos;
    for (std::size_t i = seg.begin; i + 2 < seg.end; ++i) {
      if (t[i].kind == TokenKind::kWord && lower(t[i].text) == "save-temperstate" && t[i + 2].kind == TokenKind::kSingleString) {
        if (t[i + 2].text != seg.id) r.errors.push_back("plan script: action " + seg.id + " saves the id " + t[i + 2].text);
        if (save == std::string::npos) save = i;
      }
    }
    std::size_t first_change = std::string::npos;
    for (std::size_t c : calls) {
      if (c > seg.begin && c < seg.end) {
        first_change = c;
        break;
      }
    }
    if (save == std::string::npos) {
      if (first_change != std::string::npos) {
        r.errors.push_back("plan script: action " + seg.id + " changes " + t[first_change].text + " without saving first");
      } else if (has_word(t, seg.begin, seg.end, "Write-Warning") && has_string(t, seg.begin, seg.end, "manual")) {
        r.manual.push_back(seg.id);
      } else {
        r.errors.push_back("plan script: action " + seg.id + " neither saves and changes nor is a manual step");
      }
      continue;
    }
    r.saved.push_back(seg.id);
    if (first_change == std::string::npos) {
      r.errors.push_back("plan script: action " + seg.id + " saves but changes nothing");
    } else if (first_change < save) {
      r.errors.push_back("plan script: action " + seg.id + " changes (" + t[first_change].text + ") before it saves");
    }
  }

  const auto rollback = here_string_of(t, "TemperRollbackScript");
  if (!rollback) {
    r.errors.push_back("plan script: no $TemperRollbackScript here-string");
    return r;
  }
  const Tokenized inner = tokenize(*rollback);
  for (auto& e : check_balance(inner)) r.errors.push_back("rollback script: " + e);
  for (auto& e : check_guards(inner.tokens)) r.errors.push_back("rollback script: " + e);
  check_preamble(inner, "rollback script", r.errors);
  const auto& u = inner.tokens;
  const auto inner_calls = changing_calls(u);
  for (const auto& seg : segments(u)) {
    const bool changes = std::any_of(inner_calls.begin(), inner_calls.end(), [&seg](std::size_t c) { return c > seg.begin && c < seg.end; });
    if (!changes) r.errors.push_back("rollback script: action " + seg.id + " restores nothing");
    if (!has_string(u, seg.begin, seg.end, seg.id)) r.errors.push_back("rollback script: action " + seg.id + " never looks up its saved state");
    r.restored.push_back(seg.id);
  }
  std::vector<std::string> reversed(r.saved.rbegin(), r.saved.rend());
  if (r.restored != reversed) {
    r.errors.push_back("rollback script: restores [" + join_ids(r.restored) + "], expected the saves in reverse: [" + join_ids(reversed) + "]");
  }
  return r;
}

}  // namespace temper::plan::test
