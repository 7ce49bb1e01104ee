// SPDX-License-Identifier: Apache-2.0
// Fuzz target: hostile bytes as a temper.snapshot/1 document; whatever parses must write and re-read identically.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "model/snapshot_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto snapshot = temper::model::parse_snapshot(text, "fuzz.json");
  if (!snapshot) return 0;
  const std::string written = temper::model::write_snapshot(*snapshot);
  auto again = temper::model::parse_snapshot(written, "rewritten.json");
  if (!again || temper::model::write_snapshot(*again) != written) std::abort();  // round trip must hold
  return 0;
}
