// SPDX-License-Identifier: Apache-2.0
// Secret classes, connection-string parsing and masking.
#include "core/redact.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "core/strings.hpp"

namespace temper {
namespace {
constexpr std::array<std::pair<SecretClass, std::string_view>, 5> kClassNames = {{
    {SecretClass::kNone, "none"},
    {SecretClass::kPlaintext, "plaintext"},
    {SecretClass::kEncrypted, "encrypted"},
    {SecretClass::kGenerated, "generated"},
    {SecretClass::kEmpty, "empty"},
}};

// One key=value part of a connection string; offsets into the whole string.
struct Part {
  std::string_view key;
  std::size_t value_begin = 0, value_end = 0;  // the value as written (quotes included), trimmed
};

bool plain_key(std::string_view key) {
  if (key.empty() || !((key[0] >= 'A' && key[0] <= 'Z') || (key[0] >= 'a' && key[0] <= 'z'))) return false;
  for (const char c : key) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' ||
                    c == '_' || c == '.' || c == '-' || c == ':';
    if (!ok) return false;
  }
  return true;
}

// Password, Pwd, User Password, "Jet OLEDB:Database Password", storage and service-bus keys.
bool secret_key(std::string_view key) {
  return iends_with(key, "password") || iequals(key, "pwd") || iequals(key, "accountkey") ||
         iequals(key, "sharedaccesskey") || iequals(key, "sharedaccesssignature") || iequals(key, "clientsecret") ||
         iequals(key, "client secret");
}

// The parts of a connection string, or nullopt when some ';'-separated part is not key=value with a
// plain key. Values may be quoted with ' or " or braced with {} (ODBC) and then hold ';'.
std::optional<std::vector<Part>> parse_parts(std::string_view s) {
  std::vector<Part> parts;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t eq = s.find('=', i);
    const std::size_t semi = s.find(';', i);
    if (eq == std::string_view::npos || (semi != std::string_view::npos && semi < eq)) {
      // A part without '=': only blank parts (";;", a trailing ';' with spaces) are allowed.
      const std::size_t stop = semi == std::string_view::npos ? s.size() : semi;
      if (!trim(s.substr(i, stop - i)).empty()) return std::nullopt;
      i = stop + 1;
      continue;
    }
    Part p;
    p.key = trim(s.substr(i, eq - i));
    if (!plain_key(p.key)) return std::nullopt;
    std::size_t v = eq + 1;
    while (v < s.size() && (s[v] == ' ' || s[v] == '\t')) ++v;
    std::size_t end = v;
    if (v < s.size() && (s[v] == '\'' || s[v] == '"' || s[v] == '{')) {
      const char close = s[v] == '{' ? '}' : s[v];
      const std::size_t c = s.find(close, v + 1);
      end = c == std::string_view::npos ? s.size() : c + 1;
    }
    const std::size_t stop = std::min(s.find(';', end), s.size());
    std::size_t last = stop;
    while (last > v && (s[last - 1] == ' ' || s[last - 1] == '\t' || s[last - 1] == '\r' || s[last - 1] == '\n'))
      --last;
    p.value_begin = v;
    p.value_end = last;
    parts.push_back(p);
    i = stop + 1;
  }
  return parts;
}

bool blank_value(std::string_view v) {
  const std::string_view t = trim(v);
  if (t.size() >= 2 && (t.front() == '\'' || t.front() == '"' || t.front() == '{'))
    return trim(t.substr(1, t.size() - 2)).empty();
  return t.empty();
}
}  // namespace

std::string_view secret_class_name(SecretClass c) {
  for (const auto& [cls, name] : kClassNames) {
    if (cls == c) return name;
  }
  return "none";
}

std::optional<SecretClass> parse_secret_class(std::string_view name) {
  for (const auto& [cls, n] : kClassNames) {
    if (iequals(n, name)) return cls;
  }
  return std::nullopt;
}

bool is_encrypted_value(std::string_view value) {
  const std::string_view v = trim(value);
  return istarts_with(v, "[enc:") && iends_with(v, ":enc]");
}

std::optional<bool> connection_string_password(std::string_view value) {
  const auto parts = parse_parts(value);
  if (!parts) return std::nullopt;
  bool any = false, filled = false;
  for (const auto& p : *parts) {
    if (!secret_key(p.key)) continue;
    any = true;
    filled = filled || !blank_value(value.substr(p.value_begin, p.value_end - p.value_begin));
  }
  if (!any) return std::nullopt;
  return filled;
}

std::string redact_connection_string(std::string_view value) {
  const auto parts = parse_parts(value);
  if (!parts) return std::string(value);
  std::string out;
  std::size_t pos = 0;
  for (const auto& p : *parts) {
    if (!secret_key(p.key) || blank_value(value.substr(p.value_begin, p.value_end - p.value_begin))) continue;
    out.append(value.substr(pos, p.value_begin - pos));
    out.append(kRedacted);
    pos = p.value_end;
  }
  out.append(value.substr(pos));
  return out;
}

std::string mask_secret(std::string_view value, SecretClass c) {
  switch (c) {
    case SecretClass::kNone:
    case SecretClass::kGenerated:
    case SecretClass::kEmpty:
      return std::string(value);
    case SecretClass::kPlaintext:
      if (connection_string_password(value).has_value()) return redact_connection_string(value);
      return std::string(kRedacted);
    case SecretClass::kEncrypted: {
      const std::string_view v = trim(value);
      if (!is_encrypted_value(v)) return std::string(kRedacted);
      const std::string_view rest = v.substr(5);
      const std::size_t colon = rest.find(':');
      const std::string_view provider = rest.substr(0, colon == std::string_view::npos ? 0 : colon);
      const bool plain =
          !provider.empty() && provider.size() <= 64 &&
          provider.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") ==
              std::string_view::npos;
      if (!plain) return std::string(kRedacted);
      return "[enc:" + std::string(provider) + ":" + std::string(kRedacted) + ":enc]";
    }
  }
  return std::string(kRedacted);
}

}  // namespace temper
