// SPDX-License-Identifier: Apache-2.0
// What each change takes to take effect: a reboot, a service restart, or nothing.
#include <array>
#include <utility>

#include "core/strings.hpp"
#include "plan/detail/overloaded.hpp"
#include "plan/detail/building.hpp"

namespace temper::plan::detail {
namespace {

// Registry areas read once at start: the component's restart (or Windows') makes a change take effect.
struct RegistryArea {
  std::string_view prefix;
  bool reboot;
  std::string_view service;  // restart this service instead of Windows ("" = none)
  std::string_view note;
};
constexpr std::array kAreas = {
    RegistryArea{"HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL", true, "",
                 "Schannel reads its protocol and cipher settings at start"},
    RegistryArea{"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa", true, "", "the LSA reads these settings at start"},
    RegistryArea{"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager", true, "", "read at start"},
    RegistryArea{"HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer", false, "LanmanServer", "the Server service reads it at start"},
    RegistryArea{"HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanWorkstation", false, "LanmanWorkstation",
                 "the Workstation service reads it at start"},
    RegistryArea{"HKLM\\SYSTEM\\CurrentControlSet\\Services\\Netlogon", false, "Netlogon", "the Netlogon service reads it at start"},
    RegistryArea{"HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters", false, "HTTP", "http.sys reads it at start (restart IIS with it)"},
    RegistryArea{"HKLM\\SYSTEM\\CurrentControlSet\\Services", true, "", "a driver or service setting, read when it starts"},
    RegistryArea{"HKLM\\SOFTWARE\\Policies", false, "", "applied at the next Group Policy refresh or when the component starts"},
    RegistryArea{"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies", false, "", "applied at the next logon or policy refresh"},
    RegistryArea{"HKCU", false, "", "per user: applied to each user at their next logon or user policy refresh"},
};

Effect registry_effect(const RegistryChange& c) {
  for (const auto& a : kAreas) {
    if (istarts_with(c.key, a.prefix) && (c.key.size() == a.prefix.size() || c.key[a.prefix.size()] == '\\')) {
      Effect e;
      e.reboot = a.reboot;
      if (!a.service.empty()) e.restart.emplace_back(a.service);
      e.note = std::string(a.note);
      return e;
    }
  }
  return Effect{false, {}, "read by the component that uses it, at the latest when it restarts"};
}

Effect iis_effect(const IisConfigChange& c) {
  if (istarts_with(c.section, "system.web/") || iequals(c.section, "system.web")) {
    const bool global = c.location.empty() && (iequals(c.ps_path, "MACHINE") || iequals(c.ps_path, "MACHINE/WEBROOT"));
    return Effect{false, {}, global ? "every ASP.NET application restarts (machine-wide configuration)"
                                    : "the ASP.NET applications below this path restart"};
  }
  if (istarts_with(c.section, "system.applicationHost/")) return Effect{false, {}, "IIS applies it without a restart"};
  return Effect{false, {}, "IIS applies it to new requests without a restart"};
}
}  // namespace

Effect effect_of(const Change& change) {
  return std::visit(Overloaded{
                        [](const UserRightChange&) {
                          return Effect{false, {}, "applies at the accounts' next logon: restart the services and application pools that run as them"};
                        },
                        [](const SecurityOptionChange& c) {
                          switch (c.section) {
                            case OptionSection::kKerberosPolicy: return Effect{false, {}, "applies to tickets issued from now on"};
                            case OptionSection::kAuditOption: return Effect{false, {}, "applies at once"};
                            case OptionSection::kEventLog: return Effect{false, {}, "applies at once"};
                            case OptionSection::kSystemAccess: break;
                          }
                          return Effect{false, {}, "applies at once (password and lockout policy: at the next password change or logon)"};
                        },
                        [](const RegistryChange& c) { return registry_effect(c); },
                        [](const ServiceChange& c) {
                          return Effect{false, {}, c.stop ? "stopped now, and it stays " + c.after_start_mode
                                                          : "applies at the next start of Windows or of the service"};
                        },
                        [](const AuditPolicyChange&) { return Effect{false, {}, "applies at once"}; },
                        [](const IisConfigChange& c) { return iis_effect(c); },
                        [](const FeatureChange&) {
                          return Effect{true, {}, "removing a feature usually needs a restart of Windows"};
                        },
                        [](const ManualStep&) { return Effect{false, {}, "a person makes this change"}; },
                    },
                    change);
}

}  // namespace temper::plan::detail
