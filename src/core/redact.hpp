// SPDX-License-Identifier: Apache-2.0
// Secret redaction: passwords, connection strings and keys never reach snapshots, reports, plans or logs.
#pragma once

#include <string>
#include <string_view>

namespace temper {

/// The text that replaces a secret.
inline constexpr std::string_view kRedacted = "[REDACTED]";

/// True for attribute, value or field names that hold secrets (password, connectionString,
/// validationKey, decryptionKey, secret, apiKey, token, ...), ASCII case-insensitively.
bool is_secret_name(std::string_view name);
/// True for IIS's encrypted attribute form "[enc:Provider:...:enc]".
bool is_encrypted_value(std::string_view value);
/// Mask the secret parts of a connection string: Password=/Pwd=/User Password= values become [REDACTED].
std::string redact_connection_string(std::string_view value);
/// The value to show for `name`: encrypted values and values of secret names are replaced,
/// connection strings are masked; everything else is returned unchanged.
std::string redact_value(std::string_view name, std::string_view value);

}  // namespace temper
