// SPDX-License-Identifier: Apache-2.0
// Role names.
#include "model/host.hpp"

#include "core/strings.hpp"

namespace temper::model {

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kWorkstation: return "workstation";
    case Role::kMemberServer: return "member_server";
    case Role::kDomainController: return "domain_controller";
  }
  return "unknown";
}

std::optional<Role> parse_role(std::string_view name) {
  const std::string n = to_lower(trim(name));
  if (n == "workstation") return Role::kWorkstation;
  if (n == "member_server" || n == "ms" || n == "standalone_server" || n == "server") return Role::kMemberServer;
  if (n == "domain_controller" || n == "dc") return Role::kDomainController;
  return std::nullopt;
}

}  // namespace temper::model
