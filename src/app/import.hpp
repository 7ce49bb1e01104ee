// SPDX-License-Identifier: Apache-2.0
// The import use case: a bundle directory (or GPO backup) -> one snapshot, with what was not collected.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "model/snapshot.hpp"

namespace temper::app {

struct ImportOutcome {
  model::Snapshot snapshot;
  std::vector<std::string> collected;      ///< "user rights (secedit.inf)", ...
  std::vector<std::string> not_collected;  ///< "not collected: audit policy (auditpol.csv missing)", ...
  std::vector<std::string> diagnostics;    ///< every skipped line or setting IIS would reject, with file:line
};

/// Import a bundle (docs/bundle.md) or a GPO backup: the collect readers for the exports, the IIS
/// resolver for fs/. Fails with kNotFound when `dir` holds neither; damaged parts become
/// diagnostics and "not collected" entries, never a failure of the whole import.
Result<ImportOutcome> import_directory(const std::filesystem::path& dir);

/// True when `dir` looks like something import_directory() reads (and holds no snapshot.json).
bool is_importable_directory(const std::filesystem::path& dir);

}  // namespace temper::app
