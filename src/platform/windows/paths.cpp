// SPDX-License-Identifier: Apache-2.0
// Executable path, file stamps and the cache folder on Windows.
#include "platform/paths.hpp"

#include <string>
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

std::optional<FileStamp> file_stamp(const std::filesystem::path& path) {
  WIN32_FILE_ATTRIBUTE_DATA data{};
  if (!GetFileAttributesExW(path.c_str(), GetFileExInfoStandard, &data)) return std::nullopt;
  constexpr std::int64_t kUnixEpochTicks = 116'444'736'000'000'000;  // FILETIME of 1970-01-01
  const auto ticks = static_cast<std::int64_t>((static_cast<std::uint64_t>(data.ftLastWriteTime.dwHighDateTime) << 32) |
                                               data.ftLastWriteTime.dwLowDateTime);
  return FileStamp{(static_cast<std::uint64_t>(data.nFileSizeHigh) << 32) | data.nFileSizeLow,
                   (ticks - kUnixEpochTicks) * 100};
}

std::vector<std::optional<FileStamp>> file_stamps(const std::vector<std::filesystem::path>& paths) {
  std::vector<std::optional<FileStamp>> out;
  out.reserve(paths.size());
  for (const auto& p : paths) out.push_back(file_stamp(p));
  return out;
}

std::optional<std::string> program_identity() {
  const auto exe = executable_path();
  const auto stamp = exe ? file_stamp(*exe) : std::nullopt;
  if (!stamp) return std::nullopt;
  return "exe " + std::to_string(stamp->size) + " " + std::to_string(stamp->mtime_ns) + "\n";
}

std::optional<std::filesystem::path> user_cache_dir() {
  const DWORD n = GetEnvironmentVariableW(L"LOCALAPPDATA", nullptr, 0);
  if (n == 0) return std::nullopt;
  std::wstring value(n, L'\0');
  const DWORD written = GetEnvironmentVariableW(L"LOCALAPPDATA", value.data(), n);
  if (written == 0 || written >= n) return std::nullopt;
  value.resize(written);
  return std::filesystem::path(value) / "temper" / "cache";
}
}  // namespace temper::platform
