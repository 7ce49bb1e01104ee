// SPDX-License-Identifier: Apache-2.0
// Whole-file reads and writes.
#include "core/file.hpp"

#include <fstream>
#include <system_error>

#include "core/limits.hpp"

namespace temper {

std::string path_string(const std::filesystem::path& path) {
  const auto u8 = path.u8string();
  return std::string(u8.begin(), u8.end());
}

Result<std::string> read_file(const std::filesystem::path& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    return fail(ErrorCode::kNotFound, "no such file", SourceLocation{path_string(path)});
  }
  if (std::filesystem::is_directory(status)) {
    return fail(ErrorCode::kInvalidArgument, "is a directory, not a file", SourceLocation{path_string(path)});
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > limits::kMaxDocumentBytes) {
    return fail(ErrorCode::kLimit, "file is larger than " + std::to_string(limits::kMaxDocumentBytes) + " bytes",
                SourceLocation{path_string(path)});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kIo, "cannot open for reading", SourceLocation{path_string(path)});
  std::string data;
  if (!ec) data.reserve(static_cast<std::size_t>(size));
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    data.append(buf, static_cast<std::size_t>(in.gcount()));
    if (data.size() > limits::kMaxDocumentBytes) {
      return fail(ErrorCode::kLimit, "file is larger than " + std::to_string(limits::kMaxDocumentBytes) + " bytes",
                  SourceLocation{path_string(path)});
    }
  }
  if (in.bad()) return fail(ErrorCode::kIo, "read failed", SourceLocation{path_string(path)});
  return data;
}

Result<void> write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return fail(ErrorCode::kIo, "cannot open for writing", SourceLocation{path_string(path)});
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  if (!out) return fail(ErrorCode::kIo, "write failed", SourceLocation{path_string(path)});
  return {};
}

Result<void> write_file_streamed(const std::filesystem::path& path, const std::function<bool(const FileSink&)>& produce) {
  std::filesystem::path partial = path;
  partial += ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) return fail(ErrorCode::kIo, "cannot open for writing", SourceLocation{path_string(partial)});
    const FileSink sink = [&out](std::string_view bytes) {
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      return static_cast<bool>(out);
    };
    const bool produced = produce(sink);
    out.flush();
    if (!produced || !out) {
      out.close();
      std::error_code ignored;
      std::filesystem::remove(partial, ignored);
      return fail(ErrorCode::kIo, "write failed", SourceLocation{path_string(path)});
    }
  }
  std::error_code ec;
  std::filesystem::rename(partial, path, ec);
  if (ec) {
    std::filesystem::remove(partial, ec);
    return fail(ErrorCode::kIo, "cannot replace the file: " + ec.message(), SourceLocation{path_string(path)});
  }
  return {};
}

}  // namespace temper
