// SPDX-License-Identifier: Apache-2.0
// name: evtx/decode; group: events
// description: EVTX decoding alone (direct field path; XML nodes + index), and decoding + JSON /
// XML rendering, on a corpus file held in memory (no I/O), reported as bytes/s and records/s.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "events/render.hpp"
#include "evtx/reader.hpp"

namespace {

const std::string& sample() {
  static const std::string data = [] {
    const auto p = std::filesystem::path(TEMPER_SHARED_DIR) / "corpora/evtx/evtx-rs-samples/security.evtx";
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }();
  return data;
}

// xml: build the XML nodes (as `events dump --format xml` does); else the direct field path.
template <typename Render>
void run(benchmark::State& state, bool xml, Render&& render) {
  const std::string& data = sample();
  if (data.empty()) {
    state.SkipWithError("corpus file missing");
    return;
  }
  std::string out;
  std::uint64_t records = 0;
  temper::evtx::ReadOptions options;
  options.xml = xml;
  for (auto _ : state) {
    auto stats = temper::evtx::read_evtx(std::as_bytes(std::span<const char>(data)), options,
                                         [&](const temper::events::Event& e) {
                                           out.clear();
                                           render(e, out);
                                           benchmark::DoNotOptimize(out.data());
                                           return true;
                                         });
    records += stats ? stats->records : 0;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
  state.counters["records/s"] = benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
}

void BM_EvtxDecodeFields(benchmark::State& state) {
  run(state, false, [](const temper::events::Event&, std::string&) {});
}
void BM_EvtxDecodeNodes(benchmark::State& state) {
  run(state, true, [](const temper::events::Event&, std::string&) {});
}
void BM_EvtxDecodeJson(benchmark::State& state) {
  run(state, false, [](const temper::events::Event& e, std::string& out) { temper::events::append_json(out, e); });
}
void BM_EvtxDecodeXml(benchmark::State& state) {
  run(state, true, [](const temper::events::Event& e, std::string& out) { temper::events::append_xml(out, e); });
}

}  // namespace

BENCHMARK(BM_EvtxDecodeFields)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EvtxDecodeNodes)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EvtxDecodeJson)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EvtxDecodeXml)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
