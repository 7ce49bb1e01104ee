// SPDX-License-Identifier: Apache-2.0
// Secret classes and masking: what kind of secret a configuration value holds, and the text that may be
// shown for it. Deciding WHICH values are secrets is the reader's job (src/iis/secrets.hpp for IIS);
// this file only knows the shapes: connection strings, "[enc:...:enc]" blobs, masks.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace temper {

/// The text that replaces a secret.
inline constexpr std::string_view kRedacted = "[REDACTED]";

/// How a configuration value that holds a secret stores it. A verdict about secrets judges this class,
/// never the value, so masking the value can never change a verdict.
enum class SecretClass {
  kNone,       ///< not a secret (or a connection string without a password)
  kPlaintext,  ///< the secret is readable in the file: a password, a key, a connection-string password
  kEncrypted,  ///< protected: "[enc:Provider:...:enc]", or a reference to a protected store ("registry:...")
  kGenerated,  ///< derived at run time, nothing stored: machineKey "AutoGenerate[,IsolateApps]"
  kEmpty,      ///< a secret slot left empty (password="", "Password=;")
};

/// "none", "plaintext", "encrypted", "generated", "empty".
std::string_view secret_class_name(SecretClass c);
/// Inverse of secret_class_name() (ASCII case-insensitive); nullopt for anything else.
std::optional<SecretClass> parse_secret_class(std::string_view name);

/// True for IIS's encrypted attribute form "[enc:Provider:...:enc]".
bool is_encrypted_value(std::string_view value);

/// What a connection string says about its password: nullopt when `value` does not parse as a
/// connection string with a secret part (Password, Pwd, User Password, AccountKey, SharedAccessKey,
/// ...; every ';'-separated part must be key=value with a plain key), else whether any secret part
/// is non-empty.
std::optional<bool> connection_string_password(std::string_view value);

/// The secret parts of a connection string replaced by [REDACTED]; everything else kept.
std::string redact_connection_string(std::string_view value);

/// The text that may be shown for `value` of class `c`: unchanged for none, generated and empty; for
/// plaintext the connection string with its secret parts masked, or [REDACTED]; for encrypted
/// "[enc:Provider:[REDACTED]:enc]" (the provider stays visible) or [REDACTED]. Idempotent:
/// mask_secret(mask_secret(v, c), c) == mask_secret(v, c), so a masked snapshot read back shows and
/// judges the same text.
std::string mask_secret(std::string_view value, SecretClass c);

}  // namespace temper
