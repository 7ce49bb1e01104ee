// SPDX-License-Identifier: Apache-2.0
// Helpers for the collect tests: fixture paths, whole-file reads, byte views.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace temper::collect::testing {

inline std::filesystem::path shared_fixture(std::string_view rel) {
  return std::filesystem::path(TEMPER_SHARED_DIR) / "fixtures" / rel;
}
inline std::filesystem::path test_data(std::string_view rel) {
  return std::filesystem::path(TEMPER_TEST_DATA_DIR) / "collect" / rel;
}
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}
inline std::span<const std::byte> bytes_of(const std::string& s) {
  return std::as_bytes(std::span<const char>(s.data(), s.size()));
}
/// Parse the file at `p` with `parse(bytes, file name)`; a failure is a test failure and yields
/// a default-constructed result so the test can go on.
template <typename Parse>
auto parse_file(const std::filesystem::path& p, Parse&& parse) {
  const std::string bytes = slurp(p);
  auto r = parse(bytes_of(bytes), p.filename().string());
  EXPECT_TRUE(r.has_value()) << (r ? std::string() : r.error().to_string());
  using Parsed = std::remove_cvref_t<decltype(*r)>;
  return r ? std::move(*r) : Parsed{};
}

/// Remove `p` recursively, clearing read-only bits first (copies of read-only fixtures carry the
/// read-only attribute on Windows, which makes remove_all fail there).
inline void force_remove(const std::filesystem::path& p) {
  std::error_code ec;
  if (!std::filesystem::exists(p, ec)) return;
  for (auto it = std::filesystem::recursive_directory_iterator(p, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    std::filesystem::permissions(it->path(), std::filesystem::perms::owner_write, std::filesystem::perm_options::add,
                                 ec);
  }
  std::filesystem::remove_all(p, ec);
}

// A fresh directory under the test temp dir, removed when the test ends.
class TempDir {
 public:
  explicit TempDir(std::string_view name)
      : path_(std::filesystem::temp_directory_path() / ("temper-collect-" + std::string(name))) {
    force_remove(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { force_remove(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

template <typename Container, typename T>
bool contains(const Container& c, const T& v) {
  return std::find(c.begin(), c.end(), v) != c.end();
}

}  // namespace temper::collect::testing

/// Skip the test (with the reason) when ../shared is not beside the project.
#define TEMPER_REQUIRE_SHARED(rel)                                                                  \
  do {                                                                                              \
    if (!std::filesystem::exists(::temper::collect::testing::shared_fixture(rel))) {                \
      GTEST_SKIP() << "shared fixture " << ::temper::collect::testing::shared_fixture(rel).string() \
                   << " not found (set TEMPER_SHARED_DIR to the shared/ folder)";                   \
    }                                                                                               \
  } while (false)
