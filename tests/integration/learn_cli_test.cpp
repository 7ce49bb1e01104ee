// SPDX-License-Identifier: Apache-2.0
// `temper learn collect` end to end: the built binary on corpus EVTX files (when ../shared is
// there) and the NDJSON and W3C fixtures, checking exit codes, stderr reports and the
// temper.usage/1 document it writes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "cli_support.hpp"

namespace {
namespace fs = std::filesystem;
namespace cli_support = temper::cli_support;
using json = nlohmann::ordered_json;
using cli_support::read_all;

const fs::path kSource = TEMPER_SOURCE_DIR;
const fs::path kFixtures = kSource / "tests" / "data" / "events";
const fs::path kCorpus = kSource / ".." / "shared" / "corpora" / "evtx";
// 3 x 4648, a 4688 and a 1102 from one host, one chunk.
const fs::path kExplicit = kCorpus / "evtx-attack-samples" / "Lateral Movement" / "LM_WMIC_4648_rpcss.evtx";
// 2 MiB, 32 chunks of Security events (enough for several decoding threads to share a file).
const fs::path kSecurity = kCorpus / "evtx-rs-samples" / "security.evtx";

class LearnCliTest : public testing::Test {
 protected:
  void SetUp() override { scratch_ = cli_support::make_scratch("temper-learn-cli-"); }
  void TearDown() override { fs::remove_all(scratch_); }

  [[nodiscard]] cli_support::Run collect(std::vector<std::string> args) const {
    args.insert(args.begin(), {"learn", "collect"});
    return cli_support::run_temper(args, scratch_);
  }
  // The document a run wrote to `path`.
  static json profile_at(const fs::path& path) {
    json doc = json::parse(read_all(path), nullptr, false);
    EXPECT_FALSE(doc.is_discarded()) << path;
    return doc;
  }
  static std::uint64_t count_of(const json& entries, const std::string& key, const std::string& value) {
    for (const json& e : entries) {
      if (e[key] == value) return e["seen"]["count"].get<std::uint64_t>();
    }
    return 0;
  }

  fs::path scratch_;
};

#define TEMPER_NEED_CORPUS() \
  if (!fs::exists(kExplicit) || !fs::exists(kSecurity)) GTEST_SKIP() << "../shared/corpora/evtx not available"

// EVTX, NDJSON and a folder of W3C logs in one run, into one profile.
TEST_F(LearnCliTest, CollectsEveryInputIntoOneProfile) {
  TEMPER_NEED_CORPUS();
  const fs::path logs = scratch_ / "logs" / "W3SVC4";
  fs::create_directories(logs);
  fs::copy_file(kFixtures / "iis_u_ex_sample.log", logs / "u_ex230504.log");
  const fs::path out = scratch_ / "usage.json";
  const auto r = collect({"--events", kExplicit.string(), (kFixtures / "winlogbeat_sample.ndjson").string(),
                          (scratch_ / "logs").string(), "-o", out.string(), "--no-progress"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  // The fixtures' unusable lines are reported, and what was read counts.
  EXPECT_NE(r.err.find("winlogbeat_sample.ndjson: 3 events; "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(the events read from it are in the profile)"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out.string() + ".partial"));
  const json p = profile_at(out);
  EXPECT_EQ(p["schema"], "temper.usage/1");
  ASSERT_EQ(p["explicit_logons"].size(), 3U);
  EXPECT_EQ(count_of(p["services"], "name", "evil"), 1U);  // the winlogbeat 7045
  ASSERT_EQ(p["sites"].size(), 1U);
  const json& site = p["sites"][0];
  EXPECT_EQ(site["log"], "W3SVC4");
  EXPECT_EQ(count_of(site["methods"], "method", "POST"), 1U);
  EXPECT_EQ(count_of(site["statuses"], "status", "401.1"), 1U);
  EXPECT_EQ(count_of(p["tls"], "protocol", "TLS 1.2"), 1U);
  std::uint64_t events = 0;
  for (const json& s : p["sources"]) events += s["events"]["count"].get<std::uint64_t>();
  EXPECT_EQ(events, 5U + 3U + 3U);
}

// The same profile whatever the number of decoding threads, on stdout without -o.
TEST_F(LearnCliTest, ProfilesDoNotDependOnThreads) {
  TEMPER_NEED_CORPUS();
  const auto one = collect({"--events", kSecurity.string(), "-j1"});
  const auto four = collect({"--events", kSecurity.string(), "-j4"});
  ASSERT_EQ(one.code, 0) << one.err;
  ASSERT_EQ(four.code, 0) << four.err;
  EXPECT_EQ(one.err, "");  // no summary or progress when stderr is not a terminal
  EXPECT_EQ(one.out, four.out);
  const json p = json::parse(one.out);
  ASSERT_FALSE(p["logons"].empty());
  EXPECT_FALSE(p["privileges"].empty());
}

TEST_F(LearnCliTest, ANonEventFileExitsTwoAndTheOthersAreStillLearned) {
  const fs::path notes = scratch_ / "notes.txt";
  std::ofstream(notes) << "not an event log\n";
  const fs::path out = scratch_ / "usage.json";
  const auto r = collect({"--events", notes.string(), (kFixtures / "iis_u_ex_sample.log").string(), "-o", out.string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("temper: error: " + notes.string() + ": not an EVTX, NDJSON or W3C log file"), std::string::npos) << r.err;
  const json p = profile_at(out);
  // The W3C log's site is "W3C" (no folder or s-sitename names it), on two computers (the second
  // header adds s-computername).
  ASSERT_EQ(p["sources"].size(), 2U);
  EXPECT_EQ(p["sources"][0]["log"], "W3C");
  EXPECT_EQ(p["sources"][1]["computer"], "WEB01");
  EXPECT_EQ(p["sites"][0]["log"], "W3C");
  EXPECT_EQ(p["sources"][0]["events"]["count"].get<int>() + p["sources"][1]["events"]["count"].get<int>(), 3);
}

// A truncated EVTX: the records before the damage count, and stderr says so.
TEST_F(LearnCliTest, ATruncatedEvtxCountsWhatWasReadAndSaysSo) {
  TEMPER_NEED_CORPUS();
  const fs::path cut = scratch_ / "cut.evtx";
  std::ofstream(cut, std::ios::binary) << read_all(kExplicit).substr(0, 9000);  // 2 of its 5 records whole
  const fs::path out = scratch_ / "usage.json";
  const auto r = collect({"--events", cut.string(), "-o", out.string()});
  EXPECT_EQ(r.code, 0) << r.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.err, m, std::regex(R"(cut\.evtx: (\d+) events; .*\(the events read from it are in the profile\))")))
      << r.err;
  EXPECT_NE(r.err.find("file ends inside a chunk"), std::string::npos) << r.err;
  const json p = profile_at(out);
  ASSERT_EQ(p["sources"].size(), 1U);
  EXPECT_EQ(p["sources"][0]["events"]["count"].get<std::uint64_t>(), std::stoull(m[1]));
  EXPECT_EQ(std::stoull(m[1]), 2U);
}

TEST_F(LearnCliTest, AProfileThatCannotBeWrittenExitsThree) {
  const auto r = collect({"--events", (kFixtures / "iis_u_ex_sample.log").string(), "-o", (scratch_ / "no" / "such" / "u.json").string()});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("cannot open for writing"), std::string::npos) << r.err;
}

TEST_F(LearnCliTest, EventsAreRequired) {
  const auto r = collect({"-o", (scratch_ / "u.json").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--events"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(scratch_ / "u.json"));
}

}  // namespace
