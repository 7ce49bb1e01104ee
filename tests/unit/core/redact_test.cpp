// SPDX-License-Identifier: Apache-2.0
#include "core/redact.hpp"

#include <gtest/gtest.h>

namespace temper {
TEST(RedactTest, SecretClassNamesRoundTrip) {
  for (const auto c : {SecretClass::kNone, SecretClass::kPlaintext, SecretClass::kEncrypted, SecretClass::kGenerated,
                       SecretClass::kEmpty}) {
    EXPECT_EQ(parse_secret_class(secret_class_name(c)), c);
  }
  EXPECT_EQ(parse_secret_class("PlainText"), SecretClass::kPlaintext);
  EXPECT_FALSE(parse_secret_class("[REDACTED]"));
}

TEST(RedactTest, ConnectionStringPasswordParts) {
  EXPECT_EQ(connection_string_password("Server=sql1;Database=shop;User Id=web;Password=Pa55!"), true);
  EXPECT_EQ(connection_string_password("Data Source=db;uid=app;pwd='a;b'"), true);
  EXPECT_EQ(connection_string_password("Driver={SQL Server};Pwd={x;y}"), true);
  EXPECT_EQ(connection_string_password("Provider=Microsoft.Jet.OLEDB.4.0;Jet OLEDB:Database Password=j3t"), true);
  EXPECT_EQ(connection_string_password("DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=abc=="), true);
  EXPECT_EQ(connection_string_password("Server=cache;User Id=c;Password=;"), false);  // a slot left empty
  EXPECT_EQ(connection_string_password("Server=x;Password=''"), false);
  EXPECT_FALSE(connection_string_password("Server=sql1;Integrated Security=SSPI"));  // no password part
  EXPECT_FALSE(connection_string_password("Clear"));
  EXPECT_FALSE(connection_string_password("https://x/?password=y"));  // not key=value;...
  EXPECT_FALSE(connection_string_password(""));
}

TEST(RedactTest, RedactConnectionStringKeepsEverythingButTheSecret) {
  EXPECT_EQ(redact_connection_string("Server=sql1;User Id=web;Password=Pa55!;Encrypt=True"),
            "Server=sql1;User Id=web;Password=[REDACTED];Encrypt=True");
  EXPECT_EQ(redact_connection_string("uid=app; pwd = 'a;b' ;x=1"), "uid=app; pwd = [REDACTED] ;x=1");
  EXPECT_EQ(redact_connection_string("Server=x;Password="), "Server=x;Password=");
}

TEST(RedactTest, MaskSecretByClassIsIdempotent) {
  const std::pair<std::string, SecretClass> cases[] = {
      {"hunter2", SecretClass::kPlaintext},
      {"Server=s;Password=p;Database=d", SecretClass::kPlaintext},
      {"[enc:IISWASOnlyAesProvider:8qLgqFfT1rT6:enc]", SecretClass::kEncrypted},
      {"[enc:Bad Provider!:x:enc]", SecretClass::kEncrypted},
      {"registry:HKLM\\Software\\App\\identity\\ASPNET_SETREG,password", SecretClass::kEncrypted},
      {"AutoGenerate,IsolateApps", SecretClass::kGenerated},
      {"", SecretClass::kEmpty},
      {"Clear", SecretClass::kNone},
  };
  for (const auto& [value, cls] : cases) {
    const std::string once = mask_secret(value, cls);
    EXPECT_EQ(mask_secret(once, cls), once) << value;
  }
  EXPECT_EQ(mask_secret("hunter2", SecretClass::kPlaintext), "[REDACTED]");
  EXPECT_EQ(mask_secret("Server=s;Password=p;Database=d", SecretClass::kPlaintext),
            "Server=s;Password=[REDACTED];Database=d");
  EXPECT_EQ(mask_secret("[enc:IISWASOnlyAesProvider:8qLgqFfT1rT6:enc]", SecretClass::kEncrypted),
            "[enc:IISWASOnlyAesProvider:[REDACTED]:enc]");
  EXPECT_EQ(mask_secret("[enc:Bad Provider!:x:enc]", SecretClass::kEncrypted), "[REDACTED]");
  EXPECT_EQ(mask_secret("AutoGenerate,IsolateApps", SecretClass::kGenerated), "AutoGenerate,IsolateApps");
  EXPECT_EQ(mask_secret("Clear", SecretClass::kNone), "Clear");
}
}  // namespace temper
