// SPDX-License-Identifier: Apache-2.0
#include "engine/iis_lookup.hpp"

#include <gtest/gtest.h>

namespace temper::engine {
namespace {
model::ConfigAttribute attr(std::string v, std::string origin) { return {std::move(v), std::move(origin), false}; }

model::Iis sample() {
  model::Iis iis;
  iis.installed = true;
  model::IisScope server{"MACHINE/WEBROOT/APPHOST", "", model::IisScopeKind::kServer, "", {}, "apphost", model::IisFileState::kCollected};
  model::ConfigElement rf{"requestFiltering", {}, {}, "apphost:10"};
  model::ConfigElement verbs{"verbs", {{"allowUnlisted", attr("true", "apphost:11")}}, {}, "apphost:11"};
  verbs.children.push_back(model::ConfigElement{"add", {{"verb", attr("TRACE", "apphost:12")}, {"allowed", attr("false", "apphost:12")}}, {}, "apphost:12"});
  rf.children.push_back(verbs);
  rf.attributes["allowDoubleEscaping"] = attr("false", "apphost:10");
  server.sections["system.webServer/security/requestFiltering"] = rf;
  iis.scopes.push_back(server);

  model::IisScope site{"MACHINE/WEBROOT/APPHOST/A", "MACHINE/WEBROOT/APPHOST", model::IisScopeKind::kSite, "", {}, "a/web.config", model::IisFileState::kCollected};
  // The site redefines the verbs collection without TRACE (e.g. <clear/>), and sets only allowHighBitCharacters.
  model::ConfigElement rf2{"requestFiltering", {{"allowHighBitCharacters", attr("false", "a/web.config:3")}}, {}, "a/web.config:3"};
  rf2.children.push_back(model::ConfigElement{"verbs", {}, {}, "a/web.config:4"});
  site.sections["system.webServer/security/requestFiltering"] = rf2;
  iis.scopes.push_back(site);

  model::IisScope app{"MACHINE/WEBROOT/APPHOST/A/app", "MACHINE/WEBROOT/APPHOST/A", model::IisScopeKind::kApplication, "", {}, "a/app/web.config", model::IisFileState::kAbsent};
  iis.scopes.push_back(app);
  return iis;
}
}  // namespace

TEST(IisLookupTest, ParsesPathsWithPredicates) {
  auto p = parse_element_path("system.webServer/security/requestFiltering/verbs/add[@verb='TRACE']");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->size(), 5u);
  EXPECT_EQ(p->back().name, "add");
  ASSERT_EQ(p->back().predicates.size(), 1u);
  EXPECT_EQ(p->back().predicates[0].first, "verb");
  EXPECT_EQ(p->back().predicates[0].second, "TRACE");
  EXPECT_TRUE(parse_element_path("a/b[@x=\"1\"][@y='2']"));
  EXPECT_FALSE(parse_element_path("a//b"));
  EXPECT_FALSE(parse_element_path("a/b[@x=1]"));
  EXPECT_FALSE(parse_element_path("a/b[@x='1'"));
  EXPECT_FALSE(parse_element_path("a/"));
  EXPECT_FALSE(parse_element_path(""));
}

TEST(IisLookupTest, AttributesInheritOneByOne) {
  const model::Iis iis = sample();
  const auto path = *parse_element_path("system.webServer/security/requestFiltering");
  const auto* app = iis.scope("MACHINE/WEBROOT/APPHOST/A/app");
  // Set at the site.
  auto high = lookup_iis(IisIndex(iis), *app, path, "system.webServer/security/requestFiltering", "allowHighBitCharacters");
  EXPECT_TRUE(high.present);
  EXPECT_EQ(high.value, "false");
  EXPECT_EQ(high.origin, "a/web.config:3");
  // The site's section does not set it: inherited from the server.
  auto dbl = lookup_iis(IisIndex(iis), *app, path, "system.webServer/security/requestFiltering", "allowDoubleEscaping");
  EXPECT_EQ(dbl.value, "false");
  EXPECT_EQ(dbl.origin, "apphost:10");
  // Set nowhere: the schema default.
  auto hdr = lookup_iis(IisIndex(iis), *app, path, "system.webServer/security/requestFiltering", "removeServerHeader");
  EXPECT_TRUE(hdr.from_default);
  EXPECT_EQ(hdr.value, "false");
  // Unknown attribute, no default: absent.
  EXPECT_FALSE(lookup_iis(IisIndex(iis), *app, path, "system.webServer/security/requestFiltering", "madeUp").present);
}

TEST(IisLookupTest, CollectionItemsComeFromTheNearestCollection) {
  const model::Iis iis = sample();
  const std::string el = "system.webServer/security/requestFiltering/verbs/add[@verb='TRACE']";
  const auto path = *parse_element_path(el);
  auto at_server = lookup_iis(IisIndex(iis), *iis.scope("MACHINE/WEBROOT/APPHOST"), path, el, "allowed");
  EXPECT_TRUE(at_server.present);
  EXPECT_EQ(at_server.value, "false");
  // Site A's effective verbs collection has no TRACE entry: the item is absent there and below,
  // and the item's schema default does not apply to an item that does not exist.
  auto at_app = lookup_iis(IisIndex(iis), *iis.scope("MACHINE/WEBROOT/APPHOST/A/app"), path, el, "allowed");
  EXPECT_FALSE(at_app.present);
  EXPECT_EQ(at_app.defined_at, "MACHINE/WEBROOT/APPHOST/A");
}

TEST(IisLookupTest, AFileNotCollectedMakesWhatItCouldSetUnknown) {
  model::Iis iis = sample();
  iis.scopes[1].file_state = model::IisFileState::kNotCollected;  // site A's web.config
  iis.section_rules = {model::IisSectionRule{"system.webServer/security/authentication/anonymousAuthentication", true, false, "Everywhere"},
                       model::IisSectionRule{"system.webServer/security/requestFiltering", true, true, "Everywhere"},
                       model::IisSectionRule{"system.web/machineKey", false, true, "MachineToApplication"}};
  const auto* app = iis.scope("MACHINE/WEBROOT/APPHOST/A/app");
  const IisIndex index(iis);
  // Set at the server, but the site's web.config (not collected) could override it.
  const auto rf = *parse_element_path("system.webServer/security/requestFiltering");
  auto dbl = lookup_iis(index, *app, rf, "system.webServer/security/requestFiltering", "allowDoubleEscaping");
  ASSERT_EQ(dbl.not_collected.size(), 1U);
  EXPECT_EQ(dbl.not_collected[0], "a/web.config");
  // Nothing sets it: the default applies only when every file was collected.
  auto hdr = lookup_iis(index, *app, rf, "system.webServer/security/requestFiltering", "removeServerHeader");
  EXPECT_FALSE(hdr.not_collected.empty());
  // A section web.config files may not set (overrideModeDefault=Deny) is known without the file.
  const auto anon = *parse_element_path("system.webServer/security/authentication/anonymousAuthentication");
  EXPECT_TRUE(lookup_iis(index, *app, anon, "system.webServer/security/authentication/anonymousAuthentication", "enabled")
                  .not_collected.empty());
  // An <location overrideMode="Allow"> at the site unlocks it: then the missing file matters.
  iis.section_overrides.push_back(
      model::IisSectionOverride{"MACHINE/WEBROOT/APPHOST/A", "system.webServer/security/authentication/anonymousAuthentication", true});
  const IisIndex unlocked(iis);
  EXPECT_FALSE(lookup_iis(unlocked, *app, anon, "system.webServer/security/authentication/anonymousAuthentication", "enabled")
                   .not_collected.empty());
}

TEST(IisLookupTest, DefaultsFollowTheIisVersionOfTheServer) {
  const model::Iis iis = sample();
  const auto* app = iis.scope("MACHINE/WEBROOT/APPHOST/A/app");
  const auto rf = *parse_element_path("system.webServer/security/requestFiltering");
  // removeServerHeader came with IIS 10.0 version 1709: Server 2016 (14393) has no such attribute.
  const auto old_iis = lookup_iis(IisIndex(iis, "14393"), *app, rf, "system.webServer/security/requestFiltering", "removeServerHeader");
  EXPECT_FALSE(old_iis.present);
  EXPECT_NE(old_iis.note.find("16299"), std::string::npos) << old_iis.note;
  const auto new_iis = lookup_iis(IisIndex(iis, "17763"), *app, rf, "system.webServer/security/requestFiltering", "removeServerHeader");
  EXPECT_TRUE(new_iis.present && new_iis.from_default);
  EXPECT_EQ(new_iis.value, "false");
}

TEST(IisLookupTest, ParentCyclesTerminate) {
  model::Iis iis;
  iis.scopes.push_back(model::IisScope{"X", "Y", model::IisScopeKind::kSite, "", {}, "", model::IisFileState::kCollected});
  iis.scopes.push_back(model::IisScope{"Y", "X", model::IisScopeKind::kSite, "", {}, "", model::IisFileState::kCollected});
  EXPECT_EQ(IisIndex(iis).chain(iis.scopes[0]).size(), 2u);
}
}  // namespace temper::engine
