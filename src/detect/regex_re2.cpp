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
// is not "match anything" is false when no atom occurs, so one of the atoms is needed. Better still, an
// atom without which the formula is false whatever else occurs (AllPotentials with every other atom) is
// needed on its own: of `\.exe\s+.*werfaultsecure\.exe` only "werfaultsecure.exe" is kept, not ".exe",
// which nearly every command line holds. The formula is monotone, so that test is exact.
// The atoms assume Unicode lower-casing of the text, the prefilter folds ASCII only: an atom with a
// non-ASCII byte is not usable, and under case-insensitive matching 'k' and 's' also match U+212A and
// U+017F, so there each atom is cut at those letters and its longest piece is needed instead (it occurs
// wherever the atom does). When no atom is needed on its own, one of the usable atoms is needed if the
// formula is false with every unusable atom present and no usable one (`(?i)set.*&&.*(environment|invoke)`:
// "set" cut at the s is too short, so one of "environment", "invo"). Atoms shorter than `min_length` count
// as "anything" in the formula; when that leaves no literal, the formula is built again from every atom
// and a needed short one that `short_ok` accepts (a backtick, "${") is used.
std::optional<std::vector<std::string>> Regex::required_literals(std::size_t min_length,
                                                                 bool (*short_ok)(std::string_view)) const {
  auto literals = literals_from_atoms(min_length, min_length, nullptr);
  if (!literals && short_ok != nullptr && min_length > 1) literals = literals_from_atoms(1, min_length, short_ok);
  return literals;
}

std::optional<std::vector<std::string>> Regex::literals_from_atoms(std::size_t atom_length, std::size_t min_length,
                                                                   bool (*short_ok)(std::string_view)) const {
  const RE2& re = impl_->get();
  if (!re.ok()) return std::nullopt;
  re2::FilteredRE2 filter(static_cast<int>(atom_length));
  int id = 0;
  if (filter.Add(re.pattern(), re.options(), &id) != RE2::NoError) return std::nullopt;
  std::vector<std::string> atoms;
  filter.Compile(&atoms);
  if (atoms.empty()) return std::nullopt;
  const bool caseless = may_ignore_case(re);
  // The piece of an atom the prefilter can look for, or nothing when the atom is unusable.
  auto usable = [&](const std::string& atom) -> std::optional<std::string> {
    std::string_view best;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= atom.size(); ++i) {
      const bool cut = i == atom.size() || (caseless && (atom[i] == 'k' || atom[i] == 's'));
      if (i < atom.size() && static_cast<unsigned char>(atom[i]) >= 0x80) return std::nullopt;
      if (!cut) continue;
      if (i - start > best.size()) best = std::string_view(atom).substr(start, i - start);
      start = i + 1;
    }
    if (best.size() < min_length && (short_ok == nullptr || best.empty() || !short_ok(best))) return std::nullopt;
    return std::string(best);
  };
  constexpr std::size_t kMaxAtomsTested = 64;  // each test is one walk of the formula
  if (atoms.size() <= kMaxAtomsTested) {
    std::optional<std::string> needed;
    std::vector<int> others;
    std::vector<int> potential;
    for (std::size_t skip = 0; skip < atoms.size(); ++skip) {
      others.clear();
      for (std::size_t i = 0; i < atoms.size(); ++i) {
        if (i != skip) others.push_back(static_cast<int>(i));
      }
      potential.clear();
      filter.AllPotentials(others, &potential);
      if (!potential.empty()) continue;  // the formula holds without this atom
      if (auto piece = usable(atoms[skip]); piece && (!needed || piece->size() > needed->size())) needed = std::move(piece);
    }
    if (needed) return std::vector<std::string>{std::move(*needed)};
  }
  // Otherwise one of the usable atoms is needed when the formula cannot hold on the unusable ones alone.
  std::vector<std::string> out;
  std::vector<int> unusable;
  for (std::size_t i = 0; i < atoms.size(); ++i) {
    if (auto piece = usable(atoms[i])) {
      out.push_back(std::move(*piece));
    } else {
      unusable.push_back(static_cast<int>(i));
    }
  }
  if (out.empty()) return std::nullopt;
  if (!unusable.empty()) {
    std::vector<int> potential;
    filter.AllPotentials(unusable, &potential);
    if (!potential.empty()) return std::nullopt;
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
