// SPDX-License-Identifier: Apache-2.0
// Executable path, file stamps and the cache folder on Windows.
#include "platform/paths.hpp"

#include <string>
#include <vector>

#include "core/file.hpp"
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

Result<std::vector<StampedFile>> find_files(const std::filesystem::path& root,
                                            const std::function<bool(std::string_view name)>& wanted) {
  std::vector<StampedFile> out;
  std::error_code ec;
  std::filesystem::recursive_directory_iterator it(root, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || ec) {
      ec.clear();
      continue;
    }
    if (!wanted(path_string(it->path().filename()))) continue;
    const auto stamp = file_stamp(it->path());
    if (!stamp) return fail(ErrorCode::kIo, "cannot read the size and time of " + path_string(it->path()));
    out.push_back(StampedFile{path_string(it->path()), *stamp});
  }
  if (ec) return fail(ErrorCode::kIo, "cannot list " + path_string(root) + ": " + ec.message());
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
