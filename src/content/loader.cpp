// SPDX-License-Identifier: Apache-2.0
// The content compiler: reads rule and benchmark YAML, validates every field, and reports all
// problems with file:line:column before anything is evaluated.
#include "content/loader.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "content/detail/impact_loader.hpp"
#include "content/detail/yaml_reader.hpp"
#include "core/file.hpp"
#include "core/redact.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"
#include "model/sid.hpp"
#include "model/snapshot.hpp"
#include "model/user_rights.hpp"

namespace temper::content {
namespace {
using detail::YamlReader;
using model::Check;
using model::Fix;

constexpr std::string_view kAppPoolToken = "$app_pool_identities";

// A `secret:` expectation compares class names: equals, not_equals, one_of, none_of (and exists, absent,
// all, any, not around them), with operands among none, plaintext, encrypted, generated, empty.
void secret_class_expectation(YamlReader& r, const YAML::Node& node, const model::Expectation& e) {
  using Op = model::Expectation::Op;
  switch (e.op) {
    case Op::kAll:
    case Op::kAny:
    case Op::kNot:
      for (const auto& c : e.children) secret_class_expectation(r, node, c);
      return;
    case Op::kExists:
    case Op::kAbsent:
      return;
    case Op::kEquals:
    case Op::kNotEquals:
    case Op::kOneOf:
    case Op::kNoneOf:
      for (const auto& v : e.values) {
        const auto* text = std::get_if<std::string>(&v.value);
        if (text == nullptr || !parse_secret_class(*text)) {
          r.error(node, "secret: '" + v.display() + "' is not a secret class (none, plaintext, encrypted, generated, empty)");
        }
      }
      return;
    default:
      r.error(node, "secret: compare the class with equals, not_equals, one_of or none_of");
      return;
  }
}

bool valid_rule_id(std::string_view id) {
  static const std::regex kId(R"(^[a-z][a-z0-9-]*(\.[A-Za-z0-9_-]+)+$)");
  return std::regex_match(id.begin(), id.end(), kId);
}

bool valid_guid(std::string_view g) {
  static const std::regex kGuid(R"(^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$)");
  return std::regex_match(g.begin(), g.end(), kGuid);
}

// Principal specs: SIDs, SID globs, "$app_pool_identities", or names temper can resolve offline.
std::vector<std::string> principals(YamlReader& r, const YAML::Node& node, std::string_view what) {
  std::vector<std::string> out;
  if (!node.IsDefined() || node.IsNull()) return out;
  if (!node.IsSequence()) {
    r.error(node, std::string(what) + " must be a list (use [] for no one)");
    return out;
  }
  for (const auto& item : node) {
    const auto text = r.string(item, std::string(what) + " entry");
    if (!text) continue;
    const std::string_view t = trim(*text);
    if (t == kAppPoolToken) {
      out.emplace_back(t);
    } else if (t.starts_with(std::string(kAppPoolToken) + ":")) {
      const std::string_view logon = t.substr(kAppPoolToken.size() + 1);
      if (logon != "LogonBatch" && logon != "LogonService") {
        r.error(item, "app pool token filter must be LogonBatch or LogonService (processModel logonType)");
      } else {
        out.emplace_back(t);
      }
    } else if (t.starts_with("name:")) {
      // An account with no fixed SID (a domain group such as Exchange Servers), matched by name.
      if (trim(t.substr(5)).empty() || t.find_first_of("*?") != std::string_view::npos) {
        r.error(item, "'name:' needs an account name without wildcards, e.g. 'name:Exchange Servers'");
      } else {
        out.push_back("name:" + std::string(trim(t.substr(5))));
      }
    } else if (istarts_with(t, "S-1-") && t.find_first_of("*?") != std::string_view::npos) {
      out.push_back(to_upper(t));
    } else if (auto sid = model::resolve_principal(t)) {
      out.push_back(*sid);
    } else {
      r.error(item, "unknown principal '" + std::string(t) +
                        "': use a SID, a SID glob (S-1-5-82-*), a well-known name, name:<account> or $app_pool_identities");
    }
  }
  return out;
}

std::optional<model::RegValue> reg_data(YamlReader& r, const YAML::Node& map, std::string_view what) {
  const auto type_text = r.string_at(map, "type", true, what);
  const YAML::Node data = r.get(map, "data", true, what);
  if (!type_text || !data.IsDefined()) return std::nullopt;
  const auto type = model::parse_reg_type(*type_text);
  if (!type) {
    r.error(map, std::string(what) + ": unknown registry type '" + *type_text + "'");
    return std::nullopt;
  }
  model::RegValue v;
  v.type = *type;
  if (v.is_number()) {
    const auto n = r.integer(data, std::string(what) + " data");
    if (!n) return std::nullopt;
    if (*n < 0 || (v.type != model::RegType::kQword && *n > 0xFFFFFFFFLL)) {
      r.error(data, std::string(what) + " data out of range for " + std::string(model::reg_type_name(v.type)));
      return std::nullopt;
    }
    v.number = static_cast<std::uint64_t>(*n);
  } else if (v.is_text()) {
    const auto s = r.string(data, std::string(what) + " data");
    if (!s) return std::nullopt;
    v.text = *s;
  } else if (v.type == model::RegType::kMultiSz) {
    v.multi = r.string_list(data, std::string(what) + " data");
  } else {
    r.error(data, std::string(what) + ": fixes support REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ, REG_DWORD and REG_QWORD");
    return std::nullopt;
  }
  return v;
}

// A keyword with a fixed set of values ("match: subset"), mapped to its enum; nullopt when absent or invalid
// (invalid values are reported).
template <typename E>
std::optional<E> keyword(YamlReader& r, const YAML::Node& map, std::string_view key,
                         std::initializer_list<std::pair<std::string_view, E>> choices, std::string_view what) {
  const auto text = r.string_at(map, key, false, what);
  if (!text) return std::nullopt;
  std::string names;
  for (const auto& [name, value] : choices) {
    if (*text == name) return value;
    names += (names.empty() ? "" : ", ") + std::string(name);
  }
  r.error(r.get(map, key, false, what), std::string(key) + " must be one of: " + names);
  return std::nullopt;
}

// The `right` of a check or fix as its canonical constant ("" and an error when unknown).
std::string user_right_at(YamlReader& r, const YAML::Node& node, std::string_view what) {
  const auto right = r.string_at(node, "right", true, what);
  if (!right) return {};
  if (auto info = model::find_user_right(*right)) return std::string(info->constant);
  r.error(r.get(node, "right", false, what), "unknown user right '" + *right + "'");
  return {};
}

// The `subcategory` of an audit check or fix as a normalised GUID (an error when it is not a GUID).
std::string subcategory_at(YamlReader& r, const YAML::Node& node, std::string_view what) {
  const auto g = r.string_at(node, "subcategory", true, what);
  if (!g) return {};
  if (!valid_guid(*g)) r.error(r.get(node, "subcategory", false, what), "subcategory must be a GUID");
  return model::normalize_guid(*g);
}

std::optional<Check> parse_check(YamlReader& r, const YAML::Node& node) {
  const std::string what = "check";
  if (!r.require_map(node, what)) return std::nullopt;
  const auto type = r.string_at(node, "type", true, what);
  if (!type) return std::nullopt;
  const std::size_t errors_before = r.error_count();
  if (*type == "user_right") {
    r.check_keys(node, {"type", "right", "match", "principals", "adjust"}, "user_right check");
    model::UserRightCheck c;
    c.right = user_right_at(r, node, what);
    c.match = keyword<model::PrincipalMatch>(r, node, "match",
                                             {{"subset", model::PrincipalMatch::kSubset},
                                              {"exact", model::PrincipalMatch::kExact},
                                              {"superset", model::PrincipalMatch::kSuperset}},
                                             what)
                  .value_or(model::PrincipalMatch::kSubset);
    const YAML::Node p = r.get(node, "principals", true, what);
    if (p.IsDefined()) c.principals = principals(r, p, "principals");
    const YAML::Node adjust = r.get(node, "adjust", false, what);
    if (adjust.IsDefined()) {
      if (!adjust.IsSequence()) {
        r.error(adjust, "adjust must be a list of {when, add, note}");
      } else {
        for (const auto& a : adjust) {
          if (!r.require_map(a, "adjust entry")) continue;
          r.check_keys(a, {"when", "add", "note"}, "adjust entry");
          model::PrincipalAdjustment adj;
          adj.when = r.condition(r.get(a, "when", true, "adjust entry"), "adjust when");
          adj.add = principals(r, r.get(a, "add", true, "adjust entry"), "adjust add");
          adj.note = r.string_at(a, "note", false, "adjust entry").value_or("");
          if (adj.when.empty()) r.error(a, "adjust entry needs a non-empty 'when'");
          c.adjust.push_back(std::move(adj));
        }
      }
    }
    if (r.error_count() != errors_before) return std::nullopt;
    return c;
  }
  if (*type == "registry") {
    r.check_keys(node, {"type", "key", "value", "expect", "when_absent"}, "registry check");
    model::RegistryCheck c;
    if (auto key = r.string_at(node, "key", true, what)) {
      c.key = model::Registry::canonical_path(*key);
      if (!istarts_with(c.key, "HKLM\\") && !istarts_with(c.key, "HKU\\") && !istarts_with(c.key, "HKCU\\")) {
        r.error(r.get(node, "key", false, what), "registry key must start with HKLM\\, HKU\\ or HKCU\\");
      }
    }
    const YAML::Node value = r.get(node, "value", true, what);
    if (value.IsDefined()) c.value = value.IsNull() ? std::string() : r.string(value, "value").value_or("");
    if (auto e = r.expectation(r.get(node, "expect", true, what), "expect")) c.expect = std::move(*e);
    const YAML::Node absent = r.get(node, "when_absent", false, what);
    if (absent.IsDefined()) c.when_absent = r.scalar(absent, "when_absent");
    if (r.error_count() != errors_before) return std::nullopt;
    return c;
  }
  if (*type == "service") {
    r.check_keys(node, {"type", "name", "start_mode", "state", "absent_passes"}, "service check");
    model::ServiceCheck c;
    c.name = r.string_at(node, "name", true, what).value_or("");
    const YAML::Node sm = r.get(node, "start_mode", false, what);
    if (sm.IsDefined()) c.start_mode = r.expectation(sm, "start_mode");
    const YAML::Node st = r.get(node, "state", false, what);
    if (st.IsDefined()) c.state = r.expectation(st, "state");
    const YAML::Node ap = r.get(node, "absent_passes", false, what);
    if (ap.IsDefined()) c.absent_passes = r.boolean(ap, "absent_passes").value_or(true);
    if (!sm.IsDefined() && !st.IsDefined()) r.error(node, "service check needs start_mode and/or state");
    if (r.error_count() != errors_before) return std::nullopt;
    return c;
  }
  if (*type == "audit_policy") {
    r.check_keys(node, {"type", "subcategory", "name", "success", "failure", "match"}, "audit_policy check");
    model::AuditPolicyCheck c;
    c.subcategory = subcategory_at(r, node, what);
    c.name = r.string_at(node, "name", true, what).value_or("");
    const YAML::Node s = r.get(node, "success", true, what);
    if (s.IsDefined()) c.success = r.boolean(s, "success").value_or(false);
    const YAML::Node f = r.get(node, "failure", true, what);
    if (f.IsDefined()) c.failure = r.boolean(f, "failure").value_or(false);
    c.exact = keyword<bool>(r, node, "match", {{"include", false}, {"exact", true}}, what).value_or(false);
    if (r.error_count() != errors_before) return std::nullopt;
    return c;
  }
  if (*type == "iis_config") {
    r.check_keys(node, {"type", "element", "attribute", "expect", "secret", "scope", "only_if", "each"}, "iis_config check");
    model::IisConfigCheck c;
    c.element = r.string_at(node, "element", true, what).value_or("");
    if (!c.element.empty() && (c.element.front() == '/' || c.element.back() == '/')) {
      r.error(r.get(node, "element", false, what), "element path must not start or end with '/'");
    }
    c.attribute = r.string_at(node, "attribute", false, what).value_or("");
    const YAML::Node secret = r.get(node, "secret", false, what);
    c.secret = secret.IsDefined();
    if (c.secret && r.get(node, "expect", false, what).IsDefined()) {
      r.error(secret, "an iis_config check judges either the value (expect) or the secret class (secret), not both");
    }
    if (c.secret && c.attribute.empty()) r.error(secret, "an iis_config check with 'secret' needs 'attribute'");
    if (auto e = r.expectation(c.secret ? secret : r.get(node, "expect", true, what), c.secret ? "secret" : "expect")) {
      if (c.secret) secret_class_expectation(r, secret, *e);
      c.expect = std::move(*e);
    }
    c.scope = keyword<model::IisScopeMode>(r, node, "scope",
                                           {{"every", model::IisScopeMode::kEvery},
                                            {"server", model::IisScopeMode::kServer},
                                            {"webroot", model::IisScopeMode::kWebRoot},
                                            {"machine", model::IisScopeMode::kMachine},
                                            {"webroot_clr2", model::IisScopeMode::kWebRootClr2}},
                                           what)
                  .value_or(model::IisScopeMode::kEvery);
    const YAML::Node only_if = r.get(node, "only_if", false, what);
    if (only_if.IsDefined() && r.require_map(only_if, "only_if")) {
      r.check_keys(only_if, {"element", "attribute", "expect"}, "only_if");
      c.only_if_element = r.string_at(only_if, "element", false, "only_if").value_or("");
      c.only_if_attribute = r.string_at(only_if, "attribute", true, "only_if").value_or("");
      c.only_if = r.expectation(r.get(only_if, "expect", true, "only_if"), "only_if expect");
    }
    const YAML::Node each = r.get(node, "each", false, what);
    if (each.IsDefined()) c.each = r.boolean(each, "each").value_or(false);
    if (c.each && c.attribute.empty()) r.error(node, "an iis_config check with each: true needs 'attribute'");
    if (r.error_count() != errors_before) return std::nullopt;
    return c;
  }
  if (*type == "feature") {
    r.check_keys(node, {"type", "name", "installed"}, "feature check");
    model::FeatureCheck c;
    c.name = r.string_at(node, "name", true, what).value_or("");
    const YAML::Node inst = r.get(node, "installed", true, what);
    if (inst.IsDefined()) c.installed = r.boolean(inst, "installed").value_or(false);
    if (r.error_count() != errors_before) return std::nullopt;
    return c;
  }
  if (*type == "security_option") {
    r.check_keys(node, {"type", "name", "expect", "when_absent"}, "security_option check");
    model::SecurityOptionCheck c;
    c.name = r.string_at(node, "name", true, what).value_or("");
    if (auto e = r.expectation(r.get(node, "expect", true, what), "expect")) c.expect = std::move(*e);
    const YAML::Node absent = r.get(node, "when_absent", false, what);
    if (absent.IsDefined()) c.when_absent = r.scalar(absent, "when_absent");
    if (r.error_count() != errors_before) return std::nullopt;
    return c;
  }
  if (*type == "all") {
    r.check_keys(node, {"type", "checks"}, "all check");
    const YAML::Node list = r.get(node, "checks", true, what);
    model::AllCheck all;
    if (list.IsDefined()) {
      if (!list.IsSequence() || list.size() < 2) {
        r.error(list, "an all check needs a list of at least two checks");
      } else {
        for (const auto& sub : list) {
          if (auto c = parse_check(r, sub)) all.checks.push_back(std::move(*c));
        }
      }
    }
    if (r.error_count() != errors_before) return std::nullopt;
    return all;
  }
  if (*type == "iis_site" || *type == "iis_app_pool") {
    const bool site = *type == "iis_site";
    r.check_keys(node, site ? std::initializer_list<std::string_view>{"type", "field", "expect", "only_if"}
                            : std::initializer_list<std::string_view>{"type", "field", "expect"},
                 site ? "iis_site check" : "iis_app_pool check");
    static constexpr std::string_view kSiteFields[] = {"name", "bindings_have_host_names", "has_https_binding", "has_ftp_binding",
                                                       "app_pool_unique", "content_on_system_drive", "log_directory",
                                                       "log_on_system_drive", "root_app_pool", "physical_path"};
    static constexpr std::string_view kPoolFields[] = {"name", "identity_type", "user_name", "identity_is_administrator",
                                                       "managed_runtime_version", "pipeline_mode", "logon_type",
                                                       "load_user_profile"};
    const std::string field = r.string_at(node, "field", true, what).value_or("");
    const auto known = [&field](const auto& list) {
      return std::any_of(std::begin(list), std::end(list), [&field](std::string_view f) { return f == field; });
    };
    // A site field may also name an attribute of the <site> element: "logFile@logTargetW3C", "hsts@max-age".
    const bool site_attribute = site && field.find('@') != std::string::npos && field.front() != '@' && field.back() != '@';
    if (!field.empty() && !site_attribute && !(site ? known(kSiteFields) : known(kPoolFields))) {
      r.error(r.get(node, "field", false, what), "unknown " + *type + " field '" + field + "'");
    }
    const auto expect = r.expectation(r.get(node, "expect", true, what), "expect");
    model::IisSiteCheck site_check{field, expect.value_or(model::Expectation{}), {}, std::nullopt};
    const YAML::Node only_if = site ? r.get(node, "only_if", false, what) : YAML::Node(YAML::NodeType::Undefined);
    if (only_if.IsDefined() && r.require_map(only_if, "only_if")) {
      r.check_keys(only_if, {"field", "expect"}, "only_if");
      site_check.only_if_field = r.string_at(only_if, "field", true, "only_if").value_or("");
      const bool cond_known = std::any_of(std::begin(kSiteFields), std::end(kSiteFields),
                                          [&](std::string_view f) { return f == site_check.only_if_field; }) ||
                              site_check.only_if_field.find('@') != std::string::npos;
      if (!cond_known) r.error(only_if, "unknown iis_site field '" + site_check.only_if_field + "' in only_if");
      site_check.only_if = r.expectation(r.get(only_if, "expect", true, "only_if"), "only_if expect");
    }
    if (r.error_count() != errors_before || !expect) return std::nullopt;
    if (site) return site_check;
    return model::IisAppPoolCheck{field, *expect};
  }
  r.error(r.get(node, "type", false, what), "unknown check type '" + *type +
                                                "' (user_right, registry, service, audit_policy, iis_config, "
                                                "feature, security_option, iis_site, iis_app_pool, all)");
  return std::nullopt;
}

std::optional<Fix> parse_fix(YamlReader& r, const YAML::Node& node) {
  const std::string what = "fix";
  if (!r.require_map(node, what)) return std::nullopt;
  const auto type = r.string_at(node, "type", true, what);
  if (!type) return std::nullopt;
  const std::size_t errors_before = r.error_count();
  std::optional<Fix> out;
  if (*type == "user_right") {
    r.check_keys(node, {"type", "right", "set"}, "user_right fix");
    model::UserRightFix f;
    f.right = user_right_at(r, node, what);
    const YAML::Node set = r.get(node, "set", true, what);
    if (set.IsScalar() && set.Scalar() == "$expected") {
      f.set = {"$expected"};
    } else if (set.IsDefined()) {
      f.set = principals(r, set, "set");
    }
    out = f;
  } else if (*type == "registry") {
    r.check_keys(node, {"type", "key", "value", "data_type", "data", "remove"}, "registry fix");
    model::RegistryFix f;
    f.key = model::Registry::canonical_path(r.string_at(node, "key", true, what).value_or(""));
    const YAML::Node value = r.get(node, "value", true, what);
    if (value.IsDefined()) f.value = value.IsNull() ? std::string() : r.string(value, "value").value_or("");
    const YAML::Node rm = r.get(node, "remove", false, what);
    if (rm.IsDefined()) f.remove = r.boolean(rm, "remove").value_or(false);
    if (!f.remove) {
      // data_type + data, read through a small synthetic map so reg_data reports at the right nodes.
      const YAML::Node dt = r.get(node, "data_type", true, what);
      const YAML::Node data = r.get(node, "data", true, what);
      if (dt.IsDefined() && data.IsDefined()) {
        YAML::Node tmp;
        tmp["type"] = dt;
        tmp["data"] = data;
        if (auto v = reg_data(r, tmp, "registry fix")) f.data = std::move(*v);
      }
    }
    out = f;
  } else if (*type == "service") {
    r.check_keys(node, {"type", "name", "start_mode", "stop"}, "service fix");
    model::ServiceFix f;
    f.name = r.string_at(node, "name", true, what).value_or("");
    f.start_mode = r.string_at(node, "start_mode", true, what).value_or("");
    if (!f.start_mode.empty() && !iequals(f.start_mode, "Disabled") && !iequals(f.start_mode, "Manual") &&
        !iequals(f.start_mode, "Auto")) {
      r.error(r.get(node, "start_mode", false, what), "start_mode must be Disabled, Manual or Auto");
    }
    const YAML::Node stop = r.get(node, "stop", false, what);
    if (stop.IsDefined()) f.stop = r.boolean(stop, "stop").value_or(false);
    out = f;
  } else if (*type == "audit_policy") {
    r.check_keys(node, {"type", "subcategory", "success", "failure"}, "audit_policy fix");
    model::AuditPolicyFix f;
    f.subcategory = subcategory_at(r, node, what);
    const YAML::Node s = r.get(node, "success", true, what);
    if (s.IsDefined()) f.success = r.boolean(s, "success").value_or(false);
    const YAML::Node fl = r.get(node, "failure", true, what);
    if (fl.IsDefined()) f.failure = r.boolean(fl, "failure").value_or(false);
    out = f;
  } else if (*type == "iis_config") {
    r.check_keys(node, {"type", "element", "attribute", "value", "remove"}, "iis_config fix");
    model::IisConfigFix f;
    f.element = r.string_at(node, "element", true, what).value_or("");
    f.attribute = r.string_at(node, "attribute", false, what).value_or("");
    const YAML::Node rm = r.get(node, "remove", false, what);
    if (rm.IsDefined()) f.remove = r.boolean(rm, "remove").value_or(false);
    if (!f.remove) {
      const YAML::Node v = r.get(node, "value", true, what);
      if (v.IsDefined()) {
        if (auto s = r.scalar(v, "value")) f.value = s->display();
      }
      if (f.attribute.empty()) r.error(node, "iis_config fix needs 'attribute' unless it removes the element");
    }
    out = f;
  } else if (*type == "feature") {
    r.check_keys(node, {"type", "name", "installed"}, "feature fix");
    model::FeatureFix f;
    f.name = r.string_at(node, "name", true, what).value_or("");
    const YAML::Node inst = r.get(node, "installed", true, what);
    if (inst.IsDefined()) f.installed = r.boolean(inst, "installed").value_or(false);
    out = f;
  } else if (*type == "security_option") {
    r.check_keys(node, {"type", "name", "value"}, "security_option fix");
    model::SecurityOptionFix f;
    f.name = r.string_at(node, "name", true, what).value_or("");
    const YAML::Node v = r.get(node, "value", true, what);
    if (v.IsDefined()) {
      if (auto s = r.scalar(v, "value")) f.value = *s;
    }
    out = f;
  } else if (*type == "manual") {
    r.check_keys(node, {"type", "note"}, "manual fix");
    out = model::ManualFix{r.string_at(node, "note", true, what).value_or("")};
  } else {
    r.error(r.get(node, "type", false, what), "unknown fix type '" + *type +
                                                  "' (user_right, registry, service, audit_policy, iis_config, "
                                                  "feature, security_option, manual)");
    return std::nullopt;
  }
  if (r.error_count() != errors_before) return std::nullopt;
  return out;
}

bool fix_matches(const Check& check, const Fix& fix);

// The fix must address a setting the check reads (for an `all` check: one of its checks).
void check_fix_matches(YamlReader& r, const YAML::Node& node, const Check& check, const Fix& fix) {
  if (const auto* all = std::get_if<model::AllCheck>(&check)) {
    const bool any = std::any_of(all->checks.begin(), all->checks.end(), [&](const Check& c) { return fix_matches(c, fix); });
    if (!any && !std::holds_alternative<model::ManualFix>(fix)) {
      r.error(node, "fix (" + std::string(fix_type_name(fix)) + ") does not address any of the checks in the all check");
    }
    return;
  }
  if (std::holds_alternative<model::ManualFix>(fix)) return;
  // Site and pool facts are fixed by changing IIS configuration.
  const bool iis_fact = std::holds_alternative<model::IisSiteCheck>(check) || std::holds_alternative<model::IisAppPoolCheck>(check);
  if (iis_fact && std::holds_alternative<model::IisConfigFix>(fix)) return;
  if (check_type_name(check) != fix_type_name(fix)) {
    r.error(node, "fix type '" + std::string(fix_type_name(fix)) + "' does not match check type '" +
                      std::string(check_type_name(check)) + "'");
    return;
  }
  if (const auto* c = std::get_if<model::UserRightCheck>(&check)) {
    if (!iequals(c->right, std::get<model::UserRightFix>(fix).right)) r.error(node, "fix sets a different user right");
  } else if (const auto* rc = std::get_if<model::RegistryCheck>(&check)) {
    const auto& f = std::get<model::RegistryFix>(fix);
    if (!iequals(rc->key, f.key) || !iequals(rc->value, f.value)) r.error(node, "fix sets a different registry value");
  } else if (const auto* sc = std::get_if<model::ServiceCheck>(&check)) {
    if (!iequals(sc->name, std::get<model::ServiceFix>(fix).name)) r.error(node, "fix changes a different service");
  } else if (const auto* ac = std::get_if<model::AuditPolicyCheck>(&check)) {
    if (!iequals(ac->subcategory, std::get<model::AuditPolicyFix>(fix).subcategory)) {
      r.error(node, "fix sets a different audit subcategory");
    }
  } else if (const auto* fc = std::get_if<model::FeatureCheck>(&check)) {
    if (!iequals(fc->name, std::get<model::FeatureFix>(fix).name)) r.error(node, "fix changes a different feature");
  } else if (const auto* oc = std::get_if<model::SecurityOptionCheck>(&check)) {
    if (!iequals(oc->name, std::get<model::SecurityOptionFix>(fix).name)) {
      r.error(node, "fix sets a different security option");
    }
  }
}

bool fix_matches(const Check& check, const Fix& fix) {
  std::vector<Diagnostic> scratch;
  YamlReader silent{"", scratch};
  check_fix_matches(silent, YAML::Node(), check, fix);
  return scratch.empty();
}

// A reference's own level: `level: 2`, or per role `level: {domain_controller: 1, member_server: 2}`.
void parse_ref_level(YamlReader& r, const YAML::Node& node, model::Ref& ref) {
  const auto one = [&r](const YAML::Node& n) -> std::optional<int> {
    const auto l = r.integer(n, "refs level");
    if (!l) return std::nullopt;
    if (*l != 1 && *l != 2) {
      r.error(n, "level must be 1 or 2");
      return std::nullopt;
    }
    return static_cast<int>(*l);
  };
  if (!node.IsMap()) {
    ref.level = one(node);
    return;
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    const auto role_name = r.string(it->first, "refs level role");
    if (!role_name) continue;
    const auto role = model::parse_role(*role_name);
    if (!role) {
      r.error(it->first, "unknown role '" + *role_name + "' in refs level (workstation, member_server, domain_controller)");
      continue;
    }
    if (const auto l = one(it->second)) ref.level_by_role[*role] = *l;
  }
}

void parse_rule(YamlReader& r, const YAML::Node& node, const LoadOptions& options, std::vector<model::Rule>& out) {
  if (!r.require_map(node, "rule")) return;
  r.check_keys(node,
               {"id", "title", "description", "rationale", "impact", "default_value", "remediation", "refs", "level",
                "section", "automation", "applies_to", "check", "fix", "learn"},
               "rule");
  const std::size_t errors_before = r.error_count();
  model::Rule rule;
  rule.where = r.where(node);
  rule.id = r.string_at(node, "id", true, "rule").value_or("");
  if (!rule.id.empty() && !valid_rule_id(rule.id)) {
    r.error(r.get(node, "id", false, "rule"),
            "rule id '" + rule.id + "' must be dotted segments like 'iis.directory-browsing.disabled'");
  }
  const std::string what = "rule '" + rule.id + "'";
  rule.title = r.string_at(node, "title", true, what).value_or("");
  rule.description = r.string_at(node, "description", true, what).value_or("");
  rule.rationale = r.string_at(node, "rationale", true, what).value_or("");
  rule.remediation = r.string_at(node, "remediation", true, what).value_or("");
  rule.impact = r.string_at(node, "impact", options.strict_metadata, what).value_or("");
  rule.default_value = r.string_at(node, "default_value", options.strict_metadata, what).value_or("");
  rule.section = r.string_at(node, "section", true, what).value_or("");
  const YAML::Node refs = r.get(node, "refs", options.strict_metadata, what);
  if (refs.IsDefined() && r.require_map(refs, "refs")) {
    for (auto it = refs.begin(); it != refs.end(); ++it) {
      const auto key = r.string(it->first, "refs key");
      if (!key) continue;
      model::Ref ref;
      if (it->second.IsMap()) {
        // Role-specific numbers: {member_server: "2.2.33", domain_controller: "2.2.32"}, and this
        // benchmark's own level: {all: "19.7.8.3", level: 2}, or per role: level: {member_server: 2}.
        for (auto rit = it->second.begin(); rit != it->second.end(); ++rit) {
          const auto role_name = r.string(rit->first, "refs role");
          if (role_name && *role_name == "level") {
            parse_ref_level(r, rit->second, ref);
            continue;
          }
          const auto number = r.string(rit->second, "refs value");
          if (!role_name || !number) continue;
          if (*role_name == "all") {
            ref.id = *number;
          } else if (auto role = model::parse_role(*role_name)) {
            ref.by_role[*role] = *number;
          } else {
            r.error(rit->first, "unknown role '" + *role_name + "' in refs (workstation, member_server, domain_controller, all)");
          }
        }
      } else if (auto value = r.string(it->second, "refs value")) {
        ref.id = *value;
      }
      if (ref.id.empty() && ref.by_role.empty()) {
        r.error(it->second, "reference '" + *key + "' has no number");
        continue;
      }
      rule.refs[*key] = std::move(ref);
    }
    if (rule.refs.empty() && options.strict_metadata) r.error(refs, what + " refs must name at least one benchmark");
  }
  const YAML::Node level = r.get(node, "level", true, what);
  if (level.IsDefined()) {
    if (auto l = r.integer(level, "level")) {
      if (*l != 1 && *l != 2) {
        r.error(level, "level must be 1 or 2");
      } else {
        rule.level = static_cast<int>(*l);
      }
    }
  }
  rule.automation = keyword<model::Automation>(r, node, "automation",
                                               {{"automated", model::Automation::kAutomated},
                                                {"approximated", model::Automation::kApproximated}},
                                               what)
                        .value_or(model::Automation::kAutomated);
  rule.applies_to = r.condition(r.get(node, "applies_to", false, what), "applies_to");
  const YAML::Node check = r.get(node, "check", true, what);
  std::optional<Check> parsed_check;
  if (check.IsDefined()) parsed_check = parse_check(r, check);
  const YAML::Node fix = r.get(node, "fix", false, what);
  if (fix.IsDefined()) {
    // One fix, or a list of fixes (a recommendation that sets several values).
    std::vector<YAML::Node> items;
    if (fix.IsSequence()) {
      for (const auto& f : fix) items.push_back(f);
      if (items.empty()) r.error(fix, "fix list is empty (omit 'fix' for a rule without one)");
    } else {
      items.push_back(fix);
    }
    for (const auto& item : items) {
      if (auto parsed = parse_fix(r, item)) {
        if (parsed_check) check_fix_matches(r, item, *parsed_check, *parsed);
        rule.fixes.push_back(std::move(*parsed));
      }
    }
  }
  if (parsed_check) rule.check = std::move(*parsed_check);
  if (const YAML::Node learn = r.get(node, "learn", false, what); learn.IsDefined()) rule.learn = detail::parse_impact(r, learn, rule);
  if (r.error_count() == errors_before && parsed_check) out.push_back(std::move(rule));
}

void parse_benchmark(YamlReader& r, const YAML::Node& node, std::vector<model::Benchmark>& out) {
  if (!r.require_map(node, "benchmark")) return;
  r.check_keys(node, {"id", "title", "version", "description", "refs", "levels", "include", "exclude", "roles", "os_builds",
                      "versions"},
               "benchmark");
  const std::size_t errors_before = r.error_count();
  model::Benchmark b;
  b.where = r.where(node);
  b.id = r.string_at(node, "id", true, "benchmark").value_or("");
  const std::string what = "benchmark '" + b.id + "'";
  b.title = r.string_at(node, "title", true, what).value_or("");
  b.version = r.string_at(node, "version", false, what).value_or("");
  b.description = r.string_at(node, "description", false, what).value_or("");
  b.refs = r.string_list(r.get(node, "refs", false, what), "refs");
  b.include = r.string_list(r.get(node, "include", false, what), "include");
  b.exclude = r.string_list(r.get(node, "exclude", false, what), "exclude");
  b.os_builds = r.string_list(r.get(node, "os_builds", false, what), "os_builds");
  b.versions = r.string_list(r.get(node, "versions", false, what), "versions");
  if (b.refs.empty() && b.include.empty() && b.versions.empty()) {
    r.error(node, what + " selects nothing: give refs, versions and/or include");
  }
  const YAML::Node roles = r.get(node, "roles", false, what);
  for (const auto& name : r.string_list(roles, "roles")) {
    if (auto role = model::parse_role(name)) {
      b.roles.push_back(*role);
    } else {
      r.error(roles, "unknown role '" + name + "' (workstation, member_server, domain_controller)");
    }
  }
  const YAML::Node levels = r.get(node, "levels", false, what);
  if (levels.IsDefined()) {
    b.levels.clear();
    if (!levels.IsSequence()) {
      r.error(levels, "levels must be a list like [1, 2]");
    } else {
      for (const auto& l : levels) {
        if (auto v = r.integer(l, "level")) {
          if (*v != 1 && *v != 2) r.error(l, "level must be 1 or 2");
          b.levels.push_back(static_cast<int>(*v));
        }
      }
    }
  }
  if (r.error_count() == errors_before) out.push_back(std::move(b));
}

// gaps: [{reason: ..., refs: {cis-windows-server-2022: ["19.5.1.1", ...], ...}}]
void parse_gap(YamlReader& r, const YAML::Node& node, std::vector<model::Gap>& out) {
  if (!r.require_map(node, "gap")) return;
  r.check_keys(node, {"reason", "refs"}, "gap");
  const std::size_t errors_before = r.error_count();
  model::Gap g;
  g.where = r.where(node);
  g.reason = r.string_at(node, "reason", true, "gap").value_or("");
  const YAML::Node refs = r.get(node, "refs", true, "gap");
  if (refs.IsDefined() && r.require_map(refs, "gap refs")) {
    for (auto it = refs.begin(); it != refs.end(); ++it) {
      const auto key = r.string(it->first, "gap refs key");
      if (!key) continue;
      auto numbers = r.string_list(it->second, "gap numbers");
      if (numbers.empty()) r.error(it->second, "gap refs '" + *key + "' lists no numbers");
      g.numbers[*key] = std::move(numbers);
    }
  }
  if (g.numbers.empty()) r.error(node, "gap names no recommendation");
  if (r.error_count() == errors_before) out.push_back(std::move(g));
}

void parse_document(YamlReader& r, const YAML::Node& root, const LoadOptions& options,
                    std::vector<model::Rule>& rules, std::vector<model::Benchmark>& benchmarks, std::vector<model::Gap>& gaps) {
  if (!root.IsDefined() || root.IsNull()) {
    r.warning(root, "empty content file");
    return;
  }
  if (!r.require_map(root, "a content file")) return;
  r.check_keys(root, {"rules", "benchmarks", "gaps"}, "a content file (top level)");
  const YAML::Node rule_list = r.get(root, "rules", false, "file");
  if (rule_list.IsDefined()) {
    if (!rule_list.IsSequence()) {
      r.error(rule_list, "'rules' must be a list");
    } else {
      for (const auto& rule : rule_list) parse_rule(r, rule, options, rules);
    }
  }
  const YAML::Node bench_list = r.get(root, "benchmarks", false, "file");
  if (bench_list.IsDefined()) {
    if (!bench_list.IsSequence()) {
      r.error(bench_list, "'benchmarks' must be a list");
    } else {
      for (const auto& b : bench_list) parse_benchmark(r, b, benchmarks);
    }
  }
  const YAML::Node gap_list = r.get(root, "gaps", false, "file");
  if (gap_list.IsDefined()) {
    if (!gap_list.IsSequence()) {
      r.error(gap_list, "'gaps' must be a list");
    } else {
      for (const auto& g : gap_list) parse_gap(r, g, gaps);
    }
  }
}

void load_text_into(std::string_view yaml, std::string_view file, const LoadOptions& options,
                    std::vector<model::Rule>& rules, std::vector<model::Benchmark>& benchmarks,
                    std::vector<model::Gap>& gaps, std::vector<Diagnostic>& diags) {
  YamlReader r{std::string(file), diags};
  YAML::Node root;
  if (!r.load(yaml, root)) return;
  try {
    parse_document(r, root, options, rules, benchmarks, gaps);
  } catch (const YAML::Exception& e) {
    r.structure_error(e);
  }
}

// Cross-file checks: unique ids, benchmark references.
void validate_set(const std::vector<model::Rule>& rules, const std::vector<model::Benchmark>& benchmarks,
                  std::vector<Diagnostic>& diags) {
  std::map<std::string, const model::Rule*> seen;
  for (const auto& rule : rules) {
    const auto [it, inserted] = seen.emplace(rule.id, &rule);
    if (!inserted) {
      diags.push_back(Diagnostic{Diagnostic::Severity::kError, rule.where,
                                 "duplicate rule id '" + rule.id + "' (first defined at " +
                                     it->second->where.to_string() + ")"});
    }
  }
  std::map<std::string, const model::Benchmark*, ILess> bench_seen;
  for (const auto& b : benchmarks) {
    const auto [it, inserted] = bench_seen.emplace(b.id, &b);
    if (!inserted) {
      diags.push_back(Diagnostic{Diagnostic::Severity::kError, b.where,
                                 "duplicate benchmark id '" + b.id + "' (first defined at " +
                                     it->second->where.to_string() + ")"});
    }
    for (const auto& v : b.versions) {
      const auto version = std::find_if(benchmarks.begin(), benchmarks.end(), [&](const model::Benchmark& x) { return iequals(x.id, v); });
      if (version == benchmarks.end()) {
        diags.push_back(Diagnostic{Diagnostic::Severity::kError, b.where,
                                   "benchmark '" + b.id + "' lists version '" + v + "', which is not a benchmark"});
      } else if (version->os_builds.empty() || !version->versions.empty()) {
        diags.push_back(Diagnostic{Diagnostic::Severity::kError, b.where,
                                   "benchmark '" + b.id + "' lists version '" + v + "', which names no os_builds"});
      }
    }
    for (const auto& pattern : b.include) {
      const bool any = std::any_of(rules.begin(), rules.end(), [&](const model::Rule& r) { return glob_match(pattern, r.id); });
      if (!any) {
        diags.push_back(Diagnostic{Diagnostic::Severity::kWarning, b.where,
                                   "benchmark '" + b.id + "' includes '" + pattern + "', which matches no rule"});
      }
    }
  }
}

}  // namespace

std::string Diagnostic::to_string() const {
  return where.to_string() + ": " + (severity == Severity::kError ? "error" : "warning") + ": " + message;
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Diagnostic::Severity::kError; });
}

LoadResult load_content_text(std::string_view yaml, std::string_view file, const LoadOptions& options) {
  LoadResult result;
  std::vector<model::Rule> rules;
  std::vector<model::Benchmark> benchmarks;
  std::vector<model::Gap> gaps;
  load_text_into(yaml, file, options, rules, benchmarks, gaps, result.diagnostics);
  validate_set(rules, benchmarks, result.diagnostics);
  result.files = 1;
  result.content = ContentSet(std::move(rules), std::move(benchmarks), std::move(gaps));
  return result;
}

LoadResult load_content_dir(const std::filesystem::path& dir, const LoadOptions& options) {
  LoadResult result;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    result.diagnostics.push_back(Diagnostic{Diagnostic::Severity::kError, SourceLocation(path_string(dir)),
                                            "content directory not found"});
    return result;
  }
  std::vector<std::filesystem::path> files;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); !ec && it != std::filesystem::end(it);
       it.increment(ec)) {
    // content/detections/ holds detection rules (Sigma, EQL: `temper detect`), not hardening content.
    if (it.depth() == 0 && it->path().filename() == "detections" && it->is_directory(ec)) {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    const auto ext = it->path().extension().string();
    if (ext != ".yaml" && ext != ".yml") continue;
    const auto name = it->path().filename().string();
    if (name.ends_with(".test.yaml")) continue;
    if (!options.include_examples && name.starts_with("_")) continue;
    files.push_back(it->path());
  }
  if (ec) {
    result.diagnostics.push_back(Diagnostic{Diagnostic::Severity::kError, SourceLocation(path_string(dir)),
                                            "cannot list content directory: " + ec.message()});
  }
  std::sort(files.begin(), files.end());
  std::vector<model::Rule> rules;
  std::vector<model::Benchmark> benchmarks;
  std::vector<model::Gap> gaps;
  for (const auto& f : files) {
    auto text = read_file(f);
    if (!text) {
      result.diagnostics.push_back(Diagnostic{Diagnostic::Severity::kError, SourceLocation(path_string(f)),
                                              text.error().message});
      continue;
    }
    load_text_into(*text, path_string(f), options, rules, benchmarks, gaps, result.diagnostics);
    ++result.files;
  }
  validate_set(rules, benchmarks, result.diagnostics);
  result.content = ContentSet(std::move(rules), std::move(benchmarks), std::move(gaps));
  return result;
}

}  // namespace temper::content
