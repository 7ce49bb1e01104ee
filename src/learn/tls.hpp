// SPDX-License-Identifier: Apache-2.0
// TLS protocol and cipher names as the usage profile keeps them (TlsKey), from what IIS and
// Schannel log.
#pragma once

#include <string_view>

namespace temper::learn {

/// "SSL 2.0", "SSL 3.0", "TLS 1.0", "TLS 1.1", "TLS 1.2" or "TLS 1.3" for an SSPI SP_PROT_* value
/// in hex, with or without "0x", as IIS logs crypt-protocol ("400": TLS 1.2 server; the server and
/// client bits of one version, alone or together), or for text naming a version ("TLS 1.2",
/// "TLSv1.2", "tls1_2", "SSLv3", "TLS 1" ...). Anything else is returned trimmed, as written; ""
/// for "-", 0 or blank (not logged, or not a TLS request).
std::string_view tls_protocol_name(std::string_view value);

/// "RC4", "RC2", "DES", "3DES", "3DES 112", "AES 128", "AES 192", "AES 256" or "NULL" for a CryptoAPI
/// ALG_ID in hex, with or without "0x", as IIS logs crypt-cipher ("6610": AES 256; "0" and 6000:
/// no encryption). Anything else is returned trimmed, as written; "" for "-" or blank.
std::string_view tls_cipher_name(std::string_view value);

}  // namespace temper::learn
