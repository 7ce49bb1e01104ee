// SPDX-License-Identifier: Apache-2.0
// UTF-8 <-> UTF-16LE conversion and text decoding with BOM detection. Everything above platform/ is UTF-8.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace temper {

/// The encoding decode_text() found.
enum class TextEncoding { kUtf8, kUtf8Bom, kUtf16Le, kUtf16Be, kWindows1252 };

/// Decode UTF-16LE bytes (no BOM handling) to UTF-8. Unpaired surrogates and an odd trailing
/// byte become U+FFFD; never fails.
std::string utf16le_to_utf8(std::span<const std::byte> bytes);
/// Encode UTF-8 to UTF-16LE bytes; invalid UTF-8 sequences become U+FFFD.
std::string utf8_to_utf16le(std::string_view utf8);
/// True when `s` is well-formed UTF-8.
bool is_valid_utf8(std::string_view s);
/// Decode a text file: UTF-16LE/BE by BOM, UTF-8 (with or without BOM), else Windows-1252.
/// A BOM-less buffer whose odd bytes are mostly NUL is taken as UTF-16LE. Never fails.
std::string decode_text(std::span<const std::byte> bytes, TextEncoding* found = nullptr);
/// Convenience overload for a std::string buffer.
std::string decode_text(std::string_view bytes, TextEncoding* found = nullptr);
/// Append one code point as UTF-8.
void append_utf8(std::string& out, char32_t cp);

}  // namespace temper
