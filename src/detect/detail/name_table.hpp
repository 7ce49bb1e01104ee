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
    }
  }

  /// The id of `name`, or kAnyField when no rule reads it.
  [[nodiscard]] FieldId find(std::string_view name) const {
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
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
};

}  // namespace temper::detect::detail
