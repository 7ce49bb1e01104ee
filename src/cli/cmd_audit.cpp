// SPDX-License-Identifier: Apache-2.0
// `temper audit PATH`: evaluate a snapshot against the content and print the verdicts.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "app/audit.hpp"
#include "cli/audit_options.hpp"
#include "cli/command.hpp"
#include "platform/terminal.hpp"
#include "report/audit_report.hpp"

namespace temper::cli {
namespace {
struct AuditArgs {
  std::string input;
  AuditOptions audit;
  Format format = Format::kText;
  bool verbose = false;
};

int run(const AuditArgs& args) {
  app::AuditRequest request;
  request.input = args.input;
  if (const auto bad = args.audit.fill(request)) return report_error(*bad);
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
  args->audit.add_to(*cmd);
  cmd->add_option("--format,-f", args->format, "output format: text or json")
      ->transform(CLI::CheckedTransformer(std::map<std::string, Format>{{"text", Format::kText}, {"json", Format::kJson}},
                                          CLI::ignore_case));
  cmd->add_flag("--verbose,-v", args->verbose, "show expected/actual/evidence for every result");
  cmd->callback([args, &action] { action = [args] { return run(*args); }; });
}

}  // namespace temper::cli
