// SPDX-License-Identifier: Apache-2.0
// The byte layer of the rule codec (rule_codec.cpp, and the prefilter's part in prefilter*.cpp): a Writer
// that appends little-endian fixed-width values and length-prefixed strings, and a Reader that reads them
// back through core's bounds-checked ByteReader with a sticky error naming the offset.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/byte_reader.hpp"
#include "core/error.hpp"

namespace temper::detect::detail {

/// Appends to a byte string. Never fails.
class Writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void flag(bool v) { u8(v ? 1 : 0); }
  void u32(std::uint32_t v) { put(v); }
  void u64(std::uint64_t v) { put(v); }
  void f64(double v) { put(std::bit_cast<std::uint64_t>(v)); }
  /// Length (u32) then the bytes.
  void str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  void raw(std::string_view bytes) { out_.append(bytes); }
  /// Count (u32) then each value.
  void u32s(const std::vector<std::uint32_t>& values) {
    u32(static_cast<std::uint32_t>(values.size()));
    for (const auto v : values) u32(v);
  }
  void strs(const std::vector<std::string>& values) {
    u32(static_cast<std::uint32_t>(values.size()));
    for (const auto& v : values) str(v);
  }
  /// Overwrite the u64 at `at` (a length written before its data was known).
  void patch_u64(std::size_t at, std::uint64_t v) {
    for (std::size_t i = 0; i < 8; ++i) out_[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  }
  [[nodiscard]] std::size_t size() const { return out_.size(); }
  [[nodiscard]] const std::string& bytes() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  template <typename T>
  void put(T v) {
    for (std::size_t i = 0; i < sizeof(T); ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  }
  std::string out_;
};

/// Reads what Writer wrote. The first failure (a read past the end, a count the bytes left cannot hold,
/// an out-of-range index or enum) is kept with its offset; later reads return zero values and change
/// nothing, so a decoder checks ok() where it must not go on (before using an index) and status() at the end.
class Reader {
 public:
  /// `base` is the offset of `data` in the whole file, for messages.
  explicit Reader(std::span<const std::byte> data, std::size_t base = 0) : in_(data), base_(base) {}

  std::uint8_t u8() { return get<std::uint8_t>("a byte"); }
  bool flag() {
    const auto v = u8();
    if (v > 1) fail("a flag that is neither 0 nor 1");
    return v == 1;
  }
  std::uint32_t u32() { return get<std::uint32_t>("a 32-bit value"); }
  std::uint64_t u64() { return get<std::uint64_t>("a 64-bit value"); }
  double f64() { return std::bit_cast<double>(get<std::uint64_t>("a number")); }
  std::string str() {
    const std::uint32_t n = u32();
    const auto b = take(n, "a string");
    return std::string(reinterpret_cast<const char*>(b.data()), b.size());
  }
  /// The next n bytes (empty after a failure).
  std::span<const std::byte> take(std::size_t n, std::string_view what) {
    if (!ok_) return {};
    auto b = in_.bytes(n);
    if (!b) {
      fail(std::string(what) + " of " + std::to_string(n) + " bytes runs past the end");
      return {};
    }
    return *b;
  }
  /// A count of items of at least `min_bytes` bytes each; 0 (and a failure) when the bytes left cannot
  /// hold that many, so no count can make a decoder allocate more than the input justifies.
  std::size_t count(std::size_t min_bytes, std::string_view what) {
    const std::uint32_t n = u32();
    if (ok_ && static_cast<std::uint64_t>(n) * (min_bytes == 0 ? 1 : min_bytes) > in_.remaining()) {
      fail(std::string(what) + ": a count of " + std::to_string(n) + " that the " + std::to_string(in_.remaining()) +
           " bytes left cannot hold");
      return 0;
    }
    return ok_ ? n : 0;
  }
  std::vector<std::uint32_t> u32s(std::string_view what) {
    std::vector<std::uint32_t> out(count(4, what));
    for (auto& v : out) v = u32();
    return out;
  }
  std::vector<std::string> strs(std::string_view what) {
    std::vector<std::string> out(count(4, what));
    for (auto& v : out) v = str();
    return out;
  }
  /// An enum stored as a byte, at most `last`.
  template <typename E>
  E enumeration(E last, std::string_view what) {
    const auto v = u8();
    if (v > static_cast<std::uint8_t>(last)) fail(std::string(what) + " " + std::to_string(v) + " is out of range");
    return ok_ ? static_cast<E>(v) : E{};
  }

  /// Record a failure at the current offset (the first one wins).
  void fail(std::string what) {
    if (!ok_) return;
    ok_ = false;
    error_ = std::move(what) + " at offset " + std::to_string(base_ + in_.offset());
  }
  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] bool at_end() const { return in_.at_end(); }
  [[nodiscard]] std::size_t offset() const { return base_ + in_.offset(); }
  [[nodiscard]] std::size_t remaining() const { return in_.remaining(); }
  /// kParse naming the first failure, or success.
  [[nodiscard]] Result<void> status() const {
    if (ok_) return {};
    return temper::fail(ErrorCode::kParse, "compiled rule set: " + error_);
  }

 private:
  template <typename T>
  T get(std::string_view what) {
    if (!ok_) return T{};
    const auto v = in_.le<T>();
    if (!v) {
      fail(std::string(what) + " runs past the end");
      return T{};
    }
    return *v;
  }

  ByteReader in_;
  std::size_t base_ = 0;
  bool ok_ = true;
  std::string error_;
};

}  // namespace temper::detect::detail
