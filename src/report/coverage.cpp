// SPDX-License-Identifier: Apache-2.0
// Coverage tables generated from the content, with each rule's impact model and their counts.
#include "report/coverage.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <type_traits>
#include <variant>

#include "core/strings.hpp"

namespace temper::report {
namespace {
struct Row {
  std::string number;
  const model::Rule* rule;       ///< nullptr for a gap
  const model::Gap* gap = nullptr;
  std::optional<model::Role> role;  ///< the role a role-specific number is for
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

// The level a row's recommendation has in the benchmark `key`: its reference's own (per role where the
// number is role-specific), else the rule's.
std::string level_text(const model::Rule& r, const std::string& key, std::optional<model::Role> role) {
  const model::Ref& ref = r.refs.at(key);
  if (role) return "L" + std::to_string(ref.level_for(r.level, role));
  std::set<int> levels{ref.level.value_or(r.level)};
  for (const auto& [x, l] : ref.level_by_role) levels.insert(l);
  if (levels.size() == 1) return "L" + std::to_string(*levels.begin());
  std::vector<std::string> parts;
  for (const auto& [x, l] : ref.level_by_role) parts.push_back("L" + std::to_string(l) + " " + std::string(model::role_name(x)));
  return join(parts, ", ");
}

void table(std::string& out, const std::string& key, const std::vector<model::Rule>& rules, const std::vector<model::Gap>& gaps,
           bool with_roles) {
  std::vector<Row> rows;
  for (const auto& r : rules) {
    const auto it = r.refs.find(key);
    if (it == r.refs.end()) continue;
    if (!it->second.id.empty()) rows.push_back(Row{it->second.id, &r, nullptr, std::nullopt});
    for (const auto& [role, n] : it->second.by_role) {
      if (n != it->second.id) rows.push_back(Row{n, &r, nullptr, role});
    }
  }
  for (const auto& g : gaps) {
    const auto it = g.numbers.find(key);
    if (it == g.numbers.end()) continue;
    for (const auto& n : it->second) rows.push_back(Row{n, nullptr, &g, std::nullopt});
  }
  const auto id = [](const Row& x) { return x.rule != nullptr ? x.rule->id : std::string(); };
  std::sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
    return a.number != b.number ? ref_less(a.number, b.number) : id(a) < id(b);
  });
  rows.erase(std::unique(rows.begin(), rows.end(),
                         [](const Row& a, const Row& b) { return a.number == b.number && a.rule == b.rule && a.gap == b.gap; }),
             rows.end());
  out += with_roles ? "| number | level | roles | rule | title | check | scope | impact model |\n|---|---|---|---|---|---|---|---|\n"
                    : "| number | level | rule | title | check | scope | impact model |\n|---|---|---|---|---|---|---|\n";
  std::map<std::string, std::size_t> counts;
  std::set<std::string> numbers;
  for (const auto& row : rows) {
    numbers.insert(row.number);
    if (row.gap != nullptr) {
      ++counts["not implemented"];
      out += "| " + row.number + " | | " + std::string(with_roles ? " | " : "") + "| | not implemented | | " + escape(row.gap->reason) + " |\n";
      continue;
    }
    const model::Rule& r = *row.rule;
    const std::string automation = r.automation == model::Automation::kAutomated ? "automated" : "approximated";
    ++counts[automation];
    out += "| " + row.number + " | " + level_text(r, key, row.role) + " | ";
    if (with_roles) out += (row.role ? std::string(model::role_name(*row.role)) : roles_text(r, r.refs.at(key))) + " | ";
    out += "`" + r.id + "` | " + escape(r.title) + " | " + automation + " | " + check_scope(r.check) + " | " + impact_model_text(r) + " |\n";
  }
  out += "\n" + std::to_string(rows.size()) + " rows";
  if (counts.contains("not implemented")) {
    out += " (" + std::to_string(numbers.size()) + " recommendations): " + std::to_string(counts["automated"]) + " automated, " +
           std::to_string(counts["approximated"]) + " approximated, " + std::to_string(counts["not implemented"]) + " not implemented";
  }
  out += ".\n";
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

std::string coverage_markdown(const std::vector<model::Rule>& rules, const std::vector<model::Gap>& gaps) {
  std::string out =
      "<!-- Generated by `temper rules coverage` from content/; do not edit. A test fails when it is stale. -->\n"
      "# Content coverage\n\n"
      "Every benchmark recommendation temper implements, with the rule that implements it, whether the check is\n"
      "automated or an approximation of a manual recommendation (the rule's description says what it checks),\n"
      "and where it is evaluated: `per site/app/folder` checks run at the server level and at every site,\n"
      "application, virtual directory and folder whose configuration can differ. The impact model is the\n"
      "rule's `learn:` key (docs/content.md): `safe` (its fix stops no workload), `no evidence` (no activity can\n"
      "show what the fix breaks; the rule says what to check) or the kinds of evidence learning judges it by;\n"
      "the counts are at the end. The CIS Windows Server tables list every recommendation of the version (the\n"
      "reference files under ../shared/reference, checked by a test): a rule's number there is that version's,\n"
      "with that version's level, and a recommendation temper does not implement says why.\n\n";
  std::set<std::string> keys;
  for (const auto& r : rules) {
    for (const auto& [k, v] : r.refs) keys.insert(k);
  }
  for (const auto& g : gaps) {
    for (const auto& [k, v] : g.numbers) keys.insert(k);
  }
  struct Known {
    std::string key;
    std::string title;
    bool roles;
  };
  const std::vector<Known> order = {
      {"cis-iis-10", "CIS Microsoft IIS 10 Benchmark v1.2.1", false},
      {"cis-windows-server-2022", "CIS Microsoft Windows Server 2022 Benchmark v4.0.0", true},
      {"cis-windows-server-2019", "CIS Microsoft Windows Server 2019 Benchmark v4.0.0", true},
      {"cis-windows-server-2025", "CIS Microsoft Windows Server 2025 Benchmark v1.0.0", true},
      {"cis-windows-11-enterprise", "CIS Microsoft Windows 11 Enterprise Benchmark (workstation items)", true},
      {"temper-iis", "temper IIS security beyond CIS", false},
      {"temper-windows", "temper Windows hardening beyond CIS numbering", true},
  };
  for (const auto& k : order) {
    if (!keys.contains(k.key)) continue;
    out += "## " + k.title + " (`" + k.key + "`)\n\n";
    table(out, k.key, rules, gaps, k.roles);
    out += "\n";
    keys.erase(k.key);
  }
  keys.erase("cce");
  for (const auto& k : keys) {
    out += "## `" + k + "`\n\n";
    table(out, k, rules, gaps, true);
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
