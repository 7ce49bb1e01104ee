// SPDX-License-Identifier: Apache-2.0
// The rule codec on the whole corpus: every SigmaHQ rule (rules, rules-emerging-threats) and Elastic's
// Windows rules, encoded and decoded, give the same alerts over the evtx-attack-samples as the compiled set,
// the same counts and unsupported list, and encode again to the same bytes.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "detect/loader.hpp"
#include "detect/matcher.hpp"
#include "detect/rule_codec.hpp"
#include "evtx/reader.hpp"

namespace temper::detect {
namespace {

namespace fs = std::filesystem;

using Alerts = std::set<std::tuple<std::string, std::uint64_t, std::string>>;

// (file, record id, rule id) of every alert of `set` over the .evtx files under `root`.
Alerts alerts(const RuleSet& set, const fs::path& root) {
  Alerts out;
  Matcher m(set);
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".evtx") continue;
    evtx::ReadOptions options;
    options.xml = false;
    const std::string file = entry.path().lexically_relative(root).generic_string();
    (void)evtx::read_evtx(entry.path(), options, [&](const events::Event& e) {
      m.match(e, [&](const CompiledRule& r) { out.emplace(file, e.system().record_id, r.id); });
      return true;
    });
  }
  return out;
}

std::vector<std::tuple<std::string, std::string, std::string>> unsupported(const RuleSet& set) {
  std::vector<std::tuple<std::string, std::string, std::string>> out;
  for (const auto& u : set.unsupported()) out.emplace_back(u.file, u.title, u.reason);
  return out;
}

TEST(RuleCodecCorpusTest, DecodedCorpusGivesTheSameAlertsCountsAndBytes) {
  const fs::path shared(TEMPER_SHARED_DIR);
  const std::vector<fs::path> rules = {shared / "corpora" / "sigma" / "rules",
                                       shared / "corpora" / "sigma" / "rules-emerging-threats",
                                       shared / "corpora" / "elastic-detection-rules" / "rules" / "windows"};
  const fs::path samples = shared / "corpora" / "evtx" / "evtx-attack-samples";
  for (const auto& p : rules) {
    if (!fs::exists(p)) GTEST_SKIP() << "no corpus at " << p;
  }
  if (!fs::exists(samples)) GTEST_SKIP() << "no samples at " << samples;
  auto set = load_rules(rules);
  ASSERT_TRUE(set.has_value()) << set.error().to_string();
  const auto bytes = encode_rule_set(*set);
  ASSERT_TRUE(bytes.has_value()) << bytes.error().to_string();
  auto decoded = decode_rule_set(std::as_bytes(std::span<const char>(bytes->data(), bytes->size())));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().to_string();
  const RuleSet& copy = decoded->set;

  const auto again = encode_rule_set(copy);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(*again == *bytes) << "re-encoding the decoded set changed its bytes";
  EXPECT_EQ(copy.rules().size(), set->rules().size());
  EXPECT_EQ(copy.compiled_sources(), set->compiled_sources());
  EXPECT_EQ(copy.field_names(), set->field_names());
  EXPECT_EQ(unsupported(copy), unsupported(*set));
  const auto& a = set->counts();
  const auto& b = copy.counts();
  EXPECT_EQ(std::tie(a.sigma_total, a.sigma_compiled, a.eql_total, a.eql_compiled, a.sequence_total,
                     a.sequence_compiled, a.elastic_other),
            std::tie(b.sigma_total, b.sigma_compiled, b.eql_total, b.eql_compiled, b.sequence_total,
                     b.sequence_compiled, b.elastic_other));
  // The scopes of one source rule share one RuleInfo, in the copy as in the compiled set.
  std::map<const RuleInfo*, const RuleInfo*> same;
  std::set<const RuleInfo*> distinct;
  for (std::size_t i = 0; i < set->rules().size(); ++i) {
    distinct.insert(copy.rules()[i].info.get());
    EXPECT_EQ(same.try_emplace(set->rules()[i].info.get(), copy.rules()[i].info.get()).first->second,
              copy.rules()[i].info.get());
  }
  EXPECT_EQ(distinct.size(), same.size());
  EXPECT_LT(distinct.size(), set->rules().size());

  const Alerts original = alerts(*set, samples);
  EXPECT_GT(original.size(), 1000u);
  EXPECT_EQ(alerts(copy, samples), original);
}

}  // namespace
}  // namespace temper::detect
