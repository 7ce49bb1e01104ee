// SPDX-License-Identifier: Apache-2.0
// GPO extension lists: Backup.xml <MachineExtensionGuids> and gpt.ini gPCMachineExtensionNames.
#include "collect/offline/gpo_manifest.hpp"

#include <algorithm>
#include <cstdint>

#include "collect/offline/detail/text.hpp"
#include "core/limits.hpp"
#include "core/strings.hpp"

namespace temper::collect {
namespace {
using detail::at_line;

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// `{8-4-4-4-12}` at `text[at]`: 38 characters, hyphens at fixed places, hex elsewhere.
bool guid_at(std::string_view text, std::size_t at) {
  constexpr std::size_t kLength = 38;
  if (text.size() - at < kLength || text[at] != '{' || text[at + kLength - 1] != '}') return false;
  for (std::size_t i = 1; i + 1 < kLength; ++i) {
    const char c = text[at + i];
    const bool hyphen = i == 9 || i == 14 || i == 19 || i == 24;
    if (hyphen ? c != '-' : !is_hex(c)) return false;
  }
  return true;
}

std::uint32_t line_of(std::string_view text, std::size_t at) {
  return static_cast<std::uint32_t>(1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

Result<std::string> decode_manifest(std::span<const std::byte> bytes, std::string_view file_name) {
  if (bytes.size() > limits::kMaxGpoManifestBytes) {
    return fail(ErrorCode::kLimit, "larger than " + std::to_string(limits::kMaxGpoManifestBytes) + " bytes",
                SourceLocation(std::string(file_name)));
  }
  return detail::decode_document(bytes, file_name);
}
}  // namespace

bool GpoExtensions::lists(std::string_view cse) const {
  return std::any_of(cses.begin(), cses.end(), [cse](const std::string& c) { return iequals(c, cse); });
}

Result<GpoExtensions> parse_extension_list(std::string_view text, const SourceLocation& where) {
  GpoExtensions out;
  auto bad = [&where](const std::string& what) {
    return fail(ErrorCode::kParse, "malformed extension list: " + what, where);
  };
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < text.size() && is_space(text[i])) ++i;
  };
  skip_space();
  while (i < text.size()) {
    if (text[i] != '[') return bad("expected '[' at character " + std::to_string(i + 1));
    ++i;
    skip_space();
    std::size_t guids = 0;
    while (i < text.size() && text[i] == '{') {
      if (!guid_at(text, i)) return bad("not a {GUID} at character " + std::to_string(i + 1));
      if (guids == 0) out.cses.push_back(to_upper(text.substr(i, 38)));
      ++guids;
      i += 38;
      skip_space();
    }
    if (guids == 0) return bad("a group without a {GUID} at character " + std::to_string(i + 1));
    if (i >= text.size() || text[i] != ']') return bad("expected ']' at character " + std::to_string(i + 1));
    ++i;
    if (out.cses.size() > limits::kMaxGpoExtensions) {
      return fail(ErrorCode::kLimit, "more than " + std::to_string(limits::kMaxGpoExtensions) + " extensions", where);
    }
    skip_space();
  }
  return out;
}

Result<ParsedGpoManifest> parse_backup_xml(std::span<const std::byte> bytes, std::string_view file_name) {
  TEMPER_ASSIGN_OR_RETURN(const std::string text, decode_manifest(bytes, file_name));
  const std::string name(file_name);
  constexpr std::string_view kOpen = "<MachineExtensionGuids";
  constexpr std::string_view kClose = "</MachineExtensionGuids>";
  constexpr std::string_view kCdataOpen = "<![CDATA[";
  constexpr std::string_view kCdataClose = "]]>";
  // The element name must end at the match: <MachineExtensionGuidsX> is another element.
  std::size_t at = 0;
  for (at = text.find(kOpen); at != std::string::npos; at = text.find(kOpen, at + 1)) {
    const std::size_t next = at + kOpen.size();
    if (next < text.size() && (text[next] == '>' || text[next] == '/' || is_space(text[next]))) break;
  }
  if (at == std::string::npos) {
    return fail(ErrorCode::kParse, "no <MachineExtensionGuids> element: not a Backup-GPO Backup.xml, or damaged",
                SourceLocation(name));
  }
  const std::uint32_t line = line_of(text, at);
  const std::size_t tag_end = text.find('>', at);
  if (tag_end == std::string::npos) {
    return fail(ErrorCode::kParse, "<MachineExtensionGuids> is not closed", at_line(name, line));
  }
  ParsedGpoManifest out;
  if (text[tag_end - 1] == '/') {  // <MachineExtensionGuids/>: the GPO has no Machine extension
    out.machine.emplace();
    return out;
  }
  const std::size_t close = text.find(kClose, tag_end);
  if (close == std::string::npos) {
    return fail(ErrorCode::kParse, "<MachineExtensionGuids> has no </MachineExtensionGuids>", at_line(name, line));
  }
  std::string_view inner = trim(std::string_view(text).substr(tag_end + 1, close - tag_end - 1));
  if (inner.starts_with(kCdataOpen)) {
    const std::size_t end = inner.find(kCdataClose, kCdataOpen.size());
    if (end == std::string_view::npos || !trim(inner.substr(end + kCdataClose.size())).empty()) {
      return fail(ErrorCode::kParse, "<MachineExtensionGuids> holds a damaged CDATA section", at_line(name, line));
    }
    inner = inner.substr(kCdataOpen.size(), end - kCdataOpen.size());
  } else if (inner.find_first_of("<&") != std::string_view::npos) {
    return fail(ErrorCode::kParse, "<MachineExtensionGuids> holds markup, not an extension list", at_line(name, line));
  }
  TEMPER_ASSIGN_OR_RETURN(out.machine, parse_extension_list(inner, at_line(name, line)));
  if (text.find(kOpen, close) != std::string::npos) {
    DiagnosticSink(out.diagnostics)
        .add(at_line(name, line), "more than one <MachineExtensionGuids>; the first is used");
  }
  return out;
}

Result<ParsedGpoManifest> parse_gpt_ini(std::span<const std::byte> bytes, std::string_view file_name) {
  TEMPER_ASSIGN_OR_RETURN(const std::string text, decode_manifest(bytes, file_name));
  TEMPER_ASSIGN_OR_RETURN(const auto lines, detail::split_lines(text, file_name));
  ParsedGpoManifest out;
  DiagnosticSink sink(out.diagnostics);
  bool in_general = false;
  for (const auto& l : lines) {
    const std::string_view t = trim(l.text);
    if (t.empty() || t.front() == ';') continue;
    if (t.front() == '[') {
      in_general = iequals(t, "[General]");
      continue;
    }
    const std::size_t eq = t.find('=');
    if (!in_general || eq == std::string_view::npos || !iequals(trim(t.substr(0, eq)), "gPCMachineExtensionNames")) {
      continue;
    }
    if (out.machine) {
      sink.add(at_line(file_name, l.number), "gPCMachineExtensionNames repeated; the first is used");
      continue;
    }
    TEMPER_ASSIGN_OR_RETURN(out.machine, parse_extension_list(t.substr(eq + 1), at_line(file_name, l.number)));
  }
  return out;
}

}  // namespace temper::collect
