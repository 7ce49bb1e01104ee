// SPDX-License-Identifier: Apache-2.0
// Names and targets of plan changes.
#include "plan/plan.hpp"

#include "core/strings.hpp"

namespace temper::plan {
namespace {
template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
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

}  // namespace temper::plan
