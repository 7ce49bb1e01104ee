// SPDX-License-Identifier: Apache-2.0
// Fuzz target: hostile bytes as a temper.impact/1 file read for a plan's risks. Whatever parses has a
// known verdict and evidence lines; an error names where it is.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "plan/build.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto risks = temper::plan::parse_impact_risks(text, "fuzz.json");
  if (!risks) {
    if (risks.error().to_string().find("fuzz.json") == std::string::npos) std::abort();
    return 0;
  }
  for (const auto& r : *risks) {
    if (r.risk.verdict != "safe" && r.risk.verdict != "breaks" && r.risk.verdict != "unknown") std::abort();
    for (const auto& line : r.risk.evidence) {
      if (line.find(": ") == std::string::npos) std::abort();
    }
  }
  return 0;
}
