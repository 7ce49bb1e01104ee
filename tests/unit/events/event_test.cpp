// SPDX-License-Identifier: Apache-2.0
#include "events/event.hpp"

#include <gtest/gtest.h>

namespace temper::events {
namespace {

// <Event><System>...</System><EventData><Data Name="A">1</Data><Data>x</Data><Data>y</Data></EventData></Event>
Event sample_event() {
  Event e;
  auto open = [&](std::string_view n) { e.add_node(XmlKind::kOpen, e.store(n)); };
  auto attr = [&](std::string_view n, std::string_view v) {
    const TextRef name = e.store(n);
    e.add_node(XmlKind::kAttribute, name, e.store(v));
  };
  auto text = [&](std::string_view v) { e.add_node(XmlKind::kText, {}, e.store(v)); };
  auto close = [&] { e.add_node(XmlKind::kClose, {}); };
  open("Event");
  attr("xmlns", "http://schemas.microsoft.com/win/2004/08/events/event");
  open("System");
  open("Provider");
  attr("Name", "Microsoft-Windows-Security-Auditing");
  attr("Guid", "{54849625-5478-4994-A5BA-3E3B0328C30D}");
  close();
  open("EventID");
  attr("Qualifiers", "16384");
  text("4625");
  close();
  open("Keywords");
  text("0x8010000000000000");
  close();
  open("TimeCreated");
  attr("SystemTime", "2016-07-08T18:12:51.681640800Z");
  close();
  open("EventRecordID");
  text("77");
  close();
  open("Execution");
  attr("ProcessID", "456");
  attr("ThreadID", "460");
  close();
  open("Channel");
  text("Secu");
  text("rity");  // split text is joined
  close();
  open("Computer");
  text("web01");
  close();
  open("Security");
  attr("UserID", "S-1-5-18");
  close();
  close();
  open("EventData");
  open("Data");
  attr("Name", "TargetUserName");
  text("bob");
  close();
  open("Data");
  text("x");
  close();
  open("Data");
  close();
  close();
  close();
  e.index_xml();
  return e;
}

TEST(EventTest, IndexesSystemFields) {
  const Event e = sample_event();
  const SystemFields& s = e.system();
  EXPECT_EQ(e.provider(), "Microsoft-Windows-Security-Auditing");
  EXPECT_EQ(e.text(s.provider_guid), "{54849625-5478-4994-A5BA-3E3B0328C30D}");
  EXPECT_TRUE(s.has_event_id);
  EXPECT_EQ(s.event_id, 4625u);
  EXPECT_TRUE(s.has_qualifiers);
  EXPECT_EQ(s.qualifiers, 16384u);
  EXPECT_EQ(s.keywords, 0x8010000000000000ull);
  EXPECT_EQ(s.record_id, 77u);
  EXPECT_EQ(s.process_id, 456u);
  EXPECT_EQ(s.thread_id, 460u);
  EXPECT_EQ(e.channel(), "Security");
  EXPECT_EQ(e.computer(), "web01");
  EXPECT_EQ(e.text(s.user_sid), "S-1-5-18");
  EXPECT_EQ(s.time_created, 131124751716816408ull);
}

TEST(EventTest, NamesUnnamedDataByPosition) {
  const Event e = sample_event();
  ASSERT_EQ(e.fields().size(), 3u);
  EXPECT_EQ(e.field("TargetUserName"), "bob");
  EXPECT_EQ(e.field("Data2"), "x");
  EXPECT_EQ(e.field("Data3"), "");
  EXPECT_EQ(e.field("Data1"), std::nullopt);
  EXPECT_EQ(e.data_block, "EventData");
}

TEST(EventTest, LooksUpSystemAndDataNames) {
  const Event e = sample_event();
  std::string scratch;
  EXPECT_EQ(e.lookup("channel", scratch), "Security");
  EXPECT_EQ(e.lookup("id", scratch), "4625");
  EXPECT_EQ(e.lookup("record_id", scratch), "77");
  EXPECT_EQ(e.lookup("EventData.TargetUserName", scratch), "bob");
  EXPECT_EQ(e.lookup("TargetUserName", scratch), "bob");
  EXPECT_EQ(e.lookup("time", scratch), "2016-07-08T18:12:51.681640800Z");
  EXPECT_EQ(e.lookup("nope", scratch), std::nullopt);
}

TEST(EventTest, FiletimeRoundTripsAndRejectsJunk) {
  std::string out;
  append_filetime(out, 131124751716816408ull);
  EXPECT_EQ(out, "2016-07-08T18:12:51.681640800Z");
  EXPECT_EQ(parse_time_to_filetime(out), 131124751716816408ull);
  EXPECT_EQ(parse_time_to_filetime("2016-07-08 18:12:51"), 131124751710000000ull);
  EXPECT_EQ(parse_time_to_filetime("1601-01-01T00:00:00Z"), 0ull);
  EXPECT_EQ(parse_time_to_filetime("2016-13-08T18:12:51Z"), std::nullopt);
  EXPECT_EQ(parse_time_to_filetime("garbage"), std::nullopt);
  out.clear();
  append_filetime(out, ~0ull);  // clamped, not overflowing
  EXPECT_EQ(out.substr(0, 4), "9999");
}

TEST(EventTest, ClearKeepsNothingVisible) {
  Event e = sample_event();
  e.clear();
  EXPECT_TRUE(e.xml().empty());
  EXPECT_TRUE(e.fields().empty());
  EXPECT_EQ(e.channel(), "");
  EXPECT_FALSE(e.system().has_event_id);
}

}  // namespace
}  // namespace temper::events
