// SPDX-License-Identifier: Apache-2.0
// Executable path on Windows.
#include "platform/paths.hpp"

#include <vector>

#include "platform/windows/win32.hpp"

namespace temper::platform {
std::optional<std::filesystem::path> executable_path() {
  std::vector<wchar_t> buf(MAX_PATH);
  for (int attempt = 0; attempt < 8; ++attempt) {
    const DWORD n = GetModuleFileNameW(nullptr, buf.data(), static_cast<DWORD>(buf.size()));
    if (n == 0) return std::nullopt;
    if (n < buf.size()) return std::filesystem::path(std::wstring(buf.data(), n));
    buf.resize(buf.size() * 2);
  }
  return std::nullopt;
}
}  // namespace temper::platform
