// SPDX-License-Identifier: Apache-2.0
// `temper detect FILES... [--rules DIR|FILE...] [--min-severity L] [--since T] [--until T]
// [--format text|jsonl|json] [-o FILE] [--verbose] [--no-cache]` and `temper detect rules`: argument
// parsing and output only; app/detect.hpp runs the Sigma and Elastic EQL rules (docs/detect.md).
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#ifdef TEMPER_HAVE_MIMALLOC
#include <mimalloc.h>
#include <sys/mman.h>

#include <cstdint>
#endif

#include "app/detect.hpp"
#include "app/detect_output.hpp"
#include "cli/command.hpp"
#include "cli/event_files.hpp"
#include "platform/terminal.hpp"

namespace temper::cli {
namespace {

// A compiled rule set is tens of thousands of small objects, written once when it loads: with 4 KiB pages,
// the kernel faulting them in is most of loading it from the rule cache (about 5,800 faults for SigmaHQ's
// rules, 0.11 s; with transparent huge pages about 800 faults, 0.05 s). mimalloc asks for huge pages only
// when told to before the process starts (MIMALLOC_LARGE_OS_PAGES), and by then it has mapped the segment
// these objects go to. So: advise the main thread's current mimalloc segment (segments are aligned to
// their size) and let later segments be advised by mimalloc itself. Where the kernel has transparent huge
// pages off, or the range is not what we think, madvise fails or changes nothing and pages stay 4 KiB;
// the price where it works is memory taken 2 MiB at a time (36.7 -> 44.7 MiB peak for SigmaHQ's rules).
// Decision 0042.
void prefer_huge_pages() {
#if defined(TEMPER_HAVE_MIMALLOC) && defined(MADV_HUGEPAGE)
#if MI_MALLOC_VERSION >= 200
  constexpr std::uintptr_t kSegment = std::uintptr_t{32} << 20;  // MI_SEGMENT_SIZE, mimalloc 2.x
#else
  constexpr std::uintptr_t kSegment = std::uintptr_t{4} << 20;  // mimalloc 1.x
#endif
  const auto probe = std::make_unique<char[]>(64);  // a small block: in the current segment
  const auto base = reinterpret_cast<std::uintptr_t>(probe.get()) & ~(kSegment - 1);
  (void)::madvise(reinterpret_cast<void*>(base), kSegment, MADV_HUGEPAGE);
  mi_option_enable(mi_option_large_os_pages);
#endif
}

struct DetectArgs {
  std::vector<std::filesystem::path> rules;
  std::vector<std::filesystem::path> files;
  std::string format = "text";
  std::string min_severity = "informational";
  std::string since;
  std::string until;
  std::string output;
  bool verbose = false;
  bool no_progress = false;
  bool no_cache = false;
};

// What the rule cache did, on standard error with --verbose only.
void print_cache_notes(const DetectArgs& o, const std::vector<std::string>& notes) {
  if (!o.verbose) return;
  for (const auto& n : notes) std::fprintf(stderr, "temper: %s\n", n.c_str());
}

int run_rules(const DetectArgs& o) {
  prefer_huge_pages();
  auto loaded = app::load_rules_cached(o.rules, detect::Level::kInformational, app::RuleCacheOptions{!o.no_cache, {}});
  if (!loaded) return report_error(loaded.error());
  print_cache_notes(o, loaded->cache_notes);
  const detect::RuleSet* set = &loaded->set;
  std::map<std::string, std::vector<const detect::Unsupported*>> by_reason;
  for (const auto& u : set->unsupported()) by_reason[u.reason].push_back(&u);
  const std::size_t total = set->compiled_sources() + set->unsupported().size();
  if (o.format == "json") {
    const auto& c = set->counts();
    nlohmann::json j{{"schema", "temper.detect-rules/1"}, {"files", total}, {"compiled", set->compiled_sources()},
                     {"compiled_scopes", set->rules().size()}, {"unsupported", nlohmann::json::array()},
                     {"languages", {{"sigma", {{"compiled", c.sigma_compiled}, {"total", c.sigma_total}}},
                                    {"eql", {{"compiled", c.eql_compiled}, {"total", c.eql_total},
                                             {"sequences_compiled", c.sequence_compiled},
                                             {"sequences_total", c.sequence_total}}},
                                    {"elastic_not_eql", c.elastic_other}}}};
    for (const auto& [reason, list] : by_reason) {
      nlohmann::json files = nlohmann::json::array();
      for (const auto* u : list) files.push_back({{"file", u->file}, {"title", u->title}});
      j["unsupported"].push_back({{"reason", reason}, {"count", list.size()}, {"rules", files}});
    }
    std::printf("%s\n", j.dump(2).c_str());
    return kExitOk;
  }
  std::printf("%zu of %zu rules compiled (%zu event scopes); %zu unsupported\n", set->compiled_sources(), total,
              set->rules().size(), set->unsupported().size());
  const auto& c = set->counts();
  std::printf("  Sigma %zu/%zu; EQL %zu/%zu (sequences %zu/%zu); Elastic rules not in EQL: %zu\n", c.sigma_compiled,
              c.sigma_total, c.eql_compiled, c.eql_total, c.sequence_compiled, c.sequence_total, c.elastic_other);
  for (const auto& [reason, list] : by_reason) {
    std::printf("\n%zu  %s\n", list.size(), reason.c_str());
    for (const auto* u : list) std::printf("     %s%s%s\n", u->file.c_str(), u->title.empty() ? "" : "  ", u->title.c_str());
  }
  return kExitOk;
}

std::optional<detect::Level> level_of(const std::string& name) {
  for (const auto l : {detect::Level::kInformational, detect::Level::kLow, detect::Level::kMedium, detect::Level::kHigh,
                       detect::Level::kCritical}) {
    if (detect::level_name(l) == name) return l;
  }
  return std::nullopt;
}

// --since/--until: a bad value is a usage error naming the option.
bool time_bound(const std::string& option, const std::string& text, std::optional<std::uint64_t>& out) {
  if (text.empty()) return true;
  auto t = app::parse_time_bound(text, std::chrono::system_clock::now());
  if (!t) {
    std::fprintf(stderr, "temper: error: %s: %s\n", option.c_str(), t.error().message.c_str());
    return false;
  }
  out = *t;
  return true;
}

int run_detect(const DetectArgs& o) {
  if (o.files.empty()) {
    std::fprintf(stderr, "temper: error: detect needs at least one event file or directory\n");
    return kExitUsage;
  }
  prefer_huge_pages();
  app::DetectRequest request;
  request.files = o.files;
  request.rules = o.rules;
  request.min_level = level_of(o.min_severity).value_or(detect::Level::kInformational);
  request.rule_cache.enabled = !o.no_cache;
  if (!time_bound("--since", o.since, request.since) || !time_bound("--until", o.until, request.until)) return kExitUsage;
  if (request.since && request.until && *request.since > *request.until) {
    std::fprintf(stderr, "temper: error: --since is after --until\n");
    return kExitUsage;
  }
  std::FILE* out = stdout;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(nullptr, &std::fclose);
  if (!o.output.empty()) {
    file.reset(std::fopen(o.output.c_str(), "wb"));
    if (!file) return report_error(Error{ErrorCode::kIo, "cannot write " + o.output, 0, std::nullopt});
    out = file.get();
  }
  const app::DetectTextStyle style{o.output.empty() && platform::use_color(stdout), 3};
  bool first = true;
  std::string line;  // one buffer for every alert: the JSON formats write thousands of them
  app::AlertJsonWriter json;
  auto on_alert = [&](const app::DetectAlert& a) {
    if (o.format == "text") {
      std::fputs(app::alert_to_text(a, style).c_str(), out);
    } else {
      line.clear();
      if (o.format == "json") line += first ? "{\"schema\":\"temper.detect/1\",\"alerts\":[\n" : ",\n";
      json.append(line, a);
      if (o.format == "jsonl") line.push_back('\n');
      std::fwrite(line.data(), 1, line.size(), out);
    }
    first = false;
  };
  ProgressBar bar(!o.no_progress);
  auto report = app::run_detect(request, on_alert, [&](std::uint64_t done, std::uint64_t total) { bar.update(done, total); });
  if (!report) {
    if (file) {  // nothing ran: leave no empty output file behind
      file.reset();
      std::error_code ec;
      std::filesystem::remove(o.output, ec);
    }
    return report_error(report.error());
  }
  print_cache_notes(o, report->rule_cache_notes);
  if (o.format == "text") {
    std::fputs(app::summary_to_text(*report, o.verbose).c_str(), out);
  } else if (o.format == "jsonl") {
    std::fprintf(out, "%s\n", app::summary_to_json(*report, o.verbose).c_str());
  } else {
    std::fprintf(out, "%s],\"summary\":%s}\n", first ? "{\"schema\":\"temper.detect/1\",\"alerts\":[" : "\n",
                 app::summary_to_json(*report, true).c_str());
  }
  if (std::fflush(out) != 0 || std::ferror(out) != 0) {
    return report_error(Error{ErrorCode::kIo, "cannot write the output", 0, std::nullopt});
  }
  const int files = report_outcomes(report->files);
  if (files != kExitOk) return files;
  return report->alerts == 0 ? kExitOk : kExitFindings;
}

}  // namespace

void add_detect_command(CLI::App& app, Action& action) {
  auto opts = std::make_shared<DetectArgs>();
  auto* detect = app.add_subcommand("detect", "Run Sigma and Elastic EQL rules over EVTX, NDJSON and IIS W3C event files (docs/detect.md)");
  detect->add_option("files", opts->files, "event files or directories");
  // One path per --rules (repeat it for more), so that the event files can follow it.
  detect->add_option("--rules", opts->rules, "a rule file or directory, repeatable (default: the shipped packs, content/detections)")
      ->allow_extra_args(false);
  detect->add_option("--min-severity", opts->min_severity, "drop rules below: informational, low, medium, high, critical")
      ->check(CLI::IsMember({"informational", "low", "medium", "high", "critical"}));
  detect->add_option("--since", opts->since, "skip events before: 2024-05-01, 2024-05-01T10:00:00Z, +02:00, or 24h, 7d ago");
  detect->add_option("--until", opts->until, "skip events after (same forms as --since)");
  detect->add_option("--format", opts->format, "text, jsonl or json")->check(CLI::IsMember({"text", "jsonl", "json"}));
  detect->add_option("-o,--output", opts->output, "write alerts and the summary to FILE instead of standard output");
  detect->add_flag("-v,--verbose", opts->verbose, "list the rules that cannot run, with the reason");
  detect->add_flag("--no-progress", opts->no_progress, "no progress bar (it shows only on a terminal anyway)");
  detect->add_flag("--no-cache", opts->no_cache, "compile the rules, neither reading nor writing the compiled-rule cache");
  auto* rules = detect->add_subcommand("rules", "Count the rules that compile and list the others by reason");
  rules->add_option("--rules", opts->rules, "Sigma rule files or directories")->required();
  rules->add_option("--format", opts->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  rules->add_flag("-v,--verbose", opts->verbose, "say what the compiled-rule cache did");
  rules->add_flag("--no-cache", opts->no_cache, "compile the rules, neither reading nor writing the compiled-rule cache");
  detect->callback([opts, rules, &action] {
    if (rules->parsed()) {
      action = [opts] { return run_rules(*opts); };
    } else {
      action = [opts] { return run_detect(*opts); };
    }
  });
}

}  // namespace temper::cli
