// SPDX-License-Identifier: Apache-2.0
// Case-insensitive lookup of bundle and GPO files (Windows names, any host file system).
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace temper::collect::detail {

/// The entry of `dir` named `name`, compared ASCII case-insensitively; nullopt when absent or
/// when `dir` cannot be listed.
std::optional<std::filesystem::path> child_ci(const std::filesystem::path& dir, std::string_view name);
/// The path `dir/parts[0]/parts[1]/...` matched component by component, case-insensitively;
/// every spelling is tried (an archive unpacked on Linux may hold both "Microsoft" and "microsoft").
std::optional<std::filesystem::path> find_ci(const std::filesystem::path& dir, std::span<const std::string_view> parts);
/// The path as UTF-8 with '/' separators on every platform (bundle part names and inputs).
std::string generic_path(const std::filesystem::path& p);
/// True when `p` is set and names a regular file.
bool is_file(const std::optional<std::filesystem::path>& p);

}  // namespace temper::collect::detail
