// SPDX-License-Identifier: Apache-2.0
// Security template reader: the five real GptTmpl.inf files, crafted UTF-8/ANSI templates, damage.
#include "collect/offline/secedit_inf.hpp"

#include <gtest/gtest.h>

#include "model/sid.hpp"
#include "model/user_rights.hpp"
#include "test_util.hpp"

namespace temper::collect {
namespace {
using testing::bytes_of;
using testing::parse_file;
using testing::shared_fixture;
using testing::slurp;
using testing::test_data;
using Holders = std::vector<std::string>;

const model::RegValue* reg_value(const ParsedInf& inf, std::string_view key, std::string_view name) {
  for (const auto& v : inf.registry_values) {
    if (iequals(v.key, key) && iequals(v.name, name)) return &v.value;
  }
  return nullptr;
}

TEST(SeceditInfTest, ReadsBaselineManagementConvertGpoToDsc) {
  TEMPER_REQUIRE_SHARED("gpo/baselinemanagement-convertgpotodsc/GptTmpl.inf");
  const auto inf = parse_file(shared_fixture("gpo/baselinemanagement-convertgpotodsc/GptTmpl.inf"), parse_secedit_inf);
  EXPECT_TRUE(inf.diagnostics.empty());
  EXPECT_EQ(inf.privilege_rights.size(), 23u);
  EXPECT_EQ(inf.privilege_rights.at("SeImpersonatePrivilege"),
            (Holders{"S-1-5-32-544", "S-1-5-6", "S-1-5-19", "S-1-5-20"}));
  EXPECT_EQ(inf.privilege_rights.at("SeDenyNetworkLogonRight"), (Holders{"S-1-5-114"}));
  ASSERT_TRUE(inf.privilege_rights.contains("SeTcbPrivilege"));
  EXPECT_TRUE(inf.privilege_rights.at("SeTcbPrivilege").empty());
  EXPECT_EQ(inf.options.at("LSAAnonymousNameLookup").number, 0);
  const auto* sam = reg_value(inf, "HKLM\\System\\CurrentControlSet\\Control\\Lsa", "RestrictRemoteSAM");
  ASSERT_NE(sam, nullptr);
  EXPECT_EQ(sam->type, model::RegType::kSz);
  EXPECT_EQ(sam->text, "O:BAG:BAD:(A;;RC;;;BA)");
}

TEST(SeceditInfTest, ReadsBaselineManagementTestsSample) {
  TEMPER_REQUIRE_SHARED("gpo/baselinemanagement-tests/GptTmpl.inf");
  const auto inf = parse_file(shared_fixture("gpo/baselinemanagement-tests/GptTmpl.inf"), parse_secedit_inf);
  EXPECT_TRUE(inf.diagnostics.empty());
  EXPECT_EQ(inf.privilege_rights.at("SeImpersonatePrivilege"),
            (Holders{"S-1-5-20", "S-1-5-19", "S-1-5-6", "S-1-5-32-544"}));
  EXPECT_EQ(inf.privilege_rights.at("SeNetworkLogonRight"), (Holders{"S-1-5-11", "S-1-5-32-544"}));
  const auto* notice =
      reg_value(inf, "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System", "LegalNoticeText");
  ASSERT_NE(notice, nullptr);
  EXPECT_EQ(notice->type, model::RegType::kMultiSz);
  EXPECT_EQ(notice->multi, (Holders{"Authorized access only"}));
  const auto* caption =
      reg_value(inf, "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System", "LegalNoticeCaption");
  ASSERT_NE(caption, nullptr);
  EXPECT_EQ(caption->text, "Secure Server");
  // Lower-case value names as written in the file; lookups are case-insensitive.
  const auto* strong =
      reg_value(inf, "HKLM\\System\\CurrentControlSet\\Services\\Netlogon\\Parameters", "RequireStrongKey");
  ASSERT_NE(strong, nullptr);
  EXPECT_EQ(strong->number, 1u);
}

TEST(SeceditInfTest, ReadsDodWindows10WithServiceSid) {
  TEMPER_REQUIRE_SHARED("gpo/simeononsecurity-dod-win10-ansiblefixes/GptTmpl.inf");
  const auto inf =
      parse_file(shared_fixture("gpo/simeononsecurity-dod-win10-ansiblefixes/GptTmpl.inf"), parse_secedit_inf);
  EXPECT_TRUE(inf.diagnostics.empty());
  EXPECT_EQ(inf.privilege_rights.at("SeImpersonatePrivilege"),
            (Holders{"S-1-5-32-544", "S-1-5-19", "S-1-5-20", "S-1-5-6"}));
  EXPECT_EQ(inf.privilege_rights.at("SeSystemtimePrivilege"),
            (Holders{"S-1-5-32-544", "S-1-5-19", "S-1-5-80-3169285310-278349998-1452333686-3865143136-4212226833"}));
  EXPECT_EQ(inf.privilege_rights.at("SeDenyNetworkLogonRight"), (Holders{"S-1-5-113", "S-1-5-32-546"}));
  EXPECT_EQ(inf.options.at("MinimumPasswordLength").number, 14);
  EXPECT_EQ(inf.options.at("NewGuestName").text, "Visitor");
  EXPECT_FALSE(inf.options.at("NewGuestName").number.has_value());
  ASSERT_EQ(inf.services.size(), 1u);
  EXPECT_EQ(inf.services[0].name, "seclogon");
  EXPECT_EQ(inf.services[0].start_mode, "Disabled");
}

TEST(SeceditInfTest, ReadsDodWindows8RegistryTypes) {
  TEMPER_REQUIRE_SHARED("gpo/simeononsecurity-dod-win8/GptTmpl.inf");
  const auto inf = parse_file(shared_fixture("gpo/simeononsecurity-dod-win8/GptTmpl.inf"), parse_secedit_inf);
  EXPECT_TRUE(inf.diagnostics.empty());
  EXPECT_EQ(inf.privilege_rights.at("SeImpersonatePrivilege"),
            (Holders{"S-1-5-32-544", "S-1-5-19", "S-1-5-20", "S-1-5-6"}));
  EXPECT_EQ(inf.privilege_rights.at("SeSystemProfilePrivilege"),
            (Holders{"S-1-5-32-544", model::service_sid("WdiServiceHost")}));
  EXPECT_TRUE(inf.privilege_rights.at("SeRemoteInteractiveLogonRight").empty());
  EXPECT_EQ(inf.options.at("NewAdministratorName").text, "X_Admin");
  const std::string lsa = "HKLM\\System\\CurrentControlSet\\Control\\Lsa";
  const auto* fpa = reg_value(inf, lsa, "FullPrivilegeAuditing");
  ASSERT_NE(fpa, nullptr);
  EXPECT_EQ(fpa->type, model::RegType::kBinary);
  EXPECT_EQ(fpa->binary, (std::vector<std::uint8_t>{0}));
  const auto* pipes =
      reg_value(inf, "HKLM\\System\\CurrentControlSet\\Services\\LanManServer\\Parameters", "NullSessionPipes");
  ASSERT_NE(pipes, nullptr);
  EXPECT_EQ(pipes->type, model::RegType::kMultiSz);
  EXPECT_TRUE(pipes->multi.empty());
  const auto* paths =
      reg_value(inf, "HKLM\\System\\CurrentControlSet\\Control\\SecurePipeServers\\Winreg\\AllowedPaths", "Machine");
  ASSERT_NE(paths, nullptr);
  ASSERT_EQ(paths->multi.size(), 11u);
  EXPECT_EQ(paths->multi.front(), "Software\\Microsoft\\Windows NT\\CurrentVersion\\Print");
  const auto* enc =
      reg_value(inf, "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos\\Parameters",
                "SupportedEncryptionTypes");
  ASSERT_NE(enc, nullptr);
  EXPECT_EQ(enc->number, 2147483640u);
  const auto* cached =
      reg_value(inf, "HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon", "CachedLogonsCount");
  ASSERT_NE(cached, nullptr);
  EXPECT_EQ(cached->text, "4");
}

TEST(SeceditInfTest, ReadsNsaApplockerServiceSection) {
  TEMPER_REQUIRE_SHARED("gpo/simeononsecurity-nsacyber-applocker/GptTmpl.inf");
  const auto inf = parse_file(shared_fixture("gpo/simeononsecurity-nsacyber-applocker/GptTmpl.inf"), parse_secedit_inf);
  EXPECT_TRUE(inf.diagnostics.empty());
  EXPECT_TRUE(inf.privilege_rights.empty());
  EXPECT_FALSE(inf.has_privilege_rights);
  ASSERT_EQ(inf.services.size(), 1u);
  EXPECT_EQ(inf.services[0].name, "AppIDSvc");
  EXPECT_EQ(inf.services[0].start_mode, "Auto");
  EXPECT_EQ(inf.services[0].line, 7u);
}

TEST(SeceditInfTest, PolicyKeepsAbsentRightsUndefinedEffectiveMakesThemEmpty) {
  TEMPER_REQUIRE_SHARED("gpo/baselinemanagement-tests/GptTmpl.inf");
  const auto inf = parse_file(shared_fixture("gpo/baselinemanagement-tests/GptTmpl.inf"), parse_secedit_inf);
  model::Snapshot policy;
  merge_inf(inf, InfSemantics::kPolicy, policy);
  ASSERT_TRUE(policy.user_rights);
  EXPECT_FALSE(policy.user_rights->contains("SeServiceLogonRight"));  // not configured
  EXPECT_TRUE(policy.user_rights->at("SeTcbPrivilege").empty());      // configured: nobody
  model::Snapshot effective;
  merge_inf(inf, InfSemantics::kEffective, effective);
  ASSERT_TRUE(effective.user_rights->contains("SeServiceLogonRight"));
  EXPECT_TRUE(effective.user_rights->at("SeServiceLogonRight").empty());  // absent from an export = nobody
  EXPECT_EQ(effective.user_rights->size(), model::user_rights().size());
  ASSERT_TRUE(effective.registry);
  EXPECT_TRUE(effective.registry->collected.empty());
  EXPECT_EQ(effective.registry->find("HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa")->values.at("NoLMHash").number,
            1u);
}

TEST(SeceditInfTest, ReadsHandWrittenUtf8WithNamesAndAllTypes) {
  const auto inf = parse_file(test_data("secedit/handwritten-utf8.inf"), parse_secedit_inf);
  EXPECT_TRUE(inf.diagnostics.empty()) << inf.diagnostics.front().to_string();
  EXPECT_EQ(inf.privilege_rights.at("SeImpersonatePrivilege"),
            (Holders{"S-1-5-32-544", "S-1-5-19", "S-1-5-20", "S-1-5-32-568"}));
  EXPECT_EQ(inf.privilege_rights.at("SeServiceLogonRight"), (Holders{"S-1-5-80-0", "CONTOSO\\svc-web"}));
  EXPECT_TRUE(inf.privilege_rights.at("SeDenyNetworkLogonRight").empty());
  EXPECT_TRUE(inf.privilege_rights.at("SeTcbPrivilege").empty());
  EXPECT_EQ(inf.options.at("NewAdministratorName").text, "Boss Admin");
  EXPECT_EQ(inf.options.at("Security Log\\MaximumLogSize").number, 196608);
  EXPECT_EQ(inf.options.at("MaxTicketAge").number, 10);
  EXPECT_EQ(reg_value(inf, "HKLM\\Software\\Test", "Path")->type, model::RegType::kExpandSz);
  EXPECT_EQ(reg_value(inf, "HKLM\\Software\\Test", "Path")->text, "%SystemRoot%\\temp");
  EXPECT_EQ(reg_value(inf, "HKLM\\Software\\Test", "Blob")->binary, (std::vector<std::uint8_t>{0x0a, 0x0b}));
  EXPECT_EQ(reg_value(inf, "HKLM\\Software\\Test", "List")->multi, (Holders{"one", "two", "three"}));
  EXPECT_TRUE(reg_value(inf, "HKLM\\Software\\Test", "Empty")->multi.empty());
  EXPECT_EQ(reg_value(inf, "HKLM\\Software\\Test", "Negative")->number, 0xFFFFFFFFu);
  EXPECT_EQ(reg_value(inf, "HKLM\\Software\\Test", "Eq")->text, "a=b,c");  // first '=' and first ',' only
  ASSERT_EQ(inf.services.size(), 2u);
  EXPECT_EQ(inf.services[1].name, "RemoteRegistry");
  EXPECT_EQ(inf.services[1].start_mode, "Disabled");
  EXPECT_EQ(inf.services[1].sddl, "D:AR(A;;CCLCSWLOCRRC;;;AU)");
  ASSERT_TRUE(inf.groups.contains("S-1-5-32-544"));
  EXPECT_EQ(*inf.groups.at("S-1-5-32-544").members, (Holders{"S-1-5-21-1-2-3-500", "CONTOSO\\Domain Admins"}));
  EXPECT_TRUE(inf.groups.at("S-1-5-32-555").member_of->empty());
  model::Snapshot effective;
  merge_inf(inf, InfSemantics::kEffective, effective);
  EXPECT_EQ(effective.services->at("W3SVC").start_mode, "Auto");
  model::Snapshot policy;
  merge_inf(inf, InfSemantics::kPolicy, policy);
  EXPECT_FALSE(policy.services.has_value());  // a policy's short list would read others as not installed
  ASSERT_EQ(policy.principals->local_groups.size(), 1u);
  EXPECT_EQ(policy.principals->local_groups[0].name, "BUILTIN\\Administrators");
}

TEST(SeceditInfTest, ReadsAnsiTemplate) {
  const auto inf = parse_file(test_data("secedit/ansi-1252.inf"), parse_secedit_inf);
  EXPECT_EQ(inf.options.at("NewGuestName").text, "Invit\xC3\xA9");  // é from Windows-1252
  EXPECT_EQ(inf.privilege_rights.at("SeBackupPrivilege"), (Holders{"S-1-5-32-544", "S-1-5-32-551"}));
}

TEST(SeceditInfTest, SkipsDamagedLinesAndKeepsTheRest) {
  const auto inf = parse_file(test_data("secedit/damaged-lines.inf"), parse_secedit_inf);
  std::vector<std::uint32_t> lines;
  for (const auto& d : inf.diagnostics) {
    EXPECT_EQ(d.where.file, "damaged-lines.inf");
    lines.push_back(d.where.line);
  }
  EXPECT_EQ(lines, (std::vector<std::uint32_t>{1, 4, 6, 7, 8, 9, 12, 14}));
  EXPECT_EQ(inf.privilege_rights.at("SeDebugPrivilege"), (Holders{"S-1-5-32-544"}));
  ASSERT_EQ(inf.registry_values.size(), 1u);
  EXPECT_EQ(inf.registry_values[0].name, "Good");
  EXPECT_EQ(inf.registry_values[0].value.number, 7u);
  ASSERT_EQ(inf.services.size(), 1u);
  EXPECT_EQ(inf.services[0].name, "GoodSvc");
  // Line 4 was in [Privilege Rights]: some right is unknown, so absent rights are not "nobody".
  EXPECT_TRUE(inf.rights_damaged);
  model::Snapshot snap;
  merge_inf(inf, InfSemantics::kEffective, snap);
  EXPECT_EQ(snap.user_rights->size(), 1u);
}

TEST(SeceditInfTest, RejectsFileWithoutSectionsNamingIt) {
  const std::string garbage = "\x01\x02 not an inf \xff\xfe\x00";
  const auto inf = parse_secedit_inf(bytes_of(garbage), "secedit.inf");
  ASSERT_FALSE(inf);
  EXPECT_EQ(inf.error().code, ErrorCode::kParse);
  EXPECT_EQ(inf.error().where->to_string(), "secedit.inf:1");
  const auto empty = parse_secedit_inf({}, "empty.inf");
  ASSERT_FALSE(empty);
}

TEST(SeceditInfTest, TruncatedExportDoesNotTurnUnknownIntoNobody) {
  TEMPER_REQUIRE_SHARED("gpo/simeononsecurity-dod-win8/GptTmpl.inf");
  std::string bytes = slurp(shared_fixture("gpo/simeononsecurity-dod-win8/GptTmpl.inf"));
  // Cut inside "SeDebugPrivilege = *S-1-5-32-544" (odd length: half a UTF-16 unit too).
  const std::string marker = std::string("S\0e\0D\0e\0b\0u\0g\0", 14);
  const auto at = bytes.find(marker);
  ASSERT_NE(at, std::string::npos);
  bytes.resize(at + marker.size() + 11);
  const auto inf = parse_secedit_inf(bytes_of(bytes), "secedit.inf");
  ASSERT_TRUE(inf);
  EXPECT_FALSE(inf->ends_with_newline);
  EXPECT_TRUE(inf->privilege_rights.contains("SeDenyNetworkLogonRight"));  // read before the cut
  model::Snapshot snap;
  merge_inf(*inf, InfSemantics::kEffective, snap);
  EXPECT_FALSE(snap.user_rights->contains("SeRestorePrivilege"));  // after the cut: unknown, not "nobody"
  EXPECT_TRUE(snap.registry->find("HKLM\\System\\CurrentControlSet\\Control\\Lsa") != nullptr);
}

}  // namespace
}  // namespace temper::collect
