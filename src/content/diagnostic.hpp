// SPDX-License-Identifier: Apache-2.0
// A problem found while loading content: where, how bad, what.
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"

namespace temper::content {

struct Diagnostic {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  SourceLocation where;
  std::string message;
  /// "file:line:col: error: message".
  [[nodiscard]] std::string to_string() const;
};

/// True when any diagnostic is an error.
bool has_errors(const std::vector<Diagnostic>& diagnostics);

}  // namespace temper::content
