// SPDX-License-Identifier: Apache-2.0
// SP_PROT_* and ALG_ID values (Windows SDK schannel.h, wincrypt.h) to the names the profile keys by.
#include "learn/tls.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <utility>

#include "core/strings.hpp"

namespace temper::learn {
namespace {
// The whole text as hex (a "0x" prefix optional), or nullopt.
std::optional<std::uint32_t> hex(std::string_view s) {
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s.remove_prefix(2);
  std::uint32_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// SP_PROT_<version>_SERVER | SP_PROT_<version>_CLIENT.
constexpr std::array<std::pair<std::uint32_t, std::string_view>, 6> kProtocols{{
    {0x0000000CU, "SSL 2.0"},
    {0x00000030U, "SSL 3.0"},
    {0x000000C0U, "TLS 1.0"},
    {0x00000300U, "TLS 1.1"},
    {0x00000C00U, "TLS 1.2"},
    {0x00003000U, "TLS 1.3"},
}};

// ALG_CLASS_DATA_ENCRYPT with ALG_TYPE_BLOCK or ALG_TYPE_STREAM and the ALG_SID.
constexpr std::array<std::pair<std::uint32_t, std::string_view>, 10> kCiphers{{
    {0x0000U, "NULL"},
    {0x6000U, "NULL"},  // CALG_NULLCIPHER
    {0x6601U, "DES"},
    {0x6602U, "RC2"},
    {0x6603U, "3DES"},
    {0x6609U, "3DES 112"},
    {0x660EU, "AES 128"},
    {0x660FU, "AES 192"},
    {0x6610U, "AES 256"},
    {0x6801U, "RC4"},
}};

// "TLS 1.2" for text such as "TLS 1.2", "TLSv1.2", "tls1_2", "TLS 1", "SSLv3"; nullopt otherwise.
std::optional<std::string_view> protocol_from_text(std::string_view s) {
  const bool tls = istarts_with(s, "TLS");
  if (!tls && !istarts_with(s, "SSL")) return std::nullopt;
  s.remove_prefix(3);
  while (!s.empty() && (s.front() == ' ' || s.front() == 'v' || s.front() == 'V' || s.front() == '_')) s.remove_prefix(1);
  if (s.empty() || s.front() < '0' || s.front() > '9') return std::nullopt;
  const char major = s.front();
  s.remove_prefix(1);
  char minor = '0';
  if (!s.empty() && (s.front() == '.' || s.front() == '_')) {
    s.remove_prefix(1);
    if (s.size() != 1) return std::nullopt;
    minor = s.front();
  } else if (!s.empty()) {
    return std::nullopt;
  }
  if (tls && major == '1' && minor >= '0' && minor <= '3') return kProtocols[static_cast<std::size_t>(2 + (minor - '0'))].second;
  if (!tls && minor == '0' && (major == '2' || major == '3')) return kProtocols[major == '2' ? 0 : 1].second;
  return std::nullopt;
}
}  // namespace

std::string_view tls_protocol_name(std::string_view value) {
  value = trim(value);
  if (value == "-") return {};
  if (const auto v = hex(value)) {
    if (*v == 0) return {};  // no protocol: not a TLS request
    for (const auto& [mask, name] : kProtocols) {
      if ((*v & ~mask) == 0) return name;
    }
    return value;
  }
  return protocol_from_text(value).value_or(value);
}

std::string_view tls_cipher_name(std::string_view value) {
  value = trim(value);
  if (value == "-") return {};
  if (const auto v = hex(value)) {
    for (const auto& [id, name] : kCiphers) {
      if (*v == id) return name;
    }
  }
  return value;
}

}  // namespace temper::learn
