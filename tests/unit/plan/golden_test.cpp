// SPDX-License-Identifier: Apache-2.0
// Golden files: the example server's plan in every format, byte for byte (tests/data/plan/web01). After an
// intended change, regenerate them with TEMPER_UPDATE_GOLDEN=1 and review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "app/audit.hpp"
#include "plan/build.hpp"
#include "plan/detail/powershell.hpp"
#include "plan/render.hpp"
#include "ps_structure.hpp"

namespace temper::plan {
namespace {
namespace fs = std::filesystem;

const fs::path kSource = TEMPER_SOURCE_DIR;
const fs::path kGolden = fs::path(TEMPER_TEST_DATA_DIR) / "plan" / "web01";

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool updating() {
  const char* v = std::getenv("TEMPER_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

const Plan& web01() {
  static const Plan plan = [] {
    app::AuditRequest request;
    request.input = kSource / "examples" / "web01";
    request.content_dir = kSource / "content";
    request.level = 2;
    auto out = app::run_audit(request);
    EXPECT_TRUE(out.has_value()) << (out ? "" : out.error().to_string());
    return build_plan(out->report, out->snapshot);
  }();
  return plan;
}

void check(const fs::path& golden, const std::string& bytes) {
  if (updating()) {
    fs::create_directories(golden.parent_path());
    std::ofstream(golden, std::ios::binary) << bytes;
    return;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden << " is missing: run the test with TEMPER_UPDATE_GOLDEN=1";
  EXPECT_TRUE(read_all(golden) == bytes) << golden << " differs from the rendered plan: if the change is intended, "
                                                       "regenerate with TEMPER_UPDATE_GOLDEN=1 and review the diff";
}

TEST(PlanGolden, SingleFileFormats) {
  const std::pair<Format, const char*> files[] = {{Format::kJson, "plan.json"},
                                                  {Format::kText, "plan.txt"},
                                                  {Format::kPowerShell, "plan.ps1"},
                                                  {Format::kInf, "plan.inf"}};
  for (const auto& [format, name] : files) {
    const auto rendered = render(web01(), format);
    ASSERT_EQ(rendered.size(), 1u);
    check(kGolden / name, rendered.front().bytes);
  }
}

TEST(PlanGolden, GpoBackupFolder) {
  const auto files = render(web01(), Format::kGpo);
  ASSERT_FALSE(files.empty());
  const fs::path root = kGolden / "gpo";
  if (updating()) fs::remove_all(root);
  std::set<std::string> rendered;
  for (const auto& f : files) {
    rendered.insert(f.path);
    check(root / f.path, f.bytes);
  }
  if (updating()) return;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    const std::string rel = fs::relative(e.path(), root).generic_string();
    EXPECT_TRUE(rendered.contains(rel)) << rel << " is golden but no longer rendered";
  }
}

// The example server's script passes the same structural checks as the crafted plans (powershell_test):
// balanced, every change guarded and preceded by its save, every save restored, manual steps only warned
// (the plan's manual steps, and the changes the script leaves to a person: per-user HKCU values).
TEST(PlanGolden, ExampleScriptIsStructurallySound) {
  const Plan& plan = web01();
  const auto report = test::check_plan_script(render_powershell(plan));
  std::string errors;
  for (const auto& e : report.errors) errors += e + "\n";
  EXPECT_TRUE(report.errors.empty()) << errors;
  std::vector<std::string> changed;
  std::vector<std::string> manual;
  std::size_t per_user = 0;
  for (const auto& a : plan.actions) {
    const bool by_hand = detail::action_code(a.change).manual;
    if (by_hand && !std::holds_alternative<ManualStep>(a.change)) ++per_user;
    (by_hand ? manual : changed).push_back(a.id);
  }
  EXPECT_GT(per_user, 0u) << "web01's per-user policy should plan HKCU changes, each a manual step in the script";
  EXPECT_EQ(report.saved, changed);
  EXPECT_EQ(report.restored, std::vector<std::string>(changed.rbegin(), changed.rend()));
  EXPECT_EQ(report.manual, manual);
}

}  // namespace
}  // namespace temper::plan
