// SPDX-License-Identifier: Apache-2.0
// The JSON form of actions, shared by the JSON renderer and the plan hash.
#pragma once

#include <nlohmann/json.hpp>

#include "plan/plan.hpp"

namespace temper::plan::detail {
/// One action as `temper.plan/1` writes it. `for_hash`: only what the action changes (id, rules,
/// scope, change, inverse, effect), without risk and notes, which do not change what is done.
nlohmann::ordered_json action_json(const Action& action, bool for_hash);
}  // namespace temper::plan::detail
