// SPDX-License-Identifier: Apache-2.0
// The prefilter in builds without Vectorscan (the mingw-w64 build, decision 0040): none. Every candidate
// rule of an event's channel and event id is evaluated in full, which gives the same alerts.
#include "detect/prefilter.hpp"

namespace temper::detect {

std::unique_ptr<Prefilter> Prefilter::build(const RuleSet& /*set*/) { return nullptr; }

bool Prefilter::available() { return false; }

}  // namespace temper::detect
