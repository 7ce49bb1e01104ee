// SPDX-License-Identifier: Apache-2.0
// Judges over accounts and services: logon rights, privileges, configuration needs, services,
// NTLM and SMBv1 use.
#include <algorithm>
#include <optional>

#include "core/strings.hpp"
#include "engine/evaluator.hpp"
#include "learn/detail/judging.hpp"
#include "learn/principals.hpp"
#include "model/sid.hpp"

namespace temper::learn::detail {
namespace {
constexpr std::string_view kLogonGuid = "{0cce9215-69ae-11d9-bed3-505054503030}";
constexpr std::string_view kSensitivePrivilegeGuid = "{0cce9228-69ae-11d9-bed3-505054503030}";
constexpr std::string_view kNonSensitivePrivilegeGuid = "{0cce9229-69ae-11d9-bed3-505054503030}";

// The holders the rule's user-right fix assigns on this host, normalised to SIDs where known.
// nullopt (with a note) when they cannot be known.
std::optional<std::vector<std::string>> new_holders(Context& ctx) {
  const model::UserRightFix* fix = nullptr;
  for (const auto& f : ctx.rule.fixes) {
    if ((fix = std::get_if<model::UserRightFix>(&f)) != nullptr) break;
  }
  if (fix == nullptr) return std::nullopt;
  engine::ExpectedHolders holders;
  const auto* check = std::get_if<model::UserRightCheck>(&ctx.rule.check);
  if (fix->set.size() == 1 && fix->set.front() == "$expected" && check != nullptr) {
    holders = engine::expected_holders(*check, ctx.snapshot, ctx.index);
  } else {
    holders = engine::resolve_principals(fix->set, {}, ctx.snapshot, ctx.index);
  }
  if (holders.error) {
    ctx.verdict.notes.push_back("the fix's holders cannot be known: " + *holders.error);
    return std::nullopt;
  }
  for (auto& p : holders.principals) {
    if (!model::is_sid(p)) {
      if (auto sid = model::resolve_principal(p)) p = *sid;
    } else {
      p = model::normalize_sid(p);
    }
  }
  return holders.principals;
}

// A map the profile had to cap (hostile or enormous input): what it folded cannot be judged.
template <typename Map>
void require_unfolded(Context& ctx, const Map& m, std::string_view what) {
  for (const auto& [key, value] : m) {
    bool folded = false;
    if constexpr (requires { key.sid; }) folded = key.sid == SiteUsage::kOther;
    if constexpr (requires { key.name; }) folded = key.name == SiteUsage::kOther;
    if (folded) {
      ctx.require("every " + std::string(what) + " (more than " + std::to_string(UsageProfile::kMaxKeys) +
                      " distinct ones were seen; the profile keeps the first in sorted order)",
                  "judge this rule on a shorter window or fewer files at a time", Counter{});
      return;
    }
  }
}

bool audited(const model::Snapshot& s, std::string_view guid) {
  if (!s.audit_policy) return false;
  const auto it = s.audit_policy->find(std::string(guid));
  return it != s.audit_policy->end() && it->second.success;
}

std::string places(const LogonStats& stats) {
  std::vector<std::string> parts;
  for (const auto& a : stats.addresses.values) {
    if (a != "-") parts.push_back(a);
  }
  for (const auto& w : stats.workstations.values) {
    if (w != "-") parts.push_back(w);
  }
  if (parts.empty()) return {};
  return " from " + join(parts, ", ") + (stats.addresses.more || stats.workstations.more ? ", ..." : "");
}

// The logon type a site's Basic authentication uses (logonMethod), if Basic is enabled at its root.
std::optional<std::uint32_t> basic_logon_type(const Context& ctx, const model::IisSite& site, std::string& method) {
  if (ctx.index == nullptr) return std::nullopt;
  const model::IisScope* scope = ctx.index->scope("MACHINE/WEBROOT/APPHOST/" + site.name);
  if (scope == nullptr) return std::nullopt;
  const auto path = engine::parse_element_path("system.webServer/security/authentication/basicAuthentication");
  if (!path) return std::nullopt;
  const auto enabled = engine::lookup_iis(*ctx.index, *scope, *path, "basicAuthentication", "enabled");
  if (!enabled.present || !iequals(enabled.value, "true")) return std::nullopt;
  const auto logon = engine::lookup_iis(*ctx.index, *scope, *path, "basicAuthentication", "logonMethod");
  method = logon.present ? logon.value : "ClearText";
  if (iequals(method, "Interactive")) return 2;
  if (iequals(method, "Batch")) return 4;
  if (iequals(method, "Network")) return 3;
  return 8;
}

void judge_actor(Context& ctx, const Actor& actor, const std::vector<std::string>& holders, bool deny, Conflict c,
                 const Counter* seen) {
  const Coverage cov = covered_by(actor, holders, ctx.snapshot);
  if (cov.result == Coverage::Result::kBuiltIn) return;
  const bool covered = cov.result == Coverage::Result::kCovered;
  if (deny == covered) {
    c.who = describe_actor(actor);
    if (deny) {
      c.detail += ": the fix denies it (" + cov.via + ")";
    } else {
      c.detail += ": not among the fix's holders";
      c.keep = actor.sid.empty() || actor.sid == "S-1-0-0" ? actor.account : actor.sid;
    }
    ctx.conflict(std::move(c), seen);
  }
}
}  // namespace

void judge_logons(Context& ctx, const model::LogonEvidence& e) {
  const Counter span = ctx.log_span("Security", {4624});
  ctx.require("Security log with successful logons (4624)",
              "enable Audit Logon (Success) and keep the Security log for the whole window", span);
  const auto holders = new_holders(ctx);
  if (!holders) return;
  if (ctx.snapshot.audit_policy && !audited(ctx.snapshot, kLogonGuid)) {
    ctx.verdict.notes.push_back("the snapshot's audit policy does not audit Logon successes: 4624 events may be missing");
  }
  require_unfolded(ctx, ctx.profile.logons, "logon");
  const auto wanted = [&](std::uint32_t t) { return std::find(e.types.begin(), e.types.end(), t) != e.types.end(); };
  for (const auto& [key, stats] : ctx.profile.logons) {
    if (!wanted(key.logon_type)) continue;
    Actor actor{key.sid, key.account, key.logon_type, ctx.snapshot.host.name};
    Conflict c{"logon", {}, "logs on as " + logon_type_name(key.logon_type) + places(stats), {}, "Security", {}};
    judge_actor(ctx, actor, *holders, e.deny, std::move(c), &stats.seen);
  }
  // Basic-authenticated web users log on with their site's logonMethod.
  for (const auto& [log, usage] : ctx.profile.sites) {
    const model::IisSite* site = site_of_log(ctx, log);
    if (site == nullptr || usage.users.empty()) continue;
    std::string method;
    const auto type = basic_logon_type(ctx, *site, method);
    if (!type || !wanted(*type)) continue;
    for (const auto& [user, seen] : usage.users) {
      if (user.user == SiteUsage::kOther) {
        ctx.require("every Basic user of site '" + site->name + "' (more than " + std::to_string(SiteUsage::kMaxKeys) +
                        " distinct users were seen; the profile keeps the first in sorted order)",
                    "check the site's users against the fix's holders", Counter{});
        continue;
      }
      Actor actor{"", user.user, *type, ctx.snapshot.host.name};
      if (ctx.snapshot.principals) {
        for (const auto& a : ctx.snapshot.principals->accounts) {
          if (iequals(a.name, user.user)) actor.sid = a.sid;
        }
      }
      Conflict c{"logon", {}, "signs in to site '" + site->name + "' (Basic authentication, logonMethod " + method +
                                  ": a " + logon_type_name(*type) + " logon)", {}, log, {}};
      judge_actor(ctx, actor, *holders, e.deny, std::move(c), &seen);
    }
  }
}

// Privileges whose use "Audit Sensitive Privilege Use" records (4673/4674); the others fall under
// "Audit Non Sensitive Privilege Use". Backup, restore, debug, token creation and assignment and
// auditing are never recorded unless FullPrivilegeAuditing is set, so content does not judge them here.
bool sensitive_privilege(std::string_view p) {
  static constexpr std::string_view kSensitive[] = {
      "SeEnableDelegationPrivilege", "SeImpersonatePrivilege", "SeLoadDriverPrivilege",  "SeSecurityPrivilege",
      "SeSystemEnvironmentPrivilege", "SeTakeOwnershipPrivilege", "SeTcbPrivilege",      "SeCreateTokenPrivilege",
      "SeAssignPrimaryTokenPrivilege", "SeAuditPrivilege",       "SeBackupPrivilege",     "SeRestorePrivilege",
      "SeDebugPrivilege"};
  return std::any_of(std::begin(kSensitive), std::end(kSensitive), [&](std::string_view s) { return iequals(s, p); });
}

void judge_privileges(Context& ctx, const model::PrivilegeEvidence& e) {
  const bool sensitive = std::all_of(e.privileges.begin(), e.privileges.end(), [](const auto& p) { return sensitive_privilege(p); });
  // Coverage: 4673/4674 events of privileges in the same audit subcategory prove it was on since
  // their first event; or the snapshot's audit policy says it is on, over the Security log's span.
  Counter span;
  for (const auto& [key, seen] : ctx.profile.privileges) {
    if ((key.event_id == 4673 || key.event_id == 4674) && sensitive_privilege(key.privilege) == sensitive) span.merge(seen);
  }
  const std::string_view guid = sensitive ? kSensitivePrivilegeGuid : kNonSensitivePrivilegeGuid;
  if (audited(ctx.snapshot, guid)) {
    const Counter log = ctx.log_span("Security");
    if (span_days(log) > span_days(span)) span = log;
    ctx.verdict.notes.push_back(std::string("the snapshot's audit policy records ") + (sensitive ? "sensitive" : "non-sensitive") +
                                " privilege use");
  }
  ctx.require(std::string("Security log with ") + (sensitive ? "sensitive" : "non-sensitive") + " privilege use (4673/4674)",
              std::string("enable Audit ") + (sensitive ? "Sensitive" : "Non Sensitive") +
                  " Privilege Use (Success) and keep the Security log for the whole window",
              span);
  const auto holders = new_holders(ctx);
  if (!holders) return;
  require_unfolded(ctx, ctx.profile.privileges, "privilege use");
  std::vector<std::string> privileges = e.privileges;
  if (privileges.empty()) {
    for (const auto& f : ctx.rule.fixes) {
      if (const auto* u = std::get_if<model::UserRightFix>(&f)) privileges.push_back(u->right);
    }
  }
  for (const auto& [key, seen] : ctx.profile.privileges) {
    if (key.event_id == 4672) continue;  // held at logon, not used
    if (std::none_of(privileges.begin(), privileges.end(), [&](const auto& p) { return iequals(p, key.privilege); })) continue;
    Actor actor{key.sid, key.account, 0, ctx.snapshot.host.name};
    Conflict c{"privilege", {}, "used " + key.privilege + (key.process.empty() || key.process == "-" ? "" : " in " + key.process),
               {}, "Security", {}};
    judge_actor(ctx, actor, *holders, false, std::move(c), &seen);
  }
}

void judge_needs(Context& ctx, const model::ConfigNeedEvidence& e) {
  const auto holders = new_holders(ctx);
  if (!holders) {
    ctx.require("the fix's holders for this server", "collect what the note above names", Counter{});
    return;
  }
  const engine::ExpectedHolders needed = engine::resolve_principals(e.principals, {}, ctx.snapshot, ctx.index);
  if (needed.error) {
    ctx.require("the configuration that says who needs the right", *needed.error, Counter{});
    return;
  }
  for (const auto& p : needed.principals) {
    std::string sid = model::is_sid(p) ? model::normalize_sid(p) : std::string(model::resolve_principal(p).value_or(""));
    Actor actor{sid, sid.empty() ? p : engine::principal_name(ctx.snapshot, sid), 0, ctx.snapshot.host.name};
    if (p.find_first_of("*?") != std::string::npos) continue;  // a pattern stands for no one in particular
    Conflict c{"configuration", {}, e.note, {}, "", {}};
    judge_actor(ctx, actor, *holders, e.deny, std::move(c), nullptr);
  }
}

void judge_services(Context& ctx, const model::ServiceEvidence& e) {
  ctx.require("System log with service state changes (7036)", "collect the System log for the whole window",
              ctx.log_span("System", {7036}));
  require_unfolded(ctx, ctx.profile.services, "service event");
  std::vector<std::string> names = e.services;
  if (names.empty()) {
    for (const auto& f : ctx.rule.fixes) {
      if (const auto* s = std::get_if<model::ServiceFix>(&f)) names.push_back(s->name);
    }
  }
  for (const auto& name : names) {
    std::string display = name;
    if (ctx.snapshot.services) {
      if (const auto it = ctx.snapshot.services->find(name); it != ctx.snapshot.services->end() && !it->second.display_name.empty()) {
        display = it->second.display_name;
      }
    }
    for (const auto& [key, seen] : ctx.profile.services) {
      if (!iequals(key.name, name) && !iequals(key.name, display)) continue;
      std::string what;
      if (key.action == "state" && (iequals(key.detail, "running") || iequals(key.detail, "start"))) {
        what = "was running";
      } else if (key.action == "installed") {
        what = "was installed" + (key.detail.empty() ? std::string() : " to run as " + key.detail);
      } else if (key.action == "start_type") {
        what = "had its start type changed to " + key.detail;
      } else {
        continue;
      }
      ctx.conflict(Conflict{"service", display + " (" + name + ")", what + ": disabling it stops whatever uses it", {}, "System", {}},
                   &seen);
    }
  }
}

void judge_ntlm(Context& ctx, const model::NtlmEvidence& e) {
  if (e.use == "outgoing") {
    ctx.require("Microsoft-Windows-NTLM/Operational log (8001)",
                "set Network security: Restrict NTLM: Outgoing NTLM traffic to remote servers to Audit all, and collect the "
                "NTLM/Operational log",
                ctx.log_span("Microsoft-Windows-NTLM/Operational"));
    for (const auto& [key, seen] : ctx.profile.ntlm) {
      if (key.event_id != 8001) continue;
      ctx.conflict(Conflict{"ntlm", key.account, "authenticated with NTLM to " + key.target +
                                                     (key.process.empty() ? "" : " from " + key.process),
                            {}, "Microsoft-Windows-NTLM/Operational", {}},
                   &seen);
    }
    return;
  }
  ctx.require("Security log with successful logons (4624)",
              "enable Audit Logon (Success) and keep the Security log for the whole window", ctx.log_span("Security", {4624}));
  require_unfolded(ctx, ctx.profile.logons, "logon");
  for (const auto& [key, stats] : ctx.profile.logons) {
    const bool v1 = iequals(key.lm_package, "NTLM V1") || iequals(key.lm_package, "LM");
    const bool ntlm = iequals(key.package, "NTLM") || v1;
    if (e.use == "v1" ? !v1 : !ntlm) continue;
    Actor actor{key.sid, key.account, key.logon_type, ctx.snapshot.host.name};
    if (covered_by(actor, {}, ctx.snapshot).result == Coverage::Result::kBuiltIn) continue;
    ctx.conflict(Conflict{"ntlm", describe_actor(actor),
                          "logged on with " + (v1 ? key.lm_package : std::string("NTLM")) + places(stats), {}, "Security", {}},
                 &stats.seen);
  }
  if (e.use == "incoming") {
    for (const auto& [key, seen] : ctx.profile.ntlm) {
      if (key.event_id != 8002 && key.event_id != 8003 && key.event_id != 8004) continue;
      ctx.conflict(Conflict{"ntlm", key.account,
                            "authenticated to this server with NTLM" +
                                (key.workstation.empty() ? std::string() : " from " + key.workstation),
                            {}, "Microsoft-Windows-NTLM/Operational", {}},
                   &seen);
    }
  }
}

void judge_smb1(Context& ctx) {
  ctx.require("Microsoft-Windows-SMBServer/Audit log (3000)",
              "run Set-SmbServerConfiguration -AuditSmb1Access $true and collect the SMBServer/Audit log for the whole window",
              ctx.log_span("Microsoft-Windows-SMBServer/Audit"));
  for (const auto& [key, seen] : ctx.profile.smb1_clients) {
    ctx.conflict(Conflict{"smb1", key.client, "connected with SMBv1", {}, "Microsoft-Windows-SMBServer/Audit", {}}, &seen);
  }
}

}  // namespace temper::learn::detail
