// SPDX-License-Identifier: Apache-2.0
// temper.snapshot/1: one normalised picture of a server, whatever produced it (live collection,
// an export bundle, a GPO backup). Every section is optional: absent means "not collected", and a
// check that needs it reports `error: not collected: <what>` instead of passing.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/strings.hpp"
#include "model/host.hpp"
#include "model/iis.hpp"
#include "model/registry.hpp"

namespace temper::model {

/// Schema name written in every snapshot document.
inline constexpr std::string_view kSnapshotSchema = "temper.snapshot/1";
/// Highest snapshot schema version this build reads.
inline constexpr int kSnapshotSchemaVersion = 1;

/// What kind of evidence the snapshot holds; it changes what "absent" means for user rights.
enum class SourceKind {
  kLive,     ///< read from the running server
  kExport,   ///< the server's own exports (secedit /export, auditpol /backup, ...): effective state
  kPolicy,   ///< a policy (GPO backup): absent = not configured by this policy
  kExample,  ///< hand-written (examples, tests)
};
std::string_view source_kind_name(SourceKind kind);
std::optional<SourceKind> parse_source_kind(std::string_view name);

struct Source {
  SourceKind kind = SourceKind::kExample;
  std::string tool;          ///< what produced it, e.g. "temper 0.1.0 import"
  std::string collected_at;  ///< ISO 8601 UTC
  std::vector<std::string> inputs;  ///< files or APIs read
  bool operator==(const Source&) const = default;
};

/// A local account or group as the machine knows it (SID <-> name).
struct Principal {
  std::string sid;
  std::string name;  ///< "DOMAIN\\name" or "BUILTIN\\Administrators"
  std::string kind;  ///< user | group | well_known | virtual | unknown
  bool operator==(const Principal&) const = default;
};

struct LocalGroup {
  std::string sid;
  std::string name;
  std::vector<std::string> members;  ///< SIDs (or names where the export had no SID)
  bool operator==(const LocalGroup&) const = default;
};

struct Principals {
  std::vector<Principal> accounts;
  std::vector<LocalGroup> local_groups;
  bool operator==(const Principals&) const = default;
};

/// Service start modes as Win32_Service reports them.
struct Service {
  std::string name;
  std::string display_name;
  std::string start_mode;  ///< Boot | System | Auto | Manual | Disabled
  std::string state;       ///< Running | Stopped | ... ("" when unknown, e.g. from a policy)
  std::string account;     ///< StartName, e.g. "LocalSystem", "NT AUTHORITY\\NetworkService"
  bool operator==(const Service&) const = default;
};

/// Advanced audit policy of one subcategory.
struct AuditSetting {
  std::string name;  ///< as exported (names vary by OS and language; the key is the GUID)
  bool success = false;
  bool failure = false;
  bool operator==(const AuditSetting&) const = default;
};

/// A [System Access]-style value: a number or a string.
struct OptionValue {
  std::optional<long long> number;
  std::string text;  ///< the original text (numbers too)
  bool operator==(const OptionValue&) const = default;
};

/// The whole snapshot.
struct Snapshot {
  Host host;
  Source source;
  /// Installed Windows features by name (Get-WindowsFeature Name, e.g. "Web-Server").
  std::optional<std::set<std::string, ILess>> features;
  std::optional<Principals> principals;
  /// Right constant -> holders (normalised SIDs; unresolved names kept as written).
  /// A right missing from the map is "not defined"; an empty list is "defined, nobody".
  std::optional<std::map<std::string, std::vector<std::string>, ILess>> user_rights;
  /// [System Access] and similar security options by name (MinimumPasswordLength, LSAAnonymousNameLookup, ...).
  std::optional<std::map<std::string, OptionValue, ILess>> security_options;
  std::optional<Registry> registry;
  /// Per-user registries (HKU), keyed by the user's SID, each holding canonical `HKCU\\...` keys with its own
  /// `collected` roots; a GPO's User registry.pol is the one pseudo-user kPolicyUser. Unset: no per-user
  /// registry was collected, and HKCU checks report "not collected" (never a pass).
  std::optional<std::map<std::string, Registry, ILess>> user_registry;
  std::optional<std::map<std::string, Service, ILess>> services;
  /// Subcategory GUID ("{0cce922b-69ae-11d9-bed3-505054503030}", lower case) -> setting.
  std::optional<std::map<std::string, AuditSetting, ILess>> audit_policy;
  std::optional<Iis> iis;

  bool operator==(const Snapshot&) const = default;

  /// True when the feature list was collected and holds `name`.
  [[nodiscard]] bool has_feature(std::string_view name) const;
  /// True when IIS is known to be installed (IIS section says so, or Web-Server is a feature).
  [[nodiscard]] bool iis_installed() const;
};

/// The pseudo-user under which a GPO's User-side registry.pol is kept in Snapshot::user_registry.
inline constexpr std::string_view kPolicyUser = "policy";

/// Lower-case, braced form of an audit subcategory GUID; the input may lack braces.
std::string normalize_guid(std::string_view guid);

}  // namespace temper::model
