// SPDX-License-Identifier: Apache-2.0
// Diagnostic rendering and the capped sink.
#include "collect/offline/diagnostic.hpp"

#include "core/limits.hpp"

namespace temper::collect {

std::string Diagnostic::to_string() const {
  return where.to_string() + ": " + message;
}

void DiagnosticSink::add(SourceLocation where, std::string message) {
  if (out_.size() < limits::kMaxReaderDiagnostics) {
    out_.push_back(Diagnostic{std::move(where), std::move(message)});
    return;
  }
  if (dropped_++ == 0) {
    out_.push_back(
        Diagnostic{SourceLocation(where.file), "too many problems; further diagnostics for this file dropped"});
  }
}

}  // namespace temper::collect
