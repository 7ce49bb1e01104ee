// SPDX-License-Identifier: Apache-2.0
// Fuzz target: any bytes as an .evtx file (and, from offset 4096, as a headerless chunk dump),
// with slack recovery on, every record rendered as XML and JSON; then the same bytes without
// XML nodes (the direct field path), which must give the same events as the node path whenever
// both decode the same records.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "events/render.hpp"
#include "evtx/reader.hpp"

namespace {

struct Pass {
  std::vector<std::string> json;
  std::uint64_t damaged = 0;
};

Pass run(std::span<const std::byte> bytes, bool xml) {
  temper::evtx::ReadOptions options;
  options.recover = true;
  options.xml = xml;
  Pass p;
  auto sink = [&](const temper::events::Event& e) {
    std::string out;
    if (xml) temper::events::append_xml(out, e);
    std::string line;
    temper::events::append_json(line, e);
    line.append(e.data_block);
    p.json.push_back(std::move(line));
    std::string scratch;
    (void)e.lookup("channel", scratch);
    return true;
  };
  if (auto stats = temper::evtx::read_evtx(bytes, options, sink)) p.damaged = stats->damaged_records;
  return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = std::as_bytes(std::span<const std::uint8_t>(data, size));
  const Pass nodes = run(bytes, true);
  const Pass direct = run(bytes, false);
  // A record one path gives up on (at a size cap) may differ; otherwise the events are equal.
  if (nodes.damaged == direct.damaged && nodes.json.size() == direct.json.size() && nodes.json != direct.json) {
    std::abort();
  }
  if (size > 4096) (void)run(bytes.subspan(4096), false);
  return 0;
}
