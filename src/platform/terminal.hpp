// SPDX-License-Identifier: Apache-2.0
// Terminal facts the CLI needs: is a stream a terminal, may we use colour.
#pragma once

#include <cstdio>
#include <string_view>

namespace temper::platform {
/// True when the stream is an interactive terminal (not a pipe or file).
bool is_terminal(std::FILE* stream);
/// True when colour should be used on `stream`: a terminal, NO_COLOR unset or empty, TERM not "dumb".
bool use_color(std::FILE* stream);
/// Prepare the console for UTF-8 and ANSI escapes (Windows); a no-op elsewhere.
void init_console();
/// Write all of `data` to `stream`: on POSIX straight to its file descriptor after flushing the
/// stream's buffer (large blocks skip a copy), elsewhere through the stream. False on error.
bool write_all(std::FILE* stream, std::string_view data);
}  // namespace temper::platform
