// SPDX-License-Identifier: Apache-2.0
// Text helpers shared by the offline readers: decode with BOM detection, split into numbered lines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace temper::collect::detail {

/// One physical line, without its CR/LF; `number` is 1-based.
struct TextLine {
  std::uint32_t number = 0;
  std::string text;
};

/// Decode a text export (UTF-16LE/BE by BOM, UTF-8 with or without BOM, else Windows-1252) to UTF-8.
/// Fails with kLimit when the input is larger than limits::kMaxDocumentBytes.
Result<std::string> decode_document(std::span<const std::byte> bytes, std::string_view file_name);
/// Split on CRLF, LF or lone CR. Fails with kLimit past limits::kMaxTextLines or when one line is
/// longer than limits::kMaxLineBytes (the error names the line).
Result<std::vector<TextLine>> split_lines(std::string_view text, std::string_view file_name);
/// decode_document() then split_lines().
Result<std::vector<TextLine>> read_lines(std::span<const std::byte> bytes, std::string_view file_name);
/// `"x"` -> `x` (one pair of surrounding double quotes); anything else unchanged.
std::string_view strip_quotes(std::string_view s);
/// SourceLocation for a line of a file.
SourceLocation at_line(std::string_view file_name, std::uint32_t line);

}  // namespace temper::collect::detail
