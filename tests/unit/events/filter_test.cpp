// SPDX-License-Identifier: Apache-2.0
#include "events/filter.hpp"

#include <gtest/gtest.h>

namespace temper::events {
namespace {

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
  auto f = Filter::compile(expr);
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
  for (const char* bad : {"id=", "id in 4624", "(id=1", "id=1 and", "id ! 3", "'open", "id in (1,", "= 3"}) {
    auto f = Filter::compile(bad);
    ASSERT_FALSE(f.has_value()) << bad;
    EXPECT_EQ(f.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(f.error().message.find("column"), std::string::npos) << bad;
  }
  std::string deep(5000, '(');
  EXPECT_FALSE(Filter::compile(deep + "id=1").has_value());  // no stack overflow
}

}  // namespace
}  // namespace temper::events
