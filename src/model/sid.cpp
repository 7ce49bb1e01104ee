// SPDX-License-Identifier: Apache-2.0
// The well-known SID table and virtual-account SID derivation.
#include "model/sid.hpp"

#include <array>
#include <cstdint>
#include <mutex>
#include <unordered_map>

#include "core/sha1.hpp"
#include "core/strings.hpp"
#include "core/utf.hpp"

namespace temper::model {
namespace {
// Sources: Microsoft "Well-known SIDs" documentation and ../shared/reference/windows-formats.md B.6.
constexpr std::array kTable = {
    WellKnownSid{"S-1-0-0", "NULL SID", "alias"},
    WellKnownSid{"S-1-1-0", "Everyone", "group"},
    WellKnownSid{"S-1-2-0", "LOCAL", "group"},
    WellKnownSid{"S-1-2-1", "CONSOLE LOGON", "group"},
    WellKnownSid{"S-1-3-0", "CREATOR OWNER", "alias"},
    WellKnownSid{"S-1-3-1", "CREATOR GROUP", "alias"},
    WellKnownSid{"S-1-3-4", "OWNER RIGHTS", "alias"},
    WellKnownSid{"S-1-5-1", "NT AUTHORITY\\DIALUP", "logon"},
    WellKnownSid{"S-1-5-2", "NT AUTHORITY\\NETWORK", "logon"},
    WellKnownSid{"S-1-5-3", "NT AUTHORITY\\BATCH", "logon"},
    WellKnownSid{"S-1-5-4", "NT AUTHORITY\\INTERACTIVE", "logon"},
    WellKnownSid{"S-1-5-6", "NT AUTHORITY\\SERVICE", "logon"},
    WellKnownSid{"S-1-5-7", "NT AUTHORITY\\ANONYMOUS LOGON", "logon"},
    WellKnownSid{"S-1-5-9", "NT AUTHORITY\\ENTERPRISE DOMAIN CONTROLLERS", "group"},
    WellKnownSid{"S-1-5-10", "NT AUTHORITY\\SELF", "alias"},
    WellKnownSid{"S-1-5-11", "NT AUTHORITY\\Authenticated Users", "group"},
    WellKnownSid{"S-1-5-12", "NT AUTHORITY\\RESTRICTED", "group"},
    WellKnownSid{"S-1-5-13", "NT AUTHORITY\\TERMINAL SERVER USER", "group"},
    WellKnownSid{"S-1-5-14", "NT AUTHORITY\\REMOTE INTERACTIVE LOGON", "logon"},
    WellKnownSid{"S-1-5-15", "NT AUTHORITY\\This Organization", "group"},
    WellKnownSid{"S-1-5-17", "NT AUTHORITY\\IUSR", "user"},
    WellKnownSid{"S-1-5-18", "NT AUTHORITY\\SYSTEM", "user"},
    WellKnownSid{"S-1-5-19", "NT AUTHORITY\\LOCAL SERVICE", "user"},
    WellKnownSid{"S-1-5-20", "NT AUTHORITY\\NETWORK SERVICE", "user"},
    WellKnownSid{"S-1-5-32-544", "BUILTIN\\Administrators", "group"},
    WellKnownSid{"S-1-5-32-545", "BUILTIN\\Users", "group"},
    WellKnownSid{"S-1-5-32-546", "BUILTIN\\Guests", "group"},
    WellKnownSid{"S-1-5-32-547", "BUILTIN\\Power Users", "group"},
    WellKnownSid{"S-1-5-32-548", "BUILTIN\\Account Operators", "group"},
    WellKnownSid{"S-1-5-32-549", "BUILTIN\\Server Operators", "group"},
    WellKnownSid{"S-1-5-32-550", "BUILTIN\\Print Operators", "group"},
    WellKnownSid{"S-1-5-32-551", "BUILTIN\\Backup Operators", "group"},
    WellKnownSid{"S-1-5-32-552", "BUILTIN\\Replicator", "group"},
    WellKnownSid{"S-1-5-32-554", "BUILTIN\\Pre-Windows 2000 Compatible Access", "group"},
    WellKnownSid{"S-1-5-32-555", "BUILTIN\\Remote Desktop Users", "group"},
    WellKnownSid{"S-1-5-32-556", "BUILTIN\\Network Configuration Operators", "group"},
    WellKnownSid{"S-1-5-32-558", "BUILTIN\\Performance Monitor Users", "group"},
    WellKnownSid{"S-1-5-32-559", "BUILTIN\\Performance Log Users", "group"},
    WellKnownSid{"S-1-5-32-562", "BUILTIN\\Distributed COM Users", "group"},
    WellKnownSid{"S-1-5-32-568", "BUILTIN\\IIS_IUSRS", "group"},
    WellKnownSid{"S-1-5-32-569", "BUILTIN\\Cryptographic Operators", "group"},
    WellKnownSid{"S-1-5-32-573", "BUILTIN\\Event Log Readers", "group"},
    WellKnownSid{"S-1-5-32-574", "BUILTIN\\Certificate Service DCOM Access", "group"},
    WellKnownSid{"S-1-5-32-575", "BUILTIN\\RDS Remote Access Servers", "group"},
    WellKnownSid{"S-1-5-32-576", "BUILTIN\\RDS Endpoint Servers", "group"},
    WellKnownSid{"S-1-5-32-577", "BUILTIN\\RDS Management Servers", "group"},
    WellKnownSid{"S-1-5-32-578", "BUILTIN\\Hyper-V Administrators", "group"},
    WellKnownSid{"S-1-5-32-579", "BUILTIN\\Access Control Assistance Operators", "group"},
    WellKnownSid{"S-1-5-32-580", "BUILTIN\\Remote Management Users", "group"},
    WellKnownSid{"S-1-5-32-583", "BUILTIN\\Device Owners", "group"},
    WellKnownSid{"S-1-5-64-10", "NT AUTHORITY\\NTLM Authentication", "alias"},
    WellKnownSid{"S-1-5-80-0", "NT SERVICE\\ALL SERVICES", "group"},
    WellKnownSid{"S-1-5-83-0", "NT VIRTUAL MACHINE\\Virtual Machines", "group"},
    WellKnownSid{"S-1-5-90-0", "Window Manager\\Window Manager Group", "group"},
    WellKnownSid{"S-1-5-113", "NT AUTHORITY\\Local account", "alias"},
    WellKnownSid{"S-1-5-114", "NT AUTHORITY\\Local account and member of Administrators group", "alias"},
    WellKnownSid{"S-1-15-2-1", "APPLICATION PACKAGE AUTHORITY\\ALL APPLICATION PACKAGES", "group"},
    WellKnownSid{"S-1-15-2-2", "APPLICATION PACKAGE AUTHORITY\\ALL RESTRICTED APPLICATION PACKAGES", "group"},
    WellKnownSid{"S-1-16-4096", "Mandatory Label\\Low Mandatory Level", "label"},
    WellKnownSid{"S-1-16-8192", "Mandatory Label\\Medium Mandatory Level", "label"},
    WellKnownSid{"S-1-16-12288", "Mandatory Label\\High Mandatory Level", "label"},
    WellKnownSid{"S-1-16-16384", "Mandatory Label\\System Mandatory Level", "label"},
};

std::string virtual_account_sid(std::string_view authority_prefix, const std::string& folded_name) {
  const std::string utf16 = utf8_to_utf16le(folded_name);
  const auto digest = sha1(std::as_bytes(std::span<const char>(utf16.data(), utf16.size())));
  std::string out(authority_prefix);
  for (std::size_t i = 0; i < 5; ++i) {
    const std::uint32_t v = static_cast<std::uint32_t>(digest[i * 4]) |
                            (static_cast<std::uint32_t>(digest[i * 4 + 1]) << 8) |
                            (static_cast<std::uint32_t>(digest[i * 4 + 2]) << 16) |
                            (static_cast<std::uint32_t>(digest[i * 4 + 3]) << 24);
    out += '-';
    out += std::to_string(v);
  }
  return out;
}

std::string_view short_name(std::string_view full) {
  const auto slash = full.rfind('\\');
  return slash == std::string_view::npos ? full : full.substr(slash + 1);
}
}  // namespace

std::span<const WellKnownSid> well_known_sids() { return kTable; }

bool is_sid(std::string_view text) {
  if (text.size() < 5 || !istarts_with(text, "S-1-")) return false;
  bool digit_seen = false;
  for (std::size_t i = 4; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      digit_seen = true;
    } else if (c == '-' && digit_seen) {
      digit_seen = false;
    } else {
      return false;
    }
  }
  return digit_seen;
}

std::string normalize_sid(std::string_view text) {
  const std::string_view t = trim(text);
  // secedit's "*S-1-5-32-544": the star marks a SID. Anything else is kept as written (a name, or
  // text that only looks starred), so normalising twice changes nothing (found by fuzzing:
  // "**S-1-5-6" became "*S-1-5-6" on one read and "S-1-5-6" on the next).
  if (const std::string_view bare = t.starts_with('*') ? t.substr(1) : t; is_sid(bare)) return to_upper(bare);
  return std::string(t);
}

std::optional<std::string_view> well_known_name(std::string_view sid) {
  for (const auto& entry : kTable) {
    if (iequals(entry.sid, sid)) return entry.name;
  }
  return std::nullopt;
}

std::optional<std::string_view> well_known_sid(std::string_view name) {
  const std::string_view n = trim(name);
  for (const auto& entry : kTable) {
    if (iequals(entry.name, n)) return entry.sid;
  }
  // Unqualified form ("Administrators", "LOCAL SERVICE"), as secedit and CIS write them.
  for (const auto& entry : kTable) {
    if (iequals(short_name(entry.name), n)) return entry.sid;
  }
  // Aliases seen in exports and benchmark text.
  struct Alias {
    std::string_view name;
    std::string_view sid;
  };
  static constexpr Alias kAliases[] = {
      {"LocalSystem", "S-1-5-18"},          {"Local System", "S-1-5-18"},
      {"LocalService", "S-1-5-19"},         {"NetworkService", "S-1-5-20"},
      {"NT AUTHORITY\\LocalService", "S-1-5-19"}, {"NT AUTHORITY\\NetworkService", "S-1-5-20"},
      {"Local Account", "S-1-5-113"},       {"Virtual Machines", "S-1-5-83-0"},
  };
  for (const auto& alias : kAliases) {
    if (iequals(alias.name, n)) return alias.sid;
  }
  return std::nullopt;
}

std::string service_sid(std::string_view service_name) {
  return virtual_account_sid("S-1-5-80", to_upper(service_name));
}

std::string app_pool_sid(std::string_view pool_name) {
  // Rules ask for the SID of every pool of a hosting server for every user right: remember them
  // (bounded: a pathological snapshot cannot grow the cache past the cap).
  static std::mutex mutex;
  static std::unordered_map<std::string, std::string> cache;
  std::string key = to_lower(pool_name);
  {
    const std::lock_guard lock(mutex);
    if (const auto it = cache.find(key); it != cache.end()) return it->second;
  }
  std::string sid = virtual_account_sid("S-1-5-82", key);
  const std::lock_guard lock(mutex);
  if (cache.size() < 200000) cache.emplace(std::move(key), sid);
  return sid;
}

std::optional<std::string> resolve_principal(std::string_view spec) {
  const std::string s = normalize_sid(spec);
  if (is_sid(s)) return s;
  if (istarts_with(s, "NT SERVICE\\") && s.size() > 11 && !iequals(s, "NT SERVICE\\ALL SERVICES")) {
    return service_sid(std::string_view(s).substr(11));
  }
  if (istarts_with(s, "IIS APPPOOL\\") && s.size() > 12) return app_pool_sid(std::string_view(s).substr(12));
  if (auto sid = well_known_sid(s)) return std::string(*sid);
  return std::nullopt;
}

}  // namespace temper::model
