// SPDX-License-Identifier: Apache-2.0
// CSV as PowerShell's Export-Csv writes it (RFC 4180 quoting), and the bundle's services,
// features and local-group exports read from it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "collect/offline/diagnostic.hpp"
#include "core/error.hpp"
#include "core/strings.hpp"
#include "model/snapshot.hpp"

namespace temper::collect {

/// One data record; `line` is the physical line it starts on.
struct CsvRecord {
  std::uint32_t line = 0;
  std::vector<std::string> fields;
  bool unterminated = false;  ///< the file ended inside a quoted field (the last field is partial)
};

struct CsvTable {
  std::vector<std::string> header;
  std::uint32_t header_line = 0;
  std::vector<CsvRecord> records;    ///< only records with as many fields as the header
  std::vector<CsvRecord> malformed;  ///< skipped records (wrong field count, unterminated quote)
  std::vector<Diagnostic> diagnostics;

  /// Index of a header column (case-insensitive), or nullopt.
  [[nodiscard]] std::optional<std::size_t> column(std::string_view name) const;
};

/// Parse CSV text (UTF-8 with or without BOM, UTF-16 by BOM, else Windows-1252): fields separated
/// by ',', quoted fields may hold ',', doubled quotes and line breaks. A leading `#TYPE ...` line
/// (Windows PowerShell without -NoTypeInformation) and blank lines are skipped. Records whose field
/// count differs from the header's, and a final unterminated quoted field, go to `malformed` with a
/// diagnostic naming the line. Fails (kParse, line 1) when there is no header, or (kLimit) past a
/// cap in core/limits.hpp.
Result<CsvTable> parse_csv(std::span<const std::byte> bytes, std::string_view file_name);

/// services.csv (`Get-CimInstance Win32_Service | Select Name,DisplayName,StartMode,State,StartName`).
struct ParsedServices {
  std::map<std::string, model::Service, ILess> services;
  std::vector<Diagnostic> diagnostics;
};
/// Needs columns Name and StartMode (or Get-Service's StartType); DisplayName, State (or Status)
/// and StartName are optional. Start modes are normalised to Boot|System|Auto|Manual|Disabled
/// ("Automatic" -> "Auto"); another start mode is recorded as "" (unknown) with a diagnostic.
/// The list stays complete (a missing service reads as "not installed"): a damaged record whose
/// Name can still be read gives a service of unknown start mode and state. Fails (kParse) when a
/// required column is missing or a damaged record does not show its Name.
Result<ParsedServices> parse_services_csv(std::span<const std::byte> bytes, std::string_view file_name);

/// features.csv (`Get-WindowsFeature | Where-Object Installed | Select Name,DisplayName,InstallState`).
struct ParsedFeatures {
  std::set<std::string, ILess> installed;
  std::vector<Diagnostic> diagnostics;
};
/// Needs column Name. When InstallState (or Installed) is present, only installed rows count; a
/// damaged record whose Name can be read counts as installed (checks on it are then evaluated,
/// never skipped as not applicable). Fails (kParse) when Name is missing, or a damaged record does
/// not show its Name.
Result<ParsedFeatures> parse_features_csv(std::span<const std::byte> bytes, std::string_view file_name);

/// groups.csv: one row per (group, member): Group, GroupSID, Name, SID, PrincipalSource, ObjectClass;
/// a group without members has one row with an empty Name.
struct ParsedGroups {
  model::Principals principals;  ///< local_groups in file order; accounts = the distinct members
  std::vector<Diagnostic> diagnostics;
};
/// Needs columns Group and Name; a member's SID comes from SID, else from a well-known name, else
/// the name is kept as written. A group with a damaged record is left out (its member list would be
/// incomplete). Fails (kParse) when a required column is missing, or a damaged record does not show
/// its Group.
Result<ParsedGroups> parse_groups_csv(std::span<const std::byte> bytes, std::string_view file_name);

/// "Auto", "Automatic", "2" -> "Auto", ...; "" when not a start mode.
std::string normalize_start_mode(std::string_view mode);

}  // namespace temper::collect
