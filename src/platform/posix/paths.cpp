// SPDX-License-Identifier: Apache-2.0
// Executable path, file stamps and the cache folder on Linux.
#include "platform/paths.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <system_error>

namespace temper::platform {
std::optional<std::filesystem::path> executable_path() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  return p;
}

std::optional<FileStamp> file_stamp(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileStamp{static_cast<std::uint64_t>(st.st_size),
                   static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

std::vector<std::optional<FileStamp>> file_stamps(const std::vector<std::filesystem::path>& paths) {
  std::vector<std::optional<FileStamp>> out;
  out.reserve(paths.size());
  int dir = -1;
  std::filesystem::path dir_path;
  for (const auto& p : paths) {
    const std::filesystem::path parent = p.parent_path();
    if (dir < 0 || parent != dir_path) {
      if (dir >= 0) ::close(dir);
      dir_path = parent;
      dir = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    }
    struct stat st {};
    if (dir < 0 || ::fstatat(dir, p.filename().c_str(), &st, 0) != 0) {
      out.push_back(file_stamp(p));  // the folder could not be opened, or the name needs its full path
      continue;
    }
    out.push_back(FileStamp{static_cast<std::uint64_t>(st.st_size),
                            static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec});
  }
  if (dir >= 0) ::close(dir);
  return out;
}

namespace {
std::string stamp_text(const FileStamp& s) { return std::to_string(s.size) + " " + std::to_string(s.mtime_ns); }
}  // namespace

std::optional<std::string> program_identity() {
  const auto exe = file_stamp("/proc/self/exe");
  if (!exe) return std::nullopt;
  std::string out = "exe " + stamp_text(*exe) + "\n";
  // Lines of /proc/self/maps end with the mapped file's path; shared objects are what a package upgrade
  // may replace under an unchanged executable.
  std::set<std::string> libraries;
  std::ifstream maps("/proc/self/maps");
  for (std::string line; std::getline(maps, line);) {
    const auto slash = line.find('/');
    if (slash == std::string::npos) continue;
    std::string path = line.substr(slash);
    if (path.find(".so") != std::string::npos) libraries.insert(std::move(path));
  }
  for (const auto& lib : libraries) {
    const auto stamp = file_stamp(lib);
    out += "lib " + (stamp ? stamp_text(*stamp) : std::string("?")) + " " + lib + "\n";
  }
  return out;
}

std::optional<std::filesystem::path> user_cache_dir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && xdg[0] == '/') {
    return std::filesystem::path(xdg) / "temper";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0') {
    return std::filesystem::path(home) / ".cache" / "temper";
  }
  return std::nullopt;
}
}  // namespace temper::platform
