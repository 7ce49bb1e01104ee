// SPDX-License-Identifier: Apache-2.0
// Fuzz target: any bytes as an IIS W3C log, every event rendered.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "events/render.hpp"
#include "events/w3c.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string out;
  (void)temper::events::read_w3c_text(text, [&](const temper::events::Event& e) {
    out.clear();
    temper::events::append_json(out, e);
    temper::events::append_xml(out, e);
    return true;
  });
  return 0;
}
