// SPDX-License-Identifier: Apache-2.0
// Test helpers: hand-written Sysmon/Security events and one-rule compilation.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "detect/matcher.hpp"
#include "detect/sigma.hpp"

namespace temper::detect::test {

inline events::Event make_event(std::string_view channel, std::uint32_t id,
                                std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
  events::Event e;
  e.system().channel = e.store(channel);
  e.system().event_id = id;
  e.system().has_event_id = true;
  e.system().computer = e.store("host1");
  for (const auto& [k, v] : fields) e.add_field(k, v);
  return e;
}

inline events::Event sysmon1(std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
  return make_event("Microsoft-Windows-Sysmon/Operational", 1, fields);
}

/// A process_creation rule with one selection `sel` written as YAML lines after "    sel:".
inline std::string rule_with(std::string_view selection, std::string_view condition = "sel") {
  return "title: t\nid: r1\nlevel: high\nlogsource:\n  product: windows\n  category: process_creation\n"
         "detection:\n  sel:\n" + std::string(selection) + "\n  condition: " + std::string(condition) + "\n";
}

/// Ids of the rules of `set` that match `event`. Every match runs with and without the literal
/// prefilter, which must agree (the prefilter only skips rules that cannot match).
inline std::vector<std::string> hits(const RuleSet& set, const events::Event& event) {
  std::vector<std::string> out[2];
  for (const bool prefilter : {true, false}) {
    Matcher m(set, prefilter);
    m.match(event, [&](const CompiledRule& r) { out[prefilter ? 0 : 1].push_back(r.id); });
  }
  EXPECT_EQ(out[0], out[1]) << "the prefilter changed the alerts";
  return out[0];
}

inline RuleSet compile_one(std::string_view yaml) {
  RuleSet set;
  compile_sigma(yaml, "test.yml", set);
  return set;
}

inline bool matches(std::string_view yaml, const events::Event& event) { return !hits(compile_one(yaml), event).empty(); }

}  // namespace temper::detect::test
