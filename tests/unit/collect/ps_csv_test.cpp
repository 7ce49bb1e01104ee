// SPDX-License-Identifier: Apache-2.0
// Export-Csv reader: quoting, BOM/no BOM, #TYPE line, and the services/features/groups tables.
#include "collect/offline/ps_csv.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"

namespace temper::collect {
namespace {
using testing::bytes_of;
using testing::parse_file;
using testing::slurp;
using testing::test_data;

TEST(PsCsvTest, HandlesQuotesEmbeddedNewlinesAndBom) {
  const auto t = parse_file(test_data("csv/services-bom.csv"), parse_csv);
  EXPECT_EQ(t.header, (std::vector<std::string>{"Name", "DisplayName", "StartMode", "State", "StartName"}));
  ASSERT_EQ(t.records.size(), 5u);  // "Short" has 2 fields and is skipped
  EXPECT_EQ(t.records[1].fields[1], "Print \"Spooler\" (quoted)");
  EXPECT_EQ(t.records[2].fields[1], "Two\r\nline name, with comma");
  EXPECT_EQ(t.records[2].line, 4u);
  EXPECT_EQ(t.records[3].line, 6u);  // the embedded line break counts
  ASSERT_EQ(t.diagnostics.size(), 1u);
  EXPECT_EQ(t.diagnostics[0].where.line, 7u);
}

TEST(PsCsvTest, ReadsServicesAndNormalisesStartModes) {
  const auto s = parse_file(test_data("csv/services-bom.csv"), parse_services_csv);
  EXPECT_EQ(s.services.size(), 6u);
  EXPECT_EQ(s.services.at("w3svc").start_mode, "Auto");
  EXPECT_EQ(s.services.at("W3SVC").state, "Running");
  EXPECT_EQ(s.services.at("W3SVC").account, "LocalSystem");
  EXPECT_EQ(s.services.at("Spooler").start_mode, "Disabled");
  EXPECT_EQ(s.services.at("RemoteRegistry").account, "NT AUTHORITY\\LocalService");
  // Kept, never dropped (a missing service reads as "not installed"): unknown start mode ...
  EXPECT_EQ(s.services.at("Broken").start_mode, "");
  EXPECT_EQ(s.services.at("Broken").state, "Stopped");
  // ... and a record with too few fields, known by name only.
  EXPECT_EQ(s.services.at("Short").start_mode, "");
  EXPECT_EQ(s.services.at("Short").state, "");
  EXPECT_EQ(s.diagnostics.size(), 2u);
  const auto n = parse_file(test_data("csv/services-nobom-type.csv"), parse_services_csv);
  EXPECT_EQ(n.services.at("WinRM").start_mode, "Auto");   // Get-Service's "Automatic"
  EXPECT_EQ(n.services.at("seclogon").state, "Stopped");  // Status column
}

TEST(PsCsvTest, ReadsInstalledFeaturesOnly) {
  const auto f = parse_file(test_data("csv/features.csv"), parse_features_csv);
  EXPECT_EQ(f.installed.size(), 3u);
  EXPECT_TRUE(f.installed.contains("web-server"));
  EXPECT_FALSE(f.installed.contains("Web-Ftp-Server"));
}

TEST(PsCsvTest, ReadsLocalGroupsWithSidsAndEmptyGroups) {
  const auto g = parse_file(test_data("csv/groups.csv"), parse_groups_csv);
  const auto& groups = g.principals.local_groups;
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].name, "Administrators");
  EXPECT_EQ(groups[0].sid, "S-1-5-32-544");
  EXPECT_EQ(groups[0].members, (std::vector<std::string>{"S-1-5-21-111-222-333-500", "S-1-5-21-444-555-666-512"}));
  EXPECT_EQ(groups[1].members, (std::vector<std::string>{"S-1-5-17"}));  // IUSR resolved by name
  EXPECT_EQ(groups[2].name, "Remote Desktop Users");
  EXPECT_TRUE(groups[2].members.empty());
  ASSERT_EQ(g.principals.accounts.size(), 3u);
  EXPECT_EQ(g.principals.accounts[1].name, "CONTOSO\\Domain Admins");
  EXPECT_EQ(g.principals.accounts[1].kind, "group");
}

TEST(PsCsvTest, ReportsUnterminatedQuoteAndMissingColumns) {
  const std::string bytes = slurp(test_data("csv/unterminated.csv"));
  const auto t = parse_csv(bytes_of(bytes), "services.csv");
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->records.empty());
  ASSERT_EQ(t->diagnostics.size(), 1u);
  EXPECT_EQ(t->diagnostics[0].to_string(),
            "services.csv:2: quoted field not closed before the end of the file; record skipped");
  EXPECT_EQ(t->malformed.size(), 1u);
  const auto services = parse_services_csv(bytes_of(bytes), "services.csv");
  ASSERT_TRUE(services);
  EXPECT_EQ(services->services.at("A").start_mode, "");  // name readable before the open quote
  const std::string other = "\"Foo\",\"Bar\"\r\n\"1\",\"2\"\r\n";
  const auto s = parse_services_csv(bytes_of(other), "services.csv");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().to_string(), "services.csv:1: missing column 'Name' in the header");
  EXPECT_FALSE(parse_csv({}, "empty.csv"));
}

TEST(PsCsvTest, DamagedRecordsNeverShrinkALookupTable) {
  // features: a damaged row counts as installed, so checks depending on it are evaluated.
  const std::string features = "\"Name\",\"DisplayName\",\"InstallState\"\n\"Web-Server\",\"x\"\n";
  const auto f = parse_features_csv(bytes_of(features), "features.csv");
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->installed.contains("Web-Server"));
  // groups: a group with a damaged row is left out rather than shown with fewer members.
  const std::string groups =
      "Group,Name,SID\nAdministrators,A,S-1-5-21-1-2-3-500\nAdministrators,B\nUsers,C,S-1-5-21-1-2-3-1001\n";
  const auto g = parse_groups_csv(bytes_of(groups), "groups.csv");
  ASSERT_TRUE(g);
  ASSERT_EQ(g->principals.local_groups.size(), 1u);
  EXPECT_EQ(g->principals.local_groups[0].name, "Users");
  // a damaged record that does not even show its key: the table is unusable.
  const std::string services = "Name,StartMode\nW3SVC,Auto\n\"\n";
  const auto s = parse_services_csv(bytes_of(services), "services.csv");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().to_string(), "services.csv:3: damaged record: cannot tell which service it describes");
}

}  // namespace
}  // namespace temper::collect
