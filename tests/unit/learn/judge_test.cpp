// SPDX-License-Identifier: Apache-2.0
#include "learn/judge.hpp"

#include <gtest/gtest.h>

#include "content/loader.hpp"
#include "core/time.hpp"
#include "engine/adjustments.hpp"
#include "engine/evaluator.hpp"
#include "learn/policy.hpp"

namespace temper::learn {
namespace {
constexpr std::string_view kRules = R"(
rules:
  - id: test.user-right.batch
    title: Batch logon for administrators only
    section: User Rights Assignment
    level: 1
    refs: {test: "1"}
    description: d
    rationale: r
    remediation: m
    impact: i
    default_value: v
    check:
      type: user_right
      right: SeBatchLogonRight
      match: subset
      principals: [S-1-5-32-544]
      adjust:
        - when: {features: [Web-Server]}
          add: [$app_pool_identities:LogonBatch]
          note: pools
    fix: {type: user_right, right: SeBatchLogonRight, set: $expected}
    learn:
      evidence:
        - logons: [4]
        - needs: [$app_pool_identities:LogonBatch]
          note: application pools log on as a batch job
  - id: test.user-right.deny-network
    title: Deny network logon to local accounts
    section: User Rights Assignment
    level: 1
    refs: {test: "2"}
    description: d
    rationale: r
    remediation: m
    impact: i
    default_value: v
    check:
      type: user_right
      right: SeDenyNetworkLogonRight
      match: superset
      principals: [S-1-5-32-546, S-1-5-113]
    fix: {type: user_right, right: SeDenyNetworkLogonRight, set: $expected}
    learn:
      evidence:
        - logons: [3, 8]
          deny: true
  - id: test.audit.logon
    title: Audit logon
    section: Audit
    level: 1
    refs: {test: "3"}
    description: d
    rationale: r
    remediation: m
    impact: i
    default_value: v
    check: {type: audit_policy, subcategory: "{0cce9215-69ae-11d9-bed3-505054503030}", name: Logon, success: true, failure: false}
    fix: {type: audit_policy, subcategory: "{0cce9215-69ae-11d9-bed3-505054503030}", success: true, failure: false}
    learn:
      safe: Turning on auditing records more and stops nothing.
)";

Time at(const char* iso) { return *parse_iso8601(iso); }

class JudgeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    loaded_ = content::load_content_text(kRules, "rules.yaml");
    ASSERT_TRUE(loaded_.ok()) << (loaded_.diagnostics.empty() ? "" : loaded_.diagnostics.front().to_string());
    snapshot_.host.name = "WEB01";
    snapshot_.host.role = model::Role::kMemberServer;
    snapshot_.features.emplace();
    snapshot_.features->insert("Web-Server");
    snapshot_.iis.emplace();
    snapshot_.iis->installed = true;
    model::IisAppPool pool;
    pool.name = "Reports";
    pool.identity_type = "SpecificUser";
    pool.user_name = "CONTOSO\\svc_pool";
    snapshot_.iis->app_pools.push_back(pool);
    snapshot_.principals.emplace();
    snapshot_.principals->accounts.push_back({"S-1-5-21-1-2-3-1200", "CONTOSO\\svc_pool", "user"});
    snapshot_.user_rights.emplace();
    (*snapshot_.user_rights)["SeBatchLogonRight"] = {"S-1-5-32-544", "S-1-5-21-1-2-3-1107", "S-1-5-21-1-2-3-1200"};
    (*snapshot_.user_rights)["SeDenyNetworkLogonRight"] = {"S-1-5-32-546"};
    snapshot_.audit_policy.emplace();
  }

  // A Security log spanning `days` days with 4624 events.
  void security_log(int days) {
    auto& src = profile_.sources[SourceKey{"Security", "WEB01"}];
    src.events.add(at("2026-11-01T00:00:00Z"), {"Security.evtx", 1});
    src.events.add(at("2026-11-01T00:00:00Z") + std::chrono::days(days), {"Security.evtx", 9});
    src.event_ids[4624] = src.events;
  }

  ImpactReport run() {
    std::vector<const model::Rule*> rules;
    for (const auto& r : loaded_.content.rules()) rules.push_back(&r);
    audit_ = engine::evaluate(rules, snapshot_);
    return judge(audit_, snapshot_, profile_, {});
  }

  static const ImpactVerdict& find(const ImpactReport& r, std::string_view id) {
    for (const auto& v : r.verdicts) {
      if (v.rule->id == id) return v;
    }
    throw std::runtime_error("no verdict for " + std::string(id));
  }

  content::LoadResult loaded_;
  model::Snapshot snapshot_;
  UsageProfile profile_;
  model::AuditReport audit_;
};

TEST_F(JudgeTest, BatchLogonOfAnAccountOutsideTheNewHoldersBreaks) {
  security_log(30);
  LogonStats stats;
  stats.seen.add(at("2026-11-03T02:00:00Z"), {"Security.evtx", 88123});
  stats.seen.add(at("2026-11-29T02:00:00Z"), {"Security.evtx", 99000});
  profile_.logons[LogonKey{"S-1-5-21-1-2-3-1107", "CONTOSO\\svc_report", 4, "Negotiate", "-", "C:\\Windows\\System32\\svchost.exe"}] = stats;
  const auto report = run();
  const auto& v = find(report, "test.user-right.batch");
  EXPECT_EQ(v.verdict, Verdict::kBreaks) << v.reason;
  ASSERT_EQ(v.conflicts.size(), 1U);
  EXPECT_NE(v.conflicts[0].who.find("svc_report"), std::string::npos);
  EXPECT_EQ(v.conflicts[0].keep, "S-1-5-21-1-2-3-1107");
  EXPECT_EQ(v.conflicts[0].seen.count, 2U);
  ASSERT_TRUE(v.conflicts[0].seen.example);
  EXPECT_EQ(v.conflicts[0].seen.example->record, 88123U);
}

TEST_F(JudgeTest, PoolIdentityKeptByTheAdjustmentAndQuietWindowIsSafe) {
  security_log(30);
  LogonStats stats;
  stats.seen.add(at("2026-11-03T02:00:00Z"), {"Security.evtx", 5});
  profile_.logons[LogonKey{"S-1-5-21-1-2-3-1200", "CONTOSO\\svc_pool", 4, "Negotiate", "-", ""}] = stats;
  const auto report = run();
  const auto& v = find(report, "test.user-right.batch");
  EXPECT_EQ(v.verdict, Verdict::kSafe) << v.reason;
  EXPECT_TRUE(v.conflicts.empty());
}

TEST_F(JudgeTest, ShortWindowIsUnknownWithHowMuchWasSeen) {
  security_log(6);
  const auto report = run();
  const auto& v = find(report, "test.user-right.batch");
  EXPECT_EQ(v.verdict, Verdict::kUnknown);
  EXPECT_NE(v.reason.find("6.0 of the 30.0 days"), std::string::npos) << v.reason;
}

TEST_F(JudgeTest, NoSecurityLogIsUnknownNamingWhatToEnable) {
  const auto report = run();
  const auto& v = find(report, "test.user-right.batch");
  EXPECT_EQ(v.verdict, Verdict::kUnknown);
  ASSERT_FALSE(v.requirements.empty());
  EXPECT_FALSE(v.requirements[0].present);
  EXPECT_NE(v.requirements[0].enable.find("Audit Logon"), std::string::npos);
}

TEST_F(JudgeTest, DenyRightCatchesLocalAccountNetworkLogons) {
  security_log(30);
  LogonStats local;
  local.seen.add(at("2026-11-10T08:00:00Z"), {"Security.evtx", 42});
  local.addresses.add("10.0.0.7");
  profile_.logons[LogonKey{"S-1-5-21-9-9-9-1001", "WEB01\\backup", 3, "NTLM", "NTLM V2", "-"}] = local;
  LogonStats domain;
  domain.seen.add(at("2026-11-10T08:00:00Z"), {"Security.evtx", 43});
  profile_.logons[LogonKey{"S-1-5-21-1-2-3-1300", "CONTOSO\\alice", 3, "Kerberos", "-", "-"}] = domain;
  const auto report = run();
  const auto& v = find(report, "test.user-right.deny-network");
  EXPECT_EQ(v.verdict, Verdict::kBreaks);
  ASSERT_EQ(v.conflicts.size(), 1U);
  EXPECT_NE(v.conflicts[0].who.find("WEB01\\backup"), std::string::npos);
  EXPECT_NE(v.conflicts[0].detail.find("Local account"), std::string::npos);
  EXPECT_NE(v.conflicts[0].detail.find("10.0.0.7"), std::string::npos);
  EXPECT_TRUE(v.conflicts[0].keep.empty());  // a deny right has no narrower adjustment: an exception
}

TEST_F(JudgeTest, AuditingIsSafeByNatureWithoutEvidence) {
  const auto report = run();
  const auto& v = find(report, "test.audit.logon");
  EXPECT_EQ(v.verdict, Verdict::kSafe);
  EXPECT_NE(v.reason.find("stops nothing"), std::string::npos);
  EXPECT_EQ(report.safe + report.breaks + report.unknown, report.verdicts.size());
}

TEST_F(JudgeTest, ConfigurationNeedBreaksWithoutActivity) {
  // The fix would not keep the pool's identity if the adjustment did not apply: a host without Web-Server.
  snapshot_.features->erase("Web-Server");
  security_log(30);
  const auto report = run();
  const auto& v = find(report, "test.user-right.batch");
  EXPECT_EQ(v.verdict, Verdict::kBreaks) << v.reason;
  ASSERT_EQ(v.conflicts.size(), 1U);
  EXPECT_EQ(v.conflicts[0].kind, "configuration");
  EXPECT_NE(v.conflicts[0].detail.find("batch job"), std::string::npos);
}

TEST_F(JudgeTest, AProfileCappedByHostileInputCannotCallAFixSafe) {
  security_log(30);
  // More distinct network logons than the profile keeps: a batch logon may be among the folded rest.
  for (std::size_t i = 0; i < UsageProfile::kMaxKeys + 10; ++i) {
    LogonStats stats;
    stats.seen.add(at("2026-11-05T00:00:00Z"), {"Security.evtx", i});
    profile_.logons[LogonKey{"S-1-5-21-7-7-7-" + std::to_string(100000 + i), "X\\u" + std::to_string(i), 3, "Kerberos", "-", ""}] = stats;
  }
  ASSERT_TRUE(profile_.over_cap());
  profile_.trim();
  EXPECT_FALSE(profile_.over_cap());
  EXPECT_EQ(profile_.logons.size(), UsageProfile::kMaxKeys + 1);
  const auto report = run();
  const auto& v = find(report, "test.user-right.batch");
  EXPECT_EQ(v.verdict, Verdict::kUnknown) << v.reason;
  EXPECT_NE(v.reason.find("more than 65536 distinct"), std::string::npos) << v.reason;
}

TEST_F(JudgeTest, LearnedPolicyKeepsTheAccountAndTheAuditJudgesItAsAdjusted) {
  security_log(30);
  LogonStats stats;
  stats.seen.add(at("2026-11-03T02:00:00Z"), {"Security.evtx", 88123});
  profile_.logons[LogonKey{"S-1-5-21-1-2-3-1107", "CONTOSO\\svc_report", 4, "Negotiate", "-", ""}] = stats;
  LogonStats local;
  local.seen.add(at("2026-11-10T08:00:00Z"), {"Security.evtx", 42});
  profile_.logons[LogonKey{"S-1-5-21-9-9-9-1001", "WEB01\\backup", 3, "NTLM", "NTLM V2", "-"}] = local;
  const auto report = run();
  ASSERT_EQ(report.breaks, 2U);
  PolicyOptions options;
  options.now = at("2026-12-03T00:00:00Z");
  const std::string yaml = learned_policy_yaml(report, options);
  const auto loaded = content::load_exceptions_text(yaml, "learned.yaml");
  ASSERT_TRUE(loaded.ok()) << yaml << (loaded.diagnostics.empty() ? "" : loaded.diagnostics.front().to_string());
  ASSERT_EQ(loaded.adjustments.size(), 1U) << yaml;
  EXPECT_EQ(loaded.adjustments[0].rule, "test.user-right.batch");
  EXPECT_EQ(loaded.adjustments[0].add, std::vector<std::string>{"S-1-5-21-1-2-3-1107"});
  ASSERT_EQ(loaded.exceptions.size(), 1U) << yaml;  // the deny right: no narrower setting
  EXPECT_EQ(loaded.exceptions[0].rule, "test.user-right.deny-network");
  EXPECT_EQ(loaded.exceptions[0].expires_text, "2027-03-03");
  EXPECT_NE(yaml.find("Security.evtx #88123"), std::string::npos);

  // Back through the audit: the batch right now passes as adjusted, the deny right is excepted.
  std::vector<const model::Rule*> rules;
  for (const auto& r : loaded_.content.rules()) rules.push_back(&r);
  const auto adjusted = engine::adjust_rules(rules, loaded.adjustments);
  EXPECT_TRUE(adjusted.warnings.empty());
  auto audit = engine::evaluate(adjusted.rules, snapshot_);
  engine::apply_adjustments(audit, adjusted, loaded.adjustments, snapshot_);
  engine::apply_exceptions(audit, loaded.exceptions, options.now);
  for (const auto& f : audit.findings) {
    if (f.rule->id == "test.user-right.batch") {
      EXPECT_EQ(f.status, model::Status::kPass);
      EXPECT_TRUE(std::any_of(f.evidence.begin(), f.evidence.end(),
                              [](const std::string& e) { return e.find("learned adjustment at learned.yaml") != std::string::npos; }));
    }
    if (f.rule->id == "test.user-right.deny-network") {
      EXPECT_EQ(f.status, model::Status::kExcepted);
      EXPECT_NE(f.reason.find("no narrower setting"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace temper::learn
