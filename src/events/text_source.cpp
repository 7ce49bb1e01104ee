// SPDX-License-Identifier: Apache-2.0
// Bounded-memory line splitting for the NDJSON and W3C readers.
#include "events/text_source.hpp"

#include <fstream>

#include "core/file.hpp"
#include "core/limits.hpp"

namespace temper::events {
namespace {

std::string_view strip(std::string_view s, bool first) {
  if (first && s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

}  // namespace

void TextReadStats::bad(std::uint64_t line, std::string why) {
  ++bad_lines;
  if (diagnostics.size() < limits::kMaxDiagnostics) diagnostics.push_back("line " + std::to_string(line) + ": " + why);
}

void for_each_line(std::string_view text,
                   const std::function<bool(std::uint64_t, std::string_view, bool)>& line) {
  std::uint64_t n = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view l = strip(text.substr(start, nl - start), n == 0);
    ++n;
    const bool too_long = l.size() > kMaxLineBytes;
    if (!line(n, too_long ? std::string_view() : l, too_long)) return;
    start = nl + 1;
  }
}

Result<void> for_each_line(const std::filesystem::path& path,
                           const std::function<bool(std::uint64_t, std::string_view, bool)>& line) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return fail(ErrorCode::kNotFound, "no such file: " + path_string(path));
  std::ifstream f(path, std::ios::binary);  // takes the path as is (wide on Windows)
  if (!f) return fail(ErrorCode::kIo, "cannot open " + path_string(path));
  std::string carry;  // the unfinished line
  bool skipping = false;
  std::uint64_t n = 0;
  std::string block(1u << 20, '\0');
  while (true) {
    f.read(block.data(), static_cast<std::streamsize>(block.size()));
    const auto got = static_cast<std::size_t>(f.gcount());
    if (got == 0) break;
    std::string_view data(block.data(), got);
    std::size_t start = 0;
    while (start < data.size()) {
      const std::size_t nl = data.find('\n', start);
      if (nl == std::string_view::npos) {
        if (!skipping) carry.append(data.substr(start));
        if (carry.size() > kMaxLineBytes) {
          carry.clear();
          skipping = true;
        }
        break;
      }
      ++n;
      bool go = true;
      if (skipping) {
        go = line(n, {}, true);
        skipping = false;
      } else if (carry.empty()) {
        go = line(n, strip(data.substr(start, nl - start), n == 1), false);
      } else {
        carry.append(data.substr(start, nl - start));
        const bool too_long = carry.size() > kMaxLineBytes;
        go = line(n, too_long ? std::string_view() : strip(carry, n == 1), too_long);
        carry.clear();
      }
      if (!go) return {};
      start = nl + 1;
    }
  }
  if (f.bad()) return fail(ErrorCode::kIo, "read error in " + path_string(path));
  if (skipping || !carry.empty()) {
    ++n;
    (void)line(n, skipping ? std::string_view() : strip(carry, n == 1), skipping);
  }
  return {};
}

}  // namespace temper::events
