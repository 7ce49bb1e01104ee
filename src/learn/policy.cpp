// SPDX-License-Identifier: Apache-2.0
// Impact verdicts -> adjustments and exceptions.
#include "learn/policy.hpp"

#include <algorithm>
#include <charconv>

#include "core/strings.hpp"
#include "core/time.hpp"
#include "engine/adjustments.hpp"
#include "model/iis.hpp"

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

bool limit_rule(const ImpactVerdict& v) { return engine::takes_limit_adjustment(v.rule->check); }

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

enum class EntryKind { kAdd, kAtMost, kAllow, kException };

// One learned change: an adjustment or an exception for a rule at a scope.
struct Entry {
  EntryKind kind = EntryKind::kException;
  std::string rule;
  std::string scope;  // short form, "" for the host
  std::vector<std::string> values;  // principals or allow-list items, in first-seen order
  long long at_most = 0;
  std::string reason;
  std::vector<std::string> servers;  // group learning: who needed it
  std::vector<std::string> evidence;
};

void add_unique(std::vector<std::string>& into, const std::string& v) {
  if (std::find(into.begin(), into.end(), v) == into.end()) into.push_back(v);
}

Entry entry_for(const ImpactVerdict& v) {
  Entry e;
  e.rule = v.rule->id;
  e.scope = v.scope.empty() ? std::string() : model::short_scope(v.scope);
  e.reason = v.reason + " (" + v.rule->title + ")";
  for (const auto& c : v.conflicts) e.evidence.push_back(evidence_line(c));
  const bool extensions = !v.conflicts.empty() && std::all_of(v.conflicts.begin(), v.conflicts.end(), [](const Conflict& c) {
    return c.kind == "request" && c.keep.starts_with(".");
  });
  if (user_right_rule(v) && v.scope.empty() && all_keep(v, "")) {
    e.kind = EntryKind::kAdd;
    for (const auto& c : v.conflicts) add_unique(e.values, c.keep);
  } else if (limit_rule(v) && all_keep(v, "request")) {
    e.kind = EntryKind::kAtMost;
    e.at_most = raised_limit(v);
  } else if (extensions) {
    e.kind = EntryKind::kAllow;
    for (const auto& c : v.conflicts) add_unique(e.values, c.keep);
  }
  return e;
}

// Adds `e` to `entries`, merging with an entry of the same rule and scope: the union of what each
// needs (more principals or items, the higher limit); an exception where any of them needs one.
void merge_entry(std::vector<Entry>& entries, Entry e) {
  const auto it = std::find_if(entries.begin(), entries.end(), [&](const Entry& x) { return x.rule == e.rule && x.scope == e.scope; });
  if (it == entries.end()) {
    entries.push_back(std::move(e));
    return;
  }
  if (it->kind != e.kind) {
    it->kind = EntryKind::kException;
  } else {
    for (const auto& v : e.values) add_unique(it->values, v);
    it->at_most = std::max(it->at_most, e.at_most);
  }
  for (const auto& s : e.servers) add_unique(it->servers, s);
  for (auto& line : e.evidence) it->evidence.push_back(std::move(line));
}

std::string render(const std::vector<Entry>& entries, const PolicyOptions& options, const std::string& subject) {
  std::string adjustments;
  std::string exceptions;
  const std::string learned = format_iso8601(options.now);
  const auto expires = format_iso8601(options.now + std::chrono::days(options.expiry_days)).substr(0, 10);
  for (const auto& e : entries) {
    const std::string head = "  - rule: " + e.rule + "\n" + (e.scope.empty() ? std::string() : "    scope: " + quoted(e.scope) + "\n");
    std::string reason = "learned " + learned.substr(0, 10) + ": " + e.reason;
    if (!e.servers.empty()) reason += "; needed on " + join(e.servers, ", ");
    std::vector<std::string> items;
    for (const auto& v : e.values) items.push_back(quoted(v));
    std::string* out = &adjustments;
    switch (e.kind) {
      case EntryKind::kAdd: adjustments += head + "    add: [" + join(items, ", ") + "]\n"; break;
      case EntryKind::kAtMost: adjustments += head + "    at_most: " + std::to_string(e.at_most) + "\n"; break;
      case EntryKind::kAllow: adjustments += head + "    allow: [" + join(items, ", ") + "]\n"; break;
      case EntryKind::kException:
        out = &exceptions;
        exceptions += head;
        reason += "; no narrower setting keeps what was seen";
        break;
    }
    *out += "    reason: " + quoted(reason) + "\n";
    if (e.kind == EntryKind::kException) {
      exceptions += "    owner: " + quoted(options.owner) + "\n    expires: " + expires + "\n    # evidence:\n";
      for (const auto& line : e.evidence) exceptions += "    #   " + line + "\n";
    } else {
      adjustments += "    evidence:\n";
      for (const auto& line : e.evidence) adjustments += "      - " + quoted(line) + "\n";
    }
  }
  std::string out = "# Learned policy written by `temper learn` on " + learned + " for " + subject + ".\n" +
                    "# Adjustments keep each rule and what the server was seen doing; exceptions waive a rule where no\n"
                    "# narrower setting does. Review both, fill in the owners, then: temper audit TARGET --exceptions FILE\n";
  out += adjustments.empty() ? "adjustments: []\n" : "adjustments:\n" + adjustments;
  out += exceptions.empty() ? "exceptions: []\n" : "exceptions:\n" + exceptions;
  return out;
}
}  // namespace

std::string learned_policy_yaml(const ImpactReport& report, const PolicyOptions& options) {
  std::vector<Entry> entries;
  for (const auto& v : report.verdicts) {
    if (v.verdict == Verdict::kBreaks) merge_entry(entries, entry_for(v));
  }
  return render(entries, options, report.host.name.empty() ? std::string("(unnamed host)") : report.host.name);
}

std::string learned_group_policy_yaml(const std::vector<std::pair<std::string, const ImpactReport*>>& servers,
                                      const PolicyOptions& options) {
  std::vector<Entry> entries;
  std::vector<std::string> names;
  for (const auto& [name, report] : servers) {
    names.push_back(name);
    for (const auto& v : report->verdicts) {
      if (v.verdict != Verdict::kBreaks) continue;
      Entry e = entry_for(v);
      e.servers = {name};
      for (auto& line : e.evidence) line = name + ": " + line;
      merge_entry(entries, std::move(e));
    }
  }
  return render(entries, options, "the group " + join(names, ", "));
}

}  // namespace temper::learn
