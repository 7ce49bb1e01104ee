// SPDX-License-Identifier: Apache-2.0
// Where the resolver gets configuration files from, by their Windows path: a bundle's fs/ tree, memory (tests),
// or (later) the live file system. Keeps the resolver itself free of I/O.
#pragma once

#include <filesystem>
#include <map>
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
  /// sorted; at most `max_files`.
  virtual std::vector<std::string> find_web_configs(std::string_view windows_dir, std::size_t max_files) = 0;
  /// A human name of a Windows path for messages (the bundle file, say).
  [[nodiscard]] virtual std::string describe(std::string_view windows_path) const { return std::string(windows_path); }
};

/// A bundle's `fs/` folder: `fs/C/Windows/...` holds C:\Windows\... . Lookups are case-insensitive,
/// as on Windows, whatever the host file system does.
class BundleFileSource final : public FileSource {
 public:
  explicit BundleFileSource(std::filesystem::path fs_root) : root_(std::move(fs_root)) {}
  Result<std::optional<std::string>> read(std::string_view windows_path) override;
  std::vector<std::string> find_web_configs(std::string_view windows_dir, std::size_t max_files) override;
  [[nodiscard]] std::string describe(std::string_view windows_path) const override;
  /// The host path for a Windows path (case-insensitive match of every component), or nullopt.
  [[nodiscard]] std::optional<std::filesystem::path> locate(std::string_view windows_path) const;

 private:
  std::filesystem::path root_;
};

/// Files held in memory, keyed by Windows path (case-insensitive). For tests and fuzzing.
class MemoryFileSource final : public FileSource {
 public:
  void add(std::string windows_path, std::string bytes);
  Result<std::optional<std::string>> read(std::string_view windows_path) override;
  std::vector<std::string> find_web_configs(std::string_view windows_dir, std::size_t max_files) override;

 private:
  std::map<std::string, std::pair<std::string, std::string>> files_;  // lower-case path -> (path as given, bytes)
};

/// "C:\\a\\b" with forward slashes, repeated separators and a trailing separator cleaned; drive upper-case.
std::string normalize_windows_path(std::string_view path);
/// Expand %SystemDrive%, %SystemRoot%, %windir%, %ProgramFiles% and similar to their usual values
/// (C:, C:\\Windows, ...). Unknown variables are kept.
std::string expand_windows_env(std::string_view path);
/// Join a Windows directory and a relative part.
std::string join_windows_path(std::string_view dir, std::string_view rest);

}  // namespace temper::iis
