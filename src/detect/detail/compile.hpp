// SPDX-License-Identifier: Apache-2.0
// Internal pieces of the Sigma compiler: logsource mapping, field modifiers, conditions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "detect/rule_set.hpp"

namespace temper::detect::detail {

/// One event scope a logsource maps to, with the field names that scope uses instead of Sigma's.
struct ScopeVariant {
  EventScope scope;
  std::vector<std::pair<std::string_view, std::string_view>> renames;  ///< Sigma name -> event field name
};

/// The event scopes of a Sigma logsource, or an error naming what has no mapping (kUnsupported).
Result<std::vector<ScopeVariant>> map_logsource(std::string_view product, std::string_view category,
                                                std::string_view service);

/// The renames of the logsource variant whose scope is `scope` (Security 4688 for process_creation, the ECS
/// scopes, W3C for webserver); empty for scopes that keep Sigma's names.
std::vector<std::pair<std::string_view, std::string_view>> scope_renames(const EventScope& scope);

/// Every event field name some variant renames Sigma's `sigma_name` to (Image: NewProcessName,
/// process.executable...).
std::vector<std::string_view> rename_targets(std::string_view sigma_name);

/// A Sigma field key ("Image|endswith") with its values (nullopt = YAML null), compiled into `rule`
/// as predicates and nodes. Returns the node index, or kUnsupported with a precise reason.
Result<std::uint32_t> compile_field(std::string_view key, const std::vector<std::optional<std::string>>& values,
                                    const ScopeVariant& variant, RuleSet& set, CompiledRule& rule);

/// Keyword values (a list without field names): any data field contains one of them; with `all` (the
/// `'|all':` key), each of them occurs in some data field.
Result<std::uint32_t> compile_keywords(const std::vector<std::string>& values, CompiledRule& rule, bool all = false);

/// Append a node, returning its index.
std::uint32_t add_node(CompiledRule& rule, Node::Kind kind, std::vector<std::uint32_t> children = {},
                       std::uint32_t predicate = 0);

/// Parse a Sigma condition over named selections (name -> node index) into `rule`. Fails with
/// kUnsupported for aggregations (`| count()`), kContent for syntax errors and unknown names.
Result<std::uint32_t> compile_condition(std::string_view condition,
                                        const std::vector<std::pair<std::string, std::uint32_t>>& selections,
                                        CompiledRule& rule);

/// A field value as a number: decimal (as std::from_chars reads it) or 0x hexadecimal, surrounding blanks
/// ignored. False when the whole text is not such a number.
bool parse_number(std::string_view text, double& out);

/// Parse an IPv4 (family 4) or IPv6 (family 6) address into `out` (big-endian, IPv4 in the first 4
/// bytes). False when the text is not such an address.
bool parse_ip(std::string_view text, std::uint8_t (&out)[16], std::uint8_t family);

/// A network ("10.0.0.0/8", "fe80::/10", or one address) as a kCidr operand; false when it is none.
bool parse_cidr(std::string_view text, Operand& op);

/// A pattern with kStar/kOne markers as the cheapest operand: kEquals, kPrefix, kSuffix, kContains, or
/// kGlob; lower-cased unless `cased`. Shared by Sigma values and EQL `:`/like.
Operand classify(std::string pattern, bool cased);

/// Whether `value` matches a pattern with kStar/kOne markers (lower-case unless `cased`); linear-ish,
/// O(value x pattern) worst case.
bool glob(std::string_view value, std::string_view pattern, bool cased);

/// A value pattern with escapes resolved: '\x01' stands for `*`, '\x02' for `?`.
inline constexpr char kStar = '\x01';
inline constexpr char kOne = '\x02';

}  // namespace temper::detect::detail
