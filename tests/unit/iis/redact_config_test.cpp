// SPDX-License-Identifier: Apache-2.0
#include "iis/redact_config.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace temper::iis {
TEST(RedactConfigTest, MasksSecretsAndKeepsEveryLine) {
  const std::string text =
      "<configuration>\n"
      "  <connectionStrings>\n"
      "    <add name=\"db\" connectionString=\"Server=sql1;Database=shop;User ID=web;Password=Pa55w0rd!;\" />\n"
      "  </connectionStrings>\n"
      "  <appSettings><add key=\"SmtpPassword\" value=\"hunter2\"/><add key=\"Theme\" value=\"dark\"/></appSettings>\n"
      "  <system.web><machineKey validationKey=\"ABCDEF0123\" decryptionKey='0011'\n"
      "     validation=\"HMACSHA256\"/></system.web>\n"
      "  <!-- password=\"in a comment stays\" -->\n"
      "  <anonymousAuthentication userName=\"svc\" password=\"[enc:AesProvider:QUJD:enc]\"/>\n"
      "</configuration>\n";
  RedactionStats stats;
  const std::string out = redact_config_text(text, &stats);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), std::count(text.begin(), text.end(), '\n'));
  EXPECT_EQ(out.find("Pa55w0rd"), std::string::npos);
  EXPECT_NE(out.find("User ID=web;Password=[REDACTED];"), std::string::npos);
  EXPECT_EQ(out.find("hunter2"), std::string::npos);
  EXPECT_NE(out.find("value=\"dark\""), std::string::npos);
  EXPECT_EQ(out.find("ABCDEF0123"), std::string::npos);
  EXPECT_EQ(out.find("'0011'"), std::string::npos);
  EXPECT_NE(out.find("validation=\"HMACSHA256\""), std::string::npos);
  EXPECT_NE(out.find("in a comment stays"), std::string::npos);
  EXPECT_NE(out.find("password=\"[encrypted]\""), std::string::npos);
  EXPECT_EQ(stats.encrypted_values, 1u);
  EXPECT_EQ(stats.secrets, 4u);
}

TEST(RedactConfigTest, HostileTextDoesNotCrash) {
  for (const std::string& t : {std::string("<"), std::string("<a b=\"unterminated"), std::string("<!-- never closed"),
                              std::string("<![CDATA[x"), std::string(10000, '<'), std::string("<a password=>")}) {
    const std::string out = redact_config_text(t);
    EXPECT_LE(out.size(), t.size() + 64);
  }
}
}  // namespace temper::iis
