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
  /// Event logs: events per event id (shows which audit subcategories and logs were producing
  /// evidence, and since when). Empty for W3C sources.
  std::map<std::uint32_t, Counter> event_ids;
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

/// A counter with the distinct clients (addresses or names) that produced it.
struct ClientStats {
  Counter seen;
  CappedSet clients;
  bool operator==(const ClientStats&) const = default;
  void merge(const ClientStats& other);
};

/// Explicit logons with credentials (4648): who used whose credentials, from which process, to what.
struct ExplicitLogonKey {
  std::string sid;      ///< SubjectUserSid
  std::string account;  ///< Subject domain\name
  std::string target_account;  ///< TargetDomainName\TargetUserName
  std::string target_server;   ///< TargetServerName
  std::string process;         ///< ProcessName
  auto operator<=>(const ExplicitLogonKey&) const = default;
};

/// Service activity (System: 7036 state, 7040 start type change, 7045 installed; Security: 4697 installed).
struct ServiceKey {
  std::string name;    ///< as the event names it: 7036/7040 the display name, 7045/4697 ServiceName
  std::string action;  ///< "state" (7036), "start_type" (7040), "installed" (7045, 4697)
  std::string detail;  ///< 7036 the state ("running"), 7040 the new start type, 7045/4697 the account
  auto operator<=>(const ServiceKey&) const = default;
};

/// SMBv1 clients (Microsoft-Windows-SMBServer/Audit 3000).
struct Smb1Key {
  std::string client;  ///< ClientName (an address or a host name)
  auto operator<=>(const Smb1Key&) const = default;
};

/// NTLM use from Microsoft-Windows-NTLM/Operational (8001 outgoing, 8002 incoming, 8003 incoming
/// domain account, 8004 DC pass-through) and the blocking events 4001-4003.
struct NtlmKey {
  std::uint32_t event_id = 0;
  std::string account;      ///< UserName / ClientUserName with its domain
  std::string workstation;  ///< Workstation / WorkstationName ("" when the event has none)
  std::string target;       ///< TargetName (8001)
  std::string process;      ///< ProcessName
  auto operator<=>(const NtlmKey&) const = default;
};

/// TLS protocol and cipher per request (W3C crypt-protocol / crypt-cipher) or per handshake
/// (System: Schannel 36880). Protocols are normalised: "SSL 2.0", "SSL 3.0", "TLS 1.0" ... "TLS 1.3";
/// an unknown value is kept as written.
struct TlsKey {
  std::string log;       ///< "W3SVC2", or "Schannel"
  std::string protocol;  ///< "TLS 1.0"
  std::string cipher;    ///< normalised ("RC4", "3DES", "DES", "AES 128", "AES 256", "NULL") or as written; "" if not logged
  auto operator<=>(const TlsKey&) const = default;
};

/// The longest value of something seen (URL, query string, request body) and where.
struct Longest {
  static constexpr std::size_t kSampleBytes = 256;  ///< samples are cut here (at a UTF-8 character boundary)
  std::uint64_t length = 0;
  std::optional<Time> when;
  std::optional<Example> example;
  std::string sample;  ///< the value itself (URL or query), cut to 256 bytes; "" for bodies
  bool operator==(const Longest&) const = default;
  /// Keeps the longer; on equal length the earlier (the order Counter uses for examples).
  void add(std::uint64_t length, std::optional<Time> when, const Example& where, std::string_view sample);
  void merge(const Longest& other);
};

/// The most requests one client made within one clock minute.
struct PeakRate {
  std::uint64_t per_minute = 0;
  std::string client;  ///< c-ip
  std::optional<Time> minute;  ///< the start of that minute
  std::optional<Example> example;  ///< the request that reached the peak
  bool operator==(const PeakRate&) const = default;
  void merge(const PeakRate& other);  ///< the higher; ties: the earlier minute, then the smaller client
};

/// An authenticated web user (cs-username) on one server port.
struct WebUserKey {
  std::string user;
  std::uint32_t port = 0;  ///< s-port (0 when not logged)
  auto operator<=>(const WebUserKey&) const = default;
};

/// What one IIS site's W3C logs show (the site's log name is the key in UsageProfile::sites:
/// "W3SVC2"; the Web Management Service's logs are "WMSvc").
struct SiteUsage {
  /// At most this many keys per map of a site (methods, extensions, statuses, users): the smallest
  /// keys are kept and the rest add up under kOther, so a log of random URLs or verbs cannot grow the
  /// profile without bound, and merging stays exact (the same keys survive in any order).
  static constexpr std::size_t kMaxKeys = 4096;
  static constexpr std::string_view kOther = "(other)";
  /// Folds the keys beyond kMaxKeys into kOther in every map (after adds and merges).
  void trim();

  std::map<std::string, ClientStats> methods;     ///< cs-method, upper case
  std::map<std::string, Counter> extensions;      ///< lower case with the dot (".aspx"); "" = extensionless
  std::map<std::string, Counter> statuses;        ///< "200", "404.13" (sc-status[.sc-substatus])
  std::map<std::uint32_t, Counter> ports;         ///< s-port
  std::map<WebUserKey, Counter> users;
  Longest url;    ///< cs-uri-stem length in bytes
  Longest query;  ///< cs-uri-query length in bytes ("-" counts as none)
  Longest body;   ///< cs-bytes (the whole request: headers and body, as IIS logs it)
  Counter double_escaped;  ///< a '%' left in the logged (decoded) stem (escaped twice) or a '+' in it: 404.11 without allowDoubleEscaping
  Counter high_bit;        ///< a byte >= 0x80 in the stem or query
  PeakRate peak;
  bool operator==(const SiteUsage&) const = default;
  void merge(const SiteUsage& other);
};

struct UsageProfile {
  /// At most this many keys per map (sites: kMaxSites), the smallest kept and the rest added up under
  /// a key whose first text member is SiteUsage::kOther, so hostile input (random accounts, channels,
  /// site names) cannot grow the profile without bound and merging stays exact.
  static constexpr std::size_t kMaxKeys = 65536;
  static constexpr std::size_t kMaxSites = 16384;
  std::map<SourceKey, SourceStats> sources;
  std::map<LogonKey, LogonStats> logons;
  std::map<FailedLogonKey, LogonStats> failed_logons;
  std::map<ExplicitLogonKey, Counter> explicit_logons;
  std::map<PrivilegeKey, Counter> privileges;
  std::map<ServiceKey, Counter> services;
  std::map<Smb1Key, Counter> smb1_clients;
  std::map<NtlmKey, Counter> ntlm;
  std::map<TlsKey, ClientStats> tls;
  std::map<std::string, SiteUsage> sites;
  bool operator==(const UsageProfile&) const = default;

  /// Adds another profile (another file, window or server): exact, in any order.
  void merge(const UsageProfile& other);
  /// Whether a map holds more keys than its cap allows (trim() would fold some).
  [[nodiscard]] bool over_cap() const;
  /// Folds the keys beyond the caps into each map's kOther key.
  void trim();
};

}  // namespace temper::learn
