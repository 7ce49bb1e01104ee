// SPDX-License-Identifier: Apache-2.0
// From an audit to a plan: every failing, non-excepted finding whose rule has a fix becomes actions
// (typed, with the value before from the snapshot), merged per target to the strictest value, ordered,
// given their effect and (when learning was given) their risk, and hashed.
#pragma once

#include <string>
#include <vector>

#include "learn/judge.hpp"
#include "model/exception.hpp"
#include "model/finding.hpp"
#include "model/snapshot.hpp"
#include "plan/plan.hpp"

namespace temper::plan {

struct BuildOptions {
  /// Learned adjustments of the exceptions file: allow lists become items the fix keeps.
  const std::vector<model::RuleAdjustment>* adjustments = nullptr;
  /// Verdicts of `temper learn` for the same audit (risk per action); nullptr = not learned.
  const learn::ImpactReport* impact = nullptr;
  std::string risk_source;  ///< the usage profile or impact file the verdicts came from
};

/// Build the plan of `report` (judged on `snapshot`; the findings' rules are the adjusted copies).
Plan build_plan(const model::AuditReport& report, const model::Snapshot& snapshot, const BuildOptions& options = {});

/// The hash of a plan's actions (SHA-256 hex of their canonical JSON).
std::string plan_hash(const Plan& plan);

}  // namespace temper::plan
