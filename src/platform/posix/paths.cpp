// SPDX-License-Identifier: Apache-2.0
// Executable path on Linux.
#include "platform/paths.hpp"

#include <system_error>

namespace temper::platform {
std::optional<std::filesystem::path> executable_path() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  return p;
}
}  // namespace temper::platform
