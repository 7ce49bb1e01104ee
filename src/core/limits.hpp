// SPDX-License-Identifier: Apache-2.0
// Every cap on hostile input, in one place (like YARA's include/yara/limits.h).
#pragma once

#include <cstddef>
#include <cstdint>

namespace temper::limits {

/// Largest file any reader loads whole (content YAML, snapshot JSON, config files, exports).
inline constexpr std::uint64_t kMaxDocumentBytes = 256ull * 1024 * 1024;
/// Deepest nesting accepted in JSON, YAML and XML documents.
inline constexpr std::size_t kMaxNestingDepth = 256;
/// Most IIS configuration files resolved for one server.
inline constexpr std::size_t kMaxIisConfigFiles = 20000;
/// Most principals (SIDs) in one user-right assignment.
inline constexpr std::size_t kMaxRightHolders = 65536;
/// Most diagnostics the content loader collects before it stops reading.
inline constexpr std::size_t kMaxDiagnostics = 1000;
/// Longest string a regular expression in content may be.
inline constexpr std::size_t kMaxPatternLength = 4096;

}  // namespace temper::limits
