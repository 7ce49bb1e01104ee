// SPDX-License-Identifier: Apache-2.0
// `temper detect` end to end: the built binary on crafted rules and NDJSON events written into a scratch
// folder, checking exit codes, the text/jsonl/json outputs against docs/output.md (temper.detect-alert/1,
// temper.detect-summary/1), --min-severity, --since/--until, bad options, the shipped packs by default,
// unsupported rules, correlations, -o, no progress bar when piped, a bad input file beside a good one, and
// the compiled rule cache (where it goes, -v, --no-cache). Each test caches into its scratch folder.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli_support.hpp"

namespace {
namespace fs = std::filesystem;
namespace cli_support = temper::cli_support;
using json = nlohmann::json;

const fs::path kSamples = fs::path(TEMPER_SOURCE_DIR) / ".." / "shared" / "corpora" / "evtx" / "evtx-attack-samples";

const char* kFailedLogon = R"(title: Failed logon
id: 7e6f0000-0000-4000-8000-000000000001
name: failed_logon
level: low
description: A logon failed.
triage: |
  Check the source address first.
  Then the account.
  Then the time of day.
  Fourth line, only in JSON.
tags:
  - attack.credential-access
  - attack.t1110
logsource:
  product: windows
  service: security
detection:
  sel:
    EventID: 4625
  condition: sel
)";

const char* kWhoami = R"(title: Whoami run
id: 7e6f0000-0000-4000-8000-000000000002
level: high
logsource:
  product: windows
  category: process_creation
detection:
  sel:
    Image|endswith: '\whoami.exe'
  condition: sel
)";

const char* kUnsupported = R"(title: Reads a file
id: 7e6f0000-0000-4000-8000-000000000003
level: high
logsource:
  product: windows
  category: file_access
detection:
  sel:
    FileName|endswith: '.kdbx'
  condition: sel
)";

std::string event_line(const std::string& time, const std::string& host, int id, int record, const std::string& data) {
  return R"({"@timestamp":")" + time + R"(","winlog":{"channel":"Security","computer_name":")" + host +
         R"(","event_id":")" + std::to_string(id) + R"(","record_id":)" + std::to_string(record) +
         R"(,"provider_name":"Microsoft-Windows-Security-Auditing","event_data":{)" + data + "}}}\n";
}

class DetectCliTest : public testing::Test {
 protected:
  void SetUp() override {
    scratch_ = cli_support::make_scratch("temper-detect-cli-");
    ::setenv("TEMPER_CACHE_DIR", (scratch_ / "cache").c_str(), 1);
    rules_ = scratch_ / "rules";
    fs::create_directories(rules_);
    write(rules_ / "failed_logon.yml", kFailedLogon);
    write(rules_ / "whoami.yml", kWhoami);
    write(rules_ / "file_access.yml", kUnsupported);
    events_ = scratch_ / "events.ndjson";
    write(events_, event_line("2024-03-01T08:00:00Z", "h1", 4625, 1, R"("TargetUserName":"alice","IpAddress":"10.0.0.9")") +
                       event_line("2024-03-01T09:00:00Z", "h1", 4625, 2, R"("TargetUserName":"bob","IpAddress":"10.0.0.9")") +
                       event_line("2024-03-02T10:00:00Z", "h2", 4688, 3,
                                  R"("NewProcessName":"C:\\Windows\\System32\\whoami.exe","CommandLine":"whoami /all")") +
                       event_line("2024-03-02T10:05:00Z", "h2", 4624, 4, R"("TargetUserName":"carol")"));
  }
  void TearDown() override { fs::remove_all(scratch_); }

  static void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

  cli_support::Run detect(std::vector<std::string> args) const {
    args.insert(args.begin(), "detect");
    return cli_support::run_temper(args, scratch_);
  }
  // `detect EVENTS --rules RULES <args> --format jsonl`, parsed line by line.
  std::vector<json> jsonl(std::vector<std::string> args, int expected_code) const {
    std::vector<std::string> all{events_.string(), "--rules", rules_.string(), "--format", "jsonl"};
    all.insert(all.end(), args.begin(), args.end());
    const auto run = detect(all);
    EXPECT_EQ(run.code, expected_code) << run.err;
    std::vector<json> docs;
    std::istringstream in(run.out);
    for (std::string line; std::getline(in, line);) docs.push_back(json::parse(line));
    return docs;
  }
  static std::vector<std::string> titles(const std::vector<json>& docs) {
    std::vector<std::string> out;
    for (const auto& d : docs) {
      if (d["schema"] == "temper.detect-alert/1") out.push_back(d["rule"]["title"]);
    }
    return out;
  }

  fs::path scratch_, rules_, events_;
};

TEST_F(DetectCliTest, TextShowsAlertsTriageAndASummaryTable) {
  const auto run = detect({events_.string(), "--rules", rules_.string()});
  EXPECT_EQ(run.code, 1) << run.err;
  EXPECT_NE(run.out.find("low  2024-03-01T08:00:00Z  h1  Failed logon\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("    event  Security 4625 #1  " + events_.string()), std::string::npos);
  EXPECT_NE(run.out.find("    EventID: 4625"), std::string::npos);
  EXPECT_EQ(run.out.find("TargetUserName"), std::string::npos);  // the rule does not read it
  EXPECT_NE(run.out.find("    triage Check the source address first.\n           Then the account.\n"), std::string::npos);
  EXPECT_EQ(run.out.find("Fourth line"), std::string::npos);
  EXPECT_NE(run.out.find("    tags   attack.credential-access, attack.t1110"), std::string::npos);
  EXPECT_NE(run.out.find("high  2024-03-02T10:00:00Z  h2  Whoami run"), std::string::npos);
  EXPECT_NE(run.out.find("    NewProcessName: C:\\Windows\\System32\\whoami.exe"), std::string::npos);
  EXPECT_NE(run.out.find("alerts per rule:"), std::string::npos);
  EXPECT_NE(run.out.find("       2  low            2024-03-01T08:00:00Z  2024-03-01T09:00:00Z      1  Failed logon"),
            std::string::npos) << run.out;
  EXPECT_NE(run.out.find("3 alerts from 2 rules over 4 events in 1 file"), std::string::npos);
  EXPECT_NE(run.out.find("2 rules loaded, 1 unsupported (--verbose lists them)"), std::string::npos);
  EXPECT_EQ(run.out.find("\x1b["), std::string::npos);  // no colour when piped
  EXPECT_EQ(run.err.find('\r'), std::string::npos);     // no progress bar when piped
}

TEST_F(DetectCliTest, TextVerboseListsUnsupportedRulesWithTheReason) {
  const auto run = detect({events_.string(), "--rules", rules_.string(), "--verbose"});
  EXPECT_NE(run.out.find("unsupported: " + (rules_ / "file_access.yml").string()), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("logsource category 'file_access' has no event mapping"), std::string::npos);
}

TEST_F(DetectCliTest, JsonlAlertsAndSummaryFollowTheSchemas) {
  const auto docs = jsonl({}, 1);
  ASSERT_EQ(docs.size(), 4u);
  const json& a = docs[0];
  EXPECT_EQ(a["schema"], "temper.detect-alert/1");
  EXPECT_EQ(a["rule"]["id"], "7e6f0000-0000-4000-8000-000000000001");
  EXPECT_EQ(a["rule"]["title"], "Failed logon");
  EXPECT_EQ(a["rule"]["file"], (rules_ / "failed_logon.yml").string());
  EXPECT_EQ(a["rule"]["language"], "sigma");
  EXPECT_FALSE(a["rule"].contains("correlation"));
  EXPECT_EQ(a["severity"], "low");
  EXPECT_EQ(a["time"], "2024-03-01T08:00:00Z");
  EXPECT_EQ(a["host"], "h1");
  EXPECT_EQ(a["fields"], json({{"EventID", "4625"}}));
  EXPECT_EQ(a["triage"], "Check the source address first.\nThen the account.\nThen the time of day.\nFourth line, only in JSON.\n");
  EXPECT_EQ(a["tags"], json({"attack.credential-access", "attack.t1110"}));
  EXPECT_EQ(a["event"], json({{"channel", "Security"}, {"event_id", 4625}, {"record_id", 1}, {"file", events_.string()}}));
  EXPECT_EQ(docs[2]["rule"]["title"], "Whoami run");
  EXPECT_EQ(docs[2]["fields"]["NewProcessName"], "C:\\Windows\\System32\\whoami.exe");
  const json& s = docs[3];
  EXPECT_EQ(s["schema"], "temper.detect-summary/1");
  EXPECT_EQ(s["events"], 4);
  EXPECT_EQ(s["events_outside_time"], 0);
  EXPECT_EQ(s["alerts"], 3);
  EXPECT_EQ(s["rules"]["loaded"], 2);
  EXPECT_EQ(s["rules"]["unsupported"], 1);
  EXPECT_EQ(s["rules"]["below_min_severity"], 0);
  EXPECT_FALSE(s.contains("unsupported"));  // the list needs --verbose
  ASSERT_EQ(s["per_rule"].size(), 2u);
  EXPECT_EQ(s["per_rule"][0], json({{"id", "7e6f0000-0000-4000-8000-000000000001"}, {"title", "Failed logon"},
                                    {"file", (rules_ / "failed_logon.yml").string()}, {"severity", "low"},
                                    {"correlation", false}, {"alerts", 2}, {"first_time", "2024-03-01T08:00:00Z"},
                                    {"last_time", "2024-03-01T09:00:00Z"}, {"hosts", {"h1"}}, {"more_hosts", 0}}));
  EXPECT_EQ(s["per_rule"][1]["title"], "Whoami run");
  EXPECT_EQ(s["files"], json::array({{{"path", events_.string()}, {"events", 4}, {"problems", 0}}}));
  const auto verbose = jsonl({"--verbose"}, 1);
  ASSERT_EQ(verbose.back()["unsupported"].size(), 1u);
  EXPECT_EQ(verbose.back()["unsupported"][0]["reason"], "logsource category 'file_access' has no event mapping");
}

TEST_F(DetectCliTest, JsonIsOneDocumentWithAlertsAndSummary) {
  const auto run = detect({events_.string(), "--rules", rules_.string(), "--format", "json"});
  EXPECT_EQ(run.code, 1) << run.err;
  const json doc = json::parse(run.out);
  EXPECT_EQ(doc["schema"], "temper.detect/1");
  ASSERT_EQ(doc["alerts"].size(), 3u);
  EXPECT_EQ(doc["alerts"][1]["schema"], "temper.detect-alert/1");
  EXPECT_EQ(doc["summary"]["schema"], "temper.detect-summary/1");
  EXPECT_EQ(doc["summary"]["unsupported"].size(), 1u);  // json always lists them
  // No alert: still one document.
  const auto none = detect({events_.string(), "--rules", (rules_ / "whoami.yml").string(), "--format", "json", "--until",
                            "2024-03-01"});
  EXPECT_EQ(none.code, 0) << none.err;
  EXPECT_EQ(json::parse(none.out)["alerts"], json::array());
}

TEST_F(DetectCliTest, MinSeverityDropsLowerRulesWhenLoading) {
  const auto docs = jsonl({"--min-severity", "high"}, 1);
  EXPECT_EQ(titles(docs), std::vector<std::string>{"Whoami run"});
  EXPECT_EQ(docs.back()["rules"]["loaded"], 1);
  EXPECT_EQ(docs.back()["rules"]["below_min_severity"], 1);
  EXPECT_EQ(titles(jsonl({"--min-severity", "low"}, 1)).size(), 3u);
}

TEST_F(DetectCliTest, SinceAndUntilSkipEventsBeforeMatching) {
  auto docs = jsonl({"--since", "2024-03-01T08:30:00Z"}, 1);
  EXPECT_EQ(titles(docs), (std::vector<std::string>{"Failed logon", "Whoami run"}));
  EXPECT_EQ(docs.back()["events_outside_time"], 1);
  EXPECT_EQ(docs.back()["events"], 3);
  // 10:30 at +02:00 is 08:30Z: only alice's failure is before.
  docs = jsonl({"--until", "2024-03-01T10:30:00+02:00"}, 1);
  ASSERT_EQ(titles(docs), std::vector<std::string>{"Failed logon"});
  EXPECT_EQ(docs[0]["fields"]["EventID"], "4625");
  EXPECT_EQ(docs[0]["event"]["record_id"], 1);
  EXPECT_EQ(titles(jsonl({"--since", "2024-03-02"}, 1)), std::vector<std::string>{"Whoami run"});
  EXPECT_EQ(titles(jsonl({"--since", "2024-03-01T09:00:00Z", "--until", "2024-03-01T09:00:00Z"}, 1)),
            std::vector<std::string>{"Failed logon"});  // both bounds inclusive
  // Relative: the events are from 2024, long before the last 24 hours.
  docs = jsonl({"--since", "24h"}, 0);
  EXPECT_EQ(docs.back()["events_outside_time"], 4);
  EXPECT_EQ(docs.back()["alerts"], 0);
  EXPECT_EQ(jsonl({"--until", "7d"}, 1).back()["alerts"], 3);
}

TEST_F(DetectCliTest, BadOptionsExitTwoNamingTheOption) {
  auto run = detect({events_.string(), "--rules", rules_.string(), "--since", "yesterday"});
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("--since: 'yesterday' is not a date"), std::string::npos) << run.err;
  EXPECT_TRUE(run.out.empty());
  run = detect({events_.string(), "--rules", rules_.string(), "--until", "2024-13-01"});
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("--until: '2024-13-01'"), std::string::npos) << run.err;
  run = detect({events_.string(), "--rules", rules_.string(), "--since", "2024-03-02", "--until", "2024-03-01"});
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("--since is after --until"), std::string::npos) << run.err;
  run = detect({events_.string(), "--rules", rules_.string(), "--min-severity", "severe"});
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("--min-severity"), std::string::npos) << run.err;
  run = detect({events_.string(), "--rules", rules_.string(), "--format", "xml"});
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("--format"), std::string::npos) << run.err;
  run = detect({events_.string(), "--rules", (scratch_ / "nope").string()});
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("no such rule file or directory"), std::string::npos) << run.err;
  run = detect({events_.string(), "--rules", (rules_ / "file_access.yml").string()});
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("no rule to run"), std::string::npos) << run.err;
  run = detect({"--rules", rules_.string()});
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("at least one event file"), std::string::npos) << run.err;
}

TEST_F(DetectCliTest, WithoutRulesItRunsTheShippedPacks) {
  const fs::path content = scratch_ / "content";
  fs::create_directories(content / "detections" / "pack");
  write(content / "detections" / "pack" / "whoami.yml", kWhoami);
  ::setenv("TEMPER_CONTENT", content.c_str(), 1);
  const auto run = detect({events_.string(), "--format", "jsonl"});
  ::setenv("TEMPER_CONTENT", scratch_.c_str(), 1);  // a content dir without detections/
  const auto missing = detect({events_.string()});
  ::unsetenv("TEMPER_CONTENT");
  EXPECT_EQ(run.code, 1) << run.err;
  EXPECT_NE(run.out.find("\"title\":\"Whoami run\""), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("\"paths\":[\"" + (content / "detections").string() + "\"]"), std::string::npos);
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("no shipped detection packs"), std::string::npos) << missing.err;
}

TEST_F(DetectCliTest, CorrelationsAlertInsteadOfTheirRules) {
  write(rules_ / "spray.yml", R"(title: Two failures on one host
id: 7e6f0000-0000-4000-8000-000000000010
level: medium
correlation:
  type: event_count
  rules: failed_logon
  group-by: [Computer]
  timespan: 2h
  condition: {gte: 2}
)");
  const auto docs = jsonl({}, 1);
  EXPECT_EQ(titles(docs), (std::vector<std::string>{"Two failures on one host", "Whoami run"}));
  EXPECT_EQ(docs[0]["rule"]["correlation"], "event_count");
  EXPECT_EQ(docs[0]["count"], 2);
  EXPECT_EQ(docs[0]["first_time"], "2024-03-01T08:00:00Z");
  EXPECT_EQ(docs[0]["time"], "2024-03-01T09:00:00Z");
  EXPECT_EQ(docs[0]["fields"], json({{"Computer", "h1"}}));
  EXPECT_EQ(docs[0]["event"]["record_id"], 2);
  EXPECT_EQ(docs.back()["rules"]["correlations"], 1);
  EXPECT_EQ(docs.back()["rules"]["loaded"], 3);
}

TEST_F(DetectCliTest, OutputFileTakesAlertsAndSummary) {
  const fs::path out = scratch_ / "alerts.jsonl";
  const auto run = detect({events_.string(), "--rules", rules_.string(), "--format", "jsonl", "-o", out.string()});
  EXPECT_EQ(run.code, 1) << run.err;
  EXPECT_TRUE(run.out.empty());
  const std::string text = cli_support::read_all(out);
  EXPECT_NE(text.find("temper.detect-summary/1"), std::string::npos);
  EXPECT_NE(text.find("Whoami run"), std::string::npos);
  // A run that cannot start leaves no file.
  const fs::path none = scratch_ / "none.jsonl";
  const auto failed = detect({events_.string(), "--rules", (rules_ / "file_access.yml").string(), "-o", none.string()});
  EXPECT_EQ(failed.code, 2);
  EXPECT_FALSE(fs::exists(none));
}

TEST_F(DetectCliTest, ABadInputFileIsNamedAndTheOthersStillAlert) {
  // A corpus EVTX cut inside its first chunk (damaged but readable: exit 1 for the alerts), or without
  // ../shared a bare header (unusable: exit 2); either way the good file's alerts all come out.
  const fs::path bad = scratch_ / "torn.evtx";
  const std::string sample = cli_support::read_all(kSamples / "Lateral Movement" / "LM_WMI_4624_4688_TargetHost.evtx");
  const bool torn = !sample.empty();
  write(bad, torn ? sample.substr(0, 4096 + 3000) : std::string("ElfFile\0", 8) + std::string(40, 'x'));
  const auto run = detect({bad.string(), events_.string(), "--rules", rules_.string(), "--format", "jsonl"});
  EXPECT_EQ(run.code, torn ? 1 : 2);
  EXPECT_NE(run.err.find(bad.string() + (torn ? ": offset 0x1000 (chunk 0): file ends inside a chunk" : ": not an EVTX file")),
            std::string::npos) << run.err;
  std::vector<json> docs;
  std::istringstream in(run.out);
  for (std::string line; std::getline(in, line);) docs.push_back(json::parse(line));
  EXPECT_EQ(titles(docs), (std::vector<std::string>{"Failed logon", "Failed logon", "Whoami run"}));
  ASSERT_FALSE(docs.empty());
  const json& files = docs.back()["files"];
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0]["path"], bad.string());
  EXPECT_EQ(files[0].contains("error"), !torn);
  EXPECT_GT(files[0]["problems"], 0);
  EXPECT_EQ(files[1]["problems"], 0);
}

}  // namespace

namespace {

std::size_t files_in(const fs::path& dir) {
  std::error_code ec;
  std::size_t n = 0;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); ++it) {
    n += it->is_regular_file() ? 1 : 0;
  }
  return n;
}

TEST_F(DetectCliTest, TheSecondRunReadsTheCompiledRules) {
  const std::vector<std::string> args{events_.string(), "--rules", rules_.string(), "--format", "jsonl", "-v"};
  const auto first = detect(args);
  const auto second = detect(args);
  EXPECT_EQ(first.code, 1) << first.err;
  EXPECT_NE(first.err.find("temper: rule cache: wrote " + (scratch_ / "cache").string()), std::string::npos) << first.err;
  EXPECT_NE(second.err.find("temper: rule cache: loaded " + (scratch_ / "cache").string()), std::string::npos)
      << second.err;
  EXPECT_EQ(second.out, first.out);
  EXPECT_EQ(files_in(scratch_ / "cache"), 1u);
  // Only -v speaks of the cache.
  const auto quiet = detect({events_.string(), "--rules", rules_.string()});
  EXPECT_EQ(quiet.err.find("rule cache"), std::string::npos) << quiet.err;
  const auto listed = detect({"rules", "--rules", rules_.string(), "-v"});
  EXPECT_EQ(listed.code, 0) << listed.err;
  EXPECT_NE(listed.err.find("temper: rule cache: loaded "), std::string::npos) << listed.err;
  EXPECT_NE(listed.out.find("2 of 3 rules compiled"), std::string::npos) << listed.out;
}

TEST_F(DetectCliTest, NoCacheNeitherReadsNorWrites) {
  const auto run = detect({events_.string(), "--rules", rules_.string(), "--no-cache", "-v"});
  EXPECT_EQ(run.code, 1) << run.err;
  EXPECT_EQ(run.err.find("rule cache"), std::string::npos) << run.err;
  const auto listed = detect({"rules", "--rules", rules_.string(), "--no-cache", "-v"});
  EXPECT_EQ(listed.code, 0) << listed.err;
  EXPECT_EQ(files_in(scratch_ / "cache"), 0u);
}

TEST_F(DetectCliTest, TheCacheFolderFollowsTheEnvironment) {
  const std::string home = std::getenv("HOME") != nullptr ? std::getenv("HOME") : "";
  const char* xdg_before = std::getenv("XDG_CACHE_HOME");
  const std::string xdg = xdg_before != nullptr ? xdg_before : "";
  ::unsetenv("TEMPER_CACHE_DIR");
  ::setenv("XDG_CACHE_HOME", (scratch_ / "xdg").c_str(), 1);
  ::setenv("HOME", (scratch_ / "home").c_str(), 1);
  const auto with_xdg = detect({events_.string(), "--rules", rules_.string()});
  ::unsetenv("XDG_CACHE_HOME");
  const auto with_home = detect({events_.string(), "--rules", rules_.string()});
  ::setenv("HOME", home.c_str(), 1);
  if (xdg_before != nullptr) ::setenv("XDG_CACHE_HOME", xdg.c_str(), 1);
  EXPECT_EQ(with_xdg.code, 1) << with_xdg.err;
  EXPECT_EQ(with_home.code, 1) << with_home.err;
  EXPECT_EQ(files_in(scratch_ / "xdg" / "temper" / "rules"), 1u);
  EXPECT_EQ(files_in(scratch_ / "home" / ".cache" / "temper" / "rules"), 1u);
}

}  // namespace
