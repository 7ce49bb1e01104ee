// SPDX-License-Identifier: Apache-2.0
// File sources for the IIS resolver.
#include "iis/file_source.hpp"

#include <algorithm>

#include "core/file.hpp"
#include "core/limits.hpp"
#include "core/strings.hpp"
#include "core/utf.hpp"

namespace temper::iis {

std::string normalize_windows_path(std::string_view path) {
  std::string p(trim(path));
  for (char& c : p) {
    if (c == '/') c = '\\';
  }
  std::string out;
  for (const char c : p) {
    if (c == '\\' && !out.empty() && out.back() == '\\' && out.size() > 1) continue;
    out.push_back(c);
  }
  while (out.size() > 3 && out.back() == '\\') out.pop_back();
  if (out.size() >= 2 && out[1] == ':' && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::string expand_windows_env(std::string_view path) {
  struct Var {
    std::string_view name;
    std::string_view value;
  };
  static constexpr Var kVars[] = {
      {"%SystemDrive%", "C:"},
      {"%SystemRoot%", "C:\\Windows"},
      {"%windir%", "C:\\Windows"},
      {"%ProgramFiles%", "C:\\Program Files"},
      {"%ProgramFiles(x86)%", "C:\\Program Files (x86)"},
      {"%ProgramData%", "C:\\ProgramData"},
      {"%PUBLIC%", "C:\\Users\\Public"},
  };
  std::string out;
  std::size_t i = 0;
  while (i < path.size()) {
    bool matched = false;
    if (path[i] == '%') {
      for (const auto& v : kVars) {
        if (istarts_with(path.substr(i), v.name)) {
          out += v.value;
          i += v.name.size();
          matched = true;
          break;
        }
      }
    }
    if (!matched) out.push_back(path[i++]);
  }
  return out;
}

std::string join_windows_path(std::string_view dir, std::string_view rest) {
  std::string d = normalize_windows_path(dir);
  std::string r(rest);
  for (char& c : r) {
    if (c == '/') c = '\\';
  }
  while (!r.empty() && r.front() == '\\') r.erase(r.begin());
  if (r.empty()) return d;
  if (!d.empty() && d.back() != '\\') d.push_back('\\');
  return normalize_windows_path(d + r);
}

namespace {
// "C:\\a\\b" -> {"C", "a", "b"}.
std::vector<std::string> components(std::string_view windows_path) {
  std::string p = normalize_windows_path(expand_windows_env(windows_path));
  std::vector<std::string> out;
  for (auto& part : split(p, '\\')) {
    if (part.empty()) continue;
    if (out.empty() && part.size() == 2 && part[1] == ':') part.pop_back();  // drive letter
    out.push_back(std::move(part));
  }
  return out;
}
}  // namespace

namespace {
std::string index_key(std::string_view windows_path) {
  return to_lower(normalize_windows_path(expand_windows_env(windows_path)));
}

// True when `dir` (index_key form) is one of `dirs` or lies below one (sorted, lower-case).
bool under_any(const std::vector<std::string>& dirs, std::string dir) {
  while (true) {
    if (std::binary_search(dirs.begin(), dirs.end(), dir)) return true;
    const auto slash = dir.rfind('\\');
    if (slash == std::string::npos || dir.size() <= 3) return false;
    dir.resize(slash == 2 ? 3 : slash);  // "c:\\x" -> "c:\\" (a drive root keeps its separator)
  }
}
}  // namespace

BundleFileSource::BundleFileSource(std::filesystem::path fs_root) : root_(std::move(fs_root)) {
  std::error_code ec;
  const auto index = root_ / "index.txt";
  if (!std::filesystem::is_regular_file(index, ec)) return;
  auto bytes = read_file(index);
  if (!bytes) {
    index_problems_.push_back(path_string(index) + ": " + bytes.error().message);
    return;
  }
  std::size_t line_no = 0;
  for (const auto& raw : split(decode_text(*bytes), '\n')) {
    ++line_no;
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    const auto space = line.find(' ');
    const std::string_view kind = line.substr(0, space);
    const std::string_view path = space == std::string_view::npos ? std::string_view() : trim(line.substr(space + 1));
    if (path.empty() || (!iequals(kind, "dir") && !iequals(kind, "file"))) {
      if (index_problems_.size() < limits::kMaxDiagnostics) {
        index_problems_.push_back(path_string(index) + ":" + std::to_string(line_no) +
                                  ": expected 'dir <folder>' or 'file <path>'; the line is ignored");
      }
      continue;
    }
    if (iequals(kind, "dir")) {
      searched_dirs_.push_back(index_key(path));
    } else {
      listed_files_.emplace(index_key(path), normalize_windows_path(expand_windows_env(path)));
    }
  }
  std::sort(searched_dirs_.begin(), searched_dirs_.end());
}

bool BundleFileSource::searched(std::string_view windows_dir) const {
  return !searched_dirs_.empty() && under_any(searched_dirs_, index_key(windows_dir));
}

bool BundleFileSource::listed(std::string_view windows_path) const {
  return listed_files_.contains(index_key(windows_path));
}

std::optional<std::filesystem::path> BundleFileSource::locate(std::string_view windows_path) const {
  std::filesystem::path cur = root_;
  std::error_code ec;
  const auto parts = components(windows_path);
  for (const auto& part : parts) {
    if (part == "." || part == "..") return std::nullopt;  // never leave the bundle
  }
  // Start from the deepest folder found before: the path itself or its parent.
  std::vector<std::string> keys(parts.size() + 1);
  for (std::size_t i = 0; i < parts.size(); ++i) keys[i + 1] = keys[i] + (i == 0 ? "" : "\\") + to_lower(parts[i]);
  std::size_t start = 0;
  for (std::size_t n = parts.size(); n > 0 && n + 2 > parts.size(); --n) {
    if (const auto it = located_.find(keys[n]); it != located_.end()) {
      cur = it->second;
      start = n;
      break;
    }
  }
  for (std::size_t i = start; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (i > start) located_.emplace(keys[i], cur);  // a folder on the way
    const auto direct = cur / part;
    if (std::filesystem::exists(direct, ec)) {
      cur = direct;
      continue;
    }
    auto listing = listings_.find(cur);
    if (listing == listings_.end()) {
      std::map<std::string, std::string> names;
      for (auto it = std::filesystem::directory_iterator(cur, ec); !ec && it != std::filesystem::directory_iterator();
           it.increment(ec)) {
        const std::string name = it->path().filename().string();
        names.emplace(to_lower(name), name);  // the first of names that differ only by case
      }
      listing = listings_.emplace(cur, std::move(names)).first;
    }
    const auto hit = listing->second.find(to_lower(part));
    if (hit == listing->second.end()) return std::nullopt;
    cur /= hit->second;
  }
  if (parts.size() > start) located_.emplace(keys[parts.size()], cur);
  return cur;
}

Result<std::optional<std::string>> BundleFileSource::read(std::string_view windows_path) {
  const auto host = locate(windows_path);
  std::error_code ec;
  if (!host || !std::filesystem::is_regular_file(*host, ec)) return std::optional<std::string>{};
  TEMPER_ASSIGN_OR_RETURN(std::string bytes, read_file(*host));
  return std::optional<std::string>(std::move(bytes));
}

std::vector<std::string> BundleFileSource::find_web_configs(std::string_view windows_dir, std::size_t max_files) {
  std::vector<std::string> out;
  const auto host = locate(windows_dir);
  std::error_code ec;
  if (!host || !std::filesystem::is_directory(*host, ec)) return out;
  const std::string base = normalize_windows_path(expand_windows_env(windows_dir));
  auto it = std::filesystem::recursive_directory_iterator(
      *host, std::filesystem::directory_options::skip_permission_denied, ec);
  for (; !ec && it != std::filesystem::recursive_directory_iterator() && out.size() < max_files; it.increment(ec)) {
    if (it.depth() > 32) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_symlink(ec)) {
      it.disable_recursion_pending();  // never follow links out of the bundle
      continue;
    }
    if (!iequals(it->path().filename().string(), "web.config") || !it->is_regular_file(ec)) continue;
    // The path below the folder, by its components (std::filesystem::relative costs a canonical walk).
    std::string rel_win;
    const std::string full = it->path().generic_string();
    const std::string top = host->generic_string();
    if (full.size() <= top.size() || !full.starts_with(top)) continue;
    rel_win = full.substr(top.size());
    out.push_back(join_windows_path(base, rel_win));
  }
  // Files the index says were copied but the bundle lacks: they exist on the server, so their
  // folders' settings are unknown, not absent.
  const std::string prefix = index_key(windows_dir) + "\\";
  for (auto listed = listed_files_.lower_bound(prefix);
       listed != listed_files_.end() && listed->first.starts_with(prefix) && out.size() < max_files; ++listed) {
    if (!iends_with(listed->first, "\\web.config")) continue;
    const std::string& path = listed->second;  // as the index spells it, for messages
    if (std::none_of(out.begin(), out.end(), [&](const std::string& f) { return iequals(f, path); })) out.push_back(path);
  }
  std::sort(out.begin(), out.end(), ILess{});
  return out;
}

std::string BundleFileSource::describe(std::string_view windows_path) const {
  if (auto host = locate(windows_path)) return path_string(*host);
  return std::string(windows_path);
}

void MemoryFileSource::add_searched(std::string windows_dir) {
  if (!searched_) searched_.emplace();
  searched_->push_back(index_key(windows_dir));
  std::sort(searched_->begin(), searched_->end());
}

bool MemoryFileSource::searched(std::string_view windows_dir) const {
  return !searched_ || under_any(*searched_, index_key(windows_dir));
}

bool MemoryFileSource::listed(std::string_view windows_path) const { return files_.contains(index_key(windows_path)); }

void MemoryFileSource::add(std::string windows_path, std::string bytes) {
  const std::string normal = normalize_windows_path(expand_windows_env(windows_path));
  files_[to_lower(normal)] = {normal, std::move(bytes)};
}

Result<std::optional<std::string>> MemoryFileSource::read(std::string_view windows_path) {
  const auto it = files_.find(to_lower(normalize_windows_path(expand_windows_env(windows_path))));
  if (it == files_.end()) return std::optional<std::string>{};
  return std::optional<std::string>(it->second.second);
}

std::vector<std::string> MemoryFileSource::find_web_configs(std::string_view windows_dir, std::size_t max_files) {
  std::vector<std::string> out;
  const std::string prefix = index_key(windows_dir) + "\\";
  // Keys below the folder are contiguous in the sorted map.
  for (auto it = files_.lower_bound(prefix); it != files_.end() && it->first.starts_with(prefix); ++it) {
    if (out.size() >= max_files) break;
    if (iends_with(it->first, "\\web.config")) out.push_back(it->second.first);
  }
  return out;
}

}  // namespace temper::iis
