// SPDX-License-Identifier: Apache-2.0
// Coverage tables generated from the content, with each rule's impact model and their counts.
#include "report/coverage.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <type_traits>
#include <variant>

#include "core/strings.hpp"

namespace temper::report {
namespace {
struct Row {
  std::string number;
  const model::Rule* rule;
};

std::string escape(std::string s) {
  std::string out;
  for (const char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string roles_text(const model::Rule& r, const model::Ref& ref) {
  std::vector<std::string> roles;
  if (!ref.by_role.empty() && ref.id.empty()) {
    for (const auto& [role, n] : ref.by_role) roles.emplace_back(model::role_name(role));
  } else {
    for (const auto role : r.applies_to.roles) roles.emplace_back(model::role_name(role));
  }
  return roles.empty() ? "all" : join(roles, ", ");
}

// The name an evidence item has in the content (`learn: evidence:`), with what narrows it.
std::string evidence_text(const model::ImpactEvidence& e) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, model::LogonEvidence>) {
          return x.deny ? "logons (deny)" : "logons";
        } else if constexpr (std::is_same_v<T, model::PrivilegeEvidence>) {
          return "privileges";
        } else if constexpr (std::is_same_v<T, model::ConfigNeedEvidence>) {
          return x.deny ? "needs (deny)" : "needs";
        } else if constexpr (std::is_same_v<T, model::ServiceEvidence>) {
          return "services";
        } else if constexpr (std::is_same_v<T, model::NtlmEvidence>) {
          return "ntlm (" + x.use + ")";
        } else if constexpr (std::is_same_v<T, model::Smb1Evidence>) {
          return "smb1_clients";
        } else if constexpr (std::is_same_v<T, model::TlsEvidence>) {
          return x.protocols.empty() ? "tls_ciphers" : "tls_protocols";
        } else {
          return "requests (" + std::string(request_name(x.what)) + ")";
        }
      },
      e);
}

// The kind of evidence an item is, without what narrows it: the key of the summary's second table.
std::string evidence_kind(const model::ImpactEvidence& e) {
  std::string text = evidence_text(e);
  return text.substr(0, text.find(" ("));
}

void table(std::string& out, const std::string& key, const std::vector<model::Rule>& rules, bool with_roles) {
  std::vector<Row> rows;
  for (const auto& r : rules) {
    const auto it = r.refs.find(key);
    if (it == r.refs.end()) continue;
    if (!it->second.id.empty()) rows.push_back(Row{it->second.id, &r});
    for (const auto& [role, n] : it->second.by_role) {
      if (n != it->second.id) rows.push_back(Row{n, &r});
    }
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.number != b.number ? ref_less(a.number, b.number) : a.rule->id < b.rule->id;
  });
  rows.erase(std::unique(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.number == b.number && a.rule == b.rule; }),
             rows.end());
  out += with_roles ? "| number | level | roles | rule | title | check | scope | impact model |\n|---|---|---|---|---|---|---|---|\n"
                    : "| number | level | rule | title | check | scope | impact model |\n|---|---|---|---|---|---|---|\n";
  for (const auto& row : rows) {
    const model::Rule& r = *row.rule;
    out += "| " + row.number + " | L" + std::to_string(r.level) + " | ";
    if (with_roles) out += roles_text(r, r.refs.at(key)) + " | ";
    out += "`" + r.id + "` | " + escape(r.title) + " | " +
           (r.automation == model::Automation::kAutomated ? "automated" : "approximated") + " | " + check_scope(r.check) +
           " | " + impact_model_text(r) + " |\n";
  }
  out += "\n" + std::to_string(rows.size()) + " rows.\n";
}

// Counts of rules per impact model, then per evidence kind (a rule judged by several kinds counts once
// under each).
void impact_summary(std::string& out, const std::vector<model::Rule>& rules) {
  std::size_t safe = 0, no_evidence = 0, evidence = 0, none = 0;
  std::map<std::string, std::size_t> kinds;
  for (const auto& r : rules) {
    if (!r.learn) {
      ++none;
      continue;
    }
    switch (r.learn->kind) {
      case model::ImpactModel::Kind::kSafe: ++safe; break;
      case model::ImpactModel::Kind::kNoEvidence: ++no_evidence; break;
      case model::ImpactModel::Kind::kEvidence: ++evidence; break;
    }
    std::set<std::string> seen;
    for (const auto& e : r.learn->evidence) {
      if (seen.insert(evidence_kind(e)).second) ++kinds[evidence_kind(e)];
    }
  }
  out += "## Impact models\n\n"
         "How learning judges each rule's fix: `safe` rules are always safe, `no evidence` rules always unknown\n"
         "(with what to check), and the others are judged against the server's activity.\n\n"
         "| impact model | rules |\n|---|---|\n"
         "| safe | " + std::to_string(safe) + " |\n"
         "| no evidence | " + std::to_string(no_evidence) + " |\n"
         "| evidence | " + std::to_string(evidence) + " |\n";
  if (none > 0) out += "| none | " + std::to_string(none) + " |\n";
  out += "\n| evidence kind | rules |\n|---|---|\n";
  for (const auto& [kind, n] : kinds) out += "| " + kind + " | " + std::to_string(n) + " |\n";
  out += "\n";
}
}  // namespace

std::string_view request_name(model::RequestEvidence::What what) {
  using W = model::RequestEvidence::What;
  switch (what) {
    case W::kUrlLength: return "url_length";
    case W::kQueryLength: return "query_length";
    case W::kBodyLength: return "body_length";
    case W::kVerbs: return "verbs";
    case W::kUnlistedExtensions: return "unlisted_extensions";
    case W::kDoubleEscaped: return "double_escaped";
    case W::kHighBit: return "high_bit";
    case W::kAuthOverHttp: return "auth_over_http";
    case W::kRate: return "rate";
    case W::kWmsvc: return "wmsvc";
  }
  return "requests";
}

std::string impact_model_text(const model::Rule& rule) {
  if (!rule.learn) return "none";
  switch (rule.learn->kind) {
    case model::ImpactModel::Kind::kSafe: return "safe";
    case model::ImpactModel::Kind::kNoEvidence: return "no evidence";
    case model::ImpactModel::Kind::kEvidence: break;
  }
  std::vector<std::string> items;
  for (const auto& e : rule.learn->evidence) {
    std::string text = evidence_text(e);
    if (std::find(items.begin(), items.end(), text) == items.end()) items.push_back(std::move(text));
  }
  return join(items, ", ");
}

bool ref_less(const std::string& a, const std::string& b) {
  const auto pa = split(a, '.');
  const auto pb = split(b, '.');
  for (std::size_t i = 0; i < std::min(pa.size(), pb.size()); ++i) {
    long long x = 0, y = 0;
    const bool nx = parse_int64(pa[i], x), ny = parse_int64(pb[i], y);
    if (nx && ny && x != y) return x < y;
    if (!(nx && ny) && pa[i] != pb[i]) return pa[i] < pb[i];
  }
  return pa.size() < pb.size();
}

std::string check_scope(const model::Check& check) {
  return std::visit(
      [](const auto& c) -> std::string {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, model::IisConfigCheck>) {
          switch (c.scope) {
            case model::IisScopeMode::kEvery: return "per site/app/folder";
            case model::IisScopeMode::kServer: return "server (applicationHost)";
            case model::IisScopeMode::kWebRoot: return "root web.config";
            case model::IisScopeMode::kMachine: return "machine.config";
            case model::IisScopeMode::kWebRootClr2: return "root web.config (.NET 2.0)";
          }
          return "iis";
        } else if constexpr (std::is_same_v<T, model::IisSiteCheck>) {
          return "per site";
        } else if constexpr (std::is_same_v<T, model::IisAppPoolCheck>) {
          return "per app pool";
        } else if constexpr (std::is_same_v<T, model::AllCheck>) {
          return c.checks.empty() ? std::string("host") : check_scope(c.checks.front());
        } else {
          return "host";
        }
      },
      check);
}

std::string coverage_markdown(const std::vector<model::Rule>& rules) {
  std::string out =
      "<!-- Generated by `temper rules coverage` from content/; do not edit. A test fails when it is stale. -->\n"
      "# Content coverage\n\n"
      "Every benchmark recommendation temper implements, with the rule that implements it, whether the check is\n"
      "automated or an approximation of a manual recommendation (the rule's description says what it checks),\n"
      "and where it is evaluated: `per site/app/folder` checks run at the server level and at every site,\n"
      "application, virtual directory and folder whose configuration can differ. The impact model is the\n"
      "rule's `learn:` key (docs/content.md): `safe` (its fix stops no workload), `no evidence` (no activity can\n"
      "show what the fix breaks; the rule says what to check) or the kinds of evidence learning judges it by;\n"
      "the counts are at the end.\n\n";
  std::set<std::string> keys;
  for (const auto& r : rules) {
    for (const auto& [k, v] : r.refs) keys.insert(k);
  }
  struct Known {
    std::string key;
    std::string title;
    bool roles;
  };
  const std::vector<Known> order = {
      {"cis-iis-10", "CIS Microsoft IIS 10 Benchmark v1.2.1", false},
      {"cis-windows-server", "CIS Microsoft Windows Server 2022 Benchmark (the settings an IIS host stands on)", true},
      {"cis-windows-11-enterprise", "CIS Microsoft Windows 11 Enterprise Benchmark (workstation items)", true},
      {"temper-iis", "temper IIS security beyond CIS", false},
      {"temper-windows", "temper Windows hardening beyond CIS numbering", true},
  };
  for (const auto& k : order) {
    if (!keys.contains(k.key)) continue;
    out += "## " + k.title + " (`" + k.key + "`)\n\n";
    table(out, k.key, rules, k.roles);
    out += "\n";
    keys.erase(k.key);
  }
  keys.erase("cce");
  for (const auto& k : keys) {
    out += "## `" + k + "`\n\n";
    table(out, k, rules, true);
    out += "\n";
  }
  impact_summary(out, rules);
  std::size_t automated = 0;
  for (const auto& r : rules) automated += r.automation == model::Automation::kAutomated ? 1 : 0;
  out += "Totals: " + std::to_string(rules.size()) + " rules, " + std::to_string(automated) + " automated, " +
         std::to_string(rules.size() - automated) + " approximated.\n";
  return out;
}

}  // namespace temper::report
