// SPDX-License-Identifier: Apache-2.0
// A GPO backup folder as a policy source: find its Machine files, import them as the state they produce.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "collect/offline/bundle.hpp"

namespace temper::collect {

/// Where the Machine-side files of one GPO backup are; any of them may be absent.
struct GpoLayout {
  std::filesystem::path root;                        ///< the folder recognised as the GPO (or the flattened folder)
  std::optional<std::filesystem::path> gpt_tmpl;     ///< .../SecEdit/GptTmpl.inf
  std::optional<std::filesystem::path> machine_pol;  ///< .../Machine/registry.pol
  std::optional<std::filesystem::path> audit_csv;    ///< .../Audit/audit.csv
  std::optional<std::filesystem::path> user_pol;     ///< .../User/registry.pol (flattened: User-registry.pol)
  std::optional<std::filesystem::path> backup_xml;   ///< root/Backup.xml (Backup-GPO): the extension list
  std::optional<std::filesystem::path> gpt_ini;      ///< gpt.ini beside Machine/ or at the root
};

/// Look for GPO backups under `dir` (names compared case-insensitively):
/// `{GUID}/DomainSysvol/GPO/Machine/...` (Backup-GPO), `DomainSysvol/GPO/Machine/...`,
/// `Machine/...` (a SYSVOL policy folder), and the flattened form with GptTmpl.inf,
/// registry.pol or Machine-registry.pol and audit.csv side by side. Under Machine/ the files are
/// `microsoft/windows nt/SecEdit/GptTmpl.inf`, `registry.pol` and
/// `microsoft/windows nt/Audit/audit.csv`; the User side's `registry.pol` in `User/` beside `Machine/`
/// (flattened: `User-registry.pol`) is found with them but does not make a GPO alone. The GPO's manifests are looked for too: Backup.xml at
/// the root, gpt.ini in the folder holding Machine/ or at the root (flattened: side by side).
/// Returns one layout per GPO found (sorted by path); empty when none has any of the three files.
std::vector<GpoLayout> find_gpo_layouts(const std::filesystem::path& dir);

/// The bytes of one GPO's files (a part is nullopt when absent); names are used in diagnostics.
struct GpoFiles {
  std::optional<std::span<const std::byte>> gpt_tmpl;
  std::optional<std::span<const std::byte>> machine_pol;
  std::optional<std::span<const std::byte>> audit_csv;
  std::optional<std::span<const std::byte>> user_pol;    ///< the User side's registry.pol (HKCU policy)
  std::optional<std::span<const std::byte>> backup_xml;  ///< manifest: <MachineExtensionGuids>
  std::optional<std::span<const std::byte>> gpt_ini;     ///< manifest: gPCMachineExtensionNames
  std::string gpt_tmpl_name = "GptTmpl.inf";
  std::string machine_pol_name = "registry.pol";
  std::string audit_csv_name = "audit.csv";
  std::string user_pol_name = "User/registry.pol";
  std::string backup_xml_name = "Backup.xml";
  std::string gpt_ini_name = "gpt.ini";
};

/// Import one GPO's files as a policy (Source.kind = policy): GptTmpl.inf with policy semantics
/// (absent = not configured), registry.pol applied under HKLM (deletions recorded in
/// policy_removals; Registry::collected stays empty because a policy never tells the whole
/// content of a key), audit.csv as the configured subcategories only.
/// A missing file defines nothing only when the GPO says it has no such extension (Backup.xml
/// <MachineExtensionGuids> or gpt.ini gPCMachineExtensionNames without the Security, Registry or
/// Advanced Audit CSE): the part is kNotDefined and its sections are present and empty (checks read
/// "not defined"). When the manifest lists the extension, when there is no manifest, or when a
/// manifest is damaged (a diagnostic), the part is kMissing with a detail saying why, and its
/// sections stay unset ("not collected"), as for an unusable file (kFailed). user_rights,
/// security_options and principals come from GptTmpl.inf; registry from GptTmpl.inf and
/// registry.pol together (either unknown makes it unknown); audit_policy from audit.csv. Services
/// are not imported from a policy (see merge_inf). The User side's registry.pol, when present, becomes
/// the per-user registry of the pseudo-user model::kPolicyUser (HKCU keys, nothing collected: a value
/// it does not set is "not defined"), as a fourth part "per-user registry (policy values)"; when it
/// is absent that part is not listed and user_registry stays unset ("not collected": the User
/// extension list is not read). Pure; never fails.
BundleImport import_gpo_files(const GpoFiles& files);

/// Read the files of `layout` and import them with import_gpo_files(). A file that cannot be read
/// becomes a kFailed part; never fails as a whole.
BundleImport import_gpo_layout(const GpoLayout& layout);

}  // namespace temper::collect
