// SPDX-License-Identifier: Apache-2.0
// Renderers of an AuditReport: `temper.audit/1` JSON and the terminal text table.
#pragma once

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "model/finding.hpp"

namespace temper::report {

/// Schema name of the audit JSON document.
inline constexpr std::string_view kAuditSchema = "temper.audit/1";

/// The `temper.audit/1` document (docs/output.md).
nlohmann::ordered_json audit_to_json(const model::AuditReport& report);

/// Writes audit_to_json(report).dump(2) and a newline to `out`, one result at a time (memory does
/// not grow with the number of results). False when writing failed.
bool write_audit_json(const model::AuditReport& report, std::FILE* out);

struct TextOptions {
  bool color = false;    ///< ANSI colours (only on a terminal, and never with NO_COLOR)
  bool verbose = false;  ///< also show expected/actual/evidence for passing and not-applicable results
};

/// A readable table grouped by section, with a summary line and the score.
std::string audit_to_text(const model::AuditReport& report, const TextOptions& options);

}  // namespace temper::report
