// SPDX-License-Identifier: Apache-2.0
#include "iis/secrets.hpp"

#include <gtest/gtest.h>

namespace temper::iis {
namespace {
struct Case {
  const char* element;
  const char* attribute;
  const char* value;
  const char* item_key;
  SecretClass expected;
  const char* why;
};

constexpr SecretClass kNone = SecretClass::kNone, kPlain = SecretClass::kPlaintext, kEnc = SecretClass::kEncrypted,
                      kGen = SecretClass::kGenerated, kEmpty = SecretClass::kEmpty;

constexpr Case kCases[] = {
    // Password attributes, by what they hold.
    {"user", "password", "Adm1n!", "", kPlain, "forms credentials user"},
    {"processModel", "password", "[enc:IISWASOnlyAesProvider:ZZZ:enc]", "", kEnc, "pool identity, encrypted by IIS"},
    {"virtualDirectory", "password", "S3cret", "", kPlain, "UNC virtual directory"},
    {"anonymousAuthentication", "password", "", "", kEmpty, "IUSR needs none"},
    {"identity", "password", "registry:HKLM\\Software\\App\\ASPNET_SETREG,password", "", kEnc,
     "aspnet_setreg reference"},
    {"network", "Password", "smtp-pass", "", kPlain, "smtp network"},
    {"add", "sessionKey", "AQIAAA5mAAAApAAA", "", kEnc, "AES provider session key"},
    // Settings named like secrets are settings.
    {"credentials", "passwordFormat", "Clear", "", kNone, "CIS IIS 2.7 must read it"},
    {"windowsAuthentication", "useAppPoolCredentials", "true", "", kNone, "a switch"},
    {"extendedProtection", "tokenChecking", "Require", "", kNone, "a switch"},
    {"membership", "passwordAttemptWindow", "10", "", kNone, "a number"},
    {"add", "name", "LocalSqlServer", "", kNone, "a name"},
    // machineKey.
    {"machineKey", "validationKey", "AutoGenerate,IsolateApps", "", kGen, "derived at run time"},
    {"machineKey", "decryptionKey", "AutoGenerate", "", kGen, "derived at run time"},
    {"machineKey", "validationKey", "C2A3F1D04B5E6F708192A3B4C5D6E7F8", "", kPlain, "an explicit key"},
    {"machineKey", "decryptionKey", "[enc:AesProvider:QUJD:enc]", "", kEnc, "an encrypted key"},
    {"machineKey", "validation", "HMACSHA256", "", kNone, "an algorithm"},
    {"other", "validationKey", "ABCDEF", "", kNone, "only machineKey holds keys"},
    // Connection strings, wherever they are.
    {"add", "connectionString", "Server=s;User Id=u;Password=p", "", kPlain, "SQL login"},
    {"add", "connectionString", "Server=s;Integrated Security=SSPI", "", kNone, "no password part"},
    {"add", "connectionString", "Server=s;User Id=u;Password=", "", kEmpty, "an empty password part"},
    {"sessionState", "sqlConnectionString", "data source=s;user id=u;password=p", "", kPlain, "session state"},
    {"add", "value", "Server=s;Pwd=p", "Database", kPlain, "an appSettings value that is a connection string"},
    {"odbcLogging", "dataSource", "DSN=logs;UID=iis;PWD=p", "", kPlain, "ODBC logging"},
    // appSettings by key name.
    {"add", "value", "sk_live_1", "PaymentApiKey", kPlain, "api key"},
    {"add", "value", "x", "DBPassword", kPlain, "capital run then a word"},
    {"add", "value", "x", "Smtp:Pwd", kPlain, "separator"},
    {"add", "value", "", "ClientSecret", kEmpty, "left empty"},
    {"add", "value", "[enc:AesProvider:QQ==:enc]", "ClientSecret", kEnc, "encrypted value"},
    {"add", "value", "14", "PasswordMinLength", kNone, "last word is not a secret"},
    {"add", "value", "00:20:00", "TokenLifetime", kNone, "last word is not a secret"},
    {"add", "key", "DbPassword", "DbPassword", kNone, "the key itself is a name"},
};
}  // namespace

TEST(IisSecretsTest, ClassifiesByWhatTheValueIs) {
  for (const auto& c : kCases) {
    EXPECT_EQ(classify_attribute(c.element, c.attribute, c.value, c.item_key), c.expected)
        << c.element << "@" << c.attribute << "=\"" << c.value << "\" (" << c.why << ")";
  }
}

TEST(IisSecretsTest, KeyNamesSecretByItsLastWords) {
  for (const char* key : {"STORAGE_ACCOUNT_KEY", "JwtSigningKey", "AuthToken", "ServiceCredentials", "apikey"}) {
    EXPECT_TRUE(key_names_secret(key)) << key;
  }
  for (const char* key : {"CacheKey", "Theme", "", "PasswordPolicyUrl"}) EXPECT_FALSE(key_names_secret(key)) << key;
}
}  // namespace temper::iis
