// SPDX-License-Identifier: Apache-2.0
// Sigma correlation rules (specification v2): their compiled form (CorrelationRule, held by the RuleSet)
// and the Correlator that evaluates them over the alerts of their base rules, in bounded memory.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "detect/rule_set.hpp"

namespace temper::detect {

class Matcher;

/// The four correlation types of Sigma v2.
enum class CorrelationType : std::uint8_t { kEventCount, kValueCount, kTemporal, kTemporalOrdered };
/// "event_count", "value_count", "temporal", "temporal_ordered".
std::string_view correlation_type_name(CorrelationType type);

/// A compiled correlation rule. Base rules are referenced by Sigma `id` or `name`; group-by and the
/// value_count field are bound per referenced rule (through `aliases`) to field ids of the RuleSet.
struct CorrelationRule {
  std::string id;     ///< the correlation's own id (or file name)
  std::string name;   ///< Sigma `name`, may be empty
  std::string title;
  std::string file;   ///< file:line of the `correlation:` key
  Level level = Level::kMedium;
  std::shared_ptr<const RuleInfo> info;
  CorrelationType type = CorrelationType::kEventCount;
  std::vector<std::string> refs;                ///< the `rules:` entries, as written
  std::vector<std::string> group_by;            ///< group-by names as written (aliases resolved per rule)
  std::vector<std::vector<FieldId>> group_fields;  ///< [ref][group-by index]
  std::string value_field_name;                 ///< value_count: `condition.field`
  std::vector<FieldId> value_fields;            ///< value_count: [ref]
  std::uint64_t timespan_ticks = 0;             ///< 100 ns units (FILETIME)
  std::uint64_t min_count = 1;                  ///< the condition as an inclusive range
  std::uint64_t max_count = std::numeric_limits<std::uint64_t>::max();
  bool generate = false;                        ///< the referenced rules also alert on their own

  /// The condition holds for `n`.
  [[nodiscard]] bool holds(std::uint64_t n) const { return n >= min_count && n <= max_count; }
  /// The condition has an upper bound, so a window is judged only once it has closed.
  [[nodiscard]] bool judged_at_close() const {
    return (type == CorrelationType::kEventCount || type == CorrelationType::kValueCount) &&
           max_count != std::numeric_limits<std::uint64_t>::max();
  }
};

/// Caps of the Correlator's state (docs/detect.md "Bounds").
struct CorrelationLimits {
  std::size_t max_groups = 10'000;          ///< group keys per correlation; the least recently used is evicted
  std::size_t max_entries_per_group = 1'000;  ///< base-rule hits kept per group key (oldest dropped)
};

/// One correlation alert.
struct CorrelationHit {
  const CorrelationRule* rule = nullptr;
  std::uint64_t first_time = 0;   ///< FILETIME ticks of the window's first hit
  std::uint64_t last_time = 0;    ///< ... and of its last
  std::uint64_t count = 0;        ///< hits (event_count), distinct values (value_count), rules (temporal*)
  std::vector<std::pair<std::string, std::string>> group;  ///< group-by name -> value
  bool at_close = false;          ///< judged when its window closed (no triggering event)
};

/// Evaluates the RuleSet's correlation rules over base-rule alerts. Feed it each base alert as the
/// Matcher reports it (events in time order give exact windows; out-of-order hits older than a group's
/// window are dropped), then flush() at the end of input. Not thread-safe; borrows the RuleSet.
class Correlator {
 public:
  using HitFn = std::function<void(const CorrelationHit& hit)>;

  explicit Correlator(const RuleSet& set, CorrelationLimits limits = {});
  ~Correlator();
  Correlator(const Correlator&) = delete;
  Correlator& operator=(const Correlator&) = delete;

  /// True when `rule` alerts on its own: it is referenced by no correlation, or by one with `generate: true`.
  [[nodiscard]] bool generates(const CompiledRule& rule) const;
  /// True when some correlation references `rule` (so feed() needs it).
  [[nodiscard]] bool referenced(const CompiledRule& rule) const;

  /// A base-rule alert at `time` (FILETIME ticks); group-by values are read from `matcher`'s current event.
  void feed(const CompiledRule& rule, std::uint64_t time, const Matcher& matcher, const HitFn& on_hit);
  /// Judge the windows still open (conditions with an upper bound); call once at the end of input.
  void flush(const HitFn& on_hit);

  /// Group keys evicted because a correlation reached max_groups.
  [[nodiscard]] std::uint64_t evicted_groups() const { return evicted_groups_; }
  /// Hits dropped because a group reached max_entries_per_group.
  [[nodiscard]] std::uint64_t dropped_entries() const { return dropped_entries_; }
  /// Group keys held now, over all correlations.
  [[nodiscard]] std::size_t groups() const;

 private:
  struct Entry {
    std::uint64_t time = 0;
    std::uint64_t value = 0;  ///< value_count: hash of the value
    std::uint32_t ref = 0;
  };
  struct Group {
    std::vector<std::pair<std::string, std::string>> values;
    std::vector<Entry> entries;  ///< in arrival order
    std::uint64_t window_start = 0;
    std::list<std::string>::iterator lru;
  };
  struct State {
    std::unordered_map<std::string, Group> groups;
    std::list<std::string> lru;  ///< front = least recently used key
  };

  /// What one compiled rule feeds into one correlation: the reference it answers and the fields it reads the
  /// group-by values (and value_count's field) from, renamed for its scope (Image is NewProcessName in 4688).
  struct Feed {
    std::size_t index = 0;  ///< correlation
    std::uint32_t ref = 0;
    std::vector<FieldId> group;
    FieldId value = kAnyField;
  };

  void add(const Feed& feed, std::uint64_t time, const Matcher& matcher, const HitFn& on_hit);
  bool judge(const CorrelationRule& c, Group& g, bool closing, const HitFn& on_hit) const;
  Group& group_for(std::size_t index, std::string key, std::vector<std::pair<std::string, std::string>> values);

  const RuleSet& set_;
  CorrelationLimits limits_;
  /// Compiled base rule -> what it feeds.
  std::unordered_map<const CompiledRule*, std::vector<Feed>> by_rule_;
  std::unordered_set<const CompiledRule*> silent_;  ///< referenced only by correlations without generate
  std::vector<State> states_;
  std::uint64_t evicted_groups_ = 0;
  std::uint64_t dropped_entries_ = 0;
};

}  // namespace temper::detect
