// SPDX-License-Identifier: Apache-2.0
// `temper plan` end to end: every format on the example server, bad input (exit codes, messages, nothing
// half-written), reproducible output, and no secret from the snapshot in any plan.
#include <nlohmann/json.hpp>

#include "cli_support.hpp"

namespace {
namespace fs = std::filesystem;
using temper::cli_support::make_scratch;
using temper::cli_support::read_all;
using temper::cli_support::run_temper;

const std::string kWeb01 = std::string(TEMPER_SOURCE_DIR) + "/examples/web01";

std::string all_files(const fs::path& dir) {
  std::string all;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) all += read_all(e.path());
  }
  return all;
}

TEST(PlanCli, EveryFormatOnTheExampleServer) {
  const auto scratch = make_scratch("temper-plan-");
  for (const std::string format : {"json", "text", "powershell", "inf"}) {
    const auto run = run_temper({"plan", kWeb01, "--format", format}, scratch);
    EXPECT_EQ(run.code, 1) << format << ": " << run.err;  // a plan with actions: the server has findings
    EXPECT_GT(run.out.size(), 1000u) << format;
    // Written to a file, the same bytes; and the same bytes on every run.
    const fs::path file = scratch / ("plan." + format);
    const auto to_file = run_temper({"plan", kWeb01, "--format", format, "-o", file.string()}, scratch);
    EXPECT_EQ(to_file.code, 1) << to_file.err;
    EXPECT_EQ(read_all(file), run.out) << format;
    EXPECT_FALSE(fs::exists(file.string() + ".partial"));
  }
  const auto json = nlohmann::json::parse(run_temper({"plan", kWeb01, "-f", "json"}, scratch).out);
  EXPECT_EQ(json["schema"], "temper.plan/1");
  EXPECT_EQ(json["hash"].get<std::string>().size(), 64u);
  EXPECT_GT(json["actions"].size(), 100u);
  // Settings an INF cannot carry are named on stderr.
  const auto inf = run_temper({"plan", kWeb01, "-f", "inf"}, scratch);
  EXPECT_NE(inf.err.find("is not in this format; see the PowerShell plan"), std::string::npos) << inf.err;
}

TEST(PlanCli, GpoBackupGoesIntoANewOrEmptyFolderOnly) {
  const auto scratch = make_scratch("temper-plan-");
  const fs::path out = scratch / "gpo";
  const auto first = run_temper({"plan", kWeb01, "-f", "gpo", "-o", out.string()}, scratch);
  EXPECT_EQ(first.code, 1) << first.err;
  ASSERT_TRUE(fs::is_directory(out));
  const std::string written = all_files(out);
  EXPECT_FALSE(written.empty());
  EXPECT_FALSE(fs::exists(scratch / "gpo.partial"));
  // Not empty now: refused, and the folder is left as it was.
  const auto again = run_temper({"plan", kWeb01, "-f", "gpo", "-o", out.string()}, scratch);
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find("is not an empty folder"), std::string::npos) << again.err;
  EXPECT_EQ(all_files(out), written);
  // A folder is needed.
  const auto no_dir = run_temper({"plan", kWeb01, "-f", "gpo"}, scratch);
  EXPECT_EQ(no_dir.code, 2);
  EXPECT_NE(no_dir.err.find("-o DIR"), std::string::npos) << no_dir.err;
  // An empty folder is fine.
  fs::create_directories(scratch / "empty");
  EXPECT_EQ(run_temper({"plan", kWeb01, "-f", "gpo", "-o", (scratch / "empty").string()}, scratch).code, 1);
  EXPECT_EQ(all_files(scratch / "empty"), written);
}

TEST(PlanCli, BadInputIsRefusedWithItsExitCode) {
  const auto scratch = make_scratch("temper-plan-");
  const auto only = run_temper({"plan", kWeb01, "--only", "win.no-such-rule"}, scratch);
  EXPECT_EQ(only.code, 2);
  EXPECT_NE(only.err.find("--only: win.no-such-rule names no rule"), std::string::npos) << only.err;
  EXPECT_TRUE(only.out.empty());

  const fs::path exceptions = scratch / "exceptions.yaml";
  std::ofstream(exceptions) << "exceptions:\n  - rule: win.user-right.SeImpersonatePrivilege\n    expires: not-a-date\n";
  const auto bad = run_temper({"plan", kWeb01, "--exceptions", exceptions.string()}, scratch);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("exceptions.yaml:"), std::string::npos) << bad.err;
  EXPECT_TRUE(bad.out.empty());

  const auto format = run_temper({"plan", kWeb01, "--format", "yaml"}, scratch);
  EXPECT_EQ(format.code, 2);
  EXPECT_NE(format.err.find("'yaml' is not"), std::string::npos) << format.err;

  // A path under a regular file cannot be written: a runtime error, and nothing left behind.
  std::ofstream(scratch / "file") << "x";
  const fs::path unwritable = scratch / "file" / "plan.ps1";
  const auto io = run_temper({"plan", kWeb01, "-f", "powershell", "-o", unwritable.string()}, scratch);
  EXPECT_EQ(io.code, 3) << io.err;
  EXPECT_NE(io.err.find("plan.ps1"), std::string::npos) << io.err;
  EXPECT_FALSE(fs::exists(unwritable));
  const auto io_gpo = run_temper({"plan", kWeb01, "-f", "gpo", "-o", (scratch / "file" / "gpo").string()}, scratch);
  EXPECT_EQ(io_gpo.code, 3) << io_gpo.err;

  const auto two = run_temper({"plan", kWeb01, "--usage", "u.json", "--impact", "i.json"}, scratch);
  EXPECT_EQ(two.code, 2);
  EXPECT_NE(two.err.find("one source of risk"), std::string::npos) << two.err;
}

// An ASCII text as UTF-16LE bytes (security templates are UTF-16).
std::string utf16le(const std::string& ascii) {
  std::string out;
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

TEST(PlanCli, NoSecretInAnyPlan) {
  const auto scratch = make_scratch("temper-plan-");
  const std::vector<std::string>& secrets = temper::cli_support::kSecretsBundleSecrets;
  const std::string bundle = std::string(TEMPER_SOURCE_DIR) + "/tests/data/iis/secrets-bundle";
  std::vector<std::pair<std::string, std::string>> outputs;
  std::string json_text;
  for (const std::string format : {"json", "text", "powershell", "inf"}) {
    const auto run = run_temper({"plan", bundle, "--format", format, "--level", "2"}, scratch);
    EXPECT_LE(run.code, 1) << run.err;
    outputs.emplace_back(format, run.out + run.err);
    if (format == "json") json_text = run.out;
  }
  const fs::path gpo = scratch / "gpo";
  const auto g = run_temper({"plan", bundle, "-f", "gpo", "-o", gpo.string()}, scratch);
  EXPECT_LE(g.code, 1) << g.err;
  outputs.emplace_back("gpo", all_files(gpo) + g.err);
  const auto json = nlohmann::json::parse(json_text);
  EXPECT_GT(json["actions"].size(), 5u);  // the bundle has IIS findings whose plans show values before
  for (const auto& [format, text] : outputs) {
    for (const auto& secret : secrets) {
      EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in the " << format << " plan";
      EXPECT_EQ(text.find(utf16le(secret)), std::string::npos) << secret << " (UTF-16) in the " << format << " plan";
    }
  }
}

}  // namespace
