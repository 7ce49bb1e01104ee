// SPDX-License-Identifier: Apache-2.0
// Test helpers: where the shared EVTX corpora are, and reading a whole sample file.
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace temper::evtx::test {

/// ../shared/corpora/evtx, as configured by TEMPER_SHARED_DIR.
inline std::filesystem::path corpus_dir() { return std::filesystem::path(TEMPER_SHARED_DIR) / "corpora" / "evtx"; }

/// Skip the current test when the corpora are not present.
#define TEMPER_REQUIRE_CORPUS()                                                                     \
  do {                                                                                              \
    if (!std::filesystem::exists(::temper::evtx::test::corpus_dir())) {                            \
      GTEST_SKIP() << "EVTX corpora not found at " << ::temper::evtx::test::corpus_dir().string(); \
    }                                                                                               \
  } while (false)

/// A corpus file's path.
inline std::filesystem::path sample(const std::string& rel) { return corpus_dir() / rel; }

/// Whole file as bytes.
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace temper::evtx::test
