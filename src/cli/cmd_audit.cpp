// SPDX-License-Identifier: Apache-2.0
// `temper audit PATH`: evaluate a snapshot against the content and print the verdicts.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "app/audit.hpp"
#include "cli/command.hpp"
#include "platform/terminal.hpp"
#include "report/audit_report.hpp"

namespace temper::cli {
namespace {
struct AuditArgs {
  std::string input;
  std::string benchmark;
  int level = 0;
  std::string exceptions;
  std::string content;
  Format format = Format::kText;
  bool verbose = false;
  std::string role;
  std::vector<std::string> features;
};

int run(const AuditArgs& args) {
  app::AuditRequest request;
  request.input = args.input;
  request.benchmark = args.benchmark;
  if (args.level != 0) request.level = args.level;
  if (!args.exceptions.empty()) request.exceptions = args.exceptions;
  if (!args.content.empty()) request.content_dir = args.content;
  if (!args.role.empty()) {
    request.assume_role = model::parse_role(args.role);
    if (!request.assume_role) {
      return report_error(Error{ErrorCode::kInvalidArgument,
                                "--role must be workstation, member_server or domain_controller", 0, std::nullopt});
    }
  }
  request.assume_features = args.features;
  auto outcome = app::run_audit(request);
  if (!outcome) return report_error(outcome.error());
  for (const auto& note : outcome->notes) std::fprintf(stderr, "temper: %s\n", note.c_str());
  auto& report = outcome->report;
  if (args.format == Format::kJson) {
    // What was printed on stderr is in the document too: a pipeline that keeps only stdout still
    // learns what was not collected.
    report.warnings.insert(report.warnings.begin(), outcome->notes.begin(), outcome->notes.end());
    if (!report::write_audit_json(report, stdout)) {
      return report_error(Error{ErrorCode::kIo, "cannot write the report to standard output", 0, std::nullopt});
    }
  } else {
    report::TextOptions options;
    options.color = platform::use_color(stdout);
    options.verbose = args.verbose;
    std::fputs(report::audit_to_text(report, options).c_str(), stdout);
  }
  return report.summary.fail + report.summary.error > 0 ? kExitFindings : kExitOk;
}
}  // namespace

void add_audit_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<AuditArgs>();
  CLI::App* cmd = app.add_subcommand("audit", "Evaluate a server snapshot against the benchmark content");
  cmd->add_option("PATH", args->input, "snapshot file (temper.snapshot/1 JSON) or a directory holding snapshot.json")
      ->required();
  cmd->add_option("--benchmark,-b", args->benchmark, "benchmark/profile id (default: every rule)");
  cmd->add_option("--level,-l", args->level, "profile level: 1 or 2 (level 2 includes level 1)")
      ->check(CLI::IsMember({1, 2}));
  cmd->add_option("--exceptions,-e", args->exceptions, "exceptions file (YAML): documented, expiring waivers");
  cmd->add_option("--content", args->content, "content directory (default: $TEMPER_CONTENT or the shipped content/)");
  cmd->add_option("--format,-f", args->format, "output format: text or json")
      ->transform(CLI::CheckedTransformer(std::map<std::string, Format>{{"text", Format::kText}, {"json", Format::kJson}},
                                          CLI::ignore_case));
  cmd->add_flag("--verbose,-v", args->verbose, "show expected/actual/evidence for every result");
  cmd->add_option("--role", args->role,
                  "judge the host as this role (workstation, member_server, domain_controller); for GPO backups");
  cmd->add_option("--feature", args->features, "take this Windows feature as installed (repeatable); for GPO backups");
  cmd->callback([args, &action] { action = [args] { return run(*args); }; });
}

}  // namespace temper::cli
