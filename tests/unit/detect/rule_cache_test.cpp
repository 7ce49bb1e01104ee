// SPDX-License-Identifier: Apache-2.0
// The compiled rule-set cache (app/rule_cache.hpp): the first load writes a cache file and the second reads
// it; touching or editing a rule file, or another minimum level, compiles again; a damaged cache file is
// compiled over and rewritten; a disabled cache neither reads nor writes; at most 16 files are kept; and
// run_detect reports where its rules came from. Every test caches into its own temporary folder.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "app/detect.hpp"
#include "app/rule_cache.hpp"
#include "core/file.hpp"
#include "detect/loader.hpp"
#include "detect/rule_codec.hpp"
#include "platform/paths.hpp"

namespace temper::app {
namespace {

namespace fs = std::filesystem;

const char* kFailedLogon = R"(title: Failed logon
id: 33333333-0000-4000-8000-000000000001
name: failed_logon
level: low
logsource: {product: windows, service: security}
detection: {sel: {EventID: 4625}, condition: sel}
)";

const char* kWhoami = R"(title: Whoami
id: 33333333-0000-4000-8000-000000000002
level: high
logsource: {product: windows, category: process_creation}
detection: {sel: {Image|endswith: '\whoami.exe'}, condition: sel}
)";

class RuleCacheTest : public testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("temper-rule-cache-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "-" +
             testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "rules");
    write(root_ / "rules" / "failed_logon.yml", kFailedLogon);
    write(root_ / "rules" / "whoami.yml", kWhoami);
    options_ = RuleCacheOptions{true, root_ / "cache"};
  }
  void TearDown() override { fs::remove_all(root_); }

  static void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

  LoadedRules load(detect::Level min = detect::Level::kInformational, bool enabled = true) const {
    RuleCacheOptions o = options_;
    o.enabled = enabled;
    auto loaded = load_rules_cached({root_ / "rules"}, min, o);
    EXPECT_TRUE(loaded.has_value()) << loaded.error().to_string();
    return loaded ? std::move(*loaded) : LoadedRules{};
  }
  std::vector<fs::path> cache_files() const {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(root_ / "cache", ec)) out.push_back(e.path());
    return out;
  }
  static std::string notes(const LoadedRules& l) {
    std::string out;
    for (const auto& n : l.cache_notes) out += n + "\n";
    return out;
  }
  static std::string bytes_of(const detect::RuleSet& set) { return *detect::encode_rule_set(set, {}, {false}); }

  fs::path root_;
  RuleCacheOptions options_;
};

TEST_F(RuleCacheTest, FirstLoadWritesSecondLoadReads) {
  const auto first = load();
  EXPECT_FALSE(first.from_cache);
  EXPECT_NE(notes(first).find("rule cache: wrote "), std::string::npos) << notes(first);
  const auto files = cache_files();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].extension(), ".trc");
  const auto second = load();
  EXPECT_TRUE(second.from_cache) << notes(second);
  EXPECT_NE(notes(second).find("rule cache: loaded "), std::string::npos);
  EXPECT_EQ(bytes_of(second.set), bytes_of(first.set));
  EXPECT_EQ(second.set.rules().size(), 4u);  // whoami: Sysmon 1, Security 4688, ECS; failed logon: Security
}

TEST_F(RuleCacheTest, TouchingOrEditingARuleFileCompilesAgain) {
  (void)load();
  ASSERT_TRUE(load().from_cache);
  const fs::path rule = root_ / "rules" / "whoami.yml";
  fs::last_write_time(rule, fs::last_write_time(rule) + std::chrono::seconds(2));
  EXPECT_FALSE(load().from_cache);
  EXPECT_TRUE(load().from_cache);
  std::string edited = kWhoami;
  edited.replace(edited.find("level: high"), 11, "level: critical");
  write(rule, edited);
  const auto after = load();
  EXPECT_FALSE(after.from_cache);
  bool critical = false;
  for (const auto& r : after.set.rules()) critical = critical || r.level == detect::Level::kCritical;
  EXPECT_TRUE(critical);
  EXPECT_TRUE(load().from_cache);
  write(root_ / "rules" / "new.yml", std::string(kWhoami).replace(std::string(kWhoami).find("0002"), 4, "0003"));
  EXPECT_FALSE(load().from_cache);  // a file more
  fs::remove(root_ / "rules" / "new.yml");
  EXPECT_TRUE(load().from_cache);  // the set before it, still cached
}

TEST_F(RuleCacheTest, TheMinimumLevelIsPartOfTheKeyAndItsDropCountIsKept) {
  const auto all = load();
  const auto high = load(detect::Level::kHigh);
  EXPECT_FALSE(high.from_cache);
  EXPECT_EQ(high.below_severity, 1u);
  const auto again = load(detect::Level::kHigh);
  EXPECT_TRUE(again.from_cache);
  EXPECT_EQ(again.below_severity, 1u);
  EXPECT_EQ(again.set.compiled_sources(), 1u);
  EXPECT_TRUE(load().from_cache);
  EXPECT_EQ(all.set.compiled_sources(), 2u);
  EXPECT_EQ(cache_files().size(), 2u);
}

TEST_F(RuleCacheTest, ADamagedCacheFileIsCompiledOverAndRewritten) {
  (void)load();
  const auto files = cache_files();
  ASSERT_EQ(files.size(), 1u);
  auto bytes = read_file(files[0]);
  ASSERT_TRUE(bytes.has_value());
  (*bytes)[bytes->size() / 2] ^= 0x5A;
  ASSERT_TRUE(write_file(files[0], *bytes).has_value());
  const auto damaged = load();
  EXPECT_FALSE(damaged.from_cache);
  EXPECT_NE(notes(damaged).find("is unusable (compiled rule set: checksum mismatch"), std::string::npos) << notes(damaged);
  EXPECT_NE(notes(damaged).find("rule cache: wrote "), std::string::npos);
  EXPECT_TRUE(load().from_cache);
  ASSERT_TRUE(write_file(files[0], "not a cache file").has_value());
  EXPECT_FALSE(load().from_cache);
  EXPECT_TRUE(load().from_cache);
}

TEST_F(RuleCacheTest, ADisabledCacheNeitherReadsNorWrites) {
  const auto off = load(detect::Level::kInformational, false);
  EXPECT_FALSE(off.from_cache);
  EXPECT_TRUE(off.cache_notes.empty());
  EXPECT_TRUE(cache_files().empty());
  (void)load();
  const auto files = cache_files();
  ASSERT_EQ(files.size(), 1u);
  ASSERT_TRUE(write_file(files[0], "damaged").has_value());
  const auto before = fs::last_write_time(files[0]);
  EXPECT_FALSE(load(detect::Level::kInformational, false).from_cache);
  EXPECT_EQ(*read_file(files[0]), "damaged");
  EXPECT_EQ(fs::last_write_time(files[0]), before);
}

TEST_F(RuleCacheTest, AtMost16FilesAreKept) {
  for (int i = 0; i < 20; ++i) {
    const fs::path dir = root_ / ("rules" + std::to_string(i));
    fs::create_directories(dir);
    write(dir / "whoami.yml", kWhoami);
    RuleCacheOptions o = options_;
    auto loaded = load_rules_cached({dir}, detect::Level::kInformational, o);
    ASSERT_TRUE(loaded.has_value());
    EXPECT_FALSE(loaded->from_cache);
  }
  EXPECT_EQ(cache_files().size(), kMaxRuleCacheFiles);
}

TEST_F(RuleCacheTest, RunDetectSaysWhereItsRulesCameFrom) {
  write(root_ / "events.ndjson",
        R"({"@timestamp":"2024-03-01T08:00:00Z","winlog":{"channel":"Security","event_id":"4625","record_id":1}})"
        "\n");
  DetectRequest request;
  request.files = {root_ / "events.ndjson"};
  request.rules = {root_ / "rules"};
  request.rule_cache = options_;
  std::vector<std::string> ids[2];
  for (int run = 0; run < 2; ++run) {
    auto report = run_detect(request, [&](const DetectAlert& a) { ids[run].emplace_back(a.rule_id); });
    ASSERT_TRUE(report.has_value()) << report.error().to_string();
    EXPECT_EQ(report->rules_from_cache, run == 1);
    EXPECT_EQ(report->rules_loaded, 2u);
    EXPECT_FALSE(report->rule_cache_notes.empty());
  }
  EXPECT_EQ(ids[0], std::vector<std::string>{"33333333-0000-4000-8000-000000000001"});
  EXPECT_EQ(ids[1], ids[0]);
}

}  // namespace
}  // namespace temper::app

namespace temper::app {
namespace {

namespace fs = std::filesystem;

// The files platform::find_files() finds (the cache key's listing), as sorted path strings.
std::vector<std::string> found_rule_files(const fs::path& root) {
  auto found = platform::find_files(root, [](std::string_view name) { return detect::is_rule_file_name(name); });
  EXPECT_TRUE(found.has_value()) << (found ? std::string() : found.error().to_string());
  std::vector<std::string> out;
  if (found) {
    for (const auto& f : *found) {
      out.push_back(f.path);
      const auto stamp = platform::file_stamp(f.path);
      EXPECT_TRUE(stamp && *stamp == f.stamp) << f.path;
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The files detect::list_rule_files() finds (what the rules are compiled from), as sorted path strings.
std::vector<std::string> listed_rule_files(const fs::path& root) {
  auto listed = detect::list_rule_files({root});
  EXPECT_TRUE(listed.has_value());
  std::vector<std::string> out;
  if (listed) {
    for (const auto& f : *listed) out.push_back(path_string(f));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The key's listing finds exactly the loader's files, spelled the same: on crafted folders (nested,
// extensions in any case, files that are not rules, a dot file, links to a rule file, to a folder and to
// nothing) and on the SigmaHQ and Elastic corpora.
TEST_F(RuleCacheTest, TheKeysListingIsTheLoaders) {
  const fs::path root = root_ / "listing";  // the fixture's folder, removed after the test
  fs::create_directories(root / "rules" / "a" / "b");
  fs::create_directories(root / "elsewhere");
  for (const char* name : {"rules/one.yml", "rules/TWO.YML", "rules/a/three.yaml", "rules/a/b/four.toml",
                           "rules/a/b/notes.md", "rules/.yml", "rules/a/x.yml.bak", "elsewhere/linked.yml"}) {
    std::ofstream(root / name) << "title: t\n";
  }
  std::error_code ec;
  fs::create_symlink(root / "elsewhere" / "linked.yml", root / "rules" / "link-to-file.yml", ec);
  const bool links = !ec;
  fs::create_directory_symlink(root / "elsewhere", root / "rules" / "link-to-folder", ec);
  fs::create_symlink(root / "nothing.yml", root / "rules" / "broken.yml", ec);
  for (const fs::path& r : {root / "rules", fs::path(path_string(root / "rules") + "/")}) {
    const auto found = found_rule_files(r);
    EXPECT_EQ(found, listed_rule_files(r));
    EXPECT_EQ(found.size(), links ? 5u : 4u);
  }

  const fs::path shared(TEMPER_SHARED_DIR);
  for (const fs::path& corpus :
       {shared / "corpora" / "sigma" / "rules", shared / "corpora" / "elastic-detection-rules" / "rules"}) {
    if (!fs::exists(corpus)) continue;
    const auto found = found_rule_files(corpus);
    EXPECT_GT(found.size(), 500u);
    EXPECT_EQ(found, listed_rule_files(corpus));
  }
}

}  // namespace
}  // namespace temper::app
