// SPDX-License-Identifier: Apache-2.0
#include "model/sid.hpp"

#include <gtest/gtest.h>

#include "model/iis.hpp"
#include "model/user_rights.hpp"

namespace temper::model {
TEST(SidTest, WellKnownNamesResolveBothWays) {
  EXPECT_EQ(well_known_name("S-1-5-32-568"), "BUILTIN\\IIS_IUSRS");
  EXPECT_EQ(well_known_name("s-1-5-17"), "NT AUTHORITY\\IUSR");
  EXPECT_EQ(well_known_sid("IIS_IUSRS"), "S-1-5-32-568");
  EXPECT_EQ(well_known_sid("administrators"), "S-1-5-32-544");
  EXPECT_EQ(well_known_sid("NT AUTHORITY\\LOCAL SERVICE"), "S-1-5-19");
  EXPECT_EQ(well_known_sid("Local account"), "S-1-5-113");
  EXPECT_FALSE(well_known_sid("CORP\\svc-report"));
}

TEST(SidTest, VirtualAccountSidsMatchWindows) {
  // Values Windows assigns (../shared/reference/windows-formats.md B.6).
  EXPECT_EQ(app_pool_sid("DefaultAppPool"), "S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415");
  EXPECT_EQ(app_pool_sid("DEFAULTAPPPOOL"), app_pool_sid("defaultapppool"));
  EXPECT_EQ(service_sid("TrustedInstaller"), "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464");
  EXPECT_EQ(service_sid("WdiServiceHost"), "S-1-5-80-3139157870-2983391045-3678747466-658725712-1809340420");
  EXPECT_EQ(resolve_principal("IIS APPPOOL\\DefaultAppPool"), app_pool_sid("DefaultAppPool"));
  EXPECT_EQ(resolve_principal("NT SERVICE\\WdiServiceHost"), service_sid("WdiServiceHost"));
  EXPECT_EQ(resolve_principal("NT SERVICE\\ALL SERVICES"), "S-1-5-80-0");
}

TEST(SidTest, NormalizesSecEditStyleSids) {
  EXPECT_EQ(normalize_sid("*s-1-5-32-544"), "S-1-5-32-544");
  EXPECT_EQ(normalize_sid(" Guest "), "Guest");
  EXPECT_TRUE(is_sid("S-1-5-21-1-2-3-500"));
  EXPECT_FALSE(is_sid("S-1-5-"));
  EXPECT_FALSE(is_sid("S-1-5--1"));
  EXPECT_FALSE(is_sid("S-1-5-x"));
}

TEST(SidTest, AppPoolIdentitySidFollowsIdentityType) {
  IisAppPool pool;
  pool.name = "Shop";
  EXPECT_EQ(pool.identity_sid(), app_pool_sid("Shop"));
  pool.identity_type = "NetworkService";
  EXPECT_EQ(pool.identity_sid(), "S-1-5-20");
  pool.identity_type = "LocalSystem";
  EXPECT_EQ(pool.identity_sid(), "S-1-5-18");
  pool.identity_type = "SpecificUser";
  pool.user_name = "CORP\\svc-web";
  EXPECT_EQ(pool.identity_sid(), "");  // needs a directory lookup
}

TEST(UserRightsTest, KnowsEveryCisRightCaseInsensitively) {
  EXPECT_EQ(user_rights().size(), 45u);
  ASSERT_TRUE(find_user_right("sesystemtimeprivilege"));
  EXPECT_EQ(find_user_right("SeSystemtimePrivilege")->display_name, "Change the system time");
  EXPECT_FALSE(find_user_right("SeMadeUpPrivilege"));
}

TEST(IisScopeTest, ShortAndFullScopesRoundTrip) {
  EXPECT_EQ(short_scope("MACHINE/WEBROOT/APPHOST"), "server");
  EXPECT_EQ(short_scope("MACHINE/WEBROOT/APPHOST/Default Web Site/app1"), "Default Web Site/app1");
  EXPECT_EQ(full_scope("Default Web Site/app1"), "MACHINE/WEBROOT/APPHOST/Default Web Site/app1");
  EXPECT_EQ(full_scope("server"), "MACHINE/WEBROOT/APPHOST");
  EXPECT_EQ(full_scope("MACHINE/WEBROOT"), "MACHINE/WEBROOT");
}
}  // namespace temper::model

TEST(SidTest, NormalisingIsIdempotent) {
  // Found by fuzzing the snapshot reader: a holder written as read must read back the same.
  for (const char* text : {"*S-1-5-32-544", "s-1-5-6", "**S-1-5-6", "*Administrators", " * ", "*", "CONTOSO\\svc", ""}) {
    const std::string once = temper::model::normalize_sid(text);
    EXPECT_EQ(temper::model::normalize_sid(once), once) << text;
  }
  EXPECT_EQ(temper::model::normalize_sid("*s-1-5-32-544"), "S-1-5-32-544");
  EXPECT_EQ(temper::model::normalize_sid("**S-1-5-6"), "**S-1-5-6");
}
