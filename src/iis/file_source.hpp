// SPDX-License-Identifier: Apache-2.0
// Where the resolver gets configuration files from, by their Windows path: a bundle's fs/ tree, memory (tests),
// or (later) the live file system. Keeps the resolver itself free of I/O.
#pragma once

#include <filesystem>
#include <map>
#include <unordered_map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace temper::iis {

class FileSource {
 public:
  virtual ~FileSource() = default;
  /// The bytes of the file at a Windows path ("C:\\inetpub\\wwwroot\\web.config"), nullopt when absent.
  /// Fails (kIo, kLimit) only when the file exists but cannot be read.
  virtual Result<std::optional<std::string>> read(std::string_view windows_path) = 0;
  /// Every web.config (case-insensitive name) under a Windows directory, recursively, as Windows paths,
  /// sorted; at most `max_files`. A source that knows of files it cannot supply (a bundle whose index
  /// lists them) includes them: read() then answers nullopt and the resolver reports them not collected.
  virtual std::vector<std::string> find_web_configs(std::string_view windows_dir, std::size_t max_files) = 0;
  /// A human name of a Windows path for messages (the bundle file, say).
  [[nodiscard]] virtual std::string describe(std::string_view windows_path) const { return std::string(windows_path); }
  /// True when the source shows that this Windows folder was searched for web.config files,
  /// recursively: a web.config it does not hold there does not exist. False when unknown.
  [[nodiscard]] virtual bool searched(std::string_view windows_dir) const = 0;
  /// True when the source says the file was copied (whether or not it still holds it): a listed
  /// file that cannot be read was lost, not absent.
  [[nodiscard]] virtual bool listed(std::string_view windows_path) const = 0;
};

/// A bundle's `fs/` folder: `fs/C/Windows/...` holds C:\Windows\... . Lookups are case-insensitive,
/// as on Windows, whatever the host file system does. `fs/index.txt` (docs/bundle.md), written by the
/// bundle script, names every folder it searched for web.config files ("dir D:\sites\shop") and
/// every file it copied ("file D:\sites\shop\web.config"); without it no folder counts as searched.
class BundleFileSource final : public FileSource {
 public:
  explicit BundleFileSource(std::filesystem::path fs_root);
  Result<std::optional<std::string>> read(std::string_view windows_path) override;
  std::vector<std::string> find_web_configs(std::string_view windows_dir, std::size_t max_files) override;
  [[nodiscard]] std::string describe(std::string_view windows_path) const override;
  [[nodiscard]] bool searched(std::string_view windows_dir) const override;
  [[nodiscard]] bool listed(std::string_view windows_path) const override;
  /// The host path for a Windows path (case-insensitive match of every component), or nullopt.
  [[nodiscard]] std::optional<std::filesystem::path> locate(std::string_view windows_path) const;
  /// Problems in fs/index.txt (a line that is neither "dir" nor "file"), with their line numbers.
  [[nodiscard]] const std::vector<std::string>& index_problems() const { return index_problems_; }

 private:
  std::filesystem::path root_;
  std::vector<std::string> searched_dirs_;  // lower-case, normalised; sorted
  std::map<std::string, std::string> listed_files_;  // lower-case, normalised -> as the index spells it
  std::vector<std::string> index_problems_;
  // Directory listings by host path, lower-case name -> entry name: a name whose case differs
  // from the bundle's costs one listing per folder, not one per look-up.
  mutable std::map<std::filesystem::path, std::map<std::string, std::string>> listings_;
  // Folders already found: lower-case Windows path ("c:\\sites\\shop") -> path in the bundle. A
  // server's files share folders, so a look-up mostly costs one step, not one per component.
  mutable std::unordered_map<std::string, std::filesystem::path> located_;
};

/// Files held in memory, keyed by Windows path (case-insensitive). For tests and fuzzing.
/// Every folder counts as searched unless `searched_only` names the ones that were.
class MemoryFileSource final : public FileSource {
 public:
  void add(std::string windows_path, std::string bytes);
  /// From now on only these folders (and what lies below them) count as searched.
  void add_searched(std::string windows_dir);
  Result<std::optional<std::string>> read(std::string_view windows_path) override;
  std::vector<std::string> find_web_configs(std::string_view windows_dir, std::size_t max_files) override;
  [[nodiscard]] bool searched(std::string_view windows_dir) const override;
  [[nodiscard]] bool listed(std::string_view windows_path) const override;

 private:
  std::map<std::string, std::pair<std::string, std::string>> files_;  // lower-case path -> (path as given, bytes)
  std::optional<std::vector<std::string>> searched_;                  // lower-case folders
};

/// "C:\\a\\b" with forward slashes, repeated separators and a trailing separator cleaned; drive upper-case.
std::string normalize_windows_path(std::string_view path);
/// Expand %SystemDrive%, %SystemRoot%, %windir%, %ProgramFiles% and similar to their usual values
/// (C:, C:\\Windows, ...). Unknown variables are kept.
std::string expand_windows_env(std::string_view path);
/// Join a Windows directory and a relative part.
std::string join_windows_path(std::string_view dir, std::string_view rest);

}  // namespace temper::iis
