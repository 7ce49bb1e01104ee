// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the Sigma loader (detect::compile_sigma, correlations included) and two matches of whatever
// compiled, their alerts fed to a Correlator.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "detect/correlation.hpp"
#include "detect/matcher.hpp"
#include "detect/sigma.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  temper::detect::RuleSet set;
  temper::detect::compile_sigma(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.yml", set);
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
  return 0;
}
