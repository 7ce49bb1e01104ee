// SPDX-License-Identifier: Apache-2.0
// Fuzz target: .reg reader (version 5 and REGEDIT4) and merge_reg_export.
#include <cstddef>
#include <cstdint>
#include <span>

#include "collect/offline/reg_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = std::as_bytes(std::span<const std::uint8_t>(data, size));
  auto reg = temper::collect::parse_reg_file(bytes, "fuzz.reg");
  if (!reg) return 0;
  for (const auto& d : reg->diagnostics) (void)d.to_string();
  temper::model::Registry registry;
  (void)temper::collect::merge_reg_export(*reg, registry);
  return 0;
}
