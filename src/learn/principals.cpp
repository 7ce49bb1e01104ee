// SPDX-License-Identifier: Apache-2.0
// Right coverage of an observed account.
#include "learn/principals.hpp"

#include <algorithm>
#include <array>

#include "core/strings.hpp"
#include "model/sid.hpp"

namespace temper::learn {
namespace {
bool is_guest(std::string_view sid) { return sid.ends_with("-501") && sid.starts_with("S-1-5-21-"); }

// Identities the service control manager and the session manager log on themselves.
bool built_in_identity(std::string_view sid) {
  return sid == "S-1-5-18" || sid == "S-1-5-19" || sid == "S-1-5-20" || sid.starts_with("S-1-5-80-") ||
         sid.starts_with("S-1-5-90-") || sid.starts_with("S-1-5-96-");
}

// The short name of a computer ("WEB01" from "web01.corp.example.com").
std::string short_name(std::string_view computer) {
  const auto dot = computer.find('.');
  return to_upper(computer.substr(0, dot));
}

// A local account: its domain part is the computer's own name.
bool local_account(const Actor& a) {
  if (a.computer.empty()) return false;
  const auto slash = a.account.find('\\');
  if (slash == std::string::npos) return false;
  return iequals(a.account.substr(0, slash), short_name(a.computer));
}

bool same_principal(const std::string& member, const Actor& a) {
  if (!a.sid.empty() && iequals(member, a.sid)) return true;
  if (a.account.empty()) return false;
  // A member written without its domain is ambiguous (local or domain account): it does not match.
  return iequals(member, a.account);
}

const model::LocalGroup* local_group(const model::Snapshot& s, std::string_view sid) {
  if (!s.principals) return nullptr;
  for (const auto& g : s.principals->local_groups) {
    if (iequals(g.sid, sid)) return &g;
  }
  return nullptr;
}

bool member_of(const model::Snapshot& s, std::string_view group_sid, const Actor& a) {
  const model::LocalGroup* g = local_group(s, group_sid);
  if (g == nullptr) return false;
  return std::any_of(g->members.begin(), g->members.end(), [&](const std::string& m) { return same_principal(m, a); });
}

bool authenticated(const Actor& a) { return a.sid != "S-1-5-7" && !is_guest(a.sid); }

bool type_in(std::uint32_t type, std::initializer_list<std::uint32_t> types) {
  return std::find(types.begin(), types.end(), type) != types.end();
}

// Whether the holder `h` (a normalised SID or a name) covers `a`, and how.
std::optional<std::string> covers(const std::string& h, const Actor& a, const model::Snapshot& s) {
  if (h.find_first_of("*?") != std::string::npos) {
    if (!a.sid.empty() && glob_match(h, a.sid)) return "matches " + h;
    return std::nullopt;
  }
  if (same_principal(h, a)) return "held directly";
  if (h == "S-1-1-0") return "as Everyone";
  if (h == "S-1-5-11" && authenticated(a)) return "as an Authenticated User";
  if (h == "S-1-5-32-545" && authenticated(a)) {
    const model::LocalGroup* users = local_group(s, "S-1-5-32-545");
    if (users == nullptr || member_of(s, "S-1-5-32-545", Actor{"S-1-5-11", "", 0, ""}) || member_of(s, h, a)) {
      return "as a member of BUILTIN\\Users (Authenticated Users belong to it by default)";
    }
  }
  if (a.logon_type != 0) {
    if (h == "S-1-5-2" && type_in(a.logon_type, {3, 8})) return "as NETWORK (a network logon)";
    if (h == "S-1-5-3" && a.logon_type == 4) return "as BATCH (a batch logon)";
    if (h == "S-1-5-4" && type_in(a.logon_type, {2, 7, 10, 11, 12, 13})) return "as INTERACTIVE";
    if (h == "S-1-5-6" && a.logon_type == 5) return "as SERVICE (a service logon)";
    if (h == "S-1-5-14" && type_in(a.logon_type, {10, 12})) return "as REMOTE INTERACTIVE LOGON";
  }
  if (h == "S-1-5-113" && local_account(a)) return "as a Local account (" + a.account + " is an account of " + a.computer + ")";
  if (h == "S-1-5-114" && local_account(a) && member_of(s, "S-1-5-32-544", a)) {
    return "as a Local account and member of Administrators";
  }
  if (h == "S-1-5-32-544" && a.sid == "S-1-5-18") return "SYSTEM's token carries BUILTIN\\Administrators";
  if (h == "S-1-5-32-568" && a.sid.starts_with("S-1-5-82-")) return "application pool identities are members of IIS_IUSRS";
  if (h == "S-1-5-32-568" && s.iis) {
    // IIS adds IIS_IUSRS to every worker process's token, whatever identity the pool runs as.
    for (const auto& pool : s.iis->app_pools) {
      const std::string sid = pool.identity_sid();
      if ((!sid.empty() && iequals(sid, a.sid)) || (!pool.user_name.empty() && iequals(pool.user_name, a.account))) {
        return "IIS adds IIS_IUSRS to the worker process of application pool '" + pool.name + "'";
      }
    }
  }
  if (h == "S-1-5-32-546" && is_guest(a.sid)) return "the Guest account is a member of Guests";
  if (member_of(s, h, a)) {
    const auto name = model::well_known_name(h);
    return "as a member of " + (name ? std::string(*name) : h) + " (local group membership in the snapshot)";
  }
  return std::nullopt;
}
}  // namespace

Coverage covered_by(const Actor& actor, const std::vector<std::string>& holders, const model::Snapshot& snapshot) {
  for (const auto& h : holders) {
    if (auto via = covers(h, actor, snapshot)) return {Coverage::Result::kCovered, *via};
  }
  if (built_in_identity(actor.sid)) {
    return {Coverage::Result::kBuiltIn, "a Windows service identity, which logon rights do not govern"};
  }
  return {};
}

std::string describe_actor(const Actor& a) {
  if (a.account.empty()) return a.sid.empty() ? std::string("(unknown account)") : a.sid;
  if (a.sid.empty() || a.sid == "S-1-0-0") return a.account;
  return a.account + " (" + a.sid + ")";
}

std::string logon_type_name(std::uint32_t type) {
  static constexpr std::array<std::string_view, 14> kNames{"",        "",        "interactive",       "network",
                                                           "batch",   "service", "",                  "unlock",
                                                           "network cleartext", "new credentials", "remote interactive",
                                                           "cached interactive", "cached remote interactive", "cached unlock"};
  if (type < kNames.size() && !kNames[type].empty()) return std::string(kNames[type]) + " (" + std::to_string(type) + ")";
  return "type " + std::to_string(type);
}

}  // namespace temper::learn
