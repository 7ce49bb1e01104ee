// SPDX-License-Identifier: Apache-2.0
// `temper import DIR -o snapshot.json`: turn a bundle of a server's exports (or a GPO backup) into a snapshot.
#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "app/import.hpp"
#include "cli/command.hpp"
#include "core/file.hpp"
#include "model/snapshot_json.hpp"

namespace temper::cli {
namespace {
struct ImportArgs {
  std::string dir;
  std::string output;
  Format format = Format::kText;
  bool verbose = false;
};

int run(const ImportArgs& args) {
  auto outcome = app::import_directory(args.dir);
  if (!outcome) return report_error(outcome.error());
  // Written piece by piece: a hosting server's snapshot is about 100 KB per site.
  if (args.output.empty() || args.output == "-") {
    if (!model::write_snapshot(outcome->snapshot, [](std::string_view chunk) {
          return std::fwrite(chunk.data(), 1, chunk.size(), stdout) == chunk.size();
        }) || std::fflush(stdout) != 0) {
      return report_error(Error{ErrorCode::kIo, "cannot write the snapshot to standard output", 0, std::nullopt});
    }
  } else if (auto written = write_file_streamed(args.output, [&](const FileSink& sink) {
               return model::write_snapshot(outcome->snapshot, sink);
             });
             !written) {
    return report_error(written.error());
  }
  // The summary goes to stderr when the snapshot itself is on stdout.
  std::FILE* out = (args.output.empty() || args.output == "-") ? stderr : stdout;
  if (args.format == Format::kJson) {
    nlohmann::ordered_json j;
    j["schema"] = "temper.import/1";
    j["output"] = args.output.empty() ? "-" : args.output;
    j["source_kind"] = std::string(model::source_kind_name(outcome->snapshot.source.kind));
    j["collected"] = outcome->collected;
    j["not_collected"] = outcome->not_collected;
    j["diagnostics"] = outcome->diagnostics;
    std::fprintf(out, "%s\n", j.dump(2).c_str());
    return kExitOk;
  }
  const std::string kind(model::source_kind_name(outcome->snapshot.source.kind));
  std::fprintf(out, "imported %s as %s %s snapshot%s\n", args.dir.c_str(), kind == "export" ? "an" : "a", kind.c_str(),
               args.output.empty() || args.output == "-" ? "" : (" into " + args.output).c_str());
  for (const auto& c : outcome->collected) std::fprintf(out, "  collected: %s\n", c.c_str());
  for (const auto& n : outcome->not_collected) std::fprintf(out, "  %s\n", n.c_str());
  if (!outcome->diagnostics.empty()) {
    std::fprintf(out, "  %zu diagnostics%s\n", outcome->diagnostics.size(), args.verbose ? ":" : " (--verbose lists them)");
    if (args.verbose) {
      for (const auto& d : outcome->diagnostics) std::fprintf(out, "    %s\n", d.c_str());
    }
  }
  return kExitOk;
}
}  // namespace

void add_import_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand("import", "Turn a bundle of a server's exports (or a GPO backup) into a snapshot");
  cmd->add_option("DIR", args->dir, "bundle directory (docs/bundle.md) or GPO backup folder")->required();
  cmd->add_option("--output,-o", args->output, "snapshot file to write (default: standard output)");
  cmd->add_option("--format,-f", args->format, "summary format: text or json")
      ->transform(CLI::CheckedTransformer(std::map<std::string, Format>{{"text", Format::kText}, {"json", Format::kJson}},
                                          CLI::ignore_case));
  cmd->add_flag("--verbose,-v", args->verbose, "list every diagnostic");
  cmd->callback([args, &action] { action = [args] { return run(*args); }; });
}

}  // namespace temper::cli
