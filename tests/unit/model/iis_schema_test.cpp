// SPDX-License-Identifier: Apache-2.0
#include "model/iis_schema.hpp"

#include <gtest/gtest.h>

#include "core/file.hpp"

namespace temper::model {
TEST(IisSchemaTest, LooksUpDefaultsIgnoringPredicatesAndCase) {
  auto d = iis_schema_default("system.webServer/security/requestFiltering/verbs/add[@verb='TRACE']", "allowed");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->value, "true");
  EXPECT_EQ(iis_schema_default("SYSTEM.WEBSERVER/directoryBrowse", "Enabled")->value, "false");
  EXPECT_EQ(iis_schema_default("system.web/machineKey", "validation")->value, "HMACSHA256");
  EXPECT_FALSE(iis_schema_default("system.webServer/directoryBrowse", "nope"));
  EXPECT_EQ(strip_predicates("a/b[@x='[y]']/c[@z=\"1\"]"), "a/b/c");
}

TEST(IisSchemaTest, DocumentationListsEveryDefault) {
  auto doc = read_file(std::string(TEMPER_SOURCE_DIR) + "/docs/iis-defaults.md");
  ASSERT_TRUE(doc) << doc.error().to_string();
  for (const auto& d : iis_schema_defaults()) {
    const std::string row = "| `" + std::string(d.element) + "` | `" + std::string(d.attribute) + "` | `" +
                            std::string(d.value) + "` |";
    EXPECT_NE(doc->find(row), std::string::npos) << "docs/iis-defaults.md lacks " << row;
  }
}
}  // namespace temper::model
