// SPDX-License-Identifier: Apache-2.0
// The example server's plan, rendered as a security template and as a GPO backup, read back by temper's
// own readers: every action the format carries comes back as the value the plan sets, and auditing the
// imported policy passes every rule those actions fix.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "app/audit.hpp"
#include "collect/offline/bundle.hpp"
#include "collect/offline/secedit_inf.hpp"
#include "core/strings.hpp"
#include "engine/evaluator.hpp"
#include "plan/build.hpp"
#include "plan/render.hpp"
#include "all_fixes.hpp"

namespace temper::plan {
namespace {
namespace fs = std::filesystem;

const fs::path kSource = TEMPER_SOURCE_DIR;

struct Fixture {
  app::AuditOutcome audit;
  Plan plan;
};

Fixture web01_plan() {
  app::AuditRequest request;
  request.input = kSource / "examples" / "web01";
  request.content_dir = kSource / "content";
  auto out = app::run_audit(request);
  EXPECT_TRUE(out.has_value()) << (out ? "" : out.error().to_string());
  Fixture f{std::move(*out), {}};
  f.plan = build_plan(f.audit.report, f.audit.snapshot);
  return f;
}

fs::path write_files(const std::vector<RenderedFile>& files, const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("temper-roundtrip-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& f : files) {
    const fs::path path = dir / (f.path.empty() ? std::string("GptTmpl.inf") : f.path);
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << f.bytes;
  }
  return dir;
}

// What the imported policy says about each kind of change, against the plan's value after.
void expect_imported(const Action& a, const model::Snapshot& s, const collect::ParsedInf* inf, Format format) {
  const std::string where = std::string(format_name(format)) + " " + a.id + " " + a.rules.front();
  if (const auto* c = std::get_if<UserRightChange>(&a.change)) {
    ASSERT_TRUE(s.user_rights.has_value()) << where;
    const auto it = s.user_rights->find(c->right);
    ASSERT_NE(it, s.user_rights->end()) << where;
    std::set<std::string, ILess> got(it->second.begin(), it->second.end());
    std::set<std::string, ILess> want(c->after_holders.begin(), c->after_holders.end());
    EXPECT_EQ(got, want) << where;
  } else if (const auto* o = std::get_if<SecurityOptionChange>(&a.change)) {
    ASSERT_TRUE(s.security_options.has_value()) << where;
    const auto it = s.security_options->find(o->name);
    ASSERT_NE(it, s.security_options->end()) << where;
    EXPECT_TRUE(iequals(it->second.text, o->after.display())) << where << ": " << it->second.text;
  } else if (const auto* r = std::get_if<RegistryChange>(&a.change)) {
    ASSERT_TRUE(s.registry.has_value()) << where;
    const auto* key = s.registry->find(r->key);
    if (r->remove) {
      EXPECT_TRUE(key == nullptr || !key->values.contains(r->value)) << where;
    } else {
      ASSERT_NE(key, nullptr) << where;
      const auto it = key->values.find(r->value);
      ASSERT_NE(it, key->values.end()) << where;
      EXPECT_EQ(it->second, r->after) << where << ": " << it->second.display();
    }
  } else if (const auto* au = std::get_if<AuditPolicyChange>(&a.change)) {
    ASSERT_TRUE(s.audit_policy.has_value()) << where;
    const auto it = s.audit_policy->find(au->subcategory);
    ASSERT_NE(it, s.audit_policy->end()) << where;
    EXPECT_EQ(it->second.success, au->after_success) << where;
    EXPECT_EQ(it->second.failure, au->after_failure) << where;
  } else if (const auto* sv = std::get_if<ServiceChange>(&a.change)) {
    // A policy's services are not imported as the server's state (merge_inf): read the template's own list.
    ASSERT_NE(inf, nullptr) << where;
    const auto it = std::find_if(inf->services.begin(), inf->services.end(), [&](const auto& x) { return iequals(x.name, sv->name); });
    ASSERT_NE(it, inf->services.end()) << where;
    EXPECT_TRUE(iequals(it->start_mode, sv->after_start_mode)) << where << ": " << it->start_mode;
  } else {
    ADD_FAILURE() << where << " is expressible but the round trip does not know its kind";
  }
}

// The security template a rendering wrote (the INF, or a GPO's GptTmpl.inf), read with temper's reader.
std::optional<collect::ParsedInf> read_template(const fs::path& dir) {
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!iequals(e.path().filename().string(), "GptTmpl.inf")) continue;
    std::ifstream in(e.path(), std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    auto parsed = collect::parse_secedit_inf(std::as_bytes(std::span(bytes.data(), bytes.size())), "GptTmpl.inf");
    EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().to_string());
    if (!parsed) return std::nullopt;
    for (const auto& d : parsed->diagnostics) ADD_FAILURE() << "reading back: " << d.to_string();
    return std::move(*parsed);
  }
  return std::nullopt;
}

// The state the policy produces: a template alone is merged as a policy; a GPO backup is imported whole.
model::Snapshot policy_state(const fs::path& dir, const collect::ParsedInf& inf, Format format) {
  model::Snapshot s;
  if (format == Format::kInf) {
    collect::merge_inf(inf, collect::InfSemantics::kPolicy, s);
    return s;
  }
  auto imported = collect::import_bundle(dir);
  EXPECT_TRUE(imported.has_value()) << (imported ? "" : imported.error().to_string());
  if (!imported) return s;
  for (const auto& d : imported->diagnostics) {
    // The importer says it leaves the template's services out; anything else is a writer's mistake.
    if (d.to_string().find("is not imported from a policy") == std::string::npos) ADD_FAILURE() << "reading back: " << d.to_string();
  }
  return std::move(imported->snapshot);
}

void round_trip(Format format) {
  const Fixture f = web01_plan();
  ASSERT_GT(f.plan.actions.size(), 100u);
  const fs::path dir = write_files(render(f.plan, format), std::string(format_name(format)));
  // The template itself (the INF, or the GPO's GptTmpl.inf), also for the services a policy import leaves out.
  const auto inf = read_template(dir);
  ASSERT_TRUE(inf.has_value());
  model::Snapshot s = policy_state(dir, *inf, format);
  std::size_t carried = 0;
  std::set<std::string> fixed_rules;
  std::set<std::string> partial_rules;  // a rule with a change this format cannot carry
  for (const auto& a : f.plan.actions) {
    for (const auto& r : a.rules) (expressible(a.change, format) ? fixed_rules : partial_rules).insert(r);
    if (!expressible(a.change, format)) continue;
    ++carried;
    expect_imported(a, s, &*inf, format);
  }
  EXPECT_GT(carried, format == Format::kInf ? 30u : 100u);

  // Audit the policy's state as the same host: every rule the format fixes completely passes.
  s.host = f.audit.snapshot.host;
  s.features = f.audit.snapshot.features;
  s.principals = f.audit.snapshot.principals;
  s.iis = f.audit.snapshot.iis;  // rights whose holders depend on the application pools
  std::vector<const model::Rule*> rules;
  for (const auto& rule : f.audit.content.content.rules()) {
    if (fixed_rules.contains(rule.id) && !partial_rules.contains(rule.id) && !std::holds_alternative<model::ServiceCheck>(rule.check)) {
      rules.push_back(&rule);  // services: a policy import never reads them (checked above against the template)
    }
  }
  const auto report = engine::evaluate(rules, s);
  std::size_t passed = 0;
  for (const auto& finding : report.findings) {
    EXPECT_EQ(finding.status, model::Status::kPass) << format_name(format) << ": " << finding.rule->id << " " << finding.scope << ": "
                                                    << finding.actual << " " << finding.reason;
    passed += finding.status == model::Status::kPass ? 1 : 0;
  }
  EXPECT_GT(passed, format == Format::kInf ? 20u : 50u);
  fs::remove_all(dir);
}

// Every fix of the content, not only those the example server fails: rendered, read back, equal.
void every_fix(Format format) {
  const AllFixes all = all_content_fixes();
  // Two rules that set one target differently (per role, per version) cannot share one policy: each is
  // round-tripped by the example's plan or its own tests, not here.
  std::map<std::string, std::set<std::string>> values;
  for (const auto& a : all.plan.actions) values[std::string(change_kind(a.change)) + "|" + change_target(a.change)].insert(after_display(a.change));
  Plan plan = all.plan;
  std::erase_if(plan.actions, [&](const Action& a) {
    return values[std::string(change_kind(a.change)) + "|" + change_target(a.change)].size() > 1;
  });
  ASSERT_GT(plan.actions.size(), 400u);
  const fs::path dir = write_files(render(plan, format), "all-" + std::string(format_name(format)));
  const auto inf = read_template(dir);
  ASSERT_TRUE(inf.has_value());
  model::Snapshot s = policy_state(dir, *inf, format);
  std::size_t carried = 0;
  for (const auto& a : plan.actions) {
    if (!expressible(a.change, format)) continue;
    ++carried;
    expect_imported(a, s, &*inf, format);
  }
  EXPECT_GT(carried, format == Format::kInf ? 50u : 300u);
  fs::remove_all(dir);
}

TEST(PlanRoundTrip, EveryContentFixAsSecurityTemplate) { every_fix(Format::kInf); }
TEST(PlanRoundTrip, EveryContentFixAsGpoBackup) { every_fix(Format::kGpo); }

TEST(PlanRoundTrip, SecurityTemplate) { round_trip(Format::kInf); }
TEST(PlanRoundTrip, GpoBackup) { round_trip(Format::kGpo); }

}  // namespace
}  // namespace temper::plan
