// SPDX-License-Identifier: Apache-2.0
// The learn use case: a server's activity (event files) into a usage profile (decision 0037).
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "app/events.hpp"
#include "core/error.hpp"
#include "learn/usage.hpp"

namespace temper::app {

/// How to read the activity.
struct CollectOptions {
  unsigned threads = 1;  ///< EVTX decoding threads
};

/// A profile and what reading each file found.
struct CollectResult {
  learn::UsageProfile profile;
  std::vector<FileOutcome> files;  ///< per file: kind, events, damage; `error` when it could not be used
  std::uint64_t events = 0;        ///< events read from all files
};

/// Read every input (a directory means the event files under it, as `temper events` reads them)
/// once, into one usage profile: EVTX decoded on `options.threads` threads, NDJSON and W3C line
/// by line; `progress` gets bytes done and the total. Damage inside a file costs only what it
/// destroyed (what was read before and after still counts, reported in the file's outcome); a
/// file that is not an event file or cannot be read is reported in its outcome and the rest are
/// still read. Never fails today; the Result is for errors of the run as a whole.
Result<CollectResult> collect_usage(const std::vector<std::filesystem::path>& inputs, const CollectOptions& options,
                                    const ProgressFn& progress = {});

}  // namespace temper::app
