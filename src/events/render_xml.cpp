// SPDX-License-Identifier: Apache-2.0
// Windows-equivalent XML rendering of an Event (the layout evtxexport prints, for side-by-side comparison).
#include <array>
#include <charconv>
#include <vector>

#include "events/render.hpp"

namespace temper::events {
namespace {

// Escapes text for XML. `raw` (evtxexport style) leaves quotes alone in text and writes
// ANSI-sourced text as it is.
void append_escaped(std::string& out, std::string_view text, bool attribute, bool raw) {
  std::size_t plain = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char* rep = nullptr;
    switch (c) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = attribute && !raw ? "&quot;" : nullptr; break;
      case '\t':
      case '\n':
      case '\r': break;
      default:
        // XML 1.0 has no way to write other control characters, not even as references.
        if (!raw && static_cast<unsigned char>(c) < 0x20) rep = "\xEF\xBF\xBD";
        break;
    }
    if (rep == nullptr) continue;
    out.append(text.data() + plain, i - plain);
    out.append(rep);
    plain = i + 1;
  }
  out.append(text.data() + plain, text.size() - plain);
}

void indent(std::string& out, std::size_t depth) { out.append(depth * 2, ' '); }

void render_nodes(std::string& out, const Event& event, bool raw) {
  const auto nodes = event.xml();
  // Pass 1: which elements have element children (they are laid out one child per line).
  std::vector<std::uint8_t> block(nodes.size(), 0);
  {
    std::vector<std::size_t> stack;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (nodes[i].kind == XmlKind::kOpen) {
        if (!stack.empty()) block[stack.back()] = 1;
        stack.push_back(i);
      } else if (nodes[i].kind == XmlKind::kClose && !stack.empty()) {
        stack.pop_back();
      }
    }
  }
  std::vector<std::pair<std::size_t, bool>> open;  // (node index, block layout)
  std::size_t i = 0;
  while (i < nodes.size()) {
    const XmlNode& n = nodes[i];
    switch (n.kind) {
      case XmlKind::kOpen: {
        const std::size_t open_index = i;
        if (open.empty() || open.back().second) indent(out, open.size());
        out.push_back('<');
        out.append(event.text(n.name));
        ++i;
        while (i < nodes.size() && nodes[i].kind == XmlKind::kAttribute) {
          out.push_back(' ');
          out.append(event.text(nodes[i].name));
          out.append("=\"");
          append_escaped(out, event.text(nodes[i].value), true, raw);
          out.push_back('"');
          ++i;
        }
        std::size_t after = i;  // empty text nodes do not make an element non-empty
        while (after < nodes.size() && nodes[after].kind == XmlKind::kText && nodes[after].value.empty()) ++after;
        if (after < nodes.size() && nodes[after].kind == XmlKind::kClose) {
          i = after;
          out.append("/>");
          if (open.empty() || open.back().second) out.push_back('\n');
          ++i;
          continue;
        }
        out.push_back('>');
        const bool layout = block[open_index] != 0;
        if (layout) out.push_back('\n');
        open.emplace_back(open_index, layout);
        continue;
      }
      case XmlKind::kClose: {
        if (open.empty()) break;
        const auto [index, layout] = open.back();
        open.pop_back();
        if (layout) indent(out, open.size());
        out.append("</");
        out.append(event.text(nodes[index].name));
        out.push_back('>');
        if (open.empty() || open.back().second) out.push_back('\n');
        break;
      }
      case XmlKind::kText:
        if (raw && (n.flags & kXmlFlagAnsi) != 0) {
          out.append(event.text(n.value));
        } else {
          append_escaped(out, event.text(n.value), false, raw);
        }
        break;
      case XmlKind::kCData:
        out.append("<![CDATA[");
        out.append(event.text(n.value));
        out.append("]]>");
        break;
      case XmlKind::kCharRef:
        out.append("&#");
        out.append(event.text(n.value));
        out.push_back(';');
        break;
      case XmlKind::kEntityRef:
        if (raw) {  // evtxexport resolves the predefined entities
          const std::string_view e = event.text(n.name);
          const char* c = e == "quot" ? "\"" : e == "apos" ? "'" : nullptr;
          if (c != nullptr) {
            out.append(c);
            break;
          }
        }
        out.push_back('&');
        out.append(event.text(n.name));
        out.push_back(';');
        break;
      case XmlKind::kPi:
        out.append("<?");
        out.append(event.text(n.name));
        if (!n.value.empty()) {
          out.push_back(' ');
          out.append(event.text(n.value));
        }
        out.append("?>");
        break;
      case XmlKind::kAttribute: break;  // stray attribute (after content): dropped
    }
    ++i;
  }
  // Close whatever a truncated document left open.
  while (!open.empty()) {
    const auto [index, layout] = open.back();
    open.pop_back();
    if (layout) indent(out, open.size());
    out.append("</");
    out.append(event.text(nodes[index].name));
    out.append(">\n");
  }
}

void element(std::string& out, int depth, std::string_view name, std::string_view text, bool raw) {
  indent(out, static_cast<std::size_t>(depth));
  out.push_back('<');
  out.append(name);
  if (text.empty()) {
    out.append("/>\n");
    return;
  }
  out.push_back('>');
  append_escaped(out, text, false, raw);
  out.append("</");
  out.append(name);
  out.append(">\n");
}

std::string decimal(std::uint64_t v) {
  std::array<char, 24> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return std::string(buf.data(), r.ptr);
}

void synthesise(std::string& out, const Event& event, bool raw) {
  const SystemFields& s = event.system();
  out.append("<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">\n  <System>\n");
  out.append("    <Provider Name=\"");
  append_escaped(out, event.text(s.provider), true, raw);
  out.append("\"/>\n");
  if (s.has_event_id) element(out, 2, "EventID", decimal(s.event_id), raw);
  if (s.time_created != 0) {
    out.append("    <TimeCreated SystemTime=\"");
    append_filetime(out, s.time_created);
    out.append("\"/>\n");
  }
  if (s.record_id != 0) element(out, 2, "EventRecordID", decimal(s.record_id), raw);
  if (!s.channel.empty()) element(out, 2, "Channel", event.text(s.channel), raw);
  if (!s.computer.empty()) element(out, 2, "Computer", event.text(s.computer), raw);
  out.append("  </System>\n");
  if (event.fields().empty()) {
    out.append("  <EventData/>\n</Event>\n");
    return;
  }
  out.append("  <EventData>\n");
  for (const Field& f : event.fields()) {
    out.append("    <Data Name=\"");
    append_escaped(out, event.text(f.name), true, raw);
    const std::string_view v = event.text(f.value);
    if (v.empty()) {
      out.append("\"/>\n");
      continue;
    }
    out.append("\">");
    append_escaped(out, v, false, raw);
    out.append("</Data>\n");
  }
  out.append("  </EventData>\n</Event>\n");
}

}  // namespace

void append_xml(std::string& out, const Event& event, XmlEscaping escaping) {
  const bool raw = escaping == XmlEscaping::kEvtxexport;
  if (event.xml().empty()) {
    synthesise(out, event, raw);
    return;
  }
  render_nodes(out, event, raw);
}

}  // namespace temper::events
