// SPDX-License-Identifier: Apache-2.0
// detect::Regex on RE2: linear time whatever the pattern, a bounded memory budget per pattern. A regex
// read back from the rule cache is compiled on its first search (most rules never run on a given input).
#include <re2/filtered_re2.h>
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

namespace {

// Whether the pattern may compare letters without case: the option, or an inline flag group that sets i.
bool may_ignore_case(const RE2& re) {
  if (!re.options().case_sensitive()) return true;
  const std::string& p = re.pattern();
  for (std::size_t at = p.find("(?"); at != std::string::npos; at = p.find("(?", at + 2)) {
    for (std::size_t i = at + 2; i < p.size() && p[i] != ':' && p[i] != ')'; ++i) {
      if (p[i] == 'i') return true;
    }
  }
  return false;
}

}  // namespace

// FilteredRE2 reduces a pattern to a formula of AND/OR over atoms (lower-cased literals): a formula that
// is not "match anything" is false when no atom occurs, so one of the atoms is needed. The atoms assume
// Unicode lower-casing of the text, the prefilter folds ASCII only: an atom with a non-ASCII byte is not
// usable, and under case-insensitive matching 'k' and 's' also match U+212A and U+017F, so there each atom
// is cut at those letters and its longest piece is needed instead (it occurs wherever the atom does).
std::optional<std::vector<std::string>> Regex::required_literals(std::size_t min_length) const {
  const RE2& re = impl_->get();
  if (!re.ok()) return std::nullopt;
  re2::FilteredRE2 filter(static_cast<int>(min_length));
  int id = 0;
  if (filter.Add(re.pattern(), re.options(), &id) != RE2::NoError) return std::nullopt;
  std::vector<std::string> atoms;
  filter.Compile(&atoms);
  if (atoms.empty()) return std::nullopt;
  const bool caseless = may_ignore_case(re);
  std::vector<std::string> out;
  for (const std::string& atom : atoms) {
    std::string_view best;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= atom.size(); ++i) {
      const bool cut = i == atom.size() || (caseless && (atom[i] == 'k' || atom[i] == 's'));
      if (i < atom.size() && static_cast<unsigned char>(atom[i]) >= 0x80) return std::nullopt;
      if (!cut) continue;
      if (i - start > best.size()) best = std::string_view(atom).substr(start, i - start);
      start = i + 1;
    }
    if (best.size() < min_length) return std::nullopt;
    out.emplace_back(best);
  }
  return out;
}

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
