// SPDX-License-Identifier: Apache-2.0
// The coverage document: which benchmark recommendations the content implements, how, at what scope, and
// how learning judges the fix of each (its impact model).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/rule.hpp"

namespace temper::report {

/// Markdown for docs/coverage.md, generated from the content (line 1 says so). Deterministic.
std::string coverage_markdown(const std::vector<model::Rule>& rules, const std::vector<model::Gap>& gaps = {});
/// How a rule's check is scoped: "per site/app/folder", "server (applicationHost)", "per site", "per app pool", "host", ...
std::string check_scope(const model::Check& check);
/// A rule's impact model as the coverage table shows it: "safe", "no evidence", its evidence kinds
/// ("logons (deny), needs (deny)", "requests (verbs)"), or "none" for a rule without `learn:`.
std::string impact_model_text(const model::Rule& rule);
/// The content's name of a request evidence kind (`requests: url_length`): "url_length", ...
std::string_view request_name(model::RequestEvidence::What what);
/// Order dotted recommendation numbers numerically ("2.2.9" < "2.2.10").
bool ref_less(const std::string& a, const std::string& b);

}  // namespace temper::report
