// SPDX-License-Identifier: Apache-2.0
// Names and targets of plan changes.
#include "plan/plan.hpp"
#include "plan/detail/overloaded.hpp"

#include <algorithm>

#include "core/strings.hpp"

namespace temper::plan {
namespace {
using detail::Overloaded;
}  // namespace

std::string_view before_name(Before b) {
  switch (b) {
    case Before::kUnknown: return "unknown";
    case Before::kAbsent: return "absent";
    case Before::kPresent: return "present";
  }
  return "unknown";
}

std::string_view option_section_name(OptionSection s) {
  switch (s) {
    case OptionSection::kSystemAccess: return "System Access";
    case OptionSection::kKerberosPolicy: return "Kerberos Policy";
    case OptionSection::kEventLog: return "Event Log";
    case OptionSection::kAuditOption: return "Audit Option";
  }
  return "System Access";
}

OptionSection option_section(std::string_view name) {
  if (istarts_with(name, "AuditPolicy\\")) return OptionSection::kAuditOption;
  if (istarts_with(name, "System Log\\") || istarts_with(name, "Security Log\\") ||
      istarts_with(name, "Application Log\\")) {
    return OptionSection::kEventLog;
  }
  for (std::string_view k : {"MaxTicketAge", "MaxRenewAge", "MaxServiceAge", "MaxClockSkew", "TicketValidateClient"}) {
    if (iequals(name, k)) return OptionSection::kKerberosPolicy;
  }
  return OptionSection::kSystemAccess;
}

std::string_view change_kind(const Change& change) {
  return std::visit(Overloaded{
                        [](const UserRightChange&) { return std::string_view("user_right"); },
                        [](const SecurityOptionChange&) { return std::string_view("security_option"); },
                        [](const RegistryChange&) { return std::string_view("registry"); },
                        [](const ServiceChange&) { return std::string_view("service"); },
                        [](const AuditPolicyChange&) { return std::string_view("audit_policy"); },
                        [](const IisConfigChange&) { return std::string_view("iis_config"); },
                        [](const FeatureChange&) { return std::string_view("feature"); },
                        [](const ManualStep&) { return std::string_view("manual"); },
                    },
                    change);
}

std::string change_target(const Change& change) {
  return std::visit(Overloaded{
                        [](const UserRightChange& c) { return c.right; },
                        [](const SecurityOptionChange& c) { return c.name; },
                        [](const RegistryChange& c) { return c.key + "\\" + c.value; },
                        [](const ServiceChange& c) { return "service " + c.name; },
                        [](const AuditPolicyChange& c) { return "audit " + c.subcategory; },
                        [](const IisConfigChange& c) {
                          std::string t = c.config_path + "|" + c.element;
                          if (!c.attribute.empty()) t += "@" + c.attribute;
                          return t;
                        },
                        [](const FeatureChange& c) { return "feature " + c.name; },
                        [](const ManualStep& c) { return "manual " + c.note; },
                    },
                    change);
}

namespace {
constexpr std::string_view kUnknown = "unknown (not collected)";
constexpr std::string_view kSaved = "restore the value saved when the plan is applied";

std::string holders_text(const std::vector<std::string>& holders, const PrincipalNames* names) {
  if (holders.empty()) return "nobody";
  std::vector<std::string> shown;
  for (const auto& h : holders) {
    const auto it = names != nullptr ? names->find(h) : PrincipalNames::const_iterator{};
    shown.push_back(names != nullptr && it != names->end() ? it->second : h);
  }
  return join(shown, ", ");
}

bool same_set(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  auto has = [](const std::vector<std::string>& list, const std::string& x) {
    return std::any_of(list.begin(), list.end(), [&](const std::string& y) { return iequals(x, y); });
  };
  return std::all_of(a.begin(), a.end(), [&](const std::string& x) { return has(b, x); }) &&
         std::all_of(b.begin(), b.end(), [&](const std::string& x) { return has(a, x); });
}

std::string reg_text(const model::RegValue& v) { return std::string(model::reg_type_name(v.type)) + " " + v.display(); }

std::string audit_text(bool success, bool failure) {
  if (success && failure) return "Success and Failure";
  if (success) return "Success";
  if (failure) return "Failure";
  return "No Auditing";
}

std::string iis_after(const IisConfigChange& c) {
  if (c.remove) return c.attribute.empty() ? "removed" : "attribute removed";
  return c.attribute.empty() ? "present" : (c.after.empty() ? "\"\"" : c.after);
}
}  // namespace

std::optional<Before> before_state(const Change& change) {
  return std::visit(Overloaded{
                        [](const ManualStep&) -> std::optional<Before> { return std::nullopt; },
                        [](const auto& c) -> std::optional<Before> { return c.before; },
                    },
                    change);
}

std::string before_display(const Change& change, const PrincipalNames* names) {
  return std::visit(Overloaded{
                        [names](const UserRightChange& c) -> std::string {
                          if (c.before == Before::kUnknown) return std::string(kUnknown);
                          return c.before == Before::kAbsent ? "(not defined)" : holders_text(c.before_holders, names);
                        },
                        [](const SecurityOptionChange& c) -> std::string {
                          if (c.before == Before::kUnknown) return std::string(kUnknown);
                          return c.before == Before::kAbsent ? "(not defined)" : c.before_value;
                        },
                        [](const RegistryChange& c) -> std::string {
                          if (c.before == Before::kUnknown) return std::string(kUnknown);
                          return c.before == Before::kAbsent ? "(not set)" : reg_text(c.before_data);
                        },
                        [](const ServiceChange& c) -> std::string {
                          if (c.before == Before::kUnknown) return std::string(kUnknown);
                          if (c.before == Before::kAbsent) return "(not installed)";
                          return c.before_start_mode + (c.before_state.empty() ? std::string() : ", " + c.before_state);
                        },
                        [](const AuditPolicyChange& c) -> std::string {
                          if (c.before == Before::kUnknown) return std::string(kUnknown);
                          return c.before == Before::kAbsent ? "(not configured)" : audit_text(c.before_success, c.before_failure);
                        },
                        [](const IisConfigChange& c) -> std::string {
                          if (c.before == Before::kUnknown) return std::string(kUnknown);
                          if (c.before == Before::kAbsent) {
                            return c.before_value.empty() ? "(not set)" : "(not set; default " + c.before_value + ")";
                          }
                          if (c.attribute.empty()) return "present";
                          return c.before_value.empty() ? "\"\"" : c.before_value;
                        },
                        [](const FeatureChange& c) -> std::string {
                          if (c.before == Before::kUnknown) return std::string(kUnknown);
                          return c.before == Before::kPresent ? "installed" : "not installed";
                        },
                        [](const ManualStep&) -> std::string { return "-"; },
                    },
                    change);
}

std::string after_display(const Change& change, const PrincipalNames* names) {
  return std::visit(Overloaded{
                        [names](const UserRightChange& c) { return holders_text(c.after_holders, names); },
                        [](const SecurityOptionChange& c) { return c.after.display(); },
                        [](const RegistryChange& c) { return c.remove ? std::string("(deleted)") : reg_text(c.after); },
                        [](const ServiceChange& c) { return c.after_start_mode + (c.stop ? ", stopped" : std::string()); },
                        [](const AuditPolicyChange& c) { return audit_text(c.after_success, c.after_failure); },
                        [](const IisConfigChange& c) { return iis_after(c); },
                        [](const FeatureChange& c) { return std::string(c.after_installed ? "installed" : "removed"); },
                        [](const ManualStep& c) { return c.note; },
                    },
                    change);
}

std::string inverse_display(const Change& change, const PrincipalNames* names) {
  return std::visit(Overloaded{
                        [names](const UserRightChange& c) -> std::string {
                          if (c.before == Before::kUnknown) return std::string(kSaved);
                          return c.before == Before::kAbsent ? "assign nobody (the right was not defined)"
                                                             : "assign " + holders_text(c.before_holders, names);
                        },
                        [](const SecurityOptionChange& c) -> std::string {
                          if (c.before == Before::kUnknown) return std::string(kSaved);
                          return c.before == Before::kAbsent ? "leave it undefined (restore the saved value)" : "set " + c.before_value;
                        },
                        [](const RegistryChange& c) -> std::string {
                          if (c.before == Before::kUnknown) return std::string(kSaved);
                          return c.before == Before::kAbsent ? "delete the value" : "set " + reg_text(c.before_data);
                        },
                        [](const ServiceChange& c) -> std::string {
                          if (c.before == Before::kUnknown) return std::string(kSaved);
                          if (c.before == Before::kAbsent) return "nothing (not installed)";
                          return "set start mode " + c.before_start_mode +
                                 (c.stop && iequals(c.before_state, "Running") ? " and start it" : std::string());
                        },
                        [](const AuditPolicyChange& c) -> std::string {
                          if (c.before == Before::kUnknown) return std::string(kSaved);
                          return "set " + (c.before == Before::kAbsent ? std::string("No Auditing") : audit_text(c.before_success, c.before_failure));
                        },
                        [](const IisConfigChange& c) -> std::string {
                          if (c.before == Before::kUnknown) return std::string(kSaved);
                          if (c.before == Before::kAbsent) return c.attribute.empty() ? "remove the element" : "clear the attribute (inherit again)";
                          if (c.attribute.empty()) return "add the element back";
                          return "set " + (c.before_value.empty() ? std::string("\"\"") : c.before_value);
                        },
                        [](const FeatureChange& c) -> std::string {
                          if (c.before == Before::kUnknown) return std::string(kSaved);
                          return c.before == Before::kPresent ? "install it again" : "nothing (not installed)";
                        },
                        [](const ManualStep&) -> std::string { return "undo by hand"; },
                    },
                    change);
}

std::optional<Change> inverse_change(const Change& change) {
  return std::visit(
      Overloaded{
          [](const UserRightChange& c) -> std::optional<Change> {
            if (c.before == Before::kUnknown) return std::nullopt;
            UserRightChange i;
            i.right = c.right;
            i.before = Before::kPresent;
            i.before_holders = c.after_holders;
            i.after_holders = c.before == Before::kPresent ? c.before_holders : std::vector<std::string>{};
            return i;
          },
          [](const SecurityOptionChange& c) -> std::optional<Change> {
            if (c.before != Before::kPresent) return std::nullopt;
            SecurityOptionChange i;
            i.name = c.name;
            i.section = c.section;
            i.before = Before::kPresent;
            i.before_value = c.after.display();
            long long n = 0;
            i.after = parse_int64(c.before_value, n) ? model::Scalar{n} : model::Scalar{c.before_value};
            return i;
          },
          [](const RegistryChange& c) -> std::optional<Change> {
            if (c.before == Before::kUnknown) return std::nullopt;
            RegistryChange i;
            i.key = c.key;
            i.value = c.value;
            i.before = c.remove ? Before::kAbsent : Before::kPresent;
            if (!c.remove) i.before_data = c.after;
            i.remove = c.before == Before::kAbsent;
            if (c.before == Before::kPresent) i.after = c.before_data;
            return i;
          },
          [](const ServiceChange& c) -> std::optional<Change> {
            if (c.before != Before::kPresent) return std::nullopt;
            ServiceChange i;
            i.name = c.name;
            i.before = Before::kPresent;
            i.before_start_mode = c.after_start_mode;
            i.before_state = c.stop ? "Stopped" : c.before_state;
            i.after_start_mode = c.before_start_mode;
            return i;
          },
          [](const AuditPolicyChange& c) -> std::optional<Change> {
            if (c.before == Before::kUnknown) return std::nullopt;
            AuditPolicyChange i = c;
            i.before = Before::kPresent;
            i.before_success = c.after_success;
            i.before_failure = c.after_failure;
            i.after_success = c.before == Before::kPresent && c.before_success;
            i.after_failure = c.before == Before::kPresent && c.before_failure;
            return i;
          },
          [](const IisConfigChange& c) -> std::optional<Change> {
            if (c.before == Before::kUnknown) return std::nullopt;
            IisConfigChange i = c;
            i.before = c.remove ? Before::kAbsent : Before::kPresent;
            i.before_value = c.remove ? std::string() : c.after;
            i.before_origin = "this plan";
            // Not set before: remove what the plan set (the attribute, or the item it added).
            i.remove = c.before == Before::kAbsent;
            i.after = c.before == Before::kPresent ? c.before_value : std::string();
            return i;
          },
          [](const FeatureChange& c) -> std::optional<Change> {
            if (c.before == Before::kUnknown) return std::nullopt;
            FeatureChange i;
            i.name = c.name;
            i.before = c.after_installed ? Before::kPresent : Before::kAbsent;
            i.after_installed = c.before == Before::kPresent;
            return i;
          },
          [](const ManualStep&) -> std::optional<Change> { return std::nullopt; },
      },
      change);
}

bool no_op(const Change& change) {
  return std::visit(Overloaded{
                        [](const UserRightChange& c) { return c.before == Before::kPresent && same_set(c.before_holders, c.after_holders); },
                        [](const SecurityOptionChange& c) { return c.before == Before::kPresent && iequals(c.before_value, c.after.display()); },
                        [](const RegistryChange& c) {
                          if (c.remove) return c.before == Before::kAbsent;
                          return c.before == Before::kPresent && c.before_data == c.after;
                        },
                        [](const ServiceChange& c) {
                          return c.before == Before::kPresent && iequals(c.before_start_mode, c.after_start_mode) &&
                                 (!c.stop || iequals(c.before_state, "Stopped"));
                        },
                        [](const AuditPolicyChange& c) {
                          return c.before == Before::kPresent && c.before_success == c.after_success && c.before_failure == c.after_failure;
                        },
                        [](const IisConfigChange& c) {
                          if (c.before == Before::kUnknown) return false;
                          if (c.remove) return c.before == Before::kAbsent && c.before_value.empty();
                          if (c.attribute.empty()) return c.before == Before::kPresent;
                          return (c.before == Before::kPresent || !c.before_value.empty()) && iequals(c.before_value, c.after);
                        },
                        [](const FeatureChange& c) {
                          return c.before != Before::kUnknown && (c.before == Before::kPresent) == c.after_installed;
                        },
                        [](const ManualStep&) { return false; },
                    },
                    change);
}

}  // namespace temper::plan
