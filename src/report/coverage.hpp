// SPDX-License-Identifier: Apache-2.0
// The coverage document: which benchmark recommendations the content implements, how, and at what scope.
#pragma once

#include <string>
#include <vector>

#include "model/rule.hpp"

namespace temper::report {

/// Markdown for docs/coverage.md, generated from the content (line 1 says so). Deterministic.
std::string coverage_markdown(const std::vector<model::Rule>& rules);
/// How a rule's check is scoped: "per site/app/folder", "server (applicationHost)", "per site", "per app pool", "host", ...
std::string check_scope(const model::Check& check);
/// Order dotted recommendation numbers numerically ("2.2.9" < "2.2.10").
bool ref_less(const std::string& a, const std::string& b);

}  // namespace temper::report
