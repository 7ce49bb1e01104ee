// SPDX-License-Identifier: Apache-2.0
// .reg reader: the two Wine exports, crafted REGEDIT4/continuation files, damage.
#include "collect/offline/reg_file.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"

namespace temper::collect {
namespace {
using testing::bytes_of;
using testing::parse_file;
using testing::shared_fixture;
using testing::slurp;
using testing::test_data;

TEST(RegFileTest, ReadsWineSchannelExport) {
  TEMPER_REQUIRE_SHARED("reg/reg-export-schannel.reg");
  const auto reg = parse_file(shared_fixture("reg/reg-export-schannel.reg"), parse_reg_file);
  EXPECT_TRUE(reg.unicode);
  EXPECT_TRUE(reg.diagnostics.empty());
  ASSERT_EQ(reg.keys.size(), 6u);
  EXPECT_EQ(reg.keys[0].path, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL");
  model::Registry registry;
  EXPECT_EQ(merge_reg_export(reg, registry), "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL");
  const std::string protocols = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols";
  EXPECT_EQ(registry.find(protocols + "\\SSL 2.0\\Client")->values.at("DisabledByDefault").number, 1u);
  EXPECT_EQ(registry.find(protocols + "\\TLS 1.0\\Server")->values.at("DisabledByDefault").number, 1u);
  EXPECT_TRUE(registry.covers(protocols + "\\TLS 1.3\\Server"));  // collected: known absent
  EXPECT_EQ(registry.find(protocols + "\\TLS 1.3\\Server"), nullptr);
  EXPECT_FALSE(registry.covers("HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa"));
}

TEST(RegFileTest, ReadsWineAsciiSeedFileWithoutClaimingCollection) {
  TEMPER_REQUIRE_SHARED("reg/seed-import.reg");
  const auto reg = parse_file(shared_fixture("reg/seed-import.reg"), parse_reg_file);
  ASSERT_EQ(reg.keys.size(), 2u);
  EXPECT_EQ(reg.keys[0].values.size(), 2u);
  EXPECT_EQ(reg.keys[0].values[0].name, "LmCompatibilityLevel");
  EXPECT_EQ(reg.keys[0].values[0].value->number, 5u);
  EXPECT_EQ(reg.keys[1].values[0].value->number, 1u);
  model::Registry registry;
  EXPECT_EQ(merge_reg_export(reg, registry), "");  // two unrelated keys: not a `reg export`
  EXPECT_TRUE(registry.collected.empty());
  EXPECT_EQ(registry.find("HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa")->values.at("RestrictAnonymous").number, 1u);
}

TEST(RegFileTest, ReadsContinuationsEscapesAndTypes) {
  const auto reg = parse_file(test_data("reg/continuations-utf8.reg"), parse_reg_file);
  ASSERT_EQ(reg.keys.size(), 3u);
  const auto& values = reg.keys[0].values;
  auto find = [&values](std::string_view name) -> const RegFileValue& {
    for (const auto& v : values) {
      if (v.name == name) return v;
    }
    ADD_FAILURE() << "no value " << name;
    return values.front();
  };
  EXPECT_EQ(find("").value->text, "default value");
  EXPECT_EQ(find("Quoted").value->text, "say \"hi\" in C:\\temp");
  EXPECT_EQ(find("Blob").value->binary, (std::vector<std::uint8_t>{1, 2, 3, 4, 0xff}));
  EXPECT_EQ(find("Blob").line, 7u);
  EXPECT_EQ(find("Multi").value->multi, (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(find("Expand").value->type, model::RegType::kExpandSz);
  EXPECT_EQ(find("Expand").value->text, "%TMP%");
  EXPECT_EQ(find("Big").value->type, model::RegType::kQword);
  EXPECT_EQ(find("Big").value->number, 0x100000000ull);
  EXPECT_EQ(find("Nothing").value->type, model::RegType::kNone);
  EXPECT_FALSE(find("Gone").value.has_value());
  EXPECT_TRUE(reg.keys[2].deleted);
  std::vector<std::uint32_t> lines;
  for (const auto& d : reg.diagnostics) lines.push_back(d.where.line);
  EXPECT_EQ(lines, (std::vector<std::uint32_t>{15, 16, 17}));  // BadDword, Odd hex(4), garbage line
  model::Registry registry;
  registry.keys["HKLM\\SOFTWARE\\Temper\\Old\\Child"].values["x"] = model::RegValue::dword(1);
  registry.keys["HKLM\\SOFTWARE\\Temper"].values["Gone"] = model::RegValue::dword(1);
  EXPECT_FALSE(reg.complete);
  EXPECT_EQ(merge_reg_export(reg, registry), "");  // skipped lines: nothing is claimed complete
  EXPECT_TRUE(registry.collected.empty());
  EXPECT_EQ(registry.find("HKLM\\SOFTWARE\\Temper\\Old\\Child"), nullptr);
  EXPECT_FALSE(registry.find("HKLM\\SOFTWARE\\Temper")->values.contains("Gone"));
}

TEST(RegFileTest, ReadsRegedit4AnsiStrings) {
  const auto reg = parse_file(test_data("reg/regedit4-ansi.reg"), parse_reg_file);
  EXPECT_FALSE(reg.unicode);
  ASSERT_EQ(reg.keys.size(), 1u);
  const auto& v = reg.keys[0].values;
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v[0].value->text, "caf\xC3\xA9");
  EXPECT_EQ(v[1].value->type, model::RegType::kExpandSz);
  EXPECT_EQ(v[1].value->text, "%SystemRoot%");
  EXPECT_EQ(v[2].value->multi, (std::vector<std::string>{"a", "bc"}));
  EXPECT_EQ(v[3].value->number, 10u);
}

TEST(RegFileTest, RejectsMissingHeaderNamingLine) {
  const std::string bytes = slurp(test_data("reg/no-header.reg"));
  auto reg = parse_reg_file(bytes_of(bytes), "registry/x.reg");
  ASSERT_FALSE(reg);
  EXPECT_EQ(reg.error().code, ErrorCode::kParse);
  EXPECT_EQ(reg.error().where->to_string(), "registry/x.reg:1");
  EXPECT_FALSE(parse_reg_file({}, "empty.reg"));
}

}  // namespace
}  // namespace temper::collect
