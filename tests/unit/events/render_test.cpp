// SPDX-License-Identifier: Apache-2.0
#include "events/render.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace temper::events {
namespace {

Event small_event() {
  Event e;
  e.add_node(XmlKind::kOpen, e.store("Event"));
  e.add_node(XmlKind::kOpen, e.store("System"));
  e.add_node(XmlKind::kOpen, e.store("Channel"));
  e.add_node(XmlKind::kText, {}, e.store("Security"));
  e.add_node(XmlKind::kClose, {});
  e.add_node(XmlKind::kOpen, e.store("Correlation"));
  e.add_node(XmlKind::kClose, {});
  e.add_node(XmlKind::kClose, {});
  e.add_node(XmlKind::kOpen, e.store("EventData"));
  e.add_node(XmlKind::kOpen, e.store("Data"));
  const TextRef name = e.store("Name");
  e.add_node(XmlKind::kAttribute, name, e.store("Cmd\"Line"));
  e.add_node(XmlKind::kText, {}, e.store("a<b & \"c\"\x03"));
  e.add_node(XmlKind::kClose, {});
  e.add_node(XmlKind::kOpen, e.store("Data"));
  e.add_node(XmlKind::kText, {}, e.store("<ansi>"), kXmlFlagAnsi);
  e.add_node(XmlKind::kClose, {});
  e.add_node(XmlKind::kClose, {});
  e.add_node(XmlKind::kClose, {});
  e.index_xml();
  return e;
}

TEST(RenderXmlTest, LaysOutLikeEvtxexportAndEscapes) {
  std::string out;
  append_xml(out, small_event());
  EXPECT_EQ(out,
            "<Event>\n"
            "  <System>\n"
            "    <Channel>Security</Channel>\n"
            "    <Correlation/>\n"
            "  </System>\n"
            "  <EventData>\n"
            "    <Data Name=\"Cmd&quot;Line\">a&lt;b &amp; \"c\"\xEF\xBF\xBD</Data>\n"
            "    <Data>&lt;ansi&gt;</Data>\n"
            "  </EventData>\n"
            "</Event>\n");
  out.clear();
  append_xml(out, small_event(), XmlEscaping::kEvtxexport);
  EXPECT_NE(out.find("<Data Name=\"Cmd\"Line\">a&lt;b &amp; \"c\"\x03</Data>"), std::string::npos);
  EXPECT_NE(out.find("<Data><ansi></Data>"), std::string::npos);  // evtxexport leaves ANSI text alone
}

TEST(RenderXmlTest, SynthesisesDocumentForSourcesWithoutXml) {
  Event e;
  e.source = SourceKind::kNdjson;
  e.system().provider = e.store("Microsoft-Windows-Sysmon");
  e.system().channel = e.store("Microsoft-Windows-Sysmon/Operational");
  e.system().event_id = 1;
  e.system().has_event_id = true;
  e.add_field("Image", "C:\\x.exe");
  e.add_field("Empty", "");
  std::string out;
  append_xml(out, e);
  EXPECT_NE(out.find("<Provider Name=\"Microsoft-Windows-Sysmon\"/>"), std::string::npos);
  EXPECT_NE(out.find("<EventID>1</EventID>"), std::string::npos);
  EXPECT_NE(out.find("<Data Name=\"Image\">C:\\x.exe</Data>"), std::string::npos);
  EXPECT_NE(out.find("<Data Name=\"Empty\"/>"), std::string::npos);
}

TEST(RenderJsonTest, WritesStableSchemaLine) {
  Event e = small_event();
  e.system().record_id = 9;
  e.system().event_id = 4624;
  e.system().has_event_id = true;
  std::string out;
  append_json(out, e);
  EXPECT_EQ(out.back(), '\n');
  EXPECT_EQ(out.rfind("{\"schema\":\"temper.event/1\",\"source\":\"evtx\",\"record_id\":9,\"time\":null,", 0), 0u);
  EXPECT_NE(out.find("\"channel\":\"Security\""), std::string::npos);
  EXPECT_NE(out.find("\"event_id\":4624"), std::string::npos);
  EXPECT_NE(out.find("\"data\":{\"Cmd\\\"Line\":\"a<b & \\\"c\\\"\\u0003\",\"Data2\":\"<ansi>\"}"), std::string::npos) << out;
}

TEST(RenderJsonTest, EscapesControlsAndInvalidUtf8AndGroupsRepeatedNames) {
  std::string out;
  append_json_escaped(out, std::string_view("a\n\t\x01\xC3\xA9\xFF", 7));
  EXPECT_EQ(out, "a\\n\\t\\u0001\xC3\xA9\\ufffd");
  Event e;
  e.add_field("K", "1");
  e.add_field("Other", "x");
  e.add_field("K", "2");
  out.clear();
  append_json(out, e);
  EXPECT_NE(out.find("\"data\":{\"K\":[\"1\",\"2\"],\"Other\":\"x\"}"), std::string::npos) << out;
}

// Past the small-event fast path (128 fields) repeats are grouped the same way, and a hostile
// event with hundreds of thousands of fields renders in linear-logarithmic time, not quadratic.
TEST(RenderJsonTest, GroupsRepeatedNamesInEventsWithManyFields) {
  Event e;
  std::string want = "\"data\":{";
  for (int i = 0; i < 200; ++i) {
    e.add_field("F" + std::to_string(i), std::to_string(i));
    if (i != 0) want += ",";
    want += "\"F" + std::to_string(i) + "\":";
    want += i == 7 ? "[\"7\",\"again\",\"and again\"]" : "\"" + std::to_string(i) + "\"";
  }
  e.add_field("F7", "again");
  e.add_field("F7", "and again");
  std::string out;
  append_json(out, e);
  EXPECT_NE(out.find(want + "}}"), std::string::npos) << out;

  Event big;
  for (int i = 0; i < 600000; ++i) big.add_field(i % 3 == 0 ? "Same" : "K" + std::to_string(i), "v");
  const auto start = std::chrono::steady_clock::now();
  out.clear();
  append_json(out, big);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(out.find("\"Same\":[\"v\",\"v\""), out.find("\"data\":{") + 8) << out.substr(0, 300);
}

}  // namespace
}  // namespace temper::events
