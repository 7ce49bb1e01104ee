// SPDX-License-Identifier: Apache-2.0
// Options shared by the commands that audit.
#include "cli/audit_options.hpp"

namespace temper::cli {

void AuditOptions::add_to(CLI::App& cmd) {
  cmd.add_option("--benchmark,-b", benchmark, "benchmark/profile id (default: every rule)");
  cmd.add_option("--level,-l", level, "profile level: 1 or 2 (level 2 includes level 1)")->check(CLI::IsMember({1, 2}));
  cmd.add_option("--exceptions,-e", exceptions,
                 "exceptions file (YAML): documented, expiring waivers and learned adjustments");
  cmd.add_option("--content", content, "content directory (default: $TEMPER_CONTENT or the shipped content/)");
  cmd.add_option("--role", role, "judge the host as this role (workstation, member_server, domain_controller); for GPO backups");
  cmd.add_option("--feature", features, "take this Windows feature as installed (repeatable); for GPO backups");
}

std::optional<Error> AuditOptions::fill(app::AuditRequest& request) const {
  request.benchmark = benchmark;
  if (level != 0) request.level = level;
  if (!exceptions.empty()) request.exceptions = exceptions;
  if (!content.empty()) request.content_dir = content;
  if (!role.empty()) {
    request.assume_role = model::parse_role(role);
    if (!request.assume_role) {
      return Error{ErrorCode::kInvalidArgument, "--role must be workstation, member_server or domain_controller", 0, std::nullopt};
    }
  }
  request.assume_features = features;
  return std::nullopt;
}

}  // namespace temper::cli
