// SPDX-License-Identifier: Apache-2.0
// render_gpo(): the backup folder written to disk and imported by temper's own GPO importer
// (find_gpo_layouts + import_gpo_layout), the extension manifest, PReg and audit.csv bytes, the
// "not in this format" list, and reproducibility.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "../collect/test_util.hpp"
#include "collect/offline/auditpol_csv.hpp"
#include "collect/offline/gpo_backup.hpp"
#include "collect/offline/gpo_manifest.hpp"
#include "collect/offline/registry_pol.hpp"
#include "core/file.hpp"
#include "core/utf.hpp"
#include "plan/gpo_backup.hpp"
#include "plan/render.hpp"
#include "plan/write_common.hpp"
#include "plan_samples.hpp"

namespace temper::plan {
namespace {
namespace fs = std::filesystem;
using collect::testing::bytes_of;
using collect::testing::TempDir;
using namespace testing;

std::map<std::string, std::string> by_path(const std::vector<RenderedFile>& files) {
  std::map<std::string, std::string> out;
  for (const auto& f : files) EXPECT_TRUE(out.emplace(f.path, f.bytes).second) << "written twice: " << f.path;
  return out;
}

// The rendered GPO on disk and imported as temper imports any GPO backup.
struct Imported {
  std::map<std::string, std::string> files;
  collect::BundleImport import;
  std::vector<collect::InfService> services;  // a policy's services are read from the template itself
};

Imported write_and_import(const Plan& plan, const TempDir& dir) {
  Imported out;
  out.files = by_path(render_gpo(plan));
  for (const auto& [path, bytes] : out.files) {
    const fs::path p = dir.path() / fs::path(path);
    fs::create_directories(p.parent_path());
    EXPECT_TRUE(write_file(p, bytes).has_value()) << path;
  }
  const auto layouts = collect::find_gpo_layouts(dir.path());
  EXPECT_EQ(layouts.size(), 1U);
  if (layouts.size() != 1) return out;
  EXPECT_EQ(layouts.front().root.filename().string(), gpo_identity(plan).backup_id);
  EXPECT_TRUE(layouts.front().backup_xml.has_value());
  out.import = collect::import_gpo_layout(layouts.front());
  const auto gpt = out.files.find(gpo_identity(plan).backup_id + "/" + std::string(kGpoTemplatePath));
  if (gpt != out.files.end()) {
    auto parsed = collect::parse_secedit_inf(bytes_of(gpt->second), "GptTmpl.inf");
    EXPECT_TRUE(parsed.has_value());
    if (parsed) out.services = parsed->services;
  }
  return out;
}

collect::PartStatus part_status(const collect::BundleImport& import, std::string_view file_end) {
  for (const auto& p : import.parts) {
    if (p.file.ends_with(file_end)) return p.status;
  }
  ADD_FAILURE() << "no part " << file_end;
  return collect::PartStatus::kFailed;
}

std::vector<std::string> list_lines(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& l : split(text, '\n')) out.emplace_back(trim(l));
  return out;
}

// Every action is either imported back or named in NOT-IN-THIS-GPO.txt (and the comments of GptTmpl.inf).
void expect_imported_or_listed(const Plan& plan, const std::string& name) {
  TempDir dir(name);
  const Imported r = write_and_import(plan, dir);
  const auto nots = r.files.find(std::string(kGpoNotCarriedFile));
  const std::vector<std::string> listed = nots == r.files.end() ? std::vector<std::string>() : list_lines(nots->second);
  for (const auto& a : plan.actions) {
    const Placement p = place(a.change, Format::kGpo);
    const bool back = read_back(a.change, r.import.snapshot, r.services, r.import.policy_removals);
    EXPECT_TRUE(back || lists(listed, a.id))
        << a.id << " " << change_target(a.change) << " neither rendered nor listed";
    if (p.part != Part::kNone) {
      EXPECT_TRUE(back) << a.id << " " << change_target(a.change) << " not imported back";
    }
    EXPECT_EQ(lists(listed, a.id), !p.missing.empty()) << a.id;
  }
  for (const Action* a : not_expressible(plan, Format::kGpo)) EXPECT_TRUE(lists(listed, a->id)) << a->id;
}

TEST(PlanGpo, ImportsBackEveryValueShape) {
  const Plan plan = full_plan();
  TempDir dir("plan-gpo-full");
  const Imported r = write_and_import(plan, dir);
  for (const auto& p : r.import.parts)
    EXPECT_EQ(p.status, collect::PartStatus::kImported) << p.file << ": " << p.detail;
  EXPECT_EQ(r.import.snapshot.source.kind, model::SourceKind::kPolicy);
  // The one diagnostic expected: a policy's [Service General Setting] is not imported as the services list.
  ASSERT_EQ(r.import.diagnostics.size(), 1U);
  EXPECT_NE(r.import.diagnostics.front().message.find("Service General Setting"), std::string::npos);
  expect_imported_or_listed(plan, "plan-gpo-full-check");
  const auto& audit = *r.import.snapshot.audit_policy;
  EXPECT_EQ(audit.size(), 4U);
  EXPECT_FALSE(audit.at("{0cce9214-69ae-11d9-bed3-505054503030}").success);  // configured as No Auditing
  EXPECT_EQ(r.import.snapshot.security_options->at("AuditPolicy\\FullPrivilegeAuditing").number, 1);
  // A value a template cannot hold (a double quote) under a template key goes to registry.pol instead.
  const auto* notice = read_value(r.import.snapshot, reg(kWinlogon, "LegalNoticeText", {}));
  ASSERT_NE(notice, nullptr);
  EXPECT_EQ(notice->text, "Say \"hi\", then log on");
}

TEST(PlanGpo, EveryChangeKindIsRenderedOrListed) {
  for_each_change_kind([](const Plan& plan, std::size_t i) {
    // A plan of one IIS, feature or manual action has no Machine file: nothing to import, only the list.
    if (place(plan.actions.front().change, Format::kGpo).part == Part::kNone) {
      const auto files = by_path(render_gpo(plan));
      ASSERT_TRUE(files.contains(std::string(kGpoNotCarriedFile)));
      EXPECT_TRUE(lists(list_lines(files.at(std::string(kGpoNotCarriedFile))), "A001"));
      return;
    }
    expect_imported_or_listed(plan, "plan-gpo-kind-" + std::to_string(i));
  });
}

TEST(PlanGpo, ManifestListsExactlyTheExtensionsPresent) {
  struct Case {
    Change change;
    std::vector<std::string> cses;
    collect::PartStatus gpt, pol, audit;
  };
  using collect::PartStatus;
  const std::vector<Case> cases = {
      {right("SeTcbPrivilege", {}),
       {std::string(collect::kSecurityCse)},
       PartStatus::kImported,
       PartStatus::kNotDefined,
       PartStatus::kNotDefined},
      {reg(kDns, "EnableMulticast", model::RegValue::dword(0)),
       {std::string(collect::kRegistryCse)},
       PartStatus::kNotDefined,
       PartStatus::kImported,
       PartStatus::kNotDefined},
      {audit("{0cce923f-69ae-11d9-bed3-505054503030}", "Credential Validation", true, true),
       {std::string(collect::kAuditCse)},
       PartStatus::kNotDefined,
       PartStatus::kNotDefined,
       PartStatus::kImported},
  };
  int n = 0;
  for (const auto& c : cases) {
    Plan plan = empty_plan();
    add(plan, c.change);
    TempDir dir("plan-gpo-manifest-" + std::to_string(n++));
    const Imported r = write_and_import(plan, dir);
    const std::string& xml = r.files.at(gpo_identity(plan).backup_id + "/Backup.xml");
    auto manifest = collect::parse_backup_xml(bytes_of(xml), "Backup.xml");
    ASSERT_TRUE(manifest.has_value()) << manifest.error().to_string();
    EXPECT_EQ(manifest->machine->cses, c.cses);
    EXPECT_EQ(part_status(r.import, "GptTmpl.inf"), c.gpt);
    EXPECT_EQ(part_status(r.import, "registry.pol"), c.pol);
    EXPECT_EQ(part_status(r.import, "audit.csv"), c.audit);
    EXPECT_EQ(r.files.size(), 3U);  // Backup.xml, bkupInfo.xml and the one Machine file; nothing left out
    // "Not defined", not "not collected": the sections of the missing parts are present and empty.
    EXPECT_TRUE(r.import.snapshot.user_rights.has_value());
    EXPECT_TRUE(r.import.snapshot.registry.has_value());
    EXPECT_TRUE(r.import.snapshot.audit_policy.has_value());
    EXPECT_TRUE(r.import.not_collected().empty());
  }
  // All three, in the order Group Policy requires (sorted by CSE GUID), each with its tool GUID.
  const auto files = by_path(render_gpo(full_plan()));
  const std::string& xml = files.at(gpo_identity(full_plan()).backup_id + "/Backup.xml");
  EXPECT_NE(xml.find("<MachineExtensionGuids><![CDATA[" + std::string(kRegistryExtension) +
                     std::string(kSecurityExtension) + std::string(kAuditExtension) + "]]></MachineExtensionGuids>"),
            std::string::npos);
}

TEST(PlanGpo, BackupXmlNamesEveryFileItHolds) {
  const Plan plan = full_plan();
  const GpoIdentity id = gpo_identity(plan);
  const auto files = by_path(render_gpo(plan));
  const std::string& xml = files.at(id.backup_id + "/Backup.xml");
  const std::string& info = files.at(id.backup_id + "/bkupInfo.xml");
  for (const std::string_view path : {kGpoTemplatePath, kGpoRegistryPolPath, kGpoAuditCsvPath}) {
    ASSERT_TRUE(files.contains(id.backup_id + "/" + std::string(path))) << path;
    std::string location(path);
    std::replace(location.begin(), location.end(), '/', '\\');
    EXPECT_NE(xml.find("bkp:Location=\"" + location + "\""), std::string::npos) << location;
  }
  EXPECT_TRUE(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
  EXPECT_NE(xml.find("<GroupPolicyBackupScheme bkp:version=\"2.0\" bkp:type=\"GroupPolicyBackupTemplate\""),
            std::string::npos);
  EXPECT_NE(xml.find("<ID><![CDATA[" + id.gpo_id + "]]></ID><Domain><![CDATA[contoso.test]]></Domain>"),
            std::string::npos);
  EXPECT_NE(xml.find("<DisplayName><![CDATA[temper plan web01 3f2a9c0d]]></DisplayName>"), std::string::npos);
  EXPECT_NE(info.find("<GPOGuid><![CDATA[" + id.gpo_id + "]]></GPOGuid>"), std::string::npos);
  EXPECT_NE(info.find("<ID><![CDATA[" + id.backup_id + "]]></ID>"), std::string::npos);
  EXPECT_NE(info.find("<GPODisplayName><![CDATA[" + id.name + "]]></GPODisplayName>"), std::string::npos);
  EXPECT_NE(info.find("<BackupTime>"), std::string::npos);
}

TEST(PlanGpo, ListsWhatTheGpoCannotCarry) {
  const Plan plan = full_plan();
  const GpoIdentity id = gpo_identity(plan);
  const auto files = by_path(render_gpo(plan));
  const auto listed = list_lines(files.at(std::string(kGpoNotCarriedFile)));
  const auto gpt_comments =
      comment_lines(decode_text(bytes_of(files.at(id.backup_id + "/" + std::string(kGpoTemplatePath)))));
  std::vector<std::string> ids;
  for (const auto& a : plan.actions) {
    EXPECT_EQ(lists(listed, a.id), lists(gpt_comments, a.id)) << a.id;  // the same list in both places
    if (lists(listed, a.id)) ids.push_back(change_target(a.change));
  }
  EXPECT_EQ(ids, (std::vector<std::string>{std::string(kDns) + "\\Holes", "HKCU\\Software\\Policies\\X\\Y",
                                           "service Spooler", change_target(Change{iis()}),
                                           "feature Web-DAV-Publishing", "manual Rename the Administrator account"}));
  EXPECT_NE(files.at(std::string(kGpoNotCarriedFile)).find(std::string(kNotInFormat) + ":\r\n"), std::string::npos);
}

TEST(PlanGpo, RegistryPolBytes) {
  Plan plan = empty_plan();
  add(plan, reg(kDns, "EnableMulticast", model::RegValue::dword(0x01020304)));
  add(plan, reg_remove(kDns, "Legacy"));
  const auto files = by_path(render_gpo(plan));
  const std::string& pol = files.at(gpo_identity(plan).backup_id + "/" + std::string(kGpoRegistryPolPath));
  auto w = [](std::string_view s) { return utf8_to_utf16le(s); };
  const std::string nul(2, '\0');
  const std::string key = w("SOFTWARE\\Policies\\Microsoft\\Windows NT\\DNSClient") + nul;
  const std::string expected = std::string("PReg\x01\0\0\0", 8) +                                      //
                               w("[") + key + w(";") + w("EnableMulticast") + nul + w(";") +           //
                               std::string("\x04\0\0\0", 4) + w(";") + std::string("\x04\0\0\0", 4) +  //
                               w(";") + std::string("\x04\x03\x02\x01", 4) + w("]") +                  //
                               w("[") + key + w(";") + w("**del.Legacy") + nul + w(";") +              //
                               std::string("\x01\0\0\0", 4) + w(";") + std::string("\x04\0\0\0", 4) +  //
                               w(";") + w(" ") + nul + w("]");
  EXPECT_EQ(pol, expected);
  auto parsed = collect::parse_registry_pol(bytes_of(pol), "registry.pol");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(parsed->diagnostics.empty());
  ASSERT_EQ(parsed->entries.size(), 2U);
  EXPECT_EQ(parsed->entries[1].action, collect::PolAction::kDeleteValue);
}

// A removal has the record shape Group Policy itself writes (the DoD fixture's `**del.` entries).
TEST(PlanGpo, DeletionRecordMatchesARealRegistryPol) {
  TEMPER_REQUIRE_SHARED("gpo/simeononsecurity-dod-win8/Machine-registry.pol");
  const std::string real =
      collect::testing::slurp(collect::testing::shared_fixture("gpo/simeononsecurity-dod-win8/Machine-registry.pol"));
  const std::string tail = std::string("\0\0", 2) + utf8_to_utf16le(";") + std::string("\x01\0\0\0", 4) +
                           utf8_to_utf16le(";") + std::string("\x04\0\0\0", 4) + utf8_to_utf16le("; ") +
                           std::string("\0\0", 2) + utf8_to_utf16le("]");
  const std::string del = utf8_to_utf16le("**del.");
  const auto at = real.find(del);
  ASSERT_NE(at, std::string::npos);
  EXPECT_NE(real.find(tail, at), std::string::npos) << "the fixture's **del. record is not shaped as expected";
  Plan plan = empty_plan();
  add(plan, reg_remove(kDns, "Legacy"));
  const std::string ours =
      by_path(render_gpo(plan)).at(gpo_identity(plan).backup_id + "/" + std::string(kGpoRegistryPolPath));
  EXPECT_TRUE(ours.ends_with(utf8_to_utf16le("**del.Legacy") + tail));
}

TEST(PlanGpo, AuditCsvBytes) {
  Plan plan = empty_plan();
  add(plan, audit("{0CCE923F-69AE-11D9-BED3-505054503030}", "Credential Validation", true, true));
  add(plan, audit("{0cce9215-69ae-11d9-bed3-505054503030}", "Audit Logon", true, false));
  add(plan, audit("{0cce9217-69ae-11d9-bed3-505054503030}", "Account Lockout", false, true));
  add(plan, audit("{0cce9214-69ae-11d9-bed3-505054503030}", "Other System Events", false, false));
  add(plan, option("AuditPolicy\\CrashOnAuditFail", number(0)));
  add(plan, option("AuditPolicy\\AuditBaseObjects", text("Enabled")));
  const std::string csv =
      by_path(render_gpo(plan)).at(gpo_identity(plan).backup_id + "/" + std::string(kGpoAuditCsvPath));
  EXPECT_EQ(
      csv,
      "Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting,Setting Value\r\n"
      ",System,Audit Credential Validation,{0cce923f-69ae-11d9-bed3-505054503030},Success and Failure,,3\r\n"
      ",System,Audit Logon,{0cce9215-69ae-11d9-bed3-505054503030},Success,,1\r\n"
      ",System,Audit Account Lockout,{0cce9217-69ae-11d9-bed3-505054503030},Failure,,2\r\n"
      ",System,Audit Other System Events,{0cce9214-69ae-11d9-bed3-505054503030},No Auditing,,4\r\n"
      ",,Option:CrashOnAuditFail,,Disabled,,0\r\n"
      ",,Option:AuditBaseObjects,,Enabled,,1\r\n");
  auto parsed = collect::parse_auditpol_csv(bytes_of(csv), "audit.csv");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(parsed->diagnostics.empty());
  EXPECT_EQ(parsed->options.at("AuditBaseObjects").number, 1);
}

TEST(PlanGpo, GptTmplIsTheSecurityTemplate) {
  const Plan plan = full_plan();
  const auto files = by_path(render_gpo(plan));
  const std::string& gpt = files.at(gpo_identity(plan).backup_id + "/" + std::string(kGpoTemplatePath));
  EXPECT_EQ(gpt.substr(0, 2), "\xFF\xFE");
  const std::string text = decode_text(bytes_of(gpt));
  EXPECT_NE(text.find("; GptTmpl.inf of a GPO backup"), std::string::npos);
  EXPECT_NE(text.find("\r\n[Service General Setting]\r\n\"Spooler\",4,\"\"\r\n"), std::string::npos);
  for (const auto& line : split(text, '\n')) {  // registry.pol's values stay in registry.pol
    if (!line.starts_with(";")) {
      EXPECT_EQ(line.find("DNSClient"), std::string::npos) << line;
    }
  }
}

TEST(PlanGpo, ReproducibleAndKeyedByTheHash) {
  const Plan a = full_plan();
  EXPECT_EQ(render_gpo(a).size(), render_gpo(full_plan()).size());
  const auto first = by_path(render_gpo(a));
  EXPECT_EQ(first, by_path(render_gpo(full_plan())));
  EXPECT_EQ(by_path(render(a, Format::kGpo)), first);
  Plan b = full_plan();
  b.hash = "0000000000000000000000000000000000000000000000000000000000000001";
  const GpoIdentity ia = gpo_identity(a);
  const GpoIdentity ib = gpo_identity(b);
  EXPECT_NE(ia.gpo_id, ib.gpo_id);
  EXPECT_NE(ia.backup_id, ib.backup_id);
  EXPECT_NE(ia.gpo_id, ia.backup_id);
  EXPECT_EQ(ib.name, "temper plan web01 00000000");
  for (const auto& id : {ia.gpo_id, ia.backup_id}) {
    ASSERT_EQ(id.size(), 38U);
    EXPECT_EQ(id.front(), '{');
    EXPECT_EQ(id[9], '-');
    EXPECT_EQ(id.back(), '}');
  }
  for (const auto& [path, bytes] : first) {
    if (path != kGpoNotCarriedFile) {
      EXPECT_TRUE(path.starts_with(ia.backup_id + "/")) << path;
    }
  }
}

TEST(PlanGpo, OnlyFilesWithContent) {
  Plan plan = empty_plan();
  add(plan, iis());
  const auto files = by_path(render_gpo(plan));
  const GpoIdentity id = gpo_identity(plan);
  EXPECT_EQ(files.size(), 3U);  // Backup.xml, bkupInfo.xml, NOT-IN-THIS-GPO.txt
  EXPECT_NE(files.at(id.backup_id + "/Backup.xml").find("<MachineExtensionGuids/>"), std::string::npos);
  EXPECT_EQ(files.at(id.backup_id + "/Backup.xml").find("GroupPolicyExtension"), std::string::npos);
  Plan none = empty_plan();
  EXPECT_EQ(by_path(render_gpo(none)).size(), 2U);
}

}  // namespace
}  // namespace temper::plan
