// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the Sigma loader (detect::compile_sigma, correlations included) and matches of whatever compiled,
// their alerts fed to a Correlator: a Sysmon 1 event twice, and a Security 4688 whose command line is the input
// itself (the ECS view splits it into process.args when a rule reads ECS names, as the seed ecs_names.yml does).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "detect/correlation.hpp"
#include "detect/ecs_view.hpp"
#include "detect/matcher.hpp"
#include "detect/sigma.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  temper::detect::RuleSet set;
  temper::detect::compile_sigma(input, "fuzz.yml", set);
  set.resolve_correlations();
  temper::events::Event e;
  e.system().channel = e.store("Microsoft-Windows-Sysmon/Operational");
  e.system().event_id = 1;
  e.system().has_event_id = true;
  e.add_field("Image", "C:\\Windows\\System32\\cmd.exe");
  e.add_field("CommandLine", "cmd.exe /c whoami -all 10.0.0.1");
  temper::detect::Matcher matcher(set);
  temper::detect::Correlator correlator(set, temper::detect::CorrelationLimits{4, 4});
  for (std::uint64_t t : {133'000'000'000'000'000ull, 133'000'000'010'000'000ull}) {
    matcher.match(e, [&](const temper::detect::CompiledRule& r) {
      correlator.feed(r, t, matcher, [](const temper::detect::CorrelationHit&) {});
    });
  }
  correlator.flush([](const temper::detect::CorrelationHit&) {});
  temper::events::Event sec;
  sec.system().channel = sec.store("Security");
  sec.system().event_id = 4688;
  sec.system().has_event_id = true;
  sec.add_field("NewProcessName", input);
  sec.add_field("CommandLine", input);
  sec.add_field("NewProcessId", input);
  matcher.match(sec, [](const temper::detect::CompiledRule&) {});
  // The splitter never produces more text than it was given.
  std::size_t total = 0;
  for (const auto& arg : temper::detect::split_command_line(input)) total += arg.size();
  if (total > size) std::abort();
  return 0;
}
