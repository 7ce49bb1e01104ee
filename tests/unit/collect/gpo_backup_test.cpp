// SPDX-License-Identifier: Apache-2.0
// GPO backup detection and import as a policy: flattened fixtures and a Backup-GPO tree.
#include "collect/offline/gpo_backup.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"

namespace temper::collect {
namespace {
namespace fs = std::filesystem;
using testing::shared_fixture;
using testing::TempDir;

const BundlePart* part(const BundleImport& imp, std::string_view file) {
  for (const auto& p : imp.parts) {
    if (p.file.ends_with(file)) return &p;
  }
  return nullptr;
}

void copy_into(const fs::path& from, const fs::path& to) {
  fs::create_directories(to.parent_path());
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
  fs::permissions(to, fs::perms::owner_write, fs::perm_options::add);  // fixtures may be read-only
}

TEST(GpoBackupTest, FindsFlattenedFixtureLayouts) {
  TEMPER_REQUIRE_SHARED("gpo/baselinemanagement-convertgpotodsc/GptTmpl.inf");
  const auto bm = find_gpo_layouts(shared_fixture("gpo/baselinemanagement-convertgpotodsc"));
  ASSERT_EQ(bm.size(), 1u);
  EXPECT_TRUE(bm[0].gpt_tmpl);
  ASSERT_TRUE(bm[0].machine_pol);
  EXPECT_EQ(bm[0].machine_pol->filename(), "Machine-registry.pol");  // never User-registry.pol
  EXPECT_TRUE(bm[0].audit_csv);
  const auto tests = find_gpo_layouts(shared_fixture("gpo/baselinemanagement-tests"));
  ASSERT_EQ(tests.size(), 1u);
  EXPECT_EQ(tests[0].machine_pol->filename(), "registry.pol");
  const auto applocker = find_gpo_layouts(shared_fixture("gpo/simeononsecurity-nsacyber-applocker"));
  ASSERT_EQ(applocker.size(), 1u);
  EXPECT_TRUE(applocker[0].gpt_tmpl);
  EXPECT_FALSE(applocker[0].machine_pol);
  EXPECT_FALSE(applocker[0].audit_csv);
  EXPECT_TRUE(find_gpo_layouts(shared_fixture("reg")).empty());
}

TEST(GpoBackupTest, ImportsEveryFixtureGpoAsPolicy) {
  TEMPER_REQUIRE_SHARED("gpo/simeononsecurity-dod-win10-ansiblefixes/GptTmpl.inf");
  struct Case {
    const char* dir;
    std::size_t audit;
    std::size_t removals;
  };
  for (const Case c :
       {Case{"baselinemanagement-convertgpotodsc", 23, 1}, Case{"baselinemanagement-tests", 23, 1},
        Case{"simeononsecurity-dod-win10-ansiblefixes", 26, 6}, Case{"simeononsecurity-dod-win8", 16, 11}}) {
    const auto layouts = find_gpo_layouts(shared_fixture(std::string("gpo/") + c.dir));
    ASSERT_EQ(layouts.size(), 1u) << c.dir;
    const BundleImport imp = import_gpo_layout(layouts[0]);
    const auto& s = imp.snapshot;
    // The Windows 10 GptTmpl.inf configures seclogon, which a policy import does not turn into services.
    EXPECT_EQ(imp.diagnostics.size(), std::string_view(c.dir).find("win10") != std::string_view::npos ? 1u : 0u)
        << c.dir;
    EXPECT_FALSE(s.services.has_value()) << c.dir;
    EXPECT_EQ(s.source.kind, model::SourceKind::kPolicy);
    EXPECT_EQ(s.source.inputs.size(), 3u) << c.dir;
    EXPECT_EQ(s.user_rights->at("SeImpersonatePrivilege").size(), 4u) << c.dir;
    EXPECT_FALSE(s.user_rights->contains("SeServiceLogonRight")) << c.dir;  // not configured
    EXPECT_EQ(s.audit_policy->size(), c.audit) << c.dir;
    EXPECT_EQ(imp.policy_removals.size(), c.removals) << c.dir;
    ASSERT_TRUE(s.registry) << c.dir;
    EXPECT_TRUE(s.registry->collected.empty()) << c.dir;
    EXPECT_FALSE(s.iis.has_value());
  }
}

TEST(GpoBackupTest, MissingFilesDefineNothing) {
  TEMPER_REQUIRE_SHARED("gpo/simeononsecurity-nsacyber-applocker/GptTmpl.inf");
  const auto layouts = find_gpo_layouts(shared_fixture("gpo/simeononsecurity-nsacyber-applocker"));
  ASSERT_EQ(layouts.size(), 1u);
  const BundleImport imp = import_gpo_layout(layouts[0]);
  const auto& s = imp.snapshot;
  // GptTmpl.inf only: every section a GPO can define is present and empty ("not defined").
  ASSERT_TRUE(s.user_rights && s.security_options && s.registry && s.audit_policy);
  EXPECT_TRUE(s.user_rights->empty());
  EXPECT_TRUE(s.registry->keys.empty());
  EXPECT_TRUE(s.audit_policy->empty());
  ASSERT_EQ(imp.diagnostics.size(), 1u);
  EXPECT_EQ(imp.diagnostics[0].where.to_string(), "GptTmpl.inf:7");  // "AppIDSvc",2,"" not imported
  EXPECT_EQ(imp.not_collected().size(), 2u);                         // registry.pol and audit.csv missing
}

TEST(GpoBackupTest, ImportsBackupGpoTreeWithMixedCase) {
  TEMPER_REQUIRE_SHARED("gpo/simeononsecurity-dod-win8/GptTmpl.inf");
  TempDir tmp("gpo-tree");
  const fs::path src = shared_fixture("gpo/simeononsecurity-dod-win8");
  const fs::path machine = tmp.path() / "{2199EA28-0000-4000-8000-000000000001}" / "DomainSysvol" / "GPO" / "Machine";
  copy_into(src / "GptTmpl.inf", machine / "microsoft" / "windows nt" / "SecEdit" / "GptTmpl.inf");
  copy_into(src / "Machine-registry.pol", machine / "registry.pol");
  copy_into(src / "audit.csv", machine / "Microsoft" / "Windows NT" / "Audit" / "audit.csv");
  std::ofstream(tmp.path() / "manifest.xml") << "<Backups/>";

  auto imported = import_bundle(tmp.path());
  ASSERT_TRUE(imported) << imported.error().to_string();
  const auto& s = imported->snapshot;
  EXPECT_EQ(s.source.kind, model::SourceKind::kPolicy);
  EXPECT_EQ(s.source.tool, "temper import");
  ASSERT_EQ(s.source.inputs.size(), 3u);
  EXPECT_EQ(s.source.inputs[0],
            "{2199EA28-0000-4000-8000-000000000001}/DomainSysvol/GPO/Machine/microsoft/windows nt/SecEdit/GptTmpl.inf");
  EXPECT_EQ(s.user_rights->at("SeDebugPrivilege"), (std::vector<std::string>{"S-1-5-32-544"}));
  EXPECT_TRUE(s.user_rights->at("SeTcbPrivilege").empty());
  // From GptTmpl.inf [Registry Values] and from registry.pol, in one registry.
  EXPECT_EQ(s.registry->find("HKLM\\System\\CurrentControlSet\\Control\\Lsa")->values.at("NoLMHash").number, 1u);
  EXPECT_EQ(s.registry->find("HKLM\\Software\\Policies\\Microsoft\\WindowsMediaPlayer")
                ->values.at("DisableAutoUpdate")
                .number,
            1u);
  EXPECT_EQ(s.audit_policy->at("{0cce923f-69ae-11d9-bed3-505054503030}").name, "Audit Credential Validation");
  EXPECT_EQ(imported->policy_removals.size(), 11u);
}

TEST(GpoBackupTest, DamagedPolicyFileIsReportedAndTheRestImported) {
  TEMPER_REQUIRE_SHARED("gpo/baselinemanagement-tests/GptTmpl.inf");
  TempDir tmp("gpo-damaged");
  const fs::path src = shared_fixture("gpo/baselinemanagement-tests");
  copy_into(src / "GptTmpl.inf", tmp.path() / "GptTmpl.inf");
  copy_into(src / "audit.csv", tmp.path() / "audit.csv");
  std::ofstream(tmp.path() / "registry.pol", std::ios::binary) << "garbage, not PReg";
  auto imported = import_bundle(tmp.path());
  ASSERT_TRUE(imported);
  const auto* pol = part(*imported, "registry.pol");
  ASSERT_NE(pol, nullptr);
  EXPECT_EQ(pol->status, PartStatus::kFailed);
  EXPECT_EQ(pol->detail, "registry.pol at offset 0: not a registry.pol file: missing 'PReg' signature");
  EXPECT_EQ(part(*imported, "GptTmpl.inf")->status, PartStatus::kImported);
  EXPECT_EQ(imported->snapshot.audit_policy->size(), 23u);
  EXPECT_TRUE(imported->snapshot.user_rights.has_value());
  EXPECT_FALSE(imported->snapshot.registry.has_value());  // registry.pol unusable: registry unknown
  const auto missing = imported->not_collected();
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0],
            "not collected: registry (policy values) (registry.pol at offset 0: not a registry.pol file: "
            "missing 'PReg' signature)");
}

}  // namespace
}  // namespace temper::collect
