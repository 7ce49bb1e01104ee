// SPDX-License-Identifier: Apache-2.0
// IIS in a snapshot: the config files, the site/app/vdir topology, app pools, and the effective
// configuration per configuration path (what IIS itself would apply there).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/redact.hpp"
#include "core/strings.hpp"

namespace temper::model {

/// One attribute value as configuration resolution found it, with where it came from.
struct ConfigAttribute {
  std::string value;    ///< as resolved; a secret (see `secret`) is real here and masked by every writer
  std::string origin;   ///< "C:\\...\\web.config:12" | "schema default" | "" (unknown)
  bool locked = false;  ///< a lower level may not override it (lockAttributes, overrideMode=Deny)
  SecretClass secret = SecretClass::kNone;  ///< what kind of secret the value holds (src/iis/secrets.hpp)
  bool operator==(const ConfigAttribute&) const = default;

  /// The value as it may be shown and judged: mask_secret(value, secret). Equal before and after a
  /// snapshot round trip, so a verdict never depends on a secret's text.
  [[nodiscard]] std::string shown_value() const { return mask_secret(value, secret); }
  /// shown_value() equals `text` ASCII case-insensitively (no copy when the value is not a secret).
  [[nodiscard]] bool shown_iequals(std::string_view text) const {
    return secret == SecretClass::kNone ? iequals(value, text) : iequals(shown_value(), text);
  }
};

/// An element of a configuration section (the section itself, a child element or a collection item).
struct ConfigElement {
  std::string name;
  std::map<std::string, ConfigAttribute, ILess> attributes;
  std::vector<ConfigElement> children;
  std::string origin;  ///< where the element (or collection item) was defined
  bool operator==(const ConfigElement&) const = default;

  /// First child with this element name, or nullptr.
  [[nodiscard]] const ConfigElement* child(std::string_view child_name) const;
  /// Attribute by name, or nullptr.
  [[nodiscard]] const ConfigAttribute* attribute(std::string_view attr) const;
};

/// A configuration section as a scope stores it: shared and immutable. The resolver's scopes share
/// every section a level does not change (copy-on-write), so a scope stores pointers, and a
/// 1,000-site server holds each section value once. Compares, converts and reads as the element.
class SharedElement {
 public:
  SharedElement() : p_(std::make_shared<const ConfigElement>()) {}
  SharedElement(ConfigElement element) : p_(std::make_shared<const ConfigElement>(std::move(element))) {}  // NOLINT: implicit
  SharedElement(std::shared_ptr<const ConfigElement> p) : p_(p ? std::move(p) : std::make_shared<const ConfigElement>()) {}  // NOLINT
  operator const ConfigElement&() const { return *p_; }  // NOLINT: implicit
  [[nodiscard]] const ConfigElement& operator*() const { return *p_; }
  [[nodiscard]] const ConfigElement* operator->() const { return p_.get(); }
  [[nodiscard]] const ConfigElement* get() const { return p_.get(); }
  [[nodiscard]] const std::shared_ptr<const ConfigElement>& shared() const { return p_; }
  bool operator==(const SharedElement& o) const { return p_ == o.p_ || *p_ == *o.p_; }

 private:
  std::shared_ptr<const ConfigElement> p_;  // never null
};

/// Kind of a configuration path.
enum class IisScopeKind { kMachine, kWebRoot, kServer, kSite, kApplication, kVirtualDirectory, kFolder };
std::string_view iis_scope_kind_name(IisScopeKind kind);
std::optional<IisScopeKind> parse_iis_scope_kind(std::string_view name);

/// Whether the file that holds a configuration path's own settings was collected (decision 0034).
/// kCollected: read; kAbsent: the folder was collected and holds no such file (nothing set there);
/// kNotCollected: the bundle does not hold the file, nor shows that its folder was searched;
/// kDamaged: collected but not usable (invalid XML: IIS itself answers HTTP 500.19 there).
enum class IisFileState { kCollected, kAbsent, kNotCollected, kDamaged };
std::string_view iis_file_state_name(IisFileState state);
std::optional<IisFileState> parse_iis_file_state(std::string_view name);

/// The effective configuration at one configuration path. Sections map the full section path
/// ("system.webServer/directoryBrowse") to its effective element. An attribute missing here is
/// inherited from `parent` (attribute-level inheritance, as IIS does), and finally takes the
/// schema default.
struct IisScope {
  std::string path;    ///< "MACHINE/WEBROOT/APPHOST/Default Web Site/app1"
  std::string parent;  ///< "" for the root
  IisScopeKind kind = IisScopeKind::kServer;
  std::string physical_path;  ///< for sites, applications, vdirs and folders
  std::map<std::string, SharedElement, ILess> sections;
  /// The file that holds this path's own settings (machine.config, the root web.config,
  /// applicationHost.config, <physical path>\web.config) and whether it was collected. A value
  /// that a file not collected could set is unknown, never a default.
  std::string file;
  IisFileState file_state = IisFileState::kCollected;
  bool operator==(const IisScope&) const = default;

  /// True when this level's file could hold settings the snapshot does not show.
  [[nodiscard]] bool unknown() const {
    return file_state == IisFileState::kNotCollected || file_state == IisFileState::kDamaged;
  }
};

/// Where a configuration section may be set (from <configSections>; only sections that some file
/// declares are listed). The engine uses it to tell whether a file that was not collected could
/// have set a value.
struct IisSectionRule {
  std::string section;              ///< "system.webServer/directoryBrowse"
  bool declared_in_apphost = true;  ///< declared by applicationHost.config (not settable in machine.config / root web.config)
  bool override_allowed = true;     ///< overrideModeDefault != Deny: web.config files may set it
  std::string allow_definition = "Everywhere";  ///< MachineOnly | MachineToWebRoot | MachineToApplication | AppHostOnly | Everywhere
  bool operator==(const IisSectionRule&) const = default;
};

/// A <location overrideMode> that locks (allow=false) or unlocks a section for a path and below.
struct IisSectionOverride {
  std::string path;  ///< configuration path
  std::string section;
  bool allow = true;
  bool operator==(const IisSectionOverride&) const = default;
};

/// A configuration file as collected (secrets already redacted).
struct IisConfigFile {
  std::string path;  ///< Windows path, e.g. "C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config"
  std::string role;  ///< machine_config | root_web_config | application_host | administration | redirection | web_config
  std::string config_path;  ///< the configuration path it applies to ("MACHINE/WEBROOT/APPHOST/Site")
  std::string sha256;       ///< of the original bytes, when known
  std::string content;      ///< redacted text; empty when not kept
  bool operator==(const IisConfigFile&) const = default;
};

struct IisAppPool {
  std::string name;
  std::string identity_type = "ApplicationPoolIdentity";  ///< LocalSystem | LocalService | NetworkService | SpecificUser | ApplicationPoolIdentity
  std::string user_name;                                  ///< for SpecificUser
  std::string managed_runtime_version = "v4.0";           ///< "v4.0", "v2.0", "" (no managed code); IIS default v4.0
  std::string pipeline_mode = "Integrated";
  std::string logon_type = "LogonBatch";
  bool load_user_profile = false;
  bool operator==(const IisAppPool&) const = default;

  /// SID the worker process runs as: IIS APPPOOL\<name> for ApplicationPoolIdentity, the
  /// built-in account SID for the others, "" for a SpecificUser (needs a lookup).
  [[nodiscard]] std::string identity_sid() const;
};

struct IisBinding {
  std::string protocol;             ///< http | https | net.tcp | ftp ...
  std::string binding_information;  ///< "IP:port:host" for http(s)
  std::string ssl_flags;
  bool operator==(const IisBinding&) const = default;
  /// The host-name part of an http(s) binding ("" when none).
  [[nodiscard]] std::string host() const;
};

struct IisVirtualDirectory {
  std::string path;  ///< relative to its application, "/" for the root
  std::string physical_path;
  std::string user_name;
  bool allow_sub_dir_config = true;
  bool operator==(const IisVirtualDirectory&) const = default;
};

struct IisApplication {
  std::string path;  ///< "/" or "/app1"
  std::string application_pool;
  std::vector<IisVirtualDirectory> virtual_directories;
  bool operator==(const IisApplication&) const = default;
};

struct IisSite {
  std::string name;
  std::uint64_t id = 0;
  std::vector<IisBinding> bindings;
  std::vector<IisApplication> applications;
  bool operator==(const IisSite&) const = default;
};

struct Iis {
  bool installed = false;
  std::string version;  ///< "10.0"
  std::vector<IisConfigFile> files;
  std::vector<IisAppPool> app_pools;
  std::vector<IisSite> sites;
  std::vector<IisScope> scopes;  ///< parents before children
  std::vector<IisSectionRule> section_rules;       ///< sorted by section (case-insensitive)
  std::vector<IisSectionOverride> section_overrides;
  bool operator==(const Iis&) const = default;

  /// The rule of a section, or nullptr when no collected file declares it.
  [[nodiscard]] const IisSectionRule* section_rule(std::string_view section) const;

  /// Scope by configuration path (case-insensitive), or nullptr.
  [[nodiscard]] const IisScope* scope(std::string_view path) const;
};

/// Configuration paths of the .NET 2.0/3.5 runtime's own hierarchy: CLR2/MACHINE (its machine.config)
/// and CLR2/MACHINE/WEBROOT (its root web.config). IIS sites running the v2.0 CLR inherit from these
/// instead of MACHINE and MACHINE/WEBROOT; temper reads them for the .NET 2.0 recommendations.
inline constexpr std::string_view kClr2Prefix = "CLR2/";
inline constexpr std::string_view kClr2MachinePath = "CLR2/MACHINE";
inline constexpr std::string_view kClr2WebRootPath = "CLR2/MACHINE/WEBROOT";
/// True for a path of the .NET 2.0 hierarchy.
bool is_clr2_path(std::string_view config_path);

/// The server-level configuration path, "MACHINE/WEBROOT/APPHOST".
inline constexpr std::string_view kApphostPath = "MACHINE/WEBROOT/APPHOST";
/// Short display form of a configuration path: "Default Web Site/app1", "server" for APPHOST,
/// "webroot" for MACHINE/WEBROOT, "machine" for MACHINE.
std::string short_scope(std::string_view config_path);
/// Inverse of short_scope(); full paths pass through unchanged.
std::string full_scope(std::string_view scope);

}  // namespace temper::model
