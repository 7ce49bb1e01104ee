// SPDX-License-Identifier: Apache-2.0
// PReg writer. Layout (MS-GPREG; ../shared/reference/windows-formats.md B.2), as collect/offline/registry_pol.cpp
// reads it:
//
//   "PReg" 01 00 00 00, then per value, every delimiter a UTF-16LE code unit:
//   '[' key\0 ';' name\0 ';' uint32 type ';' uint32 size ';' data[size] ']'
//
// Example: HKLM\SOFTWARE\Policies\Microsoft\Windows NT\DNSClient  EnableMulticast = DWORD 0 ->
//   5B 00 | "SOFTWARE\Policies\Microsoft\Windows NT\DNSClient" 00 00 | 3B 00 | "EnableMulticast" 00 00 | 3B 00 |
//   04 00 00 00 | 3B 00 | 04 00 00 00 | 3B 00 | 00 00 00 00 | 5D 00
// A removal of value X is the record [key;**del.X;REG_SZ;4;" \0"].
#include "plan/write_registry_pol.hpp"

#include <cstdint>
#include <limits>

#include "core/strings.hpp"
#include "core/utf.hpp"

namespace temper::plan {
namespace {
constexpr std::string_view kHklm = "HKLM\\";

void put_u32(std::string& out, std::uint64_t v, std::size_t bytes = 4) {
  for (std::size_t i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

// UTF-16LE text with its terminating NUL.
std::string wide_z(std::string_view text) {
  return utf8_to_utf16le(text) + std::string(2, '\0');
}

std::string data_of(const model::RegValue& v) {
  std::string out;
  switch (v.type) {
    case model::RegType::kSz:
    case model::RegType::kExpandSz:
    case model::RegType::kLink:
      return wide_z(v.text);
    case model::RegType::kMultiSz:
      for (const auto& s : v.multi) out += wide_z(s);
      return out + std::string(2, '\0');
    case model::RegType::kDword:
      put_u32(out, v.number);
      return out;
    case model::RegType::kDwordBigEndian:
      for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v.number >> shift) & 0xFF));
      return out;
    case model::RegType::kQword:
      put_u32(out, v.number, 8);
      return out;
    default:
      return std::string(v.binary.begin(), v.binary.end());
  }
}

void put_record(std::string& out, std::string_view key, std::string_view name, std::uint32_t type,
                std::string_view data) {
  const std::string semi = utf8_to_utf16le(";");
  out += utf8_to_utf16le("[") + wide_z(key) + semi + wide_z(name) + semi;
  put_u32(out, type);
  out += semi;
  put_u32(out, data.size());
  out += semi;
  out += data;
  out += utf8_to_utf16le("]");
}
}  // namespace

std::string pol_problem(const RegistryChange& change) {
  if (!istarts_with(change.key, kHklm) || change.key.size() == kHklm.size()) {
    return "a registry key outside HKLM, or HKLM itself";
  }
  if (change.value.starts_with("**")) return "a value name starting with \"**\" (a registry.pol command)";
  if (change.remove) return {};
  const auto& v = change.after;
  if (v.type == model::RegType::kDword && v.number > std::numeric_limits<std::uint32_t>::max()) {
    return "a REG_DWORD above 0xFFFFFFFF";
  }
  if (v.type == model::RegType::kMultiSz) {
    for (const auto& s : v.multi) {
      if (s.empty()) return "an empty string inside a REG_MULTI_SZ (it would end the list)";
      if (s.find('\0') != std::string::npos) return "a REG_MULTI_SZ string holding NUL";
    }
  }
  if (v.is_text() && v.text.find('\0') != std::string::npos) return "a text holding NUL";
  if (change.value.empty() && data_of(v).empty()) return "the default value with no data (read as \"create the key\")";
  return {};
}

std::string write_registry_pol(const std::vector<const RegistryChange*>& changes) {
  std::string out = "PReg";
  put_u32(out, 1);
  for (const RegistryChange* c : changes) {
    const std::string_view key = std::string_view(c->key).substr(kHklm.size());
    if (c->remove) {
      put_record(out, key, "**del." + c->value, static_cast<std::uint32_t>(model::RegType::kSz), wide_z(" "));
    } else {
      put_record(out, key, c->value, static_cast<std::uint32_t>(c->after.type), data_of(c->after));
    }
  }
  return out;
}

}  // namespace temper::plan
