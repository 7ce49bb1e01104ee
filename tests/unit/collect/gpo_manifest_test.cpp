// SPDX-License-Identifier: Apache-2.0
// GPO extension lists: Backup.xml <MachineExtensionGuids>, gpt.ini gPCMachineExtensionNames, hostile input.
#include "collect/offline/gpo_manifest.hpp"

#include <gtest/gtest.h>

#include "core/limits.hpp"
#include "test_util.hpp"

namespace temper::collect {
namespace {
using testing::bytes_of;

constexpr const char* kSecurityPair = "[{827D319E-6EAC-11D2-A4EA-00C04F79F83A}{803E14A0-B4FB-11D0-A0D0-00A0C90F574B}]";
constexpr const char* kAuditPair = "[{F3CCC681-B74C-4060-9F26-CD84525DCA2A}{0F3F3735-573D-9804-99E4-AB2A69BA5FD4}]";

std::string backup_xml(const std::string& element) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<GroupPolicyBackupScheme bkp:version=\"2.0\">\r\n"
         "<GroupPolicyObject><GroupPolicyCoreSettings><ID><![CDATA[{31B2F340-016D-11D2-945F-00C04FB984F9}]]></ID>"
         "<MachineVersionNumber><![CDATA[65537]]></MachineVersionNumber>\r\n" +
         element + "<UserExtensionGuids/></GroupPolicyCoreSettings></GroupPolicyObject></GroupPolicyBackupScheme>\r\n";
}

TEST(GpoManifestTest, ExtensionListTakesTheFirstGuidOfEachGroup) {
  const std::string text = std::string(kSecurityPair) +
                           " \r\n[{35378eac-683f-11d2-a89a-00c04fbbcfa2}{D02B1F72-3407-48AE-BA88-E8213C6761F1}]" +
                           "[{F3CCC681-B74C-4060-9F26-CD84525DCA2A}{0F3F3735-573D-9804-99E4-AB2A69BA5FD4}{803E14A0-"
                           "B4FB-11D0-A0D0-00A0C90F574B}]";
  const auto list = parse_extension_list(text, SourceLocation("x"));
  ASSERT_TRUE(list) << list.error().to_string();
  EXPECT_EQ(list->cses,
            (std::vector<std::string>{std::string(kSecurityCse), std::string(kRegistryCse), std::string(kAuditCse)}));
  EXPECT_TRUE(list->lists("{35378eac-683f-11d2-a89a-00c04fbbcfa2}"));
  const auto empty = parse_extension_list("  ", SourceLocation("x"));
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->cses.empty());
}

TEST(GpoManifestTest, ExtensionListRejectsMalformedText) {
  for (const char* bad : {"{827D319E-6EAC-11D2-A4EA-00C04F79F83A}", "[]", "[{827D319E-6EAC-11D2-A4EA-00C04F79F83A}",
                          "[{827D319E-6EAC-11D2-A4EA-00C04F79F83}]", "[{827D319E+6EAC-11D2-A4EA-00C04F79F83A}]",
                          "[{827D319E-6EAC-11D2-A4EA-00C04F79F83A}x]", "[{", "Security"}) {
    const auto r = parse_extension_list(bad, SourceLocation("gpt.ini", 2));
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kParse) << bad;
    EXPECT_EQ(r.error().where->to_string(), "gpt.ini:2") << bad;
  }
  std::string many;
  for (std::size_t i = 0; i <= limits::kMaxGpoExtensions; ++i) many += kAuditPair;
  const auto r = parse_extension_list(many, SourceLocation("x"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kLimit);
}

TEST(GpoManifestTest, ReadsBackupXmlCdataPlainAndEmptyLists) {
  const std::string cdata = backup_xml("<MachineExtensionGuids><![CDATA[" + std::string(kSecurityPair) + kAuditPair +
                                       "]]></MachineExtensionGuids>");
  const auto a = parse_backup_xml(bytes_of(cdata), "Backup.xml");
  ASSERT_TRUE(a) << a.error().to_string();
  ASSERT_TRUE(a->machine);
  EXPECT_EQ(a->machine->cses, (std::vector<std::string>{std::string(kSecurityCse), std::string(kAuditCse)}));
  EXPECT_TRUE(a->diagnostics.empty());

  const std::string plain =
      backup_xml("<MachineExtensionGuids>" + std::string(kSecurityPair) + "</MachineExtensionGuids>");
  const auto b = parse_backup_xml(bytes_of(plain), "Backup.xml");
  ASSERT_TRUE(b && b->machine);
  EXPECT_EQ(b->machine->cses.size(), 1u);

  for (const char* none :
       {"<MachineExtensionGuids/>", "<MachineExtensionGuids />", "<MachineExtensionGuids></MachineExtensionGuids>",
        "<MachineExtensionGuids><![CDATA[]]></MachineExtensionGuids>"}) {
    const auto c = parse_backup_xml(bytes_of(backup_xml(none)), "Backup.xml");
    ASSERT_TRUE(c) << none << ": " << c.error().to_string();
    ASSERT_TRUE(c->machine) << none;  // a GPO with no Machine extension says so
    EXPECT_TRUE(c->machine->cses.empty()) << none;
  }
}

TEST(GpoManifestTest, DamagedBackupXmlFailsNamingTheLine) {
  struct Case {
    std::string text;
    std::string where;
  };
  for (const Case& c :
       {Case{"<GroupPolicyBackupScheme/>", "Backup.xml"}, Case{backup_xml("<MachineExtensionGuidsX/>"), "Backup.xml"},
        Case{backup_xml("<MachineExtensionGuids><![CDATA[" + std::string(kSecurityPair)), "Backup.xml:4"},
        Case{backup_xml("<MachineExtensionGuids><![CDATA[" + std::string(kSecurityPair) + "</MachineExtensionGuids>"),
             "Backup.xml:4"},
        Case{backup_xml("<MachineExtensionGuids><x/></MachineExtensionGuids>"), "Backup.xml:4"},
        Case{backup_xml("<MachineExtensionGuids>[{827D319E}]</MachineExtensionGuids>"), "Backup.xml:4"},
        Case{"\r\n\r\n<MachineExtensionGuids>", "Backup.xml:3"}}) {
    const auto r = parse_backup_xml(bytes_of(c.text), "Backup.xml");
    ASSERT_FALSE(r) << c.text;
    EXPECT_EQ(r.error().code, ErrorCode::kParse) << c.text;
    EXPECT_EQ(r.error().where->to_string(), c.where) << c.text << ": " << r.error().to_string();
  }
}

TEST(GpoManifestTest, OversizedManifestIsALimitError) {
  const std::string big(limits::kMaxGpoManifestBytes + 1, ' ');
  const auto x = parse_backup_xml(bytes_of(big), "Backup.xml");
  ASSERT_FALSE(x);
  EXPECT_EQ(x.error().code, ErrorCode::kLimit);
  const auto i = parse_gpt_ini(bytes_of(big), "gpt.ini");
  ASSERT_FALSE(i);
  EXPECT_EQ(i.error().code, ErrorCode::kLimit);
}

TEST(GpoManifestTest, ReadsGptIniMachineExtensionNames) {
  const std::string local =
      "[General]\r\ngPCFunctionalityVersion=2\r\ngpcmachineextensionnames = " + std::string(kSecurityPair) +
      "\r\nVersion=65537\r\n";
  const auto a = parse_gpt_ini(bytes_of(local), "gpt.ini");
  ASSERT_TRUE(a) << a.error().to_string();
  ASSERT_TRUE(a->machine);
  EXPECT_EQ(a->machine->cses, (std::vector<std::string>{std::string(kSecurityCse)}));

  // A SYSVOL gpt.ini: the list lives in Active Directory, so the file says nothing.
  const auto b =
      parse_gpt_ini(bytes_of(std::string("[General]\r\nVersion=65537\r\ndisplayName=New GPO\r\n")), "gpt.ini");
  ASSERT_TRUE(b);
  EXPECT_FALSE(b->machine);
  // Outside [General] the key is not the GPO's.
  const auto c =
      parse_gpt_ini(bytes_of("[Other]\r\ngPCMachineExtensionNames=" + std::string(kSecurityPair) + "\r\n"), "gpt.ini");
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->machine);
  // An empty value: no Machine extension.
  const auto d = parse_gpt_ini(bytes_of(std::string("[General]\r\ngPCMachineExtensionNames=\r\n")), "gpt.ini");
  ASSERT_TRUE(d && d->machine);
  EXPECT_TRUE(d->machine->cses.empty());

  const auto twice = parse_gpt_ini(bytes_of("[General]\ngPCMachineExtensionNames=" + std::string(kSecurityPair) +
                                            "\ngPCMachineExtensionNames=" + kAuditPair + "\n"),
                                   "gpt.ini");
  ASSERT_TRUE(twice && twice->machine);
  EXPECT_EQ(twice->machine->cses.size(), 1u);
  ASSERT_EQ(twice->diagnostics.size(), 1u);
  EXPECT_EQ(twice->diagnostics[0].where.to_string(), "gpt.ini:3");

  const auto bad =
      parse_gpt_ini(bytes_of(std::string("[General]\r\nVersion=1\r\ngPCMachineExtensionNames=[{x}]\r\n")), "gpt.ini");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().where->to_string(), "gpt.ini:3");
}

}  // namespace
}  // namespace temper::collect
