// SPDX-License-Identifier: Apache-2.0
// PLACEHOLDER until the powershell renderer lands (issue 11); not shipped.
#include "plan/render.hpp"

namespace temper::plan {
std::string render_powershell(const Plan&) { return "# powershell renderer not written yet\n"; }
}  // namespace temper::plan
