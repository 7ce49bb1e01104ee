// SPDX-License-Identifier: Apache-2.0
// The registry.pol writer (PReg v1, MS-GPREG) for the Machine side of a GPO backup.
#pragma once

#include <string>
#include <vector>

#include "plan/plan.hpp"

namespace temper::plan {

/// Why registry.pol cannot carry this change ("" = it can): a key outside HKLM or HKLM itself, a value
/// name starting with "**" (a PReg command), a REG_DWORD above 0xFFFFFFFF, an empty string inside a
/// REG_MULTI_SZ (it would end the list), a text holding NUL, or an empty value name with no data
/// (read back as "create the key").
std::string pol_problem(const RegistryChange& change);

/// The PReg file of `changes` in their order: "PReg", version 1, then one
/// `[key;name;type;size;data]` record each, key relative to HKLM. A removal is `**del.<name>` with
/// REG_SZ data " " (as Group Policy writes it). Changes must satisfy pol_problem() == "".
std::string write_registry_pol(const std::vector<const RegistryChange*>& changes);

}  // namespace temper::plan
