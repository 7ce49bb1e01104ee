// SPDX-License-Identifier: Apache-2.0
// Renderers of rules: `temper rules show` (text or JSON) and `temper rules list`.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/rule.hpp"

namespace temper::report {

/// Schema name of the rule list JSON document.
inline constexpr std::string_view kRulesSchema = "temper.rules/1";

/// The full rule as JSON (metadata, applicability, check, fix, source location).
nlohmann::ordered_json rule_to_json(const model::Rule& rule);
/// The full rule as readable text.
std::string rule_to_text(const model::Rule& rule);
/// `temper.rules/1`: {"schema", "benchmark", "level", "rules": [{id, title, level, section, refs, check_type}]}.
nlohmann::ordered_json rule_list_to_json(const std::vector<const model::Rule*>& rules, const std::string& benchmark,
                                         std::optional<int> level);
/// One line per rule: id, level, refs, title.
std::string rule_list_to_text(const std::vector<const model::Rule*>& rules);
/// Text of a check ("user_right SeImpersonatePrivilege: only [S-1-5-32-544, ...]").
std::string describe_check(const model::Check& check);
/// Text of a condition ("roles member_server, domain_controller; features Web-Server").
std::string describe_condition(const model::Condition& condition);

}  // namespace temper::report
