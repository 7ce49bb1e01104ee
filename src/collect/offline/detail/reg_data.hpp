// SPDX-License-Identifier: Apache-2.0
// Raw registry data (as Windows stores it) -> model::RegValue; shared by registry.pol and .reg hex(N).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "model/registry.hpp"

namespace temper::collect::detail {

/// Decode `data` of registry type number `type`. Strings are UTF-16LE and end at the first NUL;
/// REG_MULTI_SZ is NUL-separated and ends at the double NUL; DWORD/QWORD must be 4/8 bytes.
/// Unknown type numbers are kept as REG_BINARY. Returns nullopt, with `problem` set, when the data
/// does not fit the type (a DWORD of 3 bytes); `problem` is also set for the lossless-but-odd
/// cases (unknown type number) while a value is still returned.
std::optional<model::RegValue> reg_value_from_data(std::uint32_t type, std::span<const std::byte> data,
                                                   std::string& problem);
/// True when `key` is `root` or lies under it (canonical paths, case-insensitive).
bool key_under(std::string_view key, std::string_view root);
/// Remove `key` and every key under it from `registry.keys`.
void erase_subtree(model::Registry& registry, std::string_view key);

/// Value of one hexadecimal digit, or -1.
int hex_value(char c);
/// UTF-16LE units up to the first NUL (or the end), as UTF-8.
std::string utf16_string(std::span<const std::byte> data);

}  // namespace temper::collect::detail
