// SPDX-License-Identifier: Apache-2.0
// Runs the data-driven rule tests: each tests/content/<rule>.test.yaml gives facts (a partial
// snapshot written in YAML) and the verdicts the rule must reach, like DuckDB's sqllogictest files.
// `iis_files` (Windows path -> file text, in `base` or a case's `facts`) replaces the facts' `iis` with
// what the real resolver makes of those files. Every case is also judged after a JSON round trip of its
// snapshot (secrets masked) and must reach the same verdicts.
// A coverage test fails when a rule lacks a passing case, a failing case or, for per-site IIS
// rules, a case where the server level passes and a site fails; another when a rule has no impact
// model (`learn:`).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "content/loader.hpp"
#include "core/strings.hpp"
#include "engine/evaluator.hpp"
#include "iis/resolver.hpp"
#include "model/iis.hpp"
#include "model/snapshot_json.hpp"
#include "report/coverage.hpp"
#include "core/file.hpp"

namespace temper {
namespace {
using Json = nlohmann::ordered_json;

Json to_json(const YAML::Node& n) {
  if (n.IsNull() || !n.IsDefined()) return nullptr;
  if (n.IsScalar()) {
    const std::string& s = n.Scalar();
    if (n.Tag() == "!") return s;
    if (s == "true") return true;
    if (s == "false") return false;
    long long v = 0;
    if (parse_int64(s, v) && !s.starts_with("0x")) return v;
    return s;
  }
  if (n.IsSequence()) {
    Json a = Json::array();
    for (const auto& x : n) a.push_back(to_json(x));
    return a;
  }
  Json o = Json::object();
  for (auto it = n.begin(); it != n.end(); ++it) o[it->first.Scalar()] = to_json(it->second);
  return o;
}

void merge(Json& into, const Json& from) {
  for (const auto& [k, v] : from.items()) {
    if (v.is_object() && into.contains(k) && into[k].is_object()) {
      merge(into[k], v);
    } else {
      into[k] = v;
    }
  }
}

const content::LoadResult& shipped() {
  static const content::LoadResult loaded = content::load_content_dir(TEMPER_CONTENT_DIR);
  return loaded;
}

std::vector<std::filesystem::path> test_files() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(TEMPER_CONTENT_TESTS_DIR)) {
    if (e.path().filename().string().ends_with(".test.yaml")) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// What the test files promise per rule, read from their `expect` entries (the case test checks
// that the engine keeps those promises).
struct Coverage {
  bool pass = false;
  bool fail = false;
  bool server_pass_site_fail = false;
};
std::map<std::string, Coverage> coverage() {
  std::map<std::string, Coverage> out;
  for (const auto& file : test_files()) {
    YAML::Node doc;
    try {
      doc = YAML::LoadFile(file.string());
    } catch (const YAML::Exception&) {
      continue;  // CasesReachTheirVerdicts reports the file
    }
    if (!doc["rule"] || !doc["cases"]) continue;
    Coverage& cov = out[doc["rule"].Scalar()];
    for (const auto& c : doc["cases"]) {
      const YAML::Node expect = c["expect"];
      if (expect.IsScalar()) {
        cov.pass = cov.pass || expect.Scalar() == "pass";
        cov.fail = cov.fail || expect.Scalar() == "fail";
        continue;
      }
      bool server_pass = false, site_fail = false;
      for (const auto& e : expect) {
        const std::string scope = model::full_scope(e["scope"].Scalar());
        const std::string status = e["status"].Scalar();
        cov.pass = cov.pass || status == "pass";
        cov.fail = cov.fail || status == "fail";
        server_pass = server_pass || (scope == model::kApphostPath && status == "pass");
        site_fail = site_fail || (scope != model::kApphostPath && status == "fail");
      }
      cov.server_pass_site_fail = cov.server_pass_site_fail || (server_pass && site_fail);
    }
  }
  return out;
}

class ContentRuleTest : public testing::TestWithParam<std::filesystem::path> {};

TEST_P(ContentRuleTest, CasesReachTheirVerdicts) {
  ASSERT_TRUE(shipped().ok()) << shipped().diagnostics.front().to_string();
  const auto file = GetParam();
  YAML::Node doc;
  ASSERT_NO_THROW(doc = YAML::LoadFile(file.string())) << file;
  for (const char* key : {"name", "description", "group", "rule", "cases"}) {
    ASSERT_TRUE(doc[key]) << file << ": missing '" << key << "'";
  }
  const std::string rule_id = doc["rule"].Scalar();
  const model::Rule* rule = shipped().content.find_rule(rule_id);
  ASSERT_NE(rule, nullptr) << file << ": no rule " << rule_id;
  const Json base = to_json(doc["base"]);
  for (const auto& c : doc["cases"]) {
    const std::string name = c["name"].as<std::string>();
    SCOPED_TRACE(file.filename().string() + " / " + name);
    Json facts = base.is_object() ? base : Json::object();
    merge(facts, to_json(c["facts"]));
    const Json files_json = facts.contains("iis_files") ? facts["iis_files"] : Json();
    facts.erase("iis_files");
    auto snapshot = model::snapshot_from_json(facts, file.string(), false);
    ASSERT_TRUE(snapshot) << snapshot.error().to_string();
    if (files_json.is_object()) {
      // Configuration files go through the real resolver, as `temper import` reads a bundle.
      iis::MemoryFileSource source;
      // A case names the files that set something; the .NET configuration it leaves out is taken as
      // collected and empty (a server whose machine.config and root web.config set nothing), so the
      // case judges its own files, not "not collected".
      const iis::ResolveOptions defaults;
      source.add(defaults.machine_config, "<configuration/>");
      source.add(defaults.root_web_config, "<configuration/>");
      for (const auto& [path, text] : files_json.items()) source.add(path, text.get<std::string>());
      auto resolved = iis::resolve(source);
      ASSERT_TRUE(resolved) << resolved.error().to_string();
      snapshot->iis = std::move(resolved->iis);
    }
    const auto findings = engine::evaluate_rule(*rule, *snapshot);
    ASSERT_FALSE(findings.empty());
    // The same verdicts from the snapshot as written to JSON (secrets masked) and read back.
    const auto back = model::snapshot_from_json(model::snapshot_to_json(*snapshot), file.string(), false);
    ASSERT_TRUE(back) << back.error().to_string();
    const auto findings_back = engine::evaluate_rule(*rule, *back);
    ASSERT_EQ(findings_back.size(), findings.size());
    for (std::size_t i = 0; i < findings.size(); ++i) {
      EXPECT_EQ(findings_back[i].status, findings[i].status) << "after a JSON round trip, at " << findings[i].scope;
      EXPECT_EQ(findings_back[i].actual, findings[i].actual) << "after a JSON round trip, at " << findings[i].scope;
    }
    std::string got;
    for (const auto& f : findings) {
      got += std::string(model::status_name(f.status)) + "@" + (f.scope.empty() ? "-" : model::short_scope(f.scope)) +
             (f.reason.empty() ? "" : " (" + f.reason + ")") + "; ";
    }
    const YAML::Node expect = c["expect"];
    ASSERT_TRUE(expect) << "case needs 'expect'";
    if (expect.IsScalar()) {
      for (const auto& f : findings) EXPECT_EQ(model::status_name(f.status), expect.Scalar()) << got;
    } else {
      ASSERT_EQ(findings.size(), expect.size()) << got;
      for (const auto& e : expect) {
        const std::string scope = model::full_scope(e["scope"].Scalar());
        const std::string status = e["status"].Scalar();
        const auto it = std::find_if(findings.begin(), findings.end(), [&](const auto& f) { return iequals(f.scope, scope); });
        ASSERT_NE(it, findings.end()) << "no finding at " << scope << ": " << got;
        EXPECT_EQ(model::status_name(it->status), status) << scope << ": " << got;
      }
    }
    if (const YAML::Node ev = c["evidence"]) {
      for (const auto& needle : ev) {
        const std::string n = needle.Scalar();
        const bool found = std::any_of(findings.begin(), findings.end(), [&](const model::Finding& f) {
          return std::any_of(f.evidence.begin(), f.evidence.end(), [&](const std::string& e) { return e.find(n) != std::string::npos; }) ||
                 f.actual.find(n) != std::string::npos || f.reason.find(n) != std::string::npos;
        });
        EXPECT_TRUE(found) << "evidence lacks '" << n << "': " << got;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Files, ContentRuleTest, testing::ValuesIn(test_files()),
                         [](const testing::TestParamInfo<std::filesystem::path>& param) {
                           std::string n = param.param.filename().string();
                           n = n.substr(0, n.size() - std::string(".test.yaml").size());
                           for (char& ch : n) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return n;
                         });

TEST(ContentCoverageTest, EveryRuleHasPassingAndFailingCases) {
  ASSERT_TRUE(shipped().ok());
  const auto promised = coverage();
  for (const auto& rule : shipped().content.rules()) {
    const auto it = promised.find(rule.id);
    if (it == promised.end()) {
      ADD_FAILURE() << rule.id << " has no tests/content/" << rule.id << ".test.yaml";
      continue;
    }
    EXPECT_TRUE(it->second.pass) << rule.id << " has no case that passes";
    EXPECT_TRUE(it->second.fail) << rule.id << " has no case that fails";
    const auto* iis = std::get_if<model::IisConfigCheck>(&rule.check);
    if (iis != nullptr && iis->scope == model::IisScopeMode::kEvery) {
      EXPECT_TRUE(it->second.server_pass_site_fail)
          << rule.id << " is judged per site but has no case where the server level passes and a site fails";
    }
  }
}
TEST(ContentCoverageTest, AllFiftyFiveCisIis10ItemsAreImplemented) {
  ASSERT_TRUE(shipped().ok());
  // Sections 1-7 of CIS Microsoft IIS 10 v1.2.1: 7 + 8 + 12 + 11 + 3 + 2 + 12 recommendations.
  const std::vector<std::pair<int, int>> sections = {{1, 7}, {2, 8}, {3, 12}, {4, 11}, {5, 3}, {6, 2}, {7, 12}};
  std::set<std::string> have;
  for (const auto& rule : shipped().content.rules()) {
    const auto it = rule.refs.find("cis-iis-10");
    if (it != rule.refs.end()) have.insert(it->second.id);
  }
  std::size_t total = 0;
  for (const auto& [section, count] : sections) {
    for (int i = 1; i <= count; ++i, ++total) {
      const std::string number = std::to_string(section) + "." + std::to_string(i);
      EXPECT_TRUE(have.contains(number)) << "CIS IIS 10 " << number << " has no rule";
    }
  }
  EXPECT_EQ(total, 55u);
}

TEST(ContentCoverageTest, AuditPolicyRemediationsGiveTheFixesAuditpolCommand) {
  // The remediation's auditpol line must enable exactly what the fix enables, spelled as auditpol
  // takes it ("//failure:enable" once crept into four of them).
  ASSERT_TRUE(shipped().ok());
  std::size_t judged = 0;
  for (const auto& rule : shipped().content.rules()) {
    for (const auto& fix : rule.fixes) {
      const auto* audit = std::get_if<model::AuditPolicyFix>(&fix);
      if (audit == nullptr) continue;
      ++judged;
      const std::string& text = rule.remediation;
      EXPECT_NE(text.find("auditpol /set"), std::string::npos) << rule.id << ": remediation gives no auditpol command";
      EXPECT_EQ(text.find("//"), std::string::npos) << rule.id << ": remediation has a doubled slash: " << text;
      EXPECT_EQ(text.find("/success:enable") != std::string::npos, audit->success) << rule.id << ": " << text;
      EXPECT_EQ(text.find("/failure:enable") != std::string::npos, audit->failure) << rule.id << ": " << text;
    }
  }
  EXPECT_GT(judged, 30u);
}

TEST(ContentCoverageTest, EveryRuleHasAnImpactModel) {
  // The examples too: they document the `learn:` key.
  content::LoadOptions options;
  options.include_examples = true;
  const auto loaded = content::load_content_dir(TEMPER_CONTENT_DIR, options);
  ASSERT_TRUE(loaded.ok()) << loaded.diagnostics.front().to_string();
  std::vector<std::string> missing;
  for (const auto& rule : loaded.content.rules()) {
    if (!rule.learn) missing.push_back(rule.id + " (" + rule.where.file + ":" + std::to_string(rule.where.line) + ")");
  }
  EXPECT_TRUE(missing.empty()) << missing.size() << " rules have no impact model (`learn:`, docs/content.md), so "
                               << "learning can only call them unknown:\n  " << join(missing, "\n  ");
}

TEST(ContentCoverageTest, DocsCoverageIsGeneratedFromTheContent) {
  ASSERT_TRUE(shipped().ok());
  auto doc = read_file(std::string(TEMPER_SOURCE_DIR) + "/docs/coverage.md");
  ASSERT_TRUE(doc) << doc.error().to_string();
  const bool fresh = *doc == report::coverage_markdown(shipped().content.rules());
  EXPECT_TRUE(fresh) << "docs/coverage.md is stale: run `build/temper rules coverage > docs/coverage.md`";
}
}  // namespace
}  // namespace temper
