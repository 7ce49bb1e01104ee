// SPDX-License-Identifier: Apache-2.0
// detect::Regex: a compiled, linear-time regular expression (RE2 in every build; decision 0040).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace temper::detect {

class Regex {
 public:
  ~Regex();
  /// Compile `pattern` (RE2 syntax) with Sigma's flags. Fails with kContent naming what the engine
  /// rejected (backreferences, lookaround).
  static Result<std::unique_ptr<Regex>> compile(std::string_view pattern, bool case_insensitive, bool multi_line,
                                                bool dot_all);
  /// Unanchored search; linear in the input.
  [[nodiscard]] bool search(std::string_view text) const;
  /// Literals (lower-case ASCII, each at least `min_length` long) one of which occurs, compared
  /// ASCII-case-insensitively, in every text the pattern matches; nullopt when none can be derived
  /// (the prefilter then evaluates the regex's rule in full). From RE2's FilteredRE2 atoms.
  [[nodiscard]] std::optional<std::vector<std::string>> required_literals(std::size_t min_length) const;

  struct Impl;

 private:
  explicit Regex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace temper::detect
