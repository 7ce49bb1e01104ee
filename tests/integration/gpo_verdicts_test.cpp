// SPDX-License-Identifier: Apache-2.0
// Pins the verdicts temper reaches on the real GPO backups in ../shared/fixtures/gpo: each
// tests/content/gpo/<folder>.verdicts.yaml names a backup, the role and features the audit assumes,
// and the expected status of each rule with the reason it differs from (or matches) CIS.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "app/audit.hpp"
#include "model/finding.hpp"

namespace {
namespace fs = std::filesystem;

std::vector<fs::path> verdict_files() {
  std::vector<fs::path> out;
  const fs::path dir = fs::path(TEMPER_SOURCE_DIR) / "tests" / "content" / "gpo";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().ends_with(".verdicts.yaml")) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class GpoVerdictTest : public testing::TestWithParam<fs::path> {};

TEST_P(GpoVerdictTest, VerdictsMatchThePolicy) {
  const YAML::Node doc = YAML::LoadFile(GetParam().string());
  ASSERT_TRUE(doc["gpo"] && doc["role"] && doc["verdicts"]) << GetParam() << ": needs gpo, role and verdicts";
  const fs::path gpo = fs::path(TEMPER_SHARED_DIR) / "fixtures" / "gpo" / doc["gpo"].as<std::string>();
  if (!fs::exists(gpo)) GTEST_SKIP() << "../shared fixtures not available: " << gpo;

  temper::app::AuditRequest request;
  request.input = gpo;
  request.content_dir = fs::path(TEMPER_SOURCE_DIR) / "content";
  request.assume_role = temper::model::parse_role(doc["role"].as<std::string>());
  ASSERT_TRUE(request.assume_role) << "unknown role";
  if (doc["features"]) {
    for (const auto& f : doc["features"]) request.assume_features.push_back(f.as<std::string>());
  }
  auto outcome = temper::app::run_audit(request);
  ASSERT_TRUE(outcome) << outcome.error().to_string();
  EXPECT_EQ(outcome->snapshot.source.kind, temper::model::SourceKind::kPolicy);

  std::size_t pinned = 0;
  for (const auto& v : doc["verdicts"]) {
    const std::string rule = v["rule"].as<std::string>();
    const std::string expected = v["status"].as<std::string>();
    ASSERT_TRUE(v["why"] && !v["why"].as<std::string>().empty()) << rule << ": every pinned verdict says why";
    std::vector<std::string> got;
    for (const auto& f : outcome->report.findings) {
      if (f.rule != nullptr && f.rule->id == rule) got.emplace_back(temper::model::status_name(f.status));
    }
    ASSERT_FALSE(got.empty()) << rule << ": no such rule in the content";
    for (const auto& g : got) EXPECT_EQ(g, expected) << rule << " on " << doc["gpo"].as<std::string>();
    ++pinned;
  }
  EXPECT_GT(pinned, 0u);
}

INSTANTIATE_TEST_SUITE_P(Gpo, GpoVerdictTest, testing::ValuesIn(verdict_files()),
                         [](const testing::TestParamInfo<fs::path>& param) {
                           std::string n = param.param.filename().string();
                           n = n.substr(0, n.size() - std::string(".verdicts.yaml").size());
                           for (char& ch : n) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return n;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(GpoVerdictTest);
}  // namespace
