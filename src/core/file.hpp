// SPDX-License-Identifier: Apache-2.0
// Whole-file reads and writes with errors that name the path.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/json_stream.hpp"

namespace temper {
/// Read a whole file (at most limits::kMaxDocumentBytes). Fails with kNotFound, kIo or kLimit.
Result<std::string> read_file(const std::filesystem::path& path);
/// Write a whole file, replacing it. Fails with kIo.
Result<void> write_file(const std::filesystem::path& path, std::string_view bytes);
/// Receives a file's bytes piece by piece; false when they could not be written (core/json_stream.hpp).
using FileSink = TextSink;
/// Write a file whose bytes `produce` hands to the sink piece by piece (never held whole). The
/// bytes go to "<path>.partial", renamed over `path` once all are written: a failed write leaves any
/// earlier file in place. Fails with kIo (also when `produce` returns false).
Result<void> write_file_streamed(const std::filesystem::path& path, const std::function<bool(const FileSink&)>& produce);
/// The path as UTF-8 text for messages.
std::string path_string(const std::filesystem::path& path);
}  // namespace temper
