// SPDX-License-Identifier: Apache-2.0
// Reader for .reg files as `reg export` and regedit write them (version 5 UTF-16LE, REGEDIT4 ANSI).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "collect/offline/diagnostic.hpp"
#include "core/error.hpp"
#include "model/registry.hpp"

namespace temper::collect {

/// One `"name"=data` line (`@` is the default value, name "").
struct RegFileValue {
  std::string name;
  std::optional<model::RegValue> value;  ///< nullopt for a deletion (`"name"=-`)
  std::uint32_t line = 0;
};

/// One `[key]` (or `[-key]`, a deletion) with the values under it.
struct RegFileKey {
  std::string path;  ///< canonical ("HKLM\\...")
  bool deleted = false;
  std::vector<RegFileValue> values;
  std::uint32_t line = 0;
};

struct ParsedRegFile {
  bool unicode = true;  ///< "Windows Registry Editor Version 5.00" (true) or "REGEDIT4" (false)
  std::vector<RegFileKey> keys;
  /// False when a key or value line was skipped: what it held is unknown, so the file's keys
  /// cannot be claimed complete.
  bool complete = true;
  std::vector<Diagnostic> diagnostics;
};

/// Parse a .reg file: strings with `\\` and `\"` escapes, `dword:`, `hex:`, `hex(N):` (2 expand,
/// 7 multi, b qword, 0 none, 4/5 dword; strings UTF-16LE in version 5, ANSI in REGEDIT4),
/// `"name"=-` and `[-key]` deletions, `;` comments, and hex lists continued with a trailing `\`.
/// Unreadable lines are skipped with a diagnostic naming the line. Fails (kParse) when the first
/// non-blank line is not a .reg header, or (kLimit) past a cap in core/limits.hpp.
Result<ParsedRegFile> parse_reg_file(std::span<const std::byte> bytes, std::string_view file_name);

/// Write an export into `registry` as effective state: keys and values set, deletions removed.
/// When every key of the file lies under its first key (the shape `reg export KEY` writes) and no
/// line was skipped, that key is added to `registry.collected`: the export holds its whole subtree.
/// Returns the root added, or "" when the file has another shape (hand-written files claim
/// nothing) or damaged lines (a skipped value must not read as a known-absent one).
std::string merge_reg_export(const ParsedRegFile& reg, model::Registry& registry);

}  // namespace temper::collect
