// SPDX-License-Identifier: Apache-2.0
// PLACEHOLDER until the gpo renderer lands (issue 11); not shipped.
#include "plan/render.hpp"

namespace temper::plan {
std::vector<RenderedFile> render_gpo(const Plan&) { return {}; }
}  // namespace temper::plan
