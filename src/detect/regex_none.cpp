// SPDX-License-Identifier: Apache-2.0
// detect::Regex in builds without RE2 (the mingw-w64 build, decision 0040): every pattern is rejected,
// so rules that need one are listed as unsupported instead of running with a backtracking engine.
#include "detect/regex.hpp"

namespace temper::detect {

struct Regex::Impl {};

Regex::Regex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Regex::~Regex() = default;

Result<std::unique_ptr<Regex>> Regex::compile(std::string_view /*pattern*/, bool /*case_insensitive*/,
                                              bool /*multi_line*/, bool /*dot_all*/) {
  return fail(ErrorCode::kUnsupported, "regular expressions need RE2, not in this build");
}

bool Regex::available() { return false; }

bool Regex::search(std::string_view /*text*/) const { return false; }

}  // namespace temper::detect
