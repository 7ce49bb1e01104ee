// SPDX-License-Identifier: Apache-2.0
// Judging one observed value against an Expectation.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/rule.hpp"

namespace temper::engine {

/// An observed value. `present` false means the setting is absent (not set anywhere).
/// `items` holds list members: REG_MULTI_SZ strings, or the comma-separated parts of a flag value
/// such as "Ssl, SslNegotiateCert"; `contains` tests membership in it.
struct Observed {
  bool present = false;
  std::string text;
  std::vector<std::string> items;

  static Observed absent() { return {}; }
  static Observed of(std::string value);
  static Observed list(std::vector<std::string> values);
  /// Text for reports: the value, or "(not set)".
  [[nodiscard]] std::string display() const;
};

/// True when the observed value satisfies the expectation. Integers compare numerically (a
/// value that is not a number fails a numeric comparison); booleans accept true/false/1/0;
/// text compares ASCII case-insensitively unless the expectation is case-sensitive.
bool satisfies(const model::Expectation& expectation, const Observed& observed);

}  // namespace temper::engine
