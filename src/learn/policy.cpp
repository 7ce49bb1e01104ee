// SPDX-License-Identifier: Apache-2.0
// Impact verdicts -> adjustments and exceptions.
#include "learn/policy.hpp"

#include <algorithm>
#include <charconv>

#include "core/strings.hpp"
#include "core/time.hpp"

namespace temper::learn {
namespace {
// A YAML double-quoted scalar.
std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string short_scope(const std::string& scope) {
  constexpr std::string_view kApphost = "MACHINE/WEBROOT/APPHOST/";
  return scope.starts_with(kApphost) ? scope.substr(kApphost.size()) : scope;
}

std::string evidence_line(const Conflict& c) {
  std::string line = c.who + ": " + c.detail;
  if (c.seen.count > 0) {
    line += " (" + std::to_string(c.seen.count) + "x";
    if (c.seen.first && c.seen.last) line += ", " + format_iso8601(*c.seen.first) + " .. " + format_iso8601(*c.seen.last);
    if (c.seen.example) line += "; " + c.seen.example->file + " #" + std::to_string(c.seen.example->record);
    line += ")";
  }
  return line;
}

bool all_keep(const ImpactVerdict& v, std::string_view kind) {
  return std::all_of(v.conflicts.begin(), v.conflicts.end(),
                     [&](const Conflict& c) { return !c.keep.empty() && (kind.empty() || c.kind == kind); });
}

bool user_right_rule(const ImpactVerdict& v) { return std::holds_alternative<model::UserRightCheck>(v.rule->check); }

bool limit_rule(const ImpactVerdict& v) {
  const auto* c = std::get_if<model::IisConfigCheck>(&v.rule->check);
  return c != nullptr && c->expect.op == model::Expectation::Op::kAtMost;
}

// A limit above the largest value seen with some headroom: +10 %, rounded up to 1 KiB.
long long raised_limit(const ImpactVerdict& v) {
  std::uint64_t largest = 0;
  for (const auto& c : v.conflicts) {
    std::uint64_t n = 0;
    std::from_chars(c.keep.data(), c.keep.data() + c.keep.size(), n);
    largest = std::max(largest, n);
  }
  const std::uint64_t headroom = largest + largest / 10;
  return static_cast<long long>((headroom + 1023) / 1024 * 1024);
}

void evidence_block(std::string& out, const ImpactVerdict& v) {
  out += "    evidence:\n";
  for (const auto& c : v.conflicts) out += "      - " + quoted(evidence_line(c)) + "\n";
}
}  // namespace

std::string learned_policy_yaml(const ImpactReport& report, const PolicyOptions& options) {
  std::string adjustments;
  std::string exceptions;
  const std::string learned = format_iso8601(options.now);
  const auto expires = format_iso8601(options.now + std::chrono::days(options.expiry_days)).substr(0, 10);
  for (const auto& v : report.verdicts) {
    if (v.verdict != Verdict::kBreaks) continue;
    const std::string scope = v.scope.empty() ? std::string() : "    scope: " + quoted(short_scope(v.scope)) + "\n";
    const std::string head = "  - rule: " + v.rule->id + "\n" + scope;
    const std::string reason = "learned " + learned.substr(0, 10) + ": " + v.reason + " (" + v.rule->title + ")";
    if (user_right_rule(v) && v.scope.empty() && all_keep(v, "")) {
      std::vector<std::string> keep;
      for (const auto& c : v.conflicts) {
        if (std::find(keep.begin(), keep.end(), c.keep) == keep.end()) keep.push_back(c.keep);
      }
      std::vector<std::string> items;
      for (const auto& k : keep) items.push_back(quoted(k));
      adjustments += head + "    add: [" + join(items, ", ") + "]\n    reason: " + quoted(reason) + "\n";
      evidence_block(adjustments, v);
      continue;
    }
    if (limit_rule(v) && all_keep(v, "request")) {
      adjustments += head + "    at_most: " + std::to_string(raised_limit(v)) + "\n    reason: " + quoted(reason) + "\n";
      evidence_block(adjustments, v);
      continue;
    }
    const bool extensions = std::all_of(v.conflicts.begin(), v.conflicts.end(), [](const Conflict& c) {
      return c.kind == "request" && c.keep.starts_with(".");
    });
    if (extensions && !v.conflicts.empty()) {
      std::vector<std::string> items;
      for (const auto& c : v.conflicts) {
        if (std::find(items.begin(), items.end(), quoted(c.keep)) == items.end()) items.push_back(quoted(c.keep));
      }
      adjustments += head + "    allow: [" + join(items, ", ") + "]\n    reason: " + quoted(reason) + "\n";
      evidence_block(adjustments, v);
      continue;
    }
    exceptions += head + "    reason: " + quoted(reason + "; no narrower setting keeps what was seen") + "\n    owner: " +
                  quoted(options.owner) + "\n    expires: " + expires + "\n";
    exceptions += "    # evidence:\n";
    for (const auto& c : v.conflicts) exceptions += "    #   " + evidence_line(c) + "\n";
  }
  std::string out = "# Learned policy written by `temper learn` on " + learned + " for " +
                    (report.host.name.empty() ? std::string("(unnamed host)") : report.host.name) + ".\n" +
                    "# Adjustments keep each rule and what the server was seen doing; exceptions waive a rule where no\n"
                    "# narrower setting does. Review both, fill in the owners, then: temper audit TARGET --exceptions FILE\n";
  out += adjustments.empty() ? "adjustments: []\n" : "adjustments:\n" + adjustments;
  out += exceptions.empty() ? "exceptions: []\n" : "exceptions:\n" + exceptions;
  return out;
}

}  // namespace temper::learn
