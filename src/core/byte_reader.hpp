// SPDX-License-Identifier: Apache-2.0
// ByteReader: the one bounds-checked cursor every binary parser reads through (YARA's fits_in_pe).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>

namespace temper {

/// A cursor over immutable bytes. Every read checks bounds and returns std::nullopt (or false)
/// instead of reading past the end; the cursor never moves on a failed read.
class ByteReader {
 public:
  explicit ByteReader(std::span<const std::byte> data) : data_(data) {}

  [[nodiscard]] std::size_t offset() const { return pos_; }
  [[nodiscard]] std::size_t size() const { return data_.size(); }
  [[nodiscard]] std::size_t remaining() const { return data_.size() - pos_; }
  [[nodiscard]] bool at_end() const { return pos_ >= data_.size(); }
  [[nodiscard]] std::span<const std::byte> data() const { return data_; }

  /// Move to an absolute offset; false (and no move) when it is past the end.
  bool seek(std::size_t offset) {
    if (offset > data_.size()) return false;
    pos_ = offset;
    return true;
  }
  /// Skip n bytes; false (and no move) when fewer remain.
  bool skip(std::size_t n) {
    if (n > remaining()) return false;
    pos_ += n;
    return true;
  }
  /// Take the next n bytes as a span.
  std::optional<std::span<const std::byte>> bytes(std::size_t n) {
    if (n > remaining()) return std::nullopt;
    auto out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
  }
  /// Read a little-endian unsigned integer of type T.
  template <typename T>
  std::optional<T> le() {
    if (sizeof(T) > remaining()) return std::nullopt;
    T value = peek_le<T>(data_, pos_);
    pos_ += sizeof(T);
    return value;
  }
  /// Little-endian T at an absolute offset of `data`, which the caller has bounds-checked.
  template <typename T>
  static T peek_le(std::span<const std::byte> data, std::size_t at) {
    T value = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) {
      value = static_cast<T>(value | (static_cast<T>(std::to_integer<std::uint8_t>(data[at + i])) << (8 * i)));
    }
    return value;
  }
  /// Little-endian T at an absolute offset, bounds-checked.
  template <typename T>
  [[nodiscard]] std::optional<T> le_at(std::size_t at) const {
    if (at > data_.size() || sizeof(T) > data_.size() - at) return std::nullopt;
    return peek_le<T>(data_, at);
  }

 private:
  std::span<const std::byte> data_;
  std::size_t pos_ = 0;
};

/// View a std::string's bytes as a byte span.
inline std::span<const std::byte> as_bytes(const std::string& s) {
  return std::as_bytes(std::span<const char>(s.data(), s.size()));
}

}  // namespace temper
