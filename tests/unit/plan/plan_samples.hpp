// SPDX-License-Identifier: Apache-2.0
// Hand-built plans for the renderer tests (the builder is tested on its own), and the checks that read a
// rendered value back through temper's collect readers and compare it with the plan's "after" value.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "collect/offline/registry_pol.hpp"
#include "collect/offline/secedit_inf.hpp"
#include "core/strings.hpp"
#include "model/snapshot.hpp"
#include "plan/plan.hpp"

namespace temper::plan::testing {

inline constexpr std::string_view kHash = "3f2a9c0d5b7e4a1f8c6d2e0b9a7f5c3e1d4b6a8c0e2f4a6b8d0c2e4f6a8b0c2d";
inline constexpr std::string_view kLsa = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa";
inline constexpr std::string_view kWinlogon = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon";
inline constexpr std::string_view kServer = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanManServer\\Parameters";
inline constexpr std::string_view kDns = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DNSClient";

inline Plan empty_plan(std::string_view hash = kHash) {
  Plan p;
  p.host.name = "web01";
  p.host.domain = "contoso.test";
  p.benchmark = "cis-windows-server-2022";
  p.level = 1;
  p.hash = std::string(hash);
  return p;
}

inline void add(Plan& p, Change change, std::string rule = {}) {
  Action a;
  const std::string n = std::to_string(p.actions.size() + 1);
  a.id = "A" + std::string(n.size() < 3 ? 3 - n.size() : 0, '0') + n;
  a.rules.push_back(rule.empty() ? "rule-" + a.id : std::move(rule));
  a.title = "sample";
  a.change = std::move(change);
  p.actions.push_back(std::move(a));
}

inline UserRightChange right(std::string name, std::vector<std::string> holders) {
  UserRightChange c;
  c.right = std::move(name);
  c.after_holders = std::move(holders);
  return c;
}

inline SecurityOptionChange option(std::string name, model::Scalar after) {
  SecurityOptionChange c;
  c.section = option_section(name);
  c.name = std::move(name);
  c.after = std::move(after);
  return c;
}

inline model::Scalar number(long long n) {
  return model::Scalar{n};
}
inline model::Scalar text(std::string s) {
  return model::Scalar{std::move(s)};
}

inline RegistryChange reg(std::string_view key, std::string value, model::RegValue after) {
  RegistryChange c;
  c.key = std::string(key);
  c.value = std::move(value);
  c.after = std::move(after);
  return c;
}

inline RegistryChange reg_remove(std::string_view key, std::string value) {
  RegistryChange c = reg(key, std::move(value), {});
  c.remove = true;
  return c;
}

inline model::RegValue typed(model::RegType type, std::string text) {
  model::RegValue v;
  v.type = type;
  v.text = std::move(text);
  return v;
}

inline model::RegValue binary(std::vector<std::uint8_t> bytes) {
  model::RegValue v;
  v.type = model::RegType::kBinary;
  v.binary = std::move(bytes);
  return v;
}

inline ServiceChange service(std::string name, std::string start, bool stop = false) {
  ServiceChange c;
  c.name = std::move(name);
  c.after_start_mode = std::move(start);
  c.stop = stop;
  return c;
}

inline AuditPolicyChange audit(std::string guid, std::string name, bool success, bool failure) {
  AuditPolicyChange c;
  c.subcategory = std::move(guid);
  c.name = std::move(name);
  c.after_success = success;
  c.after_failure = failure;
  return c;
}

inline IisConfigChange iis() {
  IisConfigChange c;
  c.config_path = "MACHINE/WEBROOT/APPHOST/Shop";
  c.ps_path = "MACHINE/WEBROOT/APPHOST";
  c.location = "Shop";
  c.section = "system.webServer/directoryBrowse";
  c.element = "system.webServer/directoryBrowse";
  c.attribute = "enabled";
  c.after = "false";
  return c;
}

/// A plan with every kind of change and every value shape the two formats must handle.
inline Plan full_plan() {
  Plan p = empty_plan();
  add(p, right("SeTcbPrivilege", {}));                                       // nobody
  add(p, right("SeNetworkLogonRight", {"S-1-5-32-544", "S-1-5-11"}));        // SIDs
  add(p, right("SeBatchLogonRight", {"S-1-5-32-544", "CONTOSO\\svc web"}));  // a name without SID
  add(p, option("MinimumPasswordLength", number(14)));
  add(p, option("NewGuestName", text("Visitor, not admin")));      // quoted text with a comma
  add(p, option("MaxTicketAge", number(10)));                      // [Kerberos Policy]
  add(p, option("Security Log\\MaximumLogSize", number(196608)));  // [Security Log]
  add(p, option("AuditLogonEvents", number(3)));                   // [Event Audit]
  add(p, option("AuditPolicy\\CrashOnAuditFail", number(0)));      // audit.csv option
  add(p, option("AuditPolicy\\FullPrivilegeAuditing", model::Scalar{true}));
  add(p, reg(kLsa, "NoLMHash", model::RegValue::dword(1)));
  add(p, reg(kLsa, "RestrictRemoteSAM", model::RegValue::sz("O:BAG:BAD:(A;;RC;;;BA)")));
  add(p, reg(kWinlogon, "LegalNoticeCaption", model::RegValue::sz("Authorized use, only")));
  add(p, reg(kWinlogon, "ScreenSaverPath", typed(model::RegType::kExpandSz, "%SystemRoot%\\system32\\x.scr")));
  add(p, reg(kServer, "NullSessionPipes", model::RegValue::multi_sz({})));
  add(p, reg("HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurePipeServers\\Winreg\\AllowedPaths", "Machine",
             model::RegValue::multi_sz({"System\\CurrentControlSet\\Control\\Print\\Printers", "Software\\X"})));
  add(p, reg(kLsa, "FullPrivilegeAuditing", binary({0x00, 0x1f, 0xa0})));
  add(p, reg(kLsa, "EmptyBinary", binary({})));
  add(p, reg(kLsa, "SupportedEncryptionTypes", model::RegValue::dword(2147483640U)));
  add(p, reg_remove(kLsa, "RestrictAnonymousOld"));  // a template cannot delete
  add(p, reg(kWinlogon, "LegalNoticeText", model::RegValue::sz("Say \"hi\", then log on")));  // quote: not INF
  add(p, reg(kDns, "EnableMulticast", model::RegValue::dword(0)));                            // registry.pol only
  add(p, reg(kDns, "Suffixes", model::RegValue::multi_sz({"a,b", "c \"d\""})));
  add(p, reg(kDns, "Text", model::RegValue::sz("")));
  add(p, reg(kDns, "Big", model::RegValue::qword(0x1122334455667788ULL)));
  add(p, reg_remove(kDns, "Legacy"));
  add(p, reg(kDns, "Holes", model::RegValue::multi_sz({"a", "", "b"})));       // no format can hold it
  add(p, reg("HKCU\\Software\\Policies\\X", "Y", model::RegValue::dword(1)));  // not HKLM
  add(p, service("Spooler", "Disabled", true));
  add(p, service("RemoteRegistry", "Manual"));
  add(p, service("W32Time", "Auto"));
  add(p, audit("{0cce923f-69ae-11d9-bed3-505054503030}", "Credential Validation", true, true));
  add(p, audit("{0cce9215-69ae-11d9-bed3-505054503030}", "Logon", true, false));
  add(p, audit("{0cce9217-69ae-11d9-bed3-505054503030}", "Account Lockout", false, true));
  add(p, audit("{0cce9214-69ae-11d9-bed3-505054503030}", "Other System Events", false, false));
  add(p, iis());
  FeatureChange f;
  f.name = "Web-DAV-Publishing";
  add(p, f);
  add(p, ManualStep{"Rename the Administrator account"});
  return p;
}

/// One sensible change of alternative `index` of Change; a new alternative without a sample fails the test.
inline Change sample_change(std::size_t index) {
  switch (index) {
    case 0:
      return right("SeDebugPrivilege", {"S-1-5-32-544"});
    case 1:
      return option("LockoutBadCount", number(5));
    case 2:
      return reg(kLsa, "LimitBlankPasswordUse", model::RegValue::dword(1));
    case 3:
      return service("Browser", "Disabled");
    case 4:
      return audit("{0cce922b-69ae-11d9-bed3-505054503030}", "Process Creation", true, false);
    case 5:
      return iis();
    case 6:
      return FeatureChange{};
    case 7:
      return ManualStep{"by hand"};
    default:
      ADD_FAILURE() << "Change alternative " << index << " has no sample: add one here and a renderer case";
  }
  return ManualStep{};
}

/// Call `check(plan, i)` for each alternative i of Change, with a plan holding one sample action of it.
template <class Check>
void for_each_change_kind(Check&& check) {
  for (std::size_t i = 0; i < kChangeKinds; ++i) {
    Plan plan = empty_plan();
    add(plan, sample_change(i));
    ASSERT_EQ(plan.actions.front().change.index(), i);
    SCOPED_TRACE(std::string(change_kind(plan.actions.front().change)));
    check(plan, i);
  }
}

/// The value temper's readers give for an option the plan sets to `after`.
inline model::OptionValue expected_option(const model::Scalar& after) {
  model::OptionValue v;
  if (const auto* b = std::get_if<bool>(&after.value)) v.text = *b ? "1" : "0";
  if (const auto* n = std::get_if<long long>(&after.value)) v.text = std::to_string(*n);
  if (const auto* s = std::get_if<std::string>(&after.value)) v.text = *s;
  long long n = 0;
  if (parse_int64(v.text, n)) v.number = n;
  return v;
}

/// The registry value `snapshot` holds for `c`, or nullptr.
inline const model::RegValue* read_value(const model::Snapshot& snapshot, const RegistryChange& c) {
  if (!snapshot.registry) return nullptr;
  const auto* key = snapshot.registry->find(c.key);
  if (key == nullptr) return nullptr;
  const auto it = key->values.find(c.value);
  return it == key->values.end() ? nullptr : &it->second;
}

/// Whether the state read back (a policy snapshot, plus the template's own services list and the values a
/// policy removes) holds what `change` sets. Kinds no reader returns (IIS, features, manual) are never read back.
inline bool read_back(const Change& change, const model::Snapshot& snapshot,
                      const std::vector<collect::InfService>& services,
                      const std::vector<collect::PolRemoval>& removals) {
  if (const auto* c = std::get_if<UserRightChange>(&change)) {
    if (!snapshot.user_rights) return false;
    const auto it = snapshot.user_rights->find(c->right);
    return it != snapshot.user_rights->end() && it->second == c->after_holders;
  }
  if (const auto* c = std::get_if<SecurityOptionChange>(&change)) {
    if (!snapshot.security_options) return false;
    const auto it = snapshot.security_options->find(c->name);
    return it != snapshot.security_options->end() && it->second == expected_option(c->after);
  }
  if (const auto* c = std::get_if<RegistryChange>(&change)) {
    if (!c->remove) {
      const auto* v = read_value(snapshot, *c);
      return v != nullptr && *v == c->after;
    }
    for (const auto& r : removals) {
      if (iequals(r.key, c->key) && iequals(r.name, c->value)) return read_value(snapshot, *c) == nullptr;
    }
    return false;
  }
  if (const auto* c = std::get_if<ServiceChange>(&change)) {
    for (const auto& s : services) {
      if (iequals(s.name, c->name)) return s.start_mode == c->after_start_mode;
    }
    return false;
  }
  if (const auto* c = std::get_if<AuditPolicyChange>(&change)) {
    if (!snapshot.audit_policy) return false;
    const auto it = snapshot.audit_policy->find(c->subcategory);
    return it != snapshot.audit_policy->end() && it->second.success == c->after_success &&
           it->second.failure == c->after_failure;
  }
  return false;
}

/// The `;` comment lines at the top of a decoded template, without the "; " prefix.
inline std::vector<std::string> comment_lines(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& line : split(text, '\n')) {
    const std::string_view l = trim(line);
    if (!l.starts_with(";")) continue;
    out.emplace_back(trim(l.substr(1)));
  }
  return out;
}

/// True when one of `lines` starts with "<id> " (an action of the "not in this format" list).
inline bool lists(const std::vector<std::string>& lines, std::string_view id) {
  for (const auto& l : lines) {
    if (l.starts_with(std::string(id) + " ")) return true;
  }
  return false;
}

}  // namespace temper::plan::testing
