// SPDX-License-Identifier: Apache-2.0
// Terminal detection and console set-up on Windows.
#include "platform/terminal.hpp"

#include <io.h>

#include <cstdlib>

#include "platform/windows/win32.hpp"

namespace temper::platform {
bool is_terminal(std::FILE* stream) {
  return _isatty(_fileno(stream)) != 0;
}

bool use_color(std::FILE* stream) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  if (!is_terminal(stream)) return false;
  HANDLE handle = GetStdHandle(stream == stderr ? STD_ERROR_HANDLE : STD_OUTPUT_HANDLE);
  DWORD mode = 0;
  if (handle == INVALID_HANDLE_VALUE || !GetConsoleMode(handle, &mode)) return false;
  return SetConsoleMode(handle, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0;
}

void init_console() {
  SetConsoleOutputCP(CP_UTF8);
}

bool write_all(std::FILE* stream, std::string_view data) {
  return std::fwrite(data.data(), 1, data.size(), stream) == data.size();
}
}  // namespace temper::platform
