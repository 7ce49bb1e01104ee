// SPDX-License-Identifier: Apache-2.0
// Reader for security templates: `secedit /export` output and a GPO's GptTmpl.inf.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "collect/offline/diagnostic.hpp"
#include "core/error.hpp"
#include "core/strings.hpp"
#include "model/registry.hpp"
#include "model/snapshot.hpp"

namespace temper::collect {

/// One [Registry Values] line, `MACHINE\<path>\<name>=<type>,<data>`.
struct InfRegistryValue {
  std::string key;   ///< canonical "HKLM\\..." path
  std::string name;  ///< value name (after the last backslash)
  model::RegValue value;
  std::uint32_t line = 0;
};

/// One [Service General Setting] line, `"name",<start>,"<sddl>"`.
struct InfService {
  std::string name;
  std::string start_mode;  ///< Boot | System | Auto | Manual | Disabled
  std::string sddl;
  std::uint32_t line = 0;
};

/// One group of [Group Membership] (`*SID__Members = ...`, `*SID__Memberof = ...`); a missing
/// line is nullopt, an empty one an empty list.
struct InfGroupMembership {
  std::optional<std::vector<std::string>> members;
  std::optional<std::vector<std::string>> member_of;
};

/// Everything read from one template. Keys compare case-insensitively.
struct ParsedInf {
  /// [Privilege Rights]: right -> holders (normalised SIDs; names resolved when well known,
  /// otherwise kept as written). Present with an empty list = "defined, nobody".
  std::map<std::string, std::vector<std::string>, ILess> privilege_rights;
  /// [System Access], [Event Audit] and [Kerberos Policy] by key; the log sections as
  /// "System Log\\MaximumLogSize", "Security Log\\...", "Application Log\\...". Quotes are stripped.
  std::map<std::string, model::OptionValue, ILess> options;
  std::vector<InfRegistryValue> registry_values;
  std::vector<InfService> services;
  /// [Group Membership] by group SID (or name when the template used one).
  std::map<std::string, InfGroupMembership, ILess> groups;
  /// Section names in file order, as written.
  std::vector<std::string> sections;
  /// True when the file has a [Privilege Rights] section (even an empty one).
  bool has_privilege_rights = false;
  /// False when the text does not end with a line break: `secedit /export` always writes one, so
  /// the file may be truncated and its last line incomplete.
  bool ends_with_newline = true;
  /// True when a line of [Privilege Rights] was skipped: some right's holders are unknown.
  bool rights_damaged = false;
  std::vector<Diagnostic> diagnostics;
};

/// Parse a security template (UTF-16LE with BOM as secedit writes it, or UTF-8/ANSI; any section
/// order; case-insensitive section and key names). Lines that cannot be read are skipped with a
/// diagnostic naming the line. Fails (kParse, at line 1) only when the file has no [section] at
/// all, or (kLimit) when it exceeds a cap in core/limits.hpp.
Result<ParsedInf> parse_secedit_inf(std::span<const std::byte> bytes, std::string_view file_name);

/// What an absent entry of a template means.
enum class InfSemantics {
  kEffective,  ///< `secedit /export` of a server: a standard right that is absent is held by nobody
  kPolicy,     ///< a GPO's GptTmpl.inf: absent = not configured by this policy
};

/// Write a template's facts into `snapshot`: user_rights (with kEffective, every right of
/// model::user_rights() the export omits is recorded as an empty list, held by nobody, but only
/// when the file has a [Privilege Rights] section without skipped lines and ends with a line
/// break: a truncated or damaged export must not turn "unknown" into "nobody"), security_options, registry keys (values
/// only; a template never makes a key "collected"), restricted-group members, and (kEffective only)
/// services' start modes: a policy's short services list would make every other service read as
/// not installed. Existing entries of the same name are replaced; other entries are kept.
void merge_inf(const ParsedInf& inf, InfSemantics semantics, model::Snapshot& snapshot);

}  // namespace temper::collect
