// SPDX-License-Identifier: Apache-2.0
// The learn use case.
#include "app/impact.hpp"

#include "core/file.hpp"
#include "learn/usage_json.hpp"

namespace temper::app {

Result<learn::UsageProfile> load_usage(const std::filesystem::path& file) {
  TEMPER_ASSIGN_OR_RETURN(const std::string text, read_file(file));
  return learn::parse_usage(text, path_string(file));
}

Result<LearnOutcome> run_learn(const LearnRequest& request, const CollectFn& collect) {
  LearnOutcome out;
  if (request.usage && !request.events.empty()) {
    return fail(ErrorCode::kInvalidArgument, "give --usage or --events, not both");
  }
  if (!request.usage && request.events.empty()) {
    return fail(ErrorCode::kInvalidArgument, "give the server's activity: --events FILES... or --usage usage.json");
  }
  if (request.options.window_days <= 0) return fail(ErrorCode::kInvalidArgument, "--window must be a positive number of days");
  TEMPER_ASSIGN_OR_RETURN(out.audit, run_audit(request.audit));
  out.notes = out.audit.notes;
  if (request.usage) {
    TEMPER_ASSIGN_OR_RETURN(out.profile, load_usage(*request.usage));
  } else {
    TEMPER_ASSIGN_OR_RETURN(out.profile, collect(request.events, out.notes));
  }
  out.report = learn::judge(out.audit.report, out.audit.snapshot, out.profile, request.options);
  return out;
}

}  // namespace temper::app
