// SPDX-License-Identifier: Apache-2.0
// The --filter language on the detection engine (detect::EventFilter): what expressions mean, the System
// values, ordering as numbers or text, dispatch on channel and event id, and use from several threads.
#include "detect/event_filter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "detect/prefilter.hpp"

namespace temper::detect {
namespace {

using events::Event;

Event logon(std::uint32_t id, std::string_view channel, std::string_view user) {
  Event e;
  e.system().channel = e.store(channel);
  e.system().provider = e.store("Microsoft-Windows-Security-Auditing");
  e.system().event_id = id;
  e.system().has_event_id = true;
  e.system().level = 4;
  e.add_field("TargetUserName", user);
  e.add_field("LogonProcessName", "NtLmSsp ");
  return e;
}

bool match(std::string_view expr, const Event& e) {
  auto f = EventFilter::compile(expr);
  EXPECT_TRUE(f.has_value()) << expr << ": " << (f ? "" : f.error().message);
  return f && f->matches(e);
}

TEST(FilterTest, MatchesTheIssueExample) {
  const std::string expr = "channel=Security and id in (4624,4625)";
  EXPECT_TRUE(match(expr, logon(4624, "Security", "bob")));
  EXPECT_TRUE(match(expr, logon(4625, "security", "bob")));  // case-insensitive
  EXPECT_FALSE(match(expr, logon(4634, "Security", "bob")));
  EXPECT_FALSE(match(expr, logon(4624, "System", "bob")));
}

TEST(FilterTest, SupportsOrNotParenthesesWildcardsAndComparisons) {
  const Event e = logon(4624, "Security", "Administrator");
  EXPECT_TRUE(match("TargetUserName=admin*", e));
  EXPECT_TRUE(match("TargetUserName ~ 'nistr'", e));
  EXPECT_TRUE(match("not id=4625 and (level<=4 or channel=System)", e));
  EXPECT_TRUE(match("id >= 4600 and id < 4700", e));
  EXPECT_TRUE(match("id not in (1, 2)", e));
  EXPECT_TRUE(match("LogonProcessName=\"NtLmSsp \"", e));
  EXPECT_TRUE(match("Missing != x", e));  // absent fields only satisfy != and not in
  EXPECT_FALSE(match("Missing = x", e));
  EXPECT_TRUE(match("", e));
}

// A data field that repeats (an array substitution, a repeated element, an NDJSON array) matches
// when any of its values does; != and "not in" hold only when none does.
TEST(FilterTest, RepeatedFieldsMatchAnyValue) {
  Event e = logon(4688, "Security", "bob");
  e.add_field("Groups", "Users");
  e.add_field("Groups", "Administrators");
  e.add_field("Port", "80");
  e.add_field("Port", "443");
  EXPECT_TRUE(match("Groups = Administrators", e));
  EXPECT_TRUE(match("EventData.Groups = users", e));
  EXPECT_TRUE(match("Groups in (Guests, Administrators)", e));
  EXPECT_TRUE(match("Groups ~ admin", e));
  EXPECT_TRUE(match("Port > 442", e));
  EXPECT_FALSE(match("Port > 443", e));
  EXPECT_TRUE(match("Port < 81 and Port > 442", e));  // each comparison over any value
  EXPECT_FALSE(match("Groups != Users", e));
  EXPECT_TRUE(match("Groups != Guests", e));
  EXPECT_FALSE(match("Groups not in (Users, x)", e));
  EXPECT_TRUE(match("Groups not in (Guests)", e));
}

TEST(FilterTest, ReportsSyntaxErrorsWithColumn) {
  for (const char* bad : {"id=", "id in 4624", "(id=1", "'open", "= 3"}) {
    auto f = EventFilter::compile(bad);
    ASSERT_FALSE(f.has_value()) << bad;
    EXPECT_EQ(f.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(f.error().message.find("column"), std::string::npos) << bad;
  }
}

TEST(FilterTest, ReadsTheSystemValues) {
  Event e = logon(4624, "Security", "bob");
  e.system().task = 12544;
  e.system().opcode = 0;
  e.system().keywords = 0x8020000000000000ull;
  e.system().process_id = 640;
  e.system().thread_id = 7;
  e.system().record_id = 99;
  e.system().computer = e.store("DC01.corp.local");
  e.system().user_sid = e.store("S-1-5-18");
  e.system().time_created = 133'000'000'000'000'000ull;  // 2022-06-18T04:26:40Z
  e.add_field("Level", "9");  // a data field named like a System value is not read for `level`
  EXPECT_TRUE(match("level = 4 and task = 12544 and opcode = 0 and process_id = 640 and thread_id = 7", e));
  EXPECT_TRUE(match("keywords = 9232379236109516800 and record_id = 99", e));
  EXPECT_TRUE(match("computer = dc01* and provider ~ auditing and user_sid = s-1-5-18", e));
  EXPECT_TRUE(match("time >= 2022-06-18 and time < 2022-06-18T04:26:41", e));
  EXPECT_TRUE(match("time = 2022-06-18T04:26:40.000000000Z", e));  // as temper.event/1 writes it
  EXPECT_FALSE(match("time > 2022-06-19", e));
  EXPECT_TRUE(match("Level = 9 and level = 4", e));
  // Absent System values: no user SID, no time, no event id, no channel.
  Event bare;
  bare.add_field("x", "1");
  EXPECT_TRUE(match("user_sid != x and time != x and id != 1 and channel != x", bare));
  EXPECT_FALSE(match("user_sid = * or time = * or id = * or channel = *", bare));
  EXPECT_TRUE(match("level = 0 and record_id = 0", bare));  // numbers are always there
}

// `<`..`>=` compare as numbers when both sides are numbers (hexadecimal included), else as text.
TEST(FilterTest, OrdersNumbersAsNumbersAndTextAsText) {
  Event e = logon(4624, "Security", "bob");
  e.add_field("Size", "0x20");
  e.add_field("Name", "beta");
  EXPECT_TRUE(match("Size > 31 and Size < 33", e));
  EXPECT_TRUE(match("Name > alpha and Name < gamma", e));
  EXPECT_FALSE(match("Name < Beta", e));  // text compares byte by byte: 'b' > 'B'
  EXPECT_TRUE(match("Name > 100", e));     // a number against text: as text ('b' > '1')
  EXPECT_TRUE(match("TargetUserName >= bob and TargetUserName <= bob", e));
}

// A top-level `channel = X` scopes the rule to the channel and `id` terms give its event ids, so the
// Matcher evaluates it only for those events (and binds nothing for the others).
TEST(FilterTest, DispatchesOnChannelAndEventId) {
  auto f = EventFilter::compile("channel=Security and (id in (4624,4625) or id = 4634) and TargetUserName ~ adm");
  ASSERT_TRUE(f);
  const RuleSet& set = *f->rule_set();
  ASSERT_EQ(set.rules().size(), 1u);
  EXPECT_EQ(set.rules()[0].scope.channel, "Security");
  EXPECT_EQ(required_event_ids(set, set.rules()[0]), (std::vector<std::uint32_t>{4624, 4625, 4634}));
  EXPECT_TRUE(f->matches(logon(4634, "SECURITY", "admin")));
  EXPECT_FALSE(f->matches(logon(4634, "System", "admin")));
  EXPECT_FALSE(f->matches(logon(4688, "Security", "admin")));
  // A wildcard channel or one under `or` does not scope.
  for (const char* expr : {"channel=Sec* and id=1", "channel=Security or id=1", "not channel=Security"}) {
    auto g = EventFilter::compile(expr);
    ASSERT_TRUE(g);
    EXPECT_EQ(g->rule_set()->rules()[0].scope.channel, "") << expr;
  }
}

TEST(FilterTest, EmptyFilterAcceptsEverything) {
  auto f = EventFilter::compile("  ");
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->empty());
  EXPECT_TRUE(f->matches(Event()));
}

// Each thread matches with its own Matcher; answers do not depend on the thread or on other filters used
// on the same thread in between.
TEST(FilterTest, MatchesFromSeveralThreadsAndFilters) {
  auto admins = EventFilter::compile("TargetUserName = admin*");
  auto logons = EventFilter::compile("id = 4624");
  ASSERT_TRUE(admins && logons);
  const Event a = logon(4624, "Security", "administrator");
  const Event b = logon(4625, "Security", "bob");
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        if (!admins->matches(a) || admins->matches(b) || !logons->matches(a) || logons->matches(b)) ++wrong;
        // A short-lived filter on the same thread, then the long-lived ones again.
        auto other = EventFilter::compile("channel = Security");
        if (!other || !other->matches(b)) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace temper::detect
