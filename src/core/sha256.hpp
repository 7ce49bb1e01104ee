// SPDX-License-Identifier: Apache-2.0
// SHA-256 (FIPS 180-4), for the hash that identifies a plan's actions (docs/decisions/0038).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace temper {
std::array<std::uint8_t, 32> sha256(std::span<const std::byte> data);
/// Lower-case hex digest of a text's bytes.
std::string sha256_hex(std::string_view text);
}  // namespace temper
