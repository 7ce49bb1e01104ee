// SPDX-License-Identifier: Apache-2.0
// Diagnostic: a warning an offline reader records when it skips part of a file but goes on.
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"

namespace temper::collect {

/// A recoverable problem in an input file: the reader skipped a line, record or entry and kept
/// everything it read before and after. `where` names the file and a line (text formats) or a
/// byte offset (registry.pol).
struct Diagnostic {
  SourceLocation where;
  std::string message;
  /// "file:line: message" or "file at offset N: message".
  [[nodiscard]] std::string to_string() const;
};

/// Appends diagnostics up to limits::kMaxReaderDiagnostics, then one "further diagnostics
/// dropped" entry; a hostile file cannot grow the list without bound.
class DiagnosticSink {
 public:
  explicit DiagnosticSink(std::vector<Diagnostic>& out) : out_(out) {}
  /// Record one diagnostic (dropped silently past the cap, after the marker).
  void add(SourceLocation where, std::string message);

 private:
  std::vector<Diagnostic>& out_;
  std::size_t dropped_ = 0;
};

}  // namespace temper::collect
