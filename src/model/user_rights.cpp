// SPDX-License-Identifier: Apache-2.0
// User right constants and display names (Microsoft "User Rights Assignment" reference).
#include "model/user_rights.hpp"

#include <array>

#include "core/strings.hpp"

namespace temper::model {
namespace {
constexpr std::array kRights = {
    UserRightInfo{"SeTrustedCredManAccessPrivilege", "Access Credential Manager as a trusted caller"},
    UserRightInfo{"SeNetworkLogonRight", "Access this computer from the network"},
    UserRightInfo{"SeTcbPrivilege", "Act as part of the operating system"},
    UserRightInfo{"SeMachineAccountPrivilege", "Add workstations to domain"},
    UserRightInfo{"SeIncreaseQuotaPrivilege", "Adjust memory quotas for a process"},
    UserRightInfo{"SeInteractiveLogonRight", "Allow log on locally"},
    UserRightInfo{"SeRemoteInteractiveLogonRight", "Allow log on through Remote Desktop Services"},
    UserRightInfo{"SeBackupPrivilege", "Back up files and directories"},
    UserRightInfo{"SeChangeNotifyPrivilege", "Bypass traverse checking"},
    UserRightInfo{"SeSystemtimePrivilege", "Change the system time"},
    UserRightInfo{"SeTimeZonePrivilege", "Change the time zone"},
    UserRightInfo{"SeCreatePagefilePrivilege", "Create a pagefile"},
    UserRightInfo{"SeCreateTokenPrivilege", "Create a token object"},
    UserRightInfo{"SeCreateGlobalPrivilege", "Create global objects"},
    UserRightInfo{"SeCreatePermanentPrivilege", "Create permanent shared objects"},
    UserRightInfo{"SeCreateSymbolicLinkPrivilege", "Create symbolic links"},
    UserRightInfo{"SeDebugPrivilege", "Debug programs"},
    UserRightInfo{"SeDenyNetworkLogonRight", "Deny access to this computer from the network"},
    UserRightInfo{"SeDenyBatchLogonRight", "Deny log on as a batch job"},
    UserRightInfo{"SeDenyServiceLogonRight", "Deny log on as a service"},
    UserRightInfo{"SeDenyInteractiveLogonRight", "Deny log on locally"},
    UserRightInfo{"SeDenyRemoteInteractiveLogonRight", "Deny log on through Remote Desktop Services"},
    UserRightInfo{"SeEnableDelegationPrivilege", "Enable computer and user accounts to be trusted for delegation"},
    UserRightInfo{"SeRemoteShutdownPrivilege", "Force shutdown from a remote system"},
    UserRightInfo{"SeAuditPrivilege", "Generate security audits"},
    UserRightInfo{"SeImpersonatePrivilege", "Impersonate a client after authentication"},
    UserRightInfo{"SeIncreaseWorkingSetPrivilege", "Increase a process working set"},
    UserRightInfo{"SeIncreaseBasePriorityPrivilege", "Increase scheduling priority"},
    UserRightInfo{"SeLoadDriverPrivilege", "Load and unload device drivers"},
    UserRightInfo{"SeLockMemoryPrivilege", "Lock pages in memory"},
    UserRightInfo{"SeBatchLogonRight", "Log on as a batch job"},
    UserRightInfo{"SeServiceLogonRight", "Log on as a service"},
    UserRightInfo{"SeSecurityPrivilege", "Manage auditing and security log"},
    UserRightInfo{"SeRelabelPrivilege", "Modify an object label"},
    UserRightInfo{"SeSystemEnvironmentPrivilege", "Modify firmware environment values"},
    UserRightInfo{"SeDelegateSessionUserImpersonatePrivilege",
                  "Obtain an impersonation token for another user in the same session"},
    UserRightInfo{"SeManageVolumePrivilege", "Perform volume maintenance tasks"},
    UserRightInfo{"SeProfileSingleProcessPrivilege", "Profile single process"},
    UserRightInfo{"SeSystemProfilePrivilege", "Profile system performance"},
    UserRightInfo{"SeUndockPrivilege", "Remove computer from docking station"},
    UserRightInfo{"SeAssignPrimaryTokenPrivilege", "Replace a process level token"},
    UserRightInfo{"SeRestorePrivilege", "Restore files and directories"},
    UserRightInfo{"SeShutdownPrivilege", "Shut down the system"},
    UserRightInfo{"SeSyncAgentPrivilege", "Synchronize directory service data"},
    UserRightInfo{"SeTakeOwnershipPrivilege", "Take ownership of files or other objects"},
};
}  // namespace

std::span<const UserRightInfo> user_rights() { return kRights; }

std::optional<UserRightInfo> find_user_right(std::string_view constant) {
  for (const auto& r : kRights) {
    if (iequals(r.constant, constant)) return r;
  }
  return std::nullopt;
}

}  // namespace temper::model
