// SPDX-License-Identifier: Apache-2.0
// Elastic's Windows rules of ../shared/corpora/elastic-detection-rules: how many EQL rules (and
// sequences) compile, and that every other rule is listed with a reason; pinned.
#include <filesystem>
#include <map>

#include <gtest/gtest.h>

#include "detect/loader.hpp"
#include "detect/matcher.hpp"

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
  EXPECT_EQ(c.eql_compiled, 391u);
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
  // One rule uses a missing-event step (`![...]`).
  EXPECT_EQ(c.eql_compiled, 62u);
  EXPECT_EQ(c.sequence_compiled, 15u);
  std::size_t missing = 0;
  for (const auto& u : set->unsupported()) missing += u.reason.starts_with("missing-event steps") ? 1 : 0;
  EXPECT_EQ(missing, 1u);
}

// The literal prefilter is an accelerator only: Elastic's Windows rules raise the same alerts with and
// without it over crafted process, network, file, registry and authentication events.
TEST(EqlCorpusTest, SameAlertsWithAndWithoutPrefilter) {
  if (!std::filesystem::exists(kRoot / "windows")) GTEST_SKIP() << "no Elastic corpus at " << kRoot;
  auto set = load_rules({kRoot / "windows"});
  ASSERT_TRUE(set.has_value());
  const char* const names[] = {"cmd.exe", "powershell.exe", "rundll32.exe", "aspnet_regiis.exe", "w3wp.exe",
                               "certutil.exe", "mshta.exe", "explorer.exe", "regsvr32.exe", "vssadmin.exe"};
  const char* const args[] = {"-pdf", "/c", "-enc", "delete", "shadows", "-urlcache", "connectionStrings", "http://x"};
  const char* const categories[] = {"process", "network", "file", "registry", "authentication", "library"};
  std::vector<events::Event> evs;
  for (std::uint64_t i = 0; i < 600; ++i) {
    events::Event e;
    e.system().time_created = 133'000'000'000'000'000ull + i * 10'000'000;
    e.add_field("event.category", categories[i % 6]);
    e.add_field("event.type", i % 4 ? "start" : "creation");
    e.add_field("host.os.type", "windows");
    e.add_field("host.id", i % 3 ? "h1" : "h2");
    e.add_field("process.name", names[i % 10]);
    e.add_field("process.executable", std::string("C:\\Windows\\System32\\") + names[(i / 7) % 10]);
    e.add_field("process.parent.name", names[(i / 3) % 10]);
    e.add_field("process.entity_id", std::to_string(i % 5));
    e.add_field("process.args", names[i % 10]);
    e.add_field("process.args", args[i % 8]);
    e.add_field("process.args", args[(i / 8) % 8]);
    e.add_field("process.command_line", std::string(names[i % 10]) + " " + args[i % 8] + " " + args[(i / 8) % 8]);
    e.add_field("destination.ip", i % 2 ? "8.8.8.8" : "10.0.0.1");
    e.add_field("destination.port", i % 2 ? "445" : "443");
    e.add_field("file.path", std::string("C:\\Users\\a\\AppData\\Roaming\\x") + std::to_string(i % 4) + ".exe");
    evs.push_back(std::move(e));
  }
  auto alerts = [&](bool prefilter) {
    Matcher m(*set, prefilter);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < evs.size(); ++i) {
      m.match(evs[i], [&](const CompiledRule& r) { out.push_back(std::to_string(i) + " " + r.id); });
    }
    return out;
  };
  const auto with = alerts(true);
  EXPECT_EQ(with, alerts(false));
  EXPECT_GT(with.size(), 10u);  // the events do reach rules
}

}  // namespace
}  // namespace temper::detect
