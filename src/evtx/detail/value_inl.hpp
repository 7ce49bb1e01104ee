// SPDX-License-Identifier: Apache-2.0
// Inline part of value.hpp: splitting array values into items.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace temper::evtx::detail {

template <typename F>
std::size_t for_each_array_item(std::uint8_t base_type, std::span<const std::byte> bytes, std::size_t max_items,
                                F&& item) {
  std::size_t count = 0;
  if (base_type == kString) {
    // NUL-separated UTF-16 strings; a trailing NUL does not start an empty item.
    std::size_t start = 0;
    std::size_t i = 0;
    while (i + 1 < bytes.size() && count < max_items) {
      if (bytes[i] == std::byte{0} && bytes[i + 1] == std::byte{0}) {
        item(bytes.subspan(start, i - start));
        ++count;
        start = i + 2;
      }
      i += 2;
    }
    if (start + 1 < bytes.size() && count < max_items) {
      item(bytes.subspan(start, bytes.size() - start));
      ++count;
    }
    return count;
  }
  if (base_type == kAnsiString) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < bytes.size() && count < max_items; ++i) {
      if (bytes[i] == std::byte{0}) {
        item(bytes.subspan(start, i - start));
        ++count;
        start = i + 1;
      }
    }
    if (start < bytes.size() && count < max_items) {
      item(bytes.subspan(start));
      ++count;
    }
    return count;
  }
  if (base_type == kSid) {
    std::size_t at = 0;
    while (at + 8 <= bytes.size() && count < max_items) {
      const std::size_t n = 8 + 4 * static_cast<std::size_t>(std::to_integer<std::uint8_t>(bytes[at + 1]));
      if (at + n > bytes.size()) break;
      item(bytes.subspan(at, n));
      ++count;
      at += n;
    }
    return count;
  }
  std::size_t size = fixed_size(base_type);
  if (base_type == kSizeT) size = bytes.size() % 8 == 0 ? 8 : 4;
  if (size == 0) {
    if (!bytes.empty() && max_items > 0) {
      item(bytes);
      return 1;
    }
    return 0;
  }
  for (std::size_t at = 0; at + size <= bytes.size() && count < max_items; at += size) {
    item(bytes.subspan(at, size));
    ++count;
  }
  return count;
}

}  // namespace temper::evtx::detail
