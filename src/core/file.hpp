// SPDX-License-Identifier: Apache-2.0
// Whole-file reads and writes with errors that name the path.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace temper {
/// Read a whole file (at most limits::kMaxDocumentBytes). Fails with kNotFound, kIo or kLimit.
Result<std::string> read_file(const std::filesystem::path& path);
/// Write a whole file, replacing it. Fails with kIo.
Result<void> write_file(const std::filesystem::path& path, std::string_view bytes);
/// The path as UTF-8 text for messages.
std::string path_string(const std::filesystem::path& path);
}  // namespace temper
