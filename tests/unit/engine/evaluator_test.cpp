// SPDX-License-Identifier: Apache-2.0
#include "engine/evaluator.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "content/loader.hpp"
#include "core/time.hpp"
#include "model/snapshot_json.hpp"

namespace temper::engine {
namespace {
using model::Status;

model::Snapshot snap(const std::string& json) {
  auto s = model::snapshot_from_json(nlohmann::ordered_json::parse(json), "test", false);
  if (!s) throw std::runtime_error(s.error().to_string());
  return *s;
}

// Rules are written in YAML like real content; the metadata is boilerplate.
std::string rule_yaml(const std::string& id, const std::string& body, const std::string& applies = "") {
  return "  - id: " + id +
         "\n    title: t\n    section: s\n    level: 1\n    refs: {x: \"1\"}\n    description: d\n"
         "    rationale: r\n    impact: i\n    default_value: v\n    remediation: m\n" +
         applies + "    check:\n" + body;
}

struct Fixture {
  content::LoadResult loaded;
  explicit Fixture(const std::string& rules) : loaded(content::load_content_text("rules:\n" + rules, "t.yaml")) {
    if (!loaded.ok()) throw std::runtime_error(loaded.diagnostics.front().to_string());
  }
  const model::Rule& rule(const std::string& id) const { return *loaded.content.find_rule(id); }
  std::vector<const model::Rule*> all() const {
    std::vector<const model::Rule*> out;
    for (const auto& r : loaded.content.rules()) out.push_back(&r);
    return out;
  }
};

const std::string kImpersonate = rule_yaml("t.impersonate",
                                           "      type: user_right\n"
                                           "      right: SeImpersonatePrivilege\n"
                                           "      principals: [S-1-5-32-544, S-1-5-19, S-1-5-20, S-1-5-6]\n"
                                           "      adjust:\n"
                                           "        - when: {roles: [member_server], features: [Web-Server]}\n"
                                           "          add: [S-1-5-32-568]\n"
                                           "          note: IIS_IUSRS allowed\n",
                                           "    applies_to: {roles: [member_server, domain_controller]}\n");

const std::string kDirBrowse = rule_yaml("t.dirbrowse",
                                         "      type: iis_config\n"
                                         "      element: system.webServer/directoryBrowse\n"
                                         "      attribute: enabled\n"
                                         "      expect: false\n",
                                         "    applies_to: {iis_installed: true}\n");

std::string iis_snapshot(const std::string& server_value, const std::string& site_b_value) {
  std::string section_server =
      server_value.empty() ? "{}"
                           : R"({"system.webServer/directoryBrowse": {"name": "directoryBrowse", "attributes": {"enabled": {"value": ")" +
                                 server_value + R"(", "origin": "applicationHost.config:40"}}}})";
  std::string section_b =
      site_b_value.empty() ? "{}"
                           : R"({"system.webServer/directoryBrowse": {"name": "directoryBrowse", "attributes": {"enabled": {"value": ")" +
                                 site_b_value + R"(", "origin": "D:\\b\\web.config:3"}}}})";
  return R"({"host": {"role": "member_server"}, "features": ["Web-Server"], "iis": {"installed": true, "scopes": [
      {"path": "MACHINE/WEBROOT/APPHOST", "kind": "server", "sections": )" +
         section_server + R"(},
      {"path": "MACHINE/WEBROOT/APPHOST/A", "parent": "MACHINE/WEBROOT/APPHOST", "kind": "site", "sections": {}},
      {"path": "MACHINE/WEBROOT/APPHOST/A/app", "parent": "MACHINE/WEBROOT/APPHOST/A", "kind": "application", "sections": {}},
      {"path": "MACHINE/WEBROOT/APPHOST/B", "parent": "MACHINE/WEBROOT/APPHOST", "kind": "site", "sections": )" +
         section_b + R"(},
      {"path": "MACHINE/WEBROOT/APPHOST/B/sub", "parent": "MACHINE/WEBROOT/APPHOST/B", "kind": "folder", "sections": {}}
  ]}})";
}

const model::Finding* at(const std::vector<model::Finding>& fs, const std::string& scope) {
  for (const auto& f : fs) {
    if (f.scope == scope) return &f;
  }
  return nullptr;
}

bool evidence_has(const model::Finding& f, const std::string& needle) {
  return std::any_of(f.evidence.begin(), f.evidence.end(),
                     [&](const std::string& e) { return e.find(needle) != std::string::npos; });
}
}  // namespace

TEST(EvaluatorScopeTest, ServerValueInheritedEverywhereGivesOneFinding) {
  const Fixture fx(kDirBrowse);
  const auto fs = evaluate_rule(fx.rule("t.dirbrowse"), snap(iis_snapshot("false", "")));
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].status, Status::kPass);
  EXPECT_EQ(fs[0].scope, "MACHINE/WEBROOT/APPHOST");
  EXPECT_TRUE(evidence_has(fs[0], "applicationHost.config:40"));
  EXPECT_TRUE(evidence_has(fs[0], "also applies to: A, A/app, B, B/sub"));
}

TEST(EvaluatorScopeTest, SiteOverrideFailsAtThatSiteOnly) {
  const Fixture fx(kDirBrowse);
  const auto fs = evaluate_rule(fx.rule("t.dirbrowse"), snap(iis_snapshot("false", "true")));
  ASSERT_EQ(fs.size(), 2u);
  EXPECT_EQ(at(fs, "MACHINE/WEBROOT/APPHOST")->status, Status::kPass);
  const auto* b = at(fs, "MACHINE/WEBROOT/APPHOST/B");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->status, Status::kFail);
  EXPECT_EQ(b->actual, "true");
  EXPECT_EQ(b->setting, "system.webServer/directoryBrowse@enabled");
  EXPECT_TRUE(evidence_has(*b, "D:\\b\\web.config:3"));
  EXPECT_TRUE(evidence_has(*b, "also applies to: B/sub"));  // the folder below inherits B's value
}

TEST(EvaluatorScopeTest, ServerFailureFixedByASitePassesThere) {
  const Fixture fx(kDirBrowse);
  const auto fs = evaluate_rule(fx.rule("t.dirbrowse"), snap(iis_snapshot("true", "false")));
  EXPECT_EQ(at(fs, "MACHINE/WEBROOT/APPHOST")->status, Status::kFail);
  EXPECT_EQ(at(fs, "MACHINE/WEBROOT/APPHOST/B")->status, Status::kPass);
}

TEST(EvaluatorScopeTest, UnsetEverywhereUsesTheSchemaDefault) {
  const Fixture fx(kDirBrowse);
  const auto fs = evaluate_rule(fx.rule("t.dirbrowse"), snap(iis_snapshot("", "")));
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].status, Status::kPass);
  EXPECT_TRUE(evidence_has(fs[0], "schema default"));
}

TEST(EvaluatorScopeTest, OnlyIfLimitsTheScopesJudged) {
  const Fixture fx(rule_yaml("t.anon",
                             "      type: iis_config\n"
                             "      element: system.webServer/security/authentication/anonymousAuthentication\n"
                             "      attribute: userName\n"
                             "      expect: \"\"\n"
                             "      only_if: {attribute: enabled, expect: true}\n"));
  // Anonymous auth: default enabled with IUSR at the server; site B disables it.
  const auto s = snap(R"({"iis": {"installed": true, "scopes": [
      {"path": "MACHINE/WEBROOT/APPHOST", "kind": "server", "sections": {}},
      {"path": "MACHINE/WEBROOT/APPHOST/B", "parent": "MACHINE/WEBROOT/APPHOST", "kind": "site", "sections": {
        "system.webServer/security/authentication/anonymousAuthentication": {"name": "anonymousAuthentication",
          "attributes": {"enabled": {"value": "false", "origin": "apphost:90"}}}}}]}})");
  const auto fs = evaluate_rule(fx.rule("t.anon"), s);
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].scope, "MACHINE/WEBROOT/APPHOST");
  EXPECT_EQ(fs[0].status, Status::kFail);  // IUSR by schema default where anonymous is on
  EXPECT_EQ(fs[0].actual, "IUSR");
}

TEST(EvaluatorHostTest, IisAdjustmentDependsOnTheWebServerFeature) {
  const Fixture fx(kImpersonate);
  const std::string holders = R"("user_rights": {"SeImpersonatePrivilege": ["S-1-5-32-544", "S-1-5-19", "S-1-5-20", "S-1-5-6", "S-1-5-32-568"]})";
  auto with_iis = evaluate_rule(fx.rule("t.impersonate"),
                                snap(R"({"host": {"role": "member_server"}, "features": ["Web-Server"], )" + holders + "}"));
  ASSERT_EQ(with_iis.size(), 1u);
  EXPECT_EQ(with_iis[0].status, Status::kPass);
  EXPECT_TRUE(evidence_has(with_iis[0], "IIS_IUSRS allowed"));

  auto without_iis = evaluate_rule(fx.rule("t.impersonate"),
                                   snap(R"({"host": {"role": "member_server"}, "features": ["FS-FileServer"], )" + holders + "}"));
  EXPECT_EQ(without_iis[0].status, Status::kFail);
  EXPECT_TRUE(evidence_has(without_iis[0], "unexpected holder: BUILTIN\\IIS_IUSRS"));

  // The adjustment is for member servers: a DC with IIS does not get it.
  auto dc = evaluate_rule(fx.rule("t.impersonate"),
                          snap(R"({"host": {"role": "domain_controller"}, "features": ["Web-Server"], )" + holders + "}"));
  EXPECT_EQ(dc[0].status, Status::kFail);

  // Without a feature list the expected set cannot be known: error, not a guess.
  auto unknown = evaluate_rule(fx.rule("t.impersonate"), snap(R"({"host": {"role": "member_server"}, )" + holders + "}"));
  EXPECT_EQ(unknown[0].status, Status::kError);
  EXPECT_NE(unknown[0].reason.find("not collected: installed features"), std::string::npos);
}

TEST(EvaluatorHostTest, AppPoolIdentitiesExpandFromTheSnapshot) {
  const Fixture fx(rule_yaml("t.quota",
                             "      type: user_right\n"
                             "      right: SeIncreaseQuotaPrivilege\n"
                             "      principals: [S-1-5-32-544, S-1-5-19, S-1-5-20]\n"
                             "      adjust:\n"
                             "        - when: {features: [Web-Server]}\n"
                             "          add: [$app_pool_identities]\n"));
  const std::string pool_sid = "S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415";
  const std::string leftover = "S-1-5-82-1-2-3-4-5";
  auto ok = evaluate_rule(fx.rule("t.quota"), snap(R"({"features": ["Web-Server"], "iis": {"installed": true,
      "app_pools": [{"name": "DefaultAppPool"}]}, "user_rights": {"SeIncreaseQuotaPrivilege": ["S-1-5-32-544", ")" +
                                                          pool_sid + R"("]}})"));
  EXPECT_EQ(ok[0].status, Status::kPass);
  EXPECT_NE(ok[0].actual.find("IIS APPPOOL\\DefaultAppPool"), std::string::npos);
  // A pool SID left behind by a deleted pool is not one of this server's pools.
  auto stale = evaluate_rule(fx.rule("t.quota"), snap(R"({"features": ["Web-Server"], "iis": {"installed": true,
      "app_pools": [{"name": "DefaultAppPool"}]}, "user_rights": {"SeIncreaseQuotaPrivilege": [")" +
                                                             leftover + R"("]}})"));
  EXPECT_EQ(stale[0].status, Status::kFail);
  // Pools not collected: who must hold the right is unknown, so is the verdict.
  auto unknown = evaluate_rule(fx.rule("t.quota"),
                               snap(R"({"features": ["Web-Server"], "user_rights": {"SeIncreaseQuotaPrivilege": [")" + leftover + R"("]}})"));
  EXPECT_EQ(unknown[0].status, Status::kError);
  EXPECT_NE(unknown[0].reason.find("not collected: IIS configuration"), std::string::npos) << unknown[0].reason;
  // A policy cannot know the pools of the servers it applies to: any IIS APPPOOL identity is accepted.
  auto any = evaluate_rule(fx.rule("t.quota"), snap(R"({"source": {"kind": "policy"}, "features": ["Web-Server"],
      "user_rights": {"SeIncreaseQuotaPrivilege": [")" + leftover + R"("]}})"));
  EXPECT_EQ(any[0].status, Status::kPass);
  EXPECT_TRUE(evidence_has(any[0], "S-1-5-82-*"));
}

TEST(EvaluatorHostTest, NotDefinedDiffersFromNobody) {
  const Fixture fx(rule_yaml("t.tcb", "      type: user_right\n      right: SeTcbPrivilege\n      principals: []\n"));
  // Effective state: the right is simply not listed -> nobody holds it -> pass.
  auto exported = evaluate_rule(fx.rule("t.tcb"), snap(R"({"source": {"kind": "export"}, "user_rights": {}})"));
  EXPECT_EQ(exported[0].status, Status::kPass);
  EXPECT_EQ(exported[0].actual, "no one");
  // A policy that does not define the right does not enforce "no one".
  auto policy = evaluate_rule(fx.rule("t.tcb"), snap(R"({"source": {"kind": "policy"}, "user_rights": {}})"));
  EXPECT_EQ(policy[0].status, Status::kFail);
  EXPECT_EQ(policy[0].actual, "(not defined)");
  // A policy that defines it as empty does.
  auto defined = evaluate_rule(fx.rule("t.tcb"), snap(R"({"source": {"kind": "policy"}, "user_rights": {"SeTcbPrivilege": []}})"));
  EXPECT_EQ(defined[0].status, Status::kPass);
}

TEST(EvaluatorHostTest, RoleDecidesApplicability) {
  const Fixture fx(kImpersonate);
  auto ws = evaluate_rule(fx.rule("t.impersonate"), snap(R"({"host": {"role": "workstation"}, "user_rights": {}})"));
  EXPECT_EQ(ws[0].status, Status::kNotApplicable);
  EXPECT_NE(ws[0].reason.find("this host is a workstation"), std::string::npos);
  auto unknown = evaluate_rule(fx.rule("t.impersonate"), snap(R"({"user_rights": {}})"));
  EXPECT_EQ(unknown[0].status, Status::kError);
  EXPECT_NE(unknown[0].reason.find("not collected: host role"), std::string::npos);
}

TEST(EvaluatorErrorTest, MissingDataIsAnErrorAndOthersGoOn) {
  const Fixture fx(kDirBrowse + rule_yaml("t.lm",
                                          "      type: registry\n"
                                          "      key: HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\n"
                                          "      value: LmCompatibilityLevel\n"
                                          "      expect: {at_least: 5}\n") +
                   rule_yaml("t.wmsvc",
                             "      type: service\n      name: WMSvc\n      start_mode: Disabled\n") +
                   rule_yaml("t.dav", "      type: feature\n      name: Web-DAV-Publishing\n      installed: false\n"));
  // IIS installed per features but its configuration was not collected; registry covers a different key.
  const auto s = snap(R"({"features": ["Web-Server"], "registry": {"collected": ["HKLM\\SOFTWARE\\Policies"], "keys": {}},
                          "services": {"W3SVC": {"start_mode": "Auto", "state": "Running"}}})");
  const auto report = evaluate(fx.all(), s);
  ASSERT_EQ(report.findings.size(), 4u);
  EXPECT_EQ(report.findings[0].status, Status::kError);
  EXPECT_EQ(report.findings[0].reason, "not collected: IIS configuration");
  EXPECT_EQ(report.findings[1].status, Status::kError);
  EXPECT_NE(report.findings[1].reason.find("not collected: registry key HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa"),
            std::string::npos);
  EXPECT_EQ(report.findings[2].status, Status::kPass);  // WMSvc not installed
  EXPECT_EQ(report.findings[2].actual, "not installed");
  EXPECT_EQ(report.findings[3].status, Status::kPass);
  EXPECT_EQ(report.summary.error, 2u);
  EXPECT_EQ(report.summary.pass, 2u);
  EXPECT_DOUBLE_EQ(report.summary.score, 50.0);
}

TEST(EvaluatorErrorTest, APolicyThatDoesNotListAServiceDoesNotEnforceIt) {
  const Fixture fx(rule_yaml("t.spooler", "      type: service\n      name: Spooler\n      start_mode: Disabled\n"));
  const auto policy = evaluate_rule(fx.rule("t.spooler"), snap(R"({"source": {"kind": "policy"}, "services": {}})"));
  EXPECT_EQ(policy[0].status, Status::kFail);
  EXPECT_EQ(policy[0].actual, "(not defined)");
  const auto server = evaluate_rule(fx.rule("t.spooler"), snap(R"({"source": {"kind": "export"}, "services": {}})"));
  EXPECT_EQ(server[0].status, Status::kPass);  // not installed
}

TEST(EvaluatorErrorTest, AbsentRegistryValueUsesTheWindowsDefaultWhenGiven) {
  const Fixture fx(rule_yaml("t.lm",
                             "      type: registry\n"
                             "      key: HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\n"
                             "      value: LmCompatibilityLevel\n"
                             "      expect: {at_least: 5}\n"
                             "      when_absent: 3\n"));
  const auto s = snap(R"({"registry": {"collected": ["HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa"], "keys": {}}})");
  const auto fs = evaluate_rule(fx.rule("t.lm"), s);
  EXPECT_EQ(fs[0].status, Status::kFail);
  EXPECT_NE(fs[0].actual.find("Windows default 3"), std::string::npos);
}

TEST(EvaluatorErrorTest, APolicyThatDoesNotSetAValueDoesNotEnforceIt) {
  const Fixture fx(rule_yaml("t.lm",
                             "      type: registry\n"
                             "      key: HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\n"
                             "      value: LmCompatibilityLevel\n"
                             "      expect: {at_least: 5}\n"
                             "      when_absent: 3\n"));
  // The GPO sets another value of another key and nothing is "collected": still a verdict, not an error.
  const auto s = snap(R"({"source": {"kind": "policy"}, "registry": {"collected": [], "keys": {
      "HKLM\\SOFTWARE\\Policies\\X": {"A": {"type": "REG_DWORD", "data": 1}}}}})");
  const auto fs = evaluate_rule(fx.rule("t.lm"), s);
  EXPECT_EQ(fs[0].status, Status::kFail);
  EXPECT_EQ(fs[0].actual, "(not defined)");
  EXPECT_TRUE(evidence_has(fs[0], "Windows' own default is 3"));
  const auto set = snap(R"({"source": {"kind": "policy"}, "registry": {"keys": {
      "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa": {"LmCompatibilityLevel": {"type": "REG_DWORD", "data": 5}}}}})");
  EXPECT_EQ(evaluate_rule(fx.rule("t.lm"), set)[0].status, Status::kPass);
}

TEST(EvaluatorIisTest, EachJudgesEveryCollectionItem) {
  const Fixture fx(rule_yaml("t.cs",
                             "      type: iis_config\n"
                             "      element: connectionStrings/add\n"
                             "      attribute: connectionString\n"
                             "      each: true\n"
                             "      expect: {not_matches: \"Password=\\\\[REDACTED\\\\]\"}\n"));
  const auto s = snap(R"({"iis": {"installed": true, "scopes": [
      {"path": "MACHINE/WEBROOT/APPHOST", "kind": "server", "sections": {}},
      {"path": "MACHINE/WEBROOT/APPHOST/A", "parent": "MACHINE/WEBROOT/APPHOST", "kind": "site", "sections": {
        "connectionStrings": {"name": "connectionStrings", "origin": "a.config:2", "children": [
          {"name": "add", "attributes": {"name": "ok", "connectionString": "Server=x;Integrated Security=SSPI"}},
          {"name": "add", "attributes": {"name": "bad", "connectionString": "Server=x;Password=[REDACTED]"}}]}}},
      {"path": "MACHINE/WEBROOT/APPHOST/B", "parent": "MACHINE/WEBROOT/APPHOST", "kind": "site", "sections": {
        "connectionStrings": {"name": "connectionStrings", "attributes": {"configProtectionProvider": "RsaProtectedConfigurationProvider"},
          "children": [{"name": "EncryptedData"}]}}}]}})");
  const auto fs = evaluate_rule(fx.rule("t.cs"), s);
  EXPECT_EQ(at(fs, "MACHINE/WEBROOT/APPHOST")->status, Status::kPass);
  const auto* a = at(fs, "MACHINE/WEBROOT/APPHOST/A");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->status, Status::kFail);
  EXPECT_NE(a->actual.find("add[@name='bad']"), std::string::npos);
  EXPECT_EQ(a->actual.find("add[@name='ok']"), std::string::npos);
  // B's section is encrypted: no plaintext items, so it passes like the server and is folded into its finding.
  EXPECT_EQ(at(fs, "MACHINE/WEBROOT/APPHOST/B"), nullptr);
  EXPECT_TRUE(evidence_has(*at(fs, "MACHINE/WEBROOT/APPHOST"), "also applies to: B"));
}

TEST(EvaluatorIisTest, OnlyIfCanLookAtAnotherElement) {
  const Fixture fx(rule_yaml("t.basic",
                             "      type: iis_config\n"
                             "      element: system.webServer/security/access\n"
                             "      attribute: sslFlags\n"
                             "      expect: {contains: Ssl}\n"
                             "      only_if:\n"
                             "        element: system.webServer/security/authentication/basicAuthentication\n"
                             "        attribute: enabled\n"
                             "        expect: true\n"));
  const auto s = snap(R"({"iis": {"installed": true, "scopes": [
      {"path": "MACHINE/WEBROOT/APPHOST", "kind": "server", "sections": {}},
      {"path": "MACHINE/WEBROOT/APPHOST/A", "parent": "MACHINE/WEBROOT/APPHOST", "kind": "site", "sections": {
        "system.webServer/security/authentication/basicAuthentication": {"name": "basicAuthentication", "attributes": {"enabled": "true"}}}},
      {"path": "MACHINE/WEBROOT/APPHOST/B", "parent": "MACHINE/WEBROOT/APPHOST", "kind": "site", "sections": {
        "system.webServer/security/authentication/basicAuthentication": {"name": "basicAuthentication", "attributes": {"enabled": "true"}},
        "system.webServer/security/access": {"name": "access", "attributes": {"sslFlags": "Ssl, SslNegotiateCert"}}}}]}})");
  const auto fs = evaluate_rule(fx.rule("t.basic"), s);
  ASSERT_EQ(fs.size(), 2u);  // the server level has Basic off: not judged
  EXPECT_EQ(at(fs, "MACHINE/WEBROOT/APPHOST/A")->status, Status::kFail);
  EXPECT_EQ(at(fs, "MACHINE/WEBROOT/APPHOST/B")->status, Status::kPass);
}

TEST(EvaluatorIisTest, SiteAndPoolFacts) {
  const Fixture fx(rule_yaml("t.host", "      type: iis_site\n      field: bindings_have_host_names\n      expect: true\n") +
                   rule_yaml("t.pool", "      type: iis_site\n      field: app_pool_unique\n      expect: true\n") +
                   rule_yaml("t.drive", "      type: iis_site\n      field: content_on_system_drive\n      expect: false\n") +
                   rule_yaml("t.logs", "      type: iis_site\n      field: log_on_system_drive\n      expect: false\n") +
                   rule_yaml("t.admin", "      type: iis_app_pool\n      field: identity_is_administrator\n      expect: false\n"));
  const auto s = snap(R"({"principals": {"accounts": [{"sid": "S-1-5-21-1-1-1-900", "name": "CORP\\svc-admin"}],
        "local_groups": [{"sid": "S-1-5-32-544", "name": "Administrators", "members": ["S-1-5-21-1-1-1-900"]}]},
      "iis": {"installed": true,
      "app_pools": [{"name": "P1"}, {"name": "P2", "identity_type": "SpecificUser", "user_name": "CORP\\svc-admin"},
                    {"name": "P3", "identity_type": "LocalSystem"}],
      "sites": [
        {"name": "A", "id": 1, "bindings": [{"protocol": "http", "binding_information": "*:80:"}],
         "applications": [{"path": "/", "application_pool": "P1", "virtual_directories": [{"path": "/", "physical_path": "%SystemDrive%\\inetpub\\wwwroot"}]}]},
        {"name": "B", "id": 2, "bindings": [{"protocol": "https", "binding_information": "*:443:b.example.com"}],
         "applications": [{"path": "/", "application_pool": "P1", "virtual_directories": [{"path": "/", "physical_path": "D:\\b"}]}]}],
      "scopes": [{"path": "MACHINE/WEBROOT/APPHOST", "kind": "server", "sections": {
        "system.applicationHost/sites": {"name": "sites", "children": [
          {"name": "site", "attributes": {"name": "B"}, "children": [{"name": "logFile", "attributes": {"directory": "E:\\logs"}}]},
          {"name": "siteDefaults", "children": [{"name": "logFile", "attributes": {"directory": "%SystemDrive%\\inetpub\\logs"}}]}]}}}]}})");
  const auto host = evaluate_rule(fx.rule("t.host"), s);
  EXPECT_EQ(at(host, "MACHINE/WEBROOT/APPHOST/A")->status, Status::kFail);
  EXPECT_TRUE(evidence_has(*at(host, "MACHINE/WEBROOT/APPHOST/A"), "binding without a host name: http *:80:"));
  EXPECT_EQ(at(host, "MACHINE/WEBROOT/APPHOST/B")->status, Status::kPass);
  const auto pool = evaluate_rule(fx.rule("t.pool"), s);
  EXPECT_EQ(at(pool, "MACHINE/WEBROOT/APPHOST/A")->status, Status::kFail);
  EXPECT_TRUE(evidence_has(*at(pool, "MACHINE/WEBROOT/APPHOST/A"), "also the root pool of: B"));
  const auto drive = evaluate_rule(fx.rule("t.drive"), s);
  EXPECT_EQ(at(drive, "MACHINE/WEBROOT/APPHOST/A")->status, Status::kFail);
  EXPECT_EQ(at(drive, "MACHINE/WEBROOT/APPHOST/B")->status, Status::kPass);
  const auto logs = evaluate_rule(fx.rule("t.logs"), s);
  EXPECT_EQ(at(logs, "MACHINE/WEBROOT/APPHOST/A")->status, Status::kFail);  // siteDefaults on C:
  EXPECT_EQ(at(logs, "MACHINE/WEBROOT/APPHOST/B")->status, Status::kPass);  // its own E:\logs
  const Fixture fx2(rule_yaml("t.logdir", "      type: iis_site\n      field: logFile@directory\n      expect: {not_matches: \"^%SystemDrive%\"}\n"));
  const auto logdir = evaluate_rule(fx2.rule("t.logdir"), s);
  EXPECT_EQ(at(logdir, "MACHINE/WEBROOT/APPHOST/A")->status, Status::kFail);  // from siteDefaults
  EXPECT_TRUE(evidence_has(*at(logdir, "MACHINE/WEBROOT/APPHOST/A"), "(siteDefaults)"));
  EXPECT_EQ(at(logdir, "MACHINE/WEBROOT/APPHOST/B")->actual, "E:\\logs");   // the site's own
  const Fixture fx3(rule_yaml("t.https-only", "      type: iis_site\n      field: has_https_binding\n      expect: true\n"
                                              "      only_if: {field: bindings_have_host_names, expect: false}\n"));
  const auto only = evaluate_rule(fx3.rule("t.https-only"), s);
  ASSERT_EQ(only.size(), 1u);  // only A lacks host names
  EXPECT_EQ(only[0].scope, "MACHINE/WEBROOT/APPHOST/A");
  EXPECT_EQ(only[0].status, Status::kFail);
  const auto admin = evaluate_rule(fx.rule("t.admin"), s);
  EXPECT_EQ(at(admin, "apppool:P1")->status, Status::kPass);
  EXPECT_EQ(at(admin, "apppool:P2")->status, Status::kFail);  // a direct member of Administrators
  EXPECT_EQ(at(admin, "apppool:P3")->status, Status::kFail);  // LocalSystem
}

TEST(EvaluatorAllTest, EveryPartMustHoldAndResultsMerge) {
  const std::string key = "HKLM\\\\SYSTEM\\\\CurrentControlSet\\\\Control\\\\SecurityProviders\\\\SCHANNEL\\\\Protocols\\\\SSL 2.0\\\\Server";
  const Fixture fx(rule_yaml("t.ssl2",
                             "      type: all\n"
                             "      checks:\n"
                             "        - {type: registry, key: \"" + key + "\", value: Enabled, expect: 0}\n"
                             "        - {type: registry, key: \"" + key + "\", value: DisabledByDefault, expect: 1}\n"));
  const auto json_key = std::string("HKLM\\\\SYSTEM\\\\CurrentControlSet\\\\Control\\\\SecurityProviders\\\\SCHANNEL");
  const auto both = snap(R"({"registry": {"collected": [")" + json_key + R"("], "keys": {")" + json_key +
                         R"(\\Protocols\\SSL 2.0\\Server": {"Enabled": {"type": "REG_DWORD", "data": 0},
                           "DisabledByDefault": {"type": "REG_DWORD", "data": 1}}}}})");
  const auto ok = evaluate_rule(fx.rule("t.ssl2"), both);
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0].status, Status::kPass);
  EXPECT_NE(ok[0].expected.find("Server\\Enabled 0"), std::string::npos) << ok[0].expected;
  const auto half = snap(R"({"registry": {"collected": [")" + json_key + R"("], "keys": {")" + json_key +
                         R"(\\Protocols\\SSL 2.0\\Server": {"Enabled": {"type": "REG_DWORD", "data": 0}}}}})");
  const auto bad = evaluate_rule(fx.rule("t.ssl2"), half);
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].status, Status::kFail);
  EXPECT_TRUE(evidence_has(bad[0], "Server\\DisabledByDefault: fails"));
  const auto missing = evaluate_rule(fx.rule("t.ssl2"), snap(R"({"registry": {"collected": [], "keys": {}}})"));
  EXPECT_EQ(missing[0].status, Status::kError);
}

TEST(EvaluatorExceptionTest, ValidExpiredAndScopedExceptions) {
  const Fixture fx(kDirBrowse + kImpersonate);
  const auto s = snap(R"({"host": {"role": "member_server"}, "features": ["Web-Server"],
      "user_rights": {"SeImpersonatePrivilege": ["S-1-5-21-9-9-9-1013"]},
      "iis": {"installed": true, "scopes": [
        {"path": "MACHINE/WEBROOT/APPHOST", "kind": "server", "sections": {}},
        {"path": "MACHINE/WEBROOT/APPHOST/B", "parent": "MACHINE/WEBROOT/APPHOST", "kind": "site", "sections": {
          "system.webServer/directoryBrowse": {"name": "directoryBrowse", "attributes": {"enabled": "true"}}}},
        {"path": "MACHINE/WEBROOT/APPHOST/C", "parent": "MACHINE/WEBROOT/APPHOST", "kind": "site", "sections": {
          "system.webServer/directoryBrowse": {"name": "directoryBrowse", "attributes": {"enabled": "true"}}}}]}})");
  const auto ex = content::load_exceptions_text(R"(exceptions:
  - rule: t.dirbrowse
    scope: B
    reason: public listing approved
    expires: 2027-01-01
  - rule: t.impersonate
    reason: reporting service migration
    expires: 2026-01-31
  - rule: t.nothing
    reason: stale entry
)",
                                                "ex.yaml");
  ASSERT_TRUE(ex.ok());
  EvaluateOptions options;
  options.exceptions = ex.exceptions;
  options.now = *parse_iso8601("2026-11-21T12:00:00Z");
  const auto report = evaluate(fx.all(), s, options);
  const auto* b = at(report.findings, "MACHINE/WEBROOT/APPHOST/B");
  const auto* c = at(report.findings, "MACHINE/WEBROOT/APPHOST/C");
  ASSERT_NE(b, nullptr);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(b->status, Status::kExcepted);          // scoped exception, valid
  EXPECT_EQ(b->reason, "public listing approved");
  ASSERT_TRUE(b->exception);
  EXPECT_EQ(c->status, Status::kFail);              // the exception is for B only
  const auto& imp = report.findings.back();
  EXPECT_EQ(imp.status, Status::kFail);             // expired on 2026-01-31
  EXPECT_TRUE(evidence_has(imp, "expired on 2026-01-31"));
  EXPECT_EQ(report.summary.excepted, 1u);
  ASSERT_EQ(report.warnings.size(), 2u);
  EXPECT_NE(report.warnings[0].find("expired"), std::string::npos);
  EXPECT_NE(report.warnings[1].find("matches no failing result"), std::string::npos);

  // The same exception, one day before expiry, still holds (a date is valid through its last day).
  options.now = *parse_iso8601("2026-01-31T23:00:00Z");
  const auto earlier = evaluate(fx.all(), s, options);
  EXPECT_EQ(earlier.findings.back().status, Status::kExcepted);
}

TEST(EvaluatorExceptionTest, PassingResultsAreNeverExcepted) {
  const Fixture fx(kDirBrowse);
  const auto s = snap(iis_snapshot("false", ""));
  EvaluateOptions options;
  options.exceptions.push_back(model::RuleException{"t.*", "", "blanket", "", std::nullopt, "", SourceLocation("x")});
  const auto report = evaluate(fx.all(), s, options);
  EXPECT_EQ(report.findings[0].status, Status::kPass);
  EXPECT_EQ(report.warnings.size(), 1u);
}

namespace {
// An HKCU\\ check is judged on every collected user hive, never on the machine registry.
const std::string kUserInstaller = rule_yaml("t.user-installer",
                                             "      type: registry\n"
                                             "      key: \"HKCU\\\\SOFTWARE\\\\Policies\\\\Microsoft\\\\Windows\\\\Installer\"\n"
                                             "      value: AlwaysInstallElevated\n"
                                             "      expect: 0\n");

std::string user_hive(const std::string& sid, const std::string& data) {
  const std::string key = R"("HKCU\\SOFTWARE\\Policies\\Microsoft\\Windows\\Installer")";
  return "\"" + sid + R"(": {"collected": ["HKCU\\SOFTWARE\\Policies"], "keys": {)" +
         (data.empty() ? std::string() : key + R"(: {"AlwaysInstallElevated": {"type": "REG_DWORD", "data": )" + data + "}}") +
         "}}";
}
}  // namespace

TEST(EvaluatorUserRegistryTest, PassesOnlyWhenEveryUserPasses) {
  const Fixture fx(kUserInstaller);
  const auto fs = evaluate_rule(fx.rule("t.user-installer"),
                                snap(R"({"schema": "temper.snapshot/1", "source": {"kind": "export"}, "user_registry": {)" +
                                     user_hive("S-1-5-21-1-2-3-1001", "0") + "," + user_hive("S-1-5-21-1-2-3-1002", "") + "}}"));
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].status, Status::kFail);  // absent, and no when_absent: 1002 fails
  EXPECT_EQ(fs[0].evidence.front(), "fails for user S-1-5-21-1-2-3-1002");
  EXPECT_NE(fs[0].actual.find("user S-1-5-21-1-2-3-1001: 0"), std::string::npos) << fs[0].actual;

  const auto ok = evaluate_rule(fx.rule("t.user-installer"),
                                snap(R"({"schema": "temper.snapshot/1", "source": {"kind": "export"}, "user_registry": {)" +
                                     user_hive("S-1-5-21-1-2-3-1001", "0") + "," + user_hive("S-1-5-21-1-2-3-1002", "0") + "}}"));
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0].status, Status::kPass);
  EXPECT_EQ(ok[0].scope, "");
}

TEST(EvaluatorUserRegistryTest, FailureOutranksAUserNotCollected) {
  const Fixture fx(kUserInstaller);
  // 1003 exported another key only: its value is unknown, 1002 fails.
  const std::string other = R"("S-1-5-21-1-2-3-1003": {"collected": ["HKCU\\Environment"], "keys": {}})";
  const auto fs = evaluate_rule(fx.rule("t.user-installer"),
                                snap(R"({"schema": "temper.snapshot/1", "source": {"kind": "export"}, "user_registry": {)" +
                                     user_hive("S-1-5-21-1-2-3-1002", "1") + "," + other + "}}"));
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].status, Status::kFail);
  const auto unknown = evaluate_rule(fx.rule("t.user-installer"),
                                     snap(R"({"schema": "temper.snapshot/1", "source": {"kind": "export"}, "user_registry": {)" +
                                          user_hive("S-1-5-21-1-2-3-1001", "0") + "," + other + "}}"));
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].status, Status::kError);
  EXPECT_NE(unknown[0].reason.find("not collected: per-user registry key"), std::string::npos) << unknown[0].reason;
  EXPECT_NE(unknown[0].reason.find("S-1-5-21-1-2-3-1003"), std::string::npos) << unknown[0].reason;
}

TEST(EvaluatorUserRegistryTest, NoUserHiveIsNotCollectedNeverAPass) {
  const Fixture fx(kUserInstaller);
  // The machine registry holding the same path under HKLM does not stand in for the users.
  const auto fs = evaluate_rule(
      fx.rule("t.user-installer"),
      snap(R"({"schema": "temper.snapshot/1", "source": {"kind": "export"}, "registry": {"collected": ["HKLM\\SOFTWARE"], "keys": {}}})"));
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].status, Status::kError);
  EXPECT_EQ(fs[0].reason, "not collected: per-user registry (HKU)");
  const auto empty = evaluate_rule(fx.rule("t.user-installer"),
                                   snap(R"({"schema": "temper.snapshot/1", "source": {"kind": "export"}, "user_registry": {}})"));
  EXPECT_EQ(empty[0].status, Status::kError);
}

TEST(EvaluatorUserRegistryTest, PolicyUserWithoutTheValueIsNotDefined) {
  const Fixture fx(kUserInstaller);
  const auto fs = evaluate_rule(
      fx.rule("t.user-installer"),
      snap(R"({"schema": "temper.snapshot/1", "source": {"kind": "policy"}, "user_registry": {"policy": {"collected": [], "keys": {}}}})"));
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].status, Status::kFail);
  EXPECT_EQ(fs[0].evidence.front(), "fails for user policy");
}
}  // namespace temper::engine
