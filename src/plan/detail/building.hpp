// SPDX-License-Identifier: Apache-2.0
// Internals of the plan builder shared by its files (build*.cpp). Not part of the module's interface.
#pragma once

#include <string>
#include <vector>

#include "engine/iis_lookup.hpp"
#include "model/exception.hpp"
#include "model/finding.hpp"
#include "model/snapshot.hpp"
#include "plan/plan.hpp"

namespace temper::plan::detail {

/// The change one fix makes at one finding. `notes` gets what the reader should know (holders removed
/// or granted, learned adjustments kept); `problem` is set when the change cannot be planned.
Change make_change(const model::Rule& rule, const model::Fix& fix, const model::Finding& finding, const model::Snapshot& s,
                   const engine::IisIndex* index, std::vector<std::string>& notes, std::string& problem);

/// An iis_config fix at the finding's scope: where it is written (ps_path/location/file) and the value before.
Change iis_change(const model::IisConfigFix& fix, const model::Finding& finding, const model::Snapshot& s,
                  const engine::IisIndex* index, std::string& problem);

/// The items a learned allow list keeps, as changes that add them to the fix's collection (e.g.
/// fileExtensions/add[@fileExtension='.php']@allowed=true) at the finding's scope.
std::vector<Change> allow_items(const model::IisConfigFix& fix, const std::vector<std::string>& items, const model::Finding& finding,
                                const model::Snapshot& s, const engine::IisIndex* index, std::string& problem);

/// "BUILTIN\\Administrators (S-1-5-32-544)", or the SID alone when no name is known.
std::string describe_principal(const model::Snapshot& s, const std::string& sid);

/// What it takes for `change` to take effect.
Effect effect_of(const Change& change);

}  // namespace temper::plan::detail
