// SPDX-License-Identifier: Apache-2.0
// Redaction never changes a verdict: every rule of the shipped content (all benchmarks, both levels) is
// judged on a bundle as imported (secrets in memory, classified) and on the snapshot written to JSON
// (secrets masked) and read back, and every finding must be identical: status, scope, expected, actual,
// evidence. Run over examples/web01 and tests/data/iis/secrets-bundle, which holds a secret of every class.
#include <gtest/gtest.h>

#include <filesystem>

#include "app/audit.hpp"
#include "app/import.hpp"
#include "engine/evaluator.hpp"
#include "model/finding.hpp"
#include "model/snapshot_json.hpp"

namespace {
namespace fs = std::filesystem;

const temper::content::LoadResult& content() {
  static const auto loaded = temper::app::load_content(fs::path(TEMPER_SOURCE_DIR) / "content");
  return *loaded;
}

std::string describe(const temper::model::Finding& f) {
  std::string s = std::string(temper::model::status_name(f.status)) + " @" + f.scope + " [" + f.setting +
                  "] expected " + f.expected + " actual " + f.actual + " reason " + f.reason;
  for (const auto& e : f.evidence) s += " | " + e;
  return s;
}

class RedactionEquivalenceTest : public testing::TestWithParam<std::string> {};

TEST_P(RedactionEquivalenceTest, EveryRuleJudgesTheWrittenSnapshotAsTheImportedOne) {
  ASSERT_TRUE(content().ok());
  auto imported = temper::app::import_directory(fs::path(TEMPER_SOURCE_DIR) / GetParam());
  ASSERT_TRUE(imported) << imported.error().to_string();
  const temper::model::Snapshot& direct = imported->snapshot;
  ASSERT_TRUE(direct.iis.has_value());
  auto back = temper::model::parse_snapshot(temper::model::write_snapshot(direct), "snapshot.json");
  ASSERT_TRUE(back) << back.error().to_string();

  std::size_t rules = 0, findings = 0;
  for (const auto& rule : content().content.rules()) {
    ++rules;
    const auto a = temper::engine::evaluate_rule(rule, direct);
    const auto b = temper::engine::evaluate_rule(rule, *back);
    ASSERT_EQ(a.size(), b.size()) << rule.id;
    for (std::size_t i = 0; i < a.size(); ++i, ++findings) {
      EXPECT_EQ(describe(a[i]), describe(b[i])) << rule.id;
    }
  }
  EXPECT_GT(rules, 100u);
  EXPECT_GT(findings, rules);
}

INSTANTIATE_TEST_SUITE_P(Bundles, RedactionEquivalenceTest,
                         testing::Values("examples/web01", "tests/data/iis/secrets-bundle"),
                         [](const testing::TestParamInfo<std::string>& p) {
                           return p.param == "examples/web01" ? std::string("web01") : std::string("secrets_bundle");
                         });

// The crafted bundle's secrets are classified, so the secret rules fail where they should, and the
// settings named like secrets stay readable (CIS IIS 2.7 sees passwordFormat="Clear").
TEST(RedactionEquivalenceTest, SecretsBundleFailsTheSecretRules) {
  ASSERT_TRUE(content().ok());
  auto imported = temper::app::import_directory(fs::path(TEMPER_SOURCE_DIR) / "tests/data/iis/secrets-bundle");
  ASSERT_TRUE(imported) << imported.error().to_string();
  const auto status_at = [&](const std::string& id, const std::string& scope) {
    const temper::model::Rule* rule = content().content.find_rule(id);
    EXPECT_NE(rule, nullptr) << id;
    if (rule == nullptr) return std::string("no rule");
    for (const auto& f : temper::engine::evaluate_rule(*rule, imported->snapshot)) {
      if (f.scope == scope) return std::string(temper::model::status_name(f.status)) + " " + f.actual;
    }
    return std::string("no finding at ") + scope;
  };
  const std::string shop = "MACHINE/WEBROOT/APPHOST/Shop";
  EXPECT_EQ(status_at("iis.forms-auth.credentials.not-clear", shop), "fail Clear");
  EXPECT_EQ(status_at("iis.windows-auth.extended-protection.required", shop + "/api"), "fail Allow");  // tokenChecking
  EXPECT_TRUE(status_at("iis.secrets.connection-string.plaintext-password", shop).starts_with("fail "))
      << status_at("iis.secrets.connection-string.plaintext-password", shop);
  EXPECT_TRUE(status_at("iis.secrets.machine-key.not-plaintext", shop).starts_with("fail "));
  EXPECT_TRUE(status_at("iis.secrets.app-settings.plaintext-secret", shop).starts_with("fail "));
  // The api application's own machineKey is [enc:] and AutoGenerate. (Its encrypted connectionStrings
  // section adds to the collection it inherits from Shop, so Shop's plaintext entries still fail there.)
  EXPECT_TRUE(status_at("iis.secrets.machine-key.not-plaintext", shop + "/api").starts_with("pass "));
}
}  // namespace
