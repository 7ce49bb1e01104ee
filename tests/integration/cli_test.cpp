// SPDX-License-Identifier: Apache-2.0
// Runs the temper binary the way users do and checks exit codes, messages and JSON schemas.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli_support.hpp"

namespace {
namespace fs = std::filesystem;

struct RunResult {
  int code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class CliTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("temper-cli-" + std::to_string(::getpid()) + "-" +
                                        testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  RunResult temper(const std::string& args, const std::string& env = "") {
    const fs::path out = dir_ / "stdout", err = dir_ / "stderr";
    const std::string cmd = "cd '" + std::string(TEMPER_SOURCE_DIR) + "' && " + env + " '" + TEMPER_BINARY + "' " + args +
                            " >'" + out.string() + "' 2>'" + err.string() + "'";
    const int status = std::system(cmd.c_str());
    RunResult r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
  }

  fs::path write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  fs::path dir_;
};

TEST_F(CliTest, VersionAndUsage) {
  const RunResult v = temper("--version");
  EXPECT_EQ(v.code, 0);
  EXPECT_NE(v.out.find("temper 0."), std::string::npos);
  EXPECT_EQ(temper("").code, 2);
  EXPECT_EQ(temper("frobnicate").code, 2);
  EXPECT_EQ(temper("audit").code, 2);  // PATH is required
  EXPECT_EQ(temper("audit examples/web01 --level 3").code, 2);
  EXPECT_EQ(temper("audit examples/web01 --format yaml").code, 2);
}

TEST_F(CliTest, AuditOfTheExampleReportsFindingsAsJson) {
  const RunResult r = temper("audit examples/web01 --format json");
  ASSERT_EQ(r.code, 1) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["schema"], "temper.audit/1");
  EXPECT_EQ(j["host"]["name"], "WEB01");
  for (const char* k : {"pass", "fail", "error", "not_applicable", "excepted", "score"}) {
    EXPECT_TRUE(j["summary"].contains(k)) << k;
  }
  ASSERT_FALSE(j["results"].empty());
  for (const auto& res : j["results"]) {
    for (const char* k : {"rule", "title", "status", "scope", "setting", "expected", "actual", "evidence", "refs"}) {
      EXPECT_TRUE(res.contains(k)) << k;
    }
  }
  bool site_failure = false;
  for (const auto& res : j["results"]) {
    if (res["rule"] == "iis.directory-browsing.disabled" && res["scope"] == "MACHINE/WEBROOT/APPHOST/Shop/downloads") {
      site_failure = res["status"] == "fail" && res["refs"]["cis-iis-10"] == "1.3";
    }
  }
  EXPECT_TRUE(site_failure);
  // Piped text output carries no colour codes.
  const RunResult text = temper("audit examples/web01");
  EXPECT_EQ(text.code, 1);
  EXPECT_EQ(text.out.find('\033'), std::string::npos);
  EXPECT_NE(text.out.find("Summary:"), std::string::npos);
}

TEST_F(CliTest, ExceptionsTurnFailuresIntoExceptedAndExpireVisibly) {
  const RunResult r = temper("audit examples/web01 --exceptions examples/web01/exceptions.yaml --format json");
  ASSERT_EQ(r.code, 1) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["summary"]["excepted"], 1);
  bool expired_noted = false;
  for (const auto& w : j["warnings"]) expired_noted = expired_noted || w.get<std::string>().find("expired") != std::string::npos;
  EXPECT_TRUE(expired_noted);
  const auto bad = write("bad-exceptions.yaml", "exceptions:\n  - rule: x\n");
  const RunResult b = temper("audit examples/web01 --exceptions '" + bad.string() + "'");
  EXPECT_EQ(b.code, 2);
  EXPECT_NE(b.err.find("needs 'reason'"), std::string::npos) << b.err;
  EXPECT_NE(b.err.find("bad-exceptions.yaml:2:"), std::string::npos) << b.err;
}

TEST_F(CliTest, CompliantSnapshotExitsZero) {
  // Own content, so the verdicts do not move when the shipped content grows.
  write("content/rules.yaml", R"(rules:
  - id: t.user-right.tcb
    title: Nobody acts as part of the operating system
    section: User Rights Assignment
    level: 1
    refs: {cis-windows-server: "2.2.4"}
    description: d
    rationale: r
    impact: i
    default_value: v
    remediation: m
    applies_to: {roles: [member_server]}
    check: {type: user_right, right: SeTcbPrivilege, principals: []}
  - id: t.service.wmsvc
    title: WMSvc disabled or absent
    section: System Services
    level: 1
    refs: {x: "1"}
    description: d
    rationale: r
    impact: i
    default_value: v
    remediation: m
    check: {type: service, name: WMSvc, start_mode: Disabled}
)");
  const auto p = write("good.json", R"({"schema": "temper.snapshot/1",
    "host": {"name": "GOOD", "role": "member_server"}, "source": {"kind": "export"},
    "features": ["FS-FileServer"], "services": {}, "user_rights": {"SeImpersonatePrivilege": ["S-1-5-32-544"]}})");
  const std::string content = " --content '" + (dir_ / "content").string() + "'";
  const RunResult r = temper("audit '" + p.string() + "' --format json" + content);
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["summary"]["pass"], 2);
  EXPECT_EQ(j["summary"]["fail"], 0);
  EXPECT_EQ(j["summary"]["error"], 0);
  EXPECT_EQ(j["summary"]["score"], 100.0);
  // The same host with a holder of SeTcbPrivilege: a finding, exit code 1.
  const auto bad = write("bad.json", R"({"schema": "temper.snapshot/1",
    "host": {"name": "BAD", "role": "member_server"}, "source": {"kind": "export"},
    "services": {}, "user_rights": {"SeTcbPrivilege": ["S-1-5-21-1-2-3-1001"]}})");
  EXPECT_EQ(temper("audit '" + bad.string() + "'" + content).code, 1);
}

TEST_F(CliTest, BadInputsGiveClearMessagesAndExitTwo) {
  const RunResult missing = temper("audit no/such/snapshot.json");
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("no/such/snapshot.json: no such file"), std::string::npos) << missing.err;

  const auto malformed = write("broken.json", "{\n  \"schema\": \"temper.snapshot/1\",\n  \"host\": [1,}\n");
  const RunResult m = temper("audit '" + malformed.string() + "'");
  EXPECT_EQ(m.code, 2);
  EXPECT_NE(m.err.find("broken.json:3:"), std::string::npos) << m.err;
  EXPECT_NE(m.err.find("malformed JSON"), std::string::npos) << m.err;

  const auto newer = write("newer.json", R"({"schema": "temper.snapshot/7"})");
  const RunResult n = temper("audit '" + newer.string() + "'");
  EXPECT_EQ(n.code, 2);
  EXPECT_NE(n.err.find("newer than this temper reads"), std::string::npos) << n.err;
}

TEST_F(CliTest, BrokenContentIsAUsageErrorWithLocations) {
  write("content/a.yaml", "rules:\n  - id: a.b\n    title: [oops\n");
  write("content/b.yaml",
        "rules:\n  - id: c.d\n    title: t\n    section: s\n    level: 1\n    refs: {x: \"1\"}\n    description: d\n"
        "    rationale: r\n    impact: i\n    default_value: v\n    remediation: m\n    check: {type: telepathy}\n");
  const RunResult r = temper("audit examples/web01 --content '" + (dir_ / "content").string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("a.yaml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("malformed YAML"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("b.yaml:12:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("unknown check type 'telepathy'"), std::string::npos) << r.err;

  const RunResult lint = temper("rules lint '" + (dir_ / "content").string() + "'");
  EXPECT_EQ(lint.code, 2);
  EXPECT_NE(lint.out.find("2 errors"), std::string::npos) << lint.out;
  EXPECT_EQ(temper("rules lint content").code, 0);
}

TEST_F(CliTest, AuditingTheBundleEqualsAuditingItsImportedSnapshot) {
  const auto snapshot = dir_ / "web01.json";
  const RunResult imp = temper("import examples/web01 -o '" + snapshot.string() + "' --format json");
  ASSERT_EQ(imp.code, 0) << imp.err;
  const auto summary = nlohmann::json::parse(imp.out);
  EXPECT_EQ(summary["schema"], "temper.import/1");
  EXPECT_EQ(summary["source_kind"], "export");
  EXPECT_TRUE(summary["not_collected"].empty()) << summary.dump();
  bool lock_note = false;
  for (const auto& d : summary["diagnostics"]) {
    lock_note = lock_note || d.get<std::string>().find("HTTP 500.19") != std::string::npos;
  }
  EXPECT_TRUE(lock_note);
  const RunResult a = temper("audit examples/web01 --format json");
  const RunResult b = temper("audit '" + snapshot.string() + "' --format json");
  ASSERT_EQ(a.code, 1);
  ASSERT_EQ(b.code, 1);
  const auto ja = nlohmann::json::parse(a.out), jb = nlohmann::json::parse(b.out);
  EXPECT_EQ(ja["results"], jb["results"]);
  EXPECT_EQ(ja["summary"], jb["summary"]);
  // No secret from the bundle's web.config files reaches the snapshot.
  const std::string text = slurp(snapshot);
  EXPECT_EQ(text.find("Winter2026"), std::string::npos);
  EXPECT_EQ(text.find("pk_live"), std::string::npos);
  EXPECT_NE(text.find("Password=[REDACTED]"), std::string::npos);
}

// tests/data/iis/secrets-bundle holds a secret of every class (tests/data/README.md): none of them may
// reach a snapshot, a report or a message, whatever command and format is used.
TEST_F(CliTest, SecretsNeverLeaveTheProcess) {
  const std::vector<std::string>& secrets = temper::cli_support::kSecretsBundleSecrets;
  const std::string bundle = "tests/data/iis/secrets-bundle";
  const auto snapshot = dir_ / "secrets.json";
  std::vector<std::pair<std::string, RunResult>> runs;
  runs.emplace_back("import -o", temper("import " + bundle + " -o '" + snapshot.string() + "' --format json --verbose"));
  runs.emplace_back("import text", temper("import " + bundle + " -o '" + (dir_ / "again.json").string() + "' --verbose"));
  runs.emplace_back("import stdout", temper("import " + bundle));
  for (const std::string& input : {bundle, snapshot.string()}) {
    for (const std::string format : {"json", "text"}) {
      runs.emplace_back("audit " + input + " " + format, temper("audit '" + input + "' --format " + format));
    }
  }
  runs.emplace_back("audit iis-host level 2", temper("audit " + bundle + " --benchmark iis-host --level 2 --format text"));
  const std::string written = slurp(snapshot);
  ASSERT_FALSE(written.empty()) << runs.front().second.err;
  runs.emplace_back("snapshot file", RunResult{0, written, ""});
  for (const auto& [what, run] : runs) {
    EXPECT_LE(run.code, 1) << what << ": " << run.err;
    for (const auto& secret : secrets) {
      EXPECT_EQ(run.out.find(secret), std::string::npos) << secret << " in the output of " << what;
      EXPECT_EQ(run.err.find(secret), std::string::npos) << secret << " on stderr of " << what;
    }
  }
  // Masked, not dropped: the snapshot says what was there, and settings named like secrets stay readable.
  std::map<std::string, std::vector<nlohmann::json>> attributes;  // every attribute object by name
  const std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& j) {
    if (j.is_object()) {
      if (const auto it = j.find("attributes"); it != j.end() && it->is_object()) {
        for (const auto& [name, a] : it->items()) attributes[name].push_back(a.is_object() ? a : nlohmann::json{{"value", a}});
      }
      for (const auto& [k, v] : j.items()) walk(v);
    } else if (j.is_array()) {
      for (const auto& v : j) walk(v);
    }
  };
  walk(nlohmann::json::parse(written));
  const auto has = [&](const std::string& name, const std::string& value, const std::string& secret) {
    for (const auto& a : attributes[name]) {
      if (a.value("value", "") == value && a.value("secret", "none") == secret) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("connectionString", "Server=sql01;Database=Shop;User Id=shop_web;Password=[REDACTED];Encrypt=True", "plaintext"));
  EXPECT_TRUE(has("password", "[enc:IISWASOnlyAesProvider:[REDACTED]:enc]", "encrypted"));
  EXPECT_TRUE(has("password", "[REDACTED]", "plaintext"));
  EXPECT_TRUE(has("password", "", "empty"));
  EXPECT_TRUE(has("validationKey", "AutoGenerate,IsolateApps", "generated"));
  EXPECT_TRUE(has("validationKey", "[REDACTED]", "plaintext"));
  EXPECT_TRUE(has("value", "[REDACTED]", "plaintext"));
  EXPECT_TRUE(has("passwordFormat", "Clear", "none"));
  EXPECT_TRUE(has("tokenChecking", "Allow", "none"));
  EXPECT_TRUE(has("useAppPoolCredentials", "true", "none"));
  EXPECT_TRUE(has("value", "14", "none"));  // PasswordMinLength
}

TEST_F(CliTest, PartialBundleReportsNotCollectedNeverPasses) {
  write("partial/manifest.json", R"({"hostname": "P1", "domain_role": 3})");
  write("partial/services.csv", "\"Name\",\"DisplayName\",\"StartMode\",\"State\",\"StartName\"\r\n\"W3SVC\",\"WWW\",\"Auto\",\"Running\",\"LocalSystem\"\r\n");
  const RunResult r = temper("audit '" + (dir_ / "partial").string() + "' --format json");
  ASSERT_EQ(r.code, 1) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  bool wmsvc_pass = false;
  for (const auto& res : j["results"]) {
    if (res["rule"] == "win.service.WMSvc.disabled") wmsvc_pass = res["status"] == "pass";  // listed services, no WMSvc
    // Nothing that needs a missing file can pass.
    if (res["setting"].get<std::string>().starts_with("Se")) {
      EXPECT_NE(res["status"], "pass") << res.dump();
    }
    if (res["status"] == "error") {
      EXPECT_NE(res["reason"].get<std::string>().find("not collected"), std::string::npos) << res.dump();
    }
  }
  EXPECT_TRUE(wmsvc_pass);
  EXPECT_NE(r.err.find("not collected: user rights"), std::string::npos) << r.err;
  // The same warnings are in the JSON document.
  EXPECT_NE(j["warnings"].dump().find("not collected: user rights"), std::string::npos) << j["warnings"].dump();
}

TEST_F(CliTest, GpoBackupIsJudgedAsAPolicyForTheRoleGiven) {
  const std::string gpo = "../shared/fixtures/gpo/simeononsecurity-dod-win10-ansiblefixes";
  if (!fs::exists(fs::path(TEMPER_SOURCE_DIR) / gpo)) GTEST_SKIP() << "../shared not available";
  const RunResult r = temper("audit " + gpo + " --benchmark cis-windows-server --role member_server --feature Web-Server --format json");
  ASSERT_EQ(r.code, 1) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  std::map<std::string, std::string> status;
  for (const auto& res : j["results"]) status[res["rule"]] = res["status"];
  EXPECT_EQ(status["win.user-right.SeImpersonatePrivilege"], "pass");
  EXPECT_EQ(status["win.user-right.SeNetworkLogonRight"], "fail");    // grants Remote Desktop Users
  EXPECT_EQ(status["win.user-right.SeIncreaseQuotaPrivilege"], "fail");  // not defined by the GPO
}

TEST_F(CliTest, RulesListShowAndBundleKeys) {
  const RunResult list = temper("rules list --benchmark cis-windows-server --level 1 --format json");
  ASSERT_EQ(list.code, 0) << list.err;
  const auto j = nlohmann::json::parse(list.out);
  EXPECT_EQ(j["schema"], "temper.rules/1");
  EXPECT_EQ(j["level"], 1);
  for (const auto& r : j["rules"]) EXPECT_EQ(r["level"], 1);
  const RunResult l2 = temper("rules list -b cis-windows-server -l 2 --format json");
  EXPECT_GT(nlohmann::json::parse(l2.out)["rules"].size(), j["rules"].size());  // level 2 includes level 1
  EXPECT_EQ(temper("rules list --benchmark nope").code, 2);

  const RunResult show = temper("rules show win.user-right.SeImpersonatePrivilege");
  EXPECT_EQ(show.code, 0);
  EXPECT_NE(show.out.find("2.2.33 (member_server)"), std::string::npos) << show.out;
  const RunResult unknown = temper("rules show win.user-right.Impersonate");
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.err.find("did you mean"), std::string::npos);
  EXPECT_EQ(temper("bundle-keys").code, 0);
}
}  // namespace
