// SPDX-License-Identifier: Apache-2.0
// Host identity and role: who the snapshot describes, and which benchmark profile applies to it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace temper::model {

/// The machine's role in its domain, as CIS profiles distinguish them. A stand-alone server is
/// judged as a member server (CIS's "Member Server" profile covers both).
enum class Role { kWorkstation, kMemberServer, kDomainController };

/// "workstation" | "member_server" | "domain_controller".
std::string_view role_name(Role role);
/// Parse a role name (also accepts "ms", "dc", "standalone_server"); nullopt when unknown.
std::optional<Role> parse_role(std::string_view name);

struct Host {
  std::string name;
  std::string os_name;     ///< e.g. "Microsoft Windows Server 2022 Datacenter"
  std::string os_version;  ///< e.g. "10.0.20348"
  std::string os_build;    ///< e.g. "20348"
  std::optional<Role> role;
  std::string domain;  ///< DNS domain or workgroup; empty when unknown
  bool operator==(const Host&) const = default;
};

}  // namespace temper::model
