// SPDX-License-Identifier: Apache-2.0
// A change set (`temper.plan/1`): the ordered actions that make a server pass the rules it fails,
// each with the value before (from the snapshot, or unknown), the value after, what it takes to take
// effect, the risk learning found, and its inverse. Renderers (render.hpp) turn one plan into
// PowerShell, a security template, a GPO backup, JSON or text; they never change what it says.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/host.hpp"
#include "model/registry.hpp"
#include "model/rule.hpp"

namespace temper::plan {

inline constexpr std::string_view kPlanSchema = "temper.plan/1";

/// What the snapshot says about the value before the change.
enum class Before {
  kUnknown,  ///< not collected: the export that holds it is missing (the rollback saves it at apply time)
  kAbsent,   ///< collected and not there: value not set, right not defined, service or feature not installed
  kPresent,  ///< collected, with the value in the change's `before` members
};
/// "unknown" | "absent" | "present".
std::string_view before_name(Before b);

// ---- one change per kind of setting ----------------------------------------------------------
// `before_*` members are meaningful only when `before` is kPresent.

/// [Privilege Rights]: the holders of a user right, assigned as a whole.
struct UserRightChange {
  std::string right;                     ///< constant, e.g. "SeNetworkLogonRight"
  Before before = Before::kUnknown;      ///< kAbsent: not defined (nobody holds it on an export)
  std::vector<std::string> before_holders;  ///< SIDs (names where no SID is known)
  std::vector<std::string> after_holders;   ///< SIDs (names where no SID is known); empty = nobody
  bool operator==(const UserRightChange&) const = default;
};

/// Where a security option lives, which decides how each format writes it.
enum class OptionSection {
  kSystemAccess,   ///< [System Access] (password, lockout, account options)
  kKerberosPolicy, ///< [Kerberos Policy] (domain controllers)
  kEventLog,       ///< [System Log] / [Security Log] / [Application Log]: name is "Security Log\\MaximumLogSize"
  kAuditOption,    ///< auditpol options: name is "AuditPolicy\\CrashOnAuditFail" (audit.csv "Option:..." rows)
};
std::string_view option_section_name(OptionSection s);
/// The section of a security option name as the snapshot keys it.
OptionSection option_section(std::string_view name);

struct SecurityOptionChange {
  std::string name;  ///< as the snapshot keys it: "MinimumPasswordLength", "AuditPolicy\\CrashOnAuditFail"
  OptionSection section = OptionSection::kSystemAccess;
  Before before = Before::kUnknown;
  std::string before_value;  ///< as exported (numbers in decimal)
  model::Scalar after;       ///< number or text
  bool operator==(const SecurityOptionChange&) const = default;
};

struct RegistryChange {
  std::string key;    ///< canonical "HKLM\\..."
  std::string value;  ///< value name ("" = the key's default value)
  Before before = Before::kUnknown;  ///< kAbsent: the value (or its key) does not exist
  model::RegValue before_data;
  bool remove = false;       ///< delete the value instead of setting it
  model::RegValue after;     ///< meaningful unless `remove`
  bool operator==(const RegistryChange&) const = default;
};

struct ServiceChange {
  std::string name;                 ///< service key name, e.g. "Spooler"
  Before before = Before::kUnknown; ///< kAbsent: not installed (then the action does nothing)
  std::string before_start_mode;    ///< Boot | System | Auto | Manual | Disabled
  std::string before_state;         ///< Running | Stopped | "" (unknown)
  std::string after_start_mode;     ///< Disabled | Manual | Auto
  bool stop = false;                ///< stop it now
  bool operator==(const ServiceChange&) const = default;
};

/// Advanced audit policy for one subcategory (audit.csv, `auditpol /set`).
struct AuditPolicyChange {
  std::string subcategory;  ///< lower-case braced GUID
  std::string name;         ///< display name ("Credential Validation")
  Before before = Before::kUnknown;  ///< kAbsent: not configured (a policy) / No Auditing is kPresent
  bool before_success = false;
  bool before_failure = false;
  bool after_success = false;
  bool after_failure = false;
  bool operator==(const AuditPolicyChange&) const = default;
};

/// One IIS attribute (or collection item) at one configuration path, written into one file.
struct IisConfigChange {
  std::string config_path;  ///< the scope the value is decided for: "MACHINE/WEBROOT/APPHOST/Shop"
  /// Where the change is written, as the IIS cmdlets address it: `ps_path` ("MACHINE/WEBROOT/APPHOST",
  /// "MACHINE/WEBROOT/APPHOST/Shop", "MACHINE", "MACHINE/WEBROOT") and, for a <location> in
  /// applicationHost.config, `location` ("Shop/downloads"; "" = none).
  std::string ps_path;
  std::string location;
  std::string clr;          ///< "2.0" for the .NET 2.0/3.5 hierarchy (config paths "CLR2/..."; cmdlets' -Clr), else ""
  std::string file;         ///< the file that changes (Windows path), "" when unknown
  std::string section;      ///< "system.webServer/security/requestFiltering"
  std::string element;      ///< the whole element path, with item predicates: ".../verbs/add[@verb='TRACE']"
  std::string attribute;    ///< "" = the element itself (added or removed)
  /// For a collection item (element ends in add[@key='...']): whether it exists before (unknown
  /// when the scope's files were not all collected).
  bool is_item = false;
  Before before = Before::kUnknown;  ///< the attribute (or item): kAbsent = not set at any level (schema default)
  std::string before_value;          ///< the effective value (masked when a secret), or the schema default
  std::string before_origin;         ///< "D:\\sites\\shop\\web.config:5", "schema default", ...
  bool remove = false;               ///< remove the element / item
  std::string after;                 ///< the value to set (unless `remove`)
  bool operator==(const IisConfigChange&) const = default;
};

struct FeatureChange {
  std::string name;                 ///< Get-WindowsFeature name
  Before before = Before::kUnknown; ///< kAbsent: not installed; kPresent: installed
  bool after_installed = false;
  bool operator==(const FeatureChange&) const = default;
};

/// A step no format can automate: the rule's fix needs a person.
struct ManualStep {
  std::string note;
  bool operator==(const ManualStep&) const = default;
};

using Change = std::variant<UserRightChange, SecurityOptionChange, RegistryChange, ServiceChange, AuditPolicyChange,
                            IisConfigChange, FeatureChange, ManualStep>;
/// Number of alternatives of Change; tests check every renderer handles each.
inline constexpr std::size_t kChangeKinds = std::variant_size_v<Change>;
/// "user_right", "security_option", "registry", "service", "audit_policy", "iis_config", "feature", "manual".
std::string_view change_kind(const Change& change);
/// The setting a change targets, unique per kind: two actions with one target are merged.
/// "SeNetworkLogonRight", "HKLM\\...\\Value", "MACHINE/WEBROOT/APPHOST/Shop|section/element@attr", ...
std::string change_target(const Change& change);

/// What the snapshot says about the value before; nullopt for a manual step.
std::optional<Before> before_state(const Change& change);
/// The value before as a reader sees it: "SeX: BUILTIN\\Administrators, ..." style text, "(not set)",
/// "(not defined)", "(not installed)" or "unknown (not collected)".
/// `names` (SID -> "BUILTIN\\Administrators"), when given, names the holders of user rights.
using PrincipalNames = std::map<std::string, std::string>;
std::string before_display(const Change& change, const PrincipalNames* names = nullptr);
/// The value after, as text.
std::string after_display(const Change& change, const PrincipalNames* names = nullptr);
/// The inverse action, as text: what restores the value before ("delete the value", "set 1", or
/// "restore the value saved when the plan is applied" when it was not collected).
std::string inverse_display(const Change& change, const PrincipalNames* names = nullptr);
/// The inverse as a change (its before is this change's after), or nullopt when it cannot be derived from
/// the plan alone: the value before is unknown (the applied script's saved value restores it), a feature
/// that was not installed, a manual step.
std::optional<Change> inverse_change(const Change& change);
/// Whether the change would set what is already there (the snapshot shows the value after).
bool no_op(const Change& change);

// ---- effect and risk -------------------------------------------------------------------------

/// What it takes for a change to take effect.
struct Effect {
  bool reboot = false;                   ///< a restart of Windows
  std::vector<std::string> restart;      ///< services to restart ("W3SVC"), app pools recycled, ...
  std::string note;                      ///< "next logon of the accounts", "next Group Policy refresh", ...
  bool operator==(const Effect&) const = default;
};

/// The risk of one action, from learning (temper learn) when activity or an impact file was given.
struct Risk {
  std::string verdict = "not learned";   ///< "not learned" | "safe" | "breaks" | "unknown"
  std::string reason;                    ///< one line: what was seen or what to collect
  std::vector<std::string> evidence;
  bool operator==(const Risk&) const = default;
};

/// One ordered step of the plan.
struct Action {
  std::string id;                  ///< "A001", in plan order
  std::vector<std::string> rules;  ///< the rules it fixes (several when merged)
  std::string title;               ///< the first rule's title
  std::string section;             ///< report grouping ("User Rights Assignment", "IIS: Request Filtering")
  std::string scope;               ///< the finding's scope ("" = host)
  Change change;
  Effect effect;
  Risk risk;
  std::vector<std::string> notes;  ///< merges, learned adjustments kept, items an allow list keeps
  bool operator==(const Action&) const = default;
};

/// Two or more rules that set one target; the plan keeps the strictest value.
struct Merge {
  std::string target;
  std::vector<std::string> rules;
  std::string kept;       ///< the value the plan sets, and why ("30000000: satisfies all")
  bool conflict = false;  ///< no one value satisfies every rule: the kept value satisfies the first
  bool operator==(const Merge&) const = default;
};

/// A failing rule the plan does not change, and why (no automatic fix, excepted, not judged...).
struct Omission {
  std::string rule;
  std::string scope;
  std::string reason;
  bool operator==(const Omission&) const = default;
};

struct Plan {
  model::Host host;
  std::string benchmark;             ///< "" = every rule
  std::optional<int> level;
  std::string risk_source;           ///< "" = not learned; else the usage profile or impact file read
  std::vector<Action> actions;       ///< in apply order
  std::vector<Merge> merges;
  std::vector<Omission> omitted;
  std::vector<std::string> warnings; ///< adjustments that did not apply, exceptions noted by the audit, ...
  PrincipalNames names;              ///< SID -> name of every holder the plan's user rights mention (when known)
  /// SHA-256 (hex) of the canonical JSON of `actions`: two plans with this hash make the same changes.
  std::string hash;
  bool operator==(const Plan&) const = default;
};

}  // namespace temper::plan
