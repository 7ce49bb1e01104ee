// SPDX-License-Identifier: Apache-2.0
// The learn use case: events -> usage profile in one pass over each file.
//
// EVTX chunks are decoded on worker threads, so the events of one file reach the builders
// concurrently. Each worker feeds one of `threads` builders (the first whose lock it gets, so it
// never waits while another is free) and the builders' profiles are merged at the end: the
// profile's merge is exact in any order, and no aggregate of event logs depends on the order of
// events. NDJSON and W3C lines arrive in file order on the calling thread and go to a builder of
// their own, which keeps the W3C peak-rate counts in line order.
#include "app/learn.hpp"

#include <algorithm>
#include <functional>
#include <mutex>
#include <thread>

#include "learn/builder.hpp"

namespace temper::app {
namespace {
struct Shard {
  std::mutex mutex;
  learn::ProfileBuilder builder;
};
}  // namespace

Result<CollectResult> collect_usage(const std::vector<std::filesystem::path>& inputs, const CollectOptions& options,
                                    const ProgressFn& progress) {
  EventsOptions events_options;
  events_options.threads = std::max(1u, options.threads);
  // shards[0]: NDJSON and W3C; then one per EVTX decoding thread.
  std::vector<Shard> shards(1 + events_options.threads);
  const std::size_t evtx_shards = events_options.threads;
  auto visit = [&](const events::Event& e) {
    if (e.source != events::SourceKind::kEvtx) {
      const std::lock_guard lock(shards[0].mutex);
      shards[0].builder.add(e);
      return;
    }
    std::size_t i = std::hash<std::thread::id>{}(std::this_thread::get_id()) % evtx_shards;
    while (!shards[1 + i].mutex.try_lock()) i = (i + 1) % evtx_shards;
    const std::lock_guard lock(shards[1 + i].mutex, std::adopt_lock);
    shards[1 + i].builder.add(e);
  };
  CollectResult result;
  TEMPER_ASSIGN_OR_RETURN(result.files, visit_events(inputs, events_options, visit, progress));
  for (Shard& shard : shards) result.profile.merge(shard.builder.take());
  for (const FileOutcome& f : result.files) result.events += f.events;
  return result;
}

}  // namespace temper::app
