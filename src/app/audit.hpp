// SPDX-License-Identifier: Apache-2.0
// The audit use case, shared by the CLI and (later) the server: content + snapshot + exceptions -> report.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "content/loader.hpp"
#include "core/error.hpp"
#include "model/finding.hpp"
#include "model/snapshot.hpp"

namespace temper::app {

/// Find the content directory: `explicit_dir`, else $TEMPER_CONTENT, else content/ beside or above
/// the executable (build tree and install layouts), else ./content. Fails with kNotFound.
Result<std::filesystem::path> find_content_dir(const std::optional<std::filesystem::path>& explicit_dir);

/// Load and validate content; fails with kContent listing every diagnostic when any is an error.
Result<content::LoadResult> load_content(const std::filesystem::path& dir);

/// Read a snapshot from a temper.snapshot JSON file, or from a directory holding snapshot.json.
/// Fails with kNotFound, kParse (file:line:col), kSchemaVersion or kInvalidArgument.
Result<model::Snapshot> load_snapshot(const std::filesystem::path& path);

struct AuditRequest {
  std::filesystem::path input;
  std::optional<std::filesystem::path> content_dir;
  std::string benchmark;
  std::optional<int> level;
  std::optional<std::filesystem::path> exceptions;
};

struct AuditOutcome {
  content::LoadResult content;  ///< owns the rules the report's findings point to
  model::Snapshot snapshot;
  model::AuditReport report;
  std::vector<std::string> notes;  ///< content warnings, import diagnostics
};

/// Run an audit. Fails (kNotFound, kParse, kContent, kSchemaVersion, kInvalidArgument, kIo) only when
/// the inputs themselves are unusable; individual checks that cannot be judged become `error` results.
Result<AuditOutcome> run_audit(const AuditRequest& request);

}  // namespace temper::app
