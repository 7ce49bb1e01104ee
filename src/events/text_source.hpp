// SPDX-License-Identifier: Apache-2.0
// What the line-oriented readers (NDJSON, W3C) share: the sink type, their counters, and a
// bounded-memory line splitter over files or text.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "events/event.hpp"

namespace temper::events {

/// Called with each event in file order; return false to stop reading.
using EventSink = std::function<bool(const Event&)>;

/// What a line-oriented read found.
struct TextReadStats {
  std::uint64_t lines = 0;      ///< lines read (directives and blanks included)
  std::uint64_t events = 0;     ///< events delivered
  std::uint64_t bad_lines = 0;  ///< lines that could not be turned into an event
  std::vector<std::string> diagnostics;  ///< "line N: why", at most limits::kMaxDiagnostics

  /// Record an unusable line.
  void bad(std::uint64_t line, std::string why);
};

/// Longest line accepted; longer lines are skipped as bad (bounded memory).
inline constexpr std::size_t kMaxLineBytes = 16u * 1024 * 1024;

/// Calls `line(number, text)` for each line of a file (CR/LF stripped, a UTF-8 BOM removed),
/// reading in blocks so memory stays bounded; a line over kMaxLineBytes is passed as empty with
/// `too_long` set. `line` returns false to stop. Fails with kNotFound or kIo.
Result<void> for_each_line(const std::filesystem::path& path,
                           const std::function<bool(std::uint64_t, std::string_view, bool too_long)>& line);
/// Same over text in memory.
void for_each_line(std::string_view text,
                   const std::function<bool(std::uint64_t, std::string_view, bool too_long)>& line);

}  // namespace temper::events
