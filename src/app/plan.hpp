// SPDX-License-Identifier: Apache-2.0
// The plan use case: audit a target (with its exceptions and learned adjustments), optionally judge the
// fixes against the server's activity or read an impact file, and build the change set.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/audit.hpp"
#include "app/impact.hpp"
#include "plan/build.hpp"

namespace temper::app {

struct PlanRequest {
  AuditRequest audit;
  std::vector<std::string> only;                  ///< rule ids (globs allowed); empty = every failing rule
  std::optional<std::filesystem::path> usage;     ///< risk from a usage profile ...
  std::vector<std::filesystem::path> events;      ///< ... or from event files ...
  std::optional<std::filesystem::path> impact;    ///< ... or from a temper.impact/1 file
  learn::JudgeOptions judge;
};

struct PlanOutcome {
  AuditOutcome audit;  ///< owns the rules the plan was built from
  plan::Plan plan;
  std::vector<std::string> notes;
};

/// Audit, judge (when activity or an impact file is given), plan. Fails with kNotFound for an --only
/// pattern that names no rule of the selection or an unknown benchmark, kInvalidArgument for
/// conflicting risk sources, and whatever reading the target, content, exceptions or activity fails with.
Result<PlanOutcome> run_plan(const PlanRequest& request, const CollectFn& collect);

}  // namespace temper::app
