// SPDX-License-Identifier: Apache-2.0
// Fuzz target: auditpol CSV reader (backup, GPO audit.csv and /get /r forms) and merge_auditpol.
#include <cstddef>
#include <cstdint>
#include <span>

#include "collect/offline/auditpol_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = std::as_bytes(std::span<const std::uint8_t>(data, size));
  auto audit = temper::collect::parse_auditpol_csv(bytes, "fuzz.csv");
  if (!audit) return 0;
  temper::model::Snapshot snapshot;
  temper::collect::merge_auditpol(*audit, snapshot);
  return 0;
}
