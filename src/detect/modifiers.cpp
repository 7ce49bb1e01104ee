// SPDX-License-Identifier: Apache-2.0
// Sigma field modifiers -> Predicates, all parsed at compile time: `Image|endswith: '\cmd.exe'` becomes
// one Predicate on the bound field id of Image with a kSuffix operand "\cmd.exe" (lower-cased).
//
// A value is first tokenised: `\*`, `\?` and `\\` are literals, bare `*`/`?` are wildcards (kStar/kOne).
// Transforms run left to right as written (windash expands dashes, utf16*/wide encode, base64 and
// base64offset encode), then contains/startswith/endswith add wildcards, and the pattern is classified:
// no wildcard -> kEquals, `X*` -> kPrefix, `*X` -> kSuffix, `*X*` -> kContains, anything else -> kGlob.
#include <algorithm>
#include <charconv>
#include <cstring>

#include "core/strings.hpp"
#include "core/utf.hpp"
#include "detect/detail/compile.hpp"

namespace temper::detect::detail {
namespace {

constexpr std::size_t kMaxOperandsPerField = 100'000;
constexpr std::size_t kMaxWindashDashes = 3;  // 5^3 variants of one value

std::unexpected<Error> unsupported(std::string reason) { return fail(ErrorCode::kUnsupported, std::move(reason)); }

std::string tokenise(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '\\' && i + 1 < value.size() && (value[i + 1] == '*' || value[i + 1] == '?' || value[i + 1] == '\\')) {
      out.push_back(value[++i]);
    } else if (c == '*') {
      out.push_back(kStar);
    } else if (c == '?') {
      out.push_back(kOne);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool has_wildcard(std::string_view s) { return s.find_first_of("\x01\x02") != std::string_view::npos; }

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto n = (std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16) |
                   (std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8) | static_cast<unsigned char>(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(kAlphabet[(n >> s) & 63]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16;
    if (rest == 2) n |= std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(rest == 2 ? kAlphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

// The three encodings of `bytes` at offsets 0, 1, 2 of a base64 stream, cut to the characters that do
// not depend on the neighbouring bytes.
std::vector<std::string> base64_offsets(std::string_view bytes) {
  std::vector<std::string> out;
  constexpr std::size_t kStart[] = {0, 2, 3};
  constexpr std::size_t kEndTrim[] = {0, 3, 2};
  for (std::size_t shift = 0; shift < 3; ++shift) {
    const std::string enc = base64(std::string(shift, '\0') + std::string(bytes));
    const std::size_t trim = kEndTrim[(bytes.size() + shift) % 3];
    if (enc.size() < kStart[shift] + trim) continue;
    out.push_back(enc.substr(kStart[shift], enc.size() - kStart[shift] - trim));
  }
  return out;
}

std::string utf16(std::string_view utf8, bool big_endian) {
  std::string out = utf8_to_utf16le(utf8);
  if (big_endian) {
    for (std::size_t i = 0; i + 1 < out.size(); i += 2) std::swap(out[i], out[i + 1]);
  }
  return out;
}

// Dashes or slashes at the start of the value or after a space, each replaced by the five characters
// Windows tools accept as option prefixes.
Result<std::vector<std::string>> windash(const std::string& value) {
  static constexpr std::string_view kDashes[] = {"-", "/", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\x95"};
  std::vector<std::size_t> at;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if ((value[i] == '-' || value[i] == '/') && (i == 0 || value[i - 1] == ' ' || value[i - 1] == kStar)) at.push_back(i);
  }
  if (at.size() > kMaxWindashDashes) return unsupported("windash on a value with more than 3 option dashes");
  std::vector<std::string> out{""};
  std::size_t from = 0;
  for (const std::size_t pos : at) {
    std::vector<std::string> next;
    for (const auto& prefix : out) {
      for (const auto dash : kDashes) next.push_back(prefix + value.substr(from, pos - from) + std::string(dash));
    }
    out = std::move(next);
    from = pos + 1;
  }
  for (auto& v : out) v += value.substr(from);
  return out;
}

bool parse_double(std::string_view s, double& out) {
  s = trim(s);
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

bool parse_cidr(std::string_view text, Operand& op) {
  const auto slash = text.find('/');
  const std::string_view addr = text.substr(0, slash);
  unsigned bits = 0;
  const bool v6 = addr.find(':') != std::string_view::npos;
  const unsigned max_bits = v6 ? 128 : 32;
  if (slash == std::string_view::npos) {
    bits = max_bits;
  } else {
    const auto b = text.substr(slash + 1);
    const auto [ptr, ec] = std::from_chars(b.data(), b.data() + b.size(), bits);
    if (ec != std::errc() || ptr != b.data() + b.size() || bits > max_bits) return false;
  }
  op.kind = MatchKind::kCidr;
  op.family = v6 ? 6 : 4;
  op.prefix_bits = static_cast<std::uint8_t>(bits);
  return parse_ip(addr, op.address, op.family);
}

std::uint32_t add_node(CompiledRule& rule, Node::Kind kind, std::vector<std::uint32_t> children, std::uint32_t predicate) {
  rule.nodes.push_back(Node{kind, predicate, std::move(children)});
  return static_cast<std::uint32_t>(rule.nodes.size() - 1);
}

Operand classify(std::string pattern, bool cased) {
  Operand op;
  if (!cased) pattern = to_lower(pattern);
  const bool lead = !pattern.empty() && pattern.front() == kStar;
  const bool tail = pattern.size() > 1 && pattern.back() == kStar;
  const std::string_view inner = std::string_view(pattern).substr(lead ? 1 : 0, pattern.size() - (lead ? 1 : 0) - (tail ? 1 : 0));
  if (has_wildcard(inner)) {
    op.kind = MatchKind::kGlob;
    op.text = std::move(pattern);
    return op;
  }
  op.kind = lead && tail ? MatchKind::kContains : lead ? MatchKind::kSuffix : tail ? MatchKind::kPrefix : MatchKind::kEquals;
  if (pattern == std::string(1, kStar)) op.kind = MatchKind::kContains;
  op.text = std::string(inner);
  return op;
}

Result<std::uint32_t> compile_keywords(const std::vector<std::string>& values, CompiledRule& rule, bool all) {
  Predicate p;
  p.field = kAnyField;
  p.all = all;
  for (const auto& v : values) {
    std::string pattern = tokenise(v);
    if (pattern.empty() || pattern.front() != kStar) pattern.insert(pattern.begin(), kStar);
    if (pattern.size() < 2 || pattern.back() != kStar) pattern.push_back(kStar);
    p.operands.push_back(classify(std::move(pattern), false));
  }
  rule.predicates.push_back(std::move(p));
  return add_node(rule, Node::Kind::kPredicate, {}, static_cast<std::uint32_t>(rule.predicates.size() - 1));
}

Result<std::uint32_t> compile_field(std::string_view key, const std::vector<std::optional<std::string>>& values,
                                    const ScopeVariant& variant, RuleSet& set, CompiledRule& rule) {
  const auto parts = split(key, '|');
  std::string field = std::string(trim(parts.empty() ? key : parts[0]));
  if (field.empty()) {
    // A key without a field name is a keyword search; Sigma allows `|all` there (every keyword occurs).
    std::vector<std::string> words;
    for (const auto& v : values) {
      if (!v) return unsupported("null among keywords");
      words.push_back(*v);
    }
    if (parts.size() == 2 && trim(parts[1]) == "all") return compile_keywords(words, rule, true);
    return unsupported("keywords with modifiers other than '|all'");
  }
  for (const auto& [from, to] : variant.renames) {
    if (field == from) field = std::string(to);
  }
  Predicate p;
  p.field = set.bind_field(field);
  enum class Wrap { kNone, kContains, kStarts, kEnds } wrap = Wrap::kNone;
  enum class Special { kNone, kRegex, kCidr, kNumber, kExists, kFieldRef } special = Special::kNone;
  MatchKind number_kind = MatchKind::kLess;
  bool re_i = false, re_m = false, re_s = false;
  std::vector<std::string> transforms;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const std::string m = to_lower(trim(parts[i]));
    if (m == "contains") wrap = Wrap::kContains;
    else if (m == "startswith") wrap = Wrap::kStarts;
    else if (m == "endswith") wrap = Wrap::kEnds;
    else if (m == "all") p.all = true;
    else if (m == "cased") p.cased = true;
    else if (m == "neq") p.negate = true;
    else if (m == "re") special = Special::kRegex;
    else if (special == Special::kRegex && (m == "i" || m == "ignorecase")) re_i = true;
    else if (special == Special::kRegex && (m == "m" || m == "multiline")) re_m = true;
    else if (special == Special::kRegex && (m == "s" || m == "dotall")) re_s = true;
    else if (m == "cidr") special = Special::kCidr;
    else if (m == "exists") special = Special::kExists;
    else if (m == "fieldref") special = Special::kFieldRef;
    else if (m == "lt" || m == "lte" || m == "gt" || m == "gte") {
      special = Special::kNumber;
      number_kind = m == "lt" ? MatchKind::kLess : m == "lte" ? MatchKind::kLessEqual : m == "gt" ? MatchKind::kGreater : MatchKind::kGreaterEqual;
    } else if (m == "windash" || m == "base64" || m == "base64offset" || m == "utf16le" || m == "utf16be" || m == "utf16" || m == "wide") {
      transforms.push_back(m);
    } else if (m == "expand") {
      return unsupported("expand: placeholders need a placeholder configuration (none is loaded)");
    } else {
      return unsupported("unknown modifier '" + m + "'");
    }
  }
  if (special != Special::kNone && (wrap != Wrap::kNone || !transforms.empty())) {
    return unsupported("modifier combination: re/cidr/lt/gt/exists/fieldref with contains/startswith/endswith or encodings");
  }
  const bool encoded = std::any_of(transforms.begin(), transforms.end(), [](const std::string& t) { return t.starts_with("base64"); });
  const bool utf16_only = !encoded && std::any_of(transforms.begin(), transforms.end(), [](const std::string& t) { return t.starts_with("utf16") || t == "wide"; });
  if (utf16_only) return unsupported("utf16/wide without base64: events hold decoded text");
  if (encoded) p.cased = true;  // base64 text is case-sensitive

  std::vector<std::uint32_t> alternatives;  // null values become their own predicate
  for (const auto& value : values) {
    if (!value) {
      if (special != Special::kNone || !transforms.empty()) return unsupported("null value with a modifier");
      Predicate n;
      n.field = p.field;
      n.null = true;
      n.negate = p.negate;
      rule.predicates.push_back(std::move(n));
      alternatives.push_back(add_node(rule, Node::Kind::kPredicate, {}, static_cast<std::uint32_t>(rule.predicates.size() - 1)));
      continue;
    }
    switch (special) {
      case Special::kRegex: {
        auto rx = set.add_regex(*value, re_i, re_m, re_s);
        if (!rx) return unsupported(rx.error().message);
        Operand op;
        op.kind = MatchKind::kRegex;
        op.regex = *rx;
        p.operands.push_back(std::move(op));
        continue;
      }
      case Special::kCidr: {
        Operand op;
        if (!parse_cidr(trim(*value), op)) return unsupported("cidr: not a network: '" + *value + "'");
        p.operands.push_back(std::move(op));
        continue;
      }
      case Special::kNumber: {
        Operand op;
        op.kind = number_kind;
        if (!parse_double(*value, op.number)) return unsupported("lt/lte/gt/gte: not a number: '" + *value + "'");
        p.operands.push_back(std::move(op));
        continue;
      }
      case Special::kExists: {
        const std::string v = to_lower(trim(*value));
        if (v != "true" && v != "false") return unsupported("exists: value must be true or false");
        p.exists = true;
        p.exists_value = v == "true";
        continue;
      }
      case Special::kFieldRef: {
        Operand op;
        op.kind = MatchKind::kFieldEquals;
        std::string other = std::string(trim(*value));
        for (const auto& [from, to] : variant.renames) {
          if (other == from) other = std::string(to);
        }
        op.other = set.bind_field(other);
        p.operands.push_back(std::move(op));
        continue;
      }
      case Special::kNone:
        break;
    }
    std::vector<std::string> patterns{tokenise(*value)};
    for (const auto& t : transforms) {
      std::vector<std::string> next;
      for (auto& pat : patterns) {
        if (t == "windash") {
          auto v = windash(pat);
          if (!v) return std::unexpected(v.error());
          next.insert(next.end(), v->begin(), v->end());
          continue;
        }
        if (has_wildcard(pat)) return unsupported("wildcards in a value with modifier '" + t + "'");
        if (t == "base64") next.push_back(base64(pat));
        else if (t == "base64offset") { auto v = base64_offsets(pat); next.insert(next.end(), v.begin(), v.end()); }
        else if (t == "utf16le" || t == "wide") next.push_back(utf16(pat, false));
        else if (t == "utf16be") next.push_back(utf16(pat, true));
        else next.push_back("\xFF\xFE" + utf16(pat, false));
      }
      patterns = std::move(next);
    }
    for (auto& pat : patterns) {
      if (wrap == Wrap::kContains || wrap == Wrap::kEnds) { if (pat.empty() || pat.front() != kStar) pat.insert(pat.begin(), kStar); }
      if (wrap == Wrap::kContains || wrap == Wrap::kStarts) { if (pat.size() < 2 || pat.back() != kStar) pat.push_back(kStar); }
      p.operands.push_back(classify(std::move(pat), p.cased));
    }
    if (p.operands.size() > kMaxOperandsPerField) return unsupported("more than 100000 values for one field");
  }
  if (p.exists || !p.operands.empty() || alternatives.empty()) {
    if (!p.exists && p.operands.empty()) return unsupported("field '" + field + "' with an empty value list");
    rule.predicates.push_back(std::move(p));
    alternatives.push_back(add_node(rule, Node::Kind::kPredicate, {}, static_cast<std::uint32_t>(rule.predicates.size() - 1)));
  }
  if (alternatives.size() == 1) return alternatives[0];
  return add_node(rule, Node::Kind::kOr, std::move(alternatives));
}

}  // namespace temper::detect::detail
