// SPDX-License-Identifier: Apache-2.0
// Terminal detection on POSIX systems.
#include "platform/terminal.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace temper::platform {
bool is_terminal(std::FILE* stream) { return isatty(fileno(stream)) == 1; }

bool use_color(std::FILE* stream) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::strcmp(term, "dumb") == 0) return false;
  return is_terminal(stream);
}

void init_console() {}

bool write_all(std::FILE* stream, std::string_view data) {
  if (std::fflush(stream) != 0) return false;
  const int fd = fileno(stream);
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}
}  // namespace temper::platform
