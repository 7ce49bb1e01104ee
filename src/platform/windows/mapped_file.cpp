// SPDX-License-Identifier: Apache-2.0
// MappedFile on Windows: CreateFileW, CreateFileMappingW, MapViewOfFile (the handles are closed once the
// view exists; the view keeps the mapping alive).
#include "platform/mapped_file.hpp"

#include "core/file.hpp"
#include "platform/windows/win32.hpp"

namespace temper::platform {

Result<MappedFile> MappedFile::open(const std::filesystem::path& path) {
  HANDLE file = CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, nullptr, OPEN_EXISTING,
                            FILE_ATTRIBUTE_NORMAL, nullptr);
  if (file == INVALID_HANDLE_VALUE) {
    const DWORD err = GetLastError();
    const bool missing = err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND;
    Error e{missing ? ErrorCode::kNotFound : ErrorCode::kIo, "cannot open", err, SourceLocation(path_string(path))};
    return fail(std::move(e));
  }
  LARGE_INTEGER size{};
  if (!GetFileSizeEx(file, &size) || size.QuadPart < 0) {
    CloseHandle(file);
    return fail(ErrorCode::kIo, "cannot read its size", SourceLocation(path_string(path)));
  }
  if (size.QuadPart == 0) {
    CloseHandle(file);
    return MappedFile(nullptr, 0);
  }
  HANDLE mapping = CreateFileMappingW(file, nullptr, PAGE_READONLY, 0, 0, nullptr);
  CloseHandle(file);
  if (mapping == nullptr) return fail(ErrorCode::kIo, "cannot map it into memory", SourceLocation(path_string(path)));
  void* data = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
  CloseHandle(mapping);
  if (data == nullptr) return fail(ErrorCode::kIo, "cannot map it into memory", SourceLocation(path_string(path)));
  return MappedFile(data, static_cast<std::size_t>(size.QuadPart));
}

void MappedFile::unmap() {
  if (data_ != nullptr) UnmapViewOfFile(data_);
  data_ = nullptr;
  size_ = 0;
}

}  // namespace temper::platform
