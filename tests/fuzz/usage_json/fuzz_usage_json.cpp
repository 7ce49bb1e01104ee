// SPDX-License-Identifier: Apache-2.0
// Fuzz target: hostile bytes as a temper.usage/1 profile; whatever parses must write and re-read
// identically, and merging it into itself must double every count.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "learn/usage_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto profile = temper::learn::parse_usage(text, "fuzz.json");
  if (!profile) return 0;
  const std::string written = temper::learn::write_usage(*profile);
  auto again = temper::learn::parse_usage(written, "rewritten.json");
  if (!again || *again != *profile || temper::learn::write_usage(*again) != written) std::abort();
  temper::learn::UsageProfile twice = *profile;
  twice.merge(*profile);
  for (const auto& [key, stats] : twice.logons) {
    const auto& one = profile->logons.at(key);
    if (stats.seen.count != one.seen.count * 2 || stats.seen.first != one.seen.first || stats.addresses != one.addresses) std::abort();
  }
  for (const auto& [key, stats] : twice.tls) {
    const auto& one = profile->tls.at(key);
    if (stats.seen.count != one.seen.count * 2 || stats.clients != one.clients) std::abort();
  }
  // Per site, counts double and the longest values and the peak stay.
  for (const auto& [log, site] : twice.sites) {
    const auto& one = profile->sites.at(log);
    if (site.url != one.url || site.query != one.query || site.body != one.body || site.peak != one.peak) std::abort();
    if (site.high_bit.count != one.high_bit.count * 2) std::abort();
    for (const auto& [method, stats] : site.methods) {
      if (stats.seen.count != one.methods.at(method).seen.count * 2) std::abort();
    }
  }
  return 0;
}
