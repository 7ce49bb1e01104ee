// SPDX-License-Identifier: Apache-2.0
// Calendar dates and UTC timestamps as temper prints and parses them (ISO 8601).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace temper {
/// Parse "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS[.fff]Z" as UTC. std::nullopt when malformed or out of range.
std::optional<std::chrono::sys_seconds> parse_iso8601(std::string_view text);
/// Format as "YYYY-MM-DDTHH:MM:SSZ".
std::string format_iso8601(std::chrono::sys_seconds t);
}  // namespace temper
