// SPDX-License-Identifier: Apache-2.0
// The events use case: stream event files (EVTX, NDJSON, IIS W3C) into dumps and statistics.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "evtx/reader.hpp"

namespace temper::app {

/// What kind of file an input is (by content, then by extension).
enum class EventFileKind : std::uint8_t { kEvtx, kNdjson, kW3c, kUnknown };

/// Sniff a file: "ElfFile"/"ElfChnk" -> EVTX; "#Software:"/"#Version:"/"#Fields:" -> W3C;
/// a first non-blank byte '{' -> NDJSON; else by extension. Fails with kNotFound/kIo.
Result<EventFileKind> detect_event_file(const std::filesystem::path& path);

/// The inputs with every directory replaced by the event files under it (recursively; .evtx,
/// .ndjson, .jsonl, .json and .log, any case), sorted by path; files and missing paths are kept
/// as given, so they are reported where they are read.
std::vector<std::filesystem::path> expand_event_inputs(const std::vector<std::filesystem::path>& inputs);

/// Output format of `events dump`.
enum class DumpFormat : std::uint8_t {
  kJsonl,           ///< one temper.event/1 JSON object per line
  kXml,             ///< Windows-style XML, well-formed escaping
  kXmlEvtxexport,   ///< XML escaped exactly like evtxexport (for peer comparison)
};

/// Options shared by dump and stats.
struct EventsOptions {
  DumpFormat format = DumpFormat::kJsonl;
  std::string filter;    ///< events::Filter expression; empty = all
  unsigned threads = 1;  ///< EVTX decoding threads
  bool recover = false;  ///< EVTX slack recovery
};

/// Progress of a run: bytes of input done and the total.
using ProgressFn = std::function<void(std::uint64_t done, std::uint64_t total)>;
/// Receives output text in order; false stops the run.
using OutputFn = std::function<bool(std::string_view)>;

/// Per-file outcome.
struct FileOutcome {
  std::string path;
  EventFileKind kind = EventFileKind::kUnknown;
  std::uint64_t events = 0;   ///< events read (before the filter)
  std::uint64_t matched = 0;  ///< events that passed the filter
  evtx::ReadStats evtx;       ///< EVTX details (chunks, damage, recovery, diagnostics)
  std::uint64_t bad_lines = 0;  ///< NDJSON/W3C lines that could not be used
  /// What was wrong inside the file, each naming where: "offset 0x1000 (chunk 0): ..." for EVTX,
  /// "line 4: ..." for text logs; the first ones only (diagnostics_dropped counts the rest).
  std::vector<std::string> diagnostics;
  std::uint64_t diagnostics_dropped = 0;
  /// How many problems a report that shows the first `shown` diagnostics leaves out.
  [[nodiscard]] std::uint64_t problems_after(std::size_t shown) const {
    return diagnostics_dropped + (diagnostics.size() > shown ? diagnostics.size() - shown : 0);
  }
  std::string error;          ///< non-empty when the file could not be read at all
};

/// Aggregate statistics (`events stats`), over events that pass the filter.
struct EventStatistics {
  std::vector<FileOutcome> files;
  std::map<std::string, std::uint64_t> per_channel;
  std::map<std::string, std::uint64_t> per_provider;
  std::map<std::uint32_t, std::uint64_t> per_event_id;
  std::uint64_t events = 0;
  std::uint64_t first_time = 0;  ///< FILETIME ticks; 0 when no event had a time
  std::uint64_t last_time = 0;
};

/// Stream every file and write each matching event in `options.format`. Files that cannot be
/// read are recorded in the outcome (the run goes on); fails only with kInvalidArgument for a
/// bad filter.
Result<std::vector<FileOutcome>> dump_events(const std::vector<std::filesystem::path>& files,
                                             const EventsOptions& options, const OutputFn& out,
                                             const ProgressFn& progress = {});

/// Count events per channel/provider/event id, time range, damage and recovery. Fails only with
/// kInvalidArgument for a bad filter.
Result<EventStatistics> event_statistics(const std::vector<std::filesystem::path>& files, const EventsOptions& options,
                                         const ProgressFn& progress = {});

/// Receives each event of a visit_events() run; for EVTX files it runs on the decoding threads,
/// so it must be thread-safe, and sees a file's events in no particular order.
using EventVisitor = std::function<void(const events::Event&)>;

/// Stream every file (one pass each, EVTX decoded on `options.threads` threads) and hand each
/// event that passes the filter to `visit`. Files that cannot be read are recorded in the outcome
/// (the run goes on); fails only with kInvalidArgument for a bad filter.
Result<std::vector<FileOutcome>> visit_events(const std::vector<std::filesystem::path>& files, const EventsOptions& options,
                                              const EventVisitor& visit, const ProgressFn& progress = {});

/// Human-readable statistics.
std::string statistics_to_text(const EventStatistics& stats);
/// Statistics as JSON (schema "temper.event-stats/1").
std::string statistics_to_json(const EventStatistics& stats);

}  // namespace temper::app
