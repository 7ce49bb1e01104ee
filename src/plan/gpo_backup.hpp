// SPDX-License-Identifier: Apache-2.0
// Names of the GPO backup render_gpo() writes: its GUIDs, display name, folder layout and extension GUIDs.
#pragma once

#include <string>
#include <string_view>

#include "plan/plan.hpp"

namespace temper::plan {

/// Who the rendered GPO is. Both GUIDs derive from the plan hash (SHA-256 of a label and the hash), so one
/// plan always renders to the same bytes and plans with different hashes to different GPOs.
struct GpoIdentity {
  std::string gpo_id;     ///< "{8-4-4-4-12}", upper case: the GPO's own ID (Backup.xml <ID>, bkupInfo <GPOGuid>)
  std::string backup_id;  ///< "{8-4-4-4-12}": the backup's ID, which names its folder (Import-GPO -BackupId)
  std::string name;       ///< "temper plan <host> <first 8 of the hash>" (Import-GPO -BackupGpoName)
};
GpoIdentity gpo_identity(const Plan& plan);

/// The top-level file listing what the GPO leaves out.
inline constexpr std::string_view kGpoNotCarriedFile = "NOT-IN-THIS-GPO.txt";
/// Paths of the Machine files, relative to the backup folder `{backup_id}/`.
inline constexpr std::string_view kGpoMachineDir = "DomainSysvol/GPO/Machine";
inline constexpr std::string_view kGpoTemplatePath =
    "DomainSysvol/GPO/Machine/microsoft/windows nt/SecEdit/GptTmpl.inf";
inline constexpr std::string_view kGpoRegistryPolPath = "DomainSysvol/GPO/Machine/registry.pol";
inline constexpr std::string_view kGpoAuditCsvPath = "DomainSysvol/GPO/Machine/microsoft/windows nt/Audit/audit.csv";

/// Client-side extension and tool GUID pairs as `<MachineExtensionGuids>` lists them (sorted by CSE GUID).
inline constexpr std::string_view kRegistryExtension =
    "[{35378EAC-683F-11D2-A89A-00C04FBBCFA2}{D02B1F72-3407-48AE-BA88-E8213C6761F1}]";
inline constexpr std::string_view kSecurityExtension =
    "[{827D319E-6EAC-11D2-A4EA-00C04F79F83A}{803E14A0-B4FB-11D0-A0D0-00A0C90F574B}]";
inline constexpr std::string_view kAuditExtension =
    "[{F3CCC681-B74C-4060-9F26-CD84525DCA2A}{0F3F3735-573D-9804-99E4-AB2A69BA5FD4}]";

}  // namespace temper::plan
