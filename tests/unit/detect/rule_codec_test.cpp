// SPDX-License-Identifier: Apache-2.0
// The rule codec on a small set that uses every stored part: it round-trips to the same bytes and alerts;
// every truncation and single-byte corruption fails cleanly or (checksum bypassed) decodes to a set that is
// safe to match with; indexes that point outside their tables are refused with the offset; the fuzz seed
// is what the codec writes today.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include "core/file.hpp"
#include "detect/prefilter.hpp"
#include "detect/rule_codec.hpp"
#include "rule_codec_sample.hpp"

namespace temper::detect {
namespace {

std::string encoded(const RuleSet& set, bool prefilter = true) {
  auto bytes = encode_rule_set(set, "note", EncodeOptions{prefilter});
  EXPECT_TRUE(bytes.has_value()) << bytes.error().to_string();
  return bytes ? *bytes : std::string();
}

Result<DecodedRuleSet> decode(std::string_view bytes, bool verify = true) {
  return decode_rule_set(std::as_bytes(std::span<const char>(bytes.data(), bytes.size())), DecodeOptions{verify});
}

// The header's payload length set to what follows it, so that the checks behind the length are reached.
std::string with_length(std::string bytes) {
  if (bytes.size() < 32) return bytes;
  const std::uint64_t length = bytes.size() - 32;
  for (std::size_t i = 0; i < 8; ++i) bytes[16 + i] = static_cast<char>((length >> (8 * i)) & 0xFF);
  return bytes;
}

// Rules whose RuleInfo is shared share it again after decoding, and no more.
void expect_same_info_sharing(const RuleSet& a, const RuleSet& b) {
  ASSERT_EQ(a.rules().size(), b.rules().size());
  std::map<const RuleInfo*, const RuleInfo*> forward, backward;
  for (std::size_t i = 0; i < a.rules().size(); ++i) {
    const auto* x = a.rules()[i].info.get();
    const auto* y = b.rules()[i].info.get();
    ASSERT_NE(y, nullptr);
    EXPECT_EQ(forward.try_emplace(x, y).first->second, y) << "rule " << i;
    EXPECT_EQ(backward.try_emplace(y, x).first->second, x) << "rule " << i;
  }
}

// A decoded set must be safe to run: match the sample events (with its prefilter, built if it was not
// stored, when `prefilter`), correlate, encode it again.
void exercise(const RuleSet& set, bool prefilter) {
  (void)test::sample_alerts(set, test::sample_events(), prefilter);
  (void)encode_rule_set(set, {}, EncodeOptions{false});
}

TEST(RuleCodecTest, SampleRoundTripsToTheSameBytesAndAlerts) {
  const RuleSet set = test::sample_rule_set();
  ASSERT_TRUE(set.unsupported().empty()) << set.unsupported().front().file << ": " << set.unsupported().front().reason;
  ASSERT_EQ(set.correlations().size(), 2u);
  const std::string bytes = encoded(set);
  auto decoded = decode(bytes);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().to_string();
  EXPECT_EQ(decoded->annotation, "note");
  EXPECT_EQ(encoded(decoded->set), bytes);
  EXPECT_EQ(decoded->set.prefilter() != nullptr, Prefilter::available());
  expect_same_info_sharing(set, decoded->set);
  const auto events = test::sample_events();
  const auto alerts = test::sample_alerts(set, events);
  std::set<std::string> fired;
  for (const auto& [event, id] : alerts) fired.insert(id);
  EXPECT_EQ(fired.size(), 8u) << "every sample rule, correlation and the sequence fire";
  EXPECT_EQ(test::sample_alerts(decoded->set, events), alerts);
}

TEST(RuleCodecTest, ASetStoredWithoutItsPrefilterBuildsItsOwn) {
  const RuleSet set = test::sample_rule_set();
  auto decoded = decode(encoded(set, false));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().to_string();
  EXPECT_EQ(encoded(decoded->set), encoded(set));
  EXPECT_EQ(test::sample_alerts(decoded->set, test::sample_events()), test::sample_alerts(set, test::sample_events()));
}

TEST(RuleCodecTest, HeaderProblemsAreNamed) {
  const std::string bytes = encoded(test::sample_rule_set(), false);
  auto message = [](const std::string& b) {
    auto d = decode(b);
    return d ? std::string("decoded") : d.error().message;
  };
  EXPECT_NE(message("").find("shorter than its 32-byte header"), std::string::npos);
  std::string other = bytes;
  other[0] = 'X';
  EXPECT_NE(message(other).find("wrong magic"), std::string::npos);
  other = bytes;
  other[8] = static_cast<char>(kRuleCodecVersion + 1);
  EXPECT_EQ(decode(other).error().code, ErrorCode::kSchemaVersion);
  EXPECT_NE(message(bytes + "x").find("the file has"), std::string::npos);
  other = bytes;
  other[bytes.size() / 2] ^= 0x20;
  EXPECT_NE(message(other).find("checksum mismatch"), std::string::npos);
}

TEST(RuleCodecTest, EveryTruncationFails) {
  const RuleSet set = test::sample_rule_set();
  for (const bool prefilter : {false, true}) {
    const std::string bytes = encoded(set, prefilter);
    // With the prefilter's databases the set is bigger: every prefix near the ends, a sample in between.
    const std::size_t step = prefilter ? std::max<std::size_t>(1, bytes.size() / 1500) : 1;
    for (std::size_t n = 0; n < bytes.size(); n += (n < 256 || n + 256 > bytes.size()) ? 1 : step) {
      const std::string prefix = bytes.substr(0, n);
      EXPECT_FALSE(decode(prefix).has_value()) << n;
      auto bypassed = decode(with_length(prefix), false);
      EXPECT_FALSE(bypassed.has_value()) << n;
      if (!bypassed && n >= 32) {
        EXPECT_NE(bypassed.error().message.find("offset"), std::string::npos) << n;
      }
    }
  }
}

TEST(RuleCodecTest, SingleByteCorruptionsFailOrDecodeToASafeSet) {
  const RuleSet set = test::sample_rule_set();
  for (const bool prefilter : {false, true}) {
    const std::string bytes = encoded(set, prefilter);
    const std::size_t step = prefilter ? std::max<std::size_t>(1, bytes.size() / 1500) : 1;
    std::size_t decoded = 0;
    for (std::size_t at = 32; at < bytes.size(); at += step) {
      for (const int flip : {0xFF, 0x01, 0x80}) {
        std::string bad = bytes;
        bad[at] = static_cast<char>(bad[at] ^ flip);
        EXPECT_FALSE(decode(bad).has_value()) << at;  // the checksum catches it
        auto bypassed = decode(bad, false);
        if (!bypassed) continue;
        // Building a prefilter for every decoded set would take most of the time: one in eight does.
        exercise(bypassed->set, prefilter || decoded % 8 == 0);
        ++decoded;
      }
    }
    EXPECT_GT(decoded, 0u) << "some corruptions (inside strings) still decode";
  }
}

// A set with one broken rule or correlation, encoded without a prefilter (which would trip over it).
std::string broken(const std::function<void(RuleSet&, CompiledRule&)>& mutate) {
  RuleSet set;
  CompiledRule r;
  r.id = "r";
  r.file = "r.yml";
  Predicate p;
  p.field = set.bind_field("Image");
  p.operands.push_back(Operand{});
  p.operands.back().text = "x";
  r.predicates.push_back(p);
  r.nodes.push_back(Node{Node::Kind::kPredicate, 0, {}});
  mutate(set, r);
  set.add_rule(std::move(r));
  return encoded(set, false);
}

std::string refusal(const std::string& bytes) {
  auto d = decode(bytes);
  if (d) return "decoded";
  EXPECT_EQ(d.error().code, ErrorCode::kParse);
  EXPECT_NE(d.error().message.find(" at offset "), std::string::npos) << d.error().message;
  return d.error().message;
}

TEST(RuleCodecTest, IndexesOutsideTheirTablesAreRefused) {
  using K = Node::Kind;
  const std::vector<std::pair<std::string, std::function<void(RuleSet&, CompiledRule&)>>> cases = {
      {"is not one of the 1 field names", [](RuleSet&, CompiledRule& r) { r.predicates[0].field = 999; }},
      {"not to an earlier one", [](RuleSet&, CompiledRule& r) { r.nodes.insert(r.nodes.begin(), Node{K::kAnd, 0, {1}}); }},
      {"rule root 5 out of range", [](RuleSet&, CompiledRule& r) { r.root = 5; }},
      {"node predicate index out of range", [](RuleSet&, CompiledRule& r) { r.nodes[0].predicate = 3; }},
      {"a Not node without its child", [](RuleSet&, CompiledRule& r) { r.nodes.push_back(Node{K::kNot, 0, {}}); }},
      {"tree deeper than", [](RuleSet&, CompiledRule& r) {
         for (std::uint32_t i = 0; i < 1100; ++i) r.nodes.push_back(Node{K::kNot, 0, {i}});
         r.root = 1100;
       }},
      {"regex index 3 out of range", [](RuleSet&, CompiledRule& r) {
         r.predicates[0].operands[0].kind = MatchKind::kRegex;
         r.predicates[0].operands[0].regex = 3;
       }},
      {"network prefix longer than its address", [](RuleSet&, CompiledRule& r) {
         auto& op = r.predicates[0].operands[0];
         op.kind = MatchKind::kCidr;
         op.family = 4;
         op.prefix_bits = 200;
       }},
      {"a rule's field", [](RuleSet&, CompiledRule& r) { r.fields.push_back(kAnyField); }},
      {"a field reference", [](RuleSet&, CompiledRule& r) {
         r.predicates[0].operands[0].kind = MatchKind::kFieldEquals;
         r.predicates[0].operands[0].other = 7;
       }},
      {"fewer than two steps", [](RuleSet&, CompiledRule& r) {
         auto seq = std::make_shared<Sequence>();
         seq->steps.push_back(SequenceStep{0, {}, {}});
         r.sequence = seq;
       }},
      {"a sequence key", [](RuleSet&, CompiledRule& r) {
         auto seq = std::make_shared<Sequence>();
         seq->steps.assign(2, SequenceStep{0, {42}, {false}});
         r.sequence = seq;
       }},
      {"a flag per key missing", [](RuleSet&, CompiledRule& r) {
         auto seq = std::make_shared<Sequence>();
         seq->steps.assign(2, SequenceStep{0, {0}, {}});
         r.sequence = seq;
       }},
      {"too few arguments", [](RuleSet&, CompiledRule& r) {
         r.exprs.push_back(Expr{});
         r.exprs.push_back(Expr{});
         r.exprs.back().op = ExprOp::kArith;
         r.exprs.back().args = {0};
         r.nodes.push_back(Node{K::kExpr, 1, {}});
       }},
      {"expression 0 points to 0", [](RuleSet&, CompiledRule& r) {
         r.exprs.push_back(Expr{});
         r.exprs.back().op = ExprOp::kNegate;
         r.exprs.back().args = {0};
       }},
      {"an expression's field", [](RuleSet&, CompiledRule& r) {
         r.exprs.push_back(Expr{});
         r.exprs.back().op = ExprOp::kField;
         r.exprs.back().field = kAnyField;
       }},
      {"group-by fields do not follow the rules", [](RuleSet& set, CompiledRule&) {
         CorrelationRule c;
         c.refs = {"r"};
         c.group_by = {"Image"};
         set.add_correlation(std::move(c));
       }},
      {"value fields do not follow the rules", [](RuleSet& set, CompiledRule&) {
         CorrelationRule c;
         c.type = CorrelationType::kValueCount;
         c.refs = {"r"};
         c.group_fields = {{}};
         set.add_correlation(std::move(c));
       }},
  };
  for (const auto& [expected, mutate] : cases) {
    SCOPED_TRACE(expected);
    EXPECT_NE(refusal(broken(mutate)).find(expected), std::string::npos) << refusal(broken(mutate));
  }
  EXPECT_EQ(refusal(broken([](RuleSet&, CompiledRule&) {})), "decoded");
}

// tests/fuzz/rule_codec/corpus/small.trc is the sample set as the codec writes it (without the
// prefilter, whose Vectorscan bytes depend on the CPU): regenerate with TEMPER_UPDATE_GOLDEN=1.
TEST(RuleCodecTest, FuzzSeedIsWhatTheCodecWrites) {
  const auto seed = std::filesystem::path(TEMPER_SOURCE_DIR) / "tests" / "fuzz" / "rule_codec" / "corpus" / "small.trc";
  const std::string bytes = encoded(test::sample_rule_set(), false);
  if (const char* update = std::getenv("TEMPER_UPDATE_GOLDEN"); update != nullptr && update[0] == '1') {
    ASSERT_TRUE(write_file(seed, bytes).has_value());
  }
  const auto stored = read_file(seed);
  ASSERT_TRUE(stored.has_value()) << stored.error().to_string();
  EXPECT_TRUE(*stored == bytes) << seed << " is stale: regenerate it with TEMPER_UPDATE_GOLDEN=1";
  EXPECT_TRUE(decode(*stored).has_value());
}

}  // namespace
}  // namespace temper::detect
