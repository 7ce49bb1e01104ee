// SPDX-License-Identifier: Apache-2.0
// Placement of plan actions in a security template or a GPO backup, and the "not in this format" list.
//
// Example (Format::kGpo):
//   UserRightChange SeTcbPrivilege -> []                   -> kTemplate (GptTmpl.inf "SeTcbPrivilege =")
//   RegistryChange HKLM\...\Lsa\NoLMHash = 1               -> kTemplate ([Registry Values], a security-option key)
//   RegistryChange HKLM\...\Lsa\X remove                   -> kRegistryPol ("**del.X": a template cannot delete)
//   RegistryChange HKLM\SOFTWARE\Policies\...\Y = 1        -> kRegistryPol
//   ServiceChange Spooler Disabled, stop                   -> kTemplate, missing "stop now: ..."
//   AuditPolicyChange {0cce923f-...} success and failure   -> kAuditCsv
//   IisConfigChange ...                                    -> kNone, missing "an IIS setting"
// With Format::kInf the registry.pol and audit.csv cases become kNone with the reason.
#include "plan/write_common.hpp"

#include "core/strings.hpp"
#include "plan/write_audit_csv.hpp"
#include "plan/write_inf.hpp"
#include "plan/write_registry_pol.hpp"

namespace temper::plan {
namespace {

Placement here(Part part, std::string missing = {}) {
  return Placement{part, std::move(missing)};
}

Placement place_registry(const RegistryChange& c, bool gpo) {
  if (!istarts_with(c.key, "HKLM\\")) return here(Part::kNone, "a registry value outside HKLM (a GPO's Machine side)");
  const bool template_key = security_template_registry(c.key);
  const std::string inf_problem = template_key ? inf_registry_problem(c) : std::string();
  if (template_key && inf_problem.empty()) return here(Part::kTemplate);
  if (!gpo) {
    return here(Part::kNone, template_key ? inf_problem
                                          : "a registry value secedit does not manage (registry.pol in the GPO "
                                            "format)");
  }
  std::string pol = pol_problem(c);
  if (pol.empty()) return here(Part::kRegistryPol);
  return here(Part::kNone, std::move(pol));
}

Placement place_option(const SecurityOptionChange& c, bool gpo) {
  if (c.section == OptionSection::kAuditOption) {
    if (!gpo) return here(Part::kNone, "an advanced audit option (audit.csv in the GPO format)");
    std::string problem = audit_option_problem(c);
    return problem.empty() ? here(Part::kAuditCsv) : here(Part::kNone, std::move(problem));
  }
  std::string problem = inf_option_problem(c);
  return problem.empty() ? here(Part::kTemplate) : here(Part::kNone, std::move(problem));
}

Placement place_service(const ServiceChange& c) {
  if (inf_service_start(c.after_start_mode) == 0) {
    return here(Part::kNone, "start mode '" + one_line(c.after_start_mode) + "' is not Auto, Manual or Disabled");
  }
  if (!c.stop) return here(Part::kTemplate);
  return here(Part::kTemplate, "stop now: a template sets only the start mode (" + c.after_start_mode +
                                   "); the service keeps running until it is stopped or Windows restarts");
}

// "A004 [rule] registry HKLM\\...\\X", "A005 [rule] service Spooler": the kind only where the target lacks it.
std::string action_label(const Action& a) {
  std::string out = a.id;
  if (!a.rules.empty()) out += " [" + join(a.rules, ", ") + "]";
  const std::string_view kind = change_kind(a.change);
  const std::string target = change_target(a.change);
  if (!target.starts_with(std::string(kind.substr(0, kind.find('_'))) + " ")) out += " " + std::string(kind);
  return out + " " + target;
}
}  // namespace

Placement place(const Change& change, Format format) {
  const bool gpo = format == Format::kGpo;
  if (const auto* c = std::get_if<UserRightChange>(&change)) {
    std::string problem = inf_holders_problem(*c);
    return problem.empty() ? here(Part::kTemplate) : here(Part::kNone, std::move(problem));
  }
  if (const auto* c = std::get_if<SecurityOptionChange>(&change)) return place_option(*c, gpo);
  if (const auto* c = std::get_if<RegistryChange>(&change)) return place_registry(*c, gpo);
  if (const auto* c = std::get_if<ServiceChange>(&change)) return place_service(*c);
  if (const auto* c = std::get_if<AuditPolicyChange>(&change)) {
    if (!gpo) return here(Part::kNone, "advanced audit policy (audit.csv in the GPO format)");
    std::string problem = audit_subcategory_problem(*c);
    return problem.empty() ? here(Part::kAuditCsv) : here(Part::kNone, std::move(problem));
  }
  if (std::holds_alternative<IisConfigChange>(change)) return here(Part::kNone, "an IIS setting");
  if (std::holds_alternative<FeatureChange>(change)) return here(Part::kNone, "a Windows feature");
  if (std::holds_alternative<ManualStep>(change)) return here(Part::kNone, "a manual step");
  return here(Part::kNone, "a change this format does not know");
}

std::vector<std::string> not_carried(const Plan& plan, Format format) {
  std::vector<std::string> out;
  for (const auto& a : plan.actions) {
    const Placement p = place(a.change, format);  // expressible() is this same decision
    if (p.missing.empty()) continue;
    out.push_back(one_line(action_label(a) + ": " + p.missing));
  }
  return out;
}

std::vector<std::string> plan_header(const Plan& plan, std::string_view what) {
  std::vector<std::string> out;
  out.push_back(std::string(what) + ", generated by temper from " + std::string(kPlanSchema) + "; do not edit");
  out.push_back("host: " + one_line(plan.host.name.empty() ? "(unknown)" : plan.host.name));
  std::string benchmark = plan.benchmark.empty() ? "every rule" : one_line(plan.benchmark);
  if (plan.level) benchmark += ", level " + std::to_string(*plan.level);
  out.push_back("benchmark: " + benchmark);
  out.push_back("plan hash: " + one_line(plan.hash));
  return out;
}

std::string one_line(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return out;
}

}  // namespace temper::plan
