// SPDX-License-Identifier: Apache-2.0
// Registry value names and key path canonicalisation.
#include "model/registry.hpp"

#include <cstdio>

namespace temper::model {

std::string_view reg_type_name(RegType type) {
  switch (type) {
    case RegType::kNone: return "REG_NONE";
    case RegType::kSz: return "REG_SZ";
    case RegType::kExpandSz: return "REG_EXPAND_SZ";
    case RegType::kBinary: return "REG_BINARY";
    case RegType::kDword: return "REG_DWORD";
    case RegType::kDwordBigEndian: return "REG_DWORD_BIG_ENDIAN";
    case RegType::kLink: return "REG_LINK";
    case RegType::kMultiSz: return "REG_MULTI_SZ";
    case RegType::kResourceList: return "REG_RESOURCE_LIST";
    case RegType::kQword: return "REG_QWORD";
  }
  return "REG_UNKNOWN";
}

std::optional<RegType> parse_reg_type(std::string_view name) {
  std::string n = to_upper(trim(name));
  if (!n.starts_with("REG_")) n = "REG_" + n;
  for (const RegType t : {RegType::kNone, RegType::kSz, RegType::kExpandSz, RegType::kBinary, RegType::kDword,
                          RegType::kDwordBigEndian, RegType::kLink, RegType::kMultiSz, RegType::kResourceList,
                          RegType::kQword}) {
    if (n == reg_type_name(t)) return t;
  }
  long long number = 0;
  if (parse_int64(name, number)) {
    switch (number) {
      case 0: return RegType::kNone;
      case 1: return RegType::kSz;
      case 2: return RegType::kExpandSz;
      case 3: return RegType::kBinary;
      case 4: return RegType::kDword;
      case 5: return RegType::kDwordBigEndian;
      case 6: return RegType::kLink;
      case 7: return RegType::kMultiSz;
      case 8: return RegType::kResourceList;
      case 11: return RegType::kQword;
      default: return std::nullopt;
    }
  }
  return std::nullopt;
}

std::string RegValue::display() const {
  if (is_number()) return std::to_string(number);
  if (is_text()) return text;
  if (type == RegType::kMultiSz) return join(multi, ", ");
  std::string out;
  char buf[4];
  for (const auto b : binary) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}

std::string Registry::canonical_path(std::string_view path) {
  // '/' is a legal character in key names (SCHANNEL's "RC4 128/128"): only backslashes separate keys.
  std::string p(trim(path));
  // Collapse repeated backslashes and drop a trailing one.
  std::string out;
  out.reserve(p.size());
  for (const char c : p) {
    if (c == '\\' && !out.empty() && out.back() == '\\') continue;
    out.push_back(c);
  }
  while (!out.empty() && out.back() == '\\') out.pop_back();
  struct Alias {
    std::string_view from;
    std::string_view to;
  };
  static constexpr Alias kAliases[] = {
      {"HKEY_LOCAL_MACHINE", "HKLM"}, {"HKLM:", "HKLM"}, {"MACHINE", "HKLM"},  {"HKLM", "HKLM"},
      {"HKEY_CURRENT_USER", "HKCU"},  {"HKCU:", "HKCU"}, {"USER", "HKCU"},     {"HKCU", "HKCU"},
      {"HKEY_USERS", "HKU"},          {"HKU", "HKU"},    {"HKEY_CLASSES_ROOT", "HKCR"}, {"HKCR", "HKCR"},
  };
  const auto slash = out.find('\\');
  const std::string_view root = std::string_view(out).substr(0, slash);
  for (const auto& alias : kAliases) {
    if (iequals(root, alias.from)) {
      return std::string(alias.to) + (slash == std::string::npos ? std::string() : out.substr(slash));
    }
  }
  return out;
}

bool Registry::covers(std::string_view key) const {
  const std::string k = canonical_path(key);
  for (const auto& root_raw : collected) {
    const std::string root = canonical_path(root_raw);
    if (iequals(k, root)) return true;
    if (k.size() > root.size() && istarts_with(k, root) && k[root.size()] == '\\') return true;
  }
  return false;
}

const RegistryKey* Registry::find(std::string_view key) const {
  const auto it = keys.find(canonical_path(key));
  return it == keys.end() ? nullptr : &it->second;
}

}  // namespace temper::model
