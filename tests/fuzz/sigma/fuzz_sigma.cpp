// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the Sigma loader (detect::compile_sigma) and one match of whatever compiled.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "detect/matcher.hpp"
#include "detect/sigma.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  temper::detect::RuleSet set;
  temper::detect::compile_sigma(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.yml", set);
  temper::events::Event e;
  e.system().channel = e.store("Microsoft-Windows-Sysmon/Operational");
  e.system().event_id = 1;
  e.system().has_event_id = true;
  e.add_field("Image", "C:\\Windows\\System32\\cmd.exe");
  e.add_field("CommandLine", "cmd.exe /c whoami -all 10.0.0.1");
  temper::detect::Matcher matcher(set);
  matcher.match(e, [](const temper::detect::CompiledRule&) {});
  return 0;
}
