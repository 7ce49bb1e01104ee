// SPDX-License-Identifier: Apache-2.0
// The Wine guard that Windows-only adapters put in front of APIs Wine only stubs (LSA rights, NetLocalGroup*,
// NetUserModals*, Audit*, Evt*): under this test harness it must say "Wine", or those calls would abort the
// process or pass while testing nothing (docs/windows-build.md).
#include <gtest/gtest.h>

#include "platform/windows/wine.hpp"

namespace temper::platform {
namespace {

TEST(WineDetect, ThisTestRunsUnderWine) {
  ASSERT_TRUE(running_under_wine()) << "tests/windows runs only under Wine (scripts/wine-run)";
  EXPECT_FALSE(wine_version().empty());
  EXPECT_EQ(wine_version().rfind("8.", 0), 0U) << "Wine " << wine_version() << ", docs assume Wine 8";
}

TEST(WineDetect, AnswerIsStable) {
  EXPECT_EQ(running_under_wine(), running_under_wine());
}

}  // namespace
}  // namespace temper::platform
