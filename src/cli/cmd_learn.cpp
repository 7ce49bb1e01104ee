// SPDX-License-Identifier: Apache-2.0
// `temper learn collect --events FILE... [-o usage.json]`: read a server's activity (EVTX,
// winlogbeat/ECS NDJSON, IIS W3C logs; a directory means the event files under it) once into a
// usage profile, temper.usage/1 (decision 0037). Exit codes: 0 ok (damage inside a file is
// reported on stderr and what was read still counts), 2 a file that is not an event file or
// cannot be read (the profile of the others is still written), 3 the profile cannot be written.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "app/learn.hpp"
#include "cli/command.hpp"
#include "cli/event_files.hpp"
#include "core/file.hpp"
#include "learn/usage_json.hpp"
#include "platform/terminal.hpp"

namespace temper::cli {
namespace {

struct CollectArgs {
  std::vector<std::string> events;
  std::string output;
  unsigned threads = 0;  // 0 = hardware concurrency
  bool no_progress = false;
};

std::size_t key_count(const learn::UsageProfile& p) {
  std::size_t n = p.logons.size() + p.failed_logons.size() + p.explicit_logons.size() + p.privileges.size() +
                  p.services.size() + p.smb1_clients.size() + p.ntlm.size() + p.tls.size();
  for (const auto& [log, site] : p.sites) {
    n += site.methods.size() + site.extensions.size() + site.statuses.size() + site.ports.size() + site.users.size();
  }
  return n;
}

// The one-line summary for a person at a terminal.
void print_summary(const app::CollectResult& r, const std::string& output) {
  if (!platform::is_terminal(stderr)) return;
  const auto unread = std::count_if(r.files.begin(), r.files.end(), [](const app::FileOutcome& f) { return !f.error.empty(); });
  const auto plural = [](std::size_t n, const char* what) { return std::to_string(n) + " " + what + (n == 1 ? "" : "s"); };
  std::fprintf(stderr, "temper: learned from %s in %s%s: %s, %s, %s -> %s\n", plural(r.events, "event").c_str(),
               plural(r.files.size(), "file").c_str(), unread == 0 ? "" : (" (" + std::to_string(unread) + " not read)").c_str(),
               plural(r.profile.sources.size(), "source").c_str(), plural(key_count(r.profile), "key").c_str(),
               plural(r.profile.sites.size(), "IIS site").c_str(), output.c_str());
}

int run_collect(const CollectArgs& args) {
  std::vector<std::filesystem::path> inputs(args.events.begin(), args.events.end());
  app::CollectOptions options;
  options.threads = args.threads != 0 ? args.threads : std::max(1u, std::thread::hardware_concurrency());
  Result<app::CollectResult> result;
  {
    ProgressBar bar(!args.no_progress);
    result = app::collect_usage(inputs, options, [&](std::uint64_t done, std::uint64_t total) { bar.update(done, total); });
  }
  if (!result) return report_error(result.error());
  const std::string text = learn::write_usage(result->profile);
  const bool to_stdout = args.output.empty() || args.output == "-";
  if (to_stdout) {
    if (!platform::write_all(stdout, text) || std::fflush(stdout) != 0) {
      return report_error(Error{ErrorCode::kIo, "cannot write the usage profile to standard output", 0, std::nullopt});
    }
  } else if (auto written = write_file_streamed(args.output, [&](const FileSink& sink) { return sink(text); }); !written) {
    return report_error(written.error());
  }
  const int rc = report_outcomes(result->files, true, " (the events read from it are in the profile)");
  print_summary(*result, to_stdout ? "standard output" : args.output);
  return rc;
}

void add_collect_command(CLI::App& learn, Action& action) {
  auto args = std::make_shared<CollectArgs>();
  CLI::App* cmd = learn.add_subcommand("collect", "Read a server's activity once into a usage profile (temper.usage/1)");
  cmd->add_option("--events,-e", args->events,
                  "event files: .evtx, winlogbeat/Elastic NDJSON, IIS W3C logs; a directory means the event files under it")
      ->required()
      ->expected(1, -1);
  cmd->add_option("--output,-o", args->output, "usage profile to write (default: standard output)");
  cmd->add_option("--threads,-j", args->threads, "EVTX decoding threads (default: all cores)");
  cmd->add_flag("--no-progress", args->no_progress, "no progress bar on the terminal");
  cmd->callback([args, &action] { action = [args] { return run_collect(*args); }; });
}

}  // namespace

// --events of `temper learn TARGET` and `temper plan`: the same one pass as `learn collect`. Damage inside a file is
// reported and what was read counts; a file that is not an event file stops the run (exit 2).
Result<learn::UsageProfile> collect_for_judging(const std::vector<std::filesystem::path>& inputs, std::vector<std::string>& notes) {
  app::CollectOptions options;
  options.threads = std::max(1u, std::thread::hardware_concurrency());
  Result<app::CollectResult> result;
  {
    ProgressBar bar(true);
    result = app::collect_usage(inputs, options, [&](std::uint64_t done, std::uint64_t total) { bar.update(done, total); });
  }
  if (!result) return std::unexpected(result.error());
  for (const auto& f : result->files) {
    if (!f.error.empty()) {
      return fail(ErrorCode::kInvalidArgument, f.error, SourceLocation(f.path));
    }
  }
  if (report_outcomes(result->files, true, " (the events read from it count)") != kExitOk) {
    return fail(ErrorCode::kInvalidArgument, "an event file could not be used");
  }
  (void)notes;
  return std::move(result->profile);
}

void add_learn_command(CLI::App& app, Action& action) {
  CLI::App* learn = app.add_subcommand("learn", "Learn from a server's activity what hardening would break");
  learn->require_subcommand(0, 1);
  add_collect_command(*learn, action);
  add_learn_judge(*learn, action, collect_for_judging);
}

}  // namespace temper::cli
