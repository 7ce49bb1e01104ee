// SPDX-License-Identifier: Apache-2.0
// SHA-1, needed only to derive virtual-account SIDs (NT SERVICE\x, IIS APPPOOL\x) offline.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace temper {
/// SHA-1 digest of `data` (FIPS 180-4). Not used for security, only for Windows' SID derivation.
std::array<std::uint8_t, 20> sha1(std::span<const std::byte> data);
}  // namespace temper
