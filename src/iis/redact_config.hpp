// SPDX-License-Identifier: Apache-2.0
// Masks secrets inside configuration file text without moving any line, so file:line origins stay true.
#pragma once

#include <string>
#include <string_view>

namespace temper::iis {

/// What redact_config_text() found and masked.
struct RedactionStats {
  std::size_t secrets = 0;           ///< plaintext secrets masked (attribute values, CipherValue text, comment text)
  std::size_t encrypted_values = 0;  ///< "[enc:Provider:...:enc]" blobs reduced to "[enc:Provider:[REDACTED]:enc]"
};

/// Mask every secret in configuration file text, the way the snapshot writer masks resolved values:
/// - in every start tag, each attribute classify_attribute() (iis/secrets.hpp) calls a secret is
///   replaced by mask_secret() (a connection string keeps its other parts);
/// - the text of `<CipherValue>` elements (RSA/DPAPI-protected sections);
/// - inside comments and CDATA too: commented-out tags as above, and in their free text every
///   `password=`/`pwd:`/`secret=`/`apikey=`/`accountkey=`/`validationKey=`... value, every
///   `[enc:...:enc]` blob and every run of 32 or more hex digits.
/// Line breaks are kept (a masked value keeps the newlines it held), so every line keeps its number.
std::string redact_config_text(std::string_view text, RedactionStats* stats = nullptr);

}  // namespace temper::iis
