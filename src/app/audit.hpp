// SPDX-License-Identifier: Apache-2.0
// The audit use case, shared by the CLI and (later) the server: content + snapshot + exceptions -> report.
#pragma once

#include <deque>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "content/loader.hpp"
#include "core/error.hpp"
#include "engine/adjustments.hpp"
#include "model/finding.hpp"
#include "model/snapshot.hpp"

namespace temper::app {

/// Find the content directory: `explicit_dir`, else $TEMPER_CONTENT, else content/ beside or above
/// the executable (build tree and install layouts), else ./content. Fails with kNotFound.
Result<std::filesystem::path> find_content_dir(const std::optional<std::filesystem::path>& explicit_dir);

/// Load and validate content; fails with kContent listing every diagnostic when any is an error.
Result<content::LoadResult> load_content(const std::filesystem::path& dir);

/// Read a snapshot: a temper.snapshot JSON file, a directory holding snapshot.json, or a bundle / GPO
/// backup directory (imported on the fly; what it lacks is appended to `notes`). Fails with
/// kNotFound, kParse (file:line:col), kSchemaVersion or kInvalidArgument.
Result<model::Snapshot> load_snapshot(const std::filesystem::path& path, std::vector<std::string>* notes = nullptr);

struct AuditRequest {
  std::filesystem::path input;
  std::optional<std::filesystem::path> content_dir;
  std::string benchmark;
  std::optional<int> level;
  std::optional<std::filesystem::path> exceptions;
  /// Host assumptions, for snapshots that cannot know them (a GPO backup): the role the policy is for,
  /// and features taken as installed. An assumption that contradicts the snapshot is noted and wins.
  std::optional<model::Role> assume_role;
  std::vector<std::string> assume_features;
};

struct AuditOutcome {
  content::LoadResult content;  ///< owns the rules the report's findings point to
  model::Snapshot snapshot;
  model::AuditReport report;
  std::vector<std::string> notes;  ///< content warnings, import diagnostics
  std::vector<model::RuleException> exceptions;    ///< from the exceptions file
  std::vector<model::RuleAdjustment> adjustments;  ///< from the exceptions file
  /// Every selection judged, the report's last: they own the rule copies narrowed to the host's benchmark
  /// version that findings point to, so a report of an earlier selection (temper learn --compare) stays valid.
  std::deque<content::Selection> selections;
  engine::AdjustedRules adjusted;  ///< owns the adjusted rule copies the findings may point to
};

/// Load what an audit reads (content, snapshot with the request's assumptions, exceptions file)
/// without judging anything yet.
Result<AuditOutcome> prepare_audit(const AuditRequest& request);
/// Judge the rules a benchmark and level select (adjustments, then exceptions) into `out.report`.
/// Fails with kNotFound for an unknown benchmark.
Result<void> audit_selection(AuditOutcome& out, const std::string& benchmark, std::optional<int> level);

/// Run an audit. Fails (kNotFound, kParse, kContent, kSchemaVersion, kInvalidArgument, kIo) only when
/// the inputs themselves are unusable; individual checks that cannot be judged become `error` results.
Result<AuditOutcome> run_audit(const AuditRequest& request);

}  // namespace temper::app
