// SPDX-License-Identifier: Apache-2.0
// What the two halves of the profile builder share (builder.cpp: event logs; builder_w3c.cpp: IIS).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include "learn/usage.hpp"

namespace temper::learn::detail {

/// CappedSet::add without building a string when the value is already there or would be dropped
/// (`scratch` holds the copy that the look-up needs).
inline void add_value(CappedSet& set, std::string_view value, std::string& scratch) {
  scratch.assign(value);
  if (set.values.contains(scratch)) return;
  if (set.more && set.values.size() >= CappedSet::kCap && scratch > *set.values.rbegin()) return;
  set.add(scratch);
}

/// `out` = `text` in ASCII upper case (its capacity reused).
inline void assign_upper(std::string& out, std::string_view text) {
  out.assign(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; });
}

/// `out` = `text` in ASCII lower case.
inline void assign_lower(std::string& out, std::string_view text) {
  out.assign(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
}

}  // namespace temper::learn::detail
