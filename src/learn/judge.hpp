// SPDX-License-Identifier: Apache-2.0
// Judging fixes against a usage profile: for every failing rule of an audit, would its fix break
// something the server was seen doing? Each rule's impact model (content `learn:`) says which
// evidence to read; the verdict is safe, breaks (with that evidence) or unknown (with what to enable).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/iis_lookup.hpp"
#include "learn/usage.hpp"
#include "model/finding.hpp"
#include "model/snapshot.hpp"

namespace temper::learn {

inline constexpr std::string_view kImpactSchema = "temper.impact/1";

enum class Verdict { kSafe, kBreaks, kUnknown };
/// "safe" | "breaks" | "unknown".
std::string_view verdict_name(Verdict v);
/// Days as verdicts show them: one decimal, rounded down ("29.9" is not a full 30).
std::string days_text(double days);

/// Something seen that the fix would stop.
struct Conflict {
  std::string kind;    ///< "logon", "privilege", "configuration", "service", "ntlm", "smb1", "tls", "request"
  std::string who;     ///< the account, client, extension, verb ... as shown
  std::string detail;  ///< why the fix stops it
  Counter seen;        ///< count, first/last seen, the earliest example (absent for configuration)
  std::string log;     ///< the log that shows it ("Security", "W3SVC2")
  /// What a learned adjustment would add to keep it working (a principal's SID or name, an extension,
  /// a verb, a length); "" when only an exception can.
  std::string keep;
};

/// A log or field the judgement needs, and how much of the window it covers.
struct Requirement {
  std::string what;    ///< "Security log with logon events (4624)"
  std::string enable;  ///< how to get it ("enable Audit Logon (Success) and keep the Security log for 30 days")
  double observed_days = 0;  ///< the span the profile shows (0 when absent)
  bool present = false;
};

struct ImpactVerdict {
  const model::Rule* rule = nullptr;
  std::string scope;    ///< as the finding's
  std::string setting;
  std::string fix;      ///< what the fix sets, as shown
  Verdict verdict = Verdict::kUnknown;
  std::string reason;   ///< one line: why this verdict
  double observed_days = 0;  ///< the least covered requirement's span (the window it was judged over)
  std::vector<Conflict> conflicts;
  std::vector<Requirement> requirements;
  std::vector<std::string> notes;  ///< how the new holders or limits were found, caveats
};

struct JudgeOptions {
  /// How long the evidence sources must cover for `safe` (default 30 days). A source counts as
  /// covering the window when its span reaches the window less one day (daily log rotation).
  double window_days = 30;
};

/// A summary of the profile's sources for the report.
struct SourceSummary {
  std::string log;
  std::string computer;
  std::uint64_t events = 0;
  std::optional<Time> first;
  std::optional<Time> last;
};

struct ImpactReport {
  model::Host host;
  std::string benchmark;
  std::optional<int> level;
  double window_days = 30;
  std::vector<SourceSummary> sources;
  std::vector<ImpactVerdict> verdicts;  ///< one per failing (or unjudgeable) finding, in audit order
  std::size_t passing = 0;        ///< findings that pass already (nothing to fix)
  std::size_t excepted = 0;
  std::size_t not_applicable = 0;
  std::size_t safe = 0, breaks = 0, unknown = 0;
  std::vector<std::string> warnings;  ///< about the evidence as a whole (events logged by other computers)
};

/// Judge every failing or erroring finding of `audit` (made from `snapshot`) against `profile`.
ImpactReport judge(const model::AuditReport& audit, const model::Snapshot& snapshot, const UsageProfile& profile,
                   const JudgeOptions& options = {});

/// Judge one finding (exposed for tests). `index` is the snapshot's IIS index (nullptr without IIS).
ImpactVerdict judge_finding(const model::Finding& finding, const model::Snapshot& snapshot,
                            const engine::IisIndex* index, const UsageProfile& profile, const JudgeOptions& options);

}  // namespace temper::learn
