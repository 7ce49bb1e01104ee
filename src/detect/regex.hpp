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
  /// Unanchored search; linear in the input. Thread-safe.
  [[nodiscard]] bool search(std::string_view text) const;
  /// Literals (lower-case ASCII, each at least `min_length` long, or shorter where `short_ok` accepts
  /// it) one of which occurs, compared ASCII-case-insensitively, in every text the pattern matches;
  /// nullopt when none can be derived (the prefilter then evaluates the regex's rule in full). From
  /// RE2's FilteredRE2 atoms; a single literal when one atom is needed on its own.
  [[nodiscard]] std::optional<std::vector<std::string>> required_literals(
      std::size_t min_length, bool (*short_ok)(std::string_view) = nullptr) const;

  /// What a regex is compiled from (the rule codec stores it).
  struct Source {
    std::string pattern;
    bool case_insensitive = false;
    bool multi_line = false;
    bool dot_all = false;
  };
  [[nodiscard]] const Source& source() const;
  /// A regex compiled on its first search (thread-safe), for the rule codec: its source compiled when it
  /// was stored, so compiling every regex again at load would only cost time. Never fails; a pattern RE2
  /// rejects (a damaged cache file) never matches.
  static std::unique_ptr<Regex> deferred(Source source);

  struct Impl;

 private:
  explicit Regex(std::unique_ptr<Impl> impl);
  std::optional<std::vector<std::string>> literals_from_atoms(std::size_t atom_length, std::size_t min_length,
                                                              bool (*short_ok)(std::string_view)) const;
  std::unique_ptr<Impl> impl_;
};

}  // namespace temper::detect
