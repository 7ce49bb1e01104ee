// SPDX-License-Identifier: Apache-2.0
// Fuzz target: any bytes as an IIS W3C log or winlogbeat NDJSON (the first byte chooses) fed to the
// usage-profile builder; the profile it gives must survive its own JSON unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "events/ndjson.hpp"
#include "events/w3c.hpp"
#include "learn/builder.hpp"
#include "learn/usage_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool w3c = (data[0] & 1) == 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  temper::learn::ProfileBuilder builder;
  const auto sink = [&](const temper::events::Event& e) {
    builder.add(e);
    return true;
  };
  if (w3c) {
    (void)temper::events::read_w3c_text(text, sink, "C:\\inetpub\\logs\\LogFiles\\W3SVC7\\u_ex261101.log");
  } else {
    (void)temper::events::read_ndjson_text(text, sink, "events.ndjson");
  }
  const temper::learn::UsageProfile profile = builder.take();
  const std::string json = temper::learn::write_usage(profile);
  auto back = temper::learn::parse_usage(json, "fuzz.json");
  if (!back || temper::learn::write_usage(*back) != json) {
    if (std::getenv("TEMPER_FUZZ_DUMP") != nullptr) {
      std::fprintf(stderr, "%s\n---\n%s\n", json.c_str(), back ? temper::learn::write_usage(*back).c_str() : back.error().to_string().c_str());
    }
    std::abort();
  }
  return 0;
}
