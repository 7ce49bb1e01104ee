// SPDX-License-Identifier: Apache-2.0
#include "model/registry.hpp"

#include <gtest/gtest.h>

namespace temper::model {
TEST(RegistryTest, CanonicalPathsUseHklmAndSingleBackslashes) {
  EXPECT_EQ(Registry::canonical_path("HKEY_LOCAL_MACHINE\\SYSTEM\\\\CurrentControlSet\\"),
            "HKLM\\SYSTEM\\CurrentControlSet");
  EXPECT_EQ(Registry::canonical_path("MACHINE\\Software\\Policies"), "HKLM\\Software\\Policies");
  EXPECT_EQ(Registry::canonical_path("HKLM:\\SOFTWARE\\x"), "HKLM\\SOFTWARE\\x");
  // A slash belongs to the key name: SCHANNEL's cipher keys are called "RC4 128/128".
  EXPECT_EQ(Registry::canonical_path("HKLM\\SCHANNEL\\Ciphers\\RC4 128/128"), "HKLM\\SCHANNEL\\Ciphers\\RC4 128/128");
  EXPECT_EQ(Registry::canonical_path("hkcu\\a"), "HKCU\\a");
}

TEST(RegistryTest, CoveredKeysAreKnownAbsentOthersAreNotCollected) {
  Registry r;
  r.collected = {"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa"};
  EXPECT_TRUE(r.covers("hklm\\system\\currentcontrolset\\control\\lsa"));
  EXPECT_TRUE(r.covers("HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\MSV1_0"));
  EXPECT_FALSE(r.covers("HKLM\\SYSTEM\\CurrentControlSet\\Control\\LsaExtra"));
  EXPECT_FALSE(r.covers("HKLM\\SOFTWARE"));
}

TEST(RegistryTest, TypesParseByNameAndNumber) {
  EXPECT_EQ(parse_reg_type("REG_DWORD"), RegType::kDword);
  EXPECT_EQ(parse_reg_type("multi_sz"), RegType::kMultiSz);
  EXPECT_EQ(parse_reg_type("11"), RegType::kQword);
  EXPECT_FALSE(parse_reg_type("REG_NOPE"));
  RegValue bin;
  bin.type = RegType::kBinary;
  bin.binary = {0x00, 0xab, 0x10};
  EXPECT_EQ(bin.display(), "00ab10");
}
}  // namespace temper::model
