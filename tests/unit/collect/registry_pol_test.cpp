// SPDX-License-Identifier: Apache-2.0
// registry.pol reader: the six real files, crafted entries for every action, damaged files.
#include "collect/offline/registry_pol.hpp"

#include <gtest/gtest.h>

#include "core/utf.hpp"
#include "test_util.hpp"

namespace temper::collect {
namespace {
using testing::bytes_of;
using testing::shared_fixture;
using testing::slurp;

ParsedPol parse_fixture(std::string_view rel) {
  const std::string bytes = slurp(shared_fixture(rel));
  auto pol = parse_registry_pol(bytes_of(bytes), rel);
  EXPECT_TRUE(pol.has_value()) << (pol ? "" : pol.error().to_string());
  return pol ? *pol : ParsedPol{};
}

const PolEntry* find(const ParsedPol& pol, std::string_view key, std::string_view name) {
  for (const auto& e : pol.entries) {
    if (iequals(e.key, key) && iequals(e.value_name, name)) return &e;
  }
  return nullptr;
}

std::size_t count(const ParsedPol& pol, PolAction action) {
  return static_cast<std::size_t>(std::count_if(pol.entries.begin(), pol.entries.end(),
                                                [action](const PolEntry& e) { return e.action == action; }));
}

// Builds PReg bytes entry by entry.
class PolBuilder {
 public:
  PolBuilder() { bytes_ = std::string("PReg\x01\x00\x00\x00", 8); }
  PolBuilder& entry(std::string_view key, std::string_view name, std::uint32_t type, const std::string& data) {
    unit('[');
    bytes_ += utf8_to_utf16le(key);
    unit(0);
    unit(';');
    bytes_ += utf8_to_utf16le(name);
    unit(0);
    unit(';');
    u32(type);
    unit(';');
    u32(static_cast<std::uint32_t>(data.size()));
    unit(';');
    bytes_ += data;
    unit(']');
    return *this;
  }
  PolBuilder& dword(std::string_view key, std::string_view name, std::uint32_t v) {
    std::string d;
    for (int i = 0; i < 4; ++i) d.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    return entry(key, name, 4, d);
  }
  PolBuilder& sz(std::string_view key, std::string_view name, std::string_view text) {
    return entry(key, name, 1, utf8_to_utf16le(text) + std::string(2, '\0'));
  }
  PolBuilder& raw(const std::string& junk) {
    bytes_ += junk;
    return *this;
  }
  [[nodiscard]] const std::string& bytes() const { return bytes_; }

 private:
  void unit(char16_t u) {
    bytes_.push_back(static_cast<char>(u & 0xFF));
    bytes_.push_back(static_cast<char>(u >> 8));
  }
  void u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  }
  std::string bytes_;
};

TEST(RegistryPolTest, ReadsBaselineManagementMachinePolicy) {
  TEMPER_REQUIRE_SHARED("gpo/baselinemanagement-convertgpotodsc/Machine-registry.pol");
  for (const auto* rel :
       {"gpo/baselinemanagement-convertgpotodsc/Machine-registry.pol", "gpo/baselinemanagement-tests/registry.pol"}) {
    const auto pol = parse_fixture(rel);
    EXPECT_TRUE(pol.diagnostics.empty());
    ASSERT_EQ(pol.entries.size(), 63u) << rel;
    EXPECT_EQ(pol.entries[0].key, "Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer");
    EXPECT_EQ(pol.entries[0].value_name, "NoDriveTypeAutoRun");
    EXPECT_EQ(pol.entries[0].value.type, model::RegType::kDword);
    EXPECT_EQ(pol.entries[0].value.number, 255u);
    EXPECT_EQ(pol.entries[0].offset, 8u);
    const auto* hardened =
        find(pol, "Software\\Policies\\Microsoft\\Windows\\NetworkProvider\\HardenedPaths", "\\\\*\\SYSVOL");
    ASSERT_NE(hardened, nullptr);
    EXPECT_EQ(hardened->value.text, "RequireMutualAuthentication=1,RequireIntegrity=1");
    const auto* del = find(pol, "Software\\Policies\\Microsoft\\Windows\\PowerShell\\ScriptBlockLogging",
                           "EnableScriptBlockInvocationLogging");
    ASSERT_NE(del, nullptr);
    EXPECT_EQ(del->action, PolAction::kDeleteValue);
    EXPECT_EQ(count(pol, PolAction::kDeleteValue), 1u);
  }
}

TEST(RegistryPolTest, ReadsHeaderOnlyUserPolicy) {
  TEMPER_REQUIRE_SHARED("gpo/baselinemanagement-convertgpotodsc/User-registry.pol");
  const auto pol = parse_fixture("gpo/baselinemanagement-convertgpotodsc/User-registry.pol");
  EXPECT_TRUE(pol.entries.empty());
  EXPECT_TRUE(pol.diagnostics.empty());
}

TEST(RegistryPolTest, ReadsDodWindows10MultiString) {
  TEMPER_REQUIRE_SHARED("gpo/simeononsecurity-dod-win10-ansiblefixes/Machine-registry.pol");
  const auto pol = parse_fixture("gpo/simeononsecurity-dod-win10-ansiblefixes/Machine-registry.pol");
  EXPECT_TRUE(pol.diagnostics.empty());
  EXPECT_EQ(pol.entries.size(), 104u);
  const auto* curves =
      find(pol, "Software\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002", "EccCurves");
  ASSERT_NE(curves, nullptr);
  EXPECT_EQ(curves->value.type, model::RegType::kMultiSz);
  EXPECT_EQ(curves->value.multi, (std::vector<std::string>{"NistP384", "NistP256"}));
  EXPECT_EQ(count(pol, PolAction::kDeleteValue), 6u);
  EXPECT_EQ(find(pol, "Software\\Classes\\batfile\\shell\\runasuser", "SuppressionPolicy")->value.number, 4096u);
}

TEST(RegistryPolTest, ReadsDodWindows8DeletionsAndSemicolonData) {
  TEMPER_REQUIRE_SHARED("gpo/simeononsecurity-dod-win8/Machine-registry.pol");
  const auto pol = parse_fixture("gpo/simeononsecurity-dod-win8/Machine-registry.pol");
  EXPECT_TRUE(pol.diagnostics.empty());
  ASSERT_EQ(pol.entries.size(), 221u);
  EXPECT_EQ(count(pol, PolAction::kDeleteValue), 10u);
  EXPECT_EQ(count(pol, PolAction::kDeleteAllValues), 1u);
  EXPECT_EQ(pol.entries[196].action, PolAction::kDeleteAllValues);
  EXPECT_EQ(pol.entries[196].key, "Software\\policies\\Microsoft\\Windows NT\\Terminal Services\\RAUnsolicit");
  const auto* emet = find(pol, "Software\\policies\\Microsoft\\EMET\\Defaults", "*\\Internet Explorer\\iexplore.exe");
  ASSERT_NE(emet, nullptr);
  EXPECT_TRUE(
      emet->value.text.starts_with("+EAF+ eaf_modules:mshtml.dll;flash*.ocx;jscript*.dll;vbscript.dll;vgx.dll"));
  const auto* expand =
      find(pol, "Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\Servicing", "LocalSourcePath");
  ASSERT_NE(expand, nullptr);
  EXPECT_EQ(expand->value.type, model::RegType::kExpandSz);
  EXPECT_EQ(expand->value.text, "");

  model::Registry reg;
  const auto removed = apply_pol(pol, "HKLM", reg);
  EXPECT_EQ(removed.size(), 11u);
  EXPECT_TRUE(reg.collected.empty());
  const auto* wmp = reg.find("HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsMediaPlayer");
  ASSERT_NE(wmp, nullptr);
  EXPECT_EQ(wmp->values.at("DisableAutoUpdate").number, 1u);
  const auto* servicing = reg.find("HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\Servicing");
  ASSERT_NE(servicing, nullptr);
  EXPECT_FALSE(servicing->values.contains("RepairContentServerSource"));
  EXPECT_FALSE(servicing->values.contains("**del.RepairContentServerSource"));
}

TEST(RegistryPolTest, AppliesEveryActionInFileOrder) {
  const std::string k = "Software\\Policies\\Temper";
  PolBuilder b;
  b.dword(k, "Old", 1)
      .dword(k, "Keep", 2)
      .sz(k, "**delvals.", " ")
      .dword(k, "New", 3)
      .dword(k, "A", 4)
      .dword(k, "B", 5)
      .sz(k, "**DeleteValues", "A;B")
      .dword(k + "\\Sub\\Deep", "X", 6)
      .sz(k, "**DeleteKeys", "Sub")
      .dword(k, "**soft.Maybe", 7)
      .entry(k + "\\Empty", "", 0, "")
      .dword(k, "**SecureKey", 1)
      .sz(k, "**del.Missing", " ");
  auto pol = parse_registry_pol(bytes_of(b.bytes()), "crafted.pol");
  ASSERT_TRUE(pol) << pol.error().to_string();
  EXPECT_TRUE(pol->diagnostics.empty());
  ASSERT_EQ(pol->entries.size(), 13u);
  EXPECT_EQ(pol->entries[6].targets, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(pol->entries[9].action, PolAction::kSoftSet);
  EXPECT_EQ(pol->entries[10].action, PolAction::kCreateKey);
  model::Registry reg;
  const auto removed = apply_pol(*pol, "HKLM", reg);
  const auto* key = reg.find("HKLM\\Software\\Policies\\Temper");
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->values.size(), 1u);  // only "New": delvals, DeleteValues; soft values unknown
  EXPECT_EQ(key->values.at("New").number, 3u);
  EXPECT_EQ(reg.find("HKLM\\Software\\Policies\\Temper\\Sub\\Deep"), nullptr);
  EXPECT_NE(reg.find("HKLM\\Software\\Policies\\Temper\\Empty"), nullptr);
  EXPECT_EQ(removed.size(), 5u);  // *, A, B, Sub, Missing
  EXPECT_EQ(removed[0].name, "*");
  EXPECT_EQ(removed[3].key, "HKLM\\Software\\Policies\\Temper\\Sub");
}

TEST(RegistryPolTest, ResynchronisesAfterDamagedEntry) {
  PolBuilder b;
  b.dword("Software\\A", "One", 1);
  const std::size_t damaged_at = b.bytes().size();
  b.raw(std::string("[\0G\0a\0r\0b\0\0\0X\0", 14)).dword("Software\\A", "Two", 2).dword("Software\\A", "Three", 3);
  auto pol = parse_registry_pol(bytes_of(b.bytes()), "damaged.pol");
  ASSERT_TRUE(pol);
  ASSERT_EQ(pol->entries.size(), 3u);
  EXPECT_EQ(pol->entries[1].value_name, "Two");
  ASSERT_EQ(pol->diagnostics.size(), 1u);
  EXPECT_EQ(pol->diagnostics[0].where.file, "damaged.pol");
  ASSERT_TRUE(pol->diagnostics[0].where.offset);
  EXPECT_NE(pol->diagnostics[0].message.find("offset " + std::to_string(damaged_at)), std::string::npos)
      << pol->diagnostics[0].message;
}

TEST(RegistryPolTest, TruncatedFileKeepsEntriesBeforeTheCut) {
  TEMPER_REQUIRE_SHARED("gpo/simeononsecurity-dod-win10-ansiblefixes/Machine-registry.pol");
  std::string bytes = slurp(shared_fixture("gpo/simeononsecurity-dod-win10-ansiblefixes/Machine-registry.pol"));
  bytes.resize(bytes.size() / 2);
  auto pol = parse_registry_pol(bytes_of(bytes), "registry.pol");
  ASSERT_TRUE(pol);
  EXPECT_GT(pol->entries.size(), 40u);
  EXPECT_LT(pol->entries.size(), 104u);
  ASSERT_EQ(pol->diagnostics.size(), 1u);
  EXPECT_NE(pol->diagnostics[0].to_string().find("registry.pol at offset "), std::string::npos);
  EXPECT_NE(pol->diagnostics[0].message.find("the rest of the file is ignored"), std::string::npos);
}

TEST(RegistryPolTest, RejectsBadHeaderWithOffset) {
  const std::string not_preg = "MZ\x90\x00\x03\x00\x00\x00";
  auto bad = parse_registry_pol(bytes_of(not_preg), "registry.pol");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kParse);
  EXPECT_EQ(bad.error().where->offset, 0u);
  const std::string v2("PReg\x02\x00\x00\x00", 8);
  auto version = parse_registry_pol(bytes_of(v2), "registry.pol");
  ASSERT_FALSE(version);
  EXPECT_EQ(version.error().where->offset, 4u);
  EXPECT_FALSE(parse_registry_pol(bytes_of(std::string("PRe")), "short.pol"));
}

TEST(RegistryPolTest, RejectsOversizedDataAndOddDword) {
  PolBuilder b;
  b.entry("Software\\A", "Short", 4, std::string("\x01\x02\x03", 3)).dword("Software\\A", "Fine", 9);
  auto pol = parse_registry_pol(bytes_of(b.bytes()), "odd.pol");
  ASSERT_TRUE(pol);
  ASSERT_EQ(pol->entries.size(), 1u);
  EXPECT_EQ(pol->entries[0].value_name, "Fine");
  ASSERT_EQ(pol->diagnostics.size(), 1u);
  EXPECT_NE(pol->diagnostics[0].message.find("REG_DWORD data is 3 bytes"), std::string::npos);
}

}  // namespace
}  // namespace temper::collect
