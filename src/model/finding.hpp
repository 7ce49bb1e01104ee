// SPDX-License-Identifier: Apache-2.0
// The outcome of evaluating rules against a snapshot: one Finding per rule and scope, plus the summary.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/exception.hpp"
#include "model/host.hpp"
#include "model/rule.hpp"

namespace temper::model {

enum class Status { kPass, kFail, kError, kNotApplicable, kExcepted };
/// "pass" | "fail" | "error" | "not_applicable" | "excepted".
std::string_view status_name(Status status);

struct Finding {
  const Rule* rule = nullptr;  ///< borrowed from the ContentSet, which outlives the report
  Status status = Status::kError;
  std::string scope;    ///< "" for host-level checks; else an IIS configuration path
  std::string setting;  ///< what was read: a right constant, "HKLM\\...\\Value", "service WMSvc", "section/element@attribute"
  std::string expected;
  std::string actual;
  std::vector<std::string> evidence;  ///< facts that support the verdict (origins, holders, adjustments)
  std::string reason;  ///< why error / not_applicable / excepted
  std::optional<RuleException> exception;  ///< the exception that turned a failure into `excepted`
};

struct Summary {
  std::size_t pass = 0;
  std::size_t fail = 0;
  std::size_t error = 0;
  std::size_t not_applicable = 0;
  std::size_t excepted = 0;
  /// 100 * pass / (pass + fail + error); excepted and not-applicable results do not count.
  /// 100 when nothing was judged.
  double score = 100.0;
};

struct AuditReport {
  Host host;
  std::string benchmark;       ///< "" when every rule was selected
  std::optional<int> level;
  std::vector<Finding> findings;
  Summary summary;
  std::vector<std::string> warnings;  ///< expired or unused exceptions, ...
};

/// Recount `summary` from `findings`.
Summary summarize(const std::vector<Finding>& findings);

}  // namespace temper::model
