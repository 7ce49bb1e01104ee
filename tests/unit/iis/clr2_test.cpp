// SPDX-License-Identifier: Apache-2.0
// The .NET 2.0/3.5 runtime's own configuration (CIS IIS 3.8): CLR2/MACHINE and CLR2/MACHINE/WEBROOT.
#include <gtest/gtest.h>

#include "engine/iis_lookup.hpp"
#include "iis/resolver.hpp"

namespace temper::iis {
namespace {
const std::string kApphost = "C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config";
const std::string kClr2Dir = "C:\\Windows\\Microsoft.NET\\Framework64\\v2.0.50727\\CONFIG";

MemoryFileSource server() {
  MemoryFileSource src;
  src.add(kApphost, "<configuration><system.applicationHost><sites/></system.applicationHost></configuration>");
  const ResolveOptions defaults;
  src.add(defaults.machine_config, "<configuration><system.web><machineKey validation=\"HMACSHA256\"/></system.web></configuration>");
  src.add(defaults.root_web_config, "<configuration/>");
  return src;
}

engine::IisValue validation(const model::Iis& iis, const std::string& scope) {
  const engine::IisIndex index(iis);
  const model::IisScope* s = iis.scope(scope);
  EXPECT_NE(s, nullptr) << scope;
  if (s == nullptr) return {};
  return engine::lookup_iis(index, *s, *engine::parse_element_path("system.web/machineKey"), "system.web/machineKey", "validation");
}

TEST(Clr2Test, ItsOwnHierarchyNeverMixedWithNet4) {
  auto src = server();
  src.add(kClr2Dir + "\\machine.config", "<configuration>\n<system.web><machineKey validation=\"MD5\"/></system.web></configuration>");
  src.add(kClr2Dir + "\\web.config", "<configuration/>");
  auto r = resolve(src);
  ASSERT_TRUE(r) << r.error().to_string();
  const auto* webroot = r->iis.scope("CLR2/MACHINE/WEBROOT");
  ASSERT_NE(webroot, nullptr);
  EXPECT_EQ(webroot->parent, "CLR2/MACHINE");
  EXPECT_EQ(webroot->kind, model::IisScopeKind::kWebRoot);
  EXPECT_EQ(webroot->file_state, model::IisFileState::kCollected);
  const auto v2 = validation(r->iis, "CLR2/MACHINE/WEBROOT");
  EXPECT_EQ(v2.value, "MD5");
  EXPECT_EQ(v2.origin, kClr2Dir + "\\machine.config:2");
  // The .NET 4 webroot and the server level see the .NET 4 machine.config only.
  EXPECT_EQ(validation(r->iis, "MACHINE/WEBROOT").value, "HMACSHA256");
  EXPECT_EQ(validation(r->iis, "MACHINE/WEBROOT/APPHOST").value, "HMACSHA256");
  EXPECT_EQ(model::short_scope("CLR2/MACHINE/WEBROOT"), "webroot (.NET 2.0)");
  EXPECT_EQ(model::full_scope("webroot (.NET 2.0)"), "CLR2/MACHINE/WEBROOT");
}

TEST(Clr2Test, TheDefaultIsThatRuntimes) {
  auto src = server();
  src.add(kClr2Dir + "\\machine.config", "<configuration/>");
  src.add(kClr2Dir + "\\web.config", "<configuration/>");
  auto r = resolve(src);
  ASSERT_TRUE(r);
  const auto v = validation(r->iis, "CLR2/MACHINE/WEBROOT");
  EXPECT_TRUE(v.from_default);
  EXPECT_EQ(v.value, "SHA1");
  EXPECT_EQ(validation(r->iis, "MACHINE/WEBROOT").value, "HMACSHA256");
}

TEST(Clr2Test, NotCollectedUnlessItsFolderWasSearched) {
  // A bundle that did not look at the .NET 2.0 folder: whatever it could set is unknown.
  auto src = server();
  src.add_searched("D:\\sites");
  auto r = resolve(src);
  ASSERT_TRUE(r);
  const auto* webroot = r->iis.scope("CLR2/MACHINE/WEBROOT");
  ASSERT_NE(webroot, nullptr);
  EXPECT_EQ(webroot->file_state, model::IisFileState::kNotCollected);
  const auto v = validation(r->iis, "CLR2/MACHINE/WEBROOT");
  ASSERT_EQ(v.not_collected.size(), 2U);
  EXPECT_EQ(v.not_collected[0], kClr2Dir + "\\web.config");
  EXPECT_EQ(v.not_collected[1], kClr2Dir + "\\machine.config");
}

TEST(Clr2Test, SearchedAndEmptyMeansNotInstalled) {
  auto src = server();
  src.add_searched(kClr2Dir);
  auto r = resolve(src);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->iis.scope("CLR2/MACHINE/WEBROOT"), nullptr);
  const auto* machine = r->iis.scope("CLR2/MACHINE");
  ASSERT_NE(machine, nullptr);
  EXPECT_EQ(machine->file_state, model::IisFileState::kAbsent);
}

TEST(Clr2Test, ADamagedFileMakesItsValuesUnknown) {
  auto src = server();
  src.add_searched(kClr2Dir);
  src.add(kClr2Dir + "\\machine.config", "<configuration/>");
  src.add(kClr2Dir + "\\web.config", "<configuration><system.web>");  // damaged
  auto r = resolve(src);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->iis.scope("CLR2/MACHINE/WEBROOT")->file_state, model::IisFileState::kDamaged);
  const auto v = validation(r->iis, "CLR2/MACHINE/WEBROOT");
  ASSERT_EQ(v.not_collected.size(), 1U);
  EXPECT_NE(v.not_collected[0].find("not valid XML"), std::string::npos);
}

}  // namespace
}  // namespace temper::iis
