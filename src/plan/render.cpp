// SPDX-License-Identifier: Apache-2.0
// What each format can carry, and the dispatch to the renderers.
#include "plan/render.hpp"

#include <array>

#include "core/strings.hpp"
#include "plan/write_common.hpp"

namespace temper::plan {
namespace {
// Registry values under these HKLM keys are the ones security templates carry (secedit's own list of
// security-option values, sceregvl.inf); others go to registry.pol in a GPO and to PowerShell.
constexpr std::array kTemplateKeys = {
    "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa",
    "HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanManServer\\Parameters",
    "HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanWorkstation\\Parameters",
    "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Netlogon\\Parameters",
    "HKLM\\SYSTEM\\CurrentControlSet\\Services\\NTDS\\Parameters",
    "HKLM\\SYSTEM\\CurrentControlSet\\Services\\LDAP",
    "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System",
    "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon",
    "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Setup\\RecoveryConsole",
    "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager",
    "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurePipeServers\\Winreg",
    "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Print\\Providers\\LanMan Print Services\\Servers",
    "HKLM\\SOFTWARE\\Policies\\Microsoft\\Cryptography",
};
}  // namespace

bool security_template_registry(std::string_view key) {
  for (std::string_view prefix : kTemplateKeys) {
    if (istarts_with(key, prefix) && (key.size() == prefix.size() || key[prefix.size()] == '\\')) return true;
  }
  return false;
}

std::string_view format_name(Format f) {
  switch (f) {
    case Format::kJson: return "json";
    case Format::kText: return "text";
    case Format::kPowerShell: return "powershell";
    case Format::kInf: return "inf";
    case Format::kGpo: return "gpo";
  }
  return "json";
}

std::optional<Format> parse_format(std::string_view name) {
  for (Format f : kFormats) {
    if (iequals(name, format_name(f))) return f;
  }
  return std::nullopt;
}

bool expressible(const Change& change, Format format) {
  if (format == Format::kJson || format == Format::kText || format == Format::kPowerShell) return true;
  // One decision for what a template or GPO writes and what it lists (write_common.cpp).
  return place(change, format).part != Part::kNone;
}

std::vector<const Action*> not_expressible(const Plan& plan, Format format) {
  std::vector<const Action*> out;
  for (const auto& a : plan.actions) {
    if (!expressible(a.change, format)) out.push_back(&a);
  }
  return out;
}

std::vector<RenderedFile> render(const Plan& plan, Format format, bool color) {
  switch (format) {
    case Format::kJson: return {{"", render_json(plan)}};
    case Format::kText: return {{"", render_text(plan, color)}};
    case Format::kPowerShell: return {{"", render_powershell(plan)}};
    case Format::kInf: return {{"", render_inf(plan)}};
    case Format::kGpo: return render_gpo(plan);
  }
  return {};
}

}  // namespace temper::plan
