// SPDX-License-Identifier: Apache-2.0
// detect::Regex on RE2: linear time whatever the pattern, a bounded memory budget per pattern. A regex
// read back from the rule cache is compiled on its first search (most rules never run on a given input).
#include <re2/re2.h>

#include <mutex>

#include "detect/regex.hpp"

namespace temper::detect {

struct Regex::Impl {
  explicit Impl(Source from) : source(std::move(from)) {}
  // Builds the RE2 object once, whichever thread gets here first.
  const RE2& get() const {
    std::call_once(once, [this] {
      RE2::Options options;
      options.set_log_errors(false);
      options.set_case_sensitive(!source.case_insensitive);
      options.set_dot_nl(source.dot_all);
      options.set_max_mem(8 << 20);  // per pattern; past it RE2 falls back to its NFA (slower, never wrong)
      std::string text;
      if (source.multi_line) text = "(?m)";
      text.append(source.pattern);
      re = std::make_unique<RE2>(text, options);
    });
    return *re;
  }
  Source source;
  mutable std::once_flag once;
  mutable std::unique_ptr<RE2> re;
};

Regex::Regex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Regex::~Regex() = default;

Result<std::unique_ptr<Regex>> Regex::compile(std::string_view pattern, bool case_insensitive, bool multi_line,
                                              bool dot_all) {
  auto impl = std::make_unique<Impl>(Source{std::string(pattern), case_insensitive, multi_line, dot_all});
  if (const RE2& re = impl->get(); !re.ok()) {
    return fail(ErrorCode::kContent, "regular expression rejected by RE2: " + re.error());
  }
  return std::unique_ptr<Regex>(new Regex(std::move(impl)));
}

std::unique_ptr<Regex> Regex::deferred(Source source) {
  return std::unique_ptr<Regex>(new Regex(std::make_unique<Impl>(std::move(source))));
}

bool Regex::search(std::string_view text) const {
  const RE2& re = impl_->get();
  return re.ok() && RE2::PartialMatch(text, re);
}

const Regex::Source& Regex::source() const { return impl_->source; }

}  // namespace temper::detect
