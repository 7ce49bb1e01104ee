// SPDX-License-Identifier: Apache-2.0
// Learned adjustments in the audit.
#include "engine/adjustments.hpp"

#include <algorithm>

#include "core/strings.hpp"
#include "engine/evaluator.hpp"

namespace temper::engine {
namespace {
std::string origin(const model::RuleAdjustment& a) { return "learned adjustment at " + a.where.to_string() + ": " + a.reason; }

// The check a limit adjustment changes: an iis_config `at_most` (alone or inside `all`).
model::IisConfigCheck* limit_check(model::Check& check) {
  return takes_limit_adjustment(check) ? &std::get<model::IisConfigCheck>(check) : nullptr;
}

// Applies `a` to a copy of `rule`; "" or why it does not fit.
std::string adjust(model::Rule& rule, const model::RuleAdjustment& a) {
  if (!a.add.empty()) {
    auto* c = std::get_if<model::UserRightCheck>(&rule.check);
    if (c == nullptr) return "adds principals, but the rule does not check a user right";
    c->adjust.push_back(model::PrincipalAdjustment{{}, a.add, origin(a)});
    return {};
  }
  if (a.at_most) {
    auto* c = limit_check(rule.check);
    if (c == nullptr) return "raises a limit, but the rule does not check an IIS value with at_most";
    c->expect.values = {model::Scalar{*a.at_most}};
    for (auto& f : rule.fixes) {
      if (auto* i = std::get_if<model::IisConfigFix>(&f); i != nullptr && iequals(i->attribute, c->attribute)) {
        i->value = std::to_string(*a.at_most);
      }
    }
    return {};
  }
  return {};  // allow: noted after evaluation
}
}  // namespace

bool takes_limit_adjustment(const model::Check& check) {
  const auto* c = std::get_if<model::IisConfigCheck>(&check);
  return c != nullptr && c->expect.op == model::Expectation::Op::kAtMost;
}

AdjustedRules adjust_rules(const std::vector<const model::Rule*>& rules, const std::vector<model::RuleAdjustment>& adjustments) {
  AdjustedRules out;
  out.rules = rules;
  for (const auto& a : adjustments) {
    const auto it = std::find_if(out.rules.begin(), out.rules.end(), [&](const model::Rule* r) { return r->id == a.rule; });
    if (it == out.rules.end()) {
      out.warnings.push_back("adjustment at " + a.where.to_string() + " names " + a.rule + ", which this audit does not select");
      continue;
    }
    if (!a.allow.empty()) continue;
    model::Rule copy = **it;
    if (const std::string why = adjust(copy, a); !why.empty()) {
      out.warnings.push_back("adjustment at " + a.where.to_string() + " for " + a.rule + " " + why + "; ignored");
      continue;
    }
    out.storage.push_back(std::move(copy));
    if (a.scope.empty()) {
      *it = &out.storage.back();
    } else {
      out.scoped.emplace_back(&a, &out.storage.back());
    }
  }
  return out;
}

void apply_adjustments(model::AuditReport& report, const AdjustedRules& adjusted, const std::vector<model::RuleAdjustment>& adjustments,
                       const model::Snapshot& snapshot) {
  for (const auto& [a, rule] : adjusted.scoped) {
    const auto judged = evaluate_rule(*rule, snapshot);
    for (auto& f : report.findings) {
      if (f.rule == nullptr || f.rule->id != a->rule || !scope_matches(a->scope, f.scope)) continue;
      const auto same = std::find_if(judged.begin(), judged.end(), [&](const model::Finding& j) { return j.scope == f.scope; });
      if (same == judged.end()) continue;
      f = *same;
      f.evidence.push_back(origin(*a));
    }
  }
  for (const auto& a : adjustments) {
    if (a.allow.empty()) continue;
    for (auto& f : report.findings) {
      if (f.rule == nullptr || f.rule->id != a.rule || !scope_matches(a.scope, f.scope)) continue;
      f.evidence.push_back(origin(a) + "; the fix keeps " + join(a.allow, ", ") + " allowed");
    }
  }
  report.summary = model::summarize(report.findings);
}

}  // namespace temper::engine
