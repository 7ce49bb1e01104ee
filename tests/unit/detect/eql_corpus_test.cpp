// SPDX-License-Identifier: Apache-2.0
// Elastic's Windows rules of ../shared/corpora/elastic-detection-rules: how many EQL rules (and
// sequences) compile, and that every other rule is listed with a reason; pinned.
#include <filesystem>
#include <map>

#include <gtest/gtest.h>

#include "detect/loader.hpp"
#include "detect/regex.hpp"

namespace temper::detect {
namespace {

const std::filesystem::path kRoot = std::filesystem::path(TEMPER_SHARED_DIR) / "corpora" / "elastic-detection-rules" / "rules";

void print_reasons(const RuleSet& set) {
  std::map<std::string, std::vector<std::string>> reasons;
  for (const auto& u : set.unsupported()) reasons[u.reason].push_back(u.file);
  for (const auto& [r, files] : reasons) {
    std::printf("%5zu  %s\n", files.size(), r.c_str());
    if (r.find("not EQL") == std::string::npos) {
      for (const auto& f : files) std::printf("         %s\n", f.c_str());
    }
  }
}

TEST(EqlCorpusTest, WindowsCompileCountsArePinned) {
  if (!std::filesystem::exists(kRoot / "windows")) GTEST_SKIP() << "no Elastic corpus at " << kRoot;
  auto set = load_rules({kRoot / "windows"});
  ASSERT_TRUE(set.has_value()) << set.error().to_string();
  print_reasons(*set);
  const auto& c = set->counts();
  std::printf("EQL %zu/%zu, sequences %zu/%zu, other %zu\n", c.eql_compiled, c.eql_total, c.sequence_compiled,
              c.sequence_total, c.elastic_other);
  EXPECT_EQ(c.eql_total, 391u);
  EXPECT_EQ(c.sequence_total, 74u);
  EXPECT_EQ(c.elastic_other, 96u);  // 68 kuery, 28 esql
  EXPECT_EQ(c.eql_total + c.elastic_other, 487u);  // every .toml file is one or the other
  // Every rule is compiled or listed with a reason.
  EXPECT_EQ(c.eql_compiled + set->unsupported().size(), 487u);
  EXPECT_GE(c.eql_compiled * 100, c.eql_total * 95);
  // Without a regex engine (the mingw-w64 build) the 19 rules that use regex/regex~ are listed instead.
  EXPECT_EQ(c.eql_compiled, Regex::available() ? 391u : 372u);
  EXPECT_EQ(c.sequence_compiled, 74u);
  EXPECT_EQ(c.sigma_total, 0u);
}

TEST(EqlCorpusTest, CrossPlatformCompileCountsArePinned) {
  if (!std::filesystem::exists(kRoot / "cross-platform")) GTEST_SKIP() << "no Elastic corpus at " << kRoot;
  auto set = load_rules({kRoot / "cross-platform"});
  ASSERT_TRUE(set.has_value()) << set.error().to_string();
  print_reasons(*set);
  const auto& c = set->counts();
  std::printf("EQL %zu/%zu, sequences %zu/%zu, other %zu\n", c.eql_compiled, c.eql_total, c.sequence_compiled,
              c.sequence_total, c.elastic_other);
  EXPECT_EQ(c.eql_total, 63u);
  EXPECT_EQ(c.eql_compiled + set->unsupported().size(), c.eql_total + c.elastic_other);
  // One rule uses a missing-event step (`![...]`); 4 use regex/regex~.
  EXPECT_EQ(c.eql_compiled, Regex::available() ? 62u : 58u);
  EXPECT_EQ(c.sequence_compiled, 15u);
  std::size_t missing = 0;
  for (const auto& u : set->unsupported()) missing += u.reason.starts_with("missing-event steps") ? 1 : 0;
  EXPECT_EQ(missing, 1u);
}

}  // namespace
}  // namespace temper::detect
