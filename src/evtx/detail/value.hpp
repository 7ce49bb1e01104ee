// SPDX-License-Identifier: Apache-2.0
// BinXML value types and their text forms (as evtxexport / Windows render them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace temper::evtx::detail {

/// BinXML value type codes (the 0x80 bit marks an array of the base type).
enum ValueType : std::uint8_t {
  kNull = 0x00,
  kString = 0x01,
  kAnsiString = 0x02,
  kInt8 = 0x03,
  kUInt8 = 0x04,
  kInt16 = 0x05,
  kUInt16 = 0x06,
  kInt32 = 0x07,
  kUInt32 = 0x08,
  kInt64 = 0x09,
  kUInt64 = 0x0A,
  kReal32 = 0x0B,
  kReal64 = 0x0C,
  kBool = 0x0D,
  kBinary = 0x0E,
  kGuid = 0x0F,
  kSizeT = 0x10,
  kFileTime = 0x11,
  kSystemTime = 0x12,
  kSid = 0x13,
  kHexInt32 = 0x14,
  kHexInt64 = 0x15,
  kEvtHandle = 0x20,
  kBinXml = 0x21,
  kEvtXml = 0x23,
  kArrayFlag = 0x80,
};

/// Fixed size in bytes of a base value type, or 0 when it is variable-sized.
std::size_t fixed_size(std::uint8_t type);

/// Append UTF-16LE text as UTF-8, stopping at the first NUL when `stop_at_nul`. Unpaired
/// surrogates become U+FFFD. Never fails.
void append_utf16(std::string& out, std::span<const std::byte> bytes, bool stop_at_nul);

/// Append the text form of one value of base type `type` (no array bit; not kBinXml). ANSI
/// strings are read as windows-1252, evtxexport's default.
/// Unknown types and size mismatches are rendered as upper-case hex of the bytes. Never fails.
void append_value(std::string& out, std::uint8_t type, std::span<const std::byte> bytes);

/// Split an array value into its items and call `item(bytes)` for each, at most `max_items`
/// times. String arrays are NUL-separated; SID arrays are self-sized; others are fixed-size.
/// Returns the number of items.
template <typename F>
std::size_t for_each_array_item(std::uint8_t base_type, std::span<const std::byte> bytes, std::size_t max_items,
                                F&& item);

}  // namespace temper::evtx::detail

#include "evtx/detail/value_inl.hpp"
