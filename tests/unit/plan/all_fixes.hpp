// SPDX-License-Identifier: Apache-2.0
// A plan with one action per fix of the shipped content (tests of coverage and round trips): every fix
// planned at the scope its check's finding would have, on tests/data/bundles/web02 (every IIS level, the
// .NET 2.0 one included) with its host-level facts dropped, so the values before are unknown.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "app/audit.hpp"
#include "plan/detail/building.hpp"
#include "plan/plan.hpp"

namespace temper::plan {

// The scope a finding of this check would have on the snapshot.
inline std::string scope_for(const model::Check& check, const model::Snapshot& s) {
  if (const auto* all = std::get_if<model::AllCheck>(&check)) return all->checks.empty() ? std::string() : scope_for(all->checks.front(), s);
  if (const auto* c = std::get_if<model::IisConfigCheck>(&check)) {
    switch (c->scope) {
      case model::IisScopeMode::kMachine: return "MACHINE";
      case model::IisScopeMode::kWebRoot: return "MACHINE/WEBROOT";
      case model::IisScopeMode::kWebRootClr2: return "CLR2/MACHINE/WEBROOT";
      case model::IisScopeMode::kServer:
      case model::IisScopeMode::kEvery: return "MACHINE/WEBROOT/APPHOST";
    }
  }
  if (std::holds_alternative<model::IisSiteCheck>(check)) {
    for (const auto& scope : s.iis->scopes) {
      if (scope.kind == model::IisScopeKind::kSite) return scope.path;
    }
  }
  if (std::holds_alternative<model::IisAppPoolCheck>(check)) return "apppool:" + s.iis->app_pools.front().name;
  return {};
}

struct AllFixes {
  content::LoadResult content;  ///< owns the rules the plan names
  Plan plan;
  std::set<std::string> fix_types;  ///< fix type names that occur
  std::set<std::size_t> kinds;      ///< Change alternatives that occur
};

inline AllFixes all_content_fixes() {
  AllFixes out;
  const std::filesystem::path kSource = TEMPER_SOURCE_DIR;
  auto content = app::load_content(kSource / "content");
  EXPECT_TRUE(content.has_value()) << content.error().to_string();
  if (!content) return out;
  out.content = std::move(*content);
  // web02 has every IIS level, the .NET 2.0 one included; its host-level facts are dropped so that the
  // values before are unknown (the inverse restores what the script saves).
  auto snapshot = app::load_snapshot(kSource / "tests" / "data" / "bundles" / "web02");
  EXPECT_TRUE(snapshot.has_value()) << snapshot.error().to_string();
  if (!snapshot) return out;
  model::Snapshot s = std::move(*snapshot);
  s.host.role = model::Role::kMemberServer;
  s.user_rights.reset();
  s.security_options.reset();
  s.registry.reset();
  s.services.reset();
  s.audit_policy.reset();  // features stay: the holders of some rights depend on them
  const engine::IisIndex index(*s.iis, s.host.os_build);

  for (const auto& rule : out.content.content.rules()) {
    for (const auto& fix : rule.fixes) {
      out.fix_types.insert(std::string(model::fix_type_name(fix)));
      model::Finding f;
      f.rule = &rule;
      f.status = model::Status::kFail;
      f.scope = scope_for(rule.check, s);
      std::vector<std::string> notes;
      std::string problem;
      Change change = detail::make_change(rule, fix, f, s, &index, notes, problem);
      EXPECT_TRUE(problem.empty()) << rule.id << ": " << problem;
      if (!problem.empty()) continue;
      EXPECT_FALSE(after_display(change).empty()) << rule.id;
      EXPECT_FALSE(inverse_display(change).empty()) << rule.id;
      out.kinds.insert(change.index());
      Action a;
      a.id = "A" + std::to_string(1000 + out.plan.actions.size());
      a.rules = {rule.id};
      a.title = rule.title;
      a.section = rule.section;
      a.scope = f.scope;
      a.effect = detail::effect_of(change);
      EXPECT_FALSE(a.effect.note.empty()) << rule.id;
      a.change = std::move(change);
      out.plan.actions.push_back(std::move(a));
    }
  }
  return out;
}

}  // namespace temper::plan
