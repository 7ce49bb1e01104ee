// SPDX-License-Identifier: Apache-2.0
// Renderings of an events::Event: Windows-equivalent XML and the stable JSON line `temper.event/1`.
#pragma once

#include <cstdint>
#include <string>

#include "events/event.hpp"

namespace temper::events {

/// How append_xml escapes text.
enum class XmlEscaping : std::uint8_t {
  kXml,         ///< well-formed XML 1.0: & < > in text and & < > " in attributes are escaped, and
                ///< control characters other than tab/LF/CR become U+FFFD (default)
  kEvtxexport,  ///< text and attribute values written as they are, like evtxexport (peer comparison)
};

/// Append the event as XML laid out like evtxexport / Windows Event Viewer (two-space indent,
/// empty elements as `<X/>`, text-only elements on one line), ending with a newline. Events
/// without an XML document (NDJSON, W3C) get an equivalent <Event><System/><EventData/> document
/// synthesised from the model. Never fails.
void append_xml(std::string& out, const Event& event, XmlEscaping escaping = XmlEscaping::kXml);

/// Append the event as one line of JSON (schema "temper.event/1", docs/events.md), ending with
/// a newline. Strings are escaped per RFC 8259; invalid UTF-8 bytes become U+FFFD. Never fails.
void append_json(std::string& out, const Event& event);

/// Append `text` JSON-escaped (without quotes).
void append_json_escaped(std::string& out, std::string_view text);

}  // namespace temper::events
