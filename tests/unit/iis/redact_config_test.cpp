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
      "  <!-- password=\"in a comment\" -->\n"
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
  EXPECT_EQ(out.find("in a comment"), std::string::npos);
  EXPECT_NE(out.find("password=\"[enc:AesProvider:[REDACTED]:enc]\""), std::string::npos);
  EXPECT_EQ(out.find("QUJD"), std::string::npos);
  EXPECT_EQ(stats.encrypted_values, 1u);
  EXPECT_EQ(stats.secrets, 5u);
}

TEST(RedactConfigTest, SettingsNamedLikeSecretsStayReadable) {
  const std::string text =
      "<credentials passwordFormat=\"Clear\"><user name=\"admin\" password=\"Adm1n\"/></credentials>\n"
      "<windowsAuthentication useAppPoolCredentials=\"true\"><extendedProtection tokenChecking=\"Require\"/>\n"
      "<add key=\"PasswordMinLength\" value=\"14\"/>\n";
  const std::string out = redact_config_text(text);
  EXPECT_NE(out.find("passwordFormat=\"Clear\""), std::string::npos);
  EXPECT_NE(out.find("useAppPoolCredentials=\"true\""), std::string::npos);
  EXPECT_NE(out.find("tokenChecking=\"Require\""), std::string::npos);
  EXPECT_NE(out.find("value=\"14\""), std::string::npos);
  EXPECT_EQ(out.find("Adm1n"), std::string::npos);
}

TEST(RedactConfigTest, CommentsCdataAndCipherValuesAreMaskedLinePreserving) {
  const std::string text =
      "<configuration>\n"
      "  <!-- old connection, do not use:\n"
      "  <add name=\"db\" connectionString=\"Server=sql1;User Id=sa;Password=0ld-Sa!\" />\n"
      "  Server=sql2;Database=x;Pwd=Legacy9; and the key\n"
      "  <machineKey validationKey=\"C2A3F1D04B5E6F708192A3B4C5D6E7F8\" decryptionKey=\"AutoGenerate\" />\n"
      "  spare key 0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C, api token: tk-123\n"
      "  passwordFormat=Clear stays; [enc:AesProvider:QkxPQg==:enc]\n"
      "  if a < b then password=Str4y-Lt -->\n"
      "  <![CDATA[ password: \"cdata pass\" ]]>\n"
      "  <connectionStrings configProtectionProvider=\"RsaProtectedConfigurationProvider\">\n"
      "    <EncryptedData><CipherData><CipherValue>Q2lwaGVy\nVGV4dA==</CipherValue></CipherData></EncryptedData>\n"
      "  </connectionStrings>\n"
      "</configuration>\n";
  RedactionStats stats;
  const std::string out = redact_config_text(text, &stats);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), std::count(text.begin(), text.end(), '\n'));
  for (const char* secret : {"0ld-Sa!", "Legacy9", "C2A3F1D04B5E6F708192A3B4C5D6E7F8", "0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C",
                             "tk-123", "QkxPQg", "Str4y-Lt", "cdata pass", "Q2lwaGVy", "VGV4dA"}) {
    EXPECT_EQ(out.find(secret), std::string::npos) << secret << " in\n" << out;
  }
  EXPECT_NE(out.find("User Id=sa;Password=[REDACTED]"), std::string::npos) << out;
  EXPECT_NE(out.find("decryptionKey=\"AutoGenerate\""), std::string::npos);
  EXPECT_NE(out.find("passwordFormat=Clear stays"), std::string::npos);
  EXPECT_NE(out.find("[enc:AesProvider:[REDACTED]:enc]"), std::string::npos);
  EXPECT_NE(out.find("configProtectionProvider=\"RsaProtectedConfigurationProvider\""), std::string::npos);
  // Line 4 of the input is still line 4: "Pwd=" is where it was.
  std::size_t line = 1;
  for (std::size_t i = 0; i < out.find("Pwd="); ++i) line += out[i] == '\n' ? 1 : 0;
  EXPECT_EQ(line, 4u);
  EXPECT_EQ(stats.encrypted_values, 1u);
}

TEST(RedactConfigTest, HostileTextDoesNotCrash) {
  for (const std::string& t : {std::string("<"), std::string("<a b=\"unterminated"), std::string("<!-- never closed"),
                              std::string("<![CDATA[x"), std::string(10000, '<'), std::string("<a password=>")}) {
    const std::string out = redact_config_text(t);
    EXPECT_LE(out.size(), t.size() + 64);
  }
}
}  // namespace temper::iis
