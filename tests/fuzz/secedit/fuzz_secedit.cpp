// SPDX-License-Identifier: Apache-2.0
// Fuzz target: security template reader (secedit /export, GptTmpl.inf) and both merge semantics.
#include <cstddef>
#include <cstdint>
#include <span>

#include "collect/offline/secedit_inf.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = std::as_bytes(std::span<const std::uint8_t>(data, size));
  auto inf = temper::collect::parse_secedit_inf(bytes, "fuzz.inf");
  if (!inf) return 0;
  for (const auto& d : inf->diagnostics) (void)d.to_string();
  temper::model::Snapshot effective;
  temper::collect::merge_inf(*inf, temper::collect::InfSemantics::kEffective, effective);
  temper::model::Snapshot policy;
  temper::collect::merge_inf(*inf, temper::collect::InfSemantics::kPolicy, policy);
  return 0;
}
