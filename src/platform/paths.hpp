// SPDX-License-Identifier: Apache-2.0
// Where the running executable lives (to find content shipped beside it), what identifies it and other
// files cheaply (size and modification time, for the rule cache's key), and the per-user cache folder.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace temper::platform {

/// Absolute path of the running executable, or nullopt when the OS will not say.
std::optional<std::filesystem::path> executable_path();

/// A file's size and last-write time, from one stat (GetFileAttributesExW on Windows).
struct FileStamp {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;  ///< nanoseconds since the Unix epoch (Windows: 100 ns resolution)
  bool operator==(const FileStamp&) const = default;
};

/// The stamp of `path` (on Linux symbolic links are followed), or nullopt when it cannot be read.
std::optional<FileStamp> file_stamp(const std::filesystem::path& path);

/// A regular file found by find_files(), with its stamp.
struct StampedFile {
  std::string path;
  FileStamp stamp;
};

/// Every regular file under the folder `root` whose name `wanted` accepts, recursively, with its stamp, as
/// std::filesystem::recursive_directory_iterator and is_regular_file() would find them: symbolic links to
/// files are listed (with their target's stamp), links to folders are not followed. Each path is `root`
/// joined to the names as path's operator/ spells it. In no particular order. On Linux one readdir and one
/// fstatat relative to the folder per wanted file, where std::filesystem parses and resolves every path;
/// elsewhere std::filesystem. Fails (kIo) naming a folder or file that cannot be read.
Result<std::vector<StampedFile>> find_files(const std::filesystem::path& root,
                                            const std::function<bool(std::string_view name)>& wanted);

/// Text that changes when the running program's code may have: the stamp of the executable (on Linux of
/// /proc/self/exe, the image actually running even if its path was replaced since) and, on Linux, the
/// path and stamp of every shared library mapped into the process (the Windows build links statically).
/// Nullopt when the executable's stamp cannot be read.
std::optional<std::string> program_identity();

/// The per-user cache folder for temper: $XDG_CACHE_HOME/temper (when set and absolute), else
/// $HOME/.cache/temper; on Windows %LOCALAPPDATA%\temper\cache. Nullopt when the environment names none.
/// Nothing is created.
std::optional<std::filesystem::path> user_cache_dir();

}  // namespace temper::platform
