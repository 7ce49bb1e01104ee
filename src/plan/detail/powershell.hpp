// SPDX-License-Identifier: Apache-2.0
// What the PowerShell renderer's files share: quoting plan values into PowerShell, the code of one
// action (save, apply, verify, restore) and the helper functions the scripts define.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "plan/plan.hpp"

namespace temper::plan::detail {

/// A PowerShell expression whose value is exactly `text`, built so that no value can leave its string:
/// printable ASCII goes inside single quotes with every `'` doubled, and every other character (line
/// breaks, control characters, the typographic quotes PowerShell also ends a single-quoted string on,
/// any non-ASCII) becomes `[char]0xNNNN`: "it's\n" -> `('it''s' + [char]0x000A)`. The result is pure
/// ASCII and never holds a raw line break, so it can sit inside a here-string too. Invalid UTF-8 bytes
/// become U+FFFD. Never fails.
std::string ps_literal(std::string_view text);
/// `@('a', 'b')` (an empty array is `@()`), each item a ps_literal.
std::string ps_array(const std::vector<std::string>& items);
/// `text` made safe for the rest of a `#` comment line: line breaks and other control characters become
/// spaces. Never fails.
std::string ps_comment(std::string_view text);

/// Groups of helper functions a script defines only when an action needs them.
enum HelperGroup : std::uint32_t {
  kHelperSecedit = 1U << 0,    ///< secedit export/configure: user rights, [System Access], Kerberos, event logs
  kHelperAuditpol = 1U << 1,   ///< auditpol /backup and /set: subcategories and audit options
  kHelperRegistry = 1U << 2,   ///< Microsoft.Win32.RegistryKey in the 64-bit view
  kHelperService = 1U << 3,    ///< Get-Service / Set-Service / sc.exe for delayed start
  kHelperIis = 1U << 4,        ///< WebAdministration
  kHelperFeature = 1U << 5,    ///< Get/Install/Uninstall-WindowsFeature
};

/// The PowerShell of one action. Statements are complete lines without indentation; the caller indents.
struct ActionCode {
  std::string kind;         ///< change_kind()
  std::string target;       ///< what changes, for people: "User right SeNetworkLogonRight"
  std::string description;  ///< what the change does: "assign to *S-1-5-32-544"
  std::string before;       ///< the value before as the snapshot saw it, for the comment: "unknown", "absent", ...
  bool manual = false;      ///< a manual step: only `manual_note` is meaningful
  std::string manual_note;
  std::uint32_t helpers = 0;      ///< HelperGroup bits
  std::string read;               ///< expression: the live state as a hashtable (saved to the rollback file)
  std::string skip_if;            ///< expression over `$saved`: true when there is nothing to change ("" = never)
  std::string skip_reason;        ///< why, when skip_if holds
  std::vector<std::string> apply; ///< statements (may use `$saved`)
  std::string expected;           ///< expression: the value after, normalised like `actual`
  std::string actual;             ///< expression: the value re-read, normalised
  bool secret = false;            ///< never print the values re-read (a masked value)
  std::vector<std::string> restore;  ///< statements (use `$s`, the saved state read back from JSON)
};

/// The code for one change. Never fails: a value a format cannot hold becomes a statement that throws at
/// run time with the reason (recorded as "failed" for that action only).
ActionCode action_code(const Change& change);

/// Functions both scripts define (results, effects, summary).
std::string_view helpers_common();
/// Functions only the plan script defines (the journal, verification).
std::string_view helpers_apply();
/// Functions only the rollback script defines (reading the journal back).
std::string_view helpers_rollback();
/// The functions of the groups in `groups`, in a fixed order.
std::string helpers_for(std::uint32_t groups);

}  // namespace temper::plan::detail
