// SPDX-License-Identifier: Apache-2.0
// Failing findings -> impact verdicts.
//
// Worked through with "Log on as a batch job = Administrators" (win.user-right.SeBatchLogonRight)
// on a server whose reporting job runs as CONTOSO\svc_report:
//   1. The audit fails the rule: CONTOSO\svc_report holds the right and is not expected.
//   2. The impact model says `logons: [4]` and `needs: [$app_pool_identities:LogonBatch]`.
//   3. The fix's holders are the check's expected set for this host (Administrators plus the
//      application pools' identities that log on as a batch job).
//   4. The profile holds 4624 logons of type 4 by CONTOSO\svc_report (412, first and last seen, the
//      earliest in Security.evtx record 88123). That account is not among the new holders, directly or
//      through a group its token carries: a conflict, so the verdict is `breaks`, and the learned
//      adjustment keeps the right for that account.
//   5. Without conflicts the verdict is `safe` only when the Security log showed 4624 events over
//      the whole window (30 days by default); else `unknown`, naming the audit subcategory to enable.
#include "learn/judge.hpp"

#include <algorithm>
#include <cmath>
#include <variant>

#include "core/strings.hpp"
#include "learn/detail/judging.hpp"

namespace temper::learn {
namespace detail {

double span_days(const Counter& c) {
  if (!c.first || !c.last) return 0;
  return static_cast<double>((*c.last - *c.first).count()) / 86400.0;
}

void Context::conflict(Conflict c, const Counter* seen) {
  const std::string key = c.kind + "\n" + c.log + "\n" + c.who + "\n" + c.detail;
  auto [it, inserted] = conflicts.try_emplace(key, std::move(c));
  if (seen != nullptr) it->second.seen.merge(*seen);
}

void Context::require(std::string what, std::string enable, const Counter& span) {
  for (const auto& r : verdict.requirements) {
    if (r.what == what) return;
  }
  verdict.requirements.push_back(Requirement{std::move(what), std::move(enable), span_days(span), span.count > 0});
}

namespace {
// "WEB01" from "web01.corp.example.com".
std::string short_host(std::string_view name) { return to_upper(name.substr(0, name.find('.'))); }
}  // namespace

Lookups::Lookups(const model::Snapshot& snapshot, const UsageProfile& profile) {
  const std::string host = snapshot.host.name.empty() ? std::string() : short_host(snapshot.host.name);
  for (const auto& [key, stats] : profile.sources) {
    sources_by_log[key.log].emplace_back(&key, &stats);
    if (host.empty() || key.computer.empty()) continue;
    if (short_host(key.computer) == host) {
      own_host = host;
    } else {
      other_hosts = true;
    }
  }
  if (snapshot.iis) {
    for (const auto& site : snapshot.iis->sites) {
      sites_by_id.emplace(site.id, &site);
      sites_by_name.emplace(site.name, &site);
    }
  }
}

bool Context::this_server(const SourceKey& key) const {
  // Events other computers logged (forwarded events, a mixed folder) do not show this server's
  // coverage; when the profile has none of this server's, every computer counts (and a warning says so).
  return lookups.own_host.empty() || key.computer.empty() || short_host(key.computer) == lookups.own_host;
}

Counter Context::log_span(std::string_view log, std::initializer_list<std::uint32_t> ids) const {
  Counter out;
  const auto it = lookups.sources_by_log.find(log);
  if (it == lookups.sources_by_log.end()) return out;
  for (const auto& [key, stats] : it->second) {
    if (!this_server(*key)) continue;
    if (ids.size() == 0) {
      out.merge(stats->events);
      continue;
    }
    for (const auto id : ids) {
      if (const auto e = stats->event_ids.find(id); e != stats->event_ids.end()) out.merge(e->second);
    }
  }
  return out;
}

}  // namespace detail

std::string days_text(double days) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", std::floor(days * 10) / 10);
  return buf;
}

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kSafe: return "safe";
    case Verdict::kBreaks: return "breaks";
    case Verdict::kUnknown: return "unknown";
  }
  return "unknown";
}

namespace {
// What the rule's fixes set, as a reviewer reads it.
std::string fix_text(const model::Rule& rule, const model::Finding& f) {
  if (rule.fixes.empty()) return "(no automatic fix: " + rule.remediation + ")";
  std::vector<std::string> parts;
  for (const auto& fix : rule.fixes) {
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, model::UserRightFix>) {
            parts.push_back("assign " + x.right + " to " + (f.expected.empty() ? join(x.set, ", ") : f.expected));
          } else if constexpr (std::is_same_v<T, model::RegistryFix>) {
            parts.push_back(x.remove ? "delete " + x.key + "\\" + x.value : "set " + x.key + "\\" + x.value + " = " + x.data.display());
          } else if constexpr (std::is_same_v<T, model::ServiceFix>) {
            parts.push_back("set service " + x.name + " to " + x.start_mode + (x.stop ? " and stop it" : ""));
          } else if constexpr (std::is_same_v<T, model::AuditPolicyFix>) {
            parts.push_back(std::string("audit ") + (x.success ? "success" : "") + (x.success && x.failure ? " and " : "") +
                            (x.failure ? "failure" : "") + (!x.success && !x.failure ? "nothing" : ""));
          } else if constexpr (std::is_same_v<T, model::IisConfigFix>) {
            parts.push_back(x.remove ? "remove " + x.element : "set " + x.element + "@" + x.attribute + " = " + x.value);
          } else if constexpr (std::is_same_v<T, model::FeatureFix>) {
            parts.push_back((x.installed ? "install feature " : "remove feature ") + x.name);
          } else if constexpr (std::is_same_v<T, model::SecurityOptionFix>) {
            parts.push_back("set " + x.name + " = " + x.value.display());
          } else {
            parts.push_back("by hand: " + x.note);
          }
        },
        fix);
  }
  return join(parts, "; ");
}

void finish(ImpactVerdict& v, detail::Context& ctx, const JudgeOptions& options) {
  for (auto& [key, c] : ctx.conflicts) v.conflicts.push_back(std::move(c));
  // The most frequent first: the account that logs on 10,000 times matters more than a one-off.
  std::stable_sort(v.conflicts.begin(), v.conflicts.end(),
                   [](const Conflict& a, const Conflict& b) { return a.seen.count > b.seen.count; });
  double observed = options.window_days;
  bool all_present = true;
  for (const auto& r : v.requirements) {
    observed = std::min(observed, r.observed_days);
    all_present = all_present && r.present;
  }
  v.observed_days = v.requirements.empty() ? options.window_days : std::max(0.0, observed);
  if (!v.conflicts.empty()) {
    v.verdict = Verdict::kBreaks;
    v.reason = std::to_string(v.conflicts.size()) + (v.conflicts.size() == 1 ? " thing" : " things") +
               " seen that the fix would stop";
    return;
  }
  if (!all_present) {
    v.verdict = Verdict::kUnknown;
    std::vector<std::string> missing;
    for (const auto& r : v.requirements) {
      if (!r.present) missing.push_back(r.what);
    }
    v.reason = "no evidence source: " + join(missing, "; ");
    return;
  }
  if (v.observed_days + 1.0 < options.window_days) {
    v.verdict = Verdict::kUnknown;
    v.reason = "nothing conflicts, but the evidence covers " + days_text(v.observed_days) + " of the " +
               days_text(options.window_days) + " days needed";
    return;
  }
  v.verdict = Verdict::kSafe;
  v.reason = v.requirements.empty() ? "the server's configuration needs nothing the fix removes"
                                    : "nothing seen in " + days_text(v.observed_days) + " days conflicts";
}

ImpactVerdict judge_one(const model::Finding& finding, const model::Snapshot& snapshot, const engine::IisIndex* index,
                        const UsageProfile& profile, const JudgeOptions& options, const detail::Lookups& lookups) {
  const model::Rule& rule = *finding.rule;
  ImpactVerdict v;
  v.rule = &rule;
  v.scope = finding.scope;
  v.setting = finding.setting;
  v.fix = fix_text(rule, finding);
  if (finding.status == model::Status::kError) {
    v.verdict = Verdict::kUnknown;
    v.reason = "the audit could not judge the rule: " + finding.reason;
    return v;
  }
  if (!rule.learn) {
    v.verdict = Verdict::kUnknown;
    v.reason = "the rule has no impact model";
    return v;
  }
  const model::ImpactModel& m = *rule.learn;
  if (!m.note.empty()) v.notes.push_back(m.note);
  if (m.kind == model::ImpactModel::Kind::kSafe) {
    v.verdict = Verdict::kSafe;
    v.reason = m.reason;
    v.observed_days = options.window_days;
    return v;
  }
  if (m.kind == model::ImpactModel::Kind::kNoEvidence) {
    v.verdict = Verdict::kUnknown;
    v.reason = "learning cannot judge this fix: " + m.reason;
    return v;
  }
  detail::Context ctx{finding, rule, snapshot, index, profile, options, v, lookups, {}};
  for (const auto& e : m.evidence) {
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, model::LogonEvidence>) detail::judge_logons(ctx, x);
          if constexpr (std::is_same_v<T, model::PrivilegeEvidence>) detail::judge_privileges(ctx, x);
          if constexpr (std::is_same_v<T, model::ConfigNeedEvidence>) detail::judge_needs(ctx, x);
          if constexpr (std::is_same_v<T, model::ServiceEvidence>) detail::judge_services(ctx, x);
          if constexpr (std::is_same_v<T, model::NtlmEvidence>) detail::judge_ntlm(ctx, x);
          if constexpr (std::is_same_v<T, model::Smb1Evidence>) detail::judge_smb1(ctx);
          if constexpr (std::is_same_v<T, model::TlsEvidence>) detail::judge_tls(ctx, x);
          if constexpr (std::is_same_v<T, model::RequestEvidence>) detail::judge_requests(ctx, x);
        },
        e);
  }
  finish(v, ctx, options);
  return v;
}
}  // namespace

ImpactVerdict judge_finding(const model::Finding& finding, const model::Snapshot& snapshot, const engine::IisIndex* index,
                            const UsageProfile& profile, const JudgeOptions& options) {
  return judge_one(finding, snapshot, index, profile, options, detail::Lookups(snapshot, profile));
}

ImpactReport judge(const model::AuditReport& audit, const model::Snapshot& snapshot, const UsageProfile& profile,
                   const JudgeOptions& options) {
  ImpactReport report;
  report.host = audit.host;
  report.benchmark = audit.benchmark;
  report.level = audit.level;
  report.window_days = options.window_days;
  for (const auto& [key, stats] : profile.sources) {
    report.sources.push_back(SourceSummary{key.log, key.computer, stats.events.count, stats.events.first, stats.events.last});
  }
  const detail::Lookups lookups(snapshot, profile);
  if (lookups.other_hosts) {
    if (!lookups.own_host.empty()) {
      report.warnings.push_back("the activity includes events other computers logged: only " + snapshot.host.name +
                                "'s count for how long each log covers; every computer's activity counts as evidence");
    } else {
      report.warnings.push_back("no event was logged by " + snapshot.host.name +
                                " (the target's host name): the activity of the computers that logged them is judged as this server's");
    }
  }
  std::optional<engine::IisIndex> index;
  if (snapshot.iis) index.emplace(*snapshot.iis, snapshot.host.os_build);
  for (const auto& f : audit.findings) {
    switch (f.status) {
      case model::Status::kPass: ++report.passing; continue;
      case model::Status::kExcepted: ++report.excepted; continue;
      case model::Status::kNotApplicable: ++report.not_applicable; continue;
      case model::Status::kFail:
      case model::Status::kError: break;
    }
    ImpactVerdict v = judge_one(f, snapshot, index ? &*index : nullptr, profile, options, lookups);
    switch (v.verdict) {
      case Verdict::kSafe: ++report.safe; break;
      case Verdict::kBreaks: ++report.breaks; break;
      case Verdict::kUnknown: ++report.unknown; break;
    }
    report.verdicts.push_back(std::move(v));
  }
  return report;
}

}  // namespace temper::learn
