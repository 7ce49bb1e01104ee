// SPDX-License-Identifier: Apache-2.0
// Test helpers for EQL: one query compiled into a RuleSet, ECS events built field by field.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "detect/eql.hpp"
#include "detect/matcher.hpp"

namespace temper::detect::test {

using Fields = std::initializer_list<std::pair<std::string_view, std::string_view>>;

/// An event with ECS fields (repeat a name for a multi-valued field such as process.args).
inline events::Event ecs(Fields fields, std::uint64_t time = 0, std::uint64_t record = 0) {
  events::Event e;
  e.source = events::SourceKind::kNdjson;
  e.system().time_created = time;
  e.system().record_id = record;
  for (const auto& [k, v] : fields) e.add_field(k, v);
  return e;
}

/// A process start with these extra fields.
inline events::Event process(Fields fields) {
  events::Event e = ecs(fields);
  e.add_field("event.category", "process");
  e.add_field("event.type", "start");
  return e;
}

/// Compile one query; the result says why it failed.
inline Result<RuleSet> compile_query(std::string_view query) {
  RuleSet set;
  CompiledRule rule;
  rule.id = "q";
  rule.title = "q";
  TEMPER_RETURN_IF_ERROR(compile_eql(query, std::move(rule), set));
  return set;
}

/// Whether any rule of `set` matches `event`.
inline bool hits_one(const RuleSet& set, const events::Event& event) {
  Matcher m(set);
  bool hit = false;
  m.match(event, [&](const CompiledRule&) { hit = true; });
  return hit;
}

/// Whether `query` (which must compile) matches `event`.
inline bool fires(std::string_view query, const events::Event& event) {
  auto set = compile_query(query);
  EXPECT_TRUE(set.has_value()) << query << ": " << (set ? "" : set.error().to_string());
  return set && hits_one(*set, event);
}

/// The error compiling `query` (the test fails when it compiles).
inline Error compile_error(std::string_view query) {
  auto set = compile_query(query);
  EXPECT_FALSE(set.has_value()) << query << " compiled";
  return set ? Error{} : set.error();
}

}  // namespace temper::detect::test
