// SPDX-License-Identifier: Apache-2.0
// temper.impact/1 JSON and text.
#include "report/impact_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/strings.hpp"
#include "model/iis.hpp"
#include "core/time.hpp"
#include "learn/usage_json.hpp"
#include "model/finding.hpp"

namespace temper::report {
namespace {
using Json = nlohmann::ordered_json;

Json time_json(const std::optional<learn::Time>& t) { return t ? Json(format_iso8601(*t)) : Json(nullptr); }

double round1(double d) { return std::floor(d * 10) / 10; }

std::string colour(bool on, const char* code, const std::string& text) {
  return on ? std::string("\033[") + code + "m" + text + "\033[0m" : text;
}

std::string seen_text(const learn::Counter& c) {
  if (c.count == 0) return {};
  std::string out = std::to_string(c.count) + "x";
  if (c.first && c.last) out += ", " + format_iso8601(*c.first) + " .. " + format_iso8601(*c.last);
  if (c.example) out += "; e.g. " + c.example->file + " #" + std::to_string(c.example->record);
  return out;
}
}  // namespace

nlohmann::ordered_json impact_to_json(const learn::ImpactReport& r) {
  Json j;
  j["schema"] = learn::kImpactSchema;
  j["host"] = {{"name", r.host.name}, {"os_build", r.host.os_build}};
  j["benchmark"] = r.benchmark.empty() ? Json(nullptr) : Json(r.benchmark);
  j["level"] = r.level ? Json(*r.level) : Json(nullptr);
  j["window_days"] = r.window_days;
  Json sources = Json::array();
  for (const auto& s : r.sources) {
    sources.push_back({{"log", s.log}, {"computer", s.computer}, {"events", s.events}, {"first", time_json(s.first)},
                       {"last", time_json(s.last)}});
  }
  j["sources"] = std::move(sources);
  j["summary"] = {{"passing", r.passing}, {"safe", r.safe},         {"breaks", r.breaks},
                  {"unknown", r.unknown}, {"excepted", r.excepted}, {"not_applicable", r.not_applicable}};
  Json verdicts = Json::array();
  for (const auto& v : r.verdicts) {
    Json e;
    e["rule"] = v.rule->id;
    e["title"] = v.rule->title;
    e["scope"] = v.scope.empty() ? Json(nullptr) : Json(v.scope);
    e["setting"] = v.setting;
    e["fix"] = v.fix;
    e["verdict"] = learn::verdict_name(v.verdict);
    e["reason"] = v.reason;
    e["observed_days"] = round1(v.observed_days);
    Json conflicts = Json::array();
    for (const auto& c : v.conflicts) {
      Json cj{{"kind", c.kind}, {"who", c.who}, {"detail", c.detail}, {"log", c.log}};
      cj["seen"] = c.seen.count > 0 ? learn::counter_to_json(c.seen) : Json(nullptr);
      cj["keep"] = c.keep.empty() ? Json(nullptr) : Json(c.keep);
      conflicts.push_back(std::move(cj));
    }
    e["evidence"] = std::move(conflicts);
    Json reqs = Json::array();
    for (const auto& q : v.requirements) {
      reqs.push_back({{"what", q.what}, {"present", q.present}, {"observed_days", round1(q.observed_days)}, {"enable", q.enable}});
    }
    e["requirements"] = std::move(reqs);
    e["notes"] = v.notes;
    verdicts.push_back(std::move(e));
  }
  j["verdicts"] = std::move(verdicts);
  j["warnings"] = r.warnings;
  return j;
}

std::string impact_to_text(const learn::ImpactReport& r, const ImpactTextOptions& o) {
  std::string out;
  out += "temper learn: " + (r.host.name.empty() ? std::string("(unnamed host)") : r.host.name);
  if (!r.benchmark.empty()) out += ", " + r.benchmark + (r.level ? " level " + std::to_string(*r.level) : std::string());
  out += ", window " + learn::days_text(r.window_days) + " days\n";
  out += "evidence read:";
  if (r.sources.empty()) out += " none";
  out += "\n";
  for (const auto& s : r.sources) {
    out += "  " + s.log + (s.computer.empty() ? "" : " on " + s.computer) + ": " + std::to_string(s.events) + " events";
    if (s.first && s.last) out += ", " + format_iso8601(*s.first) + " .. " + format_iso8601(*s.last);
    out += "\n";
  }
  for (const auto& w : r.warnings) out += "warning: " + w + "\n";
  const struct {
    learn::Verdict v;
    const char* title;
    const char* code;
  } groups[] = {{learn::Verdict::kBreaks, "BREAKS: the fix would stop what was seen", "31"},
                {learn::Verdict::kUnknown, "UNKNOWN: not enough evidence", "33"},
                {learn::Verdict::kSafe, "SAFE: nothing seen conflicts", "32"}};
  for (const auto& g : groups) {
    std::size_t n = 0;
    for (const auto& v : r.verdicts) n += v.verdict == g.v ? 1 : 0;
    if (n == 0) continue;
    out += "\n" + colour(o.color, g.code, std::string(g.title)) + " (" + std::to_string(n) + ")\n";
    for (const auto& v : r.verdicts) {
      if (v.verdict != g.v) continue;
      out += "  " + v.rule->id + (v.scope.empty() ? "" : " @ " + model::short_scope(v.scope)) + ": " + v.rule->title + "\n";
      out += "    fix: " + v.fix + "\n";
      out += "    " + v.reason + "\n";
      for (const auto& c : v.conflicts) {
        out += "    - " + c.who + ": " + c.detail;
        if (const std::string seen = seen_text(c.seen); !seen.empty()) out += " (" + seen + ")";
        out += "\n";
      }
      if (v.verdict == learn::Verdict::kUnknown || o.verbose) {
        for (const auto& q : v.requirements) {
          if (q.present && q.observed_days + 1.0 >= r.window_days && !o.verbose) continue;
          out += "    needs: " + q.what + (q.present ? " (" + learn::days_text(q.observed_days) + " days seen)" : " (absent)") +
                 "; " + q.enable + "\n";
        }
      }
      for (const auto& note : v.notes) out += "    note: " + note + "\n";
    }
  }
  out += "\n" + std::to_string(r.passing) + " passing, " + std::to_string(r.safe) + " safe to fix, " +
         std::to_string(r.breaks) + " would break something, " + std::to_string(r.unknown) + " unknown, " +
         std::to_string(r.excepted) + " excepted\n";
  return out;
}

nlohmann::ordered_json comparison_to_json(const std::vector<ComparedPolicy>& policies, std::optional<std::size_t> most_stringent) {
  Json j;
  j["schema"] = "temper.impact-comparison/1";
  Json rows = Json::array();
  for (const auto& p : policies) {
    const auto& r = *p.report;
    Json breaking = Json::array();
    for (const auto& v : r.verdicts) {
      if (v.verdict == learn::Verdict::kBreaks) breaking.push_back(v.rule->id);
    }
    rows.push_back({{"policy", p.label},
                    {"window_days", r.window_days},
                    {"passing", r.passing},
                    {"safe", r.safe},
                    {"breaks", r.breaks},
                    {"unknown", r.unknown},
                    {"excepted", r.excepted},
                    {"breaking_rules", std::move(breaking)}});
  }
  j["policies"] = std::move(rows);
  j["most_stringent"] = most_stringent ? Json(policies[*most_stringent].label) : Json(nullptr);
  return j;
}

std::string comparison_to_text(const std::vector<ComparedPolicy>& policies, std::optional<std::size_t> most_stringent) {
  std::size_t width = 6;
  for (const auto& p : policies) width = std::max(width, p.label.size());
  const auto pad = [](std::string s, std::size_t w) { return s.size() < w ? s + std::string(w - s.size(), ' ') : s; };
  const auto num = [](std::size_t n) {
    std::string s = std::to_string(n);
    return s.size() < 8 ? std::string(8 - s.size(), ' ') + s : s;
  };
  std::string out = pad("policy", width) + "  passing    safe  breaks unknown\n";
  for (const auto& p : policies) {
    const auto& r = *p.report;
    out += pad(p.label, width) + num(r.passing) + num(r.safe) + num(r.breaks) + num(r.unknown) + "\n";
  }
  if (most_stringent) {
    const auto& r = *policies[*most_stringent].report;
    out += "\nmost stringent that breaks nothing observed: " + policies[*most_stringent].label + " (" +
           std::to_string(r.passing + r.safe) + " rules in force after its safe fixes";
    out += r.unknown > 0 ? "; " + std::to_string(r.unknown) + " fixes unknown: see `temper learn` for what to enable)\n" : ")\n";
  } else {
    out += "\nevery policy compared breaks something observed: write the learned exceptions (--write-exceptions)\n";
  }
  return out;
}

namespace {
struct GroupRow {
  const learn::ImpactVerdict* first = nullptr;
  std::vector<std::string> breaks, unknown, safe;
};

// Rule and scope -> which servers got which verdict, in the order rules first appear.
std::vector<std::pair<std::string, GroupRow>> group_rows(const std::vector<ComparedPolicy>& servers) {
  std::vector<std::pair<std::string, GroupRow>> rows;
  for (const auto& s : servers) {
    for (const auto& v : s.report->verdicts) {
      const std::string key = v.rule->id + (v.scope.empty() ? "" : " @ " + model::short_scope(v.scope));
      auto it = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.first == key; });
      if (it == rows.end()) {
        rows.emplace_back(key, GroupRow{&v, {}, {}, {}});
        it = std::prev(rows.end());
      }
      auto& list = v.verdict == learn::Verdict::kBreaks ? it->second.breaks
                   : v.verdict == learn::Verdict::kUnknown ? it->second.unknown : it->second.safe;
      list.push_back(s.label);
    }
  }
  return rows;
}
}  // namespace

nlohmann::ordered_json group_to_json(const std::vector<ComparedPolicy>& servers) {
  Json j;
  j["schema"] = "temper.impact-group/1";
  Json list = Json::array();
  for (const auto& s : servers) {
    Json one = impact_to_json(*s.report);
    one["server"] = s.label;
    list.push_back(std::move(one));
  }
  j["servers"] = std::move(list);
  Json rules = Json::array();
  for (const auto& [key, row] : group_rows(servers)) {
    rules.push_back({{"rule", row.first->rule->id},
                     {"scope", row.first->scope.empty() ? Json(nullptr) : Json(row.first->scope)},
                     {"breaks_on", row.breaks},
                     {"unknown_on", row.unknown},
                     {"safe_on", row.safe}});
  }
  j["rules"] = std::move(rules);
  return j;
}

std::string group_to_text(const std::vector<ComparedPolicy>& servers, const ImpactTextOptions& o) {
  std::string out = "group of " + std::to_string(servers.size()) + " servers\n";
  for (const auto& s : servers) {
    const auto& r = *s.report;
    out += "  " + s.label + ": " + std::to_string(r.passing) + " passing, " + std::to_string(r.safe) + " safe, " +
           std::to_string(r.breaks) + " breaks, " + std::to_string(r.unknown) + " unknown\n";
  }
  const auto rows = group_rows(servers);
  std::string breaks, unknown;
  for (const auto& [key, row] : rows) {
    if (!row.breaks.empty()) breaks += "  " + key + ": breaks on " + join(row.breaks, ", ") + "\n";
    if (row.breaks.empty() && !row.unknown.empty()) unknown += "  " + key + ": unknown on " + join(row.unknown, ", ") + "\n";
  }
  if (!breaks.empty()) out += "\n" + colour(o.color, "31", "BREAKS somewhere in the group") + "\n" + breaks;
  if (!unknown.empty()) out += "\n" + colour(o.color, "33", "UNKNOWN somewhere, breaks nowhere") + "\n" + unknown;
  std::size_t safe_everywhere = 0;
  for (const auto& [key, row] : rows) safe_everywhere += row.breaks.empty() && row.unknown.empty() ? 1 : 0;
  out += "\n" + std::to_string(safe_everywhere) + " fixes safe on every server; run `temper learn TARGET` on one server for its evidence\n";
  return out;
}

}  // namespace temper::report
