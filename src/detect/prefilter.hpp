// SPDX-License-Identifier: Apache-2.0
// detect::Prefilter: the multi-literal prefilter of decision 0040. For each compiled rule it works out
// up to kMaxLiteralGroups groups of (field, literal) pairs: from every group one pair must occur,
// case-insensitively, in a value of its field for the rule to match at all (required_literal_groups; an
// And of a common image name and a rare command-line switch needs both). Per event, one scan of each bound
// field's values against all literals of that field marks the groups found; the matcher evaluates only the
// rules with every group marked, plus the rules without a requirement. The prefilter only skips rules that
// cannot match, so a rule set gives the same alerts with and without it (tests/unit/detect/prefilter_test.cpp
// asserts it on the corpus); the Windows build, which has no Vectorscan, runs without (prefilter_none.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detect/rule_set.hpp"

namespace temper::detect {

namespace detail {
class Writer;
class Reader;
}  // namespace detail

/// One literal a rule may need in one field (lower-case ASCII).
struct LiteralNeed {
  FieldId field = 0;
  std::string literal;
  bool whole = false;  ///< the literal must be the whole value (Sigma plain values, EQL `:` without wildcards)
  bool operator==(const LiteralNeed&) const = default;
};

/// At most this many literal groups per rule (the most selective ones).
inline constexpr std::size_t kMaxLiteralGroups = 2;
static_assert(kMaxLiteralGroups <= 4, "a mark keeps the group in two bits (Prefilter::mark_entry)");

/// The groups of literals `rule` needs: from each group, one literal must occur in its field for the rule
/// to match. Sound by construction: an And needs what each of its children needs (their groups together),
/// an Or needs one of what every child needs (the union of each child's best group), a Not needs
/// nothing. Groups are ordered most selective first (no field such as Provider_Name that every event of
/// the scope shares, then no literal inside a text nearly every event holds such as `\windows\`, then
/// the longest shortest literal, then the fewest literals); a group only of such scope fields is kept
/// only when it is the only one. nullopt when no group can be derived (a rule that
/// only negates, compares numbers, tests presence, reads a regex without usable literal...).
std::optional<std::vector<std::vector<LiteralNeed>>> required_literal_groups(const RuleSet& set,
                                                                             const CompiledRule& rule);

/// The most selective group of required_literal_groups(): literals one of which must occur in its field.
std::optional<std::vector<LiteralNeed>> required_literals(const RuleSet& set, const CompiledRule& rule);

/// The event ids `rule` can match: its scope's, or, when its scope names none, the ids its condition
/// requires (`EventID: 4624` under an And, the union under an Or); empty when any id may match.
std::vector<std::uint32_t> required_event_ids(const RuleSet& set, const CompiledRule& rule);

/// Per-matcher scan state (Vectorscan scratch); one per thread.
class PrefilterScratch {
 public:
  virtual ~PrefilterScratch() = default;
};

/// Built once per RuleSet (RuleSet::prefilter()), shared read-only by every Matcher.
class Prefilter {
 public:
  virtual ~Prefilter() = default;

  /// The prefilter of `set`, or nullptr when this build has no multi-literal engine.
  static std::unique_ptr<Prefilter> build(const RuleSet& set);
  /// Whether this build has a multi-literal engine (Vectorscan).
  static bool available();

  /// True when rule `index` has a literal requirement (and so is evaluated only when marked).
  [[nodiscard]] bool gated(std::uint32_t index) const { return index < gated_.size() && gated_[index]; }
  /// The number of literal groups of a gated rule (1..kMaxLiteralGroups): scan() reports a rule once
  /// per group it finds, as mark_entry(rule, group).
  [[nodiscard]] std::uint32_t groups_of(std::uint32_t index) const {
    return index < groups_.size() ? groups_[index] : 0;
  }
  /// A mark as scan() reports it: rule index and group.
  static std::uint32_t mark_entry(std::uint32_t rule, std::uint32_t group) { return rule << 2 | group; }
  static std::uint32_t entry_rule(std::uint32_t entry) { return entry >> 2; }
  static std::uint32_t entry_group(std::uint32_t entry) { return entry & 3; }
  /// The fields a gated rule needs one of its literals in (kAnyField for keyword searches), sorted.
  [[nodiscard]] const std::vector<FieldId>& fields_of(std::uint32_t index) const { return fields_[index]; }
  /// Number of gated rules.
  [[nodiscard]] std::size_t gated_count() const { return gated_count_; }
  /// True when some rule needs a literal in `field`.
  [[nodiscard]] bool scans(FieldId field) const {
    if (scans_.empty()) return false;
    const std::size_t f = field == kAnyField ? scans_.size() - 1 : field;
    return f < scans_.size() && scans_[f];
  }

  [[nodiscard]] virtual std::unique_ptr<PrefilterScratch> make_scratch() const = 0;
  /// Scan one value of `field`; `mark(entry)` is called with mark_entry(rule, group) for each literal group
  /// of a rule one of whose literals occurs (possibly more than once per group).
  using MarkFn = void (*)(void* context, std::uint32_t entry);
  virtual void scan(FieldId field, std::string_view value, PrefilterScratch& scratch, MarkFn mark,
                    void* context) const = 0;

  /// Append this prefilter (its tables and the engine's databases) to `out`, for the rule codec
  /// (rule_codec.hpp). Fails with kInternal when the engine cannot serialize a database.
  [[nodiscard]] virtual Result<void> save(detail::Writer& out) const = 0;
  /// The prefilter save() wrote for `set` (the same rules and field names), with every rule index and
  /// field id checked against `set`; nullptr in builds without a multi-literal engine, which leave the
  /// bytes unread. Fails with kParse naming the offset when the bytes are not such a prefilter, or when
  /// the engine refuses a database (another engine version or CPU).
  static Result<std::unique_ptr<Prefilter>> load(detail::Reader& in, const RuleSet& set);

 protected:
  /// The engine-independent tables below, as every engine's save() and load() write and read them;
  /// load_tables() fails (in `in`) when their sizes or field ids do not fit `set`.
  void save_tables(detail::Writer& out) const;
  void load_tables(detail::Reader& in, const RuleSet& set);

  std::vector<bool> gated_;
  std::vector<std::uint8_t> groups_;  ///< per rule: its literal groups (0 when not gated)
  std::vector<std::vector<FieldId>> fields_;
  std::vector<bool> scans_;
  std::size_t gated_count_ = 0;
};

}  // namespace temper::detect
