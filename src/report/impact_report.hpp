// SPDX-License-Identifier: Apache-2.0
// Renderers of an ImpactReport (`temper learn`): `temper.impact/1` JSON and the review text.
#pragma once

#include <string>

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

}  // namespace temper::report
