// SPDX-License-Identifier: Apache-2.0
// PLACEHOLDER until the inf renderer lands (issue 11); not shipped.
#include "plan/render.hpp"

namespace temper::plan {
std::string render_inf(const Plan&) { return "# inf renderer not written yet\n"; }
}  // namespace temper::plan
