// SPDX-License-Identifier: Apache-2.0
// Every fix in the shipped content becomes a planned change with an inverse, and every format either
// renders it or lists it as not in that format. A new fix type or change kind without a renderer fails here.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "app/audit.hpp"
#include "core/utf.hpp"
#include "plan/detail/building.hpp"
#include "plan/render.hpp"

namespace temper::plan {
namespace {
namespace fs = std::filesystem;

const fs::path kSource = TEMPER_SOURCE_DIR;

// The scope a finding of this check would have on the snapshot.
std::string scope_for(const model::Check& check, const model::Snapshot& s) {
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

// All the text a rendering holds (UTF-16 files decoded).
std::string text_of(const std::vector<RenderedFile>& files) {
  std::string all;
  for (const auto& f : files) {
    all += decode_text(std::string_view(f.bytes));
    all += "\n";
  }
  return all;
}

TEST(PlanCoverage, EveryContentFixPlansRendersOrIsListed) {
  auto content = app::load_content(kSource / "content");
  ASSERT_TRUE(content.has_value()) << content.error().to_string();
  // web02 has every IIS level, the .NET 2.0 one included; its host-level facts are dropped so that the
  // values before are unknown (the inverse restores what the script saves).
  auto snapshot = app::load_snapshot(kSource / "tests" / "data" / "bundles" / "web02");
  ASSERT_TRUE(snapshot.has_value()) << snapshot.error().to_string();
  model::Snapshot s = std::move(*snapshot);
  s.host.role = model::Role::kMemberServer;
  s.user_rights.reset();
  s.security_options.reset();
  s.registry.reset();
  s.services.reset();
  s.audit_policy.reset();  // features stay: the holders of some rights depend on them
  const engine::IisIndex index(*s.iis, s.host.os_build);

  Plan plan;
  std::set<std::string> fix_types;
  std::set<std::size_t> kinds;
  for (const auto& rule : content->content.rules()) {
    for (const auto& fix : rule.fixes) {
      fix_types.insert(std::string(model::fix_type_name(fix)));
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
      kinds.insert(change.index());
      Action a;
      a.id = "A" + std::to_string(1000 + plan.actions.size());
      a.rules = {rule.id};
      a.title = rule.title;
      a.section = rule.section;
      a.scope = f.scope;
      a.effect = detail::effect_of(change);
      EXPECT_FALSE(a.effect.note.empty()) << rule.id;
      a.change = std::move(change);
      plan.actions.push_back(std::move(a));
    }
  }
  // Every fix type of the model occurs in the content, and every change kind in the plan.
  EXPECT_EQ(fix_types.size(), std::variant_size_v<model::Fix>);
  EXPECT_EQ(kinds.size(), kChangeKinds);
  ASSERT_GT(plan.actions.size(), 200u);

  for (Format format : kFormats) {
    const std::string text = text_of(render(plan, format));
    for (const auto& a : plan.actions) {
      if (expressible(a.change, format)) {
        if (format == Format::kJson || format == Format::kText || format == Format::kPowerShell) {
          EXPECT_NE(text.find(a.id), std::string::npos) << format_name(format) << " does not render " << a.id << " " << a.rules.front();
        }
        // INF and GPO carry the values themselves: the round-trip tests read them back.
      } else {
        EXPECT_NE(text.find(a.id), std::string::npos)
            << format_name(format) << " neither renders nor lists " << a.id << " " << a.rules.front();
      }
    }
  }
}

}  // namespace
}  // namespace temper::plan
