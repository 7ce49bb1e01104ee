// SPDX-License-Identifier: Apache-2.0
// Benchmark content as plain values: rules (metadata, applicability, a typed check, a typed fix)
// and benchmarks/profiles that select rules by reference and level. content/ builds these from
// YAML; engine/ evaluates them. docs/content.md documents the YAML form.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "model/host.hpp"
#include "model/impact.hpp"
#include "model/registry.hpp"

namespace temper::model {

/// A typed constant from content: absent, boolean, integer or text.
struct Scalar {
  std::variant<std::monostate, bool, long long, std::string> value;
  [[nodiscard]] bool is_null() const { return std::holds_alternative<std::monostate>(value); }
  /// Display form: true/false, decimal, the text, or "(none)".
  [[nodiscard]] std::string display() const;
  bool operator==(const Scalar&) const = default;
};

/// What a value must satisfy. Leaf operators compare a value; kAll/kAny/kNot combine.
struct Expectation {
  enum class Op {
    kEquals, kNotEquals, kOneOf, kNoneOf, kAtLeast, kAtMost, kMatches, kNotMatches,
    kContains, kNotContains, kExists, kAbsent, kAll, kAny, kNot,
  };
  Op op = Op::kExists;
  std::vector<Scalar> values;          ///< operands of leaf operators (one, or a list for one_of/none_of)
  std::vector<Expectation> children;   ///< for kAll/kAny/kNot
  bool case_sensitive = false;         ///< Windows names compare case-insensitively unless asked
  /// Display form, e.g. "= 5", ">= 14 and != 0", "one of [RemoteOnly, On]".
  [[nodiscard]] std::string display() const;
  bool operator==(const Expectation&) const = default;
};

/// A host condition: applicability of a rule, or the "when" of a host-dependent expectation.
/// Empty members impose nothing; all given members must hold.
struct Condition {
  std::vector<Role> roles;                 ///< the host role is one of these
  std::vector<std::string> features;       ///< all these Windows features are installed
  std::vector<std::string> not_features;   ///< none of these is installed
  std::optional<bool> iis_installed;       ///< IIS (Web-Server) is / is not installed
  [[nodiscard]] bool empty() const { return roles.empty() && features.empty() && not_features.empty() && !iis_installed; }
  bool operator==(const Condition&) const = default;
};

// ---- checks --------------------------------------------------------------------------------

/// How the holders of a user right are compared with the expected principals.
enum class PrincipalMatch {
  kSubset,    ///< every holder is expected (nobody else holds it); fewer is fine
  kExact,     ///< holders are exactly the expected principals
  kSuperset,  ///< every expected principal holds it ("include Guests"); others may too
};

/// Adds principals to the expected set when a host condition holds (the IIS special adjustment).
struct PrincipalAdjustment {
  Condition when;
  std::vector<std::string> add;  ///< SIDs, SID globs ("S-1-5-82-*") or "$app_pool_identities"
  std::string note;              ///< why, shown as evidence
  bool operator==(const PrincipalAdjustment&) const = default;
};

struct UserRightCheck {
  std::string right;                    ///< constant, e.g. "SeImpersonatePrivilege"
  PrincipalMatch match = PrincipalMatch::kSubset;
  std::vector<std::string> principals;  ///< expected holders (SIDs / globs / tokens); empty = no one
  std::vector<PrincipalAdjustment> adjust;
  bool operator==(const UserRightCheck&) const = default;
};

struct RegistryCheck {
  std::string key;    ///< canonical "HKLM\\..." path
  std::string value;  ///< value name ("" = default value)
  Expectation expect;
  /// What Windows does when the value is absent (its built-in default). Without it an absent
  /// value is judged as absent (so `exists`-style expectations fail).
  std::optional<Scalar> when_absent;
  bool operator==(const RegistryCheck&) const = default;
};

struct ServiceCheck {
  std::string name;                    ///< service key name, e.g. "WMSvc"
  std::optional<Expectation> start_mode;
  std::optional<Expectation> state;
  bool absent_passes = true;           ///< "Disabled or Not Installed"
  bool operator==(const ServiceCheck&) const = default;
};

struct AuditPolicyCheck {
  std::string subcategory;  ///< lower-case braced GUID
  std::string name;         ///< display name, for messages
  bool success = false;     ///< success auditing required
  bool failure = false;     ///< failure auditing required
  bool exact = false;       ///< false: "include" (more is fine); true: exactly this
  bool operator==(const AuditPolicyCheck&) const = default;
};

/// Where an IIS check is evaluated.
enum class IisScopeMode {
  kServer,  ///< only the server level (MACHINE/WEBROOT/APPHOST)
  kWebRoot, ///< the root web.config level (MACHINE/WEBROOT)
  kMachine, ///< machine.config (MACHINE)
  kEvery,   ///< the server level and every site, application, virtual directory and folder
  kWebRootClr2,  ///< the .NET 2.0/3.5 root web.config (CLR2/MACHINE/WEBROOT)
};

struct IisConfigCheck {
  std::string element;    ///< "system.webServer/security/requestFiltering/verbs/add[@verb='TRACE']"
  std::string attribute;  ///< "allowed"; empty = the element's presence is judged
  Expectation expect;
  IisScopeMode scope = IisScopeMode::kEvery;
  /// Judge only scopes where `only_if_attribute` of `only_if_element` (default: the same element)
  /// satisfies `only_if`.
  std::string only_if_element;
  std::string only_if_attribute;
  std::optional<Expectation> only_if;
  /// The element path's last step selects every matching collection item, and each must satisfy
  /// `expect` (a scope with no such item passes).
  bool each = false;
  /// `expect` judges the attribute's secret class ("none", "plaintext", "encrypted", "generated",
  /// "empty"; schema defaults are "none") instead of its value (content: `secret:` in place of `expect:`).
  bool secret = false;
  bool operator==(const IisConfigCheck&) const = default;
};

/// A fact about each IIS site, derived from the topology and the effective configuration:
/// name, bindings_have_host_names, has_https_binding, has_ftp_binding, app_pool_unique, content_on_system_drive,
/// log_directory, log_on_system_drive, root_app_pool, physical_path.
struct IisSiteCheck {
  std::string field;
  Expectation expect;
  /// Judge only the sites whose `only_if_field` satisfies `only_if` (e.g. has_ftp_binding: true).
  std::string only_if_field;
  std::optional<Expectation> only_if;
  bool operator==(const IisSiteCheck&) const = default;
};

/// A fact about each application pool: identity_type, user_name, identity_is_administrator,
/// managed_runtime_version, pipeline_mode, logon_type, load_user_profile.
struct IisAppPoolCheck {
  std::string field;
  Expectation expect;
  bool operator==(const IisAppPoolCheck&) const = default;
};

struct FeatureCheck {
  std::string name;       ///< Get-WindowsFeature name, e.g. "Web-DAV-Publishing"
  bool installed = false; ///< expected state
  bool operator==(const FeatureCheck&) const = default;
};

struct SecurityOptionCheck {
  std::string name;  ///< e.g. "MinimumPasswordLength", "LSAAnonymousNameLookup"
  Expectation expect;
  std::optional<Scalar> when_absent;
  bool operator==(const SecurityOptionCheck&) const = default;
};

struct AllCheck;
using Check = std::variant<UserRightCheck, RegistryCheck, ServiceCheck, AuditPolicyCheck, IisConfigCheck,
                           FeatureCheck, SecurityOptionCheck, IisSiteCheck, IisAppPoolCheck, AllCheck>;

/// Several checks that must all hold (one recommendation that sets several values, such as SCHANNEL's
/// Enabled and DisabledByDefault). Their results merge per scope: fail if any fails, else error if any
/// errs, else pass.
struct AllCheck {
  std::vector<Check> checks;
  bool operator==(const AllCheck&) const = default;
};
/// "user_right", "registry", ... as written in content.
std::string_view check_type_name(const Check& check);

// ---- fixes ---------------------------------------------------------------------------------

struct UserRightFix {
  std::string right;
  std::vector<std::string> set;  ///< holders to assign; "$expected" = the check's expected set for this host
  bool operator==(const UserRightFix&) const = default;
};
struct RegistryFix {
  std::string key;
  std::string value;
  RegValue data;
  bool remove = false;  ///< delete the value instead of setting it
  bool operator==(const RegistryFix&) const = default;
};
struct ServiceFix {
  std::string name;
  std::string start_mode;  ///< Disabled | Manual | Auto
  bool stop = false;
  bool operator==(const ServiceFix&) const = default;
};
struct AuditPolicyFix {
  std::string subcategory;
  bool success = false;
  bool failure = false;
  bool operator==(const AuditPolicyFix&) const = default;
};
struct IisConfigFix {
  std::string element;
  std::string attribute;
  std::string value;
  bool remove = false;     ///< remove the element/collection item instead of setting a value
  bool operator==(const IisConfigFix&) const = default;
};
struct FeatureFix {
  std::string name;
  bool installed = false;
  bool operator==(const FeatureFix&) const = default;
};
struct SecurityOptionFix {
  std::string name;
  Scalar value;
  bool operator==(const SecurityOptionFix&) const = default;
};
/// A fix that needs a person: the remediation text says what to do.
struct ManualFix {
  std::string note;
  bool operator==(const ManualFix&) const = default;
};

using Fix = std::variant<UserRightFix, RegistryFix, ServiceFix, AuditPolicyFix, IisConfigFix, FeatureFix,
                         SecurityOptionFix, ManualFix>;
std::string_view fix_type_name(const Fix& fix);

// ---- rules and benchmarks ------------------------------------------------------------------

/// A benchmark recommendation number. CIS numbers one setting differently per role (Windows
/// Server 2022: 2.2.33 for member servers, 2.2.32 for domain controllers) and some references
/// hold for one role only (a workstation benchmark's item on a server is not that benchmark's).
/// Versions of one benchmark level some settings differently (CIS Windows Server 2019 makes two
/// Windows Spotlight items level 2 that 2022 makes level 1) and some per role (2022 18.7.1: level 1 on
/// domain controllers, level 2 on member servers), so a reference may carry its own level.
struct Ref {
  std::string id;                       ///< the number for every role ("" when only by_role)
  std::map<Role, std::string> by_role;  ///< role-specific numbers
  std::optional<int> level;             ///< this benchmark's level, when it differs from the rule's
  std::map<Role, int> level_by_role;    ///< this benchmark's level per role, when the roles differ
  /// The number that holds for a host of this role (unknown role: the common id, else all of them).
  [[nodiscard]] std::optional<std::string> for_role(std::optional<Role> role) const;
  /// The level this reference gives a host of `role`: its role's level, else its own, else
  /// `rule_level`. Unknown role: the lowest level any role has (the rule is selected if any role's is).
  [[nodiscard]] int level_for(int rule_level, std::optional<Role> role) const;
  /// "2.2.33" or "2.2.33 (member_server), 2.2.32 (domain_controller)".
  [[nodiscard]] std::string display() const;
  bool operator==(const Ref&) const = default;
};

/// How completely a check implements its recommendation.
enum class Automation { kAutomated, kApproximated };

struct Rule {
  std::string id;  ///< stable semantic id, e.g. "win.user-right.SeImpersonatePrivilege"
  std::string title;
  std::string description;
  std::string rationale;
  std::string impact;
  std::string default_value;
  std::string remediation;
  std::map<std::string, Ref> refs;  ///< benchmark id -> recommendation number; "cce" -> CCE id
  int level = 1;                            ///< profile level: 1 or 2
  std::string section;                      ///< grouping in reports, e.g. "User Rights Assignment"
  Automation automation = Automation::kAutomated;
  Condition applies_to;
  Check check;
  std::vector<Fix> fixes;  ///< what `temper plan` sets (empty: no automatic fix)
  std::optional<ImpactModel> learn;  ///< what its fix could break (content `learn:`); none: not modelled
  SourceLocation where;  ///< file:line of the rule's definition
  /// The rule's level in the benchmark whose reference key is `ref_key`, for a host of `role`: the
  /// reference's own level when it has one, else `level`.
  [[nodiscard]] int level_in(std::string_view ref_key, std::optional<Role> role) const;
  bool operator==(const Rule&) const = default;
};

/// A benchmark profile: selects rules carrying one of `refs` whose level is within `max_level`.
struct Benchmark {
  std::string id;       ///< "cis-iis-10"
  std::string title;
  std::string version;
  std::string description;
  std::vector<std::string> refs;     ///< rule ref keys that belong to it (usually just its own id)
  std::vector<int> levels{1, 2};     ///< the levels it defines
  std::vector<std::string> include;  ///< extra rule ids (globs allowed)
  std::vector<std::string> exclude;  ///< rule ids (globs allowed) left out
  std::vector<Role> roles;           ///< only rules that apply to one of these roles (empty: any)
  /// A version of a benchmark: the OS builds it is written for ("20348" for Windows Server 2022).
  std::vector<std::string> os_builds;
  /// A family of versions ("cis-windows-server"): the ids of its versioned benchmarks. Naming the family,
  /// or one of its ids in `refs`, means the version whose `os_builds` hold the host's build (the
  /// first listed when the build is unknown or none matches).
  std::vector<std::string> versions;
  SourceLocation where;
  bool operator==(const Benchmark&) const = default;
};

/// Benchmark recommendations temper deliberately does not implement, with why: the coverage tables
/// list them, and a test holds every recommendation of the reference files to a rule or a gap.
struct Gap {
  std::string reason;
  std::map<std::string, std::vector<std::string>> numbers;  ///< benchmark ref key -> recommendation numbers
  SourceLocation where;
  bool operator==(const Gap&) const = default;
};

}  // namespace temper::model
