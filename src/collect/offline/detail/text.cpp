// SPDX-License-Identifier: Apache-2.0
// Decoding and line splitting for the offline text readers.
#include "collect/offline/detail/text.hpp"

#include "core/limits.hpp"
#include "core/utf.hpp"

namespace temper::collect::detail {

Result<std::string> decode_document(std::span<const std::byte> bytes, std::string_view file_name) {
  if (bytes.size() > limits::kMaxDocumentBytes) {
    return fail(ErrorCode::kLimit,
                "file is larger than the " + std::to_string(limits::kMaxDocumentBytes) + "-byte limit",
                SourceLocation(std::string(file_name)));
  }
  std::string text = decode_text(bytes);
  // A second BOM (e.g. a UTF-8 BOM inside UTF-16 text) is noise, not content.
  static constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.starts_with(kBom)) text.erase(0, kBom.size());
  return text;
}

Result<std::vector<TextLine>> split_lines(std::string_view text, std::string_view file_name) {
  std::vector<TextLine> lines;
  std::size_t start = 0;
  std::uint32_t number = 1;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of("\r\n", start);
    const bool last = end == std::string_view::npos;
    if (last) end = text.size();
    if (end - start > limits::kMaxLineBytes) {
      return fail(ErrorCode::kLimit, "line is longer than " + std::to_string(limits::kMaxLineBytes) + " bytes",
                  at_line(file_name, number));
    }
    if (lines.size() >= limits::kMaxTextLines) {
      return fail(ErrorCode::kLimit, "more than " + std::to_string(limits::kMaxTextLines) + " lines",
                  at_line(file_name, number));
    }
    if (!(last && start == text.size() && !lines.empty())) {
      lines.push_back(TextLine{number, std::string(text.substr(start, end - start))});
    }
    if (last) break;
    start = end + 1;
    if (text[end] == '\r' && start < text.size() && text[start] == '\n') ++start;
    ++number;
  }
  return lines;
}

Result<std::vector<TextLine>> read_lines(std::span<const std::byte> bytes, std::string_view file_name) {
  TEMPER_ASSIGN_OR_RETURN(const std::string text, decode_document(bytes, file_name));
  return split_lines(text, file_name);
}

std::string_view strip_quotes(std::string_view s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
  return s;
}

SourceLocation at_line(std::string_view file_name, std::uint32_t line) {
  return SourceLocation(std::string(file_name), line);
}

}  // namespace temper::collect::detail
