// SPDX-License-Identifier: Apache-2.0
// A documented exception: a rule (optionally at one IIS scope) that is allowed to fail, why, until when.
#pragma once

#include <chrono>
#include <optional>
#include <string>

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

}  // namespace temper::model
