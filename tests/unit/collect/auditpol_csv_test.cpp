// SPDX-License-Identifier: Apache-2.0
// auditpol CSV reader: the real backup, the four GPO audit.csv files, a `/get /r` export.
#include "collect/offline/auditpol_csv.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"

namespace temper::collect {
namespace {
using testing::bytes_of;
using testing::parse_file;
using testing::shared_fixture;
using testing::slurp;
using testing::test_data;

const std::string kLogon = "{0cce9215-69ae-11d9-bed3-505054503030}";
const std::string kCredentialValidation = "{0cce923f-69ae-11d9-bed3-505054503030}";
const std::string kPnp = "{0cce9248-69ae-11d9-bed3-505054503030}";

TEST(AuditpolCsvTest, ReadsFullBackup) {
  TEMPER_REQUIRE_SHARED("auditpol/auditpolicydsc-backup.csv");
  const auto a = parse_file(shared_fixture("auditpol/auditpolicydsc-backup.csv"), parse_auditpol_csv);
  EXPECT_TRUE(a.diagnostics.empty());
  EXPECT_EQ(a.subcategories.size(), 59u);
  const auto& logon = a.subcategories.at(kLogon);
  EXPECT_EQ(logon.name, "Logon");
  EXPECT_TRUE(logon.success);
  EXPECT_TRUE(logon.failure);
  const auto& logoff = a.subcategories.at("{0cce9216-69ae-11d9-bed3-505054503030}");
  EXPECT_TRUE(logoff.success);
  EXPECT_FALSE(logoff.failure);
  EXPECT_FALSE(a.subcategories.at("{0cce9213-69ae-11d9-bed3-505054503030}").success);  // IPsec Driver
  EXPECT_EQ(a.options.size(), 4u);
  EXPECT_EQ(a.options.at("CrashOnAuditFail").number, 0);
  model::Snapshot snap;
  merge_auditpol(a, snap);
  EXPECT_EQ(snap.audit_policy->size(), 59u);
  EXPECT_EQ(snap.security_options->at("AuditPolicy\\CrashOnAuditFail").number, 0);
}

TEST(AuditpolCsvTest, ReadsGpoAuditFilesByGuid) {
  TEMPER_REQUIRE_SHARED("gpo/baselinemanagement-tests/audit.csv");
  struct Case {
    const char* rel;
    std::size_t subcategories;
  };
  for (const Case c : {Case{"gpo/baselinemanagement-convertgpotodsc/audit.csv", 23},
                       Case{"gpo/baselinemanagement-tests/audit.csv", 23},
                       Case{"gpo/simeononsecurity-dod-win10-ansiblefixes/audit.csv", 26},
                       Case{"gpo/simeononsecurity-dod-win8/audit.csv", 16}}) {
    const auto a = parse_file(shared_fixture(c.rel), parse_auditpol_csv);
    EXPECT_TRUE(a.diagnostics.empty()) << c.rel;
    const auto& cv = a.subcategories.at(kCredentialValidation);
    EXPECT_EQ(cv.name, "Audit Credential Validation");
    EXPECT_TRUE(cv.success && cv.failure) << c.rel;
    EXPECT_EQ(a.subcategories.size(), c.subcategories) << c.rel;
    EXPECT_TRUE(a.subcategories.at(kLogon).success && a.subcategories.at(kLogon).failure) << c.rel;
  }
  const auto bm = parse_file(shared_fixture("gpo/baselinemanagement-tests/audit.csv"), parse_auditpol_csv);
  EXPECT_EQ(bm.subcategories.at(kPnp).name, "Audit PNP Activity");
  EXPECT_TRUE(bm.subcategories.at(kPnp).success);
  EXPECT_FALSE(bm.subcategories.at(kPnp).failure);
}

TEST(AuditpolCsvTest, ReadsGetSlashRFormWithBlankLine) {
  const auto a = parse_file(test_data("auditpol/get-r.csv"), parse_auditpol_csv);
  EXPECT_EQ(a.subcategories.size(), 4u);
  EXPECT_TRUE(a.subcategories.at(kLogon).failure);
  const auto& lockout = a.subcategories.at("{0cce9217-69ae-11d9-bed3-505054503030}");
  EXPECT_FALSE(lockout.success);
  EXPECT_TRUE(lockout.failure);
  EXPECT_FALSE(a.subcategories.at("{0cce922b-69ae-11d9-bed3-505054503030}").success);
  ASSERT_EQ(a.diagnostics.size(), 1u);  // "Sometimes"
  EXPECT_EQ(a.diagnostics[0].where.line, 7u);
}

TEST(AuditpolCsvTest, RejectsOtherCsv) {
  const std::string bytes = slurp(test_data("auditpol/wrong-header.csv"));
  auto a = parse_auditpol_csv(bytes_of(bytes), "auditpol.csv");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::kParse);
  EXPECT_EQ(a.error().to_string(), "auditpol.csv:1: not an auditpol CSV: missing column 'Subcategory GUID'");
}

}  // namespace
}  // namespace temper::collect
