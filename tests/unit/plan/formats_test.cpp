// SPDX-License-Identifier: Apache-2.0
// Format names and what each format can carry.
#include <gtest/gtest.h>

#include "plan/render.hpp"

namespace temper::plan {
namespace {

TEST(PlanFormats, NamesRoundTrip) {
  for (Format f : kFormats) {
    const auto parsed = parse_format(format_name(f));
    ASSERT_TRUE(parsed.has_value()) << format_name(f);
    EXPECT_EQ(*parsed, f);
  }
  EXPECT_FALSE(parse_format("yaml").has_value());
}

TEST(PlanFormats, SecurityTemplateCarriesOnlyWhatSeceditApplies) {
  const Change iis = IisConfigChange{};
  AuditPolicyChange logon;
  logon.subcategory = "{0cce9215-69ae-11d9-bed3-505054503030}";
  logon.name = "Logon";
  logon.after_success = true;
  const Change audit = logon;
  auto reg = [](std::string key) {
    RegistryChange c;
    c.key = std::move(key);
    c.value = "V";
    c.after = model::RegValue::dword(1);
    return Change{c};
  };
  const Change lsa = reg("HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa");
  const Change schannel = reg("HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server");
  const Change lsa_prefix_only = reg("HKLM\\SYSTEM\\CurrentControlSet\\Control\\LsaX");
  EXPECT_FALSE(expressible(iis, Format::kInf));
  EXPECT_FALSE(expressible(iis, Format::kGpo));
  EXPECT_TRUE(expressible(iis, Format::kPowerShell));
  EXPECT_FALSE(expressible(audit, Format::kInf));
  EXPECT_TRUE(expressible(audit, Format::kGpo));
  EXPECT_TRUE(expressible(lsa, Format::kInf));
  EXPECT_FALSE(expressible(schannel, Format::kInf));
  EXPECT_TRUE(expressible(schannel, Format::kGpo));
  EXPECT_FALSE(expressible(lsa_prefix_only, Format::kInf));
  for (Format f : {Format::kInf, Format::kGpo}) EXPECT_FALSE(expressible(Change{ManualStep{"x"}}, f));
}

TEST(PlanFormats, OptionSections) {
  EXPECT_EQ(option_section("MinimumPasswordLength"), OptionSection::kSystemAccess);
  EXPECT_EQ(option_section("maxticketage"), OptionSection::kKerberosPolicy);
  EXPECT_EQ(option_section("Security Log\\MaximumLogSize"), OptionSection::kEventLog);
  EXPECT_EQ(option_section("AuditPolicy\\CrashOnAuditFail"), OptionSection::kAuditOption);
}

}  // namespace
}  // namespace temper::plan
