// SPDX-License-Identifier: Apache-2.0
// The usage profile (temper.usage/1, decision 0037): what a server's activity shows, as aggregates
// that merge exactly. Built in one pass over event files; read by the impact judges.
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace temper::learn {

inline constexpr std::string_view kUsageSchema = "temper.usage/1";
inline constexpr int kUsageSchemaVersion = 1;

using Time = std::chrono::sys_seconds;

/// Where one observation can be seen again: the file and the record id (EVTX, NDJSON) or line (W3C).
struct Example {
  std::string file;
  std::uint64_t record = 0;
  auto operator<=>(const Example&) const = default;
};

/// How often something was seen, when first and last, and one place that shows it (the earliest).
struct Counter {
  std::uint64_t count = 0;
  std::optional<Time> first;
  std::optional<Time> last;
  std::optional<Example> example;
  bool operator==(const Counter&) const = default;

  /// One more observation at `when` (nullopt: the event had no usable time).
  void add(std::optional<Time> when, const Example& where);
  /// Adds another counter of the same key: counts add, the span widens, the earliest example stays
  /// (ties: the smaller file and record). Associative and commutative.
  void merge(const Counter& other);
};

/// Distinct values, at most `cap` of them kept (the smallest, so merging is exact in any order);
/// `more` says that others were seen.
struct CappedSet {
  static constexpr std::size_t kCap = 32;
  std::set<std::string> values;
  bool more = false;
  bool operator==(const CappedSet&) const = default;

  void add(std::string value);
  void merge(const CappedSet& other);
};

/// A log the profile saw: an event channel of a computer, or the W3C logs of one IIS site.
struct SourceKey {
  std::string log;       ///< "Security", "System", "Microsoft-Windows-SMBServer/Audit", "W3SVC2", ...
  std::string computer;  ///< as the events name it ("" when they do not)
  auto operator<=>(const SourceKey&) const = default;
};
struct SourceStats {
  Counter events;  ///< every event read from it, with its span
  CappedSet fields;  ///< W3C: the fields its #Fields: headers declared
  bool operator==(const SourceStats&) const = default;
  void merge(const SourceStats& other);
};

/// Successful logons (4624), by what a user-right fix acts on.
struct LogonKey {
  std::string sid;      ///< TargetUserSid
  std::string account;  ///< TargetDomainName\TargetUserName
  std::uint32_t logon_type = 0;
  std::string package;     ///< AuthenticationPackageName
  std::string lm_package;  ///< LmPackageName ("NTLM V1", "NTLM V2", "-")
  std::string process;     ///< ProcessName
  auto operator<=>(const LogonKey&) const = default;
};
struct LogonStats {
  Counter seen;
  CappedSet addresses;  ///< IpAddress
  CappedSet workstations;  ///< WorkstationName
  bool operator==(const LogonStats&) const = default;
  void merge(const LogonStats& other);
};

/// Failed logons (4625): who was refused, how, and why (Status, SubStatus).
struct FailedLogonKey {
  std::string sid;
  std::string account;
  std::uint32_t logon_type = 0;
  std::string status;      ///< "0xc000015b": the logon type is not granted (a logon right missing)
  std::string sub_status;
  std::string package;
  auto operator<=>(const FailedLogonKey&) const = default;
};

/// Privileges held at logon (4672) or used (4673, 4674), one key per privilege constant.
struct PrivilegeKey {
  std::string sid;  ///< SubjectUserSid
  std::string account;
  std::string privilege;  ///< "SeImpersonatePrivilege"
  std::string process;    ///< ProcessName (4673/4674); "" for 4672
  std::uint32_t event_id = 0;
  auto operator<=>(const PrivilegeKey&) const = default;
};

struct UsageProfile {
  std::map<SourceKey, SourceStats> sources;
  std::map<LogonKey, LogonStats> logons;
  std::map<FailedLogonKey, LogonStats> failed_logons;
  std::map<PrivilegeKey, Counter> privileges;
  bool operator==(const UsageProfile&) const = default;

  /// Adds another profile (another file, window or server): exact, in any order.
  void merge(const UsageProfile& other);
};

}  // namespace temper::learn
