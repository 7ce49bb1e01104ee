// SPDX-License-Identifier: Apache-2.0
// .reg reader: header, [key] sections and typed value lines, with line continuations joined first.
//
// Example (a `reg export` of HKLM\...\SCHANNEL, UTF-16LE with BOM, CRLF):
//   Windows Registry Editor Version 5.00
//   [HKEY_LOCAL_MACHINE\SYSTEM\...\SCHANNEL\Protocols\SSL 2.0\Client]
//   "DisabledByDefault"=dword:00000001        -> REG_DWORD 1
//   "Machine"=hex(7):61,00,00,00,00,00        -> REG_MULTI_SZ ["a"] (UTF-16LE, double NUL)
//   "Blob"=hex:01,02,\                        -> continued on the next line: REG_BINARY 01 02 03
//     03
#include "collect/offline/reg_file.hpp"

#include "collect/offline/detail/reg_data.hpp"
#include "collect/offline/detail/text.hpp"
#include "core/limits.hpp"
#include "core/strings.hpp"
#include "core/utf.hpp"

namespace temper::collect {
namespace {
using detail::at_line;

struct LogicalLine {
  std::uint32_t number;
  std::string text;
};

Result<std::vector<LogicalLine>> join_continuations(const std::vector<detail::TextLine>& lines,
                                                    std::string_view file_name) {
  std::vector<LogicalLine> out;
  bool continuing = false;
  for (const auto& l : lines) {
    const std::string_view text = continuing ? trim(l.text) : std::string_view(l.text);
    if (continuing) {
      if (out.back().text.size() + text.size() > limits::kMaxLineBytes) {
        return fail(ErrorCode::kLimit, "continued value is longer than the line limit",
                    at_line(file_name, out.back().number));
      }
      out.back().text += text;
    } else {
      out.push_back(LogicalLine{l.number, std::string(text)});
    }
    std::string& last = out.back().text;
    const std::string_view t = trim(last);
    continuing = !t.empty() && t.back() == '\\' && t.front() != '[' && t.front() != ';';
    if (continuing) last.resize(static_cast<std::size_t>(t.data() - last.data()) + t.size() - 1);
  }
  return out;
}

// Reads a quoted string at s[0] == '"'; returns the unescaped text and sets `rest` after the quote.
std::optional<std::string> quoted(std::string_view s, std::string_view& rest) {
  std::string out;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\' && i + 1 < s.size()) {
      out.push_back(s[++i]);
    } else if (c == '"') {
      rest = s.substr(i + 1);
      return out;
    } else {
      out.push_back(c);
    }
  }
  return std::nullopt;
}

std::optional<std::vector<std::byte>> hex_list(std::string_view s) {
  std::vector<std::byte> out;
  const std::string_view t = trim(s);
  if (t.empty()) return out;
  for (const auto& item : split(t, ',')) {
    const std::string_view h = trim(item);
    if (h.empty() || h.size() > 2) return std::nullopt;
    int v = 0;
    for (const char c : h) {
      const int d = detail::hex_value(c);
      if (d < 0) return std::nullopt;
      v = v * 16 + d;
    }
    if (out.size() >= limits::kMaxRegDataBytes) return std::nullopt;
    out.push_back(static_cast<std::byte>(v));
  }
  return out;
}

// ANSI strings of a REGEDIT4 hex(2)/hex(7) value, re-encoded as UTF-16LE for reg_value_from_data.
std::vector<std::byte> ansi_to_utf16(std::span<const std::byte> data) {
  const std::string text = decode_text(data);
  const std::string utf16 = utf8_to_utf16le(text);
  std::vector<std::byte> out;
  for (const char c : utf16) out.push_back(static_cast<std::byte>(c));
  return out;
}

std::optional<model::RegValue> value_data(std::string_view data, bool unicode, std::string& problem) {
  if (data.starts_with('"')) {
    std::string_view rest;
    auto text = quoted(data, rest);
    if (!text || !trim(rest).empty()) {
      problem = "unterminated or malformed string value";
      return std::nullopt;
    }
    return model::RegValue::sz(std::move(*text));
  }
  if (istarts_with(data, "dword:")) {
    const std::string_view h = trim(data.substr(6));
    std::uint32_t v = 0;
    if (h.empty() || h.size() > 8) {
      problem = "dword value must have 1-8 hex digits";
      return std::nullopt;
    }
    for (const char c : h) {
      const int d = detail::hex_value(c);
      if (d < 0) {
        problem = "dword value is not hexadecimal";
        return std::nullopt;
      }
      v = v * 16 + static_cast<std::uint32_t>(d);
    }
    return model::RegValue::dword(v);
  }
  if (!istarts_with(data, "hex")) {
    problem = "unknown value data '" + std::string(data.substr(0, 16)) + "'";
    return std::nullopt;
  }
  std::uint32_t type = 3;
  std::string_view rest = data.substr(3);
  if (rest.starts_with('(')) {
    const auto close = rest.find(')');
    if (close == std::string_view::npos || close == 1 || close > 9) {
      problem = "malformed hex(<type>)";
      return std::nullopt;
    }
    type = 0;
    for (const char c : rest.substr(1, close - 1)) {
      const int d = detail::hex_value(c);
      if (d < 0) {
        problem = "hex(<type>) type is not hexadecimal";
        return std::nullopt;
      }
      type = type * 16 + static_cast<std::uint32_t>(d);
    }
    rest = rest.substr(close + 1);
  }
  if (!rest.starts_with(':')) {
    problem = "expected ':' after hex";
    return std::nullopt;
  }
  auto bytes = hex_list(rest.substr(1));
  if (!bytes) {
    problem = "hex data is not a comma-separated list of bytes";
    return std::nullopt;
  }
  if (!unicode && (type == 1 || type == 2 || type == 7)) *bytes = ansi_to_utf16(*bytes);
  return detail::reg_value_from_data(type, *bytes, problem);
}

bool is_header(std::string_view line, bool& unicode) {
  const std::string_view t = trim(line);
  if (iequals(t, "Windows Registry Editor Version 5.00")) {
    unicode = true;
    return true;
  }
  if (iequals(t, "REGEDIT4")) {
    unicode = false;
    return true;
  }
  return false;
}
}  // namespace

Result<ParsedRegFile> parse_reg_file(std::span<const std::byte> bytes, std::string_view file_name) {
  TEMPER_ASSIGN_OR_RETURN(const auto physical, detail::read_lines(bytes, file_name));
  TEMPER_ASSIGN_OR_RETURN(const auto lines, join_continuations(physical, file_name));
  ParsedRegFile out;
  DiagnosticSink sink(out.diagnostics);
  const auto skip = [&](std::uint32_t line, std::string message) {
    out.complete = false;
    sink.add(at_line(file_name, line), std::move(message));
  };
  bool header = false;
  for (const auto& l : lines) {
    const std::string_view text = trim(l.text);
    if (text.empty() || text.front() == ';') continue;
    if (!header) {
      if (!is_header(text, out.unicode)) {
        return fail(ErrorCode::kParse, "not a .reg file: expected 'Windows Registry Editor Version 5.00' or 'REGEDIT4'",
                    at_line(file_name, l.number));
      }
      header = true;
      continue;
    }
    if (text.front() == '[') {
      if (text.back() != ']' || text.size() < 3) {
        skip(l.number, "key line without a closing ']', skipped");
        continue;
      }
      std::string_view path = text.substr(1, text.size() - 2);
      const bool deleted = path.starts_with('-');
      if (deleted) path.remove_prefix(1);
      out.keys.push_back(RegFileKey{model::Registry::canonical_path(path), deleted, {}, l.number});
      continue;
    }
    if (out.keys.empty() || out.keys.back().deleted) {
      skip(l.number, "value outside a [key] section, skipped");
      continue;
    }
    std::string name;
    std::string_view rest;
    if (text.front() == '@') {
      rest = text.substr(1);
    } else if (text.front() == '"') {
      auto n = quoted(text, rest);
      if (!n) {
        skip(l.number, "unterminated value name, skipped");
        continue;
      }
      name = std::move(*n);
    } else {
      skip(l.number, "expected '\"name\"=' or '@=', skipped");
      continue;
    }
    rest = trim(rest);
    if (!rest.starts_with('=')) {
      skip(l.number, "expected '=' after the value name, skipped");
      continue;
    }
    const std::string_view data = trim(rest.substr(1));
    if (data == "-") {
      out.keys.back().values.push_back(RegFileValue{std::move(name), std::nullopt, l.number});
      continue;
    }
    std::string problem;
    auto value = value_data(data, out.unicode, problem);
    if (!value) {
      skip(l.number, "value '" + name + "': " + problem + ", skipped");
      continue;
    }
    if (!problem.empty()) sink.add(at_line(file_name, l.number), "value '" + name + "': " + problem);
    out.keys.back().values.push_back(RegFileValue{std::move(name), std::move(*value), l.number});
  }
  if (!header) return fail(ErrorCode::kParse, "empty file: no .reg header", at_line(file_name, 1));
  return out;
}

std::string merge_reg_export(const ParsedRegFile& reg, model::Registry& registry) {
  for (const auto& key : reg.keys) {
    if (key.deleted) {
      detail::erase_subtree(registry, key.path);
      continue;
    }
    auto& values = registry.keys[key.path].values;
    for (const auto& v : key.values) {
      if (v.value) {
        values[v.name] = *v.value;
      } else {
        values.erase(v.name);
      }
    }
  }
  if (!reg.complete || reg.keys.empty() || reg.keys.front().deleted) return {};
  const std::string& root = reg.keys.front().path;
  model::Registry probe;
  probe.collected.push_back(root);
  for (const auto& key : reg.keys) {
    if (!probe.covers(key.path)) return {};
  }
  if (!registry.covers(root)) registry.collected.push_back(root);
  return root;
}

}  // namespace temper::collect
