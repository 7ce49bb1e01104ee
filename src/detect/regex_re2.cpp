// SPDX-License-Identifier: Apache-2.0
// detect::Regex on RE2: linear time whatever the pattern, a bounded memory budget per pattern.
#include <re2/re2.h>

#include "detect/regex.hpp"

namespace temper::detect {

struct Regex::Impl {
  explicit Impl(std::string_view pattern, const RE2::Options& options) : re(pattern, options) {}
  RE2 re;
};

Regex::Regex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Regex::~Regex() = default;

Result<std::unique_ptr<Regex>> Regex::compile(std::string_view pattern, bool case_insensitive, bool multi_line,
                                              bool dot_all) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(!case_insensitive);
  options.set_dot_nl(dot_all);
  options.set_max_mem(8 << 20);  // per pattern; past it RE2 falls back to its NFA (slower, never wrong)
  std::string text;
  if (multi_line) text = "(?m)";
  text.append(pattern);
  auto impl = std::make_unique<Impl>(text, options);
  if (!impl->re.ok()) {
    return fail(ErrorCode::kContent, "regular expression rejected by RE2: " + impl->re.error());
  }
  return std::unique_ptr<Regex>(new Regex(std::move(impl)));
}

bool Regex::search(std::string_view text) const { return RE2::PartialMatch(text, impl_->re); }

}  // namespace temper::detect
