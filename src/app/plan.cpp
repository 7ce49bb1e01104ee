// SPDX-License-Identifier: Apache-2.0
// The plan use case.
#include "app/plan.hpp"

#include <algorithm>

#include "core/file.hpp"
#include "core/strings.hpp"

namespace temper::app {
namespace {
bool selected(const std::vector<std::string>& only, const std::string& id) {
  return only.empty() || std::any_of(only.begin(), only.end(), [&](const std::string& p) { return glob_match(p, id); });
}

Result<void> check_sources(const PlanRequest& r) {
  const int sources = (r.usage ? 1 : 0) + (r.events.empty() ? 0 : 1) + (r.impact ? 1 : 0);
  if (sources > 1) return fail(ErrorCode::kInvalidArgument, "give one source of risk: --usage, --events or --impact");
  return {};
}
}  // namespace

Result<PlanOutcome> run_plan(const PlanRequest& request, const CollectFn& collect) {
  TEMPER_RETURN_IF_ERROR(check_sources(request));
  PlanOutcome out;
  TEMPER_ASSIGN_OR_RETURN(out.audit, prepare_audit(request.audit));
  out.notes = out.audit.notes;
  TEMPER_RETURN_IF_ERROR(audit_selection(out.audit, request.audit.benchmark, request.audit.level));
  auto& report = out.audit.report;

  // Every --only pattern must name a rule the audit judged: a typo never yields an empty plan.
  for (const auto& pattern : request.only) {
    const bool known = std::any_of(report.findings.begin(), report.findings.end(),
                                   [&](const model::Finding& f) { return f.rule != nullptr && glob_match(pattern, f.rule->id); });
    if (!known) {
      const bool in_content = std::any_of(out.audit.content.content.rules().begin(), out.audit.content.content.rules().end(),
                                          [&](const model::Rule& r) { return glob_match(pattern, r.id); });
      return fail(ErrorCode::kNotFound, "--only: " + pattern +
                                            (in_content ? " is not in the selected benchmark and level"
                                                        : " names no rule (temper rules list shows them)"));
    }
  }
  if (!request.only.empty()) {
    std::erase_if(report.findings, [&](const model::Finding& f) { return f.rule == nullptr || !selected(request.only, f.rule->id); });
    report.summary = model::summarize(report.findings);
  }

  std::optional<std::vector<plan::LearnedRisk>> risks;
  std::string risk_source;
  if (request.impact) {
    TEMPER_ASSIGN_OR_RETURN(const std::string text, read_file(*request.impact));
    TEMPER_ASSIGN_OR_RETURN(risks, plan::parse_impact_risks(text, path_string(*request.impact)));
    risk_source = path_string(*request.impact);
  } else if (request.usage || !request.events.empty()) {
    learn::UsageProfile profile;
    if (request.usage) {
      TEMPER_ASSIGN_OR_RETURN(profile, load_usage(*request.usage));
      risk_source = path_string(*request.usage);
    } else {
      TEMPER_ASSIGN_OR_RETURN(profile, collect(request.events, out.notes));
      risk_source = "the activity in " + std::to_string(request.events.size()) + " event file(s) or folder(s)";
    }
    const auto impact = learn::judge(report, out.audit.snapshot, profile, request.judge);
    for (const auto& w : impact.warnings) out.notes.push_back(w);
    risks = plan::risks_from(impact);
  }
  plan::BuildOptions options;
  options.adjustments = &out.audit.adjustments;
  options.risks = risks ? &*risks : nullptr;
  options.risk_source = risk_source;
  out.plan = plan::build_plan(report, out.audit.snapshot, options);
  return out;
}

}  // namespace temper::app
