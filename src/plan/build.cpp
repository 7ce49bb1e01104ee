// SPDX-License-Identifier: Apache-2.0
// PLACEHOLDER: the builder lands next (issue 11).
#include "plan/build.hpp"

namespace temper::plan {
Plan build_plan(const model::AuditReport& report, const model::Snapshot&, const BuildOptions&) {
  Plan p;
  p.host = report.host;
  return p;
}
std::string plan_hash(const Plan&) { return {}; }
}  // namespace temper::plan
