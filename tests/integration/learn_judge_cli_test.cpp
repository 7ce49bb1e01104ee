// SPDX-License-Identifier: Apache-2.0
// `temper learn TARGET` end to end: verdicts on the example server's month of activity, the JSON
// document, the learned policy, and the documented message and exit code for each kind of bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_support.hpp"

namespace {
namespace fs = std::filesystem;
namespace cli_support = temper::cli_support;
using json = nlohmann::ordered_json;
using cli_support::read_all;

const fs::path kSource = TEMPER_SOURCE_DIR;
const fs::path kWeb01 = kSource / "examples" / "web01";
const fs::path kActivity = kWeb01 / "activity" / "events";
const fs::path kCorpus = kSource / ".." / "shared" / "corpora" / "evtx";

class LearnJudgeCliTest : public testing::Test {
 protected:
  void SetUp() override { scratch_ = cli_support::make_scratch("temper-learn-judge-"); }
  void TearDown() override { fs::remove_all(scratch_); }
  [[nodiscard]] cli_support::Run learn(std::vector<std::string> args) const {
    args.insert(args.begin(), "learn");
    return cli_support::run_temper(args, scratch_);
  }
  fs::path scratch_;
};

TEST_F(LearnJudgeCliTest, JsonVerdictsWithEvidenceAndExitOne) {
  const auto r = learn({kWeb01.string(), "--events", kActivity.string(), "-b", "iis-host", "-l", "1", "--format", "json"});
  EXPECT_EQ(r.code, 1) << r.err;
  const json doc = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << r.out.substr(0, 400);
  EXPECT_EQ(doc["schema"], "temper.impact/1");
  EXPECT_EQ(doc["window_days"], 30.0);
  bool lm = false;
  for (const auto& v : doc["verdicts"]) {
    if (v["rule"] != "win.ntlm.lm-compatibility-level") continue;
    lm = true;
    EXPECT_EQ(v["verdict"], "breaks");
    ASSERT_EQ(v["evidence"].size(), 1U);
    EXPECT_NE(v["evidence"][0]["who"].get<std::string>().find("CORP\\scanner"), std::string::npos);
    EXPECT_EQ(v["evidence"][0]["seen"]["count"], 9);
    EXPECT_NE(v["evidence"][0]["seen"]["example"]["file"].get<std::string>().find("Security.ndjson"), std::string::npos);
  }
  EXPECT_TRUE(lm);
  EXPECT_EQ(doc["summary"]["breaks"].get<int>() + doc["summary"]["safe"].get<int>() + doc["summary"]["unknown"].get<int>(),
            static_cast<int>(doc["verdicts"].size()));
}

TEST_F(LearnJudgeCliTest, LearnedPolicyIsAnExceptionsFileTheAuditReads) {
  const fs::path policy = scratch_ / "learned.yaml";
  const auto r = learn({kWeb01.string(), "--events", kActivity.string(), "-b", "iis-host", "-l", "1", "--write-exceptions", policy.string()});
  EXPECT_EQ(r.code, 1) << r.err;
  const std::string text = read_all(policy);
  EXPECT_NE(text.find("rule: win.ntlm.lm-compatibility-level"), std::string::npos) << text;
  EXPECT_NE(text.find("allow: ["), std::string::npos) << text;  // the extensions the shop serves
  const auto audit = cli_support::run_temper({"audit", kWeb01.string(), "-b", "iis-host", "-l", "1", "--exceptions", policy.string(),
                                              "--format", "json"},
                                             scratch_);
  EXPECT_EQ(audit.code, 1) << audit.err;
  const json doc = json::parse(audit.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded());
  bool excepted = false;
  for (const auto& f : doc["results"]) {
    if (f["rule"] == "win.ntlm.lm-compatibility-level") excepted = f["status"] == "excepted";
  }
  EXPECT_TRUE(excepted);
}

TEST_F(LearnJudgeCliTest, AFileThatIsNotAnEventFileExitsTwo) {
  const fs::path notes = scratch_ / "notes.txt";
  std::ofstream(notes) << "not an event log\n";
  const auto r = learn({kWeb01.string(), "--events", notes.string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("not an EVTX, NDJSON or W3C log file"), std::string::npos) << r.err;
}

TEST_F(LearnJudgeCliTest, AProfileOfANewerSchemaExitsTwo) {
  const fs::path usage = scratch_ / "usage.json";
  std::ofstream(usage) << R"({"schema": "temper.usage/2", "sources": []})";
  const auto r = learn({kWeb01.string(), "--usage", usage.string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("temper.usage/2"), std::string::npos) << r.err;
}

TEST_F(LearnJudgeCliTest, AnUnknownBenchmarkInCompareExitsTwoBeforeReadingActivity) {
  const auto r = learn({kWeb01.string(), "--events", (scratch_ / "missing.evtx").string(), "--compare", "cis-iis-10:1,cis-iis-11:1"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown benchmark 'cis-iis-11'"), std::string::npos) << r.err;
  const auto bad_level = learn({kWeb01.string(), "--events", kActivity.string(), "--compare", "cis-iis-10:3"});
  EXPECT_EQ(bad_level.code, 2);
  EXPECT_NE(bad_level.err.find("level after ':' must be 1 or 2"), std::string::npos) << bad_level.err;
}

TEST_F(LearnJudgeCliTest, ComparisonNamesTheMostStringentPolicy) {
  const auto r = learn({kWeb01.string(), "--events", kActivity.string(), "--compare", "cis-iis-10:1,cis-iis-10:2", "--format", "json"});
  const json doc = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << r.err;
  EXPECT_EQ(doc["schema"], "temper.impact-comparison/1");
  ASSERT_EQ(doc["policies"].size(), 2U);
  // The shop's TRACE health check and its extensions break level 1 already: no policy qualifies.
  EXPECT_TRUE(doc["most_stringent"].is_null());
  EXPECT_EQ(r.code, 1);
  EXPECT_GE(doc["policies"][1]["breaks"].get<int>(), doc["policies"][0]["breaks"].get<int>());
}

TEST_F(LearnJudgeCliTest, ATruncatedEvtxStillCounts) {
  const fs::path source = kCorpus / "evtx-attack-samples" / "Lateral Movement" / "LM_WMIC_4648_rpcss.evtx";
  if (!fs::exists(source)) GTEST_SKIP() << "../shared/corpora/evtx not available";
  const fs::path cut = scratch_ / "cut.evtx";
  std::ofstream(cut, std::ios::binary) << read_all(source).substr(0, 9000);
  const auto r = learn({kWeb01.string(), "--events", cut.string(), "--format", "json"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("file ends inside a chunk"), std::string::npos) << r.err;
  const json doc = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded());
  ASSERT_EQ(doc["sources"].size(), 1U);
  EXPECT_EQ(doc["sources"][0]["events"], 2);
}

TEST_F(LearnJudgeCliTest, UsageAndEventsTogetherAreAUsageError) {
  const auto r = learn({kWeb01.string(), "--events", kActivity.string(), "--usage", "u.json"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("not both"), std::string::npos) << r.err;
  const auto none = learn({kWeb01.string()});
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("--events"), std::string::npos) << none.err;
}

}  // namespace
