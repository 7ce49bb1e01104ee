// SPDX-License-Identifier: Apache-2.0
// The `learn:` key of a rule: its impact model (docs/learning.md), validated against the rule's fix.
#include "content/detail/impact_loader.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>

#include "core/strings.hpp"
#include "model/user_rights.hpp"

namespace temper::content::detail {
namespace {
using model::ImpactEvidence;
using model::RequestEvidence;

constexpr std::array<std::pair<std::string_view, RequestEvidence::What>, 10> kRequestKinds{{
    {"url_length", RequestEvidence::What::kUrlLength},
    {"query_length", RequestEvidence::What::kQueryLength},
    {"body_length", RequestEvidence::What::kBodyLength},
    {"verbs", RequestEvidence::What::kVerbs},
    {"unlisted_extensions", RequestEvidence::What::kUnlistedExtensions},
    {"double_escaped", RequestEvidence::What::kDoubleEscaped},
    {"high_bit", RequestEvidence::What::kHighBit},
    {"auth_over_http", RequestEvidence::What::kAuthOverHttp},
    {"rate", RequestEvidence::What::kRate},
    {"wmsvc", RequestEvidence::What::kWmsvc},
}};

constexpr std::array<std::string_view, 7> kProtocols{"SSL 2.0", "SSL 3.0", "TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3", "DTLS 1.0"};
constexpr std::array<std::string_view, 7> kCiphers{"NULL", "DES", "3DES", "RC4", "AES 128", "AES 192", "AES 256"};

bool has_fix(const model::Rule& rule, auto pred) { return std::any_of(rule.fixes.begin(), rule.fixes.end(), pred); }
template <typename F>
bool has_fix_type(const model::Rule& rule) {
  return has_fix(rule, [](const model::Fix& f) { return std::holds_alternative<F>(f); });
}

// Whether the rule's user-right fix assigns a deny right (SeDeny*LogonRight): its holders are refused,
// so evidence about them must say `deny: true`, and evidence about any other right must not.
std::optional<bool> fixes_deny_right(const model::Rule& rule) {
  for (const auto& f : rule.fixes) {
    if (const auto* u = std::get_if<model::UserRightFix>(&f)) return istarts_with(u->right, "SeDeny");
  }
  return std::nullopt;
}

void check_deny(YamlReader& r, const YAML::Node& node, const model::Rule& rule, bool deny, std::string_view kind) {
  const auto deny_right = fixes_deny_right(rule);
  if (!deny_right || *deny_right == deny) return;
  r.error(node, *deny_right ? "learn " + std::string(kind) + ": the fix assigns a deny right, so its holders are refused: "
                              "write 'deny: true'"
                            : "learn " + std::string(kind) + ": 'deny: true' is for deny rights (SeDeny*); this fix "
                              "assigns an allow right");
}

std::optional<ImpactEvidence> parse_item(YamlReader& r, const YAML::Node& node, const model::Rule& rule) {
  if (!r.require_map(node, "learn evidence")) return std::nullopt;
  const auto kinds = {"logons", "privileges", "needs", "services", "ntlm", "smb1_clients", "tls_protocols", "tls_ciphers",
                      "requests"};
  std::string kind;
  for (const auto* k : kinds) {
    if (!node[k]) continue;
    if (!kind.empty()) {
      r.error(node, "learn evidence names two kinds ('" + kind + "' and '" + k + "'): one per list item");
      return std::nullopt;
    }
    kind = k;
  }
  if (kind.empty()) {
    r.error(node, "learn evidence needs one of: logons, privileges, needs, services, ntlm, smb1_clients, tls_protocols, "
                  "tls_ciphers, requests");
    return std::nullopt;
  }
  const YAML::Node value = node[kind];
  const auto need_user_right_fix = [&] {
    if (!has_fix_type<model::UserRightFix>(rule)) r.error(node, "learn '" + kind + "' judges a user_right fix; this rule has none");
  };
  if (kind == "logons") {
    r.check_keys(node, {"logons", "deny"}, "learn logons");
    need_user_right_fix();
    model::LogonEvidence e;
    if (!value.IsSequence() || value.size() == 0) {
      r.error(value, "learn logons: a list of logon types (2 interactive, 3 network, 4 batch, 5 service, 8 network "
                     "cleartext, 10 remote interactive, 11 cached interactive)");
      return std::nullopt;
    }
    for (const auto& t : value) {
      const auto n = r.integer(t, "logon type");
      if (!n) continue;
      if (*n < 2 || *n > 13) {
        r.error(t, "logon type " + std::to_string(*n) + " is not one a logon right governs (2-13)");
        continue;
      }
      e.types.push_back(static_cast<std::uint32_t>(*n));
    }
    if (const YAML::Node d = node["deny"]) e.deny = r.boolean(d, "deny").value_or(false);
    check_deny(r, node, rule, e.deny, kind);
    return e;
  }
  if (kind == "privileges") {
    r.check_keys(node, {"privileges"}, "learn privileges");
    need_user_right_fix();
    model::PrivilegeEvidence e;
    for (auto& p : r.string_list(value, "privileges")) {
      const auto right = model::find_user_right(p);
      if (!right) {
        r.error(value, "'" + p + "' is not a privilege constant");
        continue;
      }
      if (right->constant.ends_with("Right")) {
        // Logon rights are exercised by logging on (4624), never reported as privilege use.
        r.error(value, "'" + p + "' is a logon right, which 4673/4674 never show: use 'logons'");
        continue;
      }
      e.privileges.emplace_back(right->constant);
    }
    return e;
  }
  if (kind == "needs") {
    r.check_keys(node, {"needs", "deny", "note"}, "learn needs");
    need_user_right_fix();
    model::ConfigNeedEvidence e;
    e.principals = r.string_list(value, "needs");
    if (e.principals.empty()) r.error(value, "learn needs: at least one principal");
    if (const YAML::Node d = node["deny"]) e.deny = r.boolean(d, "deny").value_or(false);
    check_deny(r, node, rule, e.deny, kind);
    e.note = r.string_at(node, "note", true, "learn needs").value_or("");
    return e;
  }
  if (kind == "services") {
    r.check_keys(node, {"services"}, "learn services");
    model::ServiceEvidence e;
    if (!value.IsScalar() || value.as<std::string>() != "fix") e.services = r.string_list(value, "services");
    if (e.services.empty() && !has_fix_type<model::ServiceFix>(rule)) {
      r.error(node, "learn services: 'fix' judges the rule's service fix, which it lacks; name the services");
    }
    return e;
  }
  if (kind == "ntlm") {
    r.check_keys(node, {"ntlm"}, "learn ntlm");
    const auto use = r.string(value, "ntlm").value_or("");
    if (use != "v1" && use != "incoming" && use != "outgoing") {
      r.error(value, "learn ntlm: one of v1, incoming, outgoing");
      return std::nullopt;
    }
    return model::NtlmEvidence{use};
  }
  if (kind == "smb1_clients") {
    r.check_keys(node, {"smb1_clients"}, "learn smb1_clients");
    if (!r.boolean(value, "smb1_clients").value_or(false)) r.error(value, "learn smb1_clients: write 'smb1_clients: true'");
    return model::Smb1Evidence{};
  }
  if (kind == "tls_protocols" || kind == "tls_ciphers") {
    r.check_keys(node, {kind}, "learn " + kind);
    model::TlsEvidence e;
    const bool protocols = kind == "tls_protocols";
    if (value.IsSequence()) {
      for (const auto& item : value) {
        if (!item.IsNull()) continue;
        // YAML reads an unquoted NULL (or ~) as a null, not as the cipher's name.
        r.error(item, "learn " + kind + ": an empty entry; write \"NULL\" in quotes, unquoted YAML reads it as null");
        return std::nullopt;
      }
    }
    for (auto& v : r.string_list(value, kind)) {
      const auto& known = protocols ? std::vector<std::string_view>(kProtocols.begin(), kProtocols.end())
                                    : std::vector<std::string_view>(kCiphers.begin(), kCiphers.end());
      const auto it = std::find_if(known.begin(), known.end(), [&](std::string_view k) { return iequals(k, v); });
      if (it == known.end()) {
        r.error(value, "learn " + kind + ": unknown '" + v + "' (" + join(std::vector<std::string>(known.begin(), known.end()), ", ") + ")");
        continue;
      }
      (protocols ? e.protocols : e.ciphers).emplace_back(*it);
    }
    return e;
  }
  // requests
  r.check_keys(node, {"requests", "values"}, "learn requests");
  const auto what = r.string(value, "requests").value_or("");
  const auto it = std::find_if(kRequestKinds.begin(), kRequestKinds.end(), [&](const auto& k) { return k.first == what; });
  if (it == kRequestKinds.end()) {
    std::vector<std::string> names;
    for (const auto& k : kRequestKinds) names.emplace_back(k.first);
    r.error(value, "learn requests: unknown '" + what + "' (" + join(names, ", ") + ")");
    return std::nullopt;
  }
  RequestEvidence e;
  e.what = it->second;
  if (const YAML::Node v = node["values"]) e.values = r.string_list(v, "values");
  using W = RequestEvidence::What;
  if (e.what == W::kVerbs && e.values.empty()) r.error(node, "learn requests: " + what + " needs 'values'");
  if (e.what == W::kVerbs) {
    for (auto& v : e.values) v = to_upper(v);
  }
  const bool needs_iis_fix = e.what == W::kUrlLength || e.what == W::kQueryLength || e.what == W::kBodyLength || e.what == W::kRate;
  if (needs_iis_fix && !has_fix_type<model::IisConfigFix>(rule)) {
    r.error(node, "learn requests: " + what + " reads its limit from the rule's iis_config fix, which it lacks");
  }
  return e;
}
}  // namespace

std::optional<model::ImpactModel> parse_impact(YamlReader& r, const YAML::Node& node, const model::Rule& rule) {
  if (!r.require_map(node, "learn")) return std::nullopt;
  r.check_keys(node, {"safe", "no_evidence", "evidence", "note"}, "learn");
  model::ImpactModel m;
  const int given = (node["safe"] ? 1 : 0) + (node["no_evidence"] ? 1 : 0) + (node["evidence"] ? 1 : 0);
  if (given != 1) {
    r.error(node, "learn: exactly one of 'safe' (the fix stops no workload), 'no_evidence' (no activity can show its "
                  "impact) or 'evidence'");
    return std::nullopt;
  }
  if (const YAML::Node n = node["note"]) m.note = r.string(n, "learn note").value_or("");
  if (node["safe"]) {
    m.kind = model::ImpactModel::Kind::kSafe;
    m.reason = r.string(node["safe"], "learn safe").value_or("");
  } else if (node["no_evidence"]) {
    m.kind = model::ImpactModel::Kind::kNoEvidence;
    m.reason = r.string(node["no_evidence"], "learn no_evidence").value_or("");
  }
  if (m.kind != model::ImpactModel::Kind::kEvidence) {
    if (m.reason.size() < 12) r.error(node, "learn: say why in a sentence");
    return m;
  }
  const YAML::Node list = node["evidence"];
  if (!list.IsSequence() || list.size() == 0) {
    r.error(list, "learn evidence: a non-empty list");
    return std::nullopt;
  }
  for (const auto& item : list) {
    if (auto e = parse_item(r, item, rule)) m.evidence.push_back(std::move(*e));
  }
  // The configuration's needs alone would call a fix safe while other holders it removes go unjudged.
  if (!m.evidence.empty() && std::all_of(m.evidence.begin(), m.evidence.end(), [](const ImpactEvidence& e) {
        return std::holds_alternative<model::ConfigNeedEvidence>(e);
      })) {
    r.error(list, "learn evidence: 'needs' alone cannot show that the fix is safe for the other holders it removes; add "
                  "logons or privileges, or use no_evidence");
  }
  return m;
}

}  // namespace temper::content::detail
