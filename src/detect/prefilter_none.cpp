// SPDX-License-Identifier: Apache-2.0
// The prefilter in builds without Vectorscan (the mingw-w64 build, decision 0040): none. Every candidate
// rule of an event's channel and event id is evaluated in full, which gives the same alerts.
#include "detect/prefilter.hpp"

namespace temper::detect {

std::unique_ptr<Prefilter> Prefilter::build(const RuleSet& /*set*/) { return nullptr; }

bool Prefilter::available() { return false; }

// A rule set encoded where Vectorscan exists carries its prefilter; here the bytes are skipped (the codec
// frames them) and the set runs without one, as every set does in this build.
Result<std::unique_ptr<Prefilter>> Prefilter::load(detail::Reader& /*in*/, const RuleSet& /*set*/) {
  return std::unique_ptr<Prefilter>();
}

}  // namespace temper::detect
