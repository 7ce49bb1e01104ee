// SPDX-License-Identifier: Apache-2.0
// Status names and the summary.
#include "model/finding.hpp"

namespace temper::model {

std::string_view status_name(Status status) {
  switch (status) {
    case Status::kPass: return "pass";
    case Status::kFail: return "fail";
    case Status::kError: return "error";
    case Status::kNotApplicable: return "not_applicable";
    case Status::kExcepted: return "excepted";
  }
  return "unknown";
}

Summary summarize(const std::vector<Finding>& findings) {
  Summary s;
  for (const auto& f : findings) {
    switch (f.status) {
      case Status::kPass: ++s.pass; break;
      case Status::kFail: ++s.fail; break;
      case Status::kError: ++s.error; break;
      case Status::kNotApplicable: ++s.not_applicable; break;
      case Status::kExcepted: ++s.excepted; break;
    }
  }
  const std::size_t judged = s.pass + s.fail + s.error;
  s.score = judged == 0 ? 100.0 : 100.0 * static_cast<double>(s.pass) / static_cast<double>(judged);
  return s;
}

}  // namespace temper::model
