// SPDX-License-Identifier: Apache-2.0
// Executable path, file stamps and the cache folder on Linux.
#include "platform/paths.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
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

namespace {

FileStamp stamp_of(const struct stat& st) {
  return FileStamp{static_cast<std::uint64_t>(st.st_size),
                   static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

}  // namespace

std::optional<FileStamp> file_stamp(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return stamp_of(st);
}

namespace {

// One open folder of the walk.
struct OpenDir {
  DIR* dir = nullptr;
  std::string path;  // as the results spell it, ending in '/' unless empty
};

}  // namespace

Result<std::vector<StampedFile>> find_files(const std::filesystem::path& root,
                                            const std::function<bool(std::string_view name)>& wanted) {
  std::vector<StampedFile> out;
  std::vector<OpenDir> stack;
  auto cannot = [&](const std::string& what) {
    const int error = errno;
    for (auto& d : stack) ::closedir(d.dir);
    return fail(ErrorCode::kIo, "cannot list " + what + ": " + std::generic_category().message(error));
  };
  auto push = [&](int fd, std::string path) -> bool {
    DIR* dir = fd < 0 ? nullptr : ::fdopendir(fd);
    if (dir == nullptr) {
      const int error = errno;
      if (fd >= 0) ::close(fd);
      errno = error;
      return false;
    }
    if (!path.empty() && path.back() != '/') path.push_back('/');
    stack.push_back(OpenDir{dir, std::move(path)});
    return true;
  };
  const std::string& base = root.native();
  if (!push(::open(base.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC), base)) return cannot(base);
  while (!stack.empty()) {
    OpenDir& top = stack.back();
    errno = 0;
    const dirent* entry = ::readdir(top.dir);
    if (entry == nullptr) {
      if (errno != 0) return cannot(top.path);
      ::closedir(top.dir);
      stack.pop_back();
      continue;
    }
    const std::string_view name(entry->d_name);
    if (name == "." || name == "..") continue;
    const int fd = ::dirfd(top.dir);
    unsigned char type = entry->d_type;
    struct stat st {};
    if (type == DT_UNKNOWN) {  // some file systems do not say: ask without following a link
      if (::fstatat(fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) return cannot(top.path + std::string(name));
      type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
    }
    if (type == DT_DIR) {
      std::string path = top.path + std::string(name);
      if (!push(::openat(fd, entry->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), std::move(path))) {
        return cannot(stack.back().path + std::string(name));
      }
      continue;
    }
    if ((type != DT_REG && type != DT_LNK) || !wanted(name)) continue;
    // A link counts when it leads to a regular file (is_regular_file follows it); a broken link is skipped.
    if (::fstatat(fd, entry->d_name, &st, 0) != 0) {
      if (type == DT_LNK) continue;
      return cannot(top.path + std::string(name));
    }
    if (!S_ISREG(st.st_mode)) continue;
    out.push_back(StampedFile{top.path + std::string(name), stamp_of(st)});
  }
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
