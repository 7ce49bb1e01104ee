// SPDX-License-Identifier: Apache-2.0
// Test helper: one event's XML as `wevtutil qe /f:xml` prints it -> events::Event, built the way the
// EVTX reader builds one (Event::add_node for each XML node, then index_xml()). A small parser for
// well-formed test fixtures only: elements, attributes, text, the five predefined entities and
// numeric character references; the XML declaration and comments are skipped.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "events/event.hpp"

namespace temper::detect::test {

inline std::string xml_unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    const std::size_t end = s.find(';', i);
    const std::string_view e = s.substr(i + 1, end - i - 1);
    if (e == "amp") out.push_back('&');
    else if (e == "lt") out.push_back('<');
    else if (e == "gt") out.push_back('>');
    else if (e == "quot") out.push_back('"');
    else if (e == "apos") out.push_back('\'');
    else if (e.starts_with("#")) out.push_back(static_cast<char>(std::stoi(std::string(e.substr(1)))));
    i = end;
  }
  return out;
}

/// Parse `xml` (one <Event>) into a fresh Event with source kEvtx.
inline events::Event event_from_xml(std::string_view xml) {
  events::Event e;
  e.source = events::SourceKind::kEvtx;
  std::size_t i = 0;
  auto name_end = [&](std::size_t from) { return xml.find_first_of(" \t\r\n/>", from); };
  while (i < xml.size()) {
    if (xml[i] != '<') {
      const std::size_t next = std::min(xml.find('<', i), xml.size());
      const std::string_view raw = xml.substr(i, next - i);
      if (raw.find_first_not_of(" \t\r\n") != std::string_view::npos) {
        e.add_node(events::XmlKind::kText, {}, e.store(xml_unescape(raw)));
      }
      i = next;
      continue;
    }
    if (xml.substr(i, 2) == "<?" || xml.substr(i, 4) == "<!--") {
      i = xml.find('>', i) + 1;
      continue;
    }
    if (xml.substr(i, 2) == "</") {
      e.add_node(events::XmlKind::kClose, {});
      i = xml.find('>', i) + 1;
      continue;
    }
    const std::size_t ne = name_end(i + 1);
    e.add_node(events::XmlKind::kOpen, e.store(xml.substr(i + 1, ne - i - 1)));
    i = ne;
    while (true) {
      while (xml[i] == ' ' || xml[i] == '\t' || xml[i] == '\r' || xml[i] == '\n') ++i;
      if (xml[i] == '/') {
        e.add_node(events::XmlKind::kClose, {});
        i += 2;
        break;
      }
      if (xml[i] == '>') {
        ++i;
        break;
      }
      const std::size_t eq = xml.find('=', i);
      const char quote = xml[eq + 1];
      const std::size_t close = xml.find(quote, eq + 2);
      e.add_node(events::XmlKind::kAttribute, e.store(xml.substr(i, eq - i)),
                 e.store(xml_unescape(xml.substr(eq + 2, close - eq - 2))));
      i = close + 1;
    }
  }
  e.index_xml();
  return e;
}

}  // namespace temper::detect::test
