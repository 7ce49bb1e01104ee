// SPDX-License-Identifier: Apache-2.0
// Text and JSON renderings of detect alerts and summaries (schemas in docs/output.md).
#include "app/detect_output.hpp"

#include <algorithm>

#include "events/event.hpp"
#include "events/render.hpp"

namespace temper::app {
namespace {

const char* color_of(detect::Level level) {
  switch (level) {
    case detect::Level::kCritical: return "\x1b[1;31m";
    case detect::Level::kHigh: return "\x1b[31m";
    case detect::Level::kMedium: return "\x1b[33m";
    case detect::Level::kLow: return "\x1b[36m";
    case detect::Level::kInformational: return "\x1b[2m";
  }
  return "";
}

std::string_view language_name(const detect::RuleInfo* info) {
  return info != nullptr && info->language == detect::RuleLanguage::kEql ? "eql" : "sigma";
}

void append_line(std::string& out, std::string_view line) {
  out.append(line);
  out.push_back('\n');
}

// The string and key writers of the direct JSON renderings below.
auto json_string(std::string& out) {
  return [&out](std::string_view v) {
    out.push_back('"');
    events::append_json_escaped(out, v);
    out.push_back('"');
  };
}
auto json_key(std::string& out) {
  return [&out](std::string_view k, bool first = false) {
    if (!first) out.push_back(',');
    out.push_back('"');
    events::append_json_escaped(out, k);
    out += "\":";
  };
}

}  // namespace

// Written directly (not through a JSON tree): alerts are the hot output of a run with many hits. The
// text is what nlohmann::ordered_json::dump() writes for the same object (keys in this order), but for
// invalid UTF-8, which becomes an escaped U+FFFD here and a raw one there; DetectOutputTest compares them.
std::string alert_to_json(const DetectAlert& a) {
  std::string out;
  append_alert_json(out, a);
  return out;
}

namespace {

// The parts of an alert's JSON that only depend on its rule: from the schema to the severity, and the
// triage and tags.
void append_rule_head(std::string& out, const DetectAlert& a) {
  const auto str = json_string(out);
  const auto key = json_key(out);
  out += "{\"schema\":\"temper.detect-alert/1\",\"rule\":{";
  key("id", true), str(a.rule_id);
  key("title"), str(a.title);
  key("file"), str(a.rule_file);
  key("language"), str(language_name(a.info));
  if (!a.correlation.empty()) key("correlation"), str(a.correlation);
  out.push_back('}');
  key("severity"), str(detect::level_name(a.level));
}

void append_rule_tail(std::string& out, const DetectAlert& a) {
  const auto str = json_string(out);
  const auto key = json_key(out);
  key("triage"), str(a.info != nullptr ? std::string_view(a.info->triage) : std::string_view());
  key("tags"), out.push_back('[');
  if (a.info != nullptr) {
    for (std::size_t i = 0; i < a.info->tags.size(); ++i) {
      if (i > 0) out.push_back(',');
      str(a.info->tags[i]);
    }
  }
  out.push_back(']');
}

// What differs per alert: time, host, fields (a correlation's count and first time), then the event.
void append_alert_body(std::string& out, const DetectAlert& a, const std::string_view rule_tail) {
  const auto str = json_string(out);
  const auto ticks = [&out](std::uint64_t t) {
    out.push_back('"');
    append_ticks(out, t);  // digits, '-', ':', 'T' and 'Z': nothing to escape
    out.push_back('"');
  };
  const auto key = json_key(out);
  key("time"), ticks(a.time);
  key("host"), str(a.host);
  key("fields");
  // A name with several values gets an array at its first place. An alert has a few values: they are
  // grouped by comparing names pairwise, without allocating; a long list is grouped through a sorted index.
  out.push_back('{');
  const auto& f = a.fields;
  auto group = [&](std::string_view name, bool first, auto&& each_value) {
    key(name, first);
    std::size_t count = 0;
    each_value([&](std::string_view) { ++count; });
    if (count > 1) out.push_back('[');
    bool first_value = true;
    each_value([&](std::string_view v) {
      if (!first_value) out.push_back(',');
      first_value = false;
      str(v);
    });
    if (count > 1) out.push_back(']');
  };
  constexpr std::size_t kPairwise = 32;
  if (f.size() <= kPairwise) {
    bool first = true;
    for (std::size_t i = 0; i < f.size(); ++i) {
      bool seen = false;
      for (std::size_t j = 0; j < i && !seen; ++j) seen = f[j].first == f[i].first;
      if (seen) continue;
      group(f[i].first, first, [&](auto&& fn) {
        for (std::size_t j = i; j < f.size(); ++j) {
          if (f[j].first == f[i].first) fn(f[j].second);
        }
      });
      first = false;
    }
  } else {
    std::vector<std::uint32_t> order(f.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](auto x, auto y) { return f[x].first < f[y].first; });
    std::vector<std::pair<std::uint32_t, std::uint32_t>> runs;  // (start in order, end), by first place
    for (std::size_t s = 0; s < order.size();) {
      std::size_t e = s + 1;
      while (e < order.size() && f[order[e]].first == f[order[s]].first) ++e;
      runs.emplace_back(static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(e));
      s = e;
    }
    std::sort(runs.begin(), runs.end(), [&](auto x, auto y) { return order[x.first] < order[y.first]; });
    for (std::size_t r = 0; r < runs.size(); ++r) {
      group(f[order[runs[r].first]].first, r == 0, [&](auto&& fn) {
        for (auto k = runs[r].first; k < runs[r].second; ++k) fn(f[order[k]].second);
      });
    }
  }
  out.push_back('}');
  if (!a.correlation.empty()) {
    key("count"), out += std::to_string(a.count);
    key("first_time"), ticks(a.first_time);
  }
  out += rule_tail;
  key("event");
  if (a.event == nullptr) {
    out += "null}";
    return;
  }
  out.push_back('{');
  key("channel", true), str(a.event->channel());
  key("event_id"), out += std::to_string(a.event->system().event_id);
  key("record_id"), out += std::to_string(a.event->system().record_id);
  key("file"), str(a.event->file);
  out += "}}";
}

}  // namespace

void append_alert_json(std::string& out, const DetectAlert& a) {
  append_rule_head(out, a);
  std::string tail;
  append_rule_tail(tail, a);
  append_alert_body(out, a, tail);
}

void AlertJsonWriter::append(std::string& out, const DetectAlert& a) {
  Parts& p = parts_[a.rule_id.data()];
  // The id's address names one compiled rule; the other views are checked too, so a caller that reuses
  // an address for another rule gets that rule's text, never a stale one.
  if (p.head.empty() || p.title != a.title.data() || p.file != a.rule_file.data() || p.info != a.info ||
      p.level != a.level || p.correlation != a.correlation.data() || p.id_size != a.rule_id.size()) {
    p = Parts{a.title.data(), a.rule_file.data(), a.info, a.level, a.correlation.data(), a.rule_id.size(), {}, {}};
    append_rule_head(p.head, a);
    append_rule_tail(p.tail, a);
  }
  out += p.head;
  append_alert_body(out, a, p.tail);
}

std::string alert_to_text(const DetectAlert& a, const DetectTextStyle& style) {
  std::string out;
  const std::string level(detect::level_name(a.level));
  const std::string time = format_ticks(a.time);
  std::string head = style.color ? std::string(color_of(a.level)) + level + "\x1b[0m" : level;
  head += "  " + (time.empty() ? std::string("-") : time) + "  " + (a.host.empty() ? std::string("-") : std::string(a.host));
  head += "  " + std::string(a.title);
  append_line(out, head);
  if (!a.correlation.empty()) {
    append_line(out, "    correlation " + std::string(a.correlation) + ": " + std::to_string(a.count) + " from " +
                         format_ticks(a.first_time) + " to " + time);
  }
  if (a.event != nullptr) {
    append_line(out, "    event  " + std::string(a.event->channel()) + " " + std::to_string(a.event->system().event_id) +
                         " #" + std::to_string(a.event->system().record_id) + "  " + std::string(a.event->file));
  }
  append_line(out, "    rule   " + std::string(a.rule_id) + "  " + std::string(a.rule_file));
  for (const auto& [k, v] : a.fields) append_line(out, "    " + std::string(k) + ": " + std::string(v));
  if (a.info != nullptr && !a.info->triage.empty()) {
    std::size_t shown = 0, pos = 0;
    const std::string& t = a.info->triage;
    while (pos < t.size() && shown < style.triage_lines) {
      const std::size_t end = std::min(t.find('\n', pos), t.size());
      if (end > pos) {
        append_line(out, std::string(shown == 0 ? "    triage " : "           ") + t.substr(pos, end - pos));
        ++shown;
      }
      pos = end + 1;
    }
    if (pos < t.size()) append_line(out, "           ... (--format jsonl carries the whole triage)");
  }
  if (a.info != nullptr && !a.info->tags.empty()) {
    std::string tags;
    for (const auto& tag : a.info->tags) tags += (tags.empty() ? "" : ", ") + tag;
    append_line(out, "    tags   " + tags);
  }
  out.push_back('\n');
  return out;
}

// Written directly, like alerts: with every SigmaHQ rule a summary lists hundreds of rules, and building it
// as a JSON tree cost about 5 ms per run (a few percent of a run over a small input). Same text as
// nlohmann::ordered_json::dump() but for invalid UTF-8 (DetectOutputTest compares them).
std::string summary_to_json(const DetectReport& r, bool list_unsupported) {
  std::string out;
  out.reserve(256 + 256 * r.per_rule.size() + 128 * r.files.size());
  const auto str = json_string(out);
  const auto key = json_key(out);
  auto num = [&out](std::uint64_t n) { out += std::to_string(n); };
  // [each(item), ...]; `object` wraps each item in braces.
  auto list = [&out](const auto& items, bool object, auto&& each) {
    out.push_back('[');
    bool first = true;
    for (const auto& item : items) {
      if (!first) out.push_back(',');
      first = false;
      if (object) out.push_back('{');
      each(item);
      if (object) out.push_back('}');
    }
    out.push_back(']');
  };
  out += "{\"schema\":\"temper.detect-summary/1\"";
  key("events"), num(r.events);
  key("events_outside_time"), num(r.events_outside_time);
  key("alerts"), num(r.alerts);
  key("rules"), out.push_back('{');
  key("loaded", true), num(r.rules_loaded);
  key("correlations"), num(r.correlations);
  key("below_min_severity"), num(r.rules_below_severity);
  key("unsupported"), num(r.unsupported.size());
  key("paths"), list(r.rule_paths, false, [&](const std::filesystem::path& p) { str(p.string()); });
  out.push_back('}');
  key("per_rule"), list(r.per_rule, true, [&](const RuleSummary& rs) {
    key("id", true), str(rs.id);
    key("title"), str(rs.title);
    key("file"), str(rs.file);
    key("severity"), str(detect::level_name(rs.level));
    key("correlation"), out += rs.correlation ? "true" : "false";
    key("alerts"), num(rs.alerts);
    key("first_time"), str(format_ticks(rs.first_time));
    key("last_time"), str(format_ticks(rs.last_time));
    key("hosts"), list(rs.hosts, false, str);
    key("more_hosts"), num(rs.more_hosts);
  });
  key("files"), list(r.files, true, [&](const FileOutcome& f) {
    key("path", true), str(f.path);
    key("events"), num(f.events);
    key("problems"), num(f.problems_after(0) + (f.error.empty() ? 0 : 1));
    if (!f.error.empty()) key("error"), str(f.error);
  });
  key("correlation_groups_evicted"), num(r.correlation_groups_evicted);
  key("correlation_hits_dropped"), num(r.correlation_hits_dropped);
  if (list_unsupported) {
    key("unsupported"), list(r.unsupported, true, [&](const detect::Unsupported& u) {
      key("file", true), str(u.file);
      key("title"), str(u.title);
      key("reason"), str(u.reason);
    });
  }
  out.push_back('}');
  return out;
}

std::string summary_to_text(const DetectReport& r, bool list_unsupported) {
  std::string out;
  if (!r.per_rule.empty()) {
    append_line(out, "alerts per rule:");
    char line[160];
    std::snprintf(line, sizeof line, "%8s  %-13s  %-20s  %-20s  %5s  %s", "ALERTS", "SEVERITY", "FIRST", "LAST", "HOSTS", "RULE");
    append_line(out, line);
    for (const auto& s : r.per_rule) {
      const std::string first = format_ticks(s.first_time), last = format_ticks(s.last_time);
      std::snprintf(line, sizeof line, "%8llu  %-13s  %-20s  %-20s  %5llu  ", static_cast<unsigned long long>(s.alerts),
                    std::string(detect::level_name(s.level)).c_str(), first.empty() ? "-" : first.c_str(),
                    last.empty() ? "-" : last.c_str(), static_cast<unsigned long long>(s.hosts.size() + s.more_hosts));
      append_line(out, std::string(line) + s.title);
    }
    out.push_back('\n');
  }
  auto count = [](std::uint64_t n, const char* noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
  };
  std::string totals = count(r.alerts, "alert") + " from " + count(r.per_rule.size(), "rule") + " over " +
                       count(r.events, "event") + " in " + count(r.files.size(), "file");
  if (r.events_outside_time != 0) totals += " (" + std::to_string(r.events_outside_time) + " outside --since/--until)";
  append_line(out, totals);
  std::string rules = count(r.rules_loaded, "rule") + " loaded";
  if (r.correlations != 0) rules += " (" + count(r.correlations, "correlation") + ")";
  if (r.rules_below_severity != 0) rules += ", " + std::to_string(r.rules_below_severity) + " below --min-severity";
  rules += ", " + std::to_string(r.unsupported.size()) + " unsupported";
  if (!r.unsupported.empty() && !list_unsupported) rules += " (--verbose lists them)";
  append_line(out, rules);
  if (r.correlation_groups_evicted + r.correlation_hits_dropped != 0) {
    append_line(out, "correlation state bounded: " + std::to_string(r.correlation_groups_evicted) + " group keys evicted, " +
                         std::to_string(r.correlation_hits_dropped) + " hits dropped");
  }
  if (list_unsupported) {
    for (const auto& u : r.unsupported) {
      append_line(out, "  unsupported: " + u.file + (u.title.empty() ? "" : "  " + u.title) + ": " + u.reason);
    }
  }
  return out;
}

}  // namespace temper::app
