// SPDX-License-Identifier: Apache-2.0
// Fuzz target: any bytes as an .evtx file (and, from offset 4096, as a headerless chunk dump),
// with slack recovery on, every record rendered as XML and JSON; then the same bytes without
// XML nodes (the direct field path), which must give the same events as the node path whenever
// both decode the same records; then the same bytes as a file read by read_evtx_rendered on two
// worker threads (the `temper events dump` pipeline), which must write exactly those events.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
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

// One file per process (ctest may run several drivers at once), rewritten for every input and
// removed at exit.
struct ScratchFile {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("temper-fuzz-evtx-" + std::to_string(std::random_device{}()) + ".evtx");
  ScratchFile() = default;
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  ~ScratchFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

const std::filesystem::path& scratch_file() {
  static const ScratchFile file;
  return file.path;
}

// One event as the harness compares it: its JSON line and its data block.
void render_line(const temper::events::Event& e, std::string& out) {
  temper::events::append_json(out, e);
  out.append(e.data_block);
}

Pass run(std::span<const std::byte> bytes, bool xml) {
  temper::evtx::ReadOptions options;
  options.recover = true;
  options.xml = xml;
  Pass p;
  auto sink = [&](const temper::events::Event& e) {
    std::string out;
    if (xml) temper::events::append_xml(out, e);
    std::string line;
    render_line(e, line);
    p.json.push_back(std::move(line));
    std::string scratch;
    (void)e.lookup("channel", scratch);
    return true;
  };
  // Named like the file of the rendered pass, whose events carry its path.
  if (auto stats = temper::evtx::read_evtx(bytes, options, sink, scratch_file().string())) {
    p.damaged = stats->damaged_records;
  }
  return p;
}

// The threaded file pipeline over the same bytes, without XML nodes; false when it failed.
bool run_rendered(std::span<const std::byte> bytes, std::string& written) {
  {
    std::ofstream out(scratch_file(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) return false;
  }
  temper::evtx::ReadOptions options;
  options.recover = true;
  options.xml = false;
  options.threads = 2;
  const auto stats = temper::evtx::read_evtx_rendered(
      scratch_file(), options, render_line, [&](std::string_view text) {
        written.append(text);
        return true;
      });
  return stats.has_value();
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
  std::string written;
  if (run_rendered(bytes, written)) {
    std::string expected;
    for (const auto& line : direct.json) expected.append(line);
    if (written != expected) std::abort();  // the pipeline lost, reordered or changed an event
  }
  if (size > 4096) (void)run(bytes.subspan(4096), false);
  return 0;
}
