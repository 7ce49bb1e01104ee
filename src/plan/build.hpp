// SPDX-License-Identifier: Apache-2.0
// From an audit to a plan: every failing, non-excepted finding whose rule has a fix becomes actions
// (typed, with the value before from the snapshot), merged per target to the strictest value, ordered,
// given their effect and (when learning was given) their risk, and hashed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "learn/judge.hpp"
#include "model/exception.hpp"
#include "model/finding.hpp"
#include "model/snapshot.hpp"
#include "plan/plan.hpp"

namespace temper::plan {

/// The verdict of `temper learn` on one finding (rule at scope).
struct LearnedRisk {
  std::string rule;
  std::string scope;  ///< the finding's scope ("" = host)
  Risk risk;
  /// Per evidence line, what a learned adjustment would keep to leave it working (a SID, an extension,
  /// a length; "" when only an exception can): a plan that keeps it no longer breaks that.
  std::vector<std::string> keeps;
};
/// One line of risk evidence: "logon: CORP\\svc (type 4), seen 3 times in Security".
std::string conflict_line(std::string_view kind, std::string_view who, std::string_view detail, std::uint64_t count,
                          std::string_view log);
/// The verdicts of an impact report as risks.
std::vector<LearnedRisk> risks_from(const learn::ImpactReport& report);
/// The verdicts of a `temper.impact/1` file. Fails with kParse (line:column) on malformed JSON,
/// kSchemaVersion on another schema, kInvalidArgument naming the JSON pointer of a wrong field.
Result<std::vector<LearnedRisk>> parse_impact_risks(std::string_view json, std::string_view file_name);

struct BuildOptions {
  /// Learned adjustments of the exceptions file: allow lists become items the fix keeps.
  const std::vector<model::RuleAdjustment>* adjustments = nullptr;
  /// Verdicts of `temper learn` for the same audit (risk per action); nullptr = not learned.
  const std::vector<LearnedRisk>* risks = nullptr;
  std::string risk_source;  ///< the usage profile or impact file the verdicts came from
};

/// Build the plan of `report` (judged on `snapshot`; the findings' rules are the adjusted copies).
Plan build_plan(const model::AuditReport& report, const model::Snapshot& snapshot, const BuildOptions& options = {});

/// The hash of a plan's actions (SHA-256 hex of their canonical JSON).
std::string plan_hash(const Plan& plan);

}  // namespace temper::plan
