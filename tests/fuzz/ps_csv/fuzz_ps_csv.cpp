// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the Export-Csv reader and the services, features and groups tables built on it.
#include <cstddef>
#include <cstdint>
#include <span>

#include "collect/offline/ps_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = std::as_bytes(std::span<const std::uint8_t>(data, size));
  if (auto table = temper::collect::parse_csv(bytes, "fuzz.csv")) {
    for (const auto& d : table->diagnostics) (void)d.to_string();
  }
  (void)temper::collect::parse_services_csv(bytes, "services.csv");
  (void)temper::collect::parse_features_csv(bytes, "features.csv");
  (void)temper::collect::parse_groups_csv(bytes, "groups.csv");
  return 0;
}
