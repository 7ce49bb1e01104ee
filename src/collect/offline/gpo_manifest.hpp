// SPDX-License-Identifier: Apache-2.0
// What a GPO declares it configures: the Machine client-side extensions named in Backup.xml or gpt.ini.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "collect/offline/diagnostic.hpp"
#include "core/error.hpp"

namespace temper::collect {

/// CSE GUIDs of the three parts temper reads (the first GUID of a `[{CSE}{tool}...]` group).
inline constexpr std::string_view kRegistryCse = "{35378EAC-683F-11D2-A89A-00C04FBBCFA2}";  ///< registry.pol
inline constexpr std::string_view kSecurityCse = "{827D319E-6EAC-11D2-A4EA-00C04F79F83A}";  ///< GptTmpl.inf
inline constexpr std::string_view kAuditCse = "{F3CCC681-B74C-4060-9F26-CD84525DCA2A}";     ///< audit.csv

/// The Machine-side client-side extensions a GPO lists.
struct GpoExtensions {
  std::vector<std::string> cses;  ///< the CSE GUID of each group, upper-case, in file order
  /// True when `cse` (any case) is one of `cses`.
  [[nodiscard]] bool lists(std::string_view cse) const;
};

/// What one manifest file says about the GPO's Machine extensions.
struct ParsedGpoManifest {
  /// The list, or nullopt when the file does not say (a SYSVOL gpt.ini usually does not: the list
  /// lives in the GPO's Active Directory object; a local-policy gpt.ini and Backup.xml do).
  std::optional<GpoExtensions> machine;
  std::vector<Diagnostic> diagnostics;
};

/// Parse an extension list: `[{CSE}{tool}...][{CSE}{tool}...]...`, whitespace between tokens
/// allowed, empty = no extension. Fails with kParse (at `where`) on anything else: a missing
/// bracket, a GUID that is not `{8-4-4-4-12 hex}`, a group without a GUID; kLimit past
/// limits::kMaxGpoExtensions groups.
Result<GpoExtensions> parse_extension_list(std::string_view text, const SourceLocation& where);

/// Backup.xml of a Backup-GPO folder: the text of its `<MachineExtensionGuids>` element (plain or
/// one CDATA section; `<MachineExtensionGuids/>` = no extension). Never returns machine = nullopt.
/// Fails with kLimit above limits::kMaxGpoManifestBytes, with kParse (naming the line) when the
/// element is missing, unclosed, holds markup other than one CDATA section, or its list is malformed.
Result<ParsedGpoManifest> parse_backup_xml(std::span<const std::byte> bytes, std::string_view file_name);

/// gpt.ini: `gPCMachineExtensionNames=` in [General] (key and section compared case-insensitively).
/// Without that key, machine = nullopt. A repeated key is a diagnostic (the first is used). Fails
/// with kLimit above limits::kMaxGpoManifestBytes and with kParse (naming the line) when the list is
/// malformed.
Result<ParsedGpoManifest> parse_gpt_ini(std::span<const std::byte> bytes, std::string_view file_name);

}  // namespace temper::collect
