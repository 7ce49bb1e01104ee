// SPDX-License-Identifier: Apache-2.0
// name: audit/evaluate; group: audit
// description: the audit engine alone (no I/O): the example server examples/web01, imported once,
// judged against every rule up to level 2 with the content compiled once; then a fleet of 1,000
// snapshots (variants of it) audited in one process, reported as audits/s.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "app/audit.hpp"
#include "app/import.hpp"
#include "engine/evaluator.hpp"

namespace {

constexpr int kFleet = 1000;

// Content and the example snapshot, loaded once for the whole binary. `error` is set when either
// cannot be loaded, and every benchmark then reports it instead of running.
struct Fixture {
  temper::content::LoadResult content;
  std::vector<const temper::model::Rule*> rules;
  temper::model::Snapshot snapshot;
  std::string error;
};

const Fixture& fixture() {
  static const Fixture f = [] {
    Fixture out;
    const std::filesystem::path source(TEMPER_SOURCE_DIR);
    auto content = temper::app::load_content(source / "content");
    if (!content) {
      out.error = "content: " + content.error().to_string();
      return out;
    }
    out.content = std::move(*content);
    auto rules = out.content.content.select("", 2);
    if (!rules) {
      out.error = "select: " + rules.error().to_string();
      return out;
    }
    out.rules = std::move(*rules);
    auto imported = temper::app::import_directory(source / "examples" / "web01");
    if (!imported) {
      out.error = "import: " + imported.error().to_string();
      return out;
    }
    out.snapshot = std::move(imported->snapshot);
    return out;
  }();
  return f;
}

// The fleet: copies of the example that differ in host name and in a few settings, so that no two
// audits see the same facts.
std::vector<temper::model::Snapshot> make_fleet(const temper::model::Snapshot& base) {
  std::vector<temper::model::Snapshot> fleet;
  fleet.reserve(kFleet);
  for (int i = 0; i < kFleet; ++i) {
    temper::model::Snapshot s = base;
    char name[16];
    std::snprintf(name, sizeof name, "WEB%04d", i);
    s.host.name = name;
    if (s.security_options) {
      const long long length = i % 20;
      (*s.security_options)["MinimumPasswordLength"] = {length, std::to_string(length)};
      (*s.security_options)["LockoutBadCount"] = {i % 11, std::to_string(i % 11)};
    }
    if (s.iis && !s.iis->app_pools.empty() && i % 3 == 0) s.iis->app_pools.front().identity_type = "LocalSystem";
    fleet.push_back(std::move(s));
  }
  return fleet;
}

// (a) One snapshot, every rule up to level 2: time per audit.
void BM_AuditOneSnapshot(benchmark::State& state) {
  const Fixture& f = fixture();
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  std::size_t findings = 0;
  for (auto _ : state) {
    const auto report = temper::engine::evaluate(f.rules, f.snapshot);
    findings = report.findings.size();
    benchmark::DoNotOptimize(report.findings.data());
  }
  state.counters["rules"] = static_cast<double>(f.rules.size());
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["audits/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AuditOneSnapshot)->Unit(benchmark::kMicrosecond);

// (b) 1,000 snapshots audited one after the other with the same compiled content.
void BM_AuditFleet(benchmark::State& state) {
  const Fixture& f = fixture();
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  const auto fleet = make_fleet(f.snapshot);
  std::size_t findings = 0;
  for (auto _ : state) {
    findings = 0;
    for (const auto& s : fleet) {
      const auto report = temper::engine::evaluate(f.rules, s);
      findings += report.findings.size();
      benchmark::DoNotOptimize(report.findings.data());
    }
  }
  state.counters["snapshots"] = kFleet;
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["audits/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * kFleet, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AuditFleet)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// For scale: compiling the content (what (b) does once, not per snapshot).
void BM_CompileContent(benchmark::State& state) {
  const std::filesystem::path dir = std::filesystem::path(TEMPER_SOURCE_DIR) / "content";
  std::size_t rules = 0;
  for (auto _ : state) {
    auto content = temper::app::load_content(dir);
    if (!content) {
      state.SkipWithError(content.error().to_string().c_str());
      return;
    }
    rules = content->content.rules().size();
  }
  state.counters["rules"] = static_cast<double>(rules);
}
BENCHMARK(BM_CompileContent)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
