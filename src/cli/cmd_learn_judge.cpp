// SPDX-License-Identifier: Apache-2.0
// `temper learn TARGET --events FILES... | --usage usage.json`: what would each fix break?
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "app/impact.hpp"
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
  std::string benchmark;
  int level = 0;
  std::string exceptions;
  std::string content;
  double window = 30;
  Format format = Format::kText;
  bool verbose = false;
  std::string role;
  std::vector<std::string> features;
  std::string write_exceptions;
};

int run(const JudgeArgs& args, const app::CollectFn& collect) {
  app::LearnRequest request;
  request.audit.input = args.target;
  request.audit.benchmark = args.benchmark;
  if (args.level != 0) request.audit.level = args.level;
  if (!args.exceptions.empty()) request.audit.exceptions = args.exceptions;
  if (!args.content.empty()) request.audit.content_dir = args.content;
  if (!args.role.empty()) {
    request.audit.assume_role = model::parse_role(args.role);
    if (!request.audit.assume_role) {
      return report_error(Error{ErrorCode::kInvalidArgument,
                                "--role must be workstation, member_server or domain_controller", 0, std::nullopt});
    }
  }
  request.audit.assume_features = args.features;
  if (!args.usage.empty()) request.usage = args.usage;
  for (const auto& e : args.events) request.events.emplace_back(e);
  request.options.window_days = args.window;
  auto outcome = app::run_learn(request, collect);
  if (!outcome) return report_error(outcome.error());
  for (const auto& note : outcome->notes) std::fprintf(stderr, "temper: %s\n", note.c_str());
  const auto& report = outcome->report;
  if (!args.write_exceptions.empty()) {
    learn::PolicyOptions policy;
    policy.now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    const std::string text = learn::learned_policy_yaml(report, policy);
    if (auto written = write_file_streamed(args.write_exceptions, [&](const FileSink& sink) { return sink(text); }); !written) {
      return report_error(written.error());
    }
    std::fprintf(stderr, "temper: learned policy written to %s\n", args.write_exceptions.c_str());
  }
  if (args.format == Format::kJson) {
    auto doc = report::impact_to_json(report);
    doc["warnings"] = outcome->notes;
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
  learn.add_option("--benchmark,-b", args->benchmark, "benchmark/profile id (default: every rule)");
  learn.add_option("--level,-l", args->level, "profile level: 1 or 2")->check(CLI::IsMember({1, 2}));
  learn.add_option("--exceptions,-e", args->exceptions, "exceptions and adjustments file (YAML)");
  learn.add_option("--content", args->content, "content directory (default: $TEMPER_CONTENT or the shipped content/)");
  learn.add_option("--window", args->window, "days of evidence a safe verdict needs (default 30)");
  learn.add_option("--format,-f", args->format, "output format: text or json")
      ->transform(CLI::CheckedTransformer(std::map<std::string, Format>{{"text", Format::kText}, {"json", Format::kJson}},
                                          CLI::ignore_case));
  learn.add_option("--write-exceptions", args->write_exceptions,
                   "write the learned policy (adjustments and scoped exceptions) for each fix that breaks something");
  learn.add_flag("--verbose,-v", args->verbose, "also show the evidence sources of safe verdicts");
  learn.add_option("--role", args->role, "judge the host as this role (for GPO backups)");
  learn.add_option("--feature", args->features, "take this Windows feature as installed (repeatable)");
  learn.callback([args, &action, &learn, collect] {
    if (learn.get_subcommands().empty()) {
      action = [args, collect] {
        if (args->target.empty()) {
          return report_error(Error{ErrorCode::kInvalidArgument, "temper learn: give a TARGET (or use `temper learn collect`)", 0,
                                    std::nullopt});
        }
        return run(*args, collect);
      };
    }
  });
}

}  // namespace temper::cli
