// SPDX-License-Identifier: Apache-2.0
// Line-preserving secret masking for XML configuration files.
#include "iis/redact_config.hpp"

#include <array>
#include <vector>

#include "core/redact.hpp"
#include "core/strings.hpp"
#include "iis/secrets.hpp"

namespace temper::iis {
namespace {
struct Attr {
  std::size_t name_begin, name_end, value_begin, value_end;  // value excludes the quotes
};

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':' ||
         c == '-' || c == '.';
}
bool space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
bool hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Words that, followed by '=' or ':', introduce a secret in free text (comments). Matched anywhere, case-
// insensitively, so "DbPassword:" and "User Password=" count; "passwordFormat=" does not (no '=' follows).
constexpr std::array<std::string_view, 12> kFreeTextWords = {
    "password",   "passwd",          "pwd",           "secret",        "apikey", "api_key",
    "accountkey", "sharedaccesskey", "validationkey", "decryptionkey", "token",  "privatekey"};
constexpr std::size_t kHexRun = 32;

// `masked` with the newlines of `original` appended, so no line moves.
std::string keep_lines(std::string masked, std::string_view original) {
  for (const char c : original) {
    if (c == '\n') masked.push_back('\n');
  }
  return masked;
}

// Attributes of the tag text[begin, end) (end at '>'). Malformed tags yield what could be read.
std::vector<Attr> attributes(std::string_view text, std::size_t begin, std::size_t end) {
  std::vector<Attr> out;
  std::size_t i = begin;
  while (i < end && name_char(text[i])) ++i;  // element name
  while (i < end) {
    while (i < end && !name_char(text[i])) ++i;
    const std::size_t nb = i;
    while (i < end && name_char(text[i])) ++i;
    const std::size_t ne = i;
    while (i < end && space(text[i])) ++i;
    if (i >= end || text[i] != '=') continue;
    ++i;
    while (i < end && space(text[i])) ++i;
    if (i >= end || (text[i] != '"' && text[i] != '\'')) continue;
    const char q = text[i++];
    const std::size_t vb = i;
    while (i < end && text[i] != q) ++i;
    if (i >= end) break;
    out.push_back(Attr{nb, ne, vb, i});
    ++i;
  }
  return out;
}

class Redactor {
 public:
  explicit Redactor(RedactionStats* stats) : stats_(stats) {}

  // Markup: tags, comments, CDATA, text. `free_text` masks secrets in the text between tags too
  // (comment and CDATA bodies).
  std::string markup(std::string_view text, bool free_text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    bool cipher_value = false;  // the text that follows is a <CipherValue>'s
    while (i < text.size()) {
      const std::size_t lt = text.find('<', i);
      const std::size_t text_end = lt == std::string_view::npos ? text.size() : lt;
      const std::string_view between = text.substr(i, text_end - i);
      if (cipher_value && !trim(between).empty()) {
        count_secret();
        out.append(keep_lines(std::string(kRedacted), between));
      } else {
        out.append(free_text ? masked_free_text(between) : std::string(between));
      }
      cipher_value = false;
      if (lt == std::string_view::npos) break;
      if (!free_text && text.substr(lt, 4) == "<!--") {  // comments do not nest
        const std::size_t close = text.find("-->", lt + 4);
        const std::size_t body_end = close == std::string_view::npos ? text.size() : close;
        out.append("<!--");
        out.append(markup(text.substr(lt + 4, body_end - lt - 4), true));
        if (close != std::string_view::npos) out.append("-->");
        i = close == std::string_view::npos ? text.size() : close + 3;
        continue;
      }
      if (text.substr(lt, 9) == "<![CDATA[") {
        const std::size_t close = text.find("]]>", lt + 9);
        const std::size_t body_end = close == std::string_view::npos ? text.size() : close;
        out.append("<![CDATA[");
        out.append(masked_free_text(text.substr(lt + 9, body_end - lt - 9)));
        if (close != std::string_view::npos) out.append("]]>");
        i = close == std::string_view::npos ? text.size() : close + 3;
        continue;
      }
      // The tag ends at the first '>' outside quotes.
      std::size_t j = lt + 1;
      char quote = 0;
      while (j < text.size()) {
        if (quote != 0) {
          if (text[j] == quote) quote = 0;
        } else if (text[j] == '"' || text[j] == '\'') {
          quote = text[j];
        } else if (text[j] == '>') {
          break;
        }
        ++j;
      }
      const std::size_t end = j < text.size() ? j : text.size();
      // In a comment a '<' may open no tag at all ("if a < b then password=..."): mask its free text too.
      out.append(free_text ? masked_free_text(tag(text, lt, end)) : tag(text, lt, end));
      std::size_t name_end = lt + 1;
      while (name_end < end && name_char(text[name_end])) ++name_end;
      cipher_value = iequals(text.substr(lt + 1, name_end - lt - 1), "CipherValue") && end > lt && text[end - 1] != '/';
      if (end < text.size()) out.push_back('>');
      i = end < text.size() ? end + 1 : text.size();
    }
    return out;
  }

 private:
  // The tag text[lt, end) with its secret attribute values masked.
  std::string tag(std::string_view text, std::size_t lt, std::size_t end) {
    std::size_t name_end = lt + 1;
    while (name_end < end && name_char(text[name_end])) ++name_end;
    const std::string_view element = text.substr(lt + 1, name_end - lt - 1);
    const auto attrs = attributes(text, name_end, end);
    std::string_view item_key;
    for (const auto& a : attrs) {
      if (iequals(text.substr(a.name_begin, a.name_end - a.name_begin), "key")) {
        item_key = text.substr(a.value_begin, a.value_end - a.value_begin);
      }
    }
    std::string out;
    std::size_t pos = lt;
    for (const auto& a : attrs) {
      const std::string_view name = text.substr(a.name_begin, a.name_end - a.name_begin);
      const std::string_view value = text.substr(a.value_begin, a.value_end - a.value_begin);
      const SecretClass cls = classify_attribute(element, name, value, item_key);
      const std::string masked = mask_secret(value, cls);
      if (masked == value) continue;
      if (cls == SecretClass::kEncrypted) {
        if (stats_ != nullptr) ++stats_->encrypted_values;
      } else {
        count_secret();
      }
      out.append(text.substr(pos, a.value_begin - pos));
      out.append(keep_lines(masked, value));
      pos = a.value_end;
    }
    out.append(text.substr(pos, end - pos));
    return out;
  }

  // Free text (a comment): "keyword = value" and "keyword: value" pairs, [enc:...:enc] blobs and long
  // hex runs are masked.
  std::string masked_free_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
      if (const std::size_t stop = secret_value_end(text, i); stop != 0) {
        // text[i, value_begin) is the keyword and separator; the value follows.
        out.append(text.substr(i, value_begin_ - i));
        const std::string_view value = text.substr(value_begin_, stop - value_begin_);
        if (istarts_with(value, "AutoGenerate")) {  // a machineKey behaviour, not a key
          out.append(text.substr(i, stop - i));
          i = stop;
          continue;
        }
        if (value != kRedacted) count_secret();
        out.append(keep_lines(std::string(kRedacted), value));
        i = stop;
        continue;
      }
      if (text.substr(i, 5) == "[enc:") {
        const std::size_t close = text.find(":enc]", i + 5);
        if (close != std::string_view::npos) {
          const std::string_view blob = text.substr(i, close + 5 - i);
          const std::string masked = mask_secret(blob, SecretClass::kEncrypted);
          if (masked != blob && stats_ != nullptr) ++stats_->encrypted_values;
          out.append(keep_lines(masked, blob));
          i = close + 5;
          continue;
        }
      }
      if (hex(text[i]) && (i == 0 || !hex(text[i - 1]))) {
        std::size_t k = i;
        while (k < text.size() && hex(text[k])) ++k;
        if (k - i >= kHexRun) {
          count_secret();
          out.append(kRedacted);
          i = k;
          continue;
        }
      }
      out.push_back(text[i++]);
    }
    return out;
  }

  // When a secret keyword starts at text[i] and is followed by '=' or ':' and a value, the end of that
  // value (and value_begin_ its start); else 0.
  std::size_t secret_value_end(std::string_view text, std::size_t i) {
    for (const auto word : kFreeTextWords) {
      if (i + word.size() > text.size() || !iequals(text.substr(i, word.size()), word)) continue;
      std::size_t k = i + word.size();
      while (k < text.size() && (text[k] == ' ' || text[k] == '\t')) ++k;
      if (k >= text.size() || (text[k] != '=' && text[k] != ':')) continue;
      ++k;
      while (k < text.size() && (text[k] == ' ' || text[k] == '\t')) ++k;
      if (k >= text.size()) return 0;
      std::size_t end = k;
      if (text[k] == '"' || text[k] == '\'') {
        const std::size_t close = text.find(text[k], k + 1);
        if (close == std::string_view::npos) return 0;
        value_begin_ = k + 1;
        return close == k + 1 ? 0 : close;
      }
      while (end < text.size() && !space(text[end]) && text[end] != ';' && text[end] != '<' && text[end] != '>' &&
             text[end] != '"' && text[end] != '\'') {
        ++end;
      }
      if (end == k) return 0;
      value_begin_ = k;
      return end;
    }
    return 0;
  }

  void count_secret() {
    if (stats_ != nullptr) ++stats_->secrets;
  }

  RedactionStats* stats_;
  std::size_t value_begin_ = 0;
};
}  // namespace

std::string redact_config_text(std::string_view text, RedactionStats* stats) {
  return Redactor(stats).markup(text, false);
}

}  // namespace temper::iis
