// SPDX-License-Identifier: Apache-2.0
// `temper events dump|stats` end to end: the built binary on a corpus EVTX (when ../shared is
// there) and on the NDJSON and W3C fixtures, checking exit codes, stderr reports and the
// temper.event/1 and temper.event-stats/1 documents against docs/events.md.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli_support.hpp"

namespace {
namespace fs = std::filesystem;
namespace cli_support = temper::cli_support;
using json = nlohmann::ordered_json;  // keeps key order, which the schema fixes

const fs::path kSource = TEMPER_SOURCE_DIR;
const fs::path kFixtures = kSource / "tests" / "data" / "events";
const fs::path kNdjson = kFixtures / "elastic_windows.ndjson";
const fs::path kW3c = kFixtures / "iis_u_ex_custom_fields.log";
// 6 x 4624 and 2 x 4688 from one host, one chunk (evtx-attack-samples, see ../shared/SOURCES.md).
const fs::path kEvtx = kSource / ".." / "shared" / "corpora" / "evtx" / "evtx-attack-samples" / "Lateral Movement" /
                       "LM_WMI_4624_4688_TargetHost.evtx";

using cli_support::read_all;

// One run of the binary, with its stdout read as JSON lines.
struct Outcome : cli_support::Run {
  [[nodiscard]] std::vector<json> lines() const {
    std::vector<json> docs;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
      docs.push_back(json::parse(line, nullptr, false));
      EXPECT_FALSE(docs.back().is_discarded()) << line;
    }
    return docs;
  }
};

class EventsCliTest : public testing::Test {
 protected:
  void SetUp() override {
    scratch_ = cli_support::make_scratch("temper-events-cli-");
  }
  void TearDown() override { fs::remove_all(scratch_); }

  // `temper events <args...>` with stdout and stderr captured (cli_support::run_temper).
  Outcome events(std::vector<std::string> args) const {
    args.insert(args.begin(), "events");
    return Outcome{cli_support::run_temper(args, scratch_)};
  }

  // `events dump FILE` on a fixture with damage: exit 0, the count of events and unusable lines
  // reported on stderr, the events on stdout.
  std::vector<json> dump_damaged_fixture(const fs::path& input, int event_count, int unusable) const {
    const Outcome r = events({"dump", input.string()});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find(input.string() + ": " + std::to_string(event_count) + " events; "), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find(std::to_string(unusable) + " unusable lines"), std::string::npos) << r.err;
    return r.lines();
  }

  static bool have_corpus() { return fs::exists(kEvtx); }

  fs::path scratch_;
};

#define TEMPER_NEED_CORPUS() \
  if (!have_corpus()) GTEST_SKIP() << "../shared/corpora/evtx not available: " << kEvtx.string()

TEST_F(EventsCliTest, DumpsAnEvtxAsOneEventLinePerRecord) {
  TEMPER_NEED_CORPUS();
  const Outcome r = events({"dump", kEvtx.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const std::vector<json> docs = r.lines();
  ASSERT_EQ(docs.size(), 8u);
  for (const json& d : docs) {
    EXPECT_EQ(d.begin().key(), "schema");  // first, as documented
    EXPECT_EQ(std::next(d.begin()).key(), "source");
    EXPECT_EQ(d["schema"], "temper.event/1");
    EXPECT_EQ(d["source"], "evtx");
    EXPECT_EQ(d["channel"], "Security");
    EXPECT_EQ(d["provider"], "Microsoft-Windows-Security-Auditing");
    EXPECT_EQ(d["computer"], "WIN-77LTAPHIQ1R.example.corp");
    EXPECT_EQ(d["file"], kEvtx.string());
    for (const char* key : {"version", "level", "task", "opcode", "keywords", "record_id", "time", "data"}) {
      EXPECT_TRUE(d.contains(key)) << key;
    }
  }
  const json& first = docs.front();
  EXPECT_EQ(first["record_id"], 563265);
  EXPECT_EQ(first["event_id"], 4624);
  EXPECT_EQ(first["time"], "2019-03-18T22:15:36.036376000Z");
  EXPECT_EQ(first["process_id"], 452);
  EXPECT_EQ(first["data"]["LogonType"], "3");
  EXPECT_EQ(first["data"]["IpAddress"], "fe80::79bf:8ee2:433c:2567");
  const json& calc = docs[5];
  EXPECT_EQ(calc["record_id"], 563299);
  EXPECT_EQ(calc["event_id"], 4688);
  EXPECT_EQ(calc["data"]["NewProcessName"], "C:\\Windows\\System32\\calc.exe");
}

TEST_F(EventsCliTest, DumpsTheNdjsonFixtureAndReportsItsUnusableLines) {
  const std::vector<json> docs = dump_damaged_fixture(kNdjson, 3, 2);
  ASSERT_EQ(docs.size(), 3u);
  const json& logon = docs[0];
  EXPECT_EQ(logon["schema"], "temper.event/1");
  EXPECT_EQ(logon["source"], "ndjson");
  EXPECT_EQ(logon["record_id"], 2290517);
  EXPECT_EQ(logon["time"], "2024-03-01T08:15:42.123456700Z");
  EXPECT_EQ(logon["provider"], "Microsoft-Windows-Security-Auditing");
  EXPECT_EQ(logon["channel"], "Security");
  EXPECT_EQ(logon["event_id"], 4624);
  EXPECT_EQ(logon["computer"], "WEB02.contoso.local");
  EXPECT_EQ(logon["process_id"], 764);
  EXPECT_EQ(logon["thread_id"], 5320);
  EXPECT_FALSE(logon.contains("level"));  // EVTX only
  EXPECT_EQ(logon["data"]["TargetUserName"], "alice");
  EXPECT_EQ(logon["data"]["IpAddress"], "198.51.100.23");
  EXPECT_EQ(logon["data"]["winlog.task"], "Logon");
  EXPECT_EQ(logon["data"]["temper.derived"],
            json::array({"IpAddress", "IpPort", "WorkstationName", "ProcessId", "ProcessName"}));
  EXPECT_EQ(docs[1]["event_id"], 1);
  EXPECT_EQ(docs[1]["data"]["Image"], "C:\\Windows\\System32\\cmd.exe");
  EXPECT_EQ(docs[2]["event_id"], 4688);
  EXPECT_EQ(docs[2]["data"]["NewProcessName"], "C:\\Windows\\System32\\cmd.exe");
}

TEST_F(EventsCliTest, DumpsTheW3cFixtureAndReportsItsUnusableLines) {
  const std::vector<json> docs = dump_damaged_fixture(kW3c, 3, 2);
  ASSERT_EQ(docs.size(), 3u);
  for (const json& d : docs) {
    EXPECT_EQ(d["schema"], "temper.event/1");
    EXPECT_EQ(d["source"], "w3c");
    EXPECT_EQ(d["provider"], "IIS");
    EXPECT_EQ(d["channel"], "W3C");
    EXPECT_TRUE(d["event_id"].is_null());
  }
  EXPECT_EQ(docs[0]["record_id"], 5);
  EXPECT_EQ(docs[0]["time"], "2024-02-29T23:59:58.000000000Z");
  EXPECT_EQ(docs[0]["computer"], "WEB02");
  EXPECT_EQ(docs[0]["data"]["crypt-protocol"], "400");
  EXPECT_EQ(docs[1]["data"]["X-Forwarded-For"], "203.0.113.9,+198.51.100.4");
  EXPECT_EQ(docs[2]["record_id"], 13);
  EXPECT_EQ(docs[2]["time"], "2024-03-01T00:05:07.000000000Z");
  EXPECT_EQ(docs[2]["data"]["cs-uri-stem"], "/healthz");
}

TEST_F(EventsCliTest, XmlFormatWritesEventDocuments) {
  std::vector<fs::path> inputs{kNdjson, kW3c};
  if (have_corpus()) inputs.push_back(kEvtx);
  for (const fs::path& input : inputs) {
    const Outcome r = events({"dump", "--format", "xml", input.string()});
    EXPECT_EQ(r.code, 0) << input << r.err;
    EXPECT_EQ(r.out.rfind("<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">", 0), 0u)
        << input << "\n"
        << r.out.substr(0, 200);
  }
  const Outcome ndjson = events({"dump", "--format", "xml", kNdjson.string()});
  EXPECT_NE(ndjson.out.find("<Data Name=\"NewProcessName\">C:\\Windows\\System32\\cmd.exe</Data>"), std::string::npos);
}

TEST_F(EventsCliTest, FilterKeepsOnlyTheMatchingEvents) {
  const Outcome r = events({"dump", "--filter", "id = 4624", kNdjson.string(), kW3c.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::vector<json> docs = r.lines();
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0]["record_id"], 2290517);
  // A derived field filters like any other (it exists only on the ECS-only 4688).
  const Outcome derived = events({"dump", "--filter", "NewProcessName = *\\cmd.exe", kNdjson.string()});
  ASSERT_EQ(derived.code, 0) << derived.err;
  ASSERT_EQ(derived.lines().size(), 1u);
  EXPECT_EQ(derived.lines()[0]["event_id"], 4688);
}

TEST_F(EventsCliTest, FilterKeepsOnlyTheMatchingEvtxRecords) {
  TEMPER_NEED_CORPUS();
  const Outcome r = events({"dump", "--filter", "id = 4624", kEvtx.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::vector<json> logons = r.lines();
  EXPECT_EQ(logons.size(), 6u);
  for (const json& d : logons) EXPECT_EQ(d["event_id"], 4624);
}

TEST_F(EventsCliTest, ABadFilterExitsTwoNamingTheProblem) {
  const Outcome missing_value = events({"dump", "--filter", "id =", kNdjson.string()});
  EXPECT_EQ(missing_value.code, 2);
  EXPECT_EQ(missing_value.out, "");
  EXPECT_NE(missing_value.err.find("filter: expected a value at column 5"), std::string::npos) << missing_value.err;
  const Outcome dangling = events({"stats", "--filter", "id = 4624 and", kNdjson.string()});
  EXPECT_EQ(dangling.code, 2);
  EXPECT_NE(dangling.err.find("filter: expected a field name at column 14"), std::string::npos) << dangling.err;
}

TEST_F(EventsCliTest, AMissingFileExitsTwoAndTheOtherFilesAreStillRead) {
  const fs::path missing = scratch_ / "no-such.evtx";
  const Outcome r = events({"dump", missing.string(), kW3c.string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("no such file: " + missing.string()), std::string::npos) << r.err;
  EXPECT_EQ(r.lines().size(), 3u);
}

TEST_F(EventsCliTest, DamagedEvtxIsReadAndTheDamageReportedOnStderr) {
  TEMPER_NEED_CORPUS();
  const std::string original = read_all(kEvtx);
  ASSERT_EQ(original.size(), 4096u + 65536u);
  std::string flipped = original;
  flipped[4096 + 512 + 200] = static_cast<char>(flipped[4096 + 512 + 200] ^ 0xFF);  // inside the first record
  const std::string truncated = original.substr(0, 12000);                          // the chunk loses its end
  for (const auto& [name, bytes] : {std::pair{"flipped.evtx", flipped}, std::pair{"truncated.evtx", truncated}}) {
    const fs::path damaged = scratch_ / name;
    std::ofstream(damaged, std::ios::binary) << bytes;
    const Outcome r = events({"dump", damaged.string()});
    EXPECT_EQ(r.code, 0) << name << ": " << r.err;
    std::smatch m;
    const std::regex report(
        "temper: .*" + std::string(name) +
        R"(: (\d+) events; (\d+) damaged chunks, (\d+) checksum errors, (\d+) undecodable records)");
    ASSERT_TRUE(std::regex_search(r.err, m, report)) << name << ": " << r.err;
    EXPECT_GT(std::stoi(m[2]) + std::stoi(m[3]) + std::stoi(m[4]), 0) << r.err;
    EXPECT_EQ(static_cast<std::size_t>(std::stoi(m[1])), r.lines().size());
    EXPECT_GT(r.lines().size(), 0u) << name;
  }
}

// A file cut short: records whose bytes are not all in the file are reported, not emitted with
// zero padding for data, and chunks the header counts but the file lacks are named.
TEST_F(EventsCliTest, ACutShortEvtxNamesWhatIsMissingAndEmitsOnlyWholeRecords) {
  TEMPER_NEED_CORPUS();
  const std::string original = read_all(kEvtx);
  const Outcome whole = events({"dump", kEvtx.string()});
  ASSERT_EQ(whole.code, 0);
  const fs::path cut = scratch_ / "cut.evtx";
  std::ofstream(cut, std::ios::binary) << original.substr(0, 12000);
  const Outcome r = events({"dump", cut.string()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("cut off by the end of the file"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("file ends inside a chunk (7904 bytes)"), std::string::npos) << r.err;
  // Every event it prints is the one the whole file gives (a prefix of them), but for "file".
  auto lines = r.lines();
  auto all = whole.lines();
  ASSERT_GT(lines.size(), 0u);
  ASSERT_LT(lines.size(), all.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    lines[i].erase("file");
    all[i].erase("file");
    EXPECT_EQ(lines[i], all[i]) << i;
  }

  const fs::path header_only = scratch_ / "header-only.evtx";
  std::ofstream(header_only, std::ios::binary) << original.substr(0, 4096);
  const Outcome h = events({"dump", header_only.string()});
  EXPECT_EQ(h.code, 0) << h.err;
  EXPECT_TRUE(h.lines().empty());
  EXPECT_NE(h.err.find("the file holds 0: it was cut short"), std::string::npos) << h.err;
}

// A directory stands for the event files under it, recursively, in path order; other files
// there are left alone.
TEST_F(EventsCliTest, ADirectoryMeansTheEventFilesUnderIt) {
  const fs::path dir = scratch_ / "logs";
  fs::create_directories(dir / "W3SVC1");
  fs::copy_file(kNdjson, dir / "b-winlogbeat.ndjson");
  fs::copy_file(kW3c, dir / "W3SVC1" / "u_ex240101.LOG");
  std::ofstream(dir / "notes.txt") << "not an event log\n";
  const Outcome r = events({"stats", "--format", "json", dir.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const json s = json::parse(r.out);
  ASSERT_EQ(s["files"].size(), 2u) << r.out;
  EXPECT_EQ(s["files"][0]["path"], (dir / "W3SVC1" / "u_ex240101.LOG").string());  // 'W' sorts before 'b'
  EXPECT_EQ(s["files"][0]["kind"], "w3c");
  EXPECT_EQ(s["files"][1]["kind"], "ndjson");
  EXPECT_EQ(s["events"], s["files"][0]["events"].get<int>() + s["files"][1]["events"].get<int>());
}

TEST_F(EventsCliTest, StatsJsonHasTheDocumentedSchemaAndCounts) {
  std::vector<std::string> args{"stats", "--format", "json", kNdjson.string(), kW3c.string()};
  const bool corpus = have_corpus();
  if (corpus) args.push_back(kEvtx.string());
  const Outcome r = events(args);
  ASSERT_EQ(r.code, 0) << r.err;
  const json s = json::parse(r.out);
  EXPECT_EQ(s["schema"], "temper.event-stats/1");
  EXPECT_EQ(s["events"], corpus ? 14 : 6);
  ASSERT_EQ(s["files"].size(), corpus ? 3u : 2u);
  const json& ndjson = s["files"][0];
  EXPECT_EQ(ndjson["path"], kNdjson.string());
  EXPECT_EQ(ndjson["kind"], "ndjson");
  EXPECT_EQ(ndjson["events"], 3);
  EXPECT_EQ(ndjson["matched"], 3);
  EXPECT_EQ(ndjson["bad_lines"], 2);
  EXPECT_FALSE(ndjson.contains("chunks"));  // EVTX only
  const json& w3c = s["files"][1];
  EXPECT_EQ(w3c["kind"], "w3c");
  EXPECT_EQ(w3c["events"], 3);
  EXPECT_EQ(w3c["bad_lines"], 2);
  EXPECT_EQ(s["per_channel"]["W3C"], 3);
  EXPECT_EQ(s["per_provider"]["IIS"], 3);
  EXPECT_EQ(s["per_provider"]["Microsoft-Windows-Sysmon"], 1);
  EXPECT_EQ(s["per_event_id"]["4688"], corpus ? 3 : 1);
  EXPECT_EQ(s["per_event_id"]["4624"], corpus ? 7 : 1);
  EXPECT_EQ(s["last_time"], "2024-03-01T08:16:05.517000000Z");
  if (corpus) {
    const json& evtx = s["files"][2];
    EXPECT_EQ(evtx["kind"], "evtx");
    EXPECT_EQ(evtx["events"], 8);
    EXPECT_EQ(evtx["chunks"], 1);
    EXPECT_EQ(evtx["damaged_chunks"], 0);
    EXPECT_EQ(evtx["checksum_errors"], 0);
    EXPECT_EQ(s["first_time"], "2019-03-18T22:15:36.036376000Z");
  } else {
    EXPECT_EQ(s["first_time"], "2024-02-29T23:59:58.000000000Z");
  }
  // With a filter, files still count every event and per-id counts only the matches.
  const Outcome filtered = events({"stats", "--format", "json", "--filter", "channel = Security", kNdjson.string()});
  const json f = json::parse(filtered.out);
  EXPECT_EQ(f["events"], 2);
  EXPECT_EQ(f["files"][0]["events"], 3);
  EXPECT_EQ(f["files"][0]["matched"], 2);
  EXPECT_EQ(f["per_event_id"], json({{"4624", 1}, {"4688", 1}}));
}

TEST_F(EventsCliTest, PipedOutputHasNoProgressBarOrEscapes) {
  std::vector<fs::path> inputs{kNdjson, kW3c};
  if (have_corpus()) inputs.push_back(kEvtx);
  for (const fs::path& input : inputs) {
    for (const char* command : {"dump", "stats"}) {
      const Outcome r = events({command, input.string()});
      EXPECT_EQ(r.code, 0) << command << " " << input << r.err;
      EXPECT_FALSE(r.out.empty()) << command << " " << input;
      for (const std::string* text : {&r.out, &r.err}) {
        EXPECT_EQ(text->find('\x1b'), std::string::npos) << command << " " << input;
        EXPECT_EQ(text->find('\r'), std::string::npos) << command << " " << input;
      }
    }
  }
}

}  // namespace
