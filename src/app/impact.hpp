// SPDX-License-Identifier: Apache-2.0
// The learn use case: audit a target, read or build its usage profile, judge every failing rule's fix.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "app/audit.hpp"
#include "learn/judge.hpp"
#include "learn/usage.hpp"

namespace temper::app {

struct LearnRequest {
  AuditRequest audit;                            ///< the target, benchmark, level, exceptions
  std::optional<std::filesystem::path> usage;    ///< a temper.usage/1 file
  std::vector<std::filesystem::path> events;     ///< or event files and folders to build it from
  learn::JudgeOptions options;
};

struct LearnOutcome {
  AuditOutcome audit;
  learn::UsageProfile profile;
  learn::ImpactReport report;
  std::vector<std::string> notes;  ///< the audit's notes and event-reading warnings
};

/// Read a usage profile file. Fails with kNotFound, kParse, kSchemaVersion (a newer schema) or kInvalidArgument.
Result<learn::UsageProfile> load_usage(const std::filesystem::path& file);

/// Audit, profile, judge. Fails when the target, content, profile or event files are unusable.
/// `collect` builds the profile from `events` (app::collect_usage); warnings go to the outcome's notes.
using CollectFn = std::function<Result<learn::UsageProfile>(const std::vector<std::filesystem::path>&, std::vector<std::string>&)>;
Result<LearnOutcome> run_learn(const LearnRequest& request, const CollectFn& collect);

}  // namespace temper::app
