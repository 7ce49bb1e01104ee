// SPDX-License-Identifier: Apache-2.0
// import_bundle over the crafted bundles: a complete one and a damaged, partial one.
#include "collect/offline/bundle.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "collect/offline/auditpol_csv.hpp"
#include "collect/offline/reg_file.hpp"
#include "collect/offline/registry_pol.hpp"
#include "collect/offline/secedit_inf.hpp"
#include "core/utf.hpp"
#include "model/snapshot_json.hpp"
#include "test_util.hpp"

namespace temper::collect {
namespace {
using testing::contains;
using testing::test_data;
using Holders = std::vector<std::string>;

const BundlePart* part(const BundleImport& imp, std::string_view file) {
  for (const auto& p : imp.parts) {
    if (p.file == file) return &p;
  }
  return nullptr;
}

TEST(BundleTest, ImportsCompleteBundleAsEffectiveState) {
  auto imported = import_bundle(test_data("bundle"));
  ASSERT_TRUE(imported) << imported.error().to_string();
  const auto& s = imported->snapshot;
  EXPECT_EQ(s.source.kind, model::SourceKind::kExport);
  EXPECT_EQ(s.source.tool, "temper import");
  EXPECT_EQ(s.source.collected_at, "2025-01-15T10:00:00Z");
  EXPECT_EQ(s.source.inputs,
            (Holders{"manifest.json", "secedit.inf", "auditpol.csv", "services.csv", "features.csv", "groups.csv",
                     "registry/HKLM_SYSTEM_CurrentControlSet_Control_Lsa.reg", "registry/absent.txt"}));
  EXPECT_EQ(s.host.name, "WEB01");
  EXPECT_EQ(s.host.os_build, "20348");
  EXPECT_EQ(s.host.role, model::Role::kMemberServer);
  EXPECT_EQ(s.host.domain, "contoso.com");
  EXPECT_EQ(s.user_rights->at("SeImpersonatePrivilege"),
            (Holders{"S-1-5-19", "S-1-5-20", "S-1-5-32-544", "S-1-5-32-568", "S-1-5-6"}));
  ASSERT_TRUE(s.user_rights->contains("SeTcbPrivilege"));
  EXPECT_TRUE(s.user_rights->at("SeTcbPrivilege").empty());  // absent from an export = held by nobody
  EXPECT_EQ(s.user_rights->at("SeServiceLogonRight")[1],
            "S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415");
  EXPECT_EQ(s.security_options->at("MaximumPasswordAge").number, 42);
  EXPECT_EQ(s.security_options->at("AuditPolicy\\CrashOnAuditFail").number, 0);
  const auto& reg = *s.registry;
  // The .reg export's root, and a key registry/absent.txt lists (the other two lines are refused).
  EXPECT_EQ(reg.collected, (Holders{"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa",
                                    "HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall"}));
  EXPECT_TRUE(reg.covers("HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\DomainProfile"));
  std::vector<std::string> where;
  for (const auto& d : imported->diagnostics) where.push_back(d.where.to_string());
  // services.csv (a copy of csv/services-bom.csv) has two bad rows; absent.txt two refused lines.
  EXPECT_EQ(where, (Holders{"services.csv:7", "services.csv:6", "registry/absent.txt:4", "registry/absent.txt:3"}));
  EXPECT_TRUE(reg.covers("HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\MSV1_0"));
  EXPECT_EQ(reg.find("HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa")->values.at("LmCompatibilityLevel").number, 5u);
  EXPECT_EQ(reg.find("HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\MSV1_0")->values.at("NTLMMinServerSec").number,
            0x20080000u);
  EXPECT_EQ(reg.find("HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa")->values.at("Security Packages").multi,
            (Holders{"\"\""}));
  // From secedit.inf only: a value outside any collected key.
  EXPECT_EQ(
      reg.find("HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System")->values.at("EnableLUA").number,
      1u);
  EXPECT_FALSE(reg.covers("HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System"));
  EXPECT_TRUE(s.audit_policy->at("{0cce9215-69ae-11d9-bed3-505054503030}").failure);
  EXPECT_EQ(s.services->size(), 6u);  // two damaged rows kept by name
  EXPECT_TRUE(s.has_feature("Web-Server"));
  EXPECT_TRUE(s.iis_installed());
  EXPECT_FALSE(s.iis.has_value());
  EXPECT_EQ(s.principals->local_groups.size(), 3u);
  EXPECT_TRUE(imported->not_collected().empty());
  for (const auto& p : imported->parts) EXPECT_EQ(p.status, PartStatus::kImported) << p.file;
}

TEST(BundleTest, DamagedAndMissingFilesLeaveTheirSectionsNotCollected) {
  auto imported = import_bundle(test_data("bundle-damaged"));
  ASSERT_TRUE(imported) << imported.error().to_string();
  const auto& s = imported->snapshot;
  EXPECT_EQ(part(*imported, "manifest.json")->status, PartStatus::kFailed);
  EXPECT_EQ(part(*imported, "manifest.json")->detail, "manifest.json:1: not a JSON object");
  EXPECT_EQ(part(*imported, "secedit.inf")->status, PartStatus::kFailed);
  EXPECT_EQ(part(*imported, "secedit.inf")->detail,
            "secedit.inf:1: not a security template: no [section] header found");
  EXPECT_EQ(part(*imported, "auditpol.csv")->status, PartStatus::kImported);
  EXPECT_EQ(part(*imported, "services.csv")->status, PartStatus::kMissing);
  EXPECT_EQ(part(*imported, "registry/bad.reg")->status, PartStatus::kFailed);
  EXPECT_EQ(part(*imported, "registry/good.reg")->status, PartStatus::kImported);
  EXPECT_FALSE(s.user_rights.has_value());
  EXPECT_FALSE(s.security_options.has_value());
  EXPECT_FALSE(s.services.has_value());
  EXPECT_FALSE(s.features.has_value());
  EXPECT_FALSE(s.principals.has_value());
  EXPECT_TRUE(s.host.name.empty());
  EXPECT_TRUE(s.audit_policy->at("{0cce923f-69ae-11d9-bed3-505054503030}").success);
  EXPECT_EQ(s.registry->collected, (Holders{"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa"}));
  const auto missing = imported->not_collected();
  EXPECT_TRUE(contains(missing, std::string("not collected: services (services.csv missing)")));
  EXPECT_TRUE(contains(missing, std::string("not collected: registry (registry/bad.reg:1: not a .reg file: expected "
                                            "'Windows Registry Editor Version 5.00' or 'REGEDIT4')")));
  EXPECT_EQ(missing.size(), 6u);  // manifest, secedit, services, features, groups, bad.reg
  EXPECT_EQ(imported->diagnostics.size(), 3u);
}

TEST(BundleTest, AcceptsBundleWithOnlyIisFiles) {
  testing::TempDir tmp("fs-only");
  std::filesystem::create_directories(tmp.path() / "fs" / "C" / "Windows");
  auto imported = import_bundle(tmp.path());
  ASSERT_TRUE(imported) << imported.error().to_string();
  EXPECT_EQ(imported->snapshot.source.kind, model::SourceKind::kExport);
  EXPECT_TRUE(imported->snapshot.source.inputs.empty());
  EXPECT_EQ(imported->not_collected().size(), 7u);  // manifest, secedit, auditpol, services, features, groups, registry
  EXPECT_EQ(imported->not_collected()[1], "not collected: user rights and security options (secedit.inf missing)");
}

TEST(BundleTest, RejectsDirectoriesWithNothingToImport) {
  auto none = import_bundle(test_data("does-not-exist"));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
  auto empty = import_bundle(test_data("reg"));
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kNotFound);
}

// A bundle with `reg export HKU\\<SID>\\...` files: each user's hive becomes its own per-user registry.
TEST(BundleTest, SplitsHkuExportsIntoPerUserRegistries) {
  testing::TempDir tmp("hku");
  const std::string u1 = "S-1-5-21-1004336348-1177238915-682003330-1001";
  const std::string u2 = "S-1-5-21-1004336348-1177238915-682003330-1002";
  const auto reg_export = [](const std::string& text) {
    return std::string("\xFF\xFE", 2) + utf8_to_utf16le("Windows Registry Editor Version 5.00\r\n\r\n" + text);
  };
  std::filesystem::create_directories(tmp.path() / "registry");
  std::ofstream(tmp.path() / "registry" / ("HKU_" + u1 + "_Software_Policies.reg"), std::ios::binary)
      << reg_export("[HKEY_USERS\\" + u1 + "\\Software\\Policies]\r\n\r\n[HKEY_USERS\\" + u1 +
                    "\\Software\\Policies\\Microsoft\\Windows\\Installer]\r\n\"AlwaysInstallElevated\"=dword:00000001\r\n\r\n");
  std::ofstream(tmp.path() / "registry" / "HKLM_SOFTWARE_Policies.reg", std::ios::binary)
      << reg_export("[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies]\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\Installer]\r\n"
                    "\"AlwaysInstallElevated\"=dword:00000000\r\n\r\n");
  std::ofstream(tmp.path() / "registry" / "absent.txt") << "HKU\\" << u2 << "\\Software\\Policies\r\n";
  auto imported = import_bundle(tmp.path());
  ASSERT_TRUE(imported) << imported.error().to_string();
  const auto& s = imported->snapshot;
  ASSERT_TRUE(s.user_registry);
  ASSERT_EQ(s.user_registry->size(), 2u);
  const model::Registry& one = s.user_registry->at(u1);
  EXPECT_EQ(one.collected, (Holders{"HKCU\\Software\\Policies"}));
  ASSERT_NE(one.find("HKCU\\Software\\Policies\\Microsoft\\Windows\\Installer"), nullptr);
  EXPECT_EQ(one.find("HKCU\\Software\\Policies\\Microsoft\\Windows\\Installer")->values.at("AlwaysInstallElevated").number, 1u);
  // A user whose key did not exist: known empty, not unknown.
  const model::Registry& two = s.user_registry->at(u2);
  EXPECT_TRUE(two.keys.empty());
  EXPECT_TRUE(two.covers("HKCU\\Software\\Policies\\Microsoft\\Windows\\Installer"));
  EXPECT_FALSE(two.covers("HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies"));
  // The machine registry keeps HKLM only.
  ASSERT_TRUE(s.registry);
  EXPECT_EQ(s.registry->collected, (Holders{"HKLM\\SOFTWARE\\Policies"}));
  for (const auto& [path, key] : s.registry->keys) EXPECT_TRUE(path.starts_with("HKLM\\")) << path;
  EXPECT_EQ(s.registry->find("HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\Installer")->values.at("AlwaysInstallElevated").number, 0u);
  // And it survives the snapshot file.
  auto back = model::parse_snapshot(model::write_snapshot(s), "snapshot.json");
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->user_registry, s.user_registry);
}

TEST(BundleTest, NoHkuExportLeavesPerUserRegistryNotCollected) {
  auto imported = import_bundle(test_data("bundle"));
  ASSERT_TRUE(imported) << imported.error().to_string();
  EXPECT_FALSE(imported->snapshot.user_registry.has_value());
}

TEST(BundleTest, NamesRegExportFiles) {
  EXPECT_EQ(bundle_reg_file("HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL"),
            "registry/HKLM_SYSTEM_CurrentControlSet_Control_SecurityProviders_SCHANNEL.reg");
  EXPECT_EQ(reg_export_commands({"HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\SSL\\00010002"}),
            (Holders{"reg query \"HKLM\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\SSL\\00010002\" >nul 2>&1 && "
                     "reg export \"HKLM\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\SSL\\00010002\" "
                     "\"registry\\HKLM_SOFTWARE_Policies_Microsoft_Cryptography_SSL_00010002.reg\" /y >nul",
                     "reg query \"HKLM\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\SSL\\00010002\" >nul 2>&1 || "
                     ">>registry\\absent.txt echo HKLM\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\SSL\\00010002"}));
  // A per-user key: the same two commands for every loaded hive of a local or domain account.
  const std::string each =
      "for /f \"tokens=2 delims=\\\" %u in ('reg query HKU ^| findstr /r "
      "/c:\"S-1-5-21-[0-9]*-[0-9]*-[0-9]*-[0-9]*$\"') do @";
  EXPECT_EQ(reg_export_commands({"HKCU\\SOFTWARE\\Policies\\Microsoft\\Windows\\Installer"}),
            (Holders{each + "reg query \"HKU\\%u\\SOFTWARE\\Policies\\Microsoft\\Windows\\Installer\" >nul 2>&1 && "
                            "reg export \"HKU\\%u\\SOFTWARE\\Policies\\Microsoft\\Windows\\Installer\" "
                            "\"registry\\HKU_%u_SOFTWARE_Policies_Microsoft_Windows_Installer.reg\" /y >nul",
                     each + "reg query \"HKU\\%u\\SOFTWARE\\Policies\\Microsoft\\Windows\\Installer\" >nul 2>&1 || "
                            ">>registry\\absent.txt echo HKU\\%u\\SOFTWARE\\Policies\\Microsoft\\Windows\\Installer"}));
}

}  // namespace
}  // namespace temper::collect

namespace temper::collect {
namespace {

// `temper import DIR -o snapshot.json` writes the imported snapshot; reading it back must give the same facts.
void expect_round_trip(const model::Snapshot& s, std::string_view what) {
  const std::string text = model::write_snapshot(s);
  auto back = model::parse_snapshot(text, "snapshot.json");
  ASSERT_TRUE(back) << what << ": " << back.error().to_string();
  EXPECT_EQ(back->user_rights, s.user_rights) << what;
  EXPECT_EQ(back->security_options, s.security_options) << what;
  EXPECT_EQ(back->audit_policy, s.audit_policy) << what;
  EXPECT_EQ(back->services, s.services) << what;
  EXPECT_EQ(back->features, s.features) << what;
  EXPECT_EQ(back->principals, s.principals) << what;
  EXPECT_EQ(back->host, s.host) << what;
  EXPECT_EQ(back->source, s.source) << what;
  ASSERT_EQ(back->registry.has_value(), s.registry.has_value()) << what;
  if (s.registry) {
    EXPECT_EQ(back->registry->collected, s.registry->collected) << what;
    for (const auto& [path, key] : s.registry->keys) {
      const auto* other = back->registry->find(path);
      ASSERT_NE(other, nullptr) << what << ": " << path;
      EXPECT_EQ(other->values, key.values) << what << ": " << path;
    }
  }
}

// Every data file under ../shared/fixtures except IIS ones parses without a single diagnostic.
TEST(BundleTest, EveryNonIisSharedFixtureParses) {
  const auto root = testing::shared_fixture("");
  if (!std::filesystem::exists(root)) GTEST_SKIP() << "shared fixtures not found at " << root.string();
  std::size_t parsed = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    const std::string rel = std::filesystem::relative(e.path(), root).generic_string();
    const std::string ext = to_lower(e.path().extension().string());
    if (rel.starts_with("iis/") || ext == ".txt") continue;
    const std::string bytes = testing::slurp(e.path());
    std::vector<Diagnostic> diagnostics;
    bool ok = false;
    auto check = [&](auto result) {
      ok = result.has_value();
      if (ok)
        diagnostics = result->diagnostics;
      else
        ADD_FAILURE() << rel << ": " << result.error().to_string();
    };
    if (ext == ".inf")
      check(parse_secedit_inf(testing::bytes_of(bytes), rel));
    else if (ext == ".pol")
      check(parse_registry_pol(testing::bytes_of(bytes), rel));
    else if (ext == ".reg")
      check(parse_reg_file(testing::bytes_of(bytes), rel));
    else if (ext == ".csv")
      check(parse_auditpol_csv(testing::bytes_of(bytes), rel));
    else
      ADD_FAILURE() << "no reader for " << rel;
    EXPECT_TRUE(diagnostics.empty()) << rel << ": " << diagnostics.front().to_string();
    parsed += ok ? 1 : 0;
  }
  EXPECT_EQ(parsed, 17u);  // 5 GptTmpl.inf, 5 registry.pol, 5 auditpol CSV, 2 .reg
}

TEST(BundleTest, ImportedSnapshotsRoundTripThroughJson) {
  auto bundle = import_bundle(test_data("bundle"));
  ASSERT_TRUE(bundle);
  expect_round_trip(bundle->snapshot, "bundle");
  if (!std::filesystem::exists(testing::shared_fixture("gpo/simeononsecurity-dod-win8"))) {
    GTEST_SKIP() << "shared fixtures not found";
  }
  for (const char* dir : {"baselinemanagement-convertgpotodsc", "simeononsecurity-dod-win10-ansiblefixes",
                          "simeononsecurity-dod-win8", "simeononsecurity-nsacyber-applocker"}) {
    auto gpo = import_bundle(testing::shared_fixture(std::string("gpo/") + dir));
    ASSERT_TRUE(gpo) << dir;
    expect_round_trip(gpo->snapshot, dir);
  }
}

}  // namespace
}  // namespace temper::collect
