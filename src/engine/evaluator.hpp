// SPDX-License-Identifier: Apache-2.0
// evaluate(rules, snapshot) -> findings: the audit engine. Pure: no I/O, no logging.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "engine/iis_lookup.hpp"
#include "model/exception.hpp"
#include "model/finding.hpp"
#include "model/rule.hpp"
#include "model/snapshot.hpp"

namespace temper::engine {

struct EvaluateOptions {
  std::vector<model::RuleException> exceptions;
  /// "Now" for exception expiry (injected so tests are deterministic).
  std::chrono::sys_seconds now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
};

/// Evaluate each rule against the snapshot. Never fails as a whole: a check that cannot be judged
/// becomes a Finding with status `error` and a reason, and the other checks go on. Findings come
/// in rule order; an IIS rule gives one finding per scope where its value is decided.
model::AuditReport evaluate(const std::vector<const model::Rule*>& rules, const model::Snapshot& snapshot,
                            const EvaluateOptions& options = {});

/// Evaluate one rule (exceptions not applied). Exposed for tests and `rules test`.
std::vector<model::Finding> evaluate_rule(const model::Rule& rule, const model::Snapshot& snapshot);
/// The same with the snapshot's IIS index built once by the caller (nullptr when it has no IIS).
std::vector<model::Finding> evaluate_rule(const model::Rule& rule, const model::Snapshot& snapshot, const IisIndex* index);

/// Whether an exception's or adjustment's scope (a short or full configuration path, globs allowed;
/// "" = every scope) covers a finding's scope ("" for host-level findings, which only "" covers).
bool scope_matches(const std::string& pattern, const std::string& scope);

/// Turn failures into `excepted` where a valid exception matches; note expired and unused ones.
void apply_exceptions(model::AuditReport& report, const std::vector<model::RuleException>& exceptions,
                      std::chrono::sys_seconds now);

/// The principals a user right is expected to have on this host: the check's principals, those its
/// adjustments add when their condition holds, and "$app_pool_identities[:logonType]" expanded to the
/// snapshot's application pool identities. `error` says why they cannot be known (a condition or the
/// IIS configuration not collected); `evidence` says how they were found.
struct ExpectedHolders {
  std::vector<std::string> principals;  ///< SIDs, SID globs ("S-1-5-82-*") or names where no SID is known
  std::vector<std::string> evidence;
  std::optional<std::string> error;
};
ExpectedHolders expected_holders(const model::UserRightCheck& check, const model::Snapshot& snapshot, const IisIndex* index);
/// The same for any list of principal specs (an impact model's needs, a learned adjustment).
ExpectedHolders resolve_principals(const std::vector<std::string>& principals,
                                   const std::vector<model::PrincipalAdjustment>& adjust, const model::Snapshot& snapshot,
                                   const IisIndex* index);

/// Human name of a SID when temper knows it ("BUILTIN\\Administrators"), from the snapshot's
/// principals first, then the well-known table; "" when unknown.
std::string principal_name(const model::Snapshot& snapshot, const std::string& sid);

}  // namespace temper::engine
