// SPDX-License-Identifier: Apache-2.0
// Expectation evaluation.
#include "engine/expectation.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <utility>

#include "core/strings.hpp"

namespace temper::engine {
namespace {
using Op = model::Expectation::Op;

std::optional<bool> as_bool(std::string_view s) {
  const std::string_view t = trim(s);
  if (iequals(t, "true") || t == "1") return true;
  if (iequals(t, "false") || t == "0") return false;
  return std::nullopt;
}

bool equal(const model::Scalar& expected, std::string_view actual, bool case_sensitive) {
  return std::visit(
      [&](const auto& v) -> bool {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return false;
        } else if constexpr (std::is_same_v<T, bool>) {
          const auto b = as_bool(actual);
          return b && *b == v;
        } else if constexpr (std::is_same_v<T, long long>) {
          long long n = 0;
          return parse_int64(actual, n) && n == v;
        } else {
          return case_sensitive ? trim(actual) == trim(v) : iequals(trim(actual), trim(v));
        }
      },
      expected.value);
}

// Patterns are compiled once per process (content holds a few dozen), not per evaluation: an
// audit of 10,000 sites judges the same pattern 10,000 times.
const std::regex* compiled(const std::string& pattern, bool case_sensitive) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, bool>, std::unique_ptr<std::regex>> cache;
  const std::lock_guard lock(mutex);
  auto [it, inserted] = cache.try_emplace({pattern, case_sensitive});
  if (inserted) {
    try {
      auto flags = std::regex::ECMAScript;
      if (!case_sensitive) flags |= std::regex::icase;
      it->second = std::make_unique<std::regex>(pattern, flags);
    } catch (const std::regex_error&) {
      it->second = nullptr;  // the loader validated the pattern; a failure here means no match
    }
  }
  return it->second.get();
}

bool regex_found(const std::string& pattern, const std::string& text, bool case_sensitive) {
  const std::regex* re = compiled(pattern, case_sensitive);
  return re != nullptr && std::regex_search(text, *re);
}
}  // namespace

Observed Observed::of(std::string value) {
  Observed o;
  o.present = true;
  for (auto& part : split(value, ',')) {
    const std::string_view t = trim(part);
    if (!t.empty()) o.items.emplace_back(t);
  }
  o.text = std::move(value);
  return o;
}

Observed Observed::list(std::vector<std::string> values) {
  Observed o;
  o.present = true;
  o.text = join(values, ", ");
  o.items = std::move(values);
  return o;
}

std::string Observed::display() const { return present ? (text.empty() ? std::string("\"\"") : text) : "(not set)"; }

bool satisfies(const model::Expectation& e, const Observed& o) {
  const bool cs = e.case_sensitive;
  const auto first = [&e]() -> const model::Scalar& {
    static const model::Scalar kNull{};
    return e.values.empty() ? kNull : e.values.front();
  };
  switch (e.op) {
    case Op::kExists: return o.present;
    case Op::kAbsent: return !o.present;
    case Op::kEquals:
      if (!o.present) return first().is_null();
      return equal(first(), o.text, cs);
    case Op::kNotEquals:
      if (!o.present) return !first().is_null();
      return !equal(first(), o.text, cs);
    case Op::kOneOf:
      if (!o.present) return std::any_of(e.values.begin(), e.values.end(), [](const auto& v) { return v.is_null(); });
      return std::any_of(e.values.begin(), e.values.end(), [&](const auto& v) { return equal(v, o.text, cs); });
    case Op::kNoneOf:
      if (!o.present) return std::none_of(e.values.begin(), e.values.end(), [](const auto& v) { return v.is_null(); });
      return std::none_of(e.values.begin(), e.values.end(), [&](const auto& v) { return equal(v, o.text, cs); });
    case Op::kAtLeast:
    case Op::kAtMost: {
      long long n = 0;
      const auto* bound = std::get_if<long long>(&first().value);
      if (!o.present || bound == nullptr || !parse_int64(o.text, n)) return false;
      return e.op == Op::kAtLeast ? n >= *bound : n <= *bound;
    }
    case Op::kMatches: return o.present && regex_found(first().display(), o.text, cs);
    case Op::kNotMatches: return !o.present || !regex_found(first().display(), o.text, cs);
    case Op::kContains:
    case Op::kNotContains: {
      const std::string needle = first().display();
      const bool found = o.present && std::any_of(o.items.begin(), o.items.end(), [&](const std::string& item) {
                           return cs ? item == needle : iequals(item, needle);
                         });
      return e.op == Op::kContains ? found : !found;
    }
    case Op::kAll:
      return std::all_of(e.children.begin(), e.children.end(), [&](const auto& c) { return satisfies(c, o); });
    case Op::kAny:
      return std::any_of(e.children.begin(), e.children.end(), [&](const auto& c) { return satisfies(c, o); });
    case Op::kNot: return !e.children.empty() && !satisfies(e.children.front(), o);
  }
  return false;
}

}  // namespace temper::engine
