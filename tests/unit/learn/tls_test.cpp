// SPDX-License-Identifier: Apache-2.0
#include "learn/tls.hpp"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace temper::learn {
namespace {
using Cases = std::vector<std::pair<std::string_view, std::string_view>>;

TEST(TlsNamesTest, ProtocolsFromSpProtValues) {
  const Cases cases{{"4", "SSL 2.0"},     {"0x8", "SSL 2.0"},  {"10", "SSL 3.0"},   {"0x20", "SSL 3.0"},  {"40", "TLS 1.0"},
                    {"80", "TLS 1.0"},    {"100", "TLS 1.1"},  {"0x200", "TLS 1.1"}, {"400", "TLS 1.2"},  {"0X800", "TLS 1.2"},
                    {"c00", "TLS 1.2"},  // the server and client bits of one version
                    {"1000", "TLS 1.3"}, {"2000", "TLS 1.3"}, {"440", "440"},  // two versions: kept as written
                    {"4000", "4000"},     {" -", ""},          {"0", ""}};
  for (const auto& [value, name] : cases) EXPECT_EQ(tls_protocol_name(value), name) << value;
}

TEST(TlsNamesTest, ProtocolsFromText) {
  const Cases cases{{"TLS 1.2", "TLS 1.2"}, {"TLSv1.2", "TLS 1.2"}, {"tls1_1", "TLS 1.1"},   {"TLS 1", "TLS 1.0"},
                    {"TLS 1.3", "TLS 1.3"}, {"SSLv3", "SSL 3.0"},   {"SSL 2.0", "SSL 2.0"},   {"TLS 1.4", "TLS 1.4"},
                    {"DTLS 1.2", "DTLS 1.2"}, {"TLS 1.2 beta", "TLS 1.2 beta"}};
  for (const auto& [value, name] : cases) EXPECT_EQ(tls_protocol_name(value), name) << value;
}

TEST(TlsNamesTest, CiphersFromAlgIds) {
  const Cases cases{{"6801", "RC4"},     {"0x6603", "3DES"}, {"6601", "DES"},   {"6602", "RC2"},   {"6609", "3DES 112"},
                    {"660E", "AES 128"}, {"660f", "AES 192"}, {"6610", "AES 256"}, {"6000", "NULL"}, {"0", "NULL"},
                    {"6611", "6611"},    {"-", ""},           {"AES_256_GCM", "AES_256_GCM"}};
  for (const auto& [value, name] : cases) EXPECT_EQ(tls_cipher_name(value), name) << value;
}

}  // namespace
}  // namespace temper::learn
