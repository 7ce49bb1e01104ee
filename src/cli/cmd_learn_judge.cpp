// SPDX-License-Identifier: Apache-2.0
// `temper learn TARGET --events FILES... | --usage usage.json`: what would each fix break?
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/impact.hpp"
#include "cli/audit_options.hpp"
#include "cli/command.hpp"
#include "core/file.hpp"
#include "learn/policy.hpp"
#include "platform/terminal.hpp"
#include "report/impact_report.hpp"

namespace temper::cli {
namespace {
struct JudgeArgs {
  std::string target;
  std::vector<std::string> events;
  std::string usage;
  AuditOptions audit;
  double window = 30;
  Format format = Format::kText;
  bool verbose = false;
  std::string write_exceptions;
  std::string compare;
  std::string group;
};

// Writes the learned policy (all or nothing: a .partial file renamed into place).
int write_policy(const std::string& path, const std::function<std::string(const learn::PolicyOptions&)>& render) {
  learn::PolicyOptions policy;
  policy.now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  const std::string text = render(policy);
  if (auto written = write_file_streamed(path, [&](const FileSink& sink) { return sink(text); }); !written) {
    return report_error(written.error());
  }
  std::fprintf(stderr, "temper: learned policy written to %s\n", path.c_str());
  return kExitOk;
}

int run_group(const JudgeArgs& args, const app::LearnRequest& request, const app::CollectFn& collect) {
  auto members = app::run_group(request, args.group, collect);
  if (!members) return report_error(members.error());
  std::vector<report::ComparedPolicy> servers;
  std::vector<std::pair<std::string, const learn::ImpactReport*>> reports;
  bool any = false;
  for (const auto& m : *members) {
    for (const auto& note : m.outcome.notes) std::fprintf(stderr, "temper: %s: %s\n", m.name.c_str(), note.c_str());
    servers.push_back({m.name, &m.outcome.report});
    reports.emplace_back(m.name, &m.outcome.report);
    any = any || m.outcome.report.breaks + m.outcome.report.unknown > 0;
  }
  if (!args.write_exceptions.empty()) {
    if (const int rc = write_policy(args.write_exceptions, [&](const auto& o) { return learn::learned_group_policy_yaml(reports, o); });
        rc != kExitOk) {
      return rc;
    }
  }
  report::ImpactTextOptions options;
  options.color = platform::use_color(stdout);
  const std::string text = args.format == Format::kJson ? report::group_to_json(servers).dump(2) + "\n"
                                                        : report::group_to_text(servers, options);
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
    return report_error(Error{ErrorCode::kIo, "cannot write the report to standard output", 0, std::nullopt});
  }
  return any ? kExitFindings : kExitOk;
}

int run_comparison(const JudgeArgs& args, app::LearnRequest request, const app::CollectFn& collect) {
  auto specs = app::parse_compare_specs(args.compare);
  if (!specs) return report_error(specs.error());
  auto outcome = app::run_compare(request, *specs, collect);
  if (!outcome) return report_error(outcome.error());
  for (const auto& note : outcome->notes) std::fprintf(stderr, "temper: %s\n", note.c_str());
  std::vector<report::ComparedPolicy> policies;
  for (const auto& row : outcome->rows) {
    policies.push_back({row.spec.benchmark + (row.spec.level ? ":" + std::to_string(*row.spec.level) : std::string()), &row.report});
  }
  const std::string text = args.format == Format::kJson
                               ? report::comparison_to_json(policies, outcome->most_stringent).dump(2) + "\n"
                               : report::comparison_to_text(policies, outcome->most_stringent);
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
    return report_error(Error{ErrorCode::kIo, "cannot write the comparison to standard output", 0, std::nullopt});
  }
  return outcome->most_stringent ? kExitOk : kExitFindings;
}

int run(const JudgeArgs& args, const app::CollectFn& collect) {
  app::LearnRequest request;
  request.audit.input = args.target;
  if (const auto bad = args.audit.fill(request.audit)) return report_error(*bad);
  if (!args.usage.empty()) request.usage = args.usage;
  for (const auto& e : args.events) request.events.emplace_back(e);
  request.options.window_days = args.window;
  if (!args.group.empty()) {
    if (!args.target.empty() || !args.usage.empty() || !args.events.empty() || !args.compare.empty()) {
      return report_error(Error{ErrorCode::kInvalidArgument,
                                "--group reads each server's target and activity from its folder: drop TARGET, --usage, "
                                "--events and --compare",
                                0, std::nullopt});
    }
    return run_group(args, request, collect);
  }
  if (!args.compare.empty()) {
    if (!args.audit.benchmark.empty() || args.audit.level != 0 || !args.write_exceptions.empty()) {
      return report_error(Error{ErrorCode::kInvalidArgument,
                                "--compare names its own benchmarks and levels: drop --benchmark, --level and --write-exceptions",
                                0, std::nullopt});
    }
    return run_comparison(args, request, collect);
  }
  auto outcome = app::run_learn(request, collect);
  if (!outcome) return report_error(outcome.error());
  for (const auto& note : outcome->notes) std::fprintf(stderr, "temper: %s\n", note.c_str());
  const auto& report = outcome->report;
  if (!args.write_exceptions.empty()) {
    if (const int rc = write_policy(args.write_exceptions, [&](const auto& o) { return learn::learned_policy_yaml(report, o); });
        rc != kExitOk) {
      return rc;
    }
  }
  if (args.format == Format::kJson) {
    auto doc = report::impact_to_json(report);
    for (const auto& note : outcome->notes) doc["warnings"].push_back(note);
    const std::string text = doc.dump(2) + "\n";
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
      return report_error(Error{ErrorCode::kIo, "cannot write the report to standard output", 0, std::nullopt});
    }
  } else {
    report::ImpactTextOptions options;
    options.color = platform::use_color(stdout);
    options.verbose = args.verbose;
    std::fputs(report::impact_to_text(report, options).c_str(), stdout);
  }
  return report.breaks + report.unknown > 0 ? kExitFindings : kExitOk;
}
}  // namespace

void add_learn_judge(CLI::App& learn, Action& action, app::CollectFn collect) {
  auto args = std::make_shared<JudgeArgs>();
  learn.add_option("TARGET", args->target, "snapshot, bundle or GPO backup of the server whose fixes are judged");
  learn.add_option("--events", args->events, "the server's activity: EVTX, NDJSON or W3C files and folders");
  learn.add_option("--usage", args->usage, "a usage profile (temper learn collect -o usage.json) instead of --events");
  args->audit.add_to(learn);
  learn.add_option("--window", args->window, "days of evidence a safe verdict needs (default 30)");
  learn.add_option("--format,-f", args->format, "output format: text or json")
      ->transform(CLI::CheckedTransformer(std::map<std::string, Format>{{"text", Format::kText}, {"json", Format::kJson}},
                                          CLI::ignore_case));
  learn.add_option("--write-exceptions", args->write_exceptions,
                   "write the learned policy (adjustments and scoped exceptions) for each fix that breaks something");
  learn.add_option("--compare", args->compare,
                   "compare policies side by side: benchmark:level,... (e.g. cis-iis-10:1,cis-iis-10:2,iis-host:2)");
  learn.add_option("--group", args->group,
                   "learn a group of identical servers: a folder with one folder per server (snapshot.json or bundle/, "
                   "and usage.json or events/)");
  learn.add_flag("--verbose,-v", args->verbose, "also show the evidence sources of safe verdicts");
  learn.callback([args, &action, &learn, collect] {
    if (learn.get_subcommands().empty()) {
      action = [args, collect] {
        if (args->target.empty() && args->group.empty()) {
          return report_error(Error{ErrorCode::kInvalidArgument, "temper learn: give a TARGET (or use `temper learn collect`)", 0,
                                    std::nullopt});
        }
        return run(*args, collect);
      };
    }
  });
}

}  // namespace temper::cli
