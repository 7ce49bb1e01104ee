// SPDX-License-Identifier: Apache-2.0
// Internal: the `learn:` key of a rule (its impact model).
#pragma once

#include <optional>

#include "content/detail/yaml_reader.hpp"
#include "model/impact.hpp"
#include "model/rule.hpp"

namespace temper::content::detail {

/// Parse `learn: {safe: reason} | {no_evidence: reason} | {evidence: [...], note}`. Evidence kinds
/// that judge a fix are checked against the rule's fixes (parse after them). Problems become diagnostics.
std::optional<model::ImpactModel> parse_impact(YamlReader& r, const YAML::Node& node, const model::Rule& rule);

}  // namespace temper::content::detail
