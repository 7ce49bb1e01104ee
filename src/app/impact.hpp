// SPDX-License-Identifier: Apache-2.0
// The learn use case: audit a target, read or build its usage profile, judge every failing rule's fix.
#pragma once

#include <deque>
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

/// One policy to compare: a benchmark and a level (nullopt: every level it defines).
struct CompareSpec {
  std::string benchmark;
  std::optional<int> level;
};
/// "cis-iis-10:1,cis-iis-10:2,iis-host:2" -> specs. Fails with kInvalidArgument on a bad level.
Result<std::vector<CompareSpec>> parse_compare_specs(std::string_view text);

struct CompareRow {
  CompareSpec spec;
  learn::ImpactReport report;  ///< its rules point into the outcome's content
};
struct CompareOutcome {
  AuditOutcome audit;  ///< owns the content the rows' verdicts point to
  std::deque<engine::AdjustedRules> adjusted;  ///< each selection's adjusted rule copies
  std::vector<CompareRow> rows;
  std::optional<std::size_t> most_stringent;  ///< the row with no `breaks` and the most rules in force
  std::vector<std::string> notes;
};
/// Judge several benchmark/level selections against one target and one profile (read once).
/// Fails with kNotFound for an unknown benchmark before any activity is read.
Result<CompareOutcome> run_compare(const LearnRequest& request, const std::vector<CompareSpec>& specs, const CollectFn& collect);

/// One server of a group: its folder name and what learning found. Not copyable in effect: the
/// report's rules point into the outcome's own content, so members are never copied or relocated.
struct GroupMember {
  std::string name;
  LearnOutcome outcome;
};
/// Learn each server of a group of identical servers: `dir` holds a folder per server with its
/// target (snapshot.json, else a bundle/ or gpo/ folder) and its activity (usage.json, else an
/// events/ folder). `request.audit.input`, `usage` and `events` are ignored. Fails on the first server
/// whose inputs are unusable, naming it.
Result<std::vector<GroupMember>> run_group(const LearnRequest& request, const std::filesystem::path& dir, const CollectFn& collect);

}  // namespace temper::app
