// SPDX-License-Identifier: Apache-2.0
// detail::NameTable: field name -> FieldId for the matcher's per-event binding, an open-addressing table
// with a hash of the name's length and its first and last eight bytes (field names are short
// identifiers, so this spreads them well and costs a few instructions, where std::hash reads every byte).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "detect/rule_set.hpp"

namespace temper::detect::detail {

class NameTable {
 public:
  /// `names` must outlive the table (the rule set's field names).
  explicit NameTable(const std::vector<std::string>& names) {
    std::size_t size = 16;
    while (size < names.size() * 2) size *= 2;
    slots_.assign(size, Slot{});
    mask_ = size - 1;
    for (FieldId id = 0; id < names.size(); ++id) {
      const std::string_view name = names[id];
      const std::uint64_t h = hash(name);
      std::size_t i = static_cast<std::size_t>(h) & mask_;
      while (slots_[i].id != kAnyField) {
        if (slots_[i].name == name) break;  // a duplicate name keeps its first id
        i = (i + 1) & mask_;
      }
      if (slots_[i].id == kAnyField) slots_[i] = Slot{h, id, name};
      lengths_ |= length_bit(name.size());
    }
  }

  /// The id of `name`, or kAnyField when no rule reads it.
  [[nodiscard]] FieldId find(std::string_view name) const {
    if ((lengths_ & length_bit(name.size())) == 0) return kAnyField;  // no name of this length
    const std::uint64_t h = hash(name);
    for (std::size_t i = static_cast<std::size_t>(h) & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.id == kAnyField) return kAnyField;
      if (s.hash == h && s.name == name) return s.id;
    }
  }

  static std::uint64_t hash(std::string_view s) {
    const std::size_t n = s.size();
    std::uint64_t a = 0, b = 0;
    if (n >= 8) {
      std::memcpy(&a, s.data(), 8);
      std::memcpy(&b, s.data() + n - 8, 8);
    } else if (n >= 4) {
      std::uint32_t x = 0, y = 0;
      std::memcpy(&x, s.data(), 4);
      std::memcpy(&y, s.data() + n - 4, 4);
      a = x;
      b = y;
    } else if (n > 0) {
      a = static_cast<unsigned char>(s[0]) | static_cast<std::uint64_t>(static_cast<unsigned char>(s[n / 2])) << 8 |
          static_cast<std::uint64_t>(static_cast<unsigned char>(s[n - 1])) << 16;
    }
    std::uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15ull) ^ n) * 0xFF51AFD7ED558CCDull;
    return h ^ (h >> 32);
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    FieldId id = kAnyField;  ///< kAnyField: empty
    std::string_view name;
  };
  // Bit n: some name is n bytes long (bit 63: 63 or more). A small set (a --filter expression) rejects most
  // of an event's names on their length alone.
  static std::uint64_t length_bit(std::size_t n) { return std::uint64_t{1} << (n < 63 ? n : 63); }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::uint64_t lengths_ = 0;
};

}  // namespace temper::detect::detail
