// SPDX-License-Identifier: Apache-2.0
// The Windows user rights (privilege and logon-right constants) with their display names.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace temper::model {

struct UserRightInfo {
  std::string_view constant;      ///< "SeImpersonatePrivilege"
  std::string_view display_name;  ///< "Impersonate a client after authentication"
};

/// All user rights a Windows Server 2016-2025 policy can assign (Microsoft "User Rights Assignment").
std::span<const UserRightInfo> user_rights();
/// The entry for a constant (case-insensitive), or nullopt when unknown.
std::optional<UserRightInfo> find_user_right(std::string_view constant);

}  // namespace temper::model
