// SPDX-License-Identifier: Apache-2.0
// A fast 64-bit hash for checksums and cache keys: catches torn, flipped or changed bytes by accident,
// is no defence against a chosen collision (use sha256.hpp where one matters).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace temper {

/// Multiply-rotate rounds over 8-byte little-endian words (four lanes over 32-byte blocks, then one), the
/// tail padded with its length, then an avalanche so every input bit reaches every output bit. Each
/// `seed` gives another function; the value for a seed never changes (the rule codec stores it).
std::uint64_t hash64(std::span<const std::byte> data, std::uint64_t seed = 0);

/// 128 bits of `text` (hash64 under two seeds) as 32 lower-case hex digits.
std::string hash128_hex(std::string_view text);

}  // namespace temper
