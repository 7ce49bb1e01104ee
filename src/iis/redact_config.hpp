// SPDX-License-Identifier: Apache-2.0
// Masks secrets inside configuration file text without moving any line, so file:line origins stay true.
#pragma once

#include <string>
#include <string_view>

namespace temper::iis {

/// What redact_config_text() found and masked.
struct RedactionStats {
  std::size_t secrets = 0;           ///< attribute values masked (passwords, keys, connection-string secrets)
  std::size_t encrypted_values = 0;  ///< "[enc:...:enc]" attribute values replaced by "[encrypted]"
};

/// Mask, in every start tag: attributes whose name is a secret (password, validationKey, ...), the secret
/// parts of connectionString attributes, `value` attributes of `<add key="...">` entries whose key names a
/// secret, and `[enc:...:enc]` values. Text outside tags and line breaks are kept byte for byte.
std::string redact_config_text(std::string_view text, RedactionStats* stats = nullptr);

}  // namespace temper::iis
