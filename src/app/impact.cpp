// SPDX-License-Identifier: Apache-2.0
// The learn use case.
#include "app/impact.hpp"

#include <algorithm>

#include "core/file.hpp"
#include "core/strings.hpp"
#include "learn/usage_json.hpp"

namespace temper::app {

Result<learn::UsageProfile> load_usage(const std::filesystem::path& file) {
  TEMPER_ASSIGN_OR_RETURN(const std::string text, read_file(file));
  return learn::parse_usage(text, path_string(file));
}

namespace {
Result<void> check_inputs(const LearnRequest& request) {
  if (request.usage && !request.events.empty()) {
    return fail(ErrorCode::kInvalidArgument, "give --usage or --events, not both");
  }
  if (!request.usage && request.events.empty()) {
    return fail(ErrorCode::kInvalidArgument, "give the server's activity: --events FILES... or --usage usage.json");
  }
  if (!(request.options.window_days > 0)) return fail(ErrorCode::kInvalidArgument, "--window must be a positive number of days");
  return {};
}

Result<learn::UsageProfile> read_profile(const LearnRequest& request, const CollectFn& collect, std::vector<std::string>& notes) {
  if (request.usage) return load_usage(*request.usage);
  return collect(request.events, notes);
}
}  // namespace

Result<LearnOutcome> run_learn(const LearnRequest& request, const CollectFn& collect) {
  TEMPER_RETURN_IF_ERROR(check_inputs(request));
  LearnOutcome out;
  TEMPER_ASSIGN_OR_RETURN(out.audit, run_audit(request.audit));
  out.notes = out.audit.notes;
  TEMPER_ASSIGN_OR_RETURN(out.profile, read_profile(request, collect, out.notes));
  out.report = learn::judge(out.audit.report, out.audit.snapshot, out.profile, request.options);
  return out;
}

Result<std::vector<CompareSpec>> parse_compare_specs(std::string_view text) {
  std::vector<CompareSpec> out;
  for (const auto& part : split(text, ',')) {
    const std::string item(trim(part));
    if (item.empty()) continue;
    const auto colon = item.rfind(':');
    CompareSpec spec{item, std::nullopt};
    if (colon != std::string::npos) {
      spec.benchmark = item.substr(0, colon);
      const std::string level = item.substr(colon + 1);
      if (level != "1" && level != "2") {
        return fail(ErrorCode::kInvalidArgument, "--compare: '" + item + "': the level after ':' must be 1 or 2");
      }
      spec.level = level[0] - '0';
    }
    out.push_back(std::move(spec));
  }
  if (out.empty()) return fail(ErrorCode::kInvalidArgument, "--compare: name benchmarks as id:level, separated by commas");
  return out;
}

Result<CompareOutcome> run_compare(const LearnRequest& request, const std::vector<CompareSpec>& specs,
                                   const CollectFn& collect) {
  TEMPER_RETURN_IF_ERROR(check_inputs(request));
  CompareOutcome out;
  TEMPER_ASSIGN_OR_RETURN(auto audit, prepare_audit(request.audit));
  // Every benchmark is checked before the activity is read: a typo costs nothing.
  for (const auto& spec : specs) {
    if (audit.content.content.find_benchmark(spec.benchmark) == nullptr) {
      std::string known;
      for (const auto& b : audit.content.content.benchmarks()) known += (known.empty() ? "" : ", ") + b.id;
      return fail(ErrorCode::kNotFound, "--compare: unknown benchmark '" + spec.benchmark + "' (known: " + known + ")");
    }
  }
  out.notes = audit.notes;
  TEMPER_ASSIGN_OR_RETURN(const auto profile, read_profile(request, collect, out.notes));
  for (const auto& spec : specs) {
    TEMPER_RETURN_IF_ERROR(audit_selection(audit, spec.benchmark, spec.level));
    CompareRow row{spec, learn::judge(audit.report, audit.snapshot, profile, request.options)};
    out.rows.push_back(std::move(row));
    out.adjusted.push_back(std::move(audit.adjusted));  // the rows' adjusted rules live on
    audit.adjusted = {};
  }
  out.audit = std::move(audit);
  // The most stringent policy that breaks nothing observed: no `breaks`, and the most rules in force
  // once its safe fixes are applied.
  for (std::size_t i = 0; i < out.rows.size(); ++i) {
    const auto& r = out.rows[i].report;
    if (r.breaks != 0) continue;
    if (!out.most_stringent || r.passing + r.safe > out.rows[*out.most_stringent].report.passing +
                                                        out.rows[*out.most_stringent].report.safe) {
      out.most_stringent = i;
    }
  }
  return out;
}

Result<std::vector<GroupMember>> run_group(const LearnRequest& request, const std::filesystem::path& dir,
                                           const CollectFn& collect) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return fail(ErrorCode::kNotFound, "--group: not a folder", SourceLocation(path_string(dir)));
  }
  std::vector<std::filesystem::path> servers;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_directory(ec)) servers.push_back(entry.path());
  }
  std::sort(servers.begin(), servers.end());
  if (servers.empty()) return fail(ErrorCode::kInvalidArgument, "--group: no server folders", SourceLocation(path_string(dir)));
  std::vector<GroupMember> out;
  out.reserve(servers.size());  // a member's verdicts point into its own content: never relocate one
  for (const auto& server : servers) {
    LearnRequest one = request;
    one.usage.reset();
    one.events.clear();
    const std::string name = path_string(server.filename());
    if (std::filesystem::exists(server / "snapshot.json", ec)) {
      one.audit.input = server / "snapshot.json";
    } else if (std::filesystem::is_directory(server / "bundle", ec)) {
      one.audit.input = server / "bundle";
    } else if (std::filesystem::is_directory(server / "gpo", ec)) {
      one.audit.input = server / "gpo";
    } else {
      return fail(ErrorCode::kNotFound, "--group: server '" + name + "' has no snapshot.json, bundle/ or gpo/",
                  SourceLocation(path_string(server)));
    }
    if (std::filesystem::exists(server / "usage.json", ec)) {
      one.usage = server / "usage.json";
    } else if (std::filesystem::is_directory(server / "events", ec)) {
      one.events.push_back(server / "events");
    } else {
      return fail(ErrorCode::kNotFound, "--group: server '" + name + "' has no usage.json or events/",
                  SourceLocation(path_string(server)));
    }
    auto outcome = run_learn(one, collect);
    if (!outcome) {
      Error e = outcome.error();
      e.message = "server '" + name + "': " + e.message;
      return std::unexpected(std::move(e));
    }
    out.push_back(GroupMember{name, std::move(*outcome)});
  }
  return out;
}

}  // namespace temper::app
