// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the rule codec's decoder with the checksum bypassed and the header's payload length set to
// what follows it (so that bit flips, truncations and insertions all reach the bounds and index checks),
// then whatever decoded run as the cache's sets are: a Matcher (with its prefilter, stored or built) and a
// Correlator over a process start, a failed logon and an ECS-only event, and encoded again.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "detect/correlation.hpp"
#include "detect/matcher.hpp"
#include "detect/rule_codec.hpp"

namespace {

temper::events::Event event(std::string_view channel, std::uint32_t id,
                            std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
  temper::events::Event e;
  if (!channel.empty()) e.system().channel = e.store(channel);
  e.system().event_id = id;
  e.system().has_event_id = id != 0;
  e.system().time_created = 133'000'000'000'000'000ull + id;
  for (const auto& [k, v] : fields) e.add_field(k, v);
  return e;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace temper::detect;
  std::vector<std::uint8_t> bytes(data, data + size);
  if (bytes.size() >= 32) {
    const std::uint64_t length = bytes.size() - 32;
    for (std::size_t i = 0; i < 8; ++i) bytes[16 + i] = static_cast<std::uint8_t>((length >> (8 * i)) & 0xFF);
  }
  auto decoded = decode_rule_set(std::as_bytes(std::span<const std::uint8_t>(bytes)), DecodeOptions{false});
  if (!decoded) return 0;
  const RuleSet& set = decoded->set;
  const temper::events::Event events[] = {
      event("Microsoft-Windows-Sysmon/Operational", 1,
            {{"Image", "C:\\Windows\\System32\\whoami.exe"}, {"CommandLine", "whoami /all /priv"},
             {"DestinationIp", "10.1.2.3"}, {"DestinationPort", "4444"}}),
      event("Security", 4625, {{"TargetUserName", "alice"}, {"IpAddress", "10.0.0.5"}}),
      event("", 0, {{"event.category", "process"}, {"event.type", "start"}, {"host.id", "h1"},
                    {"process.name", "aspnet_regiis.exe"}, {"process.args", "-pdf"}}),
  };
  Matcher matcher(set);
  Correlator correlator(set);
  for (const auto& e : events) {
    matcher.match(e, [&](const CompiledRule& r) {
      (void)matcher.matched_fields(r);
      correlator.feed(r, e.system().time_created, matcher, [](const CorrelationHit&) {});
    });
  }
  correlator.flush([](const CorrelationHit&) {});
  (void)encode_rule_set(set, decoded->annotation, EncodeOptions{false});
  return 0;
}
