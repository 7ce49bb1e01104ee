// SPDX-License-Identifier: Apache-2.0
// temper.usage/1 <-> JSON (decision 0037). write(read(x)) reproduces x when x was written by write().
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "learn/usage.hpp"

namespace temper::learn {

/// A counter as temper.usage/1 writes it (and temper.impact/1 quotes it): {count, first, last,
/// example: {file, record} | null}.
nlohmann::ordered_json counter_to_json(const Counter& c);

/// The profile as pretty JSON text (2-space indent, trailing newline), keys and entries in a fixed order.
std::string write_usage(const UsageProfile& profile);
/// Parse a profile. Fails with kParse (malformed JSON, with line:column), kSchemaVersion (a newer
/// or unknown schema) or kInvalidArgument (a field of the wrong type, named by its JSON pointer).
Result<UsageProfile> parse_usage(std::string_view text, std::string_view file = "");

}  // namespace temper::learn
