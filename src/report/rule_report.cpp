// SPDX-License-Identifier: Apache-2.0
// Rule rendering.
#include "report/rule_report.hpp"

#include <cstdio>

#include "core/strings.hpp"

namespace temper::report {
namespace {
using Json = nlohmann::ordered_json;

Json condition_json(const model::Condition& c) {
  Json j = Json::object();
  if (!c.roles.empty()) {
    Json roles = Json::array();
    for (const auto r : c.roles) roles.push_back(std::string(model::role_name(r)));
    j["roles"] = std::move(roles);
  }
  if (!c.features.empty()) j["features"] = c.features;
  if (!c.not_features.empty()) j["not_features"] = c.not_features;
  if (c.iis_installed) j["iis_installed"] = *c.iis_installed;
  return j;
}

const char* match_name(model::PrincipalMatch m) {
  switch (m) {
    case model::PrincipalMatch::kSubset: return "subset";
    case model::PrincipalMatch::kExact: return "exact";
    case model::PrincipalMatch::kSuperset: return "superset";
  }
  return "?";
}

const char* scope_name(model::IisScopeMode m) {
  switch (m) {
    case model::IisScopeMode::kServer: return "server";
    case model::IisScopeMode::kWebRoot: return "webroot";
    case model::IisScopeMode::kMachine: return "machine";
    case model::IisScopeMode::kWebRootClr2: return "webroot_clr2";
    case model::IisScopeMode::kEvery: return "every";
  }
  return "?";
}

Json check_json(const model::Check& check) {  // NOLINT(misc-no-recursion): `all` nests checks
  Json j;
  j["type"] = std::string(model::check_type_name(check));
  std::visit(
      [&j](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, model::UserRightCheck>) {
          j["right"] = c.right;
          j["match"] = match_name(c.match);
          j["principals"] = c.principals;
          Json adj = Json::array();
          for (const auto& a : c.adjust) {
            Json aj;
            aj["when"] = condition_json(a.when);
            aj["add"] = a.add;
            if (!a.note.empty()) aj["note"] = a.note;
            adj.push_back(std::move(aj));
          }
          if (!adj.empty()) j["adjust"] = std::move(adj);
        } else if constexpr (std::is_same_v<T, model::RegistryCheck>) {
          j["key"] = c.key;
          j["value"] = c.value;
          j["expect"] = c.expect.display();
          if (c.when_absent) j["when_absent"] = c.when_absent->display();
        } else if constexpr (std::is_same_v<T, model::ServiceCheck>) {
          j["name"] = c.name;
          if (c.start_mode) j["start_mode"] = c.start_mode->display();
          if (c.state) j["state"] = c.state->display();
          j["absent_passes"] = c.absent_passes;
        } else if constexpr (std::is_same_v<T, model::AuditPolicyCheck>) {
          j["subcategory"] = c.subcategory;
          j["name"] = c.name;
          j["success"] = c.success;
          j["failure"] = c.failure;
          j["match"] = c.exact ? "exact" : "include";
        } else if constexpr (std::is_same_v<T, model::IisConfigCheck>) {
          j["element"] = c.element;
          j["attribute"] = c.attribute;
          j[c.secret ? "secret" : "expect"] = c.expect.display();
          j["scope"] = scope_name(c.scope);
          if (c.only_if) {
            j["only_if"] = (c.only_if_element.empty() ? std::string() : c.only_if_element + "@") + c.only_if_attribute + " " +
                           c.only_if->display();
          }
          if (c.each) j["each"] = true;
        } else if constexpr (std::is_same_v<T, model::FeatureCheck>) {
          j["name"] = c.name;
          j["installed"] = c.installed;
        } else if constexpr (std::is_same_v<T, model::IisSiteCheck> || std::is_same_v<T, model::IisAppPoolCheck>) {
          j["field"] = c.field;
          j["expect"] = c.expect.display();
        } else if constexpr (std::is_same_v<T, model::AllCheck>) {
          Json list = Json::array();
          for (const auto& sub : c.checks) list.push_back(check_json(sub));
          j["checks"] = std::move(list);
        } else {
          j["name"] = c.name;
          j["expect"] = c.expect.display();
          if (c.when_absent) j["when_absent"] = c.when_absent->display();
        }
      },
      check);
  return j;
}

Json fix_json(const model::Fix& fix) {
  Json j;
  j["type"] = std::string(model::fix_type_name(fix));
  std::visit(
      [&j](const auto& f) {
        using T = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<T, model::UserRightFix>) {
          j["right"] = f.right;
          j["set"] = f.set;
        } else if constexpr (std::is_same_v<T, model::RegistryFix>) {
          j["key"] = f.key;
          j["value"] = f.value;
          if (f.remove) {
            j["remove"] = true;
          } else {
            j["data_type"] = std::string(model::reg_type_name(f.data.type));
            j["data"] = f.data.display();
          }
        } else if constexpr (std::is_same_v<T, model::ServiceFix>) {
          j["name"] = f.name;
          j["start_mode"] = f.start_mode;
          j["stop"] = f.stop;
        } else if constexpr (std::is_same_v<T, model::AuditPolicyFix>) {
          j["subcategory"] = f.subcategory;
          j["success"] = f.success;
          j["failure"] = f.failure;
        } else if constexpr (std::is_same_v<T, model::IisConfigFix>) {
          j["element"] = f.element;
          j["attribute"] = f.attribute;
          if (f.remove) {
            j["remove"] = true;
          } else {
            j["value"] = f.value;
          }
        } else if constexpr (std::is_same_v<T, model::FeatureFix>) {
          j["name"] = f.name;
          j["installed"] = f.installed;
        } else if constexpr (std::is_same_v<T, model::SecurityOptionFix>) {
          j["name"] = f.name;
          j["value"] = f.value.display();
        } else {
          j["note"] = f.note;
        }
      },
      fix);
  return j;
}

std::string refs_text(const model::Rule& rule) {
  std::string out;
  for (const auto& [k, v] : rule.refs) out += (out.empty() ? "" : ", ") + k + " " + v.display();
  return out;
}
}  // namespace

std::string describe_condition(const model::Condition& c) {
  std::vector<std::string> parts;
  if (!c.roles.empty()) {
    std::vector<std::string> roles;
    for (const auto r : c.roles) roles.emplace_back(model::role_name(r));
    parts.push_back("role is " + join(roles, " or "));
  }
  if (!c.features.empty()) parts.push_back("features installed: " + join(c.features, ", "));
  if (!c.not_features.empty()) parts.push_back("features not installed: " + join(c.not_features, ", "));
  if (c.iis_installed) parts.push_back(*c.iis_installed ? "IIS installed" : "IIS not installed");
  return parts.empty() ? "always" : join(parts, "; ");
}

std::string describe_check(const model::Check& check) {
  const Json j = check_json(check);
  std::string out(model::check_type_name(check));
  for (const auto& [k, v] : j.items()) {
    if (k == "type") continue;
    out += "\n    " + k + ": " + (v.is_string() ? v.get<std::string>() : v.dump());
  }
  return out;
}

Json rule_to_json(const model::Rule& r) {
  Json j;
  j["id"] = r.id;
  j["title"] = r.title;
  j["section"] = r.section;
  j["level"] = r.level;
  j["automation"] = r.automation == model::Automation::kAutomated ? "automated" : "approximated";
  Json refs = Json::object();
  for (const auto& [k, v] : r.refs) refs[k] = v.display();
  j["refs"] = std::move(refs);
  j["applies_to"] = condition_json(r.applies_to);
  j["description"] = r.description;
  j["rationale"] = r.rationale;
  j["impact"] = r.impact;
  j["default_value"] = r.default_value;
  j["remediation"] = r.remediation;
  j["check"] = check_json(r.check);
  Json fixes = Json::array();
  for (const auto& f : r.fixes) fixes.push_back(fix_json(f));
  j["fixes"] = std::move(fixes);
  j["source"] = r.where.to_string();
  return j;
}

std::string rule_to_text(const model::Rule& r) {
  std::string out;
  out += r.id + "\n  " + r.title + "\n\n";
  out += "section:      " + r.section + "\n";
  out += "level:        " + std::to_string(r.level) +
         (r.automation == model::Automation::kApproximated ? " (approximated check)" : "") + "\n";
  out += "references:   " + refs_text(r) + "\n";
  out += "applies when: " + describe_condition(r.applies_to) + "\n";
  out += "check:        " + describe_check(r.check) + "\n";
  for (const auto& fix : r.fixes) {
    const Json f = fix_json(fix);
    out += "fix:          " + f["type"].get<std::string>();
    for (const auto& [k, v] : f.items()) {
      if (k != "type") out += "\n    " + k + ": " + (v.is_string() ? v.get<std::string>() : v.dump());
    }
    out += "\n";
  }
  out += "source:       " + r.where.to_string() + "\n\n";
  const auto para = [&out](const char* title, const std::string& text) {
    if (!text.empty()) out += std::string(title) + "\n  " + text + "\n\n";
  };
  para("Description", r.description);
  para("Rationale", r.rationale);
  para("Impact", r.impact);
  para("Default value", r.default_value);
  para("Remediation", r.remediation);
  return out;
}

Json rule_list_to_json(const std::vector<const model::Rule*>& rules, const std::string& benchmark,
                       std::optional<int> level) {
  Json j;
  j["schema"] = std::string(kRulesSchema);
  j["benchmark"] = benchmark.empty() ? Json(nullptr) : Json(benchmark);
  j["level"] = level ? Json(*level) : Json(nullptr);
  Json list = Json::array();
  for (const auto* r : rules) {
    Json rj;
    rj["id"] = r->id;
    rj["title"] = r->title;
    rj["level"] = r->level;
    rj["section"] = r->section;
    Json refs = Json::object();
    for (const auto& [k, v] : r->refs) refs[k] = v.display();
    rj["refs"] = std::move(refs);
    rj["check_type"] = std::string(model::check_type_name(r->check));
    rj["applies_to"] = condition_json(r->applies_to);
    list.push_back(std::move(rj));
  }
  j["rules"] = std::move(list);
  return j;
}

std::string rule_list_to_text(const std::vector<const model::Rule*>& rules) {
  std::size_t width = 2;
  for (const auto* r : rules) width = std::max(width, r->id.size());
  std::string out;
  for (const auto* r : rules) {
    char head[512];
    std::snprintf(head, sizeof head, "%-*s  L%d  ", static_cast<int>(width), r->id.c_str(), r->level);
    out += head + r->title;
    const std::string refs = refs_text(*r);
    if (!refs.empty()) out += "  [" + refs + "]";
    out += "\n";
  }
  out += std::to_string(rules.size()) + " rules\n";
  return out;
}

}  // namespace temper::report
