// SPDX-License-Identifier: Apache-2.0
// Fuzz target: any bytes as an .evtx file (and, from offset 4096, as a headerless chunk dump),
// with slack recovery on, every record rendered as XML and JSON.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "events/render.hpp"
#include "evtx/reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = std::as_bytes(std::span<const std::uint8_t>(data, size));
  temper::evtx::ReadOptions options;
  options.recover = true;
  std::string out;
  auto sink = [&](const temper::events::Event& e) {
    out.clear();
    temper::events::append_xml(out, e);
    temper::events::append_json(out, e);
    std::string scratch;
    (void)e.lookup("channel", scratch);
    return true;
  };
  (void)temper::evtx::read_evtx(bytes, options, sink);
  if (size > 4096) (void)temper::evtx::read_evtx(bytes.subspan(4096), options, sink);
  return 0;
}
