// SPDX-License-Identifier: Apache-2.0
// The learned policy (`temper learn --write-exceptions FILE`): for each fix that would break what was
// seen, the narrowest adjustment that keeps the rule and the activity, else a scoped exception.
// The file is an exceptions file: `temper audit --exceptions` and `temper plan` read it.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "learn/judge.hpp"

namespace temper::learn {

struct PolicyOptions {
  Time now;                 ///< written in the header; exceptions expire `expiry_days` after it
  int expiry_days = 90;
  std::string owner = "TBD";  ///< the owner placeholder exceptions carry
};

/// The YAML text (adjustments and exceptions, each with its reason and evidence), deterministic for
/// a given report and options. Empty lists when nothing breaks.
std::string learned_policy_yaml(const ImpactReport& report, const PolicyOptions& options);

/// The policy of a group of identical servers: the union of what each needs (every principal, the
/// highest limit, every allow-list item; an exception where any server needs one), each entry
/// saying which servers needed it.
std::string learned_group_policy_yaml(const std::vector<std::pair<std::string, const ImpactReport*>>& servers,
                                      const PolicyOptions& options);

}  // namespace temper::learn
