// SPDX-License-Identifier: Apache-2.0
// EQL sequences: join keys, maxspan expiry, until, runs, replacement of a pending step, the key cap,
// the events an alert carries, and a sequence that never closes (1,000,000 events, bounded state).
#include "detect/detail/eql_sequence.hpp"
#include "eql_test_util.hpp"

namespace temper::detect::test {
namespace {

constexpr std::uint64_t kSecond = 10'000'000;  // FILETIME ticks
constexpr std::uint64_t kT0 = 133'000'000'000'000'000ull;

events::Event proc(std::string_view host, std::string_view name, std::uint64_t t, std::uint64_t record = 0) {
  return ecs({{"event.category", "process"}, {"host.id", host}, {"process.name", name}}, t, record);
}
events::Event net(std::string_view host, std::uint64_t t, std::uint64_t record = 0) {
  return ecs({{"event.category", "network"}, {"host.id", host}}, t, record);
}

/// Runs `events` through one compiled query; returns the number of alerts.
class Runner {
 public:
  explicit Runner(std::string_view query) : set_(compile_query(query)) {
    EXPECT_TRUE(set_.has_value()) << (set_ ? "" : set_.error().to_string());
    matcher_ = std::make_unique<Matcher>(*set_);
  }
  int feed(const events::Event& e) {
    int n = 0;
    matcher_->match(e, [&](const CompiledRule&) {
      ++n;
      last_ = matcher_->sequence_events();
    });
    return n;
  }
  Matcher& matcher() { return *matcher_; }
  std::vector<SequenceEvent> last_;

 private:
  Result<RuleSet> set_;
  std::unique_ptr<Matcher> matcher_;
};

const char* const kPair = R"(sequence by host.id with maxspan=1m
  [process where process.name : "cmd.exe"]
  [network where true])";

TEST(EqlSequenceTest, CompletesInOrderPerKey) {
  Runner r(kPair);
  EXPECT_EQ(r.feed(proc("h1", "cmd.exe", kT0, 10)), 0);
  EXPECT_EQ(r.feed(net("h2", kT0 + kSecond, 11)), 0);  // other key
  EXPECT_EQ(r.feed(net("h1", kT0 + 2 * kSecond, 12)), 1);
  ASSERT_EQ(r.last_.size(), 2u);
  EXPECT_EQ(r.last_[0].record_id, 10u);
  EXPECT_EQ(r.last_[0].time, kT0);
  EXPECT_EQ(r.last_[1].record_id, 12u);
  EXPECT_EQ(r.feed(net("h1", kT0 + 3 * kSecond)), 0);  // consumed
  EXPECT_EQ(r.matcher().sequence_events().size(), 0u);  // only during the callback
}

TEST(EqlSequenceTest, OrderMatters) {
  Runner r(kPair);
  EXPECT_EQ(r.feed(net("h1", kT0)), 0);
  EXPECT_EQ(r.feed(proc("h1", "cmd.exe", kT0 + kSecond)), 0);
  EXPECT_EQ(r.feed(proc("h1", "other.exe", kT0 + kSecond)), 0);
}

TEST(EqlSequenceTest, MaxspanExpires) {
  Runner r(kPair);
  EXPECT_EQ(r.feed(proc("h1", "cmd.exe", kT0)), 0);
  EXPECT_EQ(r.feed(net("h1", kT0 + 61 * kSecond)), 0);
  EXPECT_EQ(r.feed(proc("h1", "cmd.exe", kT0 + 100 * kSecond)), 0);
  EXPECT_EQ(r.feed(net("h1", kT0 + 160 * kSecond)), 1);  // exactly 60 s: within
}

TEST(EqlSequenceTest, NewerPartialReplacesOlder) {
  // Two step-1 events, then a step-2 event: one alert, carrying the newer step-1 event.
  Runner r(kPair);
  EXPECT_EQ(r.feed(proc("h1", "cmd.exe", kT0, 1)), 0);
  EXPECT_EQ(r.feed(proc("h1", "cmd.exe", kT0 + kSecond, 2)), 0);
  EXPECT_EQ(r.feed(net("h1", kT0 + 2 * kSecond, 3)), 1);
  ASSERT_EQ(r.last_.size(), 2u);
  EXPECT_EQ(r.last_[0].record_id, 2u);
  EXPECT_EQ(r.feed(net("h1", kT0 + 3 * kSecond, 4)), 0);
}

TEST(EqlSequenceTest, UntilClearsTheKey) {
  Runner r(R"(sequence by host.id
    [process where process.name : "a.exe"]
    [process where process.name : "b.exe"]
    until [process where process.name : "stop.exe"])");
  EXPECT_EQ(r.feed(proc("h1", "a.exe", kT0)), 0);
  EXPECT_EQ(r.feed(proc("h2", "a.exe", kT0)), 0);
  EXPECT_EQ(r.feed(proc("h1", "stop.exe", kT0 + 1)), 0);
  EXPECT_EQ(r.feed(proc("h1", "b.exe", kT0 + 2)), 0);  // cleared
  EXPECT_EQ(r.feed(proc("h2", "b.exe", kT0 + 2)), 1);  // other key untouched
}

TEST(EqlSequenceTest, RunsRepeatAStep) {
  Runner r(R"(sequence by host.id with maxspan=10s [process where process.name : "a.exe"] with runs=3
    [network where true])");
  EXPECT_EQ(r.feed(proc("h1", "a.exe", kT0)), 0);
  EXPECT_EQ(r.feed(proc("h1", "a.exe", kT0 + 1)), 0);
  EXPECT_EQ(r.feed(net("h1", kT0 + 2)), 0);  // only two runs so far
  EXPECT_EQ(r.feed(proc("h1", "a.exe", kT0 + 3)), 0);
  EXPECT_EQ(r.feed(proc("h1", "a.exe", kT0 + 4)), 0);
  EXPECT_EQ(r.feed(proc("h1", "a.exe", kT0 + 5)), 0);
  EXPECT_EQ(r.feed(net("h1", kT0 + 6)), 1);
  EXPECT_EQ(r.last_.size(), 4u);
}

TEST(EqlSequenceTest, PerStepKeysJoinDifferentFields) {
  Runner r(R"(sequence by host.id
    [process where true] by process.entity_id
    [network where true] by process.parent.entity_id)");
  EXPECT_EQ(r.feed(ecs({{"event.category", "process"}, {"host.id", "h"}, {"process.entity_id", "P1"}}, kT0)), 0);
  EXPECT_EQ(r.feed(ecs({{"event.category", "network"}, {"host.id", "h"}, {"process.parent.entity_id", "P2"}}, kT0 + 1)), 0);
  EXPECT_EQ(r.feed(ecs({{"event.category", "network"}, {"host.id", "h"}, {"process.parent.entity_id", "P1"}}, kT0 + 2)), 1);
}

TEST(EqlSequenceTest, MissingKeySkipsTheEventUnlessOptional) {
  Runner strict(kPair);
  EXPECT_EQ(strict.feed(ecs({{"event.category", "process"}, {"process.name", "cmd.exe"}}, kT0)), 0);
  EXPECT_EQ(strict.feed(ecs({{"event.category", "network"}}, kT0 + 1)), 0);
  Runner optional(R"(sequence by ?host.id [process where process.name : "cmd.exe"] [network where true])");
  EXPECT_EQ(optional.feed(ecs({{"event.category", "process"}, {"process.name", "cmd.exe"}}, kT0)), 0);
  EXPECT_EQ(optional.feed(ecs({{"event.category", "network"}}, kT0 + 1)), 1);
}

TEST(EqlSequenceTest, KeyCapEvictsTheOldestAndCounts) {
  auto set = compile_query(kPair);
  ASSERT_TRUE(set.has_value());
  Matcher m(*set);
  detail::SequenceRunner runner(*set, 3);
  std::vector<SequenceEvent> events;
  int alerts = 0;
  const auto& rule = set->rules()[0];
  auto feed = [&](const events::Event& e) {
    m.match(e, [](const CompiledRule&) {});  // binds the event in the matcher
    runner.on_event(0, rule, e, m, events, [&](const CompiledRule&) { ++alerts; });
  };
  for (int i = 0; i < 5; ++i) feed(proc("h" + std::to_string(i), "cmd.exe", kT0 + static_cast<std::uint64_t>(i)));
  EXPECT_EQ(runner.pending(), 3u);
  EXPECT_EQ(runner.evictions(), 2u);
  feed(net("h0", kT0 + 10));  // evicted: no alert
  feed(net("h4", kT0 + 10));
  EXPECT_EQ(alerts, 1);
}

TEST(EqlSequenceTest, SequenceThatNeverClosesStaysBounded) {
  Runner r(R"(sequence by process.entity_id [process where process.name : "cmd.exe"] [network where true])");
  events::Event e;
  for (std::uint64_t i = 0; i < 1'000'000; ++i) {
    e.clear();
    e.system().time_created = kT0 + i;
    e.add_field("event.category", "process");
    e.add_field("process.name", "cmd.exe");
    e.add_field("process.entity_id", std::to_string(i));
    ASSERT_EQ(r.feed(e), 0);
  }
  EXPECT_EQ(r.matcher().sequence_pending(), detail::kMaxSequenceKeys);
  EXPECT_EQ(r.matcher().sequence_evictions(), 1'000'000 - detail::kMaxSequenceKeys);
}

TEST(EqlSequenceTest, ExpiredKeysAreDroppedBeforeEvicting) {
  Runner r(kPair);
  for (std::uint64_t i = 0; i < 200'000; ++i) {
    ASSERT_EQ(r.feed(proc("h" + std::to_string(i), "cmd.exe", kT0 + i * kSecond)), 0);
  }
  // With maxspan=1m only the last minute's keys can still complete.
  EXPECT_LE(r.matcher().sequence_pending(), 62u);
  EXPECT_EQ(r.matcher().sequence_evictions(), 0u);
}

}  // namespace
}  // namespace temper::detect::test
