// SPDX-License-Identifier: Apache-2.0
// How subcommands plug into main: each cmd_*.cpp registers itself on the CLI11 app and sets the
// action main runs after parsing. Exit codes are documented here and in the README.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/impact.hpp"
#include "core/error.hpp"

namespace temper::cli {

/// Process exit codes (README "Exit codes").
enum ExitCode : int {
  kExitOk = 0,        ///< compliant / success
  kExitFindings = 1,  ///< at least one check failed or could not be evaluated
  kExitUsage = 2,     ///< bad arguments, or invalid input/content (a file we cannot use)
  kExitRuntime = 3,   ///< the environment failed us (I/O, OS API, internal error)
};

/// Exit code for an error that stopped a command: input/content problems are 2, the rest 3.
int exit_code_for(const temper::Error& error);
/// Print "temper: error: <where>: <message>" to stderr and return exit_code_for(error).
int report_error(const temper::Error& error);

/// Output formats shared by the commands.
enum class Format { kText, kJson };

/// The action chosen by the parsed command line.
using Action = std::function<int()>;

/// Register `temper audit`.
void add_audit_command(CLI::App& app, Action& action);
/// Register `temper import`.
void add_import_command(CLI::App& app, Action& action);
/// Register `temper rules list|show|lint`.
void add_rules_command(CLI::App& app, Action& action);
/// Add `temper learn TARGET --events|--usage ...` (judging) to the `learn` command; `collect` builds
/// the profile from event files for --events.
void add_learn_judge(CLI::App& learn, Action& action, app::CollectFn collect);
/// Register `temper events dump|stats`.
void add_events_command(CLI::App& app, Action& action);
/// Register `temper detect` and `temper detect rules`.
void add_detect_command(CLI::App& app, Action& action);
/// Register `temper plan`.
void add_plan_command(CLI::App& app, Action& action);
/// Builds a usage profile from event files for `--events` (progress bar on a terminal); a file that is
/// not an event file fails with kInvalidArgument.
Result<learn::UsageProfile> collect_for_judging(const std::vector<std::filesystem::path>& inputs, std::vector<std::string>& notes);
/// Register `temper learn collect`.
void add_learn_command(CLI::App& app, Action& action);

}  // namespace temper::cli
