// SPDX-License-Identifier: Apache-2.0
// Helpers on the IIS part of the snapshot.
#include "model/iis.hpp"

#include <algorithm>

#include "model/sid.hpp"

namespace temper::model {

const ConfigElement* ConfigElement::child(std::string_view child_name) const {
  for (const auto& c : children) {
    if (iequals(c.name, child_name)) return &c;
  }
  return nullptr;
}

const ConfigAttribute* ConfigElement::attribute(std::string_view attr) const {
  const auto it = attributes.find(attr);
  return it == attributes.end() ? nullptr : &it->second;
}

std::string_view iis_scope_kind_name(IisScopeKind kind) {
  switch (kind) {
    case IisScopeKind::kMachine: return "machine";
    case IisScopeKind::kWebRoot: return "webroot";
    case IisScopeKind::kServer: return "server";
    case IisScopeKind::kSite: return "site";
    case IisScopeKind::kApplication: return "application";
    case IisScopeKind::kVirtualDirectory: return "virtual_directory";
    case IisScopeKind::kFolder: return "folder";
  }
  return "unknown";
}

std::optional<IisScopeKind> parse_iis_scope_kind(std::string_view name) {
  for (const auto k : {IisScopeKind::kMachine, IisScopeKind::kWebRoot, IisScopeKind::kServer, IisScopeKind::kSite,
                       IisScopeKind::kApplication, IisScopeKind::kVirtualDirectory, IisScopeKind::kFolder}) {
    if (iequals(iis_scope_kind_name(k), name)) return k;
  }
  return std::nullopt;
}

std::string IisAppPool::identity_sid() const {
  if (iequals(identity_type, "ApplicationPoolIdentity")) return app_pool_sid(name);
  if (iequals(identity_type, "LocalSystem")) return "S-1-5-18";
  if (iequals(identity_type, "LocalService")) return "S-1-5-19";
  if (iequals(identity_type, "NetworkService")) return "S-1-5-20";
  if (iequals(identity_type, "SpecificUser")) {
    if (auto sid = resolve_principal(user_name)) return *sid;
  }
  return {};
}

std::string IisBinding::host() const {
  if (!iequals(protocol, "http") && !iequals(protocol, "https")) return {};
  // "IP:port:host"; an IPv6 address is bracketed, so the host is after the last colon.
  const auto colon = binding_information.rfind(':');
  if (colon == std::string::npos) return {};
  return binding_information.substr(colon + 1);
}

std::string_view iis_file_state_name(IisFileState state) {
  switch (state) {
    case IisFileState::kCollected: return "collected";
    case IisFileState::kAbsent: return "absent";
    case IisFileState::kNotCollected: return "not_collected";
    case IisFileState::kDamaged: return "damaged";
  }
  return "not_collected";
}

std::optional<IisFileState> parse_iis_file_state(std::string_view name) {
  for (const auto s : {IisFileState::kCollected, IisFileState::kAbsent, IisFileState::kNotCollected, IisFileState::kDamaged}) {
    if (iequals(iis_file_state_name(s), name)) return s;
  }
  return std::nullopt;
}

const IisSectionRule* Iis::section_rule(std::string_view section) const {
  const auto it = std::lower_bound(section_rules.begin(), section_rules.end(), section,
                                   [](const IisSectionRule& r, std::string_view s) { return ILess{}(r.section, s); });
  if (it == section_rules.end() || !iequals(it->section, section)) return nullptr;
  return &*it;
}

const IisScope* Iis::scope(std::string_view path) const {
  for (const auto& s : scopes) {
    if (iequals(s.path, path)) return &s;
  }
  return nullptr;
}

bool is_clr2_path(std::string_view config_path) { return istarts_with(config_path, kClr2Prefix); }

std::string short_scope(std::string_view config_path) {
  if (iequals(config_path, kApphostPath)) return "server";
  if (iequals(config_path, "MACHINE/WEBROOT")) return "webroot";
  if (iequals(config_path, "MACHINE")) return "machine";
  if (iequals(config_path, kClr2WebRootPath)) return "webroot (.NET 2.0)";
  if (iequals(config_path, kClr2MachinePath)) return "machine (.NET 2.0)";
  const std::string prefix = std::string(kApphostPath) + "/";
  if (istarts_with(config_path, prefix)) return std::string(config_path.substr(prefix.size()));
  return std::string(config_path);
}

std::string full_scope(std::string_view scope) {
  if (iequals(scope, "server") || iequals(scope, "apphost")) return std::string(kApphostPath);
  if (iequals(scope, "webroot")) return "MACHINE/WEBROOT";
  if (iequals(scope, "machine")) return "MACHINE";
  if (iequals(scope, "webroot (.NET 2.0)")) return std::string(kClr2WebRootPath);
  if (iequals(scope, "machine (.NET 2.0)")) return std::string(kClr2MachinePath);
  if (istarts_with(scope, "MACHINE/") || iequals(scope, "MACHINE") || is_clr2_path(scope)) return std::string(scope);
  if (istarts_with(scope, "apppool:")) return std::string(scope);  // application pool results
  return std::string(kApphostPath) + "/" + std::string(scope);
}

}  // namespace temper::model
