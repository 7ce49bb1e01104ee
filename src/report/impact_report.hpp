// SPDX-License-Identifier: Apache-2.0
// Renderers of an ImpactReport (`temper learn`): `temper.impact/1` JSON and the review text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "learn/judge.hpp"

namespace temper::report {

/// The `temper.impact/1` document (docs/output.md): host, window, sources, counts and one entry per
/// judged finding with its verdict, reason, conflicts (with example file and record), requirements.
nlohmann::ordered_json impact_to_json(const learn::ImpactReport& report);

struct ImpactTextOptions {
  bool color = false;
  bool verbose = false;  ///< also list the requirements of safe verdicts
};

/// Grouped by verdict (breaks first), each with its evidence and, for unknown, what to enable.
std::string impact_to_text(const learn::ImpactReport& report, const ImpactTextOptions& options);

/// One column of a policy comparison: "cis-iis-10:2" and its verdicts.
struct ComparedPolicy {
  std::string label;
  const learn::ImpactReport* report = nullptr;
};

/// `temper.impact-comparison/1`: per policy the counts, and which is the most stringent that breaks
/// nothing observed (`most_stringent`: its label, or null when every policy breaks something).
nlohmann::ordered_json comparison_to_json(const std::vector<ComparedPolicy>& policies, std::optional<std::size_t> most_stringent);
/// A side-by-side table and the conclusion.
std::string comparison_to_text(const std::vector<ComparedPolicy>& policies, std::optional<std::size_t> most_stringent);

/// `temper.impact-group/1`: per server its counts, per rule and scope which servers its fix breaks,
/// leaves unknown or finds safe.
nlohmann::ordered_json group_to_json(const std::vector<ComparedPolicy>& servers);
std::string group_to_text(const std::vector<ComparedPolicy>& servers, const ImpactTextOptions& options);

}  // namespace temper::report
