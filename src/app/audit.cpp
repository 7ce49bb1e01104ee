// SPDX-License-Identifier: Apache-2.0
// The audit use case.
#include "app/audit.hpp"

#include "app/import.hpp"

#include <algorithm>
#include <cstdlib>

#include "core/file.hpp"
#include "engine/adjustments.hpp"
#include "engine/evaluator.hpp"
#include "model/snapshot_json.hpp"
#include "platform/paths.hpp"

namespace temper::app {

Result<std::filesystem::path> find_content_dir(const std::optional<std::filesystem::path>& explicit_dir) {
  std::error_code ec;
  if (explicit_dir) {
    if (std::filesystem::is_directory(*explicit_dir, ec)) return *explicit_dir;
    return fail(ErrorCode::kNotFound, "content directory not found", SourceLocation(path_string(*explicit_dir)));
  }
  if (const char* env = std::getenv("TEMPER_CONTENT"); env != nullptr && env[0] != '\0') {
    if (std::filesystem::is_directory(env, ec)) return std::filesystem::path(env);
    return fail(ErrorCode::kNotFound, "TEMPER_CONTENT does not name a directory", SourceLocation(env));
  }
  std::vector<std::filesystem::path> candidates;
  if (auto exe = platform::executable_path()) {
    const auto dir = exe->parent_path();
    candidates.push_back(dir / "content");
    candidates.push_back(dir.parent_path() / "content");
    candidates.push_back(dir.parent_path() / "share" / "temper" / "content");
  }
  candidates.emplace_back("content");
  for (const auto& c : candidates) {
    if (std::filesystem::is_directory(c, ec)) return c;
  }
  return fail(ErrorCode::kNotFound, "no content directory found: pass --content DIR or set TEMPER_CONTENT");
}

Result<content::LoadResult> load_content(const std::filesystem::path& dir) {
  content::LoadResult loaded = content::load_content_dir(dir);
  if (!loaded.ok()) {
    std::string message = "invalid content:";
    for (const auto& d : loaded.diagnostics) {
      if (d.severity == content::Diagnostic::Severity::kError) message += "\n  " + d.to_string();
    }
    return fail(ErrorCode::kContent, message);
  }
  return loaded;
}

Result<model::Snapshot> load_snapshot(const std::filesystem::path& path, std::vector<std::string>* notes) {
  std::error_code ec;
  std::filesystem::path file = path;
  if (std::filesystem::is_directory(path, ec)) {
    file = path / "snapshot.json";
    if (!std::filesystem::exists(file, ec)) {
      TEMPER_ASSIGN_OR_RETURN(auto imported, import_directory(path));
      if (notes != nullptr) {
        for (auto& n : imported.not_collected) notes->push_back(std::move(n));
        if (!imported.diagnostics.empty()) {
          notes->push_back(std::to_string(imported.diagnostics.size()) +
                           " import diagnostics (skipped lines, settings IIS rejects): see `temper import " +
                           path_string(path) + "`");
        }
      }
      return std::move(imported.snapshot);
    }
  }
  return model::parse_snapshot_file(file);
}

Result<AuditOutcome> prepare_audit(const AuditRequest& request) {
  AuditOutcome out;
  TEMPER_ASSIGN_OR_RETURN(const auto content_dir, find_content_dir(request.content_dir));
  TEMPER_ASSIGN_OR_RETURN(out.content, load_content(content_dir));
  for (const auto& d : out.content.diagnostics) out.notes.push_back(d.to_string());
  TEMPER_ASSIGN_OR_RETURN(out.snapshot, load_snapshot(request.input, &out.notes));
  if (request.assume_role) {
    if (out.snapshot.host.role && *out.snapshot.host.role != *request.assume_role) {
      out.notes.push_back("the snapshot says " + std::string(model::role_name(*out.snapshot.host.role)) +
                          "; judged as " + std::string(model::role_name(*request.assume_role)) + " (--role)");
    }
    out.snapshot.host.role = request.assume_role;
  }
  if (!request.assume_features.empty()) {
    if (!out.snapshot.features) out.snapshot.features.emplace();
    for (const auto& f : request.assume_features) out.snapshot.features->insert(f);
  }
  if (request.exceptions) {
    auto ex = content::load_exceptions_file(*request.exceptions);
    if (!ex.ok()) {
      std::string message = "invalid exceptions file:";
      for (const auto& d : ex.diagnostics) message += "\n  " + d.to_string();
      return fail(ErrorCode::kContent, message);
    }
    out.exceptions = std::move(ex.exceptions);
    out.adjustments = std::move(ex.adjustments);
  }
  return out;
}

Result<void> audit_selection(AuditOutcome& out, const std::string& benchmark, std::optional<int> level) {
  // The host's build picks the benchmark version (CIS Windows Server 2019, 2022 or 2025) and its role
  // the levels; the report says which version was judged.
  const content::HostContext host{out.snapshot.host.role, out.snapshot.host.os_build};
  TEMPER_ASSIGN_OR_RETURN(auto selection, out.content.content.select_for_host(benchmark, level, host));
  const auto& selected = out.selections.emplace_back(std::move(selection));
  for (const auto& n : selected.notes) {
    if (std::find(out.notes.begin(), out.notes.end(), n) == out.notes.end()) out.notes.push_back(n);
  }
  // Adjustments change what rules expect before exceptions waive what still fails.
  out.adjusted = engine::adjust_rules(selected.rules, out.adjustments);
  for (const auto& w : out.adjusted.warnings) out.notes.push_back(w);
  engine::EvaluateOptions options;
  out.report = engine::evaluate(out.adjusted.rules, out.snapshot, options);
  engine::apply_adjustments(out.report, out.adjusted, out.adjustments, out.snapshot);
  engine::apply_exceptions(out.report, out.exceptions, options.now);
  out.report.summary = model::summarize(out.report.findings);
  out.report.benchmark = benchmark;
  out.report.level = level;
  return {};
}

Result<AuditOutcome> run_audit(const AuditRequest& request) {
  TEMPER_ASSIGN_OR_RETURN(auto out, prepare_audit(request));
  TEMPER_RETURN_IF_ERROR(audit_selection(out, request.benchmark, request.level));
  return out;
}

}  // namespace temper::app
