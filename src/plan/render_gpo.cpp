// SPDX-License-Identifier: Apache-2.0
// `--format gpo`: the plan as a Backup-GPO folder that Import-GPO, the Group Policy Management Console and
// LGPO.exe /g accept (docs/plan-gpo.md, decision 0039). For a plan with hash 3f2a... on host web01:
//
//   {B}/Backup.xml        GroupPolicyBackupScheme: the GPO's ID, name, the client-side extensions present
//                         (<MachineExtensionGuids>) and one GroupPolicyExtension per Machine file
//   {B}/bkupInfo.xml      BackupInst: GPO GUID, backup ID {B}, display name "temper plan web01 3f2a...."
//   {B}/DomainSysvol/GPO/Machine/microsoft/windows nt/SecEdit/GptTmpl.inf   (write_inf.cpp)
//   {B}/DomainSysvol/GPO/Machine/registry.pol                                (write_registry_pol.cpp)
//   {B}/DomainSysvol/GPO/Machine/microsoft/windows nt/Audit/audit.csv       (write_audit_csv.cpp)
//   NOT-IN-THIS-GPO.txt   what the GPO leaves out ("not in this format; see the PowerShell plan")
//
// A Machine file is written only when it has settings, and <MachineExtensionGuids> lists exactly the
// extensions of the files written, so a reader (temper's import_gpo_files, Group Policy) takes a missing
// file as "not defined" rather than "not collected".
#include <cstdint>

#include "core/sha256.hpp"
#include "core/strings.hpp"
#include "plan/gpo_backup.hpp"
#include "plan/render.hpp"
#include "plan/write_audit_csv.hpp"
#include "plan/write_common.hpp"
#include "plan/write_inf.hpp"
#include "plan/write_registry_pol.hpp"

namespace temper::plan {
namespace {

// A GUID from the first 32 hex digits of SHA-256(label + hash).
std::string derived_guid(std::string_view label, std::string_view hash) {
  const std::string h = to_upper(sha256_hex(std::string(label) + "\n" + std::string(hash)));
  return "{" + h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" +
         h.substr(20, 12) + "}";
}

// Text as one CDATA section ("]]>" split across two sections).
std::string cdata(std::string_view text) {
  std::string out = "<![CDATA[";
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i, 3) == "]]>") {
      out += "]]]]><![CDATA[>";
      i += 2;
      continue;
    }
    out.push_back(text[i]);
  }
  return out + "]]>";
}

std::string element(std::string_view name, std::string_view text) {
  if (text.empty()) return "<" + std::string(name) + "/>";
  return "<" + std::string(name) + ">" + cdata(text) + "</" + std::string(name) + ">";
}

// "microsoft/windows nt/SecEdit/GptTmpl.inf" below Machine/ as Backup.xml spells paths.
std::string backslashed(std::string_view path) {
  std::string out(path);
  for (char& c : out) {
    if (c == '/') c = '\\';
  }
  return out;
}

std::string fs_object(std::string_view tag, std::string_view machine_path, std::string_view extra = {}) {
  const std::string rel = backslashed(machine_path);
  return "      <" + std::string(tag) + " bkp:Path=\"%GPO_MACH_FSPATH%\\" + rel + "\"" + std::string(extra) +
         " bkp:Location=\"DomainSysvol\\GPO\\Machine\\" + rel + "\"/>\r\n";
}

std::string extension(std::string_view cse, std::string_view desc, std::string_view objects) {
  return "    <GroupPolicyExtension bkp:ID=\"" + std::string(cse) + "\" bkp:DescName=\"" + std::string(desc) +
         "\">\r\n" + std::string(objects) + "    </GroupPolicyExtension>\r\n";
}

// The Machine files of the plan, each present only when it has settings.
struct MachineFiles {
  std::string gpt_tmpl;
  std::string registry_pol;
  std::string audit_csv;
};

MachineFiles machine_files(const Plan& plan) {
  MachineFiles out;
  bool any_template = false;
  std::vector<const RegistryChange*> pol;
  std::vector<const AuditPolicyChange*> subcategories;
  std::vector<const SecurityOptionChange*> options;
  for (const auto& a : plan.actions) {
    switch (place(a.change, Format::kGpo).part) {
      case Part::kTemplate:
        any_template = true;
        break;
      case Part::kRegistryPol:
        pol.push_back(&std::get<RegistryChange>(a.change));
        break;
      case Part::kAuditCsv:
        if (const auto* c = std::get_if<AuditPolicyChange>(&a.change)) subcategories.push_back(c);
        if (const auto* c = std::get_if<SecurityOptionChange>(&a.change)) options.push_back(c);
        break;
      case Part::kNone:
        break;
    }
  }
  if (any_template) out.gpt_tmpl = write_security_template(plan, Format::kGpo);
  if (!pol.empty()) out.registry_pol = write_registry_pol(pol);
  if (!subcategories.empty() || !options.empty()) out.audit_csv = write_audit_csv(subcategories, options);
  return out;
}

std::string machine_relative(std::string_view path) {
  return std::string(path.substr(kGpoMachineDir.size() + 1));
}

std::string backup_xml(const GpoIdentity& id, const model::Host& host, const MachineFiles& files) {
  // Sorted by CSE GUID, as Group Policy requires of the list: Registry {3537...}, Security {827D...}, Audit {F3CC...}.
  std::string cses;
  if (!files.registry_pol.empty()) cses += kRegistryExtension;
  if (!files.gpt_tmpl.empty()) cses += kSecurityExtension;
  if (!files.audit_csv.empty()) cses += kAuditExtension;
  std::string x =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n"
      "<!-- A GPO backup generated by temper from a plan; edit the plan, not this file. -->\r\n"
      "<GroupPolicyBackupScheme bkp:version=\"2.0\" bkp:type=\"GroupPolicyBackupTemplate\" "
      "xmlns:bkp=\"http://www.microsoft.com/GroupPolicy/GPOOperations\" "
      "xmlns=\"http://www.microsoft.com/GroupPolicy/GPOOperations\">\r\n"
      "  <GroupPolicyObject>\r\n"
      "    <SecurityGroups/>\r\n"
      "    <FilePaths/>\r\n"
      "    <GroupPolicyCoreSettings>" +
      element("ID", id.gpo_id) + element("Domain", host.domain) + "<SecurityDescriptor/>" +
      element("DisplayName", id.name) + element("Options", "0") + element("UserVersionNumber", "0") +
      element("MachineVersionNumber", "1") + element("MachineExtensionGuids", cses) +
      "<UserExtensionGuids/><WMIFilter/></GroupPolicyCoreSettings>\r\n";
  if (!files.registry_pol.empty()) {
    x += extension("{35378EAC-683F-11D2-A89A-00C04FBBCFA2}", "Registry",
                   fs_object("FSObjectFile", machine_relative(kGpoRegistryPolPath)));
  }
  if (!files.gpt_tmpl.empty()) {
    x += extension("{827D319E-6EAC-11D2-A4EA-00C04F79F83A}", "Security",
                   fs_object("FSObjectFile", machine_relative(kGpoTemplatePath),
                             " bkp:ReEvaluateFunction=\"SecurityValidateSettings\""));
  }
  // Folders, and files no extension above claims (audit.csv), go in the backup's catch-all extension.
  std::string others;
  if (!files.gpt_tmpl.empty() || !files.audit_csv.empty()) {
    others += fs_object("FSObjectDir", "microsoft") + fs_object("FSObjectDir", "microsoft/windows nt");
  }
  if (!files.gpt_tmpl.empty()) others += fs_object("FSObjectDir", "microsoft/windows nt/SecEdit");
  if (!files.audit_csv.empty()) {
    others += fs_object("FSObjectDir", "microsoft/windows nt/Audit") +
              fs_object("FSObjectFile", machine_relative(kGpoAuditCsvPath));
  }
  if (!others.empty()) x += extension("{F15C46CD-82A0-4C2D-A210-5D0D3182A418}", "Unknown Extension", others);
  return x + "  </GroupPolicyObject>\r\n</GroupPolicyBackupScheme>\r\n";
}

std::string bkup_info_xml(const GpoIdentity& id, const Plan& plan) {
  // The plan carries no time, so the backup time is a fixed, evidently artificial one: output stays reproducible.
  return "<BackupInst xmlns=\"http://www.microsoft.com/GroupPolicy/GPOOperations/Manifest\">" +
         element("GPOGuid", id.gpo_id) + element("GPODomain", plan.host.domain) +
         "<GPODomainGuid/><GPODomainController/>" + element("BackupTime", "2000-01-01T00:00:00") +
         element("ID", id.backup_id) +
         element("Comment", "temper plan " + plan.hash + "; see " + std::string(kGpoNotCarriedFile)) +
         element("GPODisplayName", id.name) + "</BackupInst>\r\n";
}

std::string not_carried_text(const Plan& plan, const GpoIdentity& id) {
  std::string out;
  for (const auto& h : plan_header(plan, "What the GPO backup " + id.backup_id + " (\"" + id.name + "\") leaves out")) {
    out += h + "\r\n";
  }
  out += "\r\n" + std::string(kNotInFormat) + ":\r\n";
  for (const auto& line : not_carried(plan, Format::kGpo)) out += "  " + line + "\r\n";
  return out;
}
}  // namespace

GpoIdentity gpo_identity(const Plan& plan) {
  GpoIdentity id;
  id.gpo_id = derived_guid("temper gpo", plan.hash);
  id.backup_id = derived_guid("temper gpo backup", plan.hash);
  id.name = "temper plan " + one_line(plan.host.name.empty() ? "unknown-host" : plan.host.name) + " " +
            plan.hash.substr(0, 8);
  return id;
}

std::vector<RenderedFile> render_gpo(const Plan& plan) {
  const GpoIdentity id = gpo_identity(plan);
  const MachineFiles files = machine_files(plan);
  const std::string dir = id.backup_id + "/";
  std::vector<RenderedFile> out;
  out.push_back({dir + "Backup.xml", backup_xml(id, plan.host, files)});
  out.push_back({dir + "bkupInfo.xml", bkup_info_xml(id, plan)});
  if (!files.gpt_tmpl.empty()) out.push_back({dir + std::string(kGpoTemplatePath), files.gpt_tmpl});
  if (!files.registry_pol.empty()) out.push_back({dir + std::string(kGpoRegistryPolPath), files.registry_pol});
  if (!files.audit_csv.empty()) out.push_back({dir + std::string(kGpoAuditCsvPath), files.audit_csv});
  if (!not_carried(plan, Format::kGpo).empty()) {
    out.push_back({std::string(kGpoNotCarriedFile), not_carried_text(plan, id)});
  }
  return out;
}

}  // namespace temper::plan
