// SPDX-License-Identifier: Apache-2.0
// Sigma rule shapes: conditions, selections, logsource scopes, hostile rules.
#include <gtest/gtest.h>

#include "detect_test_util.hpp"

namespace temper::detect::test {
namespace {

std::string rule_two(std::string_view condition) {
  return "title: t\nid: r1\nlogsource:\n  product: windows\n  category: process_creation\ndetection:\n"
         "  sel_img:\n    Image|endswith: '\\cmd.exe'\n  sel_cli:\n    CommandLine|contains: 'whoami'\n"
         "  filter_parent:\n    ParentImage|endswith: '\\explorer.exe'\n  condition: " + std::string(condition) + "\n";
}

TEST(SigmaConditionTest, AndOrNotParentheses) {
  const auto cmd_whoami = sysmon1({{"Image", "C:\\cmd.exe"}, {"CommandLine", "whoami /all"}, {"ParentImage", "C:\\w3wp.exe"}});
  const auto cmd_only = sysmon1({{"Image", "C:\\cmd.exe"}, {"CommandLine", "dir"}, {"ParentImage", "C:\\explorer.exe"}});
  EXPECT_TRUE(matches(rule_two("sel_img and sel_cli"), cmd_whoami));
  EXPECT_FALSE(matches(rule_two("sel_img and sel_cli"), cmd_only));
  EXPECT_TRUE(matches(rule_two("sel_img or sel_cli"), cmd_only));
  EXPECT_TRUE(matches(rule_two("sel_img and not filter_parent"), cmd_whoami));
  EXPECT_FALSE(matches(rule_two("sel_img and not filter_parent"), cmd_only));
  EXPECT_FALSE(matches(rule_two("not (sel_img or sel_cli)"), cmd_only));
}

TEST(SigmaConditionTest, OneOfAllOfAndThem) {
  const auto both = sysmon1({{"Image", "C:\\cmd.exe"}, {"CommandLine", "whoami"}});
  const auto one = sysmon1({{"Image", "C:\\cmd.exe"}, {"CommandLine", "dir"}});
  EXPECT_TRUE(matches(rule_two("1 of sel_*"), one));
  EXPECT_FALSE(matches(rule_two("all of sel_*"), one));
  EXPECT_TRUE(matches(rule_two("all of sel_*"), both));
  EXPECT_FALSE(matches(rule_two("all of them"), both));  // filter_parent does not hold
  EXPECT_TRUE(matches(rule_two("all of sel_* and not 1 of filter_*"), both));
}

TEST(SigmaConditionTest, ProblemsAreReportedWithReason) {
  auto set = compile_one(rule_two("sel_img | count() by Computer > 5"));
  ASSERT_EQ(set.unsupported().size(), 1u);
  EXPECT_NE(set.unsupported()[0].reason.find("aggregation"), std::string::npos);
  set = compile_one(rule_two("sel_nothing"));
  ASSERT_EQ(set.unsupported().size(), 1u);
  EXPECT_EQ(set.unsupported()[0].reason, "condition: unknown selection 'sel_nothing'");
  EXPECT_EQ(set.unsupported()[0].file, "test.yml:7");  // the detection block
  set = compile_one(rule_two("(sel_img and sel_cli"));
  ASSERT_EQ(set.unsupported().size(), 1u);
  EXPECT_EQ(set.unsupported()[0].reason, "condition: missing ')'");
}

TEST(SigmaConditionTest, DeepNestingIsBounded) {
  const std::string deep = std::string(100000, '(') + "sel_img" + std::string(100000, ')');
  const auto set = compile_one(rule_two(deep));
  ASSERT_EQ(set.unsupported().size(), 1u);
  EXPECT_NE(set.unsupported()[0].reason.find("nested"), std::string::npos);
}

TEST(SigmaSelectionTest, ListOfMapsIsOrAndKeywordsSearchEveryField) {
  const std::string rule =
      "title: t\nid: r1\nlogsource:\n  product: windows\n  service: security\ndetection:\n"
      "  sel:\n    - EventID: 4625\n      TargetUserName: admin\n    - EventID: 4740\n"
      "  condition: sel\n";
  EXPECT_TRUE(matches(rule, make_event("Security", 4740, {})));
  EXPECT_TRUE(matches(rule, make_event("Security", 4625, {{"TargetUserName", "Admin"}})));
  EXPECT_FALSE(matches(rule, make_event("Security", 4625, {{"TargetUserName", "bob"}})));
  EXPECT_FALSE(matches(rule, make_event("System", 4740, {})));
  const std::string keywords =
      "title: t\nid: k\nlogsource:\n  product: windows\n  service: system\ndetection:\n"
      "  keywords:\n    - 'mimikatz'\n    - 'sekurlsa'\n  condition: keywords\n";
  EXPECT_TRUE(matches(keywords, make_event("System", 7045, {{"ImagePath", "C:\\tmp\\MIMIKATZ.exe"}})));
  EXPECT_FALSE(matches(keywords, make_event("System", 7045, {{"ImagePath", "C:\\tmp\\svc.exe"}})));
}

TEST(SigmaLogsourceTest, ProcessCreationRunsOnSysmonAndSecurity4688WithItsFieldNames) {
  const auto set = compile_one(rule_with("    Image|endswith: '\\aspnet_regiis.exe'\n    CommandLine|contains: ' -pdf '"));
  ASSERT_EQ(set.rules().size(), 3u);  // Sysmon 1, Security 4688, ECS-only process start
  EXPECT_EQ(set.compiled_sources(), 1u);
  const auto sec = make_event("Security", 4688, {{"NewProcessName", "C:\\Windows\\Microsoft.NET\\aspnet_regiis.exe"},
                                                 {"CommandLine", "aspnet_regiis -pdf connectionStrings ."}});
  EXPECT_EQ(hits(set, sec).size(), 1u);
  // Same values under Sysmon's names on a 4688: no match (4688 has no Image field).
  const auto wrong = make_event("Security", 4688, {{"Image", "C:\\aspnet_regiis.exe"}, {"CommandLine", "x -pdf y"}});
  EXPECT_TRUE(hits(set, wrong).empty());
  const auto sysmon = sysmon1({{"Image", "C:\\aspnet_regiis.exe"}, {"CommandLine", "x -pdf y"}});
  EXPECT_EQ(hits(set, sysmon).size(), 1u);
  // Other event ids of the channel are not dispatched to the rule.
  EXPECT_TRUE(hits(set, make_event("Microsoft-Windows-Sysmon/Operational", 3, {{"Image", "C:\\aspnet_regiis.exe"},
                                                                                {"CommandLine", "x -pdf y"}})).empty());
}

// `'|all':` without a field name: every keyword must occur, each in some data field.
TEST(SigmaSelectionTest, KeywordsWithAllNeedEveryKeyword) {
  const std::string rule =
      "title: t\nid: k\nlogsource:\n  product: windows\n  service: msexchange-management\ndetection:\n"
      "  sel:\n    '|all':\n      - 'New-MailboxExportRequest'\n      - ' -Mailbox '\n  condition: sel\n";
  const std::string channel = "MSExchange Management";
  EXPECT_TRUE(matches(rule, make_event(channel, 1, {{"Data1", "new-mailboxexportrequest -Mailbox bob -FilePath x"}})));
  EXPECT_TRUE(matches(rule, make_event(channel, 1, {{"Data1", "New-MailboxExportRequest"}, {"Data2", "x -Mailbox y"}})));
  EXPECT_FALSE(matches(rule, make_event(channel, 1, {{"Data1", "New-MailboxExportRequest -Identity bob"}})));
  EXPECT_FALSE(matches(rule, make_event(channel, 1, {{"Data1", "Get-Mailbox -Mailbox bob"}})));
  RuleSet set;
  compile_sigma("title: t\nlogsource:\n  product: windows\n  service: system\ndetection:\n"
                "  sel:\n    '|contains':\n      - 'a'\n  condition: sel\n", "x.yml", set);
  ASSERT_EQ(set.unsupported().size(), 1u);
  EXPECT_NE(set.unsupported()[0].reason.find("keywords with modifiers other than '|all'"), std::string::npos);
}

// A service that logs to several channels compiles one scope per channel.
TEST(SigmaLogsourceTest, AppLockerRunsOnItsFourChannels) {
  const auto set = compile_one(
      "title: t\nid: a\nlogsource:\n  product: windows\n  service: applocker\ndetection:\n"
      "  sel:\n    EventID: 8004\n  condition: sel\n");
  EXPECT_EQ(set.rules().size(), 4u);
  EXPECT_EQ(set.compiled_sources(), 1u);
  EXPECT_EQ(hits(set, make_event("Microsoft-Windows-AppLocker/EXE and DLL", 8004, {})).size(), 1u);
  EXPECT_EQ(hits(set, make_event("Microsoft-Windows-AppLocker/MSI and Script", 8004, {})).size(), 1u);
  EXPECT_TRUE(hits(set, make_event("Microsoft-Windows-AppLocker/EXE and DLL", 8003, {})).empty());
  EXPECT_TRUE(hits(set, make_event("Security", 8004, {})).empty());
}

TEST(SigmaLogsourceTest, UnknownCategoryIsUnsupported) {
  RuleSet set;
  compile_sigma("title: t\nlogsource:\n  category: teleport\ndetection:\n  sel:\n    A: b\n  condition: sel\n", "x.yml", set);
  ASSERT_EQ(set.unsupported().size(), 1u);
  EXPECT_EQ(set.unsupported()[0].reason, "logsource category 'teleport' has no event mapping");
  EXPECT_EQ(set.unsupported()[0].file, "x.yml:3");
}

TEST(SigmaLoaderTest, HostileFilesAreReportedNotFatal) {
  RuleSet set;
  compile_sigma("{{{ not yaml", "bad.yml", set);
  compile_sigma("- just\n- a list\n", "list.yml", set);
  compile_sigma("title: x\n", "nodet.yml", set);
  ASSERT_EQ(set.unsupported().size(), 3u);
  EXPECT_NE(set.unsupported()[0].reason.find("not YAML"), std::string::npos);
  EXPECT_EQ(set.unsupported()[1].reason, "not a Sigma rule (the document is not a mapping)");
  EXPECT_EQ(set.unsupported()[2].reason, "no detection mapping");
  EXPECT_TRUE(set.rules().empty());
}

TEST(SigmaLoaderTest, TenThousandAlternativesCompileAndMatch) {
  std::string values;
  for (int i = 0; i < 10000; ++i) values += "      - 'needle" + std::to_string(i) + "'\n";
  values.pop_back();
  const auto set = compile_one(rule_with("    CommandLine|contains:\n" + values));
  ASSERT_EQ(set.rules().size(), 3u);
  EXPECT_EQ(hits(set, sysmon1({{"CommandLine", "x needle9999 y"}})).size(), 1u);
  EXPECT_TRUE(hits(set, sysmon1({{"CommandLine", "x needle y"}})).empty());
}

TEST(SigmaMatcherTest, MatchedFieldsAreTheRulesFieldsInTheEvent) {
  const auto set = compile_one(rule_with("    Image|endswith: '\\cmd.exe'"));
  Matcher m(set);
  std::vector<std::pair<std::string, std::string>> got;
  m.match(sysmon1({{"Image", "C:\\cmd.exe"}, {"User", "bob"}}), [&](const CompiledRule& r) {
    for (const auto& [k, v] : m.matched_fields(r)) got.emplace_back(k, v);
  });
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].first, "Image");
  EXPECT_EQ(got[0].second, "C:\\cmd.exe");
}

}  // namespace
}  // namespace temper::detect::test
