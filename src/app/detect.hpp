// SPDX-License-Identifier: Apache-2.0
// The detect use case: load detection rules (given, or the shipped packs under content/detections),
// stream event files through the Matcher and the Correlator, and hand out each alert and a per-rule summary.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/events.hpp"
#include "app/rule_cache.hpp"
#include "core/error.hpp"
#include "detect/rule_set.hpp"

namespace temper::app {

/// What `temper detect` runs.
struct DetectRequest {
  std::vector<std::filesystem::path> files;  ///< event files or directories
  std::vector<std::filesystem::path> rules;  ///< rule files or directories; empty = the shipped packs
  std::optional<std::filesystem::path> content_dir;  ///< where the shipped packs are (default: find_content_dir)
  detect::Level min_level = detect::Level::kInformational;  ///< rules below are dropped when loading
  std::optional<std::uint64_t> since;  ///< FILETIME ticks; events before are skipped before matching
  std::optional<std::uint64_t> until;  ///< FILETIME ticks; events after are skipped
  RuleCacheOptions rule_cache;         ///< off unless the caller turns it on (the CLI does, bar --no-cache)
};

/// One alert, valid only during the callback.
struct DetectAlert {
  std::string_view rule_id;
  std::string_view title;
  std::string_view rule_file;
  detect::Level level = detect::Level::kMedium;
  const detect::RuleInfo* info = nullptr;
  std::string_view correlation;      ///< correlation type ("event_count"...), empty for a base rule
  std::uint64_t count = 0;           ///< correlations: hits, distinct values or rules in the window
  std::uint64_t time = 0;            ///< FILETIME ticks of the event (a correlation: of its last hit)
  std::uint64_t first_time = 0;      ///< correlations: the window's first hit
  std::string_view host;
  /// Base rules: the values of the fields the rule read; correlations: the group-by values. Views into
  /// the current event and the rule set, valid during the callback only.
  std::vector<std::pair<std::string_view, std::string_view>> fields;
  /// The event (base rules, and correlations judged when a hit arrived); null for a correlation
  /// judged when its window closed at the end of input.
  const events::Event* event = nullptr;
};

/// Receives each alert in input order.
using DetectAlertFn = std::function<void(const DetectAlert&)>;

/// Alerts of one rule over the run.
struct RuleSummary {
  std::string id;
  std::string title;
  std::string file;
  detect::Level level = detect::Level::kMedium;
  bool correlation = false;
  std::uint64_t alerts = 0;
  std::uint64_t first_time = 0;  ///< FILETIME ticks; 0 when no alert had a time
  std::uint64_t last_time = 0;
  std::vector<std::string> hosts;  ///< the first kMaxSummaryHosts distinct hosts, sorted
  std::uint64_t more_hosts = 0;    ///< distinct hosts beyond them (counted up to 1,000)
};

/// Distinct hosts a RuleSummary lists.
inline constexpr std::size_t kMaxSummaryHosts = 32;

/// The outcome of a run.
struct DetectReport {
  std::vector<std::filesystem::path> rule_paths;   ///< what was loaded
  std::size_t rules_loaded = 0;                    ///< source rules compiled and kept (correlations included)
  std::size_t correlations = 0;
  std::size_t rules_below_severity = 0;            ///< dropped by min_level
  bool rules_from_cache = false;                   ///< the compiled rules came from the rule cache
  std::vector<std::string> rule_cache_notes;       ///< what the rule cache did (LoadedRules::cache_notes)
  std::vector<detect::Unsupported> unsupported;    ///< rules that cannot run, with the reason
  std::vector<RuleSummary> per_rule;               ///< rules that alerted, most alerts first
  std::vector<FileOutcome> files;
  std::uint64_t events = 0;                        ///< events matched
  std::uint64_t events_outside_time = 0;           ///< skipped by since/until
  std::uint64_t alerts = 0;
  std::uint64_t correlation_groups_evicted = 0;
  std::uint64_t correlation_hits_dropped = 0;
};

/// The rule directories of the shipped packs: `content_dir`/detections (content_dir as find_content_dir
/// finds it when not given). Fails with kNotFound when there is none.
Result<std::filesystem::path> find_detection_packs(const std::optional<std::filesystem::path>& content_dir);

/// Load the request's rules (or the shipped packs) through the rule cache when the request enables it
/// (rule_cache.hpp) and drop the rules below min_level. Fails with kNotFound for a missing rules path and
/// kContent when no rule can run.
Result<detect::RuleSet> load_detection_rules(const DetectRequest& request, DetectReport& report);

/// Run the rules over the files. Unreadable files are recorded in report.files (the run goes on); fails
/// as load_detection_rules does.
Result<DetectReport> run_detect(const DetectRequest& request, const DetectAlertFn& on_alert,
                                const ProgressFn& progress = {});

/// Parse a --since/--until value: "2024-05-01", "2024-05-01T10:00:00Z", "...+02:00", "...-0500", or a
/// duration before `now`: "90s", "30m", "24h", "7d", "2w". Returns FILETIME ticks; kInvalidArgument when
/// the text is none of these.
Result<std::uint64_t> parse_time_bound(std::string_view text, std::chrono::system_clock::time_point now);

/// FILETIME ticks as "YYYY-MM-DDTHH:MM:SSZ"; empty for 0 (no time).
std::string format_ticks(std::uint64_t ticks);
/// The same, appended to `out` (no allocation once `out` has grown: the per-alert path).
void append_ticks(std::string& out, std::uint64_t ticks);

}  // namespace temper::app
