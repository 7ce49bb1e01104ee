// SPDX-License-Identifier: Apache-2.0
// Fuzz target: hostile bytes as applicationHost.config, as a site web.config and as a folder web.config.
#include <cstddef>
#include <cstdint>
#include <string>

#include "iis/redact_config.hpp"
#include "iis/resolver.hpp"

namespace {
const char* kApphost = R"(<configuration><system.applicationHost><sites>
<site name="S" id="1"><application path="/"><virtualDirectory path="/" physicalPath="D:\s" /></application></site>
</sites></system.applicationHost><system.webServer><directoryBrowse enabled="false" /></system.webServer></configuration>)";
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  (void)temper::iis::redact_config_text(bytes);
  {
    temper::iis::MemoryFileSource src;
    src.add("C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config", bytes);
    (void)temper::iis::resolve(src);
  }
  {
    temper::iis::MemoryFileSource src;
    src.add("C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config", kApphost);
    src.add("D:\\s\\web.config", bytes);
    src.add("D:\\s\\sub\\web.config", bytes);
    (void)temper::iis::resolve(src);
  }
  return 0;
}
