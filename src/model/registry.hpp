// SPDX-License-Identifier: Apache-2.0
// Typed registry values and the collected part of the registry.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/strings.hpp"

namespace temper::model {

/// Registry value types by their Windows numbers (winnt.h REG_*).
enum class RegType : std::uint32_t {
  kNone = 0,
  kSz = 1,
  kExpandSz = 2,
  kBinary = 3,
  kDword = 4,
  kDwordBigEndian = 5,
  kLink = 6,
  kMultiSz = 7,
  kResourceList = 8,
  kQword = 11,
};

/// "REG_SZ", "REG_DWORD", ...
std::string_view reg_type_name(RegType type);
/// Parse "REG_DWORD" (or "dword", "4"); nullopt when unknown.
std::optional<RegType> parse_reg_type(std::string_view name);

/// One registry value. Exactly one payload member is meaningful, chosen by `type`:
/// number for DWORD/QWORD, text for SZ/EXPAND_SZ/LINK, multi for MULTI_SZ, binary otherwise.
struct RegValue {
  RegType type = RegType::kNone;
  std::uint64_t number = 0;
  std::string text;
  std::vector<std::string> multi;
  std::vector<std::uint8_t> binary;

  static RegValue dword(std::uint32_t v) { return RegValue{RegType::kDword, v, {}, {}, {}}; }
  static RegValue qword(std::uint64_t v) { return RegValue{RegType::kQword, v, {}, {}, {}}; }
  static RegValue sz(std::string v) { return RegValue{RegType::kSz, 0, std::move(v), {}, {}}; }
  static RegValue multi_sz(std::vector<std::string> v) { return RegValue{RegType::kMultiSz, 0, {}, std::move(v), {}}; }
  [[nodiscard]] bool is_number() const { return type == RegType::kDword || type == RegType::kQword || type == RegType::kDwordBigEndian; }
  [[nodiscard]] bool is_text() const { return type == RegType::kSz || type == RegType::kExpandSz || type == RegType::kLink; }
  /// Human-readable rendering: decimal for numbers, text, "a, b" for multi, hex for binary.
  [[nodiscard]] std::string display() const;
  bool operator==(const RegValue&) const = default;
};

/// Values of one key; value names compare case-insensitively ("" is the default value).
struct RegistryKey {
  std::map<std::string, RegValue, ILess> values;
  bool operator==(const RegistryKey&) const = default;
};

/// The registry keys a collector read. `collected` lists the roots read completely (subkeys
/// included): a key under one of them that is missing from `keys` is known to be absent; a key
/// under none of them was not collected, and a check on it reports `error`, never a false pass.
struct Registry {
  std::vector<std::string> collected;
  std::map<std::string, RegistryKey, ILess> keys;

  /// Canonical key path: "HKLM\\..." for HKEY_LOCAL_MACHINE/MACHINE/HKLM:, single backslashes, no trailing one.
  /// A '/' is part of a key name ("Ciphers\\RC4 128/128"), never a separator.
  static std::string canonical_path(std::string_view path);
  /// True when `key` lies under a collected root (or is one).
  [[nodiscard]] bool covers(std::string_view key) const;
  /// The key, or nullptr when absent from the snapshot.
  [[nodiscard]] const RegistryKey* find(std::string_view key) const;
  bool operator==(const Registry&) const = default;
};

}  // namespace temper::model
