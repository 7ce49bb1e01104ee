// SPDX-License-Identifier: Apache-2.0
// `temper plan TARGET`: the change set that fixes what the audit fails, rendered for review or deployment.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "app/plan.hpp"
#include "cli/audit_options.hpp"
#include "cli/command.hpp"
#include "core/file.hpp"
#include "plan/render.hpp"
#include "platform/terminal.hpp"

namespace temper::cli {
namespace {
namespace fs = std::filesystem;

struct PlanArgs {
  std::string target;
  AuditOptions audit;
  std::vector<std::string> only;
  std::string usage;
  std::vector<std::string> events;
  std::string impact;
  double window = 30;
  std::string format = "text";
  std::string output;
};

Error io_error(std::string message) { return Error{ErrorCode::kIo, std::move(message), 0, std::nullopt}; }

// A GPO backup is a folder: written beside the target as "<dir>.partial" and renamed into place, so
// an interrupted run leaves no half-written backup. An existing folder must be empty.
Result<void> write_folder(const fs::path& dir, const std::vector<plan::RenderedFile>& files) {
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) return fail(ErrorCode::kInvalidArgument, path_string(dir) + " exists and is not a folder");
    if (!fs::is_empty(dir, ec)) {
      return fail(ErrorCode::kInvalidArgument, path_string(dir) + " exists and is not empty: a GPO backup needs an empty or new folder");
    }
  }
  fs::path partial = dir;
  partial += ".partial";
  fs::remove_all(partial, ec);
  fs::create_directories(partial, ec);
  if (ec) return fail(io_error("cannot create " + path_string(partial) + ": " + ec.message()));
  for (const auto& f : files) {
    const fs::path path = partial / fs::path(f.path);
    fs::create_directories(path.parent_path(), ec);
    if (ec) {
      fs::remove_all(partial, ec);
      return fail(io_error("cannot create " + path_string(path.parent_path()) + ": " + ec.message()));
    }
    if (auto w = write_file(path, f.bytes); !w) {
      fs::remove_all(partial, ec);
      return std::unexpected(w.error());
    }
  }
  if (fs::exists(dir, ec)) fs::remove(dir, ec);  // empty, checked above
  fs::rename(partial, dir, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove_all(partial, ec);
    return fail(io_error("cannot move the GPO backup into " + path_string(dir) + ": " + why));
  }
  return {};
}

int run(const PlanArgs& args) {
  const auto format = plan::parse_format(args.format);
  if (!format) {
    return report_error(Error{ErrorCode::kInvalidArgument, "--format: '" + args.format + "' is not json, text, powershell, inf or gpo",
                              0, std::nullopt});
  }
  if (*format == plan::Format::kGpo && args.output.empty()) {
    return report_error(Error{ErrorCode::kInvalidArgument, "--format gpo writes a folder: give it with -o DIR", 0, std::nullopt});
  }
  app::PlanRequest request;
  request.audit.input = args.target;
  if (const auto bad = args.audit.fill(request.audit)) return report_error(*bad);
  request.only = args.only;
  if (!args.usage.empty()) request.usage = args.usage;
  if (!args.impact.empty()) request.impact = args.impact;
  for (const auto& e : args.events) request.events.emplace_back(e);
  request.judge.window_days = args.window;
  // Refuse an unusable output before any work is done.
  if (*format == plan::Format::kGpo) {
    std::error_code ec;
    if (fs::exists(args.output, ec) && (!fs::is_directory(args.output, ec) || !fs::is_empty(args.output, ec))) {
      return report_error(Error{ErrorCode::kInvalidArgument,
                                args.output + " exists and is not an empty folder: a GPO backup needs an empty or new folder", 0,
                                std::nullopt});
    }
  }
  auto outcome = app::run_plan(request, collect_for_judging);
  if (!outcome) return report_error(outcome.error());
  for (const auto& note : outcome->notes) std::fprintf(stderr, "temper: %s\n", note.c_str());
  const auto& p = outcome->plan;
  for (const plan::Action* a : plan::not_expressible(p, *format)) {
    std::fprintf(stderr, "temper: %s (%s) is not in this format; see the PowerShell plan\n", a->id.c_str(),
                 a->rules.front().c_str());
  }
  const bool color = *format == plan::Format::kText && args.output.empty() && platform::use_color(stdout);
  const auto files = plan::render(p, *format, color);
  if (*format == plan::Format::kGpo) {
    if (auto w = write_folder(args.output, files); !w) return report_error(w.error());
    std::fprintf(stderr, "temper: GPO backup written to %s (%zu files)\n", args.output.c_str(), files.size());
  } else if (!args.output.empty()) {
    const std::string& bytes = files.front().bytes;
    if (auto w = write_file_streamed(args.output, [&](const FileSink& sink) { return sink(bytes); }); !w) {
      return report_error(w.error());
    }
    std::fprintf(stderr, "temper: %s plan written to %s\n", args.format.c_str(), args.output.c_str());
  } else {
    const std::string& bytes = files.front().bytes;
    if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size() || std::fflush(stdout) != 0) {
      return report_error(io_error("cannot write the plan to standard output"));
    }
  }
  return p.actions.empty() && p.omitted.empty() ? kExitOk : kExitFindings;
}
}  // namespace

void add_plan_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<PlanArgs>();
  CLI::App* cmd = app.add_subcommand("plan", "Plan the changes that fix what the audit fails: review, PowerShell, INF or GPO backup");
  cmd->add_option("TARGET", args->target, "snapshot, bundle or GPO backup of the server")->required();
  args->audit.add_to(*cmd);
  cmd->add_option("--only", args->only, "plan only these rules (ids, globs allowed)")->expected(1, -1);
  cmd->add_option("--usage", args->usage, "judge each change's risk against this usage profile (temper learn collect)");
  cmd->add_option("--events", args->events, "judge each change's risk against these event files and folders")->expected(1, -1);
  cmd->add_option("--impact", args->impact, "take each change's risk from this impact report (temper learn --format json)");
  cmd->add_option("--window", args->window, "days of evidence a safe verdict needs (default 30)");
  cmd->add_option("--format,-f", args->format, "json, text (default), powershell, inf or gpo");
  cmd->add_option("--output,-o", args->output, "file to write (a folder for gpo); default: standard output");
  cmd->callback([args, &action] { action = [args] { return run(*args); }; });
}

}  // namespace temper::cli
