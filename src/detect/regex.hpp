// SPDX-License-Identifier: Apache-2.0
// detect::Regex: a compiled, linear-time regular expression (RE2; decision 0040). Builds without RE2
// (the mingw-w64 build) compile regex_none.cpp, where every pattern is rejected with a reason.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace temper::detect {

class Regex {
 public:
  ~Regex();
  /// Compile `pattern` (RE2 syntax) with Sigma's flags. Fails with kContent naming what the engine
  /// rejected (backreferences, lookaround) or kUnsupported in a build without a regex engine.
  static Result<std::unique_ptr<Regex>> compile(std::string_view pattern, bool case_insensitive, bool multi_line,
                                                bool dot_all);
  /// Whether this build has a regex engine (false in the mingw-w64 build until RE2 is built there).
  static bool available();
  /// Unanchored search; linear in the input.
  [[nodiscard]] bool search(std::string_view text) const;

  struct Impl;

 private:
  explicit Regex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace temper::detect
