// SPDX-License-Identifier: Apache-2.0
// The PowerShell of each kind of change: how its live value is read (and saved), set, re-read and restored.
// Every plan value goes through ps_literal / ps_array or becomes a typed number; nothing is interpolated.
#include <string>
#include <utility>
#include <variant>

#include "core/redact.hpp"
#include "plan/detail/overloaded.hpp"
#include "core/strings.hpp"
#include "plan/detail/powershell.hpp"

namespace temper::plan::detail {
namespace {


std::string holders_text(const std::vector<std::string>& holders) {
  return holders.empty() ? std::string("nobody") : join(holders, ", ");
}

ActionCode user_right(const UserRightChange& c) {
  ActionCode a;
  a.kind = "user_right";
  a.target = "User right " + c.right;
  a.description = "assign to " + holders_text(c.after_holders);
  a.helpers = kHelperSecedit;
  const std::string right = ps_literal(c.right);
  const std::string holders = ps_array(c.after_holders);
  a.read = "Get-TemperUserRight -Right " + right;
  a.apply = {"Set-TemperUserRight -Right " + right + " -Holders " + holders};
  a.expected = "Format-TemperHolders -Holders " + holders;
  a.actual = "Format-TemperHolders -Holders ((Get-TemperUserRight -Right " + right + ").holders)";
  a.restore = {"Set-TemperUserRight -Right " + right + " -Holders @($s.holders)"};
  return a;
}

// The text a security template holds for a value: decimal numbers, 1/0 for booleans, quoted names.
std::string template_value(const model::Scalar& v) {
  if (const auto* b = std::get_if<bool>(&v.value)) return *b ? "1" : "0";
  if (const auto* n = std::get_if<long long>(&v.value)) return std::to_string(*n);
  if (const auto* s = std::get_if<std::string>(&v.value)) {
    long long ignored = 0;
    return parse_int64(*s, ignored) ? *s : "\"" + *s + "\"";
  }
  return "";
}

bool truthy(const model::Scalar& v) {
  if (const auto* b = std::get_if<bool>(&v.value)) return *b;
  if (const auto* n = std::get_if<long long>(&v.value)) return *n != 0;
  if (const auto* s = std::get_if<std::string>(&v.value)) {
    return iequals(*s, "1") || iequals(*s, "true") || iequals(*s, "enabled") || iequals(*s, "enable");
  }
  return false;
}

ActionCode audit_option(const SecurityOptionChange& c) {
  ActionCode a;
  const std::string option = c.name.substr(c.name.find('\\') + 1);
  const bool enable = truthy(c.after);
  a.kind = "security_option";
  a.target = "Audit option " + option;
  a.description = enable ? "enable" : "disable";
  a.helpers = kHelperAuditpol;
  const std::string name = ps_literal(option);
  a.read = "Get-TemperAuditOption -Name " + name;
  a.apply = {"Set-TemperAuditOption -Name " + name + " -Enable " + (enable ? "$true" : "$false")};
  a.expected = enable ? "'1'" : "'0'";
  a.actual = "[string](Get-TemperAuditOption -Name " + name + ").value";
  a.restore = {"Set-TemperAuditOption -Name " + name + " -Enable ([int]$s.value -ne 0)"};
  return a;
}

ActionCode security_option(const SecurityOptionChange& c) {
  if (c.section == OptionSection::kAuditOption) return audit_option(c);
  std::string section = c.section == OptionSection::kKerberosPolicy ? "Kerberos Policy" : "System Access";
  std::string key = c.name;
  if (c.section == OptionSection::kEventLog) {  // "Security Log\\MaximumLogSize"
    const auto cut = c.name.find('\\');
    section = c.name.substr(0, cut);
    key = cut == std::string::npos ? std::string() : c.name.substr(cut + 1);
  }
  const std::string raw = template_value(c.after);
  ActionCode a;
  a.kind = "security_option";
  a.target = "Security option [" + section + "] " + key;
  a.description = "set to " + raw;
  a.helpers = kHelperSecedit;
  const std::string at = "-Section " + ps_literal(section) + " -Name " + ps_literal(key);
  a.read = "Get-TemperSecurityOption " + at;
  a.apply = {"Set-TemperSecurityOption " + at + " -Raw " + ps_literal(raw)};
  a.expected = ps_literal(raw);
  a.actual = "[string](Get-TemperSecurityOption " + at + ").raw";
  a.restore = {"if ($s.defined) {",
               "    Set-TemperSecurityOption " + at + " -Raw $s.raw",
               "} else {",
               "    Write-Warning " + ps_literal(key + " was not defined before; secedit cannot undefine a local setting, so it keeps the plan's value.") + "",
               "}"};
  return a;
}

std::string reg_kind(model::RegType t) {
  switch (t) {
    case model::RegType::kSz: return "String";
    case model::RegType::kExpandSz: return "ExpandString";
    case model::RegType::kBinary: return "Binary";
    case model::RegType::kDword: return "DWord";
    case model::RegType::kMultiSz: return "MultiString";
    case model::RegType::kQword: return "QWord";
    default: return "";
  }
}

std::string reg_data(const model::RegValue& v) {
  switch (v.type) {
    case model::RegType::kDword:
    case model::RegType::kQword: return "([uint64]" + std::to_string(v.number) + ")";
    case model::RegType::kSz:
    case model::RegType::kExpandSz: return ps_literal(v.text);
    case model::RegType::kMultiSz: return ps_array(v.multi);
    case model::RegType::kBinary: {
      std::string out = "([byte[]]@(";
      for (std::size_t i = 0; i < v.binary.size(); ++i) {
        if (i > 0) out += ", ";
        out += std::to_string(v.binary[i]);
      }
      return out + "))";
    }
    default: return "$null";
  }
}

ActionCode registry(const RegistryChange& c) {
  if (istarts_with(c.key, "HKCU\\")) {
    // A per-user value: the script would change only the hive of the account running it.
    ActionCode m;
    m.kind = "registry";
    m.target = "Registry " + c.key + "\\" + (c.value.empty() ? "(Default)" : c.value);
    m.manual = true;
    m.manual_note = "per-user setting " + c.key + "\\" + c.value +
                    (c.remove ? " (delete)" : " = " + std::string(model::reg_type_name(c.after.type)) + " " + c.after.display()) +
                    ": set it for every user through a GPO's User Configuration; this script would change only "
                    "the account running it";
    m.description = m.manual_note;
    return m;
  }
  ActionCode a;
  a.kind = "registry";
  a.target = "Registry " + c.key + "\\" + (c.value.empty() ? "(Default)" : c.value);
  a.helpers = kHelperRegistry;
  const std::string at = "-Key " + ps_literal(c.key) + " -Name " + ps_literal(c.value);
  a.read = "Get-TemperRegistryValue " + at;
  a.actual = "Format-TemperRegistryState -State (Get-TemperRegistryValue " + at + ")";
  a.restore = {"Restore-TemperRegistryValue " + at + " -State $s"};
  if (c.remove) {
    a.description = "delete the value";
    a.apply = {"Remove-TemperRegistryValue " + at};
    a.expected = "'(absent)'";
    return a;
  }
  const std::string kind = reg_kind(c.after.type);
  a.description = "set " + std::string(model::reg_type_name(c.after.type)) + " " + c.after.display();
  if (kind.empty()) {
    a.apply = {"throw " + ps_literal("registry type " + std::string(model::reg_type_name(c.after.type)) +
                                     " is not supported by this script; set it by hand")};
    a.expected = "'(unsupported)'";
    return a;
  }
  const std::string data = reg_data(c.after);
  a.apply = {"Set-TemperRegistryValue " + at + " -Kind '" + kind + "' -Data " + data};
  a.expected = "Format-TemperRegistryData -Kind '" + kind + "' -Data " + data;
  return a;
}

std::string start_type(std::string_view mode) {
  if (iequals(mode, "auto") || iequals(mode, "automatic")) return "Automatic";
  if (iequals(mode, "manual")) return "Manual";
  if (iequals(mode, "disabled")) return "Disabled";
  return std::string(mode);
}

ActionCode service(const ServiceChange& c) {
  ActionCode a;
  const std::string mode = start_type(c.after_start_mode);
  a.kind = "service";
  a.target = "Service " + c.name;
  a.description = "start type " + mode + (c.stop ? ", stop it now" : "");
  a.helpers = kHelperService;
  const std::string name = ps_literal(c.name);
  a.read = "Get-TemperService -Name " + name;
  a.skip_if = "-not $saved.installed";
  a.skip_reason = "not installed: nothing to change";
  a.apply = {"Set-TemperServiceStart -Name " + name + " -StartType " + ps_literal(mode) + " -Delayed $false"};
  if (c.stop) a.apply.push_back("Stop-Service -InputObject (Get-TemperServiceObject -Name " + name + ")");
  a.expected = ps_literal(c.stop ? mode + ", Stopped" : mode);
  a.actual = "Format-TemperService -State (Get-TemperService -Name " + name + ") -WithStatus " + (c.stop ? "$true" : "$false");
  a.restore = {"Restore-TemperService -Name " + name + " -State $s"};
  return a;
}

ActionCode audit_policy(const AuditPolicyChange& c) {
  ActionCode a;
  const int value = (c.after_success ? 1 : 0) + (c.after_failure ? 2 : 0);
  static constexpr std::string_view kNames[] = {"No Auditing", "Success", "Failure", "Success and Failure"};
  a.kind = "audit_policy";
  a.target = "Audit " + (c.name.empty() ? c.subcategory : c.name + " " + c.subcategory);
  a.description = std::string(kNames[value]);
  a.helpers = kHelperAuditpol;
  const std::string guid = ps_literal(c.subcategory);
  a.read = "Get-TemperAuditSubcategory -Guid " + guid;
  a.apply = {"Set-TemperAuditSubcategory -Guid " + guid + " -Success " + (c.after_success ? "$true" : "$false") +
             " -Failure " + (c.after_failure ? "$true" : "$false")};
  a.expected = "Format-TemperAudit -Value " + std::to_string(value);
  a.actual = "Format-TemperAudit -Value ((Get-TemperAuditSubcategory -Guid " + guid + ").value)";
  a.restore = {"Set-TemperAuditSubcategory -Guid " + guid +
               " -Success (([int]$s.value -band 1) -ne 0) -Failure (([int]$s.value -band 2) -ne 0)"};
  return a;
}

// The key attributes of a collection item's last step: "add[@verb='TRACE'][@x=\"y\"]" -> {verb: TRACE, x: y}.
std::vector<std::pair<std::string, std::string>> item_keys(std::string_view step) {
  std::vector<std::pair<std::string, std::string>> keys;
  std::size_t at = step.find("[@");
  while (at != std::string_view::npos) {
    const std::size_t eq = step.find('=', at);
    if (eq == std::string_view::npos || eq + 1 >= step.size()) break;
    const char quote = step[eq + 1];
    const std::size_t end = step.find(quote, eq + 2);
    if ((quote != '\'' && quote != '"') || end == std::string_view::npos) break;
    keys.emplace_back(std::string(trim(step.substr(at + 2, eq - at - 2))), std::string(step.substr(eq + 2, end - eq - 2)));
    at = step.find("[@", end);
  }
  return keys;
}

std::string ps_hashtable(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string out = "@{ ";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) out += "; ";
    out += ps_literal(entries[i].first) + " = " + ps_literal(entries[i].second);
  }
  return out + (entries.empty() ? "}" : " }");
}

bool looks_secret(std::string_view v) { return v.find(kRedacted) != std::string_view::npos || is_encrypted_value(v); }

ActionCode iis_config(const IisConfigChange& c) {
  ActionCode a;
  a.kind = "iis_config";
  a.helpers = kHelperIis;
  a.secret = looks_secret(c.after) || looks_secret(c.before_value);
  std::string ps_path = c.ps_path.empty() ? c.config_path : c.ps_path;
  std::string clr = c.clr.empty() ? std::string() : "v" + c.clr;  // the .NET 2.0 machine.config / root web.config
  if (istarts_with(ps_path, "CLR2/")) {  // a plan that names the hierarchy in the path instead
    ps_path = ps_path.substr(5);
    clr = "v2.0";
  }
  std::string element = c.element;
  while (!element.empty() && element.front() == '/') element.erase(0, 1);
  const std::size_t last = element.rfind('/', element.find('['));
  const std::string collection = last == std::string::npos ? element : element.substr(0, last);
  const auto keys = item_keys(last == std::string::npos ? element : element.substr(last + 1));

  std::string at = "-PSPath " + ps_literal(ps_path);
  if (!clr.empty()) at += " -Clr " + ps_literal(clr);
  if (!c.location.empty()) at += " -Location " + ps_literal(c.location);
  const std::string filter = ps_literal(element);
  const std::string name = ps_literal(c.attribute);
  const std::string value = ps_literal(c.after);
  a.target = "IIS " + ps_path + (c.location.empty() ? "" : " location " + c.location) + ": " + element +
             (c.attribute.empty() ? "" : " @" + c.attribute);
  a.read = "Get-TemperIisState -PSPath " + ps_literal(ps_path) + " -Clr " + ps_literal(clr) + " -Location " +
           ps_literal(c.location) + " -File " + ps_literal(c.file) + " -Section " + ps_literal(c.section) +
           " -Filter " + filter + " -Name " + name + " -Item " + (c.is_item ? "$true" : "$false");
  const std::string reread = "(" + a.read + ")";
  const std::string set_attr = "Set-WebConfigurationProperty " + at + " -Filter " + filter + " -Name " + name + " -Value ";
  const std::string clear_attr = "Clear-WebConfiguration " + at + " -Filter " + ps_literal(element + "/@" + c.attribute);
  const std::string remove_item = "Remove-WebConfigurationProperty " + at + " -Filter " + ps_literal(collection) +
                                  " -Name '.' -AtElement " + ps_hashtable(keys);
  const std::string add_item = "Add-WebConfigurationProperty " + at + " -Filter " + ps_literal(collection) + " -Name '.' -Value ";
  // How the rollback puts an attribute back: cleared when only inherited before, else the saved value.
  const std::vector<std::string> restore_attr = {"if ($s.local -eq $false) {", "    " + clear_attr, "} else {",
                                                 "    " + set_attr + "$s.value", "}"};

  if (!c.is_item && !c.remove) {
    a.description = "set " + c.attribute + " = " + c.after;
    a.apply = {set_attr + value};
    a.expected = value;
    a.actual = reread + ".value";
    a.restore = restore_attr;
    if (c.attribute.empty()) {
      a.apply = {"throw " + ps_literal("the plan names no attribute to set on " + element)};
      a.restore = {"Write-Warning " + ps_literal("nothing to restore for " + element)};
    }
    return a;
  }
  if (!c.is_item) {  // clear an attribute (or the element) written at this path
    a.description = "clear " + (c.attribute.empty() ? element : element + "/@" + c.attribute) + " at this path";
    a.apply = {"Clear-WebConfiguration " + at + " -Filter " + ps_literal(c.attribute.empty() ? element : element + "/@" + c.attribute)};
    a.expected = "'cleared'";
    a.actual = "Format-TemperIisCleared -State " + reread;
    if (c.attribute.empty()) {
      a.restore = {"if ($s.local -ne $false) {",
                   "    foreach ($p in (ConvertTo-TemperHashtable $s.attributes).GetEnumerator()) { Set-WebConfigurationProperty " + at +
                       " -Filter " + filter + " -Name $p.Key -Value $p.Value }",
                   "}"};
    } else {
      a.restore = {"if ($s.local -ne $false -and $s.exists) { " + set_attr + "$s.value }"};
    }
    return a;
  }
  if (c.remove) {  // remove a collection item
    a.description = "remove the item " + element;
    a.apply = {"if ($saved.exists) { " + remove_item + " }"};
    a.expected = "'absent'";
    a.actual = "Format-TemperIisPresence -State " + reread;
    a.restore = {"if ($s.exists) { " + add_item + "(ConvertTo-TemperHashtable $s.attributes) }"};
    return a;
  }
  auto with_attr = keys;
  if (!c.attribute.empty()) with_attr.emplace_back(c.attribute, c.after);
  if (c.attribute.empty()) {  // add a collection item
    a.description = "add the item " + element;
    a.apply = {"if (-not $saved.exists) { " + add_item + ps_hashtable(with_attr) + " }"};
    a.expected = "'present'";
    a.actual = "Format-TemperIisPresence -State " + reread;
    a.restore = {"if (-not $s.exists) { " + remove_item + " }"};
    return a;
  }
  a.description = "set " + c.attribute + " = " + c.after + " on the item " + element;
  a.apply = {"if ($saved.exists) {", "    " + set_attr + value, "} else {", "    " + add_item + ps_hashtable(with_attr), "}"};
  a.expected = value;
  a.actual = reread + ".value";
  a.restore = {"if (-not $s.exists) {", "    " + remove_item, "} elseif ($s.local -eq $false) {", "    " + clear_attr,
               "} else {", "    " + set_attr + "$s.value", "}"};
  return a;
}

ActionCode feature(const FeatureChange& c) {
  ActionCode a;
  a.kind = "feature";
  a.target = "Feature " + c.name;
  a.description = c.after_installed ? "install" : "uninstall";
  a.helpers = kHelperFeature;
  const std::string name = ps_literal(c.name);
  const std::string install = "Register-TemperFeatureResult -Result (Install-WindowsFeature -Name " + name + ")";
  const std::string uninstall = "Register-TemperFeatureResult -Result (Uninstall-WindowsFeature -Name " + name + ")";
  a.read = "Get-TemperFeature -Name " + name;
  a.skip_if = "-not $saved.known";
  a.skip_reason = "not available on this server";
  a.apply = {c.after_installed ? install : uninstall};
  a.expected = c.after_installed ? "'installed'" : "'not installed'";
  a.actual = "Format-TemperFeature -State (Get-TemperFeature -Name " + name + ")";
  a.restore = {"if ($s.known -and $s.installed) {", "    " + install, "} elseif ($s.known) {", "    " + uninstall, "}"};
  return a;
}

ActionCode manual(const ManualStep& c) {
  ActionCode a;
  a.kind = "manual";
  a.target = "Manual step";
  a.description = c.note;
  a.manual = true;
  a.manual_note = c.note;
  return a;
}

std::string before_of(Before b, std::string present) {
  if (b == Before::kUnknown) return "unknown (not collected; read at run time)";
  if (b == Before::kAbsent) return "absent";
  return present;
}

std::string before_text(const Change& change) {
  return std::visit(
      Overloaded{
          [](const UserRightChange& c) { return before_of(c.before, holders_text(c.before_holders)); },
          [](const SecurityOptionChange& c) { return before_of(c.before, c.before_value); },
          [](const RegistryChange& c) {
            return before_of(c.before, std::string(model::reg_type_name(c.before_data.type)) + " " + c.before_data.display());
          },
          [](const ServiceChange& c) {
            return before_of(c.before, c.before_start_mode + (c.before_state.empty() ? "" : ", " + c.before_state));
          },
          [](const AuditPolicyChange& c) {
            const std::string v = c.before_success && c.before_failure ? "Success and Failure"
                                  : c.before_success                   ? "Success"
                                  : c.before_failure                   ? "Failure"
                                                                       : "No Auditing";
            return before_of(c.before, v);
          },
          [](const IisConfigChange& c) {
            return before_of(c.before, (c.is_item && c.attribute.empty() ? std::string("present") : c.before_value) +
                                           (c.before_origin.empty() ? "" : " (" + c.before_origin + ")"));
          },
          [](const FeatureChange& c) { return c.before == Before::kAbsent ? std::string("not installed") : before_of(c.before, "installed"); },
          [](const ManualStep&) { return std::string(); },
      },
      change);
}

}  // namespace

ActionCode action_code(const Change& change) {
  ActionCode code = std::visit(Overloaded{
                        [](const UserRightChange& c) { return user_right(c); },
                        [](const SecurityOptionChange& c) { return security_option(c); },
                        [](const RegistryChange& c) { return registry(c); },
                        [](const ServiceChange& c) { return service(c); },
                        [](const AuditPolicyChange& c) { return audit_policy(c); },
                        [](const IisConfigChange& c) { return iis_config(c); },
                        [](const FeatureChange& c) { return feature(c); },
                        [](const ManualStep& c) { return manual(c); },
                    },
                    change);
  code.before = before_text(change);
  return code;
}

}  // namespace temper::plan::detail
