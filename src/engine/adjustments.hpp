// SPDX-License-Identifier: Apache-2.0
// Learned adjustments (temper learn --write-exceptions) applied to an audit: a user right also
// expects the accounts seen needing it, a limit is judged at its raised value, an allow list's kept
// items are shown. The rules are copied, never changed in the content set.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "engine/iis_lookup.hpp"
#include "model/exception.hpp"
#include "model/finding.hpp"
#include "model/snapshot.hpp"

namespace temper::engine {

struct AdjustedRules {
  std::deque<model::Rule> storage;           ///< the adjusted copies (stable addresses)
  std::vector<const model::Rule*> rules;     ///< the selection, adjusted copies in place of host-wide adjusted rules
  std::vector<std::string> warnings;         ///< adjustments that name no selected rule or do not fit it
  /// Scoped limit adjustments: the adjusted copy judged at the matching scopes only.
  std::vector<std::pair<const model::RuleAdjustment*, const model::Rule*>> scoped;
};

/// Whether a learned `at_most` adjustment can change this check: an iis_config check with `at_most`.
[[nodiscard]] bool takes_limit_adjustment(const model::Check& check);

/// Copies the rules that host-wide adjustments change and prepares scoped ones. `adjustments` must
/// outlive the result.
AdjustedRules adjust_rules(const std::vector<const model::Rule*>& rules, const std::vector<model::RuleAdjustment>& adjustments);

/// After evaluate(): the findings of scoped adjustments re-judged with the adjusted copy, and the
/// items allow-list adjustments keep noted on their rule's findings. Recounts the summary.
void apply_adjustments(model::AuditReport& report, const AdjustedRules& adjusted, const std::vector<model::RuleAdjustment>& adjustments,
                       const model::Snapshot& snapshot);

}  // namespace temper::engine
