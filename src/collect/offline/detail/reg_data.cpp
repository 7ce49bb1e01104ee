// SPDX-License-Identifier: Apache-2.0
// Typed decoding of raw registry value data.
#include "collect/offline/detail/reg_data.hpp"

#include "core/byte_reader.hpp"
#include "core/strings.hpp"
#include "core/utf.hpp"

namespace temper::collect::detail {
namespace {
using model::RegType;
using model::RegValue;

// Length in bytes of the UTF-16 string starting at `data` up to (not including) its NUL unit.
std::size_t utf16_length(std::span<const std::byte> data) {
  std::size_t i = 0;
  while (i + 1 < data.size()) {
    if (data[i] == std::byte{0} && data[i + 1] == std::byte{0}) return i;
    i += 2;
  }
  return data.size();
}

std::vector<std::string> utf16_multi(std::span<const std::byte> data) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at + 1 < data.size()) {
    const std::size_t len = utf16_length(data.subspan(at));
    if (len == 0) break;  // the double NUL that ends the list (or an empty string, which cannot be stored)
    out.push_back(utf16le_to_utf8(data.subspan(at, len)));
    at += len + 2;
  }
  return out;
}

std::optional<RegValue> fixed_number(RegType type, std::span<const std::byte> data, std::size_t width,
                                     std::string& problem) {
  if (data.size() != width) {
    problem = std::string(model::reg_type_name(type)) + " data is " + std::to_string(data.size()) +
              " bytes, expected " + std::to_string(width);
    return std::nullopt;
  }
  RegValue v;
  v.type = type;
  if (type == RegType::kQword) {
    v.number = ByteReader::peek_le<std::uint64_t>(data, 0);
  } else if (type == RegType::kDwordBigEndian) {
    const std::uint32_t le = ByteReader::peek_le<std::uint32_t>(data, 0);
    v.number = ((le & 0xFFu) << 24) | ((le & 0xFF00u) << 8) | ((le >> 8) & 0xFF00u) | (le >> 24);
  } else {
    v.number = ByteReader::peek_le<std::uint32_t>(data, 0);
  }
  return v;
}
}  // namespace

bool key_under(std::string_view key, std::string_view root) {
  return iequals(key, root) || (key.size() > root.size() && istarts_with(key, root) && key[root.size()] == '\\');
}

void erase_subtree(model::Registry& registry, std::string_view key) {
  std::erase_if(registry.keys, [key](const auto& kv) { return key_under(kv.first, key); });
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string utf16_string(std::span<const std::byte> data) {
  return utf16le_to_utf8(data.first(utf16_length(data)));
}

std::optional<RegValue> reg_value_from_data(std::uint32_t type, std::span<const std::byte> data, std::string& problem) {
  RegValue v;
  switch (type) {
    case 1:
    case 2:
    case 6:
      v.type = static_cast<RegType>(type);
      v.text = utf16_string(data);
      return v;
    case 7:
      v.type = RegType::kMultiSz;
      v.multi = utf16_multi(data);
      return v;
    case 4:
      return fixed_number(RegType::kDword, data, 4, problem);
    case 5:
      return fixed_number(RegType::kDwordBigEndian, data, 4, problem);
    case 11:
      return fixed_number(RegType::kQword, data, 8, problem);
    case 0:
    case 3:
    case 8:
      v.type = static_cast<RegType>(type);
      break;
    default:
      problem = "unknown registry type " + std::to_string(type) + ", kept as REG_BINARY";
      v.type = RegType::kBinary;
      break;
  }
  v.binary.reserve(data.size());
  for (const std::byte b : data) v.binary.push_back(std::to_integer<std::uint8_t>(b));
  return v;
}

}  // namespace temper::collect::detail
