// SPDX-License-Identifier: Apache-2.0
// What the commands that read event files share (`temper events`, `temper learn collect`): the
// progress bar and the report of each file's problems on stderr.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>
#include <vector>

#include "app/events.hpp"

namespace temper::cli {

/// A one-line progress bar on stderr, for terminals and inputs over 64 MiB; erased when destroyed.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  /// Bytes done of `total` (redrawn at most every 100 ms).
  void update(std::uint64_t done, std::uint64_t total);

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

/// Report each file that could not be used ("temper: error: ...") and, with `damage`, the damage
/// and first diagnostics of the others, on stderr; `kept` is appended to a damaged file's line
/// (what became of the events read from it), which then also appears for a file with diagnostics only. Returns kExitUsage when a file could not be used,
/// else kExitOk.
int report_outcomes(const std::vector<app::FileOutcome>& outcomes, bool damage = true, std::string_view kept = {});

}  // namespace temper::cli
