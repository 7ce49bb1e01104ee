// SPDX-License-Identifier: Apache-2.0
// A documented exception: a rule (optionally at one IIS scope) that is allowed to fail, why, until when.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace temper::model {

struct RuleException {
  std::string rule;   ///< rule id; `*` and `?` globs allowed
  std::string scope;  ///< "" = every scope; else a scope (short or full configuration path), globs allowed
  std::string reason;
  std::string owner;  ///< who approved it (optional)
  std::optional<std::chrono::sys_seconds> expires;  ///< end of validity (a date means the end of that day, UTC)
  std::string expires_text;                          ///< as written
  SourceLocation where;
  bool operator==(const RuleException&) const = default;
};

/// A learned adjustment (`temper learn --write-exceptions`): the narrowest change of what a rule
/// expects that keeps the activity seen on this server working, judged by the audit as adjusted.
struct RuleAdjustment {
  std::string rule;   ///< one rule id
  std::string scope;  ///< "" = every scope; else an IIS scope (short or full path), globs allowed
  std::vector<std::string> add;    ///< user rights: principals (SIDs or names) also expected to hold it
  std::optional<long long> at_most;  ///< a limit (maxUrl, maxAllowedContentLength, ...) raised to this
  std::vector<std::string> allow;  ///< allow-list items the fix must keep (".php", "." for extensionless)
  std::string reason;
  std::vector<std::string> evidence;  ///< what was seen, one line each
  SourceLocation where;
  bool operator==(const RuleAdjustment&) const = default;
};

}  // namespace temper::model
