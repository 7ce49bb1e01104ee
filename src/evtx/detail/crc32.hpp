// SPDX-License-Identifier: Apache-2.0
// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) as EVTX file and chunk headers use it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace temper::evtx::detail {

/// CRC-32 of `data`, continuing from `crc` (0 to start): carry-less-multiply folding where the
/// CPU has it, else slicing-by-16. Never fails.
std::uint32_t crc32(std::span<const std::byte> data, std::uint32_t crc = 0);

/// The same with slicing-by-16 only (the reference the folding code is tested against).
std::uint32_t crc32_portable(std::span<const std::byte> data, std::uint32_t crc = 0);

}  // namespace temper::evtx::detail
