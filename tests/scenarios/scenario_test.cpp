// SPDX-License-Identifier: Apache-2.0
// The learning scenarios (tests/scenarios/*/scenario.yaml, described in tests/scenarios/README.md):
// a target server, its activity, the verdicts learning must reach, and the audit statuses once the
// learned policy is applied. Each scenario is one test.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <yaml-cpp/yaml.h>

#include "app/impact.hpp"
#include "app/learn.hpp"
#include "core/file.hpp"
#include "learn/policy.hpp"
#include "model/iis.hpp"

namespace temper {
namespace {
namespace fs = std::filesystem;
const fs::path kScenarios = fs::path(TEMPER_SOURCE_DIR) / "tests" / "scenarios";
const fs::path kShared = TEMPER_SHARED_DIR;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A fresh folder under the test's temporary directory.
fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("temper-scenario-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// The server of a scenario (or of one group member): its target materialised under `into`, with the
// textual edits applied (each must match, so a scenario cannot silently test the unedited server).
fs::path make_target(const YAML::Node& spec, const fs::path& base, const fs::path& into) {
  const std::string target = spec["target"].as<std::string>();
  fs::path source = target.find('/') == std::string::npos ? fs::path(TEMPER_SOURCE_DIR) / "examples" / target : base / target;
  const fs::path out = into / "bundle";
  fs::copy(source, out, fs::copy_options::recursive);
  for (const auto& edit : spec["edits"]) {
    const fs::path file = out / edit["file"].as<std::string>();
    std::string text = read_text(file);
    // UTF-16LE exports (secedit.inf, .reg): edited as their ASCII text, written back as UTF-16LE.
    const bool utf16 = text.size() >= 2 && text[0] == '\xFF' && text[1] == '\xFE';
    if (utf16) {
      std::string narrow;
      for (std::size_t i = 2; i + 1 < text.size(); i += 2) narrow += text[i];
      text = std::move(narrow);
    }
    const auto from = edit["replace"].as<std::string>();
    const auto pos = text.find(from);
    if (pos == std::string::npos) throw std::runtime_error("edit does not match " + file.string() + ": " + from);
    text.replace(pos, from.size(), edit["with"].as<std::string>());
    if (utf16) {
      std::string wide = "\xFF\xFE";
      for (const char c : text) {
        wide += c;
        wide += '\0';
      }
      text = std::move(wide);
    }
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
  }
  return out;
}

std::vector<fs::path> events_of(const YAML::Node& spec, const fs::path& base) {
  std::vector<fs::path> out;
  for (const auto& e : spec["events"]) {
    const auto s = e.as<std::string>();
    out.push_back(s.starts_with("shared:") ? kShared / "corpora" / "evtx" / s.substr(7) : base / s);
  }
  return out;
}

Result<learn::UsageProfile> collect(const std::vector<fs::path>& inputs, std::vector<std::string>& notes) {
  TEMPER_ASSIGN_OR_RETURN(auto result, app::collect_usage(inputs, app::CollectOptions{}));
  for (const auto& f : result.files) {
    if (!f.error.empty()) return fail(ErrorCode::kInvalidArgument, f.error, SourceLocation(f.path));
    for (const auto& d : f.diagnostics) notes.push_back(f.path + ": " + d);
  }
  return std::move(result.profile);
}

app::LearnRequest request_for(const YAML::Node& spec) {
  app::LearnRequest request;
  request.audit.content_dir = fs::path(TEMPER_SOURCE_DIR) / "content";
  if (spec["benchmark"]) request.audit.benchmark = spec["benchmark"].as<std::string>();
  if (spec["level"]) request.audit.level = spec["level"].as<int>();
  if (spec["window"]) request.options.window_days = spec["window"].as<double>();
  return request;
}

// Checks `expect` entries against a report: verdict per rule (and scope), evidence substrings.
void check_verdicts(const YAML::Node& expect, const learn::ImpactReport& report, const std::string& label) {
  for (const auto& e : expect) {
    const auto rule = e["rule"].as<std::string>();
    const std::string scope = e["scope"] ? e["scope"].as<std::string>() : std::string();
    const auto want = e["verdict"].as<std::string>();
    const auto it = std::find_if(report.verdicts.begin(), report.verdicts.end(), [&](const learn::ImpactVerdict& v) {
      return v.rule->id == rule && (scope.empty() || model::short_scope(v.scope) == scope);
    });
    if (want == "pass") {
      EXPECT_EQ(it, report.verdicts.end()) << label << rule << ": expected passing (no verdict), got "
                                           << (it == report.verdicts.end() ? "" : learn::verdict_name(it->verdict));
      continue;
    }
    ASSERT_NE(it, report.verdicts.end()) << label << "no verdict for " << rule << (scope.empty() ? "" : " @ " + scope);
    EXPECT_EQ(learn::verdict_name(it->verdict), want) << label << rule << ": " << it->reason;
    for (const auto& needle : e["evidence"]) {
      const auto n = needle.as<std::string>();
      std::string all = it->reason;
      for (const auto& c : it->conflicts) all += "\n" + c.who + " " + c.detail;
      for (const auto& q : it->requirements) all += "\n" + q.what + " " + q.enable;
      EXPECT_NE(all.find(n), std::string::npos) << label << rule << ": evidence lacks '" << n << "' in:\n" << all;
    }
  }
}

// Re-audits `target` with the learned policy and checks the `after` statuses; every rule whose fix
// broke something must now pass, be excepted, or carry the learned adjustment.
void check_after(const YAML::Node& spec, const app::LearnRequest& request, const fs::path& policy,
                 const learn::ImpactReport& learned, const std::string& label) {
  app::AuditRequest audit = request.audit;
  audit.exceptions = policy;
  auto outcome = app::run_audit(audit);
  ASSERT_TRUE(outcome) << label << outcome.error().to_string() << "\n" << read_text(policy);
  for (const auto& v : learned.verdicts) {
    if (v.verdict != learn::Verdict::kBreaks) continue;
    for (const auto& f : outcome->report.findings) {
      if (f.rule->id != v.rule->id || f.scope != v.scope) continue;
      const bool adjusted = std::any_of(f.evidence.begin(), f.evidence.end(),
                                        [](const std::string& e) { return e.find("learned adjustment") != std::string::npos; });
      EXPECT_TRUE(f.status == model::Status::kPass || f.status == model::Status::kExcepted || adjusted)
          << label << v.rule->id << " @ " << f.scope << " is " << model::status_name(f.status) << " after the learned policy";
    }
  }
  for (const auto& a : spec["after"]) {
    const auto rule = a["rule"].as<std::string>();
    const std::string scope = a["scope"] ? a["scope"].as<std::string>() : std::string();
    const auto it = std::find_if(outcome->report.findings.begin(), outcome->report.findings.end(), [&](const model::Finding& f) {
      return f.rule->id == rule && (scope.empty() || model::short_scope(f.scope) == scope);
    });
    ASSERT_NE(it, outcome->report.findings.end()) << label << "no finding for " << rule << " after the learned policy";
    EXPECT_EQ(model::status_name(it->status), a["status"].as<std::string>()) << label << rule << " after the learned policy";
  }
}

void run_single(const YAML::Node& spec, const fs::path& dir, const std::string& name) {
  const fs::path work = scratch(name);
  app::LearnRequest request = request_for(spec);
  request.audit.input = make_target(spec, dir, work);
  request.events = events_of(spec, dir);
  const std::string label = name + ": ";
  if (spec["compare"]) {
    auto specs = app::parse_compare_specs(spec["compare"].as<std::string>());
    ASSERT_TRUE(specs);
    auto cmp = app::run_compare(request, *specs, collect);
    if (spec["expect_error"]) {
      ASSERT_FALSE(cmp) << label << "expected an error";
      EXPECT_NE(cmp.error().message.find(spec["expect_error"].as<std::string>()), std::string::npos) << cmp.error().message;
      return;
    }
    ASSERT_TRUE(cmp) << label << cmp.error().to_string();
    const auto want = spec["most_stringent"].as<std::string>();
    std::string rows;
    for (const auto& r : cmp->rows) {
      rows += "\n" + r.spec.benchmark + ": breaks";
      for (const auto& v : r.report.verdicts) {
        if (v.verdict == learn::Verdict::kBreaks) rows += " " + v.rule->id;
      }
    }
    ASSERT_TRUE(cmp->most_stringent) << label << "no policy breaks nothing:" << rows;
    const auto& row = cmp->rows[*cmp->most_stringent];
    EXPECT_EQ(row.spec.benchmark + ":" + std::to_string(row.spec.level.value_or(0)), want) << label;
    for (const auto& row_expect : spec["rows"]) {
      const auto id = row_expect["policy"].as<std::string>();
      const auto r = std::find_if(cmp->rows.begin(), cmp->rows.end(), [&](const app::CompareRow& x) {
        return x.spec.benchmark + ":" + std::to_string(x.spec.level.value_or(0)) == id;
      });
      ASSERT_NE(r, cmp->rows.end()) << label << id;
      if (row_expect["breaks_at_least"]) {
        EXPECT_GE(r->report.breaks, row_expect["breaks_at_least"].as<std::size_t>()) << label << id;
      }
      if (row_expect["breaks"]) {
        EXPECT_EQ(r->report.breaks, row_expect["breaks"].as<std::size_t>()) << label << id;
      }
    }
    return;
  }
  auto outcome = app::run_learn(request, collect);
  ASSERT_TRUE(outcome) << label << outcome.error().to_string();
  check_verdicts(spec["expect"], outcome->report, label);
  learn::PolicyOptions options;
  options.now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  const fs::path policy = work / "learned.yaml";
  ASSERT_TRUE(write_file(policy, learn::learned_policy_yaml(outcome->report, options)));
  check_after(spec, request, policy, outcome->report, label);
}

void run_group(const YAML::Node& spec, const fs::path& dir, const std::string& name) {
  const fs::path work = scratch(name);
  const fs::path group = work / "group";
  for (const auto& server : spec["servers"]) {
    const auto sname = server["name"].as<std::string>();
    const fs::path sdir = group / sname;
    fs::create_directories(sdir / "events");
    make_target(server, dir, sdir);
    for (const auto& e : events_of(server, dir)) {
      fs::copy(e, fs::is_directory(e) ? sdir / "events" : sdir / "events" / e.filename(), fs::copy_options::recursive);
    }
  }
  app::LearnRequest request = request_for(spec);
  auto members = app::run_group(request, group, collect);
  ASSERT_TRUE(members) << name << ": " << members.error().to_string();
  std::vector<std::pair<std::string, const learn::ImpactReport*>> reports;
  for (const auto& m : *members) reports.emplace_back(m.name, &m.outcome.report);
  for (const auto& server : spec["servers"]) {
    const auto sname = server["name"].as<std::string>();
    const auto m = std::find_if(members->begin(), members->end(), [&](const app::GroupMember& x) { return x.name == sname; });
    ASSERT_NE(m, members->end());
    check_verdicts(server["expect"], m->outcome.report, name + "/" + sname + ": ");
  }
  learn::PolicyOptions options;
  options.now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  const std::string yaml = learn::learned_group_policy_yaml(reports, options);
  for (const auto& needle : spec["policy_contains"]) {
    EXPECT_NE(yaml.find(needle.as<std::string>()), std::string::npos) << name << ": group policy lacks " << needle << "\n" << yaml;
  }
  // The group's policy keeps every server working: each server re-audited with it.
  const fs::path policy = work / "group-policy.yaml";
  ASSERT_TRUE(write_file(policy, yaml));
  for (const auto& m : *members) {
    app::LearnRequest one = request;
    one.audit.input = group / m.name / "bundle";
    check_after(YAML::Node(), one, policy, m.outcome.report, name + "/" + m.name + ": ");
  }
}

class Scenario : public ::testing::TestWithParam<std::string> {};

TEST_P(Scenario, Learns) {
  const fs::path dir = kScenarios / GetParam();
  const YAML::Node spec = YAML::LoadFile((dir / "scenario.yaml").string());
  bool uses_shared = false;
  for (const auto& e : spec["events"]) uses_shared = uses_shared || e.as<std::string>().starts_with("shared:");
  if (uses_shared && !fs::exists(kShared / "corpora" / "evtx")) GTEST_SKIP() << "../shared/corpora not present";
  if (spec["servers"]) {
    run_group(spec, dir, GetParam());
  } else {
    run_single(spec, dir, GetParam());
  }
}

std::vector<std::string> scenario_names() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(kScenarios)) {
    if (e.is_directory() && fs::exists(e.path() / "scenario.yaml")) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

INSTANTIATE_TEST_SUITE_P(Learning, Scenario, ::testing::ValuesIn(scenario_names()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string n = param.param;
                           std::replace_if(n.begin(), n.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
                           return n;
                         });

TEST(Scenarios, AtLeastTwentyAndThreeOnRealEvtx) {
  const auto names = scenario_names();
  EXPECT_GE(names.size(), 20U);
  std::size_t real = 0;
  for (const auto& n : names) {
    const YAML::Node spec = YAML::LoadFile((kScenarios / n / "scenario.yaml").string());
    bool shared = false;
    for (const auto& e : spec["events"]) shared = shared || e.as<std::string>().starts_with("shared:");
    real += shared ? 1 : 0;
  }
  EXPECT_GE(real, 3U);
}

}  // namespace
}  // namespace temper
