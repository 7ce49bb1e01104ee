// SPDX-License-Identifier: Apache-2.0
// One content fix at one finding -> one typed change, with the value before read from the snapshot
// exactly as the audit read it (unknown when the export that holds it was not collected).
#include "plan/detail/building.hpp"
#include "plan/detail/overloaded.hpp"

#include <algorithm>

#include "core/redact.hpp"
#include "core/strings.hpp"
#include "engine/evaluator.hpp"
#include "model/iis.hpp"

namespace temper::plan::detail {
namespace {

// The user-right check of a rule (alone or inside `all`) for `right`.
const model::UserRightCheck* user_right_check(const model::Check& check, const std::string& right) {
  if (const auto* c = std::get_if<model::UserRightCheck>(&check); c != nullptr && iequals(c->right, right)) return c;
  if (const auto* all = std::get_if<model::AllCheck>(&check)) {
    for (const auto& child : all->checks) {
      if (const auto* c = user_right_check(child, right)) return c;
    }
  }
  return nullptr;
}

bool is_glob(const std::string& p) { return p.find_first_of("*?") != std::string::npos; }

bool same_principal(const std::string& a, const std::string& b) { return iequals(a, b); }

void add_unique(std::vector<std::string>& list, const std::string& p) {
  if (std::none_of(list.begin(), list.end(), [&](const std::string& q) { return same_principal(p, q); })) list.push_back(p);
}

// Registry value names that hold secrets (Winlogon DefaultPassword, ...): shown masked.
bool secret_value_name(std::string_view name) {
  const std::string n = to_lower(name);
  return n.find("password") != std::string::npos || n.find("secret") != std::string::npos;
}

Change user_right(const model::Rule& rule, const model::UserRightFix& fix, const model::Snapshot& s, const engine::IisIndex* index,
                  std::vector<std::string>& notes, std::string& problem) {
  UserRightChange c;
  c.right = fix.right;
  std::vector<std::string> current;
  if (s.user_rights) {
    if (auto it = s.user_rights->find(fix.right); it != s.user_rights->end()) {
      c.before = Before::kPresent;
      c.before_holders = it->second;
      current = it->second;
    } else {
      c.before = Before::kAbsent;
    }
  }
  const bool expected = fix.set.size() == 1 && fix.set.front() == "$expected";
  if (!expected) {
    for (const auto& p : fix.set) add_unique(c.after_holders, p);
    return c;
  }
  const auto* check = user_right_check(rule.check, fix.right);
  if (check == nullptr) {
    problem = "the fix assigns the expected holders, but the rule checks no user right " + fix.right;
    return c;
  }
  const auto holders = engine::expected_holders(*check, s, index);
  if (holders.error) {
    problem = "the holders to assign cannot be known: " + *holders.error;
    return c;
  }
  // Superset rights ("include Guests") keep every current holder; the others get CIS's holders plus the
  // current holders a pattern admits (S-1-5-82-*: the pools that exist).
  if (check->match == model::PrincipalMatch::kSuperset) {
    for (const auto& h : current) add_unique(c.after_holders, h);
  }
  for (const auto& p : holders.principals) {
    if (!is_glob(p)) {
      add_unique(c.after_holders, p);
      continue;
    }
    for (const auto& h : current) {
      if (glob_match(p, h)) add_unique(c.after_holders, h);
    }
  }
  std::vector<std::string> removed;
  std::vector<std::string> added;
  for (const auto& h : current) {
    if (std::none_of(c.after_holders.begin(), c.after_holders.end(), [&](const std::string& a) { return same_principal(a, h); })) {
      removed.push_back(describe_principal(s, h));
    }
  }
  for (const auto& a : c.after_holders) {
    if (std::none_of(current.begin(), current.end(), [&](const std::string& h) { return same_principal(a, h); })) {
      added.push_back(describe_principal(s, a));
    }
  }
  if (!removed.empty()) notes.push_back("removes " + join(removed, ", "));
  if (!added.empty()) notes.push_back("grants " + join(added, ", "));
  for (const auto& e : holders.evidence) {
    if (e.find("learned adjustment") != std::string::npos) notes.push_back(e);
  }
  return c;
}

Change security_option(const model::SecurityOptionFix& fix, const model::Snapshot& s) {
  SecurityOptionChange c;
  c.name = fix.name;
  c.section = option_section(fix.name);
  c.after = fix.value;
  if (!s.security_options) return c;
  if (auto it = s.security_options->find(fix.name); it != s.security_options->end()) {
    c.before = Before::kPresent;
    c.before_value = it->second.text;
    return c;
  }
  // An option is known absent only when its export (auditpol.csv for AuditPolicy\ options, the
  // security template for the others) was collected, i.e. lists some option of its kind.
  const bool audit = c.section == OptionSection::kAuditOption;
  for (const auto& [name, v] : *s.security_options) {
    if ((option_section(name) == OptionSection::kAuditOption) == audit) {
      c.before = Before::kAbsent;
      break;
    }
  }
  return c;
}

Change registry(const model::RegistryFix& fix, const model::Snapshot& s) {
  RegistryChange c;
  c.key = model::Registry::canonical_path(fix.key);
  c.value = fix.value;
  c.remove = fix.remove;
  c.after = fix.data;
  if (!s.registry) return c;
  const auto* key = s.registry->find(c.key);
  if (key != nullptr) {
    if (auto it = key->values.find(c.value); it != key->values.end()) {
      c.before = Before::kPresent;
      c.before_data = it->second;
      if (secret_value_name(c.value) && c.before_data.is_text()) {
        c.before_data.text = mask_secret(c.before_data.text, SecretClass::kPlaintext);
      }
      return c;
    }
  }
  // Missing is absent only under a key the export covers (as the audit judges it).
  if (s.registry->covers(c.key)) c.before = Before::kAbsent;
  return c;
}

Change service(const model::ServiceFix& fix, const model::Snapshot& s) {
  ServiceChange c;
  c.name = fix.name;
  c.after_start_mode = fix.start_mode;
  c.stop = fix.stop;
  if (!s.services) return c;
  if (auto it = s.services->find(fix.name); it != s.services->end()) {
    c.before = Before::kPresent;
    c.before_start_mode = it->second.start_mode;
    c.before_state = it->second.state;
  } else {
    c.before = Before::kAbsent;
  }
  return c;
}

// The display name of an audit subcategory: the rule's check, else the snapshot's.
std::string audit_name(const model::Check& check, const std::string& guid) {
  if (const auto* c = std::get_if<model::AuditPolicyCheck>(&check); c != nullptr && iequals(c->subcategory, guid)) return c->name;
  if (const auto* all = std::get_if<model::AllCheck>(&check)) {
    for (const auto& child : all->checks) {
      if (auto n = audit_name(child, guid); !n.empty()) return n;
    }
  }
  return {};
}

Change audit_policy(const model::Rule& rule, const model::AuditPolicyFix& fix, const model::Snapshot& s) {
  AuditPolicyChange c;
  c.subcategory = model::normalize_guid(fix.subcategory);
  c.name = audit_name(rule.check, c.subcategory);
  c.after_success = fix.success;
  c.after_failure = fix.failure;
  if (!s.audit_policy) return c;
  if (auto it = s.audit_policy->find(c.subcategory); it != s.audit_policy->end()) {
    c.before = Before::kPresent;
    c.before_success = it->second.success;
    c.before_failure = it->second.failure;
    if (c.name.empty()) c.name = it->second.name;
  } else {
    c.before = Before::kAbsent;
  }
  return c;
}

Change feature(const model::FeatureFix& fix, const model::Snapshot& s) {
  FeatureChange c;
  c.name = fix.name;
  c.after_installed = fix.installed;
  if (s.features) c.before = s.features->contains(fix.name) ? Before::kPresent : Before::kAbsent;
  return c;
}
}  // namespace

std::string describe_principal(const model::Snapshot& s, const std::string& sid) {
  const std::string name = engine::principal_name(s, sid);
  return name.empty() || iequals(name, sid) ? sid : name + " (" + sid + ")";
}

Change make_change(const model::Rule& rule, const model::Fix& fix, const model::Finding& finding, const model::Snapshot& s,
                   const engine::IisIndex* index, std::vector<std::string>& notes, std::string& problem) {
  return std::visit(Overloaded{
                        [&](const model::UserRightFix& f) { return user_right(rule, f, s, index, notes, problem); },
                        [&](const model::RegistryFix& f) { return registry(f, s); },
                        [&](const model::ServiceFix& f) { return service(f, s); },
                        [&](const model::AuditPolicyFix& f) { return audit_policy(rule, f, s); },
                        [&](const model::IisConfigFix& f) { return iis_change(f, finding, s, index, problem); },
                        [&](const model::FeatureFix& f) { return feature(f, s); },
                        [&](const model::SecurityOptionFix& f) { return security_option(f, s); },
                        [&](const model::ManualFix& f) { return Change{ManualStep{f.note}}; },
                    },
                    fix);
}

}  // namespace temper::plan::detail
