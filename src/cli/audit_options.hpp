// SPDX-License-Identifier: Apache-2.0
// The options that choose what an audit judges (`temper audit`, `temper learn`): benchmark, level,
// exceptions, content and the host assumptions for GPO backups.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/audit.hpp"
#include "core/error.hpp"

namespace temper::cli {

struct AuditOptions {
  std::string benchmark;
  int level = 0;
  std::string exceptions;
  std::string content;
  std::string role;
  std::vector<std::string> features;

  /// Adds --benchmark, --level, --exceptions, --content, --role and --feature to `cmd`.
  void add_to(CLI::App& cmd);
  /// Copies them into `request` (its input is left as it is); an error for a --role that is not one.
  [[nodiscard]] std::optional<Error> fill(app::AuditRequest& request) const;
};

}  // namespace temper::cli
