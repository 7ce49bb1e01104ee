// SPDX-License-Identifier: Apache-2.0
// The plan builder: failing findings -> changes, merged per target to the strictest value, ordered by
// kind (policy before services, IIS and features) and then as the audit lists them, with effect and risk.
#include "plan/build.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

#include "core/sha256.hpp"
#include "core/strings.hpp"
#include "engine/evaluator.hpp"
#include "engine/expectation.hpp"
#include "plan/detail/building.hpp"
#include "plan/detail/json.hpp"

namespace temper::plan {
namespace {

// Apply order: policy first (rights, options, audit, registry), then what stops workloads.
int kind_rank(const Change& c) {
  static constexpr std::string_view kOrder[] = {"security_option", "user_right", "audit_policy", "registry",
                                                "service",         "iis_config", "feature",      "manual"};
  const auto kind = change_kind(c);
  for (int i = 0; i < 8; ++i) {
    if (kOrder[i] == kind) return i;
  }
  return 8;
}

int risk_rank(std::string_view verdict) {
  if (verdict == "breaks") return 3;
  if (verdict == "unknown") return 2;
  if (verdict == "safe") return 1;
  return 0;  // not learned
}

struct Pending {
  Action action;
  std::vector<const model::Rule*> rules;  // the rules whose fixes set this target
  std::size_t first_seen = 0;
};

// The check of `rule` on the setting `change` targets, judged on a candidate value.
std::optional<bool> rule_accepts(const model::Check& check, const Change& change, const engine::Observed& value) {
  if (const auto* all = std::get_if<model::AllCheck>(&check)) {
    for (const auto& child : all->checks) {
      if (auto r = rule_accepts(child, change, value)) return r;
    }
    return std::nullopt;
  }
  if (const auto* r = std::get_if<RegistryChange>(&change)) {
    const auto* c = std::get_if<model::RegistryCheck>(&check);
    if (c == nullptr || !iequals(model::Registry::canonical_path(c->key), r->key) || !iequals(c->value, r->value)) return std::nullopt;
    return engine::satisfies(c->expect, value);
  }
  if (const auto* o = std::get_if<SecurityOptionChange>(&change)) {
    const auto* c = std::get_if<model::SecurityOptionCheck>(&check);
    if (c == nullptr || !iequals(c->name, o->name)) return std::nullopt;
    return engine::satisfies(c->expect, value);
  }
  if (const auto* i = std::get_if<IisConfigChange>(&change)) {
    const auto* c = std::get_if<model::IisConfigCheck>(&check);
    if (c == nullptr || !iequals(c->element, i->element) || !iequals(c->attribute, i->attribute)) return std::nullopt;
    return engine::satisfies(c->expect, value);
  }
  return std::nullopt;
}

// The value a scalar change sets, as the engine observes it.
engine::Observed observed_after(const Change& c) {
  if (const auto* r = std::get_if<RegistryChange>(&c)) {
    if (r->remove) return engine::Observed::absent();
    if (r->after.type == model::RegType::kMultiSz) return engine::Observed::list(r->after.multi);
    return engine::Observed::of(r->after.is_number() ? std::to_string(r->after.number) : r->after.text);
  }
  if (const auto* o = std::get_if<SecurityOptionChange>(&c)) return engine::Observed::of(o->after.display());
  if (const auto* i = std::get_if<IisConfigChange>(&c)) return i->remove ? engine::Observed::absent() : engine::Observed::of(i->after);
  return engine::Observed::absent();
}

// Whether a numeric limit of `rules` is an upper one (at_most): the strictest is then the lowest.
bool upper_limit(const std::vector<const model::Rule*>& rules, const Change& change) {
  for (const auto* r : rules) {
    const engine::Observed big = engine::Observed::of("9223372036854775807");
    const engine::Observed small = engine::Observed::of("0");
    const auto accepts_big = rule_accepts(r->check, change, big);
    const auto accepts_small = rule_accepts(r->check, change, small);
    if (accepts_big && accepts_small && *accepts_small && !*accepts_big) return true;
  }
  return false;
}

// Merges `from` (of `rule`) into `into`: the strictest value both rules accept. Returns the merge report.
Merge merge_scalar(Pending& into, const Change& from, const model::Rule* rule) {
  Merge m;
  m.target = change_target(into.action.change);
  std::vector<const model::Rule*> rules = into.rules;
  rules.push_back(rule);
  std::vector<Change> candidates = {into.action.change, from};
  std::vector<std::size_t> accepted_all;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto value = observed_after(candidates[i]);
    bool all = true;
    for (const auto* r : rules) {
      const auto ok = rule_accepts(r->check, candidates[i], value);
      if (ok && !*ok) all = false;
    }
    if (all) accepted_all.push_back(i);
  }
  std::size_t keep = 0;
  if (accepted_all.empty()) {
    m.conflict = true;
  } else if (accepted_all.size() == 1) {
    keep = accepted_all.front();
  } else {
    // Both satisfy every rule: numbers by the limit's direction, else the first.
    long long a = 0;
    long long b = 0;
    if (parse_int64(observed_after(candidates[0]).text, a) && parse_int64(observed_after(candidates[1]).text, b) && a != b) {
      const bool lower = upper_limit(rules, candidates[0]);
      keep = (lower ? b < a : b > a) ? 1 : 0;
    }
  }
  into.action.change = candidates[keep];
  m.kept = observed_after(candidates[keep]).display();
  m.kept += m.conflict ? ": no one value satisfies every rule; kept the value of " + into.rules.front()->id
                       : (accepted_all.size() == 2 ? ": both values satisfy every rule; kept the strictest" : ": the only value every rule accepts");
  return m;
}

int start_rank(std::string_view mode) {
  if (iequals(mode, "Disabled")) return 0;
  if (iequals(mode, "Manual")) return 1;
  return 2;
}

Merge merge_into(Pending& into, const Change& from, const model::Rule* rule) {
  Merge m;
  m.target = change_target(into.action.change);
  if (auto* s = std::get_if<ServiceChange>(&into.action.change)) {
    const auto& f = std::get<ServiceChange>(from);
    if (start_rank(f.after_start_mode) < start_rank(s->after_start_mode)) s->after_start_mode = f.after_start_mode;
    s->stop = s->stop || f.stop;
    m.kept = s->after_start_mode + (s->stop ? ", stopped" : "") + ": the strictest start mode";
  } else if (auto* a = std::get_if<AuditPolicyChange>(&into.action.change)) {
    const auto& f = std::get<AuditPolicyChange>(from);
    a->after_success = a->after_success || f.after_success;
    a->after_failure = a->after_failure || f.after_failure;
    m.kept = std::string(a->after_success ? "success" : "") + (a->after_success && a->after_failure ? " and " : "") +
             (a->after_failure ? "failure" : "") + ": everything either rule audits";
  } else if (auto* u = std::get_if<UserRightChange>(&into.action.change)) {
    const auto& f = std::get<UserRightChange>(from);
    std::vector<std::string> both;
    for (const auto& h : u->after_holders) {
      if (std::any_of(f.after_holders.begin(), f.after_holders.end(), [&](const std::string& x) { return iequals(x, h); })) both.push_back(h);
    }
    m.conflict = both.size() != u->after_holders.size() && both.size() != f.after_holders.size();
    u->after_holders = both;
    m.kept = (both.empty() ? std::string("nobody") : join(both, ", ")) + ": the holders both rules allow";
  } else if (auto* fe = std::get_if<FeatureChange>(&into.action.change)) {
    fe->after_installed = fe->after_installed && std::get<FeatureChange>(from).after_installed;
    m.kept = fe->after_installed ? "installed" : "removed";
  } else {
    return merge_scalar(into, from, rule);
  }
  return m;
}

// Whether the plan's changes keep what learning saw the original fix stop: the item an allow list adds,
// a principal the right keeps (or, for a deny right, leaves out), a limit raised to at least that length.
bool kept_by(const std::string& keep, const std::vector<std::pair<Change, std::vector<std::string>>>& changes) {
  if (keep.empty()) return false;
  long long length = 0;
  const bool numeric = parse_int64(keep, length);
  for (const auto& [change, notes] : changes) {
    if (const auto* u = std::get_if<UserRightChange>(&change)) {
      const bool holds = std::any_of(u->after_holders.begin(), u->after_holders.end(), [&](const std::string& h) { return iequals(h, keep); });
      const bool deny = istarts_with(u->right, "SeDeny");
      if (holds != deny) return true;
    } else if (const auto* i = std::get_if<IisConfigChange>(&change)) {
      if (i->is_item && !i->remove && iequals(i->after, "true") && iends_with(i->element, "='" + keep + "']")) return true;
      long long limit = 0;
      if (numeric && !i->is_item && !i->remove && parse_int64(i->after, limit) && limit >= length) return true;
    }
  }
  return false;
}

// The learned verdicts by rule and scope, looked up once per finding (thousands of both on a hosting server).
using RiskIndex = std::map<std::pair<std::string_view, std::string_view>, const LearnedRisk*>;

RiskIndex index_risks(const std::vector<LearnedRisk>* risks) {
  RiskIndex out;
  if (risks == nullptr) return out;
  for (const auto& r : *risks) out.emplace(std::pair<std::string_view, std::string_view>(r.rule, r.scope), &r);
  return out;
}

Risk risk_of(const std::vector<LearnedRisk>* risks, const RiskIndex& index, const model::Finding& f,
             const std::vector<std::pair<Change, std::vector<std::string>>>& changes) {
  if (risks == nullptr) return Risk{};
  if (const auto it = f.rule == nullptr ? index.end() : index.find({f.rule->id, f.scope}); it != index.end()) {
    const LearnedRisk& r = *it->second;
    if (r.risk.verdict != "breaks" || r.keeps.size() != r.risk.evidence.size()) return r.risk;
    // Learning judged the content's fix; the plan's may keep what it saw (learned adjustments).
    Risk left = r.risk;
    left.evidence.clear();
    std::size_t kept = 0;
    for (std::size_t i = 0; i < r.keeps.size(); ++i) {
      if (kept_by(r.keeps[i], changes)) {
        ++kept;
      } else {
        left.evidence.push_back(r.risk.evidence[i]);
      }
    }
    if (kept == 0) return r.risk;
    if (left.evidence.empty()) {
      left.verdict = "safe";
      left.reason = "the plan keeps all " + std::to_string(kept) + " things learning saw the original fix stop (learned adjustments)";
    } else {
      left.reason = std::to_string(left.evidence.size()) + " things seen that the plan would stop (" + std::to_string(kept) +
                    " more are kept by learned adjustments)";
    }
    return left;
  }
  Risk r;
  r.verdict = "unknown";
  r.reason = "learning did not judge this finding (the impact report is of another audit)";
  return r;
}

}  // namespace

std::string conflict_line(std::string_view kind, std::string_view who, std::string_view detail, std::uint64_t count,
                          std::string_view log) {
  std::string out = std::string(kind) + ": " + std::string(who);
  if (!detail.empty()) out += " (" + std::string(detail) + ")";
  if (count > 0) out += ", seen " + std::to_string(count) + (count == 1 ? " time" : " times");
  if (!log.empty()) out += " in " + std::string(log);
  return out;
}

namespace {
// The learned allow-list items an adjustment keeps for this finding.
std::vector<std::string> allowed_items(const std::vector<model::RuleAdjustment>* adjustments, const model::Finding& f) {
  std::vector<std::string> out;
  if (adjustments == nullptr || f.rule == nullptr) return out;
  for (const auto& a : *adjustments) {
    if (a.allow.empty() || a.rule != f.rule->id || !engine::scope_matches(a.scope, f.scope)) continue;
    for (const auto& item : a.allow) {
      if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
    }
  }
  return out;
}

}  // namespace

Plan build_plan(const model::AuditReport& report, const model::Snapshot& snapshot, const BuildOptions& options) {
  Plan plan;
  plan.host = report.host;
  plan.benchmark = report.benchmark;
  plan.level = report.level;
  plan.risk_source = options.risks != nullptr ? options.risk_source : std::string();
  std::unique_ptr<engine::IisIndex> index;
  if (snapshot.iis) index = std::make_unique<engine::IisIndex>(*snapshot.iis, snapshot.host.os_build);

  const RiskIndex risk_index = index_risks(options.risks);
  std::vector<Pending> pending;
  std::map<std::string, std::size_t> by_target;  // kind|target -> pending index
  std::size_t seen = 0;
  for (const auto& f : report.findings) {
    if (f.rule == nullptr) continue;
    const model::Rule& rule = *f.rule;
    if (f.status == model::Status::kExcepted) {
      plan.omitted.push_back({rule.id, f.scope, "excepted: " + f.reason});
      continue;
    }
    if (f.status == model::Status::kError) {
      plan.omitted.push_back({rule.id, f.scope, "the audit could not judge it (" + f.reason + "); nothing is planned"});
      continue;
    }
    if (f.status != model::Status::kFail) continue;
    if (rule.fixes.empty()) {
      plan.omitted.push_back({rule.id, f.scope, "the rule has no automatic fix: " + rule.remediation});
      continue;
    }
    // All changes of one rule at one finding, or none: a half-applied fix is worse than none.
    std::vector<std::pair<Change, std::vector<std::string>>> changes;
    std::string problem;
    const auto allow = allowed_items(options.adjustments, f);
    for (const auto& fix : rule.fixes) {
      if (const auto* i = std::get_if<model::IisConfigFix>(&fix); i != nullptr && !allow.empty()) {
        for (auto& c : detail::allow_items(*i, allow, f, snapshot, index.get(), problem)) {
          changes.emplace_back(std::move(c), std::vector<std::string>{"kept by a learned allow list"});
        }
      }
      std::vector<std::string> notes;
      Change c = detail::make_change(rule, fix, f, snapshot, index.get(), notes, problem);
      if (!problem.empty()) break;
      // One of several values of a fix may be right already: it stays, so that a policy rendered from the
      // plan (a template, a GPO) enforces the whole recommendation, and the reader is told.
      if (no_op(c)) notes.push_back("already set on the server; kept so that the whole recommendation is enforced");
      changes.emplace_back(std::move(c), std::move(notes));
    }
    if (!problem.empty()) {
      plan.omitted.push_back({rule.id, f.scope, problem});
      continue;
    }
    const Risk risk = risk_of(options.risks, risk_index, f, changes);
    for (auto& [change, notes] : changes) {
      const std::string key = std::string(change_kind(change)) + "|" + to_lower(change_target(change));
      if (auto it = by_target.find(key); it != by_target.end()) {
        Pending& p = pending[it->second];
        const bool same_rule = std::find(p.rules.begin(), p.rules.end(), &rule) != p.rules.end();
        if (!same_rule) {
          Merge m = merge_into(p, change, &rule);
          m.rules = p.action.rules;
          m.rules.push_back(rule.id);
          p.action.notes.push_back("merged with " + rule.id + ": keeps " + m.kept);
          plan.merges.push_back(std::move(m));
          p.action.rules.push_back(rule.id);
          p.rules.push_back(&rule);
        } else if (!f.scope.empty() && f.scope != p.action.scope) {
          p.action.notes.push_back("also fixes " + f.scope);
        }
        if (risk_rank(risk.verdict) > risk_rank(p.action.risk.verdict)) p.action.risk = risk;
        continue;
      }
      Pending p;
      p.action.rules = {rule.id};
      p.action.title = rule.title;
      p.action.section = rule.section;
      p.action.scope = f.scope;
      p.action.effect = detail::effect_of(change);
      p.action.change = std::move(change);
      p.action.risk = risk;
      p.action.notes = std::move(notes);
      p.rules = {&rule};
      p.first_seen = seen++;
      by_target.emplace(key, pending.size());
      pending.push_back(std::move(p));
    }
  }
  std::stable_sort(pending.begin(), pending.end(), [](const Pending& a, const Pending& b) {
    const int ka = kind_rank(a.action.change);
    const int kb = kind_rank(b.action.change);
    return ka != kb ? ka < kb : a.first_seen < b.first_seen;
  });
  plan.actions.reserve(pending.size());
  for (auto& p : pending) {
    p.action.effect = detail::effect_of(p.action.change);  // after merges
    std::string number = std::to_string(plan.actions.size() + 1);
    if (number.size() < 3) number.insert(0, 3 - number.size(), '0');
    p.action.id = "A" + number;
    plan.actions.push_back(std::move(p.action));
  }
  for (const auto& w : report.warnings) plan.warnings.push_back(w);
  for (const auto& a : plan.actions) {
    const auto* u = std::get_if<UserRightChange>(&a.change);
    if (u == nullptr) continue;
    for (const auto* list : {&u->before_holders, &u->after_holders}) {
      for (const auto& sid : *list) {
        if (const std::string name = engine::principal_name(snapshot, sid); !name.empty() && name != sid) plan.names[sid] = name;
      }
    }
  }
  plan.hash = plan_hash(plan);
  return plan;
}

std::vector<LearnedRisk> risks_from(const learn::ImpactReport& report) {
  std::vector<LearnedRisk> out;
  out.reserve(report.verdicts.size());
  for (const auto& v : report.verdicts) {
    if (v.rule == nullptr) continue;
    LearnedRisk r;
    r.rule = v.rule->id;
    r.scope = v.scope;
    r.risk.verdict = std::string(learn::verdict_name(v.verdict));
    r.risk.reason = v.reason;
    for (const auto& c : v.conflicts) {
      r.risk.evidence.push_back(conflict_line(c.kind, c.who, c.detail, c.seen.count, c.log));
      r.keeps.push_back(c.keep);
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::string plan_hash(const Plan& plan) {
  nlohmann::ordered_json actions = nlohmann::ordered_json::array();
  for (const auto& a : plan.actions) actions.push_back(detail::action_json(a, /*for_hash=*/true));
  return sha256_hex(actions.dump());
}

}  // namespace temper::plan
