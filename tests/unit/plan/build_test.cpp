// SPDX-License-Identifier: Apache-2.0
// The plan builder on the example server and on crafted rules: values before and after, where IIS
// changes are written, learned adjustments, merges to the strictest value, omissions, risk, hash.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "app/audit.hpp"
#include "app/plan.hpp"
#include "core/strings.hpp"
#include "plan/build.hpp"
#include "plan/render.hpp"

namespace temper::plan {
namespace {
namespace fs = std::filesystem;

const fs::path kSource = TEMPER_SOURCE_DIR;

app::AuditOutcome audit_web01(const std::optional<fs::path>& exceptions = std::nullopt) {
  app::AuditRequest request;
  request.input = kSource / "examples" / "web01";
  request.content_dir = kSource / "content";
  request.exceptions = exceptions;
  auto out = app::run_audit(request);
  EXPECT_TRUE(out.has_value()) << (out ? "" : out.error().to_string());
  return std::move(*out);
}

const Action* find_action(const Plan& plan, std::string_view rule, std::string_view target_part = {}) {
  for (const auto& a : plan.actions) {
    if (std::find(a.rules.begin(), a.rules.end(), rule) == a.rules.end()) continue;
    if (target_part.empty() || change_target(a.change).find(target_part) != std::string::npos) return &a;
  }
  return nullptr;
}

TEST(PlanBuild, Web01UserRightKeepsCisHoldersAndNamesWhatItRemoves) {
  const auto audit = audit_web01();
  const Plan plan = build_plan(audit.report, audit.snapshot);
  const Action* a = find_action(plan, "win.user-right.SeImpersonatePrivilege");
  ASSERT_NE(a, nullptr);
  const auto& c = std::get<UserRightChange>(a->change);
  EXPECT_EQ(c.before, Before::kPresent);
  EXPECT_EQ(c.after_holders, (std::vector<std::string>{"S-1-5-32-544", "S-1-5-19", "S-1-5-20", "S-1-5-6", "S-1-5-32-568"}));
  ASSERT_FALSE(a->notes.empty());
  EXPECT_NE(a->notes.front().find("CORP\\svc-report"), std::string::npos);
  EXPECT_EQ(plan.names.at("S-1-5-32-568"), "BUILTIN\\IIS_IUSRS");
  EXPECT_EQ(inverse_display(a->change).substr(0, 7), "assign ");
}

TEST(PlanBuild, Web01RegistryBeforeIsTheSnapshotsAndValuesAlreadyRightAreSaidSo) {
  const auto audit = audit_web01();
  const Plan plan = build_plan(audit.report, audit.snapshot);
  const Action* on = find_action(plan, "iis.tls.tls10.disabled", "TLS 1.0\\Server\\Enabled");
  ASSERT_NE(on, nullptr);
  const auto& r = std::get<RegistryChange>(on->change);
  EXPECT_EQ(r.before, Before::kPresent);
  EXPECT_EQ(r.before_data, model::RegValue::dword(1));
  EXPECT_EQ(r.after, model::RegValue::dword(0));
  EXPECT_TRUE(on->effect.reboot);
  // SSL 2.0 Client DisabledByDefault is already 1 on WEB01: kept with the rule's three other values (a GPO
  // made from the plan enforces the whole recommendation), and said so.
  const Action* already = find_action(plan, "iis.tls.ssl2.disabled", "SSL 2.0\\Client\\DisabledByDefault");
  ASSERT_NE(already, nullptr);
  EXPECT_TRUE(no_op(already->change));
  ASSERT_FALSE(already->notes.empty());
  EXPECT_NE(already->notes.front().find("already set"), std::string::npos);
  EXPECT_FALSE(no_op(find_action(plan, "iis.tls.ssl2.disabled", "SSL 2.0\\Client\\Enabled")->change));
}

TEST(PlanBuild, Web01IisChangesAreWrittenWhereTheValueIsDecided) {
  const auto audit = audit_web01();
  const Plan plan = build_plan(audit.report, audit.snapshot);
  // Set in the folder's own web.config: changed there.
  const Action* browse = find_action(plan, "iis.directory-browsing.disabled");
  ASSERT_NE(browse, nullptr);
  const auto& b = std::get<IisConfigChange>(browse->change);
  EXPECT_EQ(b.ps_path, "MACHINE/WEBROOT/APPHOST/Shop/downloads");
  EXPECT_EQ(b.location, "");
  EXPECT_EQ(b.file, "D:\\sites\\shop\\downloads\\web.config");
  EXPECT_EQ(b.before, Before::kPresent);
  EXPECT_EQ(b.before_value, "true");
  EXPECT_EQ(b.after, "false");
  // A machine.config default: written into machine.config, undone by clearing the attribute.
  const Action* retail = find_action(plan, "iis.aspnet.deployment.retail");
  ASSERT_NE(retail, nullptr);
  const auto& r = std::get<IisConfigChange>(retail->change);
  EXPECT_EQ(r.ps_path, "MACHINE");
  EXPECT_EQ(r.before, Before::kAbsent);
  EXPECT_EQ(r.section, "system.web/deployment");
  EXPECT_NE(inverse_display(retail->change).find("clear"), std::string::npos);
  // siteDefaults belong to applicationHost.config whatever site failed; both sites share one action.
  const Action* flags = find_action(plan, "iis.logging.fields.extended");
  ASSERT_NE(flags, nullptr);
  EXPECT_EQ(std::get<IisConfigChange>(flags->change).ps_path, "MACHINE/WEBROOT/APPHOST");
  int count = 0;
  for (const auto& a : plan.actions) count += a.rules.front() == "iis.logging.fields.extended" ? 1 : 0;
  EXPECT_EQ(count, 1);
  // A collection item removed at the level that defines it.
  const Action* xpb = find_action(plan, "iis.http-headers.x-powered-by.removed");
  ASSERT_NE(xpb, nullptr);
  const auto& x = std::get<IisConfigChange>(xpb->change);
  EXPECT_TRUE(x.is_item);
  EXPECT_TRUE(x.remove);
  EXPECT_EQ(x.before, Before::kPresent);
}

TEST(PlanBuild, LockedSectionsAreWrittenAsALocationInApplicationHost) {
  auto audit = audit_web01();
  // Lock anonymousAuthentication again for Shop's folder by pretending the check failed there.
  model::Finding f;
  const auto* rule = audit.content.content.find_rule("iis.anonymous-auth.identity.app-pool");
  ASSERT_NE(rule, nullptr);
  f.rule = rule;
  f.status = model::Status::kFail;
  f.scope = "MACHINE/WEBROOT/APPHOST/Shop";
  model::AuditReport report;
  report.findings = {f};
  const Plan plan = build_plan(report, audit.snapshot);
  ASSERT_EQ(plan.actions.size(), 1u);
  const auto& c = std::get<IisConfigChange>(plan.actions[0].change);
  EXPECT_EQ(c.ps_path, "MACHINE/WEBROOT/APPHOST");  // overrideModeDefault="Deny": not in Shop's web.config
  EXPECT_EQ(c.location, "Shop");
  EXPECT_NE(c.file.find("applicationHost.config"), std::string::npos);
}

TEST(PlanBuild, LearnedAdjustmentsChangeTheValueAfter) {
  const fs::path dir = fs::temp_directory_path() / "temper-plan-adjust";
  fs::create_directories(dir);
  const fs::path file = dir / "exceptions.yaml";
  std::ofstream(file) << "adjustments:\n"
                         "  - rule: win.user-right.SeImpersonatePrivilege\n"
                         "    add: [S-1-5-21-3623811015-3361044348-30300820-1013]\n"
                         "    reason: the report service impersonates its callers\n"
                         "  - rule: iis.request-filtering.max-allowed-content-length.limited\n"
                         "    scope: Shop\n"
                         "    at_most: 50000000\n"
                         "    reason: uploads of up to 48 MB were seen\n"
                         "  - rule: iis.request-filtering.file-extensions.allow-list\n"
                         "    allow: [\".aspx\", \".\"]\n"
                         "    reason: these extensions were requested\n";
  const auto audit = audit_web01(file);
  const Plan plan = build_plan(audit.report, audit.snapshot, BuildOptions{&audit.adjustments, nullptr, ""});
  // The impersonation right now passes (the account is expected): nothing to change.
  EXPECT_EQ(find_action(plan, "win.user-right.SeImpersonatePrivilege"), nullptr);
  const Action* limit = find_action(plan, "iis.request-filtering.max-allowed-content-length.limited");
  ASSERT_NE(limit, nullptr);
  EXPECT_EQ(std::get<IisConfigChange>(limit->change).after, "50000000");
  // The allow list's items come before the switch that refuses unlisted extensions.
  std::vector<std::string> items;
  std::size_t items_last = 0;
  std::size_t deny_at = 0;
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    if (plan.actions[i].rules.front() != "iis.request-filtering.file-extensions.allow-list") continue;
    const auto& c = std::get<IisConfigChange>(plan.actions[i].change);
    if (c.is_item) {
      items.push_back(c.element);
      items_last = i;
      EXPECT_EQ(c.attribute, "allowed");
      EXPECT_EQ(c.after, "true");
    } else {
      deny_at = i;
      EXPECT_EQ(c.attribute, "allowUnlisted");
    }
  }
  EXPECT_EQ(items, (std::vector<std::string>{"system.webServer/security/requestFiltering/fileExtensions/add[@fileExtension='.aspx']",
                                              "system.webServer/security/requestFiltering/fileExtensions/add[@fileExtension='.']"}));
  EXPECT_LT(items_last, deny_at);
  fs::remove_all(dir);
}

// Two crafted rules that set one registry value: the plan keeps the value both accept, or reports a conflict.
model::Rule limit_rule(const std::string& id, model::Expectation::Op op, long long bound, std::uint32_t fix) {
  model::Rule r;
  r.id = id;
  r.title = id;
  model::RegistryCheck c;
  c.key = "HKLM\\SOFTWARE\\Policies\\Temper";
  c.value = "Limit";
  c.expect.op = op;
  c.expect.values = {model::Scalar{bound}};
  r.check = c;
  r.fixes = {model::RegistryFix{c.key, c.value, model::RegValue::dword(fix), false}};
  return r;
}

Plan plan_of(const std::vector<const model::Rule*>& rules) {
  model::AuditReport report;
  for (const auto* r : rules) {
    model::Finding f;
    f.rule = r;
    f.status = model::Status::kFail;
    report.findings.push_back(f);
  }
  return build_plan(report, model::Snapshot{});
}

TEST(PlanBuild, TwoRulesOnOneSettingMergeToTheStrictest) {
  const auto a = limit_rule("a", model::Expectation::Op::kAtMost, 30, 30);
  const auto b = limit_rule("b", model::Expectation::Op::kAtMost, 10, 10);
  const Plan p = plan_of({&a, &b});
  ASSERT_EQ(p.actions.size(), 1u);
  EXPECT_EQ(std::get<RegistryChange>(p.actions[0].change).after.number, 10u);
  EXPECT_EQ(p.actions[0].rules, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(p.merges.size(), 1u);
  EXPECT_FALSE(p.merges[0].conflict);
  EXPECT_EQ(p.merges[0].rules, (std::vector<std::string>{"a", "b"}));
  // Order does not matter.
  EXPECT_EQ(std::get<RegistryChange>(plan_of({&b, &a}).actions[0].change).after.number, 10u);
  // Lower bounds keep the highest value.
  const auto c = limit_rule("c", model::Expectation::Op::kAtLeast, 5, 5);
  const auto d = limit_rule("d", model::Expectation::Op::kAtLeast, 8, 8);
  EXPECT_EQ(std::get<RegistryChange>(plan_of({&c, &d}).actions[0].change).after.number, 8u);
  // No value satisfies both: reported as a conflict, the first rule's value kept.
  const auto e = limit_rule("e", model::Expectation::Op::kAtMost, 3, 3);
  const Plan conflict = plan_of({&e, &d});
  ASSERT_EQ(conflict.merges.size(), 1u);
  EXPECT_TRUE(conflict.merges[0].conflict);
  EXPECT_EQ(std::get<RegistryChange>(conflict.actions[0].change).after.number, 3u);
}

TEST(PlanBuild, UnknownBeforeWhenTheExportIsMissingAndErrorsAreOmitted) {
  const auto a = limit_rule("a", model::Expectation::Op::kAtMost, 30, 30);
  const Plan p = plan_of({&a});
  ASSERT_EQ(p.actions.size(), 1u);
  EXPECT_EQ(std::get<RegistryChange>(p.actions[0].change).before, Before::kUnknown);
  EXPECT_EQ(inverse_display(p.actions[0].change), "restore the value saved when the plan is applied");

  model::AuditReport report;
  model::Finding err;
  err.rule = &a;
  err.status = model::Status::kError;
  err.reason = "not collected: registry";
  model::Finding excepted = err;
  excepted.status = model::Status::kExcepted;
  excepted.reason = "approved until 2027";
  report.findings = {err, excepted};
  const Plan q = build_plan(report, model::Snapshot{});
  EXPECT_TRUE(q.actions.empty());
  ASSERT_EQ(q.omitted.size(), 2u);
  EXPECT_NE(q.omitted[0].reason.find("not collected: registry"), std::string::npos);
  EXPECT_NE(q.omitted[1].reason.find("excepted"), std::string::npos);
}

TEST(PlanBuild, HashFollowsTheActionsOnly) {
  const auto a = limit_rule("a", model::Expectation::Op::kAtMost, 30, 30);
  const auto b = limit_rule("a", model::Expectation::Op::kAtMost, 30, 20);
  const Plan p = plan_of({&a});
  EXPECT_EQ(p.hash.size(), 64u);
  EXPECT_EQ(p.hash, plan_of({&a}).hash);
  EXPECT_NE(p.hash, plan_of({&b}).hash);
  Plan learned = p;
  learned.actions[0].risk.verdict = "safe";
  EXPECT_EQ(plan_hash(learned), p.hash);
}

TEST(PlanBuild, RiskComesFromAnImpactFile) {
  const std::string impact = R"({"schema": "temper.impact/1", "verdicts": [
    {"rule": "a", "scope": null, "verdict": "breaks", "reason": "CORP\\svc logs on as a batch job",
     "evidence": [{"kind": "logon", "who": "CORP\\svc", "detail": "type 4", "log": "Security", "seen": {"count": 3}}]}]})";
  auto risks = parse_impact_risks(impact, "impact.json");
  ASSERT_TRUE(risks.has_value()) << risks.error().to_string();
  const auto a = limit_rule("a", model::Expectation::Op::kAtMost, 30, 30);
  model::AuditReport report;
  model::Finding f;
  f.rule = &a;
  f.status = model::Status::kFail;
  report.findings = {f};
  const Plan p = build_plan(report, model::Snapshot{}, BuildOptions{nullptr, &*risks, "impact.json"});
  EXPECT_EQ(p.actions[0].risk.verdict, "breaks");
  EXPECT_EQ(p.actions[0].risk.evidence, (std::vector<std::string>{"logon: CORP\\svc (type 4), seen 3 times in Security"}));
  EXPECT_EQ(p.risk_source, "impact.json");

  EXPECT_EQ(parse_impact_risks("{\"schema\": \"temper.impact/1\",\n \"verdicts\": [}", "x.json").error().where->to_string(), "x.json:2:15");
  EXPECT_EQ(parse_impact_risks(R"({"schema": "temper.usage/1"})", "x.json").error().code, ErrorCode::kSchemaVersion);
  const auto bad = parse_impact_risks(R"({"schema": "temper.impact/1", "verdicts": [{"rule": "a", "verdict": "maybe"}]})", "x.json");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("/verdicts/0/verdict"), std::string::npos);
}

TEST(PlanBuild, OnlyNamesRulesOfTheSelection) {
  app::PlanRequest request;
  request.audit.input = kSource / "examples" / "web01";
  request.audit.content_dir = kSource / "content";
  request.only = {"win.user-right.SeImpersonatePrivilege", "iis.tls.*"};
  auto out = app::run_plan(request, nullptr);
  ASSERT_TRUE(out.has_value()) << out.error().to_string();
  for (const auto& a : out->plan.actions) {
    EXPECT_TRUE(a.rules.front() == "win.user-right.SeImpersonatePrivilege" || a.rules.front().starts_with("iis.tls.")) << a.rules.front();
  }
  EXPECT_NE(find_action(out->plan, "iis.tls.tls10.disabled"), nullptr);
  request.only = {"win.no-such-rule"};
  const auto missing = app::run_plan(request, nullptr);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("win.no-such-rule"), std::string::npos);
}

}  // namespace
}  // namespace temper::plan

namespace temper::plan {
namespace {
TEST(PlanBuild, RiskSeesWhatLearnedAdjustmentsKeep) {
  const fs::path dir = fs::temp_directory_path() / "temper-plan-risk";
  fs::create_directories(dir);
  const fs::path file = dir / "exceptions.yaml";
  std::ofstream(file) << "adjustments:\n"
                         "  - rule: iis.request-filtering.file-extensions.allow-list\n"
                         "    allow: [\".aspx\", \".\"]\n"
                         "    reason: these extensions were requested\n";
  const auto audit = audit_web01(file);
  auto impact = [](const std::string& extra) {
    return R"({"schema": "temper.impact/1", "verdicts": [{"rule": "iis.request-filtering.file-extensions.allow-list",
      "scope": "MACHINE/WEBROOT/APPHOST", "verdict": "breaks", "reason": "seen", "evidence": [
      {"kind": "request", "who": ".aspx on Shop", "detail": "", "log": "W3SVC2", "keep": ".aspx"},
      {"kind": "request", "who": ". on Shop", "detail": "", "log": "W3SVC2", "keep": "."})" + extra + "]}]}";
  };
  auto risk_of_switch = [&](const std::string& text) {
    auto risks = parse_impact_risks(text, "impact.json");
    EXPECT_TRUE(risks.has_value()) << risks.error().to_string();
    const Plan plan = build_plan(audit.report, audit.snapshot, BuildOptions{&audit.adjustments, &*risks, "impact.json"});
    for (const auto& a : plan.actions) {
      const auto* c = std::get_if<IisConfigChange>(&a.change);
      if (c != nullptr && c->attribute == "allowUnlisted") return a.risk;
    }
    ADD_FAILURE() << "no allowUnlisted action";
    return Risk{};
  };
  // Everything seen is kept by the allow list the plan adds: safe.
  const Risk kept = risk_of_switch(impact(""));
  EXPECT_EQ(kept.verdict, "safe");
  EXPECT_NE(kept.reason.find("keeps all 2"), std::string::npos) << kept.reason;
  // One more extension the allow list does not keep: still breaks, with that one as the evidence.
  const Risk left = risk_of_switch(impact(R"(, {"kind": "request", "who": ".php on Shop", "detail": "", "log": "W3SVC2", "keep": ".php"})"));
  EXPECT_EQ(left.verdict, "breaks");
  ASSERT_EQ(left.evidence.size(), 1u);
  EXPECT_NE(left.evidence[0].find(".php"), std::string::npos);
  fs::remove_all(dir);
}
}  // namespace
}  // namespace temper::plan
