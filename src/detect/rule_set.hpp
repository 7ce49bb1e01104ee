// SPDX-License-Identifier: Apache-2.0
// detect::RuleSet: the immutable, compiled form of detection rules (Sigma and Elastic EQL), and the
// report of the rules that could not be compiled and why.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "detect/eql_expr.hpp"

namespace temper::detect {

/// Field id: an index into RuleSet::field_names(), bound when rules compile.
using FieldId = std::uint32_t;
/// Pseudo-field of Sigma keyword selections: any data field's value.
inline constexpr FieldId kAnyField = 0xFFFFFFFFu;

/// How one operand compares with a field value. Text operands are stored lower-cased unless `cased`.
enum class MatchKind : std::uint8_t {
  kEquals,      ///< whole value
  kPrefix,      ///< value starts with operand
  kSuffix,      ///< value ends with operand
  kContains,    ///< operand anywhere
  kGlob,        ///< `*` and `?` wildcards elsewhere (pattern kept with escapes resolved into `parts`)
  kRegex,       ///< RE2 regular expression (RuleSet::regex)
  /// Numeric; a value that is not a number does not match, unless the operand has `text` (the --filter
  /// language), which then compares as text, byte by byte (also when `number` is NaN: a text operand).
  kLess, kLessEqual, kGreater, kGreaterEqual,
  kCidr,        ///< IPv4/IPv6 network
  kFieldEquals, ///< equals another field's value (Sigma fieldref)
};

/// One operand, parsed at compile time.
struct Operand {
  MatchKind kind = MatchKind::kEquals;
  std::string text;                 ///< literal (lower-cased unless cased); for kGlob the pattern
  std::uint32_t regex = 0;          ///< index into the rule set's regexes for kRegex
  double number = 0;                ///< kLess..kGreaterEqual
  std::uint8_t family = 0;          ///< kCidr: 4 or 6
  std::uint8_t prefix_bits = 0;     ///< kCidr
  std::uint8_t address[16] = {};    ///< kCidr: network address, big-endian
  FieldId other = 0;                ///< kFieldEquals
};

/// A test on one field: any value of the field matches any operand (or all operands with `all`).
struct Predicate {
  FieldId field = 0;
  bool cased = false;     ///< compare case-sensitively
  bool all = false;       ///< every operand must match (Sigma `all`)
  bool negate = false;    ///< Sigma `neq`: true when no operand matches
  bool exists = false;    ///< only test presence (Sigma `exists`); `exists_value` says which
  bool exists_value = true;
  bool null = false;      ///< Sigma `null`: the field is absent or empty
  std::vector<Operand> operands;
};

/// Boolean structure of a rule: selections are And/Or trees of predicates, conditions combine them.
struct Node {
  /// kExpr: an EQL expression (function call, arithmetic, field against field), CompiledRule::exprs.
  enum class Kind : std::uint8_t { kAnd, kOr, kNot, kPredicate, kTrue, kFalse, kExpr };
  Kind kind = Kind::kTrue;
  std::uint32_t predicate = 0;          ///< kPredicate: index into CompiledRule::predicates; kExpr: into exprs
  std::vector<std::uint32_t> children;  ///< indexes into CompiledRule::nodes
};

/// Which events a rule applies to (from its logsource), with the field renaming that variant needs.
struct EventScope {
  std::string channel;                  ///< exact channel, compared case-insensitively; empty = any
  std::vector<std::uint32_t> event_ids; ///< empty = any
  /// ECS-only events (no channel: Elastic Defend / Agent documents): the event.category value the
  /// event must have; empty = not ECS-scoped (ecs_view.hpp dispatches these rules).
  std::string ecs_category;
  std::string ecs_type;                 ///< and the event.type value; empty = any
  /// EQL: the ECS event.category the rule requires, lower-case (the rule also tests it; the Matcher
  /// uses it to dispatch); empty = any.
  std::string category;
};

/// Rule severity (Sigma level).
enum class Level : std::uint8_t { kInformational, kLow, kMedium, kHigh, kCritical };
/// "informational", "low", ...
std::string_view level_name(Level level);

/// Which language a rule was written in.
enum class RuleLanguage : std::uint8_t { kSigma, kEql };

/// What an alert carries about its rule besides the match: shared by every scope of one source rule.
struct RuleInfo {
  RuleLanguage language = RuleLanguage::kSigma;
  std::string description;
  /// The investigation guide: Sigma `triage` (temper's own packs), else `falsepositives` as a list;
  /// Elastic's `note`. Empty when the rule has none.
  std::string triage;
  std::vector<std::string> tags;     ///< Sigma tags ("attack.t1003.001"), Elastic MITRE ids ("T1003.001")
  std::vector<std::string> references;
  int risk_score = -1;               ///< Elastic risk_score 0-100; -1 when the rule has none
  std::string name;                  ///< Sigma `name` (what correlation rules may reference); may be empty
};

/// One rule compiled for one event scope (a Sigma process_creation rule yields one for Sysmon 1 and one
/// for Security 4688, each with its own field ids).
struct CompiledRule {
  std::string id;      ///< the rule's id (UUID) or, without one, its file name
  std::string title;
  std::string file;
  Level level = Level::kMedium;
  std::shared_ptr<const RuleInfo> info;  ///< never null once added to a RuleSet
  EventScope scope;
  std::vector<Predicate> predicates;
  std::vector<Node> nodes;
  std::uint32_t root = 0;          ///< index into nodes
  std::vector<FieldId> fields;     ///< the fields the rule reads, for reporting matched values
  std::vector<Expr> exprs;         ///< EQL expressions that Node::Kind::kExpr nodes evaluate
  /// EQL sequences: the steps (roots into `nodes`) and their join keys. `root` is then the Or of every
  /// step and the until condition (what a prefilter may use), and the Matcher runs the sequence instead.
  std::shared_ptr<const Sequence> sequence;
};

/// How many source rules of each language a loader saw and compiled (`temper detect rules`).
struct SourceCounts {
  std::size_t sigma_total = 0, sigma_compiled = 0;
  std::size_t eql_total = 0, eql_compiled = 0;            ///< Elastic rules whose language is EQL
  std::size_t sequence_total = 0, sequence_compiled = 0;  ///< of those, sequences
  std::size_t elastic_other = 0;  ///< Elastic rules in another language (kuery, esql...): listed, never compiled
};

/// A rule that did not compile.
struct Unsupported {
  std::string file;    ///< file and line ("rules/x.yml:12")
  std::string title;
  std::string reason;  ///< stable reason text, grouped by `temper detect rules`
};

class Regex;
class Prefilter;
struct CorrelationRule;
namespace detail {
struct RuleSetAccess;  // the rule codec (rule_codec.cpp): reads and rebuilds a set's private parts
}

/// The compiled rule set. Built once by a loader (sigma.hpp), then shared read-only by matchers.
class RuleSet {
 public:
  RuleSet();
  ~RuleSet();
  RuleSet(RuleSet&&) noexcept;
  RuleSet& operator=(RuleSet&&) noexcept;

  [[nodiscard]] const std::vector<CompiledRule>& rules() const { return rules_; }
  [[nodiscard]] const std::vector<Unsupported>& unsupported() const { return unsupported_; }
  /// Number of source rules that compiled (a rule with two scopes counts once).
  [[nodiscard]] std::size_t compiled_sources() const { return compiled_sources_; }
  [[nodiscard]] const std::vector<std::string>& field_names() const { return field_names_; }
  [[nodiscard]] const Regex& regex(std::uint32_t index) const { return *regexes_[index]; }
  /// Sigma correlation rules (correlation.hpp), evaluated by a Correlator over the rules' alerts.
  [[nodiscard]] const std::vector<CorrelationRule>& correlations() const { return correlations_; }

  /// Intern a field name (case-sensitive, as Windows events name fields).
  FieldId bind_field(std::string_view name);
  /// The id of a field some rule reads, or kAnyField when none does.
  [[nodiscard]] FieldId find_field(std::string_view name) const;
  /// Add a regex; fails with kContent carrying the engine's message.
  Result<std::uint32_t> add_regex(std::string_view pattern, bool case_insensitive, bool multi_line, bool dot_all);
  void add_rule(CompiledRule rule);
  /// The literal prefilter of the rules added so far (prefilter.hpp), built on first use (thread-safe);
  /// nullptr in builds without a multi-literal engine. Adding a rule afterwards discards it.
  [[nodiscard]] const Prefilter* prefilter() const;
  void add_unsupported(Unsupported u) { unsupported_.push_back(std::move(u)); }
  void count_compiled_source() { ++compiled_sources_; }
  void add_correlation(CorrelationRule rule);
  /// Drop the rules and correlations `keep_rule`/`keep_correlation` refuse (`detect --min-severity`), so
  /// they cost nothing when matching. Returns how many source rules were dropped (a rule with two scopes
  /// counts once). Field ids and regexes stay as they are.
  std::size_t retain(const std::function<bool(const CompiledRule&)>& keep_rule,
                     const std::function<bool(const CorrelationRule&)>& keep_correlation);
  /// Once every file is compiled: a correlation whose referenced rules are not all loaded (by id or
  /// name) moves to unsupported() with the missing name. Also drops correlations of correlations.
  void resolve_correlations();
  /// Per-language counts, kept by the loaders.
  [[nodiscard]] const SourceCounts& counts() const { return counts_; }
  SourceCounts& counts() { return counts_; }

 private:
  friend struct detail::RuleSetAccess;
  /// Take `prefilter` (built for exactly these rules and fields) instead of building one on first use;
  /// nullptr leaves it to be built. add_rule() and retain() discard it as they discard a built one.
  void adopt_prefilter(std::unique_ptr<Prefilter> prefilter);

  std::vector<CompiledRule> rules_;
  std::vector<Unsupported> unsupported_;
  std::vector<std::string> field_names_;
  std::unordered_map<std::string, FieldId> field_index_;
  std::vector<std::unique_ptr<Regex>> regexes_;
  std::vector<CorrelationRule> correlations_;
  std::size_t compiled_sources_ = 0;
  struct LazyPrefilter;
  std::unique_ptr<LazyPrefilter> prefilter_;
  SourceCounts counts_;
};

}  // namespace temper::detect
