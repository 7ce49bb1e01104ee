// SPDX-License-Identifier: Apache-2.0
// Security identifiers: the well-known SID table, name <-> SID lookup and virtual-account SIDs.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace temper::model {

/// One entry of the built-in well-known principal table.
struct WellKnownSid {
  std::string_view sid;   ///< "S-1-5-32-544"
  std::string_view name;  ///< "BUILTIN\\Administrators"
  std::string_view kind;  ///< "group" | "user" | "logon" | "alias" | "label" | "service"
};

/// Every well-known principal temper knows without asking Windows (Wine and Linux cannot resolve
/// IIS_IUSRS, IUSR, NT SERVICE\\*, IIS APPPOOL\\*; see ../shared/reference/windows-formats.md B.6).
std::span<const WellKnownSid> well_known_sids();

/// True when `text` has the shape S-1-<authority>(-<sub>)*.
bool is_sid(std::string_view text);
/// Upper-case "s-1-5-32-544" -> "S-1-5-32-544", also written "*S-1-5-32-544" (secedit style). Anything else
/// is returned trimmed and otherwise unchanged; normalising twice gives the same text.
std::string normalize_sid(std::string_view text);
/// Name for a well-known SID ("BUILTIN\\Administrators"), or nullopt.
std::optional<std::string_view> well_known_name(std::string_view sid);
/// SID for a well-known name. Accepts "BUILTIN\\Administrators", "Administrators",
/// "NT AUTHORITY\\LOCAL SERVICE", "LOCAL SERVICE", "IIS_IUSRS", ... case-insensitively.
std::optional<std::string_view> well_known_sid(std::string_view name);
/// SID of the virtual account "NT SERVICE\\<service>" (SHA-1 of the upper-cased name, UTF-16LE).
std::string service_sid(std::string_view service_name);
/// SID of the virtual account "IIS APPPOOL\\<pool>" (SHA-1 of the lower-cased name, UTF-16LE).
std::string app_pool_sid(std::string_view pool_name);
/// Resolve a principal spec to a SID: a SID (kept), a well-known name, "NT SERVICE\\x", "IIS APPPOOL\\x".
/// nullopt for names that need a machine or domain lookup.
std::optional<std::string> resolve_principal(std::string_view spec);

}  // namespace temper::model
