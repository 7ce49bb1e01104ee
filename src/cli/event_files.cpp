// SPDX-License-Identifier: Apache-2.0
// The progress bar and per-file problem report shared by the commands that read event files.
#include "cli/event_files.hpp"

#include <cstdio>
#include <string>

#include "cli/command.hpp"
#include "platform/terminal.hpp"

namespace temper::cli {

ProgressBar::ProgressBar(bool enabled) : enabled_(enabled && platform::is_terminal(stderr)) {}

ProgressBar::~ProgressBar() {
  if (shown_) std::fputs("\r\x1b[K", stderr);
}

void ProgressBar::update(std::uint64_t done, std::uint64_t total) {
  if (!enabled_ || total < (64u << 20)) return;
  const auto now = std::chrono::steady_clock::now();
  if (shown_ && now - last_ < std::chrono::milliseconds(100) && done < total) return;
  last_ = now;
  shown_ = true;
  const double secs = std::chrono::duration<double>(now - start_).count();
  const double mib = static_cast<double>(done) / (1024.0 * 1024.0);
  const int pct = static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(total));
  const int width = 30;
  const int fill = pct * width / 100;
  std::fprintf(stderr, "\r[%.*s%*s] %3d%%  %.0f/%.0f MiB  %.0f MiB/s", fill, "##############################",
               width - fill, "", pct, mib, static_cast<double>(total) / (1024.0 * 1024.0), secs > 0 ? mib / secs : 0.0);
  std::fflush(stderr);
}

// Problems inside files go to stderr (`damage` false: only files that could not be used, for
// `events stats`, whose report lists the rest); a file that could not be used at all makes the exit 2.
int report_outcomes(const std::vector<app::FileOutcome>& outcomes, bool damage, std::string_view kept) {
  int rc = kExitOk;
  for (const auto& f : outcomes) {
    if (!f.error.empty()) {
      std::fprintf(stderr, "temper: error: %s\n", f.error.c_str());
      rc = kExitUsage;
      continue;
    }
    if (!damage) continue;
    const auto& s = f.evtx;
    // With `kept`, a file with only diagnostics (cut short, say) gets the line too.
    if (s.bad_chunks + s.checksum_errors + s.damaged_records + f.bad_lines != 0 || (!kept.empty() && !f.diagnostics.empty())) {
      std::fprintf(stderr,
                   "temper: %s: %llu events; %llu damaged chunks, %llu checksum errors, %llu undecodable records, %llu "
                   "unusable lines%.*s\n",
                   f.path.c_str(), static_cast<unsigned long long>(f.events), static_cast<unsigned long long>(s.bad_chunks),
                   static_cast<unsigned long long>(s.checksum_errors), static_cast<unsigned long long>(s.damaged_records),
                   static_cast<unsigned long long>(f.bad_lines), static_cast<int>(kept.size()), kept.data());
    }
    constexpr std::size_t kShown = 5;
    for (std::size_t k = 0; k < f.diagnostics.size() && k < kShown; ++k) {
      std::fprintf(stderr, "temper: %s: %s\n", f.path.c_str(), f.diagnostics[k].c_str());
    }
    if (const std::uint64_t more = f.problems_after(kShown); more != 0) {
      std::fprintf(stderr, "temper: %s: ... and %llu more problems (`temper events stats --format json` lists them)\n",
                   f.path.c_str(), static_cast<unsigned long long>(more));
    }
  }
  return rc;
}

}  // namespace temper::cli
