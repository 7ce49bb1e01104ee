// SPDX-License-Identifier: Apache-2.0
// JSON and text rendering of audit results.
#include "report/audit_report.hpp"

#include <cmath>
#include <cstdio>
#include <map>

#include "core/json_stream.hpp"
#include "model/iis.hpp"

namespace temper::report {
namespace {
using Json = nlohmann::ordered_json;

double round1(double v) { return std::round(v * 10.0) / 10.0; }

Json host_json(const model::Host& h) {
  Json j;
  j["name"] = h.name;
  j["os_name"] = h.os_name;
  j["os_version"] = h.os_version;
  j["os_build"] = h.os_build;
  j["role"] = h.role ? Json(std::string(model::role_name(*h.role))) : Json(nullptr);
  return j;
}

std::string refs_text(const model::Rule& rule, std::optional<model::Role> role) {
  std::string out;
  for (const auto& [k, v] : rule.refs) {
    if (k == "cce") continue;
    if (auto number = v.for_role(role)) out += (out.empty() ? "" : ", ") + k + " " + *number;
  }
  return out;
}

struct Style {
  bool on;
  [[nodiscard]] std::string paint(std::string_view text, const char* code) const {
    if (!on) return std::string(text);
    return std::string("\033[") + code + "m" + std::string(text) + "\033[0m";
  }
};

const char* status_code(model::Status s) {
  switch (s) {
    case model::Status::kPass: return "32";
    case model::Status::kFail: return "1;31";
    case model::Status::kError: return "33";
    case model::Status::kNotApplicable: return "2";
    case model::Status::kExcepted: return "36";
  }
  return "0";
}

const char* status_label(model::Status s) {
  switch (s) {
    case model::Status::kPass: return "PASS";
    case model::Status::kFail: return "FAIL";
    case model::Status::kError: return "ERROR";
    case model::Status::kNotApplicable: return "N/A";
    case model::Status::kExcepted: return "EXCEPT";
  }
  return "?";
}
}  // namespace

namespace {
// The report without its results and warnings.
Json head_json(const model::AuditReport& report) {
  Json j;
  j["schema"] = std::string(kAuditSchema);
  j["host"] = host_json(report.host);
  j["benchmark"] = report.benchmark.empty() ? Json(nullptr) : Json(report.benchmark);
  j["level"] = report.level ? Json(*report.level) : Json(nullptr);
  Json summary;
  summary["pass"] = report.summary.pass;
  summary["fail"] = report.summary.fail;
  summary["error"] = report.summary.error;
  summary["not_applicable"] = report.summary.not_applicable;
  summary["excepted"] = report.summary.excepted;
  summary["score"] = round1(report.summary.score);
  j["summary"] = std::move(summary);
  return j;
}

Json result_json(const model::Finding& f, std::optional<model::Role> role) {
  Json r;
  r["rule"] = f.rule != nullptr ? f.rule->id : std::string();
  r["title"] = f.rule != nullptr ? f.rule->title : std::string();
  r["section"] = f.rule != nullptr ? f.rule->section : std::string();
  r["level"] = f.rule != nullptr ? f.rule->level : 0;
  r["status"] = std::string(model::status_name(f.status));
  r["scope"] = f.scope.empty() ? Json(nullptr) : Json(f.scope);
  r["setting"] = f.setting;
  r["expected"] = f.expected;
  r["actual"] = f.actual;
  r["evidence"] = f.evidence;
  if (!f.reason.empty()) r["reason"] = f.reason;
  if (f.exception) {
    Json ex;
    ex["reason"] = f.exception->reason;
    if (!f.exception->owner.empty()) ex["owner"] = f.exception->owner;
    ex["expires"] = f.exception->expires_text.empty() ? Json(nullptr) : Json(f.exception->expires_text);
    ex["source"] = f.exception->where.to_string();
    r["exception"] = std::move(ex);
  }
  Json refs = Json::object();
  if (f.rule != nullptr) {
    for (const auto& [k, v] : f.rule->refs) {
      if (auto number = v.for_role(role)) refs[k] = *number;
    }
  }
  r["refs"] = std::move(refs);
  return r;
}

}  // namespace

Json audit_to_json(const model::AuditReport& report) {
  Json j = head_json(report);
  Json results = Json::array();
  for (const auto& f : report.findings) results.push_back(result_json(f, report.host.role));
  j["results"] = std::move(results);
  j["warnings"] = report.warnings;
  return j;
}

bool write_audit_json(const model::AuditReport& report, std::FILE* out) {
  // The same bytes as audit_to_json(report).dump(2) and a newline, written result by result: the
  // document of a large server (70,000 results) is never held whole, as a tree or as text.
  JsonStream json([out](std::string_view piece) { return std::fwrite(piece.data(), 1, piece.size(), out) == piece.size(); });
  json.put_open_object(head_json(report).dump(2));
  json.put(",\n  \"results\": ");
  json.put_array(report.findings, 2, [&](const model::Finding& f) { return result_json(f, report.host.role).dump(2); });
  json.put(",\n  \"warnings\": ");
  json.put_value(Json(report.warnings).dump(2), 2);
  json.put("\n}\n");
  return json.finish() && std::fflush(out) == 0;
}

std::string audit_to_text(const model::AuditReport& report, const TextOptions& options) {
  const Style style{options.color};
  std::string out;
  const auto& h = report.host;
  out += style.paint("temper audit", "1") + ": " + (h.name.empty() ? std::string("(unnamed host)") : h.name);
  std::string detail;
  if (!h.os_name.empty()) detail += h.os_name;
  if (h.role) detail += (detail.empty() ? "" : ", ") + std::string(model::role_name(*h.role));
  if (!detail.empty()) out += " (" + detail + ")";
  out += "\n";
  out += "benchmark: " + (report.benchmark.empty() ? std::string("all rules") : report.benchmark);
  if (report.level) out += ", level " + std::to_string(*report.level);
  out += "\n";

  // Group by section in order of first appearance.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const model::Finding*>> groups;
  for (const auto& f : report.findings) {
    const std::string section = f.rule != nullptr && !f.rule->section.empty() ? f.rule->section : "Other";
    if (!groups.contains(section)) order.push_back(section);
    groups[section].push_back(&f);
  }
  for (const auto& section : order) {
    out += "\n" + style.paint(section, "1") + "\n";
    for (const model::Finding* f : groups[section]) {
      char label[16];
      std::snprintf(label, sizeof label, "%-6s", status_label(f->status));
      std::string line = "  " + style.paint(label, status_code(f->status)) + " ";
      line += f->rule != nullptr ? f->rule->title : f->setting;
      if (!f->scope.empty()) line += style.paint("  @ " + model::short_scope(f->scope), "35");
      if (f->rule != nullptr) {
        const std::string refs = refs_text(*f->rule, report.host.role);
        if (!refs.empty()) line += style.paint("  [" + refs + "]", "2");
      }
      if (f->status == model::Status::kNotApplicable && !f->reason.empty() && !options.verbose) {
        line += style.paint("  (" + f->reason + ")", "2");
      }
      out += line + "\n";
      const bool details = options.verbose || f->status == model::Status::kFail ||
                           f->status == model::Status::kError || f->status == model::Status::kExcepted;
      if (!details) continue;
      const std::string pad = "         ";
      if (!f->reason.empty()) {
        const char* what = f->status == model::Status::kExcepted ? "exception: " : "reason:   ";
        out += pad + what + f->reason + "\n";
      }
      if (f->status != model::Status::kError && f->status != model::Status::kNotApplicable) {
        out += pad + "setting:  " + f->setting + "\n";
        out += pad + "expected: " + f->expected + "\n";
        out += pad + "actual:   " + f->actual + "\n";
      }
      for (const auto& e : f->evidence) out += pad + style.paint("- " + e, "2") + "\n";
    }
  }
  if (!report.warnings.empty()) {
    out += "\n" + style.paint("Warnings", "1;33") + "\n";
    for (const auto& w : report.warnings) out += "  - " + w + "\n";
  }
  const auto& s = report.summary;
  char score[32];
  std::snprintf(score, sizeof score, "%.1f%%", round1(s.score));
  out += "\nSummary: " + style.paint(std::to_string(s.pass) + " pass", "32") + ", " +
         style.paint(std::to_string(s.fail) + " fail", s.fail != 0 ? "1;31" : "0") + ", " +
         style.paint(std::to_string(s.error) + " error", s.error != 0 ? "33" : "0") + ", " +
         std::to_string(s.not_applicable) + " not applicable, " + std::to_string(s.excepted) + " excepted" +
         "  score " + style.paint(score, "1") + "\n";
  return out;
}

}  // namespace temper::report
