// SPDX-License-Identifier: Apache-2.0
// Fuzz target: any bytes as a --filter expression, parsed, compiled into the detection engine and run over
// a few events (a Security logon with repeated fields, an event without channel or id).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "detect/event_filter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto events = [] {
    std::vector<temper::events::Event> out(2);
    auto& e = out[0];
    e.system().channel = e.store("Security");
    e.system().provider = e.store("Microsoft-Windows-Security-Auditing");
    e.system().event_id = 4624;
    e.system().has_event_id = true;
    e.system().level = 4;
    e.system().time_created = 133'000'000'000'000'000ull;
    e.add_field("TargetUserName", "Administrator");
    e.add_field("Port", "443");
    e.add_field("Port", "80");
    out[1].add_field("x", "");
    return out;
  }();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto filter = temper::detect::EventFilter::compile(text);
  if (!filter) return 0;
  for (const auto& e : events) (void)filter->matches(e);
  return 0;
}
