// SPDX-License-Identifier: Apache-2.0
// Fuzz target: any bytes as winlogbeat NDJSON, every event rendered and filtered.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "detect/event_filter.hpp"
#include "events/ndjson.hpp"
#include "events/render.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto filter = temper::detect::EventFilter::compile("channel=Security and id in (4624,4625) or process.name ~ x");
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string out;
  (void)temper::events::read_ndjson_text(text, [&](const temper::events::Event& e) {
    out.clear();
    temper::events::append_json(out, e);
    temper::events::append_xml(out, e);
    (void)filter->matches(e);
    return true;
  });
  return 0;
}
