// SPDX-License-Identifier: Apache-2.0
// The audit engine.
//
// How a rule is judged, worked through with "Impersonate a client after authentication"
// (win.user-right.SeImpersonatePrivilege) on an IIS member server:
//
//   1. Applicability. The rule applies to member servers and domain controllers. The host's role
//      is member_server, so it applies. (A workstation gets `not_applicable`; an unknown role gets
//      `error: not collected: host role`, never a guess.)
//   2. Expected value. The check expects holders within {Administrators S-1-5-32-544, LOCAL SERVICE
//      S-1-5-19, NETWORK SERVICE S-1-5-20, SERVICE S-1-5-6}. Its adjustment "when Web-Server is
//      installed add IIS_IUSRS S-1-5-32-568" fires because the snapshot's feature list holds
//      Web-Server, so IIS_IUSRS joins the expected set and the evidence records why.
//   3. Actual value. snapshot.user_rights["SeImpersonatePrivilege"] =
//      [S-1-5-32-544, S-1-5-19, S-1-5-20, S-1-5-6, S-1-5-32-568, S-1-5-21-...-1013].
//   4. Comparison (match: subset). Every holder must be expected; S-1-5-21-...-1013 is not, so the
//      finding is `fail`, with actual listing the holders by name and the evidence naming the
//      unexpected one ("CORP\\svc-report").
//   5. Exceptions. If an exceptions file says `rule: win.user-right.SeImpersonatePrivilege` with a
//      reason and an expiry in the future, the finding becomes `excepted` and carries the reason; an
//      expired exception leaves it `fail` and says so in the evidence.
//
// IIS rules add scopes. directoryBrowse@enabled is looked up at the server level and at every site,
// application, virtual directory and folder, each value with its origin (file:line, or the schema
// default). A scope whose value comes from the same origin as its parent's is folded into the
// parent's finding ("also applies to: ..."); a scope that overrides it gets its own finding. So a
// server-level `false` that site B overrides to `true` in its web.config gives `pass` at the server
// and `fail` at B, pointing at B's web.config line.
#include "engine/evaluator.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/strings.hpp"
#include "engine/expectation.hpp"
#include "engine/iis_lookup.hpp"
#include "model/sid.hpp"
#include "model/iis_schema.hpp"
#include "model/user_rights.hpp"

namespace temper::engine {
namespace {
using model::Finding;
using model::Status;

// ---- host conditions (tri-state) -------------------------------------------------------------

struct Truth {
  enum Value { kNo, kYes, kUnknown } value = kYes;
  std::string detail;  ///< why (for no) or what is missing (for unknown)
};

std::optional<bool> feature_installed(const model::Snapshot& s, const std::string& name) {
  if (s.features) return s.features->contains(name);
  // Without a feature list, the IIS section still tells whether the web server role is there.
  if (s.iis && (iequals(name, "Web-Server") || iequals(name, "Web-WebServer"))) return s.iis->installed;
  return std::nullopt;
}

std::string role_list(const std::vector<model::Role>& roles) {
  std::vector<std::string> names;
  for (const auto r : roles) names.emplace_back(model::role_name(r));
  return join(names, ", ");
}

Truth holds(const model::Condition& c, const model::Snapshot& s) {
  if (!c.roles.empty()) {
    if (!s.host.role) return {Truth::kUnknown, "not collected: host role"};
    if (std::find(c.roles.begin(), c.roles.end(), *s.host.role) == c.roles.end()) {
      return {Truth::kNo, "applies to " + role_list(c.roles) + "; this host is a " +
                              std::string(model::role_name(*s.host.role))};
    }
  }
  for (const auto& f : c.features) {
    const auto installed = feature_installed(s, f);
    if (!installed) return {Truth::kUnknown, "not collected: installed features (needed to know whether " + f + " is installed)"};
    if (!*installed) return {Truth::kNo, "requires the " + f + " feature, which is not installed"};
  }
  for (const auto& f : c.not_features) {
    const auto installed = feature_installed(s, f);
    if (!installed) return {Truth::kUnknown, "not collected: installed features (needed to know whether " + f + " is installed)"};
    if (*installed) return {Truth::kNo, "does not apply when " + f + " is installed"};
  }
  if (c.iis_installed) {
    std::optional<bool> iis;
    if (s.iis) {
      iis = s.iis->installed;
    } else if (s.features) {
      iis = s.has_feature("Web-Server") || s.has_feature("Web-WebServer");
    }
    if (!iis) return {Truth::kUnknown, "not collected: whether IIS is installed"};
    if (*iis != *c.iis_installed) return {Truth::kNo, *c.iis_installed ? "IIS is not installed" : "IIS is installed"};
  }
  return {};
}

Finding base_finding(const model::Rule& rule) {
  Finding f;
  f.rule = &rule;
  return f;
}

Finding not_applicable_finding(const model::Rule& rule, std::string setting, std::string reason) {
  Finding f = base_finding(rule);
  f.status = Status::kNotApplicable;
  f.setting = std::move(setting);
  f.reason = std::move(reason);
  return f;
}

// Record the observed value and the verdict of one expectation.
void judge(Finding& f, const model::Expectation& expect, const Observed& o) {
  f.actual = o.display();
  f.status = satisfies(expect, o) ? Status::kPass : Status::kFail;
}

Finding error_finding(const model::Rule& rule, std::string setting, std::string reason) {
  Finding f = base_finding(rule);
  f.status = Status::kError;
  f.setting = std::move(setting);
  f.reason = std::move(reason);
  return f;
}

// ---- user rights ----------------------------------------------------------------------------

// Names of application pool identities by SID, built once per rule: a hosting server's thousands of
// pools would otherwise be searched once per holder.
using PoolNames = std::map<std::string, std::string, ILess>;
PoolNames pool_names(const model::Snapshot& s) {
  PoolNames out;
  if (!s.iis) return out;
  for (const auto& pool : s.iis->app_pools) {
    if (iequals(pool.identity_type, "ApplicationPoolIdentity")) out.emplace(model::app_pool_sid(pool.name), "IIS APPPOOL\\" + pool.name);
  }
  return out;
}

std::string describe(const model::Snapshot& s, const PoolNames& pools, const std::string& sid_or_name) {
  const auto it = pools.find(sid_or_name);
  const std::string name = it != pools.end() ? it->second : principal_name(s, sid_or_name);
  return name.empty() ? sid_or_name : name + " (" + sid_or_name + ")";
}

std::string describe_list(const model::Snapshot& s, const PoolNames& pools, const std::vector<std::string>& sids) {
  if (sids.empty()) return "no one";
  std::vector<std::string> parts;
  for (const auto& sid : sids) parts.push_back(describe(s, pools, sid));
  return join(parts, ", ");
}

bool principal_matches(const std::string& spec, const std::string& holder) {
  if (spec.find_first_of("*?") != std::string::npos) return glob_match(spec, holder);
  return iequals(spec, holder);
}

}  // namespace

ExpectedHolders expected_holders(const model::UserRightCheck& c, const model::Snapshot& s, const IisIndex* index) {
  return resolve_principals(c.principals, c.adjust, s, index);
}

ExpectedHolders resolve_principals(const std::vector<std::string>& principals,
                                   const std::vector<model::PrincipalAdjustment>& adjust, const model::Snapshot& s,
                                   const IisIndex* index) {
  ExpectedHolders out;
  std::vector<std::string> expected;
  std::vector<std::string> pending = principals;
  for (const auto& adj : adjust) {
    const Truth t = holds(adj.when, s);
    if (t.value == Truth::kUnknown) {
      out.error = "cannot decide the expected holders: " + t.detail;
      return out;
    }
    if (t.value == Truth::kYes) {
      pending.insert(pending.end(), adj.add.begin(), adj.add.end());
      out.evidence.push_back("adjustment applied: " + (adj.note.empty() ? std::string("host condition holds") : adj.note));
    }
  }
  for (const auto& p : pending) {
    if (p.starts_with("name:")) {
      // An account the host names (a domain group such as Exchange Servers has no fixed SID): it is
      // expected where the snapshot's principals or the rights' holders name it, in any domain.
      const std::string name = p.substr(5);
      const auto named = [&name](std::string_view n) { return iequals(n, name) || iends_with(n, "\\" + name); };
      std::vector<std::string> found;
      if (s.principals) {
        for (const auto& a : s.principals->accounts) {
          if (named(a.name)) found.push_back(a.sid.empty() ? a.name : a.sid);
        }
        for (const auto& g : s.principals->local_groups) {
          if (named(g.name)) found.push_back(g.sid.empty() ? g.name : g.sid);
        }
      }
      if (s.user_rights) {
        for (const auto& [right, holders] : *s.user_rights) {
          for (const auto& h : holders) {
            if (!istarts_with(h, "S-1-") && named(h)) found.push_back(h);
          }
        }
      }
      out.evidence.push_back(found.empty() ? "no account named " + name + " is known on this host"
                                           : name + " is known on this host and expected");
      expected.insert(expected.end(), found.begin(), found.end());
      continue;
    }
    if (p.starts_with("$app_pool_identities")) {
      // "$app_pool_identities" or "$app_pool_identities:<logonType>" (only pools that log on that way).
      const std::string logon = p.size() > 20 ? p.substr(21) : std::string();
      if (!s.iis && s.source.kind == model::SourceKind::kPolicy) {
        // A policy is judged for any server it may apply to: whichever pools that server has.
        expected.emplace_back("S-1-5-82-*");
        out.evidence.push_back("a policy cannot know the server's application pools: any IIS APPPOOL\\* identity (S-1-5-82-*) is accepted");
        continue;
      }
      if (!s.iis) {
        // The pools decide who must hold the right: without applicationHost.config the expected
        // set is unknown (an IIS that is not installed has no pools and is known: iis.installed=false).
        out.error = "not collected: IIS configuration (applicationHost.config), whose application "
                    "pools' identities this right must include";
        return out;
      }
      if (!s.iis->app_pools.empty()) {
        for (const auto& pool : s.iis->app_pools) {
          if (!logon.empty() && !iequals(pool.logon_type, logon)) continue;
          std::string sid = pool.identity_sid();
          if (sid.empty() && s.principals) {
            for (const auto& a : s.principals->accounts) {
              if (iequals(a.name, pool.user_name)) sid = a.sid;
            }
          }
          if (sid.empty() && !s.principals && !pool.user_name.empty()) {
            out.error = "not collected: local groups and accounts (groups.csv), needed for the SID of " + pool.user_name +
                      ", the identity of application pool '" + pool.name + "'";
            return out;
          }
          if (sid.empty()) {
            out.evidence.push_back("app pool '" + pool.name + "' runs as " + pool.user_name +
                                 ", whose SID is unknown; that account is matched by name");
            sid = pool.user_name;
          }
          expected.push_back(sid);
        }
        out.evidence.push_back("app pool identities taken from the snapshot's " +
                             std::to_string(s.iis->app_pools.size()) + " application pools" +
                             (logon.empty() ? std::string() : " (those with logonType " + logon + ")"));
        for (const auto& missing : index != nullptr ? index->undefined_pools() : std::vector<std::string>{}) {
          out.evidence.push_back("application pool '" + missing + "' is used by a site but not defined in applicationHost.config: "
                               "IIS cannot start it, and its identity is unknown");
        }
      } else if (s.iis->installed) {
        out.evidence.push_back("IIS defines no application pools");
      }
    } else {
      expected.push_back(p);
    }
  }
  // De-duplicate, keeping the content's order (it reads better than SID order).
  std::vector<std::string> unique;
  std::set<std::string, ILess> seen;
  for (auto& e : expected) {
    if (seen.insert(e).second) unique.push_back(std::move(e));
  }
  out.principals = std::move(unique);
  return out;
}

namespace {

std::vector<Finding> eval_user_right(const model::Rule& rule, const model::UserRightCheck& c, const model::Snapshot& s,
                                     const IisIndex* index) {
  const std::string setting = c.right;
  if (!s.user_rights) return {error_finding(rule, setting, "not collected: user rights assignment")};
  Finding f = base_finding(rule);
  f.setting = setting;

  ExpectedHolders resolved = expected_holders(c, s, index);
  f.evidence = std::move(resolved.evidence);
  if (resolved.error) return {error_finding(rule, setting, *resolved.error)};
  std::vector<std::string> expected = std::move(resolved.principals);
  const PoolNames pools = pool_names(s);

  const auto it = s.user_rights->find(c.right);
  const char* mode = c.match == model::PrincipalMatch::kSubset    ? "only "
                     : c.match == model::PrincipalMatch::kExact   ? "exactly "
                                                                  : "at least ";
  f.expected = expected.empty() ? std::string("no one") : mode + describe_list(s, pools, expected);
  std::vector<std::string> holders;
  if (it == s.user_rights->end()) {
    if (s.source.kind == model::SourceKind::kPolicy) {
      f.status = Status::kFail;
      f.actual = "(not defined)";
      f.evidence.push_back("the policy does not define this right, so it leaves whatever the server has");
      return {f};
    }
    // Effective state: a right nobody holds is simply not listed.
  } else {
    holders = it->second;
  }
  f.actual = describe_list(s, pools, holders);

  std::vector<std::string> unexpected, missing;
  // Exact principals by set, patterns (S-1-5-82-*) one by one: thousands of pool identities cost
  // a look-up each, not a scan of the others.
  std::set<std::string, ILess> exact;
  std::vector<std::string> patterns;
  for (const auto& e : expected) {
    if (e.find_first_of("*?") != std::string::npos) {
      patterns.push_back(e);
    } else {
      exact.insert(e);
    }
  }
  if (c.match != model::PrincipalMatch::kSuperset) {
    for (const auto& h : holders) {
      const bool ok = exact.contains(h) ||
                      std::any_of(patterns.begin(), patterns.end(), [&](const auto& p) { return principal_matches(p, h); });
      if (!ok) unexpected.push_back(h);
    }
  }
  if (c.match != model::PrincipalMatch::kSubset) {
    const std::set<std::string, ILess> held(holders.begin(), holders.end());
    for (const auto& e : expected) {
      if (e.find_first_of("*?") != std::string::npos) continue;
      if (!held.contains(e)) missing.push_back(e);
    }
  }
  for (const auto& u : unexpected) f.evidence.push_back("unexpected holder: " + describe(s, pools, u));
  for (const auto& m : missing) f.evidence.push_back("missing holder: " + describe(s, pools, m));
  f.status = unexpected.empty() && missing.empty() ? Status::kPass : Status::kFail;
  return {f};
}

// ---- registry and security options ----------------------------------------------------------

Observed observe(const model::RegValue& v) {
  if (v.type == model::RegType::kMultiSz) return Observed::list(v.multi);
  Observed o = Observed::of(v.display());
  return o;
}

// "HKLM\\...\\Value", or "...\\(Default)" for the key's default value.
std::string registry_setting(const model::RegistryCheck& c) {
  return c.key + "\\" + (c.value.empty() ? std::string("(Default)") : c.value);
}

// One registry's verdict on `c`; `kind` says what a missing value means (a policy does not set it).
Finding judge_registry(const model::Rule& rule, const model::RegistryCheck& c, const model::Registry& reg,
                       model::SourceKind kind) {
  const std::string setting = registry_setting(c);
  const model::RegistryKey* key = reg.find(c.key);
  const model::RegValue* value = nullptr;
  if (key != nullptr) {
    const auto vit = key->values.find(c.value);
    if (vit != key->values.end()) value = &vit->second;
  }
  Finding f = base_finding(rule);
  f.setting = setting;
  f.expected = c.expect.display();
  if (value == nullptr && kind == model::SourceKind::kPolicy) {
    // A policy holds only what it sets: a value it does not set is not enforced by it.
    f.status = Status::kFail;
    f.actual = "(not defined)";
    f.evidence.push_back("the policy does not set this value, so the server keeps whatever it has");
    if (c.when_absent) f.evidence.push_back("Windows' own default is " + c.when_absent->display());
    return f;
  }
  // A value missing under a key that was not exported is unknown, even when some values of that key
  // are known (secedit.inf lists a few registry values; the key's other values are not in it).
  if (value == nullptr && !reg.covers(c.key)) return error_finding(rule, setting, "not collected: registry key " + c.key);
  Observed o;
  if (value != nullptr) {
    o = observe(*value);
    f.actual = o.display();
    f.evidence.push_back(std::string(model::reg_type_name(value->type)) + " " + setting + " = " + o.display());
  } else if (c.when_absent) {
    o = Observed::of(c.when_absent->display());
    f.actual = "(not set: Windows default " + c.when_absent->display() + ")";
    f.evidence.push_back(key == nullptr ? "key " + c.key + " does not exist" : "value " + setting + " is not set");
    f.evidence.push_back("when the value is absent Windows behaves as " + c.when_absent->display());
  } else {
    o = Observed::absent();
    f.actual = o.display();
    f.evidence.push_back(key == nullptr ? "key " + c.key + " does not exist" : "value " + setting + " is not set");
  }
  f.status = satisfies(c.expect, o) ? Status::kPass : Status::kFail;
  return f;
}

// An HKCU\\ check holds for every collected user hive (Snapshot::user_registry), so one finding says
// fail when any user fails (naming each), else error when any user could not be judged, else pass.
Finding judge_every_user(const model::Rule& rule, const model::RegistryCheck& c, const model::Snapshot& s) {
  Finding merged = base_finding(rule);
  merged.setting = registry_setting(c);
  merged.expected = c.expect.display();
  std::vector<std::string> failing;
  std::vector<std::string> unknown;
  std::vector<std::string> actual;
  for (const auto& [user, reg] : *s.user_registry) {
    const Finding f = judge_registry(rule, c, reg, s.source.kind);
    const std::string who = "user " + describe(s, {}, user);  // "user WEB01\\Administrator (S-1-5-21-...-500)"
    if (f.status == Status::kError) {
      unknown.push_back(who);
      merged.evidence.push_back(who + ": " + f.reason);
      continue;
    }
    if (f.status == Status::kFail) failing.push_back(who);
    actual.push_back(who + ": " + f.actual);
    for (const auto& e : f.evidence) merged.evidence.push_back(who + ": " + e);
  }
  merged.actual = join(actual, "; ");
  if (!failing.empty()) {
    merged.status = Status::kFail;
    merged.evidence.insert(merged.evidence.begin(), "fails for " + join(failing, ", "));
  } else if (!unknown.empty()) {
    merged.status = Status::kError;
    merged.reason = "not collected: per-user registry key " + c.key + " of " + join(unknown, ", ");
  } else {
    merged.status = Status::kPass;
  }
  return merged;
}

std::vector<Finding> eval_registry(const model::Rule& rule, const model::RegistryCheck& c, const model::Snapshot& s) {
  const std::string setting = registry_setting(c);
  if (istarts_with(c.key, "HKCU\\")) {
    if (!s.user_registry || s.user_registry->empty()) return {error_finding(rule, setting, "not collected: per-user registry (HKU)")};
    return {judge_every_user(rule, c, s)};
  }
  if (!s.registry) return {error_finding(rule, setting, "not collected: registry")};
  return {judge_registry(rule, c, *s.registry, s.source.kind)};
}

std::vector<Finding> eval_security_option(const model::Rule& rule, const model::SecurityOptionCheck& c,
                                          const model::Snapshot& s) {
  if (!s.security_options) return {error_finding(rule, c.name, "not collected: security options (secedit [System Access])")};
  Finding f = base_finding(rule);
  f.setting = c.name;
  f.expected = c.expect.display();
  Observed o;
  const auto it = s.security_options->find(c.name);
  // Two exports fill security options: auditpol.csv the AuditPolicy\ options, secedit.inf every
  // other one. An option missing because its export was not collected is unknown, not unset: an
  // export always lists some options of its kind, so one that lists none was not collected.
  const bool from_auditpol = istarts_with(c.name, "AuditPolicy\\");
  const bool source_seen = std::any_of(s.security_options->begin(), s.security_options->end(), [&](const auto& kv) {
    return istarts_with(kv.first, "AuditPolicy\\") == from_auditpol;
  });
  if (it == s.security_options->end() && !source_seen && s.source.kind != model::SourceKind::kPolicy) {
    return {error_finding(rule, c.name, from_auditpol ? "not collected: audit policy options (auditpol.csv)"
                                                      : "not collected: security options (secedit.inf [System Access])")};
  }
  if (it != s.security_options->end()) {
    o = Observed::of(it->second.text);
    f.actual = o.display();
  } else if (s.source.kind == model::SourceKind::kPolicy) {
    f.status = Status::kFail;
    f.actual = "(not defined)";
    f.evidence.push_back("the policy does not set this option, so the server keeps whatever it has");
    return {f};
  } else if (c.when_absent) {
    o = Observed::of(c.when_absent->display());
    f.actual = "(not set: Windows default " + c.when_absent->display() + ")";
  } else {
    o = Observed::absent();
    f.actual = o.display();
  }
  f.status = satisfies(c.expect, o) ? Status::kPass : Status::kFail;
  return {f};
}

// ---- services, features, audit policy -------------------------------------------------------

std::vector<Finding> eval_service(const model::Rule& rule, const model::ServiceCheck& c, const model::Snapshot& s) {
  const std::string setting = "service " + c.name;
  if (!s.services) return {error_finding(rule, setting, "not collected: services")};
  Finding f = base_finding(rule);
  f.setting = setting;
  std::vector<std::string> expected;
  if (c.start_mode) expected.push_back("start mode " + c.start_mode->display());
  if (c.state) expected.push_back("state " + c.state->display());
  f.expected = join(expected, ", ") + (c.absent_passes ? " (or not installed)" : "");
  const auto it = s.services->find(c.name);
  if (it == s.services->end() && s.source.kind == model::SourceKind::kPolicy) {
    // A policy lists only the services it configures: one it does not list is not enforced by it.
    f.actual = "(not defined)";
    f.status = Status::kFail;
    f.evidence.push_back("the policy does not configure " + c.name + ", so the server keeps whatever it has");
    return {f};
  }
  if (it == s.services->end()) {
    f.actual = "not installed";
    f.status = c.absent_passes ? Status::kPass : Status::kFail;
    f.evidence.push_back("no service named " + c.name + " in the snapshot's " + std::to_string(s.services->size()) +
                         " services");
    return {f};
  }
  const model::Service& svc = it->second;
  bool ok = true;
  std::vector<std::string> actual;
  if (c.start_mode) {
    ok = ok && satisfies(*c.start_mode, Observed::of(svc.start_mode));
    actual.push_back("start mode " + (svc.start_mode.empty() ? std::string("(unknown)") : svc.start_mode));
  }
  if (c.state) {
    if (svc.state.empty()) return {error_finding(rule, setting, "not collected: service state of " + c.name)};
    ok = ok && satisfies(*c.state, Observed::of(svc.state));
    actual.push_back("state " + svc.state);
  }
  f.actual = join(actual, ", ");
  if (!svc.display_name.empty()) f.evidence.push_back(c.name + " is \"" + svc.display_name + "\"");
  if (!svc.account.empty()) f.evidence.push_back("runs as " + svc.account);
  f.status = ok ? Status::kPass : Status::kFail;
  return {f};
}

std::vector<Finding> eval_feature(const model::Rule& rule, const model::FeatureCheck& c, const model::Snapshot& s) {
  const std::string setting = "feature " + c.name;
  if (!s.features) return {error_finding(rule, setting, "not collected: installed features")};
  Finding f = base_finding(rule);
  f.setting = setting;
  const bool installed = s.features->contains(c.name);
  f.expected = c.installed ? "installed" : "not installed";
  f.actual = installed ? "installed" : "not installed";
  f.status = installed == c.installed ? Status::kPass : Status::kFail;
  return {f};
}

std::string audit_text(bool success, bool failure) {
  if (success && failure) return "Success and Failure";
  if (success) return "Success";
  if (failure) return "Failure";
  return "No Auditing";
}

std::vector<Finding> eval_audit(const model::Rule& rule, const model::AuditPolicyCheck& c, const model::Snapshot& s) {
  const std::string setting = "audit " + c.name + " " + c.subcategory;
  if (!s.audit_policy) return {error_finding(rule, setting, "not collected: advanced audit policy")};
  Finding f = base_finding(rule);
  f.setting = setting;
  f.expected = (c.exact ? "" : "include ") + audit_text(c.success, c.failure);
  const auto it = s.audit_policy->find(c.subcategory);
  bool success = false, failure = false;
  if (it == s.audit_policy->end()) {
    if (s.source.kind == model::SourceKind::kPolicy) {
      f.status = Status::kFail;
      f.actual = "(not defined)";
      f.evidence.push_back("the policy does not configure this subcategory");
      return {f};
    }
  } else {
    success = it->second.success;
    failure = it->second.failure;
  }
  f.actual = audit_text(success, failure);
  const bool ok = c.exact ? (success == c.success && failure == c.failure)
                          : ((!c.success || success) && (!c.failure || failure));
  f.status = ok ? Status::kPass : Status::kFail;
  return {f};
}

// ---- IIS ------------------------------------------------------------------------------------

// An attribute no collected file sets, said the same way for every check: "not set; IIS default
// false (schema default, IIS_schema.xml (IIS 10))".
std::string not_set_evidence(const std::string& value, const std::string& origin) {
  std::string source = origin;
  if (source.starts_with("schema default (") && source.ends_with(")")) source = "schema default, " + source.substr(16, source.size() - 17);
  return "not set; IIS default " + (value.empty() ? std::string("\"\"") : value) + " (" + source + ")";
}

// "add[@name='ShopDb']": a collection item by its first key attribute.
std::string describe_item(const model::ConfigElement& e) {
  for (const char* k : {"name", "key", "value", "verb", "fileExtension", "path", "statusCode", "segment", "url"}) {
    if (const auto* a = e.attribute(k)) return e.name + "[@" + k + "='" + a->shown_value() + "']";
  }
  return e.name;
}

bool in_mode(const model::IisScope& scope, model::IisScopeMode mode) {
  switch (mode) {
    case model::IisScopeMode::kServer: return scope.kind == model::IisScopeKind::kServer;
    case model::IisScopeMode::kWebRoot: return scope.kind == model::IisScopeKind::kWebRoot && !model::is_clr2_path(scope.path);
    case model::IisScopeMode::kMachine: return scope.kind == model::IisScopeKind::kMachine && !model::is_clr2_path(scope.path);
    case model::IisScopeMode::kWebRootClr2: return scope.kind == model::IisScopeKind::kWebRoot && model::is_clr2_path(scope.path);
    case model::IisScopeMode::kEvery:
      return scope.kind != model::IisScopeKind::kMachine && scope.kind != model::IisScopeKind::kWebRoot;
  }
  return false;
}

std::string_view mode_root(model::IisScopeMode mode) {
  switch (mode) {
    case model::IisScopeMode::kWebRoot: return "MACHINE/WEBROOT";
    case model::IisScopeMode::kMachine: return "MACHINE";
    case model::IisScopeMode::kWebRootClr2: return model::kClr2WebRootPath;
    default: return model::kApphostPath;
  }
}

std::vector<Finding> eval_iis(const model::Rule& rule, const model::IisConfigCheck& c, const model::Snapshot& s,
                              const IisIndex* index) {
  const std::string setting = c.element + (c.attribute.empty() ? std::string() : "@" + c.attribute);
  if (!s.iis || index == nullptr) return {error_finding(rule, setting, "not collected: IIS configuration")};
  const auto path = parse_element_path(c.element);
  if (!path) return {error_finding(rule, setting, path.error().message)};

  struct Judged {
    const model::IisScope* scope;
    IisValue value;
    Status status;
    bool skipped;  // only_if did not hold
    std::size_t depth = 0;  // scopes above this one
  };
  std::vector<Judged> judged;
  const std::string& cond_text = c.only_if_element.empty() ? c.element : c.only_if_element;
  const auto cond_path = parse_element_path(cond_text);
  if (!cond_path) return {error_finding(rule, setting, cond_path.error().message)};
  const IisQuery query = make_query(*index, *path);
  const IisQuery cond_query = make_query(*index, *cond_path);
  judged.reserve(s.iis->scopes.size());
  for (const auto& scope : s.iis->scopes) {
    if (!in_mode(scope, c.scope)) continue;
    Judged j{&scope, {}, Status::kFail, false, index->chain(scope).size()};
    if (c.each) {
      // Every selected item must satisfy the expectation; the value lists the ones that do not.
      const IisItems items = lookup_iis_items(*index, scope, *path);
      std::vector<std::string> failing;
      for (const model::ConfigElement* item : items.items) {
        const auto* a = item->attribute(c.attribute);
        Observed o = a != nullptr ? Observed::of(c.secret ? std::string(secret_class_name(a->secret)) : a->shown_value())
                                  : Observed::absent();
        if (a == nullptr) {
          if (auto d = model::iis_schema_default(c.element, c.attribute)) o = Observed::of(c.secret ? "none" : std::string(d->value));
        }
        if (!satisfies(c.expect, o)) {
          failing.push_back(describe_item(*item) + " " + c.attribute + (c.secret ? " secret is " : "=") + o.display());
        }
      }
      j.value.present = true;
      j.value.value = failing.empty() ? "all " + std::to_string(items.items.size()) + " items comply" : join(failing, "; ");
      j.value.origin = items.origin;
      j.value.defined_at = items.defined_at;
      j.value.not_collected = items.not_collected;
      j.status = failing.empty() ? Status::kPass : Status::kFail;
    } else {
      j.value = lookup_iis(*index, scope, query, c.element, c.attribute);
      const Observed o = !j.value.present ? Observed::absent()
                         : Observed::of(c.secret ? std::string(secret_class_name(j.value.secret)) : j.value.value);
      j.status = satisfies(c.expect, o) ? Status::kPass : Status::kFail;
    }
    if (c.only_if) {
      const IisValue cond = lookup_iis(*index, scope, cond_query, cond_text, c.only_if_attribute);
      if (!cond.not_collected.empty()) {
        // Whether the rule applies here is unknown: so is its verdict.
        for (const auto& f : cond.not_collected) {
          if (std::find(j.value.not_collected.begin(), j.value.not_collected.end(), f) == j.value.not_collected.end()) {
            j.value.not_collected.push_back(f);
          }
        }
      } else {
        j.skipped = !satisfies(*c.only_if, cond.present ? Observed::of(cond.value) : Observed::absent());
      }
    }
    if (!j.value.not_collected.empty()) j.status = Status::kError;
    judged.push_back(std::move(j));
  }
  if (judged.empty()) {
    if (c.scope == model::IisScopeMode::kWebRootClr2) {
      // The resolver keeps CLR2/MACHINE alone, absent, when the .NET 2.0 folder was searched and holds
      // neither machine.config nor web.config: that runtime is not installed.
      const model::IisScope* machine = index->scope(model::kClr2MachinePath);
      if (machine != nullptr && machine->file_state == model::IisFileState::kAbsent) {
        auto na = not_applicable_finding(rule, setting, "the .NET 2.0/3.5 runtime is not installed (its configuration folder was collected and holds no machine.config or web.config)");
        na.scope = std::string(mode_root(c.scope));
        return {na};
      }
      return {error_finding(rule, setting, "not collected: the .NET 2.0/3.5 root web.config (Microsoft.NET\\Framework64\\v2.0.50727\\CONFIG\\web.config)")};
    }
    return {error_finding(rule, setting, "not collected: IIS configuration at " + std::string(mode_root(c.scope)))};
  }

  // Parents before children, whatever order the snapshot lists scopes in.
  std::stable_sort(judged.begin(), judged.end(), [](const Judged& a, const Judged& b) { return a.depth < b.depth; });
  // Fold scopes that merely inherit their parent's decision into the parent's finding.
  // judged_at[scope position] = index in `judged`, or -1; a scope's parent comes from the index.
  std::vector<std::ptrdiff_t> judged_at(s.iis->scopes.size(), -1);
  for (std::size_t i = 0; i < judged.size(); ++i) {
    if (const auto pos = index->position(*judged[i].scope); pos >= 0) judged_at[static_cast<std::size_t>(pos)] = static_cast<std::ptrdiff_t>(i);
  }
  std::vector<std::size_t> owner(judged.size());
  std::vector<std::vector<std::string>> folded(judged.size());
  std::vector<Finding> out;
  for (std::size_t i = 0; i < judged.size(); ++i) {
    owner[i] = i;
    const auto& j = judged[i];
    const auto pos = index->position(*j.scope);
    const auto parent = pos < 0 ? -1 : index->parent_position(static_cast<std::size_t>(pos));
    const auto pj = parent < 0 ? -1 : judged_at[static_cast<std::size_t>(parent)];
    if (pj >= 0) {
      const auto& p = judged[owner[static_cast<std::size_t>(pj)]];
      const bool same = p.value.present == j.value.present && p.value.value == j.value.value &&
                        p.value.origin == j.value.origin && p.status == j.status && p.skipped == j.skipped &&
                        p.value.not_collected == j.value.not_collected;
      if (same) {
        owner[i] = owner[static_cast<std::size_t>(pj)];
        folded[owner[i]].push_back(model::short_scope(j.scope->path));
      }
    }
  }
  bool any_judged = false;
  for (std::size_t i = 0; i < judged.size(); ++i) {
    if (owner[i] != i) continue;
    const auto& j = judged[i];
    if (j.skipped) continue;
    any_judged = true;
    Finding f = base_finding(rule);
    f.scope = j.scope->path;
    f.setting = setting;
    f.expected = (c.secret ? "secret " : "") + c.expect.display();
    f.actual = c.attribute.empty() ? (j.value.present ? "present" : "absent")
                                   : (j.value.present ? (j.value.value.empty() ? "\"\"" : j.value.value) : "(not set)");
    if (c.secret && !c.each && j.value.present) f.actual = std::string(secret_class_name(j.value.secret)) + ": " + f.actual;
    f.status = j.status;
    if (j.status == Status::kError) {
      f.actual.clear();
      f.reason = not_collected_reason(j.value.not_collected);
    } else if (j.value.from_default) {
      f.evidence.push_back(not_set_evidence(j.value.value, j.value.origin));
    } else if (!j.value.origin.empty()) {
      f.evidence.push_back((j.value.present ? "set at " : "collection defined at ") + j.value.origin);
    } else if (!j.value.defined_at.empty()) {
      f.evidence.push_back("effective at " + model::short_scope(j.value.defined_at));
    }
    if (!j.value.note.empty()) f.evidence.push_back(j.value.note);
    if (j.value.locked) f.evidence.push_back("locked: lower levels cannot override it");
    if (!folded[i].empty()) {
      std::sort(folded[i].begin(), folded[i].end(), ILess{});
      f.evidence.push_back("also applies to: " + join(folded[i], ", "));
    }
    out.push_back(std::move(f));
  }
  if (!any_judged) {
    // The rule's condition holds nowhere: nothing to judge, and nothing that may raise the score.
    out.push_back(not_applicable_finding(rule, setting,
                                         "no scope where " + (c.only_if_element.empty() ? std::string() : c.only_if_element + "@") +
                                             c.only_if_attribute + " is " + c.only_if->display()));
    out.back().scope = std::string(mode_root(c.scope));
  }
  return out;
}

// ---- IIS sites and application pools --------------------------------------------------------

bool on_system_drive(std::string_view path) {
  const std::string_view p = trim(path);
  return istarts_with(p, "%SystemDrive%") || istarts_with(p, "C:") || istarts_with(p, "%SystemRoot%") ||
         istarts_with(p, "%windir%");
}

const model::ConfigElement* descend(const model::ConfigElement* e, const std::vector<std::string>& path) {
  for (const auto& step : path) {
    if (e == nullptr) return nullptr;
    e = e->child(step);
  }
  return e;
}

// An attribute of a site's own configuration ("logFile" + "directory"): the <site> element's, else
// <siteDefaults>', else the schema default. Returns {present, value, origin}.
struct SiteValue {
  bool present = false;
  std::string value;
  std::string origin;
};
SiteValue site_attribute(const IisIndex& index, const std::string& site_name, const std::string& child_path,
                         const std::string& attribute) {
  const std::vector<std::string> path = child_path.empty() ? std::vector<std::string>{} : split(child_path, '/');
  if (const model::ConfigElement* sites = index.sites()) {
    if (const model::ConfigElement* site = index.site_element(site_name)) {
      if (const auto* e = descend(site, path)) {
        if (const auto* a = e->attribute(attribute)) return {true, a->shown_value(), a->origin.empty() ? e->origin : a->origin};
      }
    }
    if (const auto* e = descend(sites->child("siteDefaults"), path)) {
      if (const auto* a = e->attribute(attribute)) {
        return {true, a->shown_value(), (a->origin.empty() ? e->origin : a->origin) + " (siteDefaults)"};
      }
    }
  }
  const std::string defaults_path = "system.applicationHost/sites/siteDefaults" + (child_path.empty() ? "" : "/" + child_path);
  if (auto d = model::iis_schema_default(defaults_path, attribute)) {
    return {true, std::string(d->value), "schema default (" + std::string(d->source) + ")"};
  }
  return {};
}

// The effective logFile directory of a site: its own <logFile>, else <siteDefaults>, else IIS's default.
std::pair<std::string, std::string> site_log_directory(const IisIndex& index, const std::string& site_name) {
  const SiteValue v = site_attribute(index, site_name, "logFile", "directory");
  if (v.present) return {v.value, v.origin};
  return {"%SystemDrive%\\inetpub\\logs\\LogFiles", "schema default"};
}

// One derived fact of a site (see IisSiteCheck), with the evidence behind it.
Observed site_field(const IisIndex& index, const model::IisSite& site, const std::string& field,
                    std::vector<std::string>& evidence) {
  Observed o;
  const model::IisApplication* root = nullptr;
  for (const auto& app : site.applications) {
    if (app.path == "/" || app.path.empty()) root = &app;
  }
  if (const auto at_sign = field.find('@'); at_sign != std::string::npos) {
    const SiteValue v = site_attribute(index, site.name, field.substr(0, at_sign), field.substr(at_sign + 1));
    o = v.present ? Observed::of(v.value) : Observed::absent();
    if (v.origin.starts_with("schema default")) {
      evidence.push_back(not_set_evidence(v.value, v.origin));
    } else if (!v.origin.empty()) {
      evidence.push_back((v.present ? "set at " : "") + v.origin);
    }
  } else if (field == "name") {
    o = Observed::of(site.name);
  } else if (field == "bindings_have_host_names") {
    std::vector<std::string> bare;
    for (const auto& b : site.bindings) {
      if ((iequals(b.protocol, "http") || iequals(b.protocol, "https")) && b.host().empty()) {
        bare.push_back(b.protocol + " " + b.binding_information);
      }
    }
    o = Observed::of(bare.empty() ? "true" : "false");
    for (const auto& b : bare) evidence.push_back("binding without a host name: " + b);
  } else if (field == "has_ftp_binding") {
    const bool ftp = std::any_of(site.bindings.begin(), site.bindings.end(),
                                 [](const model::IisBinding& b) { return iequals(b.protocol, "ftp"); });
    o = Observed::of(ftp ? "true" : "false");
  } else if (field == "has_https_binding") {
    const bool https = std::any_of(site.bindings.begin(), site.bindings.end(),
                                   [](const model::IisBinding& b) { return iequals(b.protocol, "https"); });
    o = Observed::of(https ? "true" : "false");
  } else if (field == "app_pool_unique" || field == "root_app_pool") {
    const std::string pool = root != nullptr ? root->application_pool : std::string();
    if (root != nullptr && !index.pool_defined(pool)) {
      evidence.push_back("application pool '" + pool + "' is not defined in applicationHost.config: IIS cannot start the site");
    }
    if (field == "root_app_pool") {
      o = Observed::of(pool);
    } else {
      std::vector<std::string> sharing;
      for (const auto& other : index.sites_of_root_pool(pool)) {
        if (other != site.name) sharing.push_back(other);
      }
      o = Observed::of(sharing.empty() ? "true" : "false");
      evidence.push_back("root application pool: " + pool);
      if (!sharing.empty()) evidence.push_back("also the root pool of: " + join(sharing, ", "));
    }
  } else if (field == "content_on_system_drive" || field == "physical_path") {
    std::vector<std::string> system;
    std::string root_path;
    for (const auto& app : site.applications) {
      for (const auto& vd : app.virtual_directories) {
        if (&app == root && (vd.path == "/" || vd.path.empty())) root_path = vd.physical_path;
        if (on_system_drive(vd.physical_path)) system.push_back(app.path + (vd.path == "/" ? "" : vd.path) + " -> " + vd.physical_path);
      }
    }
    if (field == "physical_path") {
      o = Observed::of(root_path);
    } else {
      o = Observed::of(system.empty() ? "false" : "true");
      for (const auto& p : system) evidence.push_back("on the system drive: " + p);
    }
  } else if (field == "log_directory" || field == "log_on_system_drive") {
    const auto [dir, origin] = site_log_directory(index, site.name);
    o = field == "log_directory" ? Observed::of(dir) : Observed::of(on_system_drive(dir) ? "true" : "false");
    evidence.push_back("log directory " + dir + " (" + origin + ")");
  }
  return o;
}

std::vector<Finding> eval_iis_site(const model::Rule& rule, const model::IisSiteCheck& c, const model::Snapshot& s,
                                   const IisIndex* index) {
  const std::string setting = "site " + c.field;
  if (!s.iis || index == nullptr) return {error_finding(rule, setting, "not collected: IIS configuration")};
  std::vector<Finding> out;
  for (const auto& site : s.iis->sites) {
    if (c.only_if) {
      std::vector<std::string> ignored;
      if (!satisfies(*c.only_if, site_field(*index, site, c.only_if_field, ignored))) continue;
    }
    Finding f = base_finding(rule);
    f.scope = std::string(model::kApphostPath) + "/" + site.name;
    f.setting = setting;
    f.expected = c.expect.display();
    const Observed o = site_field(*index, site, c.field, f.evidence);
    judge(f, c.expect, o);
    out.push_back(std::move(f));
  }
  if (out.empty()) {
    out.push_back(not_applicable_finding(rule, setting, s.iis->sites.empty() ? "IIS has no sites"
                                                                             : "no site where " + c.only_if_field + " is " +
                                                                                   (c.only_if ? c.only_if->display() : "")));
  }
  return out;
}

std::vector<Finding> eval_iis_app_pool(const model::Rule& rule, const model::IisAppPoolCheck& c, const model::Snapshot& s) {
  const std::string setting = "application pool " + c.field;
  if (!s.iis) return {error_finding(rule, setting, "not collected: IIS configuration")};
  std::vector<Finding> out;
  for (const auto& pool : s.iis->app_pools) {
    Finding f = base_finding(rule);
    f.scope = "apppool:" + pool.name;
    f.setting = setting;
    f.expected = c.expect.display();
    Observed o;
    if (c.field == "name") {
      o = Observed::of(pool.name);
    } else if (c.field == "identity_type") {
      o = Observed::of(pool.identity_type);
    } else if (c.field == "user_name") {
      o = pool.user_name.empty() ? Observed::absent() : Observed::of(pool.user_name);
    } else if (c.field == "managed_runtime_version") {
      o = Observed::of(pool.managed_runtime_version);
    } else if (c.field == "pipeline_mode") {
      o = Observed::of(pool.pipeline_mode);
    } else if (c.field == "logon_type") {
      o = Observed::of(pool.logon_type);
    } else if (c.field == "load_user_profile") {
      o = Observed::of(pool.load_user_profile ? "true" : "false");
    } else if (c.field == "identity_is_administrator") {
      bool admin = iequals(pool.identity_type, "LocalSystem");
      if (iequals(pool.identity_type, "SpecificUser")) {
        if (!s.principals) {
          out.push_back(error_finding(rule, setting, "not collected: local groups (to know whether " + pool.user_name +
                                                         " is an administrator)"));
          out.back().scope = f.scope;
          continue;
        }
        std::string sid = pool.identity_sid();
        for (const auto& a : s.principals->accounts) {
          if (iequals(a.name, pool.user_name)) sid = a.sid;
        }
        for (const auto& g : s.principals->local_groups) {
          if (!iequals(g.sid, "S-1-5-32-544")) continue;
          admin = std::any_of(g.members.begin(), g.members.end(), [&](const std::string& m) {
            return (!sid.empty() && iequals(m, sid)) || iequals(m, pool.user_name);
          });
        }
        f.evidence.push_back("direct members of Administrators were checked; membership through domain groups is not visible offline");
      }
      o = Observed::of(admin ? "true" : "false");
    }
    f.evidence.push_back("identity: " + pool.identity_type + (pool.user_name.empty() ? "" : " " + pool.user_name));
    judge(f, c.expect, o);
    out.push_back(std::move(f));
  }
  if (out.empty()) out.push_back(not_applicable_finding(rule, setting, "IIS has no application pools"));
  return out;
}

}  // namespace

std::string principal_name(const model::Snapshot& s, const std::string& sid) {
  if (sid == "S-1-5-82-*") return "IIS APPPOOL\\*";
  if (sid == "S-1-5-80-*") return "NT SERVICE\\*";
  if (s.principals) {
    for (const auto& a : s.principals->accounts) {
      if (iequals(a.sid, sid) && !a.name.empty()) return a.name;
    }
  }
  // Well-known names are qualified ("BUILTIN\\Administrators"); exports often list groups bare.
  if (auto n = model::well_known_name(sid)) return std::string(*n);
  if (s.principals) {
    for (const auto& g : s.principals->local_groups) {
      if (iequals(g.sid, sid) && !g.name.empty()) return g.name;
    }
  }
  if (s.iis && istarts_with(sid, "S-1-5-82-")) {  // only an application pool identity can match
    for (const auto& pool : s.iis->app_pools) {
      if (iequals(pool.identity_type, "ApplicationPoolIdentity") && iequals(model::app_pool_sid(pool.name), sid)) {
        return "IIS APPPOOL\\" + pool.name;
      }
    }
  }
  return {};
}

namespace {
std::vector<Finding> evaluate_check(const model::Rule& rule, const model::Check& check, const model::Snapshot& snapshot,
                                    const IisIndex* index);

// The short name of a setting for merged results: its last two path components.
std::string short_setting(const std::string& setting) {
  // Registry paths split on '\\' only ('/' is part of key names such as "RC4 128/128"); IIS settings on '/' and '@'.
  const bool registry = setting.find('\\') != std::string::npos;
  const char* seps = registry ? "\\" : "/@";
  const auto last = setting.find_last_of(seps);
  if (last == std::string::npos || last == 0) return setting;
  const auto before = setting.find_last_of(seps, last - 1);
  return before == std::string::npos ? setting : setting.substr(before + 1);
}

// True when `list` ("a; b; c") holds `part` as one of its items.
bool contains_part(const std::string& list, const std::string& part) {
  for (const auto& item : split(list, ';')) {
    if (trim(item) == part) return true;
  }
  return false;
}

// All sub-checks must hold; their findings merge per scope.
std::vector<Finding> eval_all(const model::Rule& rule, const model::AllCheck& c, const model::Snapshot& s,
                              const IisIndex* index) {
  std::vector<Finding> merged;
  const auto rank = [](Status st) {
    switch (st) {
      case Status::kFail: return 3;
      case Status::kError: return 2;
      case Status::kPass: return 1;
      default: return 0;
    }
  };
  for (const auto& sub : c.checks) {
    for (auto& f : evaluate_check(rule, sub, s, index)) {
      auto it = std::find_if(merged.begin(), merged.end(), [&](const Finding& m) { return m.scope == f.scope; });
      if (it == merged.end()) {
        Finding m = base_finding(rule);
        m.scope = f.scope;
        m.status = Status::kNotApplicable;
        merged.push_back(std::move(m));
        it = std::prev(merged.end());
      }
      const std::string label = short_setting(f.setting);
      it->setting += (it->setting.empty() ? "" : "; ") + f.setting;
      if (f.status != Status::kError && f.status != Status::kNotApplicable) {
        it->expected += (it->expected.empty() ? "" : "; ") + label + " " + f.expected;
        it->actual += (it->actual.empty() ? "" : "; ") + label + " " + f.actual;
      }
      // Each reason once: two sub-checks that miss the same file say so once.
      if (!f.reason.empty() && !contains_part(it->reason, f.reason)) it->reason += (it->reason.empty() ? "" : "; ") + f.reason;
      if (f.status == Status::kFail) it->evidence.push_back(label + ": fails");
      for (auto& e : f.evidence) it->evidence.push_back(label + ": " + e);
      if (rank(f.status) > rank(it->status)) it->status = f.status;
    }
  }
  return merged;
}

std::vector<Finding> evaluate_check(const model::Rule& rule, const model::Check& check, const model::Snapshot& snapshot,
                                    const IisIndex* index) {
  return std::visit(
      [&](const auto& typed) -> std::vector<Finding> {
        using T = std::decay_t<decltype(typed)>;
        if constexpr (std::is_same_v<T, model::UserRightCheck>) {
          return eval_user_right(rule, typed, snapshot, index);
        } else if constexpr (std::is_same_v<T, model::RegistryCheck>) {
          return eval_registry(rule, typed, snapshot);
        } else if constexpr (std::is_same_v<T, model::ServiceCheck>) {
          return eval_service(rule, typed, snapshot);
        } else if constexpr (std::is_same_v<T, model::AuditPolicyCheck>) {
          return eval_audit(rule, typed, snapshot);
        } else if constexpr (std::is_same_v<T, model::IisConfigCheck>) {
          return eval_iis(rule, typed, snapshot, index);
        } else if constexpr (std::is_same_v<T, model::FeatureCheck>) {
          return eval_feature(rule, typed, snapshot);
        } else if constexpr (std::is_same_v<T, model::IisSiteCheck>) {
          return eval_iis_site(rule, typed, snapshot, index);
        } else if constexpr (std::is_same_v<T, model::IisAppPoolCheck>) {
          return eval_iis_app_pool(rule, typed, snapshot);
        } else if constexpr (std::is_same_v<T, model::AllCheck>) {
          return eval_all(rule, typed, snapshot, index);
        } else {
          return eval_security_option(rule, typed, snapshot);
        }
      },
      check);
}
}  // namespace

std::vector<Finding> evaluate_rule(const model::Rule& rule, const model::Snapshot& snapshot) {
  if (!snapshot.iis) return evaluate_rule(rule, snapshot, nullptr);
  const IisIndex index(*snapshot.iis, snapshot.host.os_build);
  return evaluate_rule(rule, snapshot, &index);
}

std::vector<Finding> evaluate_rule(const model::Rule& rule, const model::Snapshot& snapshot, const IisIndex* index) {
  const Truth applies = holds(rule.applies_to, snapshot);
  if (applies.value == Truth::kNo) {
    Finding f = base_finding(rule);
    f.status = Status::kNotApplicable;
    f.reason = applies.detail;
    return {f};
  }
  if (applies.value == Truth::kUnknown) {
    return {error_finding(rule, "", "cannot tell whether the rule applies: " + applies.detail)};
  }
  return evaluate_check(rule, rule.check, snapshot, index);
}

bool scope_matches(const std::string& pattern, const std::string& scope) {
  if (pattern.empty()) return true;
  if (scope.empty()) return false;
  return glob_match(pattern, scope) || glob_match(pattern, model::short_scope(scope)) ||
         glob_match(model::full_scope(pattern), scope);
}

void apply_exceptions(model::AuditReport& report, const std::vector<model::RuleException>& exceptions,
                      std::chrono::sys_seconds now) {
  std::vector<bool> used(exceptions.size(), false);
  for (auto& f : report.findings) {
    if (f.status != Status::kFail || f.rule == nullptr) continue;
    for (std::size_t i = 0; i < exceptions.size(); ++i) {
      const auto& ex = exceptions[i];
      if (!glob_match(ex.rule, f.rule->id)) continue;
      if (!scope_matches(ex.scope, f.scope)) continue;
      used[i] = true;
      if (ex.expires && *ex.expires < now) {
        f.evidence.push_back("exception at " + ex.where.to_string() + " expired on " + ex.expires_text + ": \"" +
                             ex.reason + "\"");
        continue;
      }
      f.status = Status::kExcepted;
      f.reason = ex.reason;
      f.exception = ex;
      break;
    }
  }
  for (std::size_t i = 0; i < exceptions.size(); ++i) {
    const auto& ex = exceptions[i];
    if (ex.expires && *ex.expires < now) {
      report.warnings.push_back("exception for " + ex.rule + " at " + ex.where.to_string() + " expired on " +
                                ex.expires_text);
    } else if (!used[i]) {
      report.warnings.push_back("exception for " + ex.rule + (ex.scope.empty() ? "" : " at scope " + ex.scope) +
                                " (" + ex.where.to_string() + ") matches no failing result");
    }
  }
}

model::AuditReport evaluate(const std::vector<const model::Rule*>& rules, const model::Snapshot& snapshot,
                            const EvaluateOptions& options) {
  model::AuditReport report;
  report.host = snapshot.host;
  std::optional<IisIndex> index;
  if (snapshot.iis) index.emplace(*snapshot.iis, snapshot.host.os_build);
  for (const model::Rule* rule : rules) {
    if (rule == nullptr) continue;
    auto findings = evaluate_rule(*rule, snapshot, index ? &*index : nullptr);
    report.findings.insert(report.findings.end(), std::make_move_iterator(findings.begin()),
                           std::make_move_iterator(findings.end()));
  }
  apply_exceptions(report, options.exceptions, options.now);
  report.summary = model::summarize(report.findings);
  return report;
}

}  // namespace temper::engine
