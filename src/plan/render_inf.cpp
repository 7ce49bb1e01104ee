// SPDX-License-Identifier: Apache-2.0
// `--format inf`: the plan as a security template for `secedit /configure` (docs/plan-gpo.md).
#include "plan/render.hpp"
#include "plan/write_inf.hpp"

namespace temper::plan {

std::string render_inf(const Plan& plan) {
  return write_security_template(plan, Format::kInf);
}

}  // namespace temper::plan
