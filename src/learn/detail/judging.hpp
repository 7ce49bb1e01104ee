// SPDX-License-Identifier: Apache-2.0
// Internal: what the per-kind judges share (learn/judge*.cpp).
#pragma once

#include <map>
#include <utility>
#include <string>
#include <vector>

#include "core/strings.hpp"
#include "learn/judge.hpp"
#include "model/impact.hpp"

namespace temper::learn::detail {

/// What every finding of one report looks up, built once per report so that judging costs the
/// findings times their own sites, not times every site and source again.
struct Lookups {
  Lookups(const model::Snapshot& snapshot, const UsageProfile& profile);
  /// The target's short host name when the profile holds events it logged itself, else "" (then
  /// every computer's events count for coverage).
  std::string own_host;
  /// The profile also holds events other computers logged.
  bool other_hosts = false;
  std::map<std::uint64_t, const model::IisSite*> sites_by_id;
  std::map<std::string, const model::IisSite*, ILess> sites_by_name;
  /// The profile's sources by log name (one per computer).
  std::map<std::string, std::vector<std::pair<const SourceKey*, const SourceStats*>>, ILess> sources_by_log;
};

/// One finding being judged.
struct Context {
  const model::Finding& finding;
  const model::Rule& rule;
  const model::Snapshot& snapshot;
  const engine::IisIndex* index;
  const UsageProfile& profile;
  const JudgeOptions& options;
  ImpactVerdict& verdict;
  const Lookups& lookups;
  /// Conflicts by who they are about, merged (several logon keys of one account are one conflict).
  std::map<std::string, Conflict> conflicts;

  /// Whether a source's events count for this server's coverage.
  [[nodiscard]] bool this_server(const SourceKey& key) const;

  void conflict(Conflict c, const Counter* seen);
  void require(std::string what, std::string enable, const Counter& span);
  /// Events of `log` (all computers), only those with an id in `ids` when given: their span.
  [[nodiscard]] Counter log_span(std::string_view log, std::initializer_list<std::uint32_t> ids = {}) const;
};

/// Days between a counter's first and last time (0 without times).
double span_days(const Counter& c);

// Per-kind judges (judge_accounts.cpp, judge_web.cpp).
void judge_logons(Context& ctx, const model::LogonEvidence& e);
void judge_privileges(Context& ctx, const model::PrivilegeEvidence& e);
void judge_needs(Context& ctx, const model::ConfigNeedEvidence& e);
void judge_services(Context& ctx, const model::ServiceEvidence& e);
void judge_ntlm(Context& ctx, const model::NtlmEvidence& e);
void judge_smb1(Context& ctx);
void judge_tls(Context& ctx, const model::TlsEvidence& e);
void judge_requests(Context& ctx, const model::RequestEvidence& e);

/// The W3C log names ("W3SVC2") of the sites a finding's scope covers: its site, or every site of the
/// snapshot and the profile for a server-level scope.
std::vector<std::string> scope_logs(const Context& ctx);
/// The site of a W3C log name ("W3SVC2"), or nullptr.
const model::IisSite* site_of_log(const Context& ctx, std::string_view log);

}  // namespace temper::learn::detail
