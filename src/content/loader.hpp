// SPDX-License-Identifier: Apache-2.0
// The content compiler: YAML rule and benchmark files -> a validated ContentSet. It reports every
// problem it finds (not just the first), each with file:line:column, like YARA's compiler callback.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "content/content_set.hpp"
#include "content/diagnostic.hpp"
#include "model/exception.hpp"

namespace temper::content {

struct LoadOptions {
  /// Also load files whose name starts with '_' (the commented examples); `rules lint` does.
  bool include_examples = false;
  /// Require the full metadata set (impact, default_value, remediation, refs) on every rule.
  bool strict_metadata = true;
};

struct LoadResult {
  ContentSet content;
  std::vector<Diagnostic> diagnostics;
  std::size_t files = 0;
  [[nodiscard]] bool ok() const { return !has_errors(diagnostics); }
};

/// Load every *.yaml / *.yml file under `dir` (recursively, in sorted path order). Missing or
/// unreadable directories become a diagnostic, never an exception.
LoadResult load_content_dir(const std::filesystem::path& dir, const LoadOptions& options = {});
/// Load one YAML document given as text; `file` names it in diagnostics.
LoadResult load_content_text(std::string_view yaml, std::string_view file, const LoadOptions& options = {});
/// Parse a check expectation written in YAML (`5`, `{at_least: 14}`, ...) — used by tests and
/// by other YAML readers. Diagnostics are appended.
struct ExceptionsResult {
  std::vector<model::RuleException> exceptions;
  std::vector<model::RuleAdjustment> adjustments;
  std::vector<Diagnostic> diagnostics;
  [[nodiscard]] bool ok() const { return !has_errors(diagnostics); }
};
/// Load an exceptions file (`exceptions: [{rule, scope, reason, expires, owner}]`, and/or
/// `adjustments: [{rule, scope, add | at_most | allow, reason, evidence}]`).
ExceptionsResult load_exceptions_file(const std::filesystem::path& file);
ExceptionsResult load_exceptions_text(std::string_view yaml, std::string_view file);

}  // namespace temper::content
