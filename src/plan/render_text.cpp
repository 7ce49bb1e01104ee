// SPDX-License-Identifier: Apache-2.0
// PLACEHOLDER: the text renderer lands next (issue 11).
#include "plan/render.hpp"

namespace temper::plan {
std::string render_text(const Plan&, bool) { return "\n"; }
}  // namespace temper::plan
