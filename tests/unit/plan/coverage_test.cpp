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
#include "all_fixes.hpp"

namespace temper::plan {
namespace {
namespace fs = std::filesystem;

const fs::path kSource = TEMPER_SOURCE_DIR;

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
  const AllFixes all = all_content_fixes();
  const Plan& plan = all.plan;
  const std::set<std::string>& fix_types = all.fix_types;
  const std::set<std::size_t>& kinds = all.kinds;
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
