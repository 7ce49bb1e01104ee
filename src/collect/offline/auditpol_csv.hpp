// SPDX-License-Identifier: Apache-2.0
// Reader for auditpol CSV: `auditpol /backup` and a GPO's audit.csv (7 columns) and `auditpol /get /r` (6).
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "collect/offline/diagnostic.hpp"
#include "core/error.hpp"
#include "core/strings.hpp"
#include "model/snapshot.hpp"

namespace temper::collect {

struct ParsedAuditPol {
  /// Lower-case braced subcategory GUID -> setting (names as written; they vary by OS and language).
  std::map<std::string, model::AuditSetting, ILess> subcategories;
  /// Option rows by name ("CrashOnAuditFail", ...), as Setting Value (0/1) or Inclusion text.
  std::map<std::string, model::OptionValue, ILess> options;
  std::vector<Diagnostic> diagnostics;
};

/// Parse an auditpol CSV. Columns are found by header name (Subcategory GUID and Inclusion Setting
/// are required; Setting Value 0-3 wins over the Inclusion text when present). Blank lines are
/// skipped (`/get /r` writes one after the header); rows with an empty GUID are `Option:*` or
/// `*GlobalSacl` rows. A row with an unknown setting is skipped with a diagnostic. Fails
/// (kParse) when the header lacks the required columns.
Result<ParsedAuditPol> parse_auditpol_csv(std::span<const std::byte> bytes, std::string_view file_name);

/// Write the subcategories into snapshot.audit_policy (created if absent), replacing entries of
/// the same GUID, and the options into security_options as "AuditPolicy\\<option>".
void merge_auditpol(const ParsedAuditPol& audit, model::Snapshot& snapshot);

}  // namespace temper::collect
