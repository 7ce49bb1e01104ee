// SPDX-License-Identifier: Apache-2.0
// A predicate with many `contains` operands (SigmaHQ's command-line lists: forty substrings in one
// selection are common) is tested by one pass over each value instead of one search per operand: the
// pass looks up each pair of adjacent bytes, folded as the predicate compares them, in a 256-slot table
// of the operands' first two bytes and compares only the operands filed under that slot. Operands of
// one byte or of another kind are left to the caller (rest()).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/strings.hpp"
#include "detect/rule_set.hpp"

namespace temper::detect::detail {

class ContainsIndex {
 public:
  /// Fewer indexed operands than this and one search per operand costs no more.
  static constexpr std::size_t kMinOperands = 6;

  /// Whether `p` is worth an index: not `all`, and at least kMinOperands contains operands of two bytes or more.
  static bool worth(const Predicate& p) {
    if (p.all || p.negate || p.exists || p.null) return false;
    std::size_t n = 0;
    for (const auto& op : p.operands) n += op.kind == MatchKind::kContains && op.text.size() >= 2 ? 1 : 0;
    return n >= kMinOperands;
  }

  explicit ContainsIndex(const Predicate& p) {
    // Counting sort of the operands by slot: start_ first counts, then holds each slot's first entry.
    std::vector<std::uint16_t> slots;
    slots.reserve(p.operands.size());
    for (std::uint32_t i = 0; i < p.operands.size(); ++i) {
      const Operand& op = p.operands[i];
      if (op.kind != MatchKind::kContains || op.text.size() < 2) {
        rest_.push_back(i);
        slots.push_back(kNone);
        continue;
      }
      // Operands are stored lower-case unless the predicate is cased (rule_set.hpp); fold anyway.
      const auto s = slot(fold(op.text[0], p.cased), fold(op.text[1], p.cased));
      slots.push_back(static_cast<std::uint16_t>(s));
      ++start_[s + 1];
      bits_[s >> 6] |= std::uint64_t{1} << (s & 63);
    }
    for (std::size_t s = 0; s < kSlots; ++s) start_[s + 1] += start_[s];
    texts_.resize(start_[kSlots]);
    auto next = start_;
    for (std::uint32_t i = 0; i < p.operands.size(); ++i) {
      if (slots[i] != kNone) texts_[next[slots[i]]++] = p.operands[i].text;
    }
  }

  /// True when one of the indexed operands occurs in `value` (compared as the predicate compares).
  [[nodiscard]] bool any_in(std::string_view value, bool cased) const {
    if (value.size() < 2) return false;
    unsigned char a = fold(value[0], cased);
    for (std::size_t i = 0; i + 1 < value.size(); ++i) {
      const unsigned char b = fold(value[i + 1], cased);
      const auto s = slot(a, b);
      if (((bits_[s >> 6] >> (s & 63)) & 1) != 0) {
        for (std::uint32_t k = start_[s]; k < start_[s + 1]; ++k) {
          const std::string_view t = texts_[k];
          if (t.size() > value.size() - i || a != static_cast<unsigned char>(t[0]) ||
              b != static_cast<unsigned char>(t[1])) {
            continue;  // too long here, or another pair filed under the same slot
          }
          std::size_t j = 2;
          while (j < t.size() && fold(value[i + j], cased) == static_cast<unsigned char>(t[j])) ++j;
          if (j == t.size()) return true;
        }
      }
      a = b;
    }
    return false;
  }

  /// Operand indexes the index does not cover (other kinds, one byte): the caller tests them itself.
  [[nodiscard]] const std::vector<std::uint32_t>& rest() const { return rest_; }

 private:
  static constexpr std::size_t kSlots = 256;
  static constexpr std::uint16_t kNone = 0xFFFF;
  static unsigned char fold(char c, bool cased) {
    return static_cast<unsigned char>(cased ? c : ascii_lower(c));
  }
  static unsigned slot(unsigned char a, unsigned char b) { return ((static_cast<unsigned>(a) << 3) ^ b) & 0xFFu; }

  std::array<std::uint64_t, kSlots / 64> bits_{};
  std::array<std::uint32_t, kSlots + 1> start_{};
  std::vector<std::string_view> texts_;  ///< operand texts by slot (views into the rule set)
  std::vector<std::uint32_t> rest_;
};

}  // namespace temper::detect::detail
