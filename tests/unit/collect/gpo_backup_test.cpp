// SPDX-License-Identifier: Apache-2.0
// GPO backup detection and import as a policy: flattened fixtures and a Backup-GPO tree.
#include "collect/offline/gpo_backup.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <initializer_list>
#include <tuple>

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
    // baselinemanagement-convertgpotodsc also has a (header-only) User-registry.pol.
    const bool user_side = std::string_view(c.dir) == "baselinemanagement-convertgpotodsc";
    EXPECT_EQ(s.source.inputs.size(), user_side ? 4u : 3u) << c.dir;
    EXPECT_EQ(s.user_registry.has_value(), user_side) << c.dir;
    EXPECT_EQ(s.user_rights->at("SeImpersonatePrivilege").size(), 4u) << c.dir;
    EXPECT_FALSE(s.user_rights->contains("SeServiceLogonRight")) << c.dir;  // not configured
    EXPECT_EQ(s.audit_policy->size(), c.audit) << c.dir;
    EXPECT_EQ(imp.policy_removals.size(), c.removals) << c.dir;
    ASSERT_TRUE(s.registry) << c.dir;
    EXPECT_TRUE(s.registry->collected.empty()) << c.dir;
    EXPECT_FALSE(s.iis.has_value());
  }
}

TEST(GpoBackupTest, MissingFilesWithoutManifestAreNotCollected) {
  TEMPER_REQUIRE_SHARED("gpo/simeononsecurity-nsacyber-applocker/GptTmpl.inf");
  const auto layouts = find_gpo_layouts(shared_fixture("gpo/simeononsecurity-nsacyber-applocker"));
  ASSERT_EQ(layouts.size(), 1u);
  EXPECT_FALSE(layouts[0].backup_xml);
  EXPECT_FALSE(layouts[0].gpt_ini);
  const BundleImport imp = import_gpo_layout(layouts[0]);
  const auto& s = imp.snapshot;
  // GptTmpl.inf only, and nothing says whether the GPO has registry or audit settings.
  ASSERT_TRUE(s.user_rights && s.security_options);
  EXPECT_TRUE(s.user_rights->empty());
  EXPECT_FALSE(s.registry.has_value());
  EXPECT_FALSE(s.audit_policy.has_value());
  ASSERT_EQ(imp.diagnostics.size(), 1u);
  EXPECT_EQ(imp.diagnostics[0].where.to_string(), "GptTmpl.inf:7");  // "AppIDSvc",2,"" not imported
  EXPECT_EQ(imp.not_collected(),
            (std::vector<std::string>{
                "not collected: registry (policy values) (no registry.pol, and no Backup.xml or gpt.ini tells "
                "whether the GPO has Administrative Templates settings)",
                "not collected: audit policy (no audit.csv, and no Backup.xml or gpt.ini tells whether the GPO has "
                "advanced audit policy settings)"}));
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

// A hand-written GptTmpl.inf: one right and one [Registry Values] entry.
constexpr std::string_view kGptTmpl =
    "[Unicode]\r\nUnicode=yes\r\n[Privilege Rights]\r\nSeTcbPrivilege =\r\n[Registry Values]\r\n"
    "MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\NoLMHash=4,1\r\n[Version]\r\nsignature=\"$CHICAGO$\"\r\n"
    "Revision=1\r\n";
constexpr std::string_view kSecurityPair =
    "[{827D319E-6EAC-11D2-A4EA-00C04F79F83A}{803E14A0-B4FB-11D0-A0D0-00A0C90F574B}]";
constexpr std::string_view kRegistryPair =
    "[{35378EAC-683F-11D2-A89A-00C04FBBCFA2}{D02B1F72-3407-48AE-BA88-E8213C6761F1}]";
constexpr std::string_view kAuditPair =
    "[{F3CCC681-B74C-4060-9F26-CD84525DCA2A}{0F3F3735-573D-9804-99E4-AB2A69BA5FD4}]";

std::string backup_xml_listing(std::string_view pairs) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<GroupPolicyBackupScheme><GroupPolicyObject>"
         "<GroupPolicyCoreSettings><MachineExtensionGuids><![CDATA[" +
         std::string(pairs) +
         "]]></MachineExtensionGuids><UserExtensionGuids/></GroupPolicyCoreSettings>"
         "</GroupPolicyObject></GroupPolicyBackupScheme>\r\n";
}

std::span<const std::byte> as_bytes(std::string_view s) {
  return std::as_bytes(std::span<const char>(s.data(), s.size()));
}

TEST(GpoBackupTest, ManifestWithoutTheExtensionMeansNotDefined) {
  const std::string backup = backup_xml_listing(kSecurityPair);  // Security only
  GpoFiles files;
  files.gpt_tmpl = as_bytes(kGptTmpl);
  files.backup_xml = as_bytes(backup);
  const BundleImport imp = import_gpo_files(files);
  EXPECT_TRUE(imp.not_collected().empty());
  EXPECT_EQ(part(imp, "registry.pol")->status, PartStatus::kNotDefined);
  EXPECT_EQ(part(imp, "registry.pol")->detail,
            "Backup.xml lists no Registry (Administrative Templates) extension, so the GPO has no Administrative "
            "Templates settings");
  EXPECT_EQ(part(imp, "audit.csv")->status, PartStatus::kNotDefined);
  const auto& s = imp.snapshot;
  // Present and empty where the GPO defines nothing; the registry holds GptTmpl.inf's values only.
  ASSERT_TRUE(s.audit_policy && s.registry && s.user_rights);
  EXPECT_TRUE(s.audit_policy->empty());
  EXPECT_EQ(s.registry->find("HKLM\\System\\CurrentControlSet\\Control\\Lsa")->values.at("NoLMHash").number, 1u);
  EXPECT_TRUE(s.registry->collected.empty());
  EXPECT_EQ(s.source.inputs, (std::vector<std::string>{"GptTmpl.inf", "Backup.xml"}));

  // A GPO with no Machine extension at all defines none of the three.
  const std::string none = "<GroupPolicyCoreSettings><MachineExtensionGuids/></GroupPolicyCoreSettings>";
  GpoFiles empty;
  empty.machine_pol = as_bytes(std::string_view("PReg\x01\x00\x00\x00", 8));
  empty.backup_xml = as_bytes(none);
  const BundleImport e = import_gpo_files(empty);
  EXPECT_TRUE(e.not_collected().empty());
  EXPECT_EQ(part(e, "GptTmpl.inf")->status, PartStatus::kNotDefined);
  ASSERT_TRUE(e.snapshot.user_rights && e.snapshot.security_options && e.snapshot.registry);
  EXPECT_TRUE(e.snapshot.user_rights->empty());
}

TEST(GpoBackupTest, ListedExtensionWithMissingFileIsNotCollected) {
  const std::string backup =
      backup_xml_listing(std::string(kRegistryPair) + std::string(kSecurityPair) + std::string(kAuditPair));
  GpoFiles files;
  files.gpt_tmpl = as_bytes(kGptTmpl);
  files.backup_xml = as_bytes(backup);
  const BundleImport imp = import_gpo_files(files);
  EXPECT_EQ(part(imp, "registry.pol")->status, PartStatus::kMissing);
  EXPECT_EQ(part(imp, "audit.csv")->status, PartStatus::kMissing);
  EXPECT_EQ(imp.not_collected(),
            (std::vector<std::string>{
                "not collected: registry (policy values) (registry.pol: the GPO lists the Registry (Administrative "
                "Templates) extension (Backup.xml) but the file is missing)",
                "not collected: audit policy (audit.csv: the GPO lists the Advanced Audit extension (Backup.xml) but "
                "the file is missing)"}));
  const auto& s = imp.snapshot;
  EXPECT_TRUE(s.user_rights.has_value());
  EXPECT_FALSE(s.registry.has_value());  // GptTmpl.inf's values alone are not the policy's registry
  EXPECT_FALSE(s.audit_policy.has_value());

  // GptTmpl.inf missing while listed: user rights, security options and the registry are unknown.
  GpoFiles no_gpt;
  no_gpt.machine_pol = as_bytes(std::string_view("PReg\x01\x00\x00\x00", 8));
  no_gpt.backup_xml = as_bytes(backup);
  const BundleImport g = import_gpo_files(no_gpt);
  EXPECT_EQ(part(g, "GptTmpl.inf")->status, PartStatus::kMissing);
  EXPECT_FALSE(g.snapshot.user_rights || g.snapshot.security_options || g.snapshot.registry);
  EXPECT_EQ(g.not_collected().front(),
            "not collected: user rights, security options and registry values (GptTmpl.inf: the GPO lists the "
            "Security extension (Backup.xml) but the file is missing)");
}

TEST(GpoBackupTest, DamagedManifestIsADiagnosticAndDeclaresNothing) {
  const std::string gpt_ini = "[General]\r\ngPCMachineExtensionNames=" + std::string(kSecurityPair) + "\r\n";
  for (const std::string& bad :
       {std::string("<GroupPolicyBackupScheme/>"),
        std::string("<MachineExtensionGuids><![CDATA[[{827D319E-6EAC}]]]></MachineExtensionGuids>"),
        std::string("\xff\xfe<\0")}) {
    GpoFiles files;
    files.gpt_tmpl = as_bytes(kGptTmpl);
    files.backup_xml = as_bytes(bad);
    files.gpt_ini = as_bytes(gpt_ini);  // usable, but a damaged Backup.xml may list what it does not
    const BundleImport imp = import_gpo_files(files);
    ASSERT_EQ(imp.diagnostics.size(), 1u) << bad;
    EXPECT_EQ(imp.diagnostics[0].where.file, "Backup.xml");
    EXPECT_NE(imp.diagnostics[0].message.find("not collected"), std::string::npos) << imp.diagnostics[0].message;
    EXPECT_EQ(part(imp, "registry.pol")->status, PartStatus::kMissing) << bad;
    EXPECT_EQ(part(imp, "audit.csv")->status, PartStatus::kMissing) << bad;
    EXPECT_TRUE(part(imp, "audit.csv")
                    ->detail.starts_with("no audit.csv, and the GPO's extension list is unusable: Backup.xml"))
        << part(imp, "audit.csv")->detail;
    EXPECT_FALSE(imp.snapshot.registry.has_value());
    EXPECT_FALSE(imp.snapshot.audit_policy.has_value());
    EXPECT_EQ(imp.snapshot.source.inputs, (std::vector<std::string>{"GptTmpl.inf"}));
  }
}

TEST(GpoBackupTest, FindsManifestsInBackupAndSysvolTrees) {
  TempDir tmp("gpo-manifests");
  // Backup-GPO: Backup.xml beside DomainSysvol/, listing Security and Registry; registry.pol is missing.
  const fs::path backup = tmp.path() / "backup" / "{6AC1786C-016F-11D2-945F-00C04FB984F9}";
  const fs::path secedit = backup / "DomainSysvol" / "GPO" / "Machine" / "microsoft" / "windows nt" / "SecEdit";
  fs::create_directories(secedit);
  std::ofstream(secedit / "GptTmpl.inf", std::ios::binary) << kGptTmpl;
  std::ofstream(backup / "backup.XML", std::ios::binary)
      << backup_xml_listing(std::string(kSecurityPair) + std::string(kRegistryPair));
  std::ofstream(backup / "bkupInfo.xml", std::ios::binary) << "<BackupInst/>";
  auto a = import_bundle(tmp.path() / "backup");
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_EQ(part(*a, "registry.pol")->status, PartStatus::kMissing);
  EXPECT_EQ(part(*a, "audit.csv")->status, PartStatus::kNotDefined);
  EXPECT_EQ(a->snapshot.source.inputs.back(), "{6AC1786C-016F-11D2-945F-00C04FB984F9}/backup.XML");

  // SYSVOL: gpt.ini beside Machine/; one without gPCMachineExtensionNames says nothing.
  const fs::path sysvol = tmp.path() / "sysvol";
  const fs::path audit_dir = sysvol / "Machine" / "Microsoft" / "Windows NT" / "Audit";
  fs::create_directories(audit_dir);
  std::ofstream(audit_dir / "audit.csv") << "Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,"
                                            "Exclusion Setting,Setting Value\n";
  std::ofstream(sysvol / "GPT.INI") << "[General]\r\nVersion=3\r\n";
  auto b = import_bundle(sysvol);
  ASSERT_TRUE(b) << b.error().to_string();
  EXPECT_EQ(part(*b, "GptTmpl.inf")->status, PartStatus::kMissing);
  EXPECT_FALSE(b->snapshot.user_rights.has_value());
  std::ofstream(sysvol / "GPT.INI") << "[General]\r\nVersion=3\r\ngPCMachineExtensionNames=" << kAuditPair << "\r\n";
  auto c = import_bundle(sysvol);
  ASSERT_TRUE(c);
  EXPECT_EQ(part(*c, "GptTmpl.inf")->status, PartStatus::kNotDefined);
  EXPECT_EQ(part(*c, "registry.pol")->status, PartStatus::kNotDefined);
  EXPECT_TRUE(c->not_collected().empty());
  EXPECT_TRUE(c->snapshot.user_rights && c->snapshot.registry && c->snapshot.audit_policy);
}

}  // namespace
}  // namespace temper::collect

namespace temper::collect {
namespace {

// PReg bytes of DWORD values: the signature, then [key;name;type;size;data] in UTF-16LE.
std::string pol_of(std::initializer_list<std::tuple<std::string_view, std::string_view, std::uint32_t>> values) {
  std::string out("PReg\x01\x00\x00\x00", 8);
  const auto unit = [&out](char16_t u) {
    out.push_back(static_cast<char>(u & 0xFF));
    out.push_back(static_cast<char>(u >> 8));
  };
  const auto text = [&](std::string_view t) {
    for (const char c : t) unit(static_cast<char16_t>(c));
    unit(0);
  };
  const auto u32 = [&out](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  };
  for (const auto& [key, name, data] : values) {
    unit('[');
    text(key);
    unit(';');
    text(name);
    unit(';');
    u32(4);
    unit(';');
    u32(4);
    unit(';');
    u32(data);
    unit(']');
  }
  return out;
}

TEST(GpoBackupTest, FindsUserRegistryPolBesideMachine) {
  TEMPER_REQUIRE_SHARED("gpo/baselinemanagement-convertgpotodsc/User-registry.pol");
  const auto flat = find_gpo_layouts(shared_fixture("gpo/baselinemanagement-convertgpotodsc"));
  ASSERT_EQ(flat.size(), 1u);
  ASSERT_TRUE(flat[0].user_pol);
  EXPECT_EQ(flat[0].user_pol->filename(), "User-registry.pol");

  TempDir tmp("gpo-user-side");
  const fs::path gpo = tmp.path() / "{6AC1786C-016F-11D2-945F-00C04FB984F9}" / "DomainSysvol" / "GPO";
  copy_into(shared_fixture("gpo/baselinemanagement-convertgpotodsc/GptTmpl.inf"),
            gpo / "Machine" / "microsoft" / "windows nt" / "SecEdit" / "GptTmpl.inf");
  fs::create_directories(gpo / "USER");
  std::ofstream(gpo / "USER" / "Registry.pol", std::ios::binary)
      << pol_of({{"Software\\Policies\\Microsoft\\Windows\\Installer", "AlwaysInstallElevated", 0}});
  const auto tree = find_gpo_layouts(tmp.path());
  ASSERT_EQ(tree.size(), 1u);
  ASSERT_TRUE(tree[0].user_pol);
  const BundleImport imp = import_gpo_layout(tree[0]);
  const BundlePart* user = part(imp, "GPO/USER/Registry.pol");
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(user->status, PartStatus::kImported);
  EXPECT_EQ(user->what, "per-user registry (policy values)");
  ASSERT_TRUE(imp.snapshot.user_registry);
  ASSERT_EQ(imp.snapshot.user_registry->size(), 1u);
  const model::Registry& policy = imp.snapshot.user_registry->at(std::string(model::kPolicyUser));
  EXPECT_TRUE(policy.collected.empty());  // a policy never tells a key's whole content
  const auto* key = policy.find("HKCU\\Software\\Policies\\Microsoft\\Windows\\Installer");
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->values.at("AlwaysInstallElevated").number, 0u);
  // The machine registry never receives User-side values.
  EXPECT_TRUE(!imp.snapshot.registry || imp.snapshot.registry->find("HKLM\\Software\\Policies\\Microsoft\\Windows\\Installer") == nullptr);
}

TEST(GpoBackupTest, UserSideAloneIsNoGpoAndItsAbsenceListsNoPart) {
  TempDir tmp("gpo-user-only");
  std::ofstream(tmp.path() / "User-registry.pol", std::ios::binary) << pol_of({});
  EXPECT_TRUE(find_gpo_layouts(tmp.path()).empty());

  GpoFiles files;
  const std::string machine = pol_of({{"Software\\Policies\\Microsoft\\Windows\\Installer", "AlwaysInstallElevated", 0}});
  files.machine_pol = as_bytes(machine);
  const BundleImport none = import_gpo_files(files);
  EXPECT_FALSE(none.snapshot.user_registry.has_value());  // "not collected", never an empty pass
  EXPECT_EQ(part(none, "User/registry.pol"), nullptr);

  const std::string damaged = "not a PReg file";
  files.user_pol = as_bytes(damaged);
  const BundleImport bad = import_gpo_files(files);
  ASSERT_NE(part(bad, "User/registry.pol"), nullptr);
  EXPECT_EQ(part(bad, "User/registry.pol")->status, PartStatus::kFailed);
  EXPECT_FALSE(bad.snapshot.user_registry.has_value());
  EXPECT_EQ(part(bad, "registry.pol")->status, PartStatus::kImported);  // the Machine side is read all the same
}

}  // namespace
}  // namespace temper::collect
