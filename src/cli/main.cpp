// SPDX-License-Identifier: Apache-2.0
// temper's entry point: parses the command line, runs the chosen subcommand, and is one of the
// two places that catch exceptions (they become exit code 3).
#include <cstdio>
#include <exception>
#include <string>

#include "cli/command.hpp"
#include "platform/terminal.hpp"

#ifndef TEMPER_VERSION
#define TEMPER_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
  using namespace temper::cli;
  temper::platform::init_console();
  CLI::App app{"temper: harden Windows/IIS servers to the CIS benchmarks without breaking production"};
  app.name("temper");
  app.set_version_flag("--version", std::string("temper ") + TEMPER_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  Action action;
  add_audit_command(app, action);
  add_import_command(app, action);
  add_rules_command(app, action);
  add_events_command(app, action);
  add_learn_command(app, action);
  add_plan_command(app, action);
  add_detect_command(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  if (!action) return kExitUsage;
  try {
    return action();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "temper: internal error: %s\n", e.what());
    return kExitRuntime;
  }
}
