// SPDX-License-Identifier: Apache-2.0
// `temper events dump|stats FILE...`: read EVTX, NDJSON (ECS) and IIS W3C logs into one event
// model; dump them as JSON lines or XML, or count them. Exit codes: 0 ok (damage inside a file
// is reported on stderr, not an error), 2 bad filter or a file that cannot be used, 3 I/O.
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "app/events.hpp"
#include "cli/command.hpp"
#include "cli/event_files.hpp"
#include "platform/terminal.hpp"

namespace temper::cli {
namespace {

struct EventsArgs {
  std::vector<std::string> files;
  std::string format = "jsonl";
  std::string xml_style = "windows";
  std::string filter;
  unsigned threads = 0;  // 0 = hardware concurrency
  bool recover = false;
  bool no_progress = false;
};

app::EventsOptions options_from(const EventsArgs& a) {
  app::EventsOptions o;
  o.filter = a.filter;
  o.recover = a.recover;
  o.threads = a.threads != 0 ? a.threads : std::max(1u, std::thread::hardware_concurrency());
  if (a.format == "xml") o.format = a.xml_style == "evtxexport" ? app::DumpFormat::kXmlEvtxexport : app::DumpFormat::kXml;
  return o;
}

std::vector<std::filesystem::path> paths_of(const EventsArgs& a) {
  std::vector<std::filesystem::path> out;
  for (const auto& f : a.files) out.emplace_back(f);
  return out;
}

int run_dump(const EventsArgs& args) {
  static char buffer[1 << 20];
  std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
  ProgressBar bar(!args.no_progress);
  bool write_failed = false;
  auto out = [&](std::string_view text) {
    // A chunk's output (tens of KiB) goes straight to the descriptor; small pieces are buffered.
    const bool ok = text.size() >= 16384 ? platform::write_all(stdout, text)
                                         : std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
    if (!ok) write_failed = true;
    return !write_failed;
  };
  auto result = app::dump_events(paths_of(args), options_from(args), out,
                                 [&](std::uint64_t done, std::uint64_t total) { bar.update(done, total); });
  std::fflush(stdout);
  if (!result) return report_error(result.error());
  if (write_failed) return report_error(Error{ErrorCode::kIo, "cannot write to standard output", 0, std::nullopt});
  return report_outcomes(*result);
}

int run_stats(const EventsArgs& args) {
  ProgressBar bar(!args.no_progress);
  auto result = app::event_statistics(paths_of(args), options_from(args),
                                      [&](std::uint64_t done, std::uint64_t total) { bar.update(done, total); });
  if (!result) return report_error(result.error());
  const std::string text = args.format == "json" ? app::statistics_to_json(*result) : app::statistics_to_text(*result);
  std::fputs(text.c_str(), stdout);
  return report_outcomes(result->files, false);
}

void common_options(CLI::App* cmd, EventsArgs& args) {
  cmd->add_option("FILE", args.files,
                  "event files: .evtx, winlogbeat/Elastic NDJSON, IIS W3C logs; a directory means the event files under it")
      ->required();
  cmd->add_option("--filter", args.filter, "filter, e.g. 'channel=Security and id in (4624,4625)'");
  cmd->add_option("--threads,-j", args.threads, "EVTX decoding threads (default: all cores)");
  cmd->add_flag("--recover", args.recover, "also recover EVTX records from chunk slack space");
  cmd->add_flag("--no-progress", args.no_progress, "no progress bar on the terminal");
}

}  // namespace

void add_events_command(CLI::App& app, Action& action) {
  CLI::App* events = app.add_subcommand("events", "Read Windows event logs (EVTX), NDJSON (ECS) and IIS W3C logs");
  events->require_subcommand(1);

  auto dump = std::make_shared<EventsArgs>();
  CLI::App* d = events->add_subcommand("dump", "Write every event as a temper.event/1 JSON line or as XML");
  common_options(d, *dump);
  d->add_option("--format,-f", dump->format, "jsonl (default) or xml")->check(CLI::IsMember({"jsonl", "xml"}));
  d->add_option("--xml-style", dump->xml_style, "windows (default) or evtxexport (escaping as evtxexport does)")
      ->check(CLI::IsMember({"windows", "evtxexport"}));
  d->callback([dump, &action] { action = [dump] { return run_dump(*dump); }; });

  auto stats = std::make_shared<EventsArgs>();
  stats->format = "text";
  CLI::App* s = events->add_subcommand("stats", "Count events per channel, provider and id; time range; damage");
  common_options(s, *stats);
  s->add_option("--format,-f", stats->format, "text (default) or json")->check(CLI::IsMember({"text", "json"}));
  s->callback([stats, &action] { action = [stats] { return run_stats(*stats); }; });
}

}  // namespace temper::cli
