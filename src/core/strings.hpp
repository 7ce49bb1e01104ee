// SPDX-License-Identifier: Apache-2.0
// ASCII string helpers: Windows names compare case-insensitively, so most lookups go through these.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace temper {

/// ASCII lower-case copy (non-ASCII bytes are kept as they are).
std::string to_lower(std::string_view s);
/// One ASCII letter lower-cased; every other byte as it is (the folding iequals and to_lower use).
constexpr char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
/// ASCII upper-case copy.
std::string to_upper(std::string_view s);
/// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b);
/// ASCII case-insensitive prefix test.
bool istarts_with(std::string_view s, std::string_view prefix);
/// ASCII case-insensitive suffix test.
bool iends_with(std::string_view s, std::string_view suffix);
/// Strip spaces, tabs, CR and LF from both ends.
std::string_view trim(std::string_view s);
/// Split on every occurrence of `sep` (empty fields are kept).
std::vector<std::string> split(std::string_view s, char sep);
/// Join with a separator.
std::string join(const std::vector<std::string>& parts, std::string_view sep);
/// Glob match with `*` and `?`, ASCII case-insensitive; linear time, no recursion.
bool glob_match(std::string_view pattern, std::string_view text);
/// Parse a whole string as a signed 64-bit decimal (or 0x-prefixed hex); false on any junk.
bool parse_int64(std::string_view s, long long& out);
/// ASCII case-insensitive less-than, for ordered maps keyed by Windows names.
struct ILess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};

/// Appends `text` with every line after its first indented `by` more spaces (to nest a value that
/// nlohmann::json dumped with an indent inside a document being written piece by piece; JSON text
/// never holds a raw newline inside a string).
void append_indented(std::string& out, std::string_view text, std::size_t by);

}  // namespace temper
