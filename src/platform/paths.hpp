// SPDX-License-Identifier: Apache-2.0
// Where the running executable lives (to find content shipped beside it), what identifies it and other
// files cheaply (size and modification time, for the rule cache's key), and the per-user cache folder.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

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

/// The stamps of `paths`, in order (nullopt where one cannot be read). On Linux the files of one folder are
/// read relative to that folder, which spares resolving the whole path again per file: a rule folder holds
/// thousands, consecutive in a sorted list.
std::vector<std::optional<FileStamp>> file_stamps(const std::vector<std::filesystem::path>& paths);

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
