// SPDX-License-Identifier: Apache-2.0
// temper.plan/1 as JSON (docs/output.md): keys in a fixed order, the same plan always the same text.
#include <algorithm>
#include <map>

#include "model/registry.hpp"
#include "plan/detail/overloaded.hpp"
#include "plan/detail/json.hpp"
#include "plan/render.hpp"

namespace temper::plan {
namespace {
using Json = nlohmann::ordered_json;

using detail::Overloaded;

Json reg_json(const model::RegValue& v) {
  Json j;
  j["type"] = std::string(model::reg_type_name(v.type));
  if (v.is_number()) {
    j["data"] = v.number;
  } else if (v.type == model::RegType::kMultiSz) {
    j["data"] = v.multi;
  } else if (v.is_text()) {
    j["data"] = v.text;
  } else {
    j["data"] = v.display();
  }
  return j;
}

Json scalar_json(const model::Scalar& s) {
  return std::visit(Overloaded{
                        [](std::monostate) { return Json(nullptr); },
                        [](bool b) { return Json(b); },
                        [](long long n) { return Json(n); },
                        [](const std::string& t) { return Json(t); },
                    },
                    s.value);
}

// The typed target, before and after of a change.
Json change_json(const Change& change) {
  Json j;
  j["kind"] = std::string(change_kind(change));
  j["target"] = change_target(change);
  std::visit(Overloaded{
                 [&](const UserRightChange& c) {
                   j["right"] = c.right;
                   if (c.before == Before::kPresent) j["before_holders"] = c.before_holders;
                   j["after_holders"] = c.after_holders;
                 },
                 [&](const SecurityOptionChange& c) {
                   j["name"] = c.name;
                   j["section"] = std::string(option_section_name(c.section));
                   if (c.before == Before::kPresent) j["before_value"] = c.before_value;
                   j["after_value"] = scalar_json(c.after);
                 },
                 [&](const RegistryChange& c) {
                   j["key"] = c.key;
                   j["value"] = c.value;
                   if (c.before == Before::kPresent) j["before_data"] = reg_json(c.before_data);
                   j["remove"] = c.remove;
                   if (!c.remove) j["after_data"] = reg_json(c.after);
                 },
                 [&](const ServiceChange& c) {
                   j["service"] = c.name;
                   if (c.before == Before::kPresent) {
                     j["before_start_mode"] = c.before_start_mode;
                     j["before_state"] = c.before_state;
                   }
                   j["after_start_mode"] = c.after_start_mode;
                   j["stop"] = c.stop;
                 },
                 [&](const AuditPolicyChange& c) {
                   j["subcategory"] = c.subcategory;
                   j["name"] = c.name;
                   if (c.before == Before::kPresent) {
                     j["before_success"] = c.before_success;
                     j["before_failure"] = c.before_failure;
                   }
                   j["after_success"] = c.after_success;
                   j["after_failure"] = c.after_failure;
                 },
                 [&](const IisConfigChange& c) {
                   j["config_path"] = c.config_path;
                   j["ps_path"] = c.ps_path;
                   j["location"] = c.location;
                   j["clr"] = c.clr;
                   j["file"] = c.file;
                   j["section"] = c.section;
                   j["element"] = c.element;
                   j["attribute"] = c.attribute;
                   j["is_item"] = c.is_item;
                   if (c.before != Before::kUnknown) {
                     j["before_value"] = c.before_value;
                     j["before_origin"] = c.before_origin;
                   }
                   j["remove"] = c.remove;
                   if (!c.remove) j["after_value"] = c.after;
                 },
                 [&](const FeatureChange& c) {
                   j["feature"] = c.name;
                   j["after_installed"] = c.after_installed;
                 },
                 [&](const ManualStep& c) { j["note"] = c.note; },
             },
             change);
  return j;
}

Json effect_json(const Effect& e) {
  Json j;
  j["reboot"] = e.reboot;
  j["restart"] = e.restart;
  j["note"] = e.note;
  return j;
}
}  // namespace

namespace detail {
Json action_json(const Action& a, bool for_hash) {
  Json j;
  j["id"] = a.id;
  j["rules"] = a.rules;
  if (!for_hash) {
    j["title"] = a.title;
    j["section"] = a.section;
  }
  j["scope"] = a.scope;
  j["change"] = change_json(a.change);
  if (const auto state = before_state(a.change)) {
    j["before"] = {{"state", std::string(before_name(*state))}, {"display", before_display(a.change)}};
  } else {
    j["before"] = nullptr;
  }
  j["after"] = after_display(a.change);
  const auto inverse = inverse_change(a.change);
  j["inverse"] = {{"display", inverse_display(a.change)}, {"change", inverse ? change_json(*inverse) : Json(nullptr)}};
  j["effect"] = effect_json(a.effect);
  if (!for_hash) {
    j["risk"] = {{"verdict", a.risk.verdict}, {"reason", a.risk.reason}, {"evidence", a.risk.evidence}};
    j["notes"] = a.notes;
  }
  return j;
}
}  // namespace detail

std::string render_json(const Plan& plan) {
  Json j;
  j["schema"] = std::string(kPlanSchema);
  j["host"] = {{"name", plan.host.name},
               {"os", plan.host.os_name},
               {"os_build", plan.host.os_build},
               {"role", plan.host.role ? Json(std::string(model::role_name(*plan.host.role))) : Json(nullptr)}};
  j["benchmark"] = plan.benchmark.empty() ? Json(nullptr) : Json(plan.benchmark);
  j["level"] = plan.level ? Json(*plan.level) : Json(nullptr);
  j["hash"] = plan.hash;
  j["risk_source"] = plan.risk_source.empty() ? Json(nullptr) : Json(plan.risk_source);
  std::map<std::string, int> kinds;
  std::map<std::string, int> risks;
  bool reboot = false;
  std::vector<std::string> restart;
  for (const auto& a : plan.actions) {
    ++kinds[std::string(change_kind(a.change))];
    ++risks[a.risk.verdict];
    reboot = reboot || a.effect.reboot;
    for (const auto& s : a.effect.restart) {
      if (std::find(restart.begin(), restart.end(), s) == restart.end()) restart.push_back(s);
    }
  }
  Json summary;
  summary["actions"] = plan.actions.size();
  summary["by_kind"] = Json::object();
  for (const auto& [k, n] : kinds) summary["by_kind"][k] = n;
  summary["by_risk"] = Json::object();
  for (const auto& [k, n] : risks) summary["by_risk"][k] = n;
  summary["reboot"] = reboot;
  summary["restart"] = restart;
  summary["merges"] = plan.merges.size();
  summary["omitted"] = plan.omitted.size();
  j["summary"] = summary;
  j["actions"] = Json::array();
  for (const auto& a : plan.actions) j["actions"].push_back(detail::action_json(a, false));
  j["merges"] = Json::array();
  for (const auto& m : plan.merges) {
    j["merges"].push_back({{"target", m.target}, {"rules", m.rules}, {"kept", m.kept}, {"conflict", m.conflict}});
  }
  j["omitted"] = Json::array();
  for (const auto& o : plan.omitted) j["omitted"].push_back({{"rule", o.rule}, {"scope", o.scope}, {"reason", o.reason}});
  j["warnings"] = plan.warnings;
  j["principals"] = Json::object();
  for (const auto& [sid, name] : plan.names) j["principals"][sid] = name;
  return j.dump(2) + "\n";
}

}  // namespace temper::plan
