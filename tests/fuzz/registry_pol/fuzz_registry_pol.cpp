// SPDX-License-Identifier: Apache-2.0
// Fuzz target: registry.pol (PReg) reader, resynchronisation and apply_pol.
#include <cstddef>
#include <cstdint>
#include <span>

#include "collect/offline/registry_pol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = std::as_bytes(std::span<const std::uint8_t>(data, size));
  auto pol = temper::collect::parse_registry_pol(bytes, "fuzz.pol");
  if (!pol) return 0;
  for (const auto& d : pol->diagnostics) (void)d.to_string();
  temper::model::Registry registry;
  (void)temper::collect::apply_pol(*pol, "HKLM", registry);
  for (const auto& [path, key] : registry.keys) {
    for (const auto& [name, value] : key.values) (void)value.display();
  }
  return 0;
}
