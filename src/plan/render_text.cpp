// SPDX-License-Identifier: Apache-2.0
// The review view of a plan: actions grouped by section as the audit groups findings, each with
// before -> after, where it is written, what it takes to take effect, its risk and its inverse.
#include <algorithm>
#include <map>

#include "core/strings.hpp"
#include "plan/render.hpp"

namespace temper::plan {
namespace {

struct Style {
  bool color = false;
  [[nodiscard]] std::string paint(std::string_view text, const char* code) const {
    if (!color) return std::string(text);
    return std::string("\033[") + code + "m" + std::string(text) + "\033[0m";
  }
};

const char* risk_color(std::string_view verdict) {
  if (verdict == "breaks") return "31";
  if (verdict == "unknown") return "33";
  if (verdict == "safe") return "32";
  return "2";
}

// Where a change is written, when that is not obvious from its target.
std::string where(const Change& change) {
  if (const auto* c = std::get_if<IisConfigChange>(&change)) {
    std::string w = c->ps_path + (c->location.empty() ? std::string() : " <location " + c->location + ">");
    if (!c->clr.empty()) w += " (CLR " + c->clr + ")";
    if (!c->file.empty()) w += " in " + c->file;
    return w;
  }
  return {};
}

std::string target_line(const Change& change) {
  if (const auto* c = std::get_if<IisConfigChange>(&change)) {
    return c->element + (c->attribute.empty() ? std::string() : "@" + c->attribute);
  }
  if (const auto* c = std::get_if<AuditPolicyChange>(&change)) return "audit " + (c->name.empty() ? c->subcategory : c->name);
  if (std::holds_alternative<ManualStep>(change)) return "manual step";
  return change_target(change);
}
}  // namespace

std::string render_text(const Plan& plan, bool color) {
  const Style st{color};
  std::string out;
  out += st.paint("temper plan", "1") + " for " + (plan.host.name.empty() ? std::string("(unnamed host)") : plan.host.name);
  if (!plan.benchmark.empty()) out += ", " + plan.benchmark;
  if (plan.level) out += " level " + std::to_string(*plan.level);
  out += "\n";
  out += "plan hash " + plan.hash + "\n";
  out += "risk: " + (plan.risk_source.empty() ? std::string("not learned (give --usage or --impact to judge each change)")
                                              : "learned from " + plan.risk_source) +
         "\n\n";

  // Sections in the order their first action appears; actions keep plan order inside.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const Action*>> groups;
  for (const auto& a : plan.actions) {
    const std::string section = a.section.empty() ? std::string("Other") : a.section;
    if (!groups.contains(section)) order.push_back(section);
    groups[section].push_back(&a);
  }
  bool reboot = false;
  std::vector<std::string> restart;
  std::map<std::string, int> risks;
  for (const auto& section : order) {
    out += st.paint(section, "1") + "\n";
    for (const Action* a : groups[section]) {
      reboot = reboot || a->effect.reboot;
      for (const auto& s : a->effect.restart) {
        if (std::find(restart.begin(), restart.end(), s) == restart.end()) restart.push_back(s);
      }
      ++risks[a->risk.verdict];
      out += "  " + st.paint(a->id, "1") + "  " + a->title + "\n";
      out += "        rules:   " + join(a->rules, ", ") + (a->scope.empty() ? std::string() : "  at " + a->scope) + "\n";
      out += "        change:  " + target_line(a->change) + "\n";
      if (const std::string w = where(a->change); !w.empty()) out += "        where:   " + w + "\n";
      if (std::holds_alternative<ManualStep>(a->change)) {
        out += "        to do:   " + after_display(a->change) + "\n";
      } else {
        out += "        value:   " + before_display(a->change, &plan.names) + "  ->  " + st.paint(after_display(a->change, &plan.names), "1") + "\n";
        out += "        undo:    " + inverse_display(a->change, &plan.names) + "\n";
      }
      std::string effect = a->effect.note;
      if (a->effect.reboot) effect = "reboot; " + effect;
      if (!a->effect.restart.empty()) effect = "restart " + join(a->effect.restart, ", ") + "; " + effect;
      out += "        effect:  " + effect + "\n";
      out += "        risk:    " + st.paint(a->risk.verdict, risk_color(a->risk.verdict)) +
             (a->risk.reason.empty() ? std::string() : ": " + a->risk.reason) + "\n";
      for (const auto& e : a->risk.evidence) out += "                 " + e + "\n";
      for (const auto& n : a->notes) out += "        note:    " + n + "\n";
    }
    out += "\n";
  }
  if (!plan.merges.empty()) {
    out += st.paint("Merged", "1") + " (several rules set one setting; the plan keeps the strictest value)\n";
    for (const auto& m : plan.merges) {
      out += "  " + m.target + ": " + join(m.rules, ", ") + " -> " + m.kept + (m.conflict ? "  [conflict]" : "") + "\n";
    }
    out += "\n";
  }
  if (!plan.omitted.empty()) {
    out += st.paint("Not in this plan", "1") + "\n";
    for (const auto& o : plan.omitted) {
      out += "  " + o.rule + (o.scope.empty() ? std::string() : " at " + o.scope) + ": " + o.reason + "\n";
    }
    out += "\n";
  }
  for (const auto& w : plan.warnings) out += st.paint("warning: ", "33") + w + "\n";
  out += std::to_string(plan.actions.size()) + " actions";
  for (const auto& [verdict, n] : risks) out += ", " + std::to_string(n) + " " + verdict;
  out += "; " + std::to_string(plan.merges.size()) + " merged, " + std::to_string(plan.omitted.size()) + " not planned";
  if (reboot) out += "; needs a reboot";
  if (!restart.empty()) out += "; restarts " + join(restart, ", ");
  out += "\n";
  return out;
}

}  // namespace temper::plan
