// SPDX-License-Identifier: Apache-2.0
// Case-insensitive directory lookups.
#include "collect/offline/detail/files.hpp"

#include <system_error>

#include "core/file.hpp"
#include "core/strings.hpp"

namespace temper::collect::detail {

std::optional<std::filesystem::path> child_ci(const std::filesystem::path& dir, std::string_view name) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (iequals(path_string(it->path().filename()), name)) return it->path();
  }
  return std::nullopt;
}

std::optional<std::filesystem::path> find_ci(const std::filesystem::path& dir,
                                             std::span<const std::string_view> parts) {
  if (parts.empty()) return dir;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (!iequals(path_string(it->path().filename()), parts.front())) continue;
    if (auto found = find_ci(it->path(), parts.subspan(1))) return found;
  }
  return std::nullopt;
}

std::string generic_path(const std::filesystem::path& p) {
  std::string s = path_string(p);
  for (char& c : s) {
    if (c == '\\') c = '/';
  }
  return s;
}

bool is_file(const std::optional<std::filesystem::path>& p) {
  std::error_code ec;
  return p && std::filesystem::is_regular_file(*p, ec);
}

}  // namespace temper::collect::detail
