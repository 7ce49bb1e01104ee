// SPDX-License-Identifier: Apache-2.0
// PLACEHOLDER: the JSON renderer lands next (issue 11).
#include "plan/render.hpp"

namespace temper::plan {
std::string render_json(const Plan&) { return "{}\n"; }
}  // namespace temper::plan
