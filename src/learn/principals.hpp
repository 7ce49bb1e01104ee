// SPDX-License-Identifier: Apache-2.0
// Would an account that was seen at work hold a user right once its holders are set to a given list?
// Direct SIDs and names, the well-known groups a logon token carries (Everyone, Authenticated Users,
// NETWORK, BATCH, INTERACTIVE, SERVICE, Local account), and the snapshot's local group members.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/snapshot.hpp"

namespace temper::learn {

/// Someone seen at work: a logon's target, a privilege's user, a web user.
struct Actor {
  std::string sid;      ///< "" when only the name is known (web users)
  std::string account;  ///< "DOMAIN\\name" or "name"
  std::uint32_t logon_type = 0;  ///< 0: not a logon (privilege use, configuration)
  std::string computer;  ///< the server the activity was on (decides what a local account is)
};

struct Coverage {
  enum class Result { kCovered, kNotCovered, kBuiltIn };
  Result result = Result::kNotCovered;
  std::string via;  ///< the holder that covers it and how ("as a member of BUILTIN\\Administrators")
};

/// Whether `actor` is among `holders` (SIDs, SID globs, names), directly or through a group its
/// token carries. kBuiltIn: Windows' own service identities (SYSTEM, LOCAL SERVICE, NETWORK SERVICE,
/// NT SERVICE\\*, Window Manager, font driver hosts), which logon rights do not govern.
Coverage covered_by(const Actor& actor, const std::vector<std::string>& holders, const model::Snapshot& snapshot);

/// "CONTOSO\\svc (S-1-5-21-...)", or the one that is known.
std::string describe_actor(const Actor& actor);

/// "interactive", "network", "batch", "service", "unlock", "network cleartext", "new credentials",
/// "remote interactive", "cached interactive"; the number for others.
std::string logon_type_name(std::uint32_t type);

}  // namespace temper::learn
