// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the EQL compiler, fed both as an Elastic TOML rule file (detect::compile_elastic) and as
// a bare query (detect::compile_eql), then whatever compiled matched against two ECS events (a process
// start then a network event of the same host, so sequences advance).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "detect/eql.hpp"
#include "detect/matcher.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  temper::detect::RuleSet set;
  temper::detect::compile_elastic(text, "fuzz.toml", set);
  temper::detect::CompiledRule rule;
  rule.id = "fuzz";
  (void)temper::detect::compile_eql(text, std::move(rule), set);
  temper::events::Event process;
  process.system().time_created = 133'000'000'000'000'000ull;
  process.add_field("event.category", "process");
  process.add_field("event.type", "start");
  process.add_field("host.id", "h1");
  process.add_field("host.os.type", "windows");
  process.add_field("process.name", "aspnet_regiis.exe");
  process.add_field("process.args", "-pdf");
  process.add_field("process.args", "connectionStrings");
  process.add_field("source.ip", "10.0.0.1");
  temper::events::Event network;
  network.system().time_created = 133'000'000'010'000'000ull;
  network.add_field("event.category", "network");
  network.add_field("host.id", "h1");
  network.add_field("destination.port", "445");
  temper::detect::Matcher matcher(set);
  for (const auto* e : {&process, &network, &process}) matcher.match(*e, [](const temper::detect::CompiledRule&) {});
  return 0;
}
