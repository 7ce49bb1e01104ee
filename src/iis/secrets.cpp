// SPDX-License-Identifier: Apache-2.0
// Secret classification of IIS/ASP.NET configuration attributes.
#include "iis/secrets.hpp"

#include <array>
#include <string>
#include <vector>

#include "core/strings.hpp"

namespace temper::iis {
namespace {
constexpr std::array<std::string_view, 8> kSecretWords = {"password", "passwd",     "pwd",         "secret",
                                                          "token",    "credential", "credentials", "passphrase"};
// A trailing "key" names a secret after one of these words.
constexpr std::array<std::string_view, 13> kKeyQualifiers = {
    "api",    "access", "secret", "private",      "account", "signing", "encryption",
    "shared", "master", "client", "subscription", "storage", "auth"};

bool upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool lower(char c) {
  return c >= 'a' && c <= 'z';
}

// "DBPassword" -> {"db", "password"}; "STORAGE_ACCOUNT_KEY" -> {"storage", "account", "key"};
// "Smtp:Pwd" -> {"smtp", "pwd"}; "apiKey2" -> {"api", "key"} (digits end a word and are dropped).
std::vector<std::string> words(std::string_view key) {
  std::vector<std::string> out;
  std::string cur;
  const auto flush = [&] {
    if (!cur.empty()) out.push_back(to_lower(cur));
    cur.clear();
  };
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (!upper(c) && !lower(c)) {
      flush();
      continue;
    }
    // A new word starts at a lower->upper step, and at the last capital of a run followed by a lower
    // case letter ("DBPassword": the 'P').
    const bool starts = upper(c) && !cur.empty() &&
                        (lower(cur.back()) || (i + 1 < key.size() && lower(key[i + 1]) && upper(cur.back())));
    if (starts) flush();
    cur.push_back(c);
  }
  flush();
  return out;
}

bool in(std::string_view w, const auto& list) {
  for (const auto x : list) {
    if (w == x) return true;
  }
  return false;
}
}  // namespace

bool key_names_secret(std::string_view key) {
  const auto w = words(key);
  if (w.empty()) return false;
  if (in(w.back(), kSecretWords)) return true;
  if (w.back() == "apikey" || w.back() == "accesskey") return true;
  return w.back() == "key" && w.size() >= 2 && in(w[w.size() - 2], kKeyQualifiers);
}

SecretClass classify_attribute(std::string_view element, std::string_view attribute, std::string_view value,
                               std::string_view item_key) {
  const std::string_view v = trim(value);
  if (is_encrypted_value(v)) return SecretClass::kEncrypted;
  if (iequals(element, "machineKey") && (iequals(attribute, "validationKey") || iequals(attribute, "decryptionKey"))) {
    if (v.empty()) return SecretClass::kEmpty;
    if (istarts_with(v, "AutoGenerate")) return SecretClass::kGenerated;
    return SecretClass::kPlaintext;
  }
  if (iequals(attribute, "password")) {
    if (v.empty()) return SecretClass::kEmpty;
    if (istarts_with(v, "registry:"))
      return SecretClass::kEncrypted;  // aspnet_setreg: the secret is in the registry, DPAPI-protected
    return SecretClass::kPlaintext;
  }
  // A protected-configuration provider's AES session key, itself encrypted with the machine's RSA key.
  if (iequals(attribute, "sessionKey")) return v.empty() ? SecretClass::kEmpty : SecretClass::kEncrypted;
  if (iequals(attribute, "value") && !item_key.empty() && key_names_secret(item_key)) {
    return v.empty() ? SecretClass::kEmpty : SecretClass::kPlaintext;
  }
  if (const auto filled = connection_string_password(value))
    return *filled ? SecretClass::kPlaintext : SecretClass::kEmpty;
  return SecretClass::kNone;
}

}  // namespace temper::iis
