// SPDX-License-Identifier: Apache-2.0
// Secret redaction rules.
#include "core/redact.hpp"

#include <array>

#include "core/strings.hpp"

namespace temper {
namespace {
constexpr std::array<std::string_view, 14> kSecretParts = {
    "password", "passwd", "pwd", "secret", "connectionstring", "validationkey", "decryptionkey",
    "apikey", "api_key", "accesskey", "privatekey", "token", "credential", "sessionkey"};
}  // namespace

bool is_secret_name(std::string_view name) {
  const std::string n = to_lower(name);
  for (const auto part : kSecretParts) {
    if (n.find(part) != std::string::npos) return true;
  }
  return false;
}

bool is_encrypted_value(std::string_view value) {
  const std::string_view v = trim(value);
  return istarts_with(v, "[enc:") && iends_with(v, ":enc]");
}

std::string redact_connection_string(std::string_view value) {
  // key=value pairs separated by ';'. Values may be quoted with ' or ".
  std::string out;
  std::size_t i = 0;
  while (i < value.size()) {
    const std::size_t eq = value.find('=', i);
    if (eq == std::string_view::npos) {
      out.append(value.substr(i));
      break;
    }
    const std::string_view key = trim(value.substr(i, eq - i));
    std::size_t end = eq + 1;
    while (end < value.size() && (value[end] == ' ' || value[end] == '\t')) ++end;
    if (end < value.size() && (value[end] == '\'' || value[end] == '"')) {
      const char q = value[end];
      const std::size_t close = value.find(q, end + 1);
      end = close == std::string_view::npos ? value.size() : close + 1;
    }
    const std::size_t semi = value.find(';', end);
    const std::size_t stop = semi == std::string_view::npos ? value.size() : semi;
    out.append(value.substr(i, eq + 1 - i));
    const bool secret = iequals(key, "password") || iequals(key, "pwd") || iequals(key, "user password") ||
                        iequals(key, "accountkey") || iequals(key, "sharedaccesskey") || is_secret_name(key);
    if (secret) {
      out.append(kRedacted);
    } else {
      out.append(value.substr(eq + 1, stop - eq - 1));
    }
    if (semi == std::string_view::npos) break;
    out.push_back(';');
    i = semi + 1;
  }
  return out;
}

std::string redact_value(std::string_view name, std::string_view value) {
  if (value.empty()) return std::string(value);
  if (is_encrypted_value(value)) return "[encrypted]";
  const std::string n = to_lower(name);
  if (n.find("connectionstring") != std::string::npos) return redact_connection_string(value);
  // machineKey's "AutoGenerate[,IsolateApps]" names a behaviour, not a key.
  if (istarts_with(trim(value), "AutoGenerate")) return std::string(value);
  if (is_secret_name(name)) return std::string(kRedacted);
  return std::string(value);
}

}  // namespace temper
