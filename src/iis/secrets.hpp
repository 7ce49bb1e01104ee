// SPDX-License-Identifier: Apache-2.0
// Which IIS/ASP.NET configuration values are secrets, recognised by what they are (a password attribute,
// a machineKey key, a connection string with a password, an appSettings entry named as a secret, an
// encrypted blob), never by a substring of the attribute's name: passwordFormat, useAppPoolCredentials
// and tokenChecking are settings.
#pragma once

#include <string_view>

#include "core/redact.hpp"

namespace temper::iis {

/// The secret class of `attribute`="`value`" on the element named `element` ("machineKey", "add", ...),
/// whose own `key` attribute is `item_key` ("" when it has none). In order:
/// - "[enc:Provider:...:enc]" anywhere: encrypted;
/// - machineKey validationKey / decryptionKey: empty, generated ("AutoGenerate..."), else plaintext;
/// - an attribute named exactly `password` (processModel, virtualDirectory, anonymousAuthentication,
///   credentials/user, identity, smtp network, ...): empty, encrypted ("registry:" reference), else plaintext;
/// - `sessionKey` (configProtectedData's AES provider: an RSA-encrypted key): empty, else encrypted;
/// - `value` of an item whose key names a secret (key_names_secret): empty, else plaintext;
/// - any value that parses as a connection string with a password part: plaintext, or empty when every
///   password part is empty;
/// - everything else: none.
SecretClass classify_attribute(std::string_view element, std::string_view attribute, std::string_view value,
                               std::string_view item_key);

/// True when an appSettings-style key names a secret by its last word ("DbPassword", "Smtp:Pwd",
/// "ClientSecret", "AuthToken", "ServiceCredentials") or last two ("PaymentApiKey", "JwtSigningKey",
/// "STORAGE_ACCOUNT_KEY"). "PasswordMinLength" and "TokenLifetime" do not: their last word is not a secret.
bool key_names_secret(std::string_view key);

}  // namespace temper::iis
