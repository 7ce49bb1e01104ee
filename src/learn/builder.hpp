// SPDX-License-Identifier: Apache-2.0
// Building a usage profile from events in one pass (decision 0037).
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "events/event.hpp"
#include "learn/usage.hpp"

namespace temper::learn {

/// Feeds events into a profile. Every event counts for its source: the channel and computer, with
/// its event id; or the IIS site of a W3C line (the `WMSvc` folder's logs: "WMSvc"; else
/// s-sitename, else the W3SVC<n> folder), with the fields its headers declared. Then what learning
/// reads:
/// - Security: 4624 logons, 4625 failed logons, 4648 explicit logons, 4672/4673/4674 privileges
///   (one key per constant), 4697 services installed (ServiceName, ServiceAccount);
/// - System, Service Control Manager: 7036 state (param1, param2), 7040 start type (param1, new
///   type param3), 7045 installed (ServiceName, AccountName); Schannel 36880 handshakes (Protocol,
///   CipherSuite) as TLS of the log "Schannel";
/// - Microsoft-Windows-SMBServer/Audit 3000 SMB1 clients (ClientName);
/// - Microsoft-Windows-NTLM/Operational 8001-8004 and 4001-4003 (user, workstation, target, process);
/// - W3C lines, per site: methods with their clients (c-ip), extensions, status.substatus, ports,
///   users (cs-username with s-port), the longest stem, query and cs-bytes, double-escaped and
///   high-bit URLs, the peak requests of one client in one clock minute, and TLS (crypt-protocol,
///   crypt-cipher) with clients. A field a log lacks feeds nothing.
/// Memory grows with the variety of the activity (distinct keys, capped sets, the clients of the
/// current minute per site), not with the number of events. Counts do not depend on the order of
/// events, except the peak rate, which counts runs of lines in the same minute.
class ProfileBuilder {
 public:
  void add(const events::Event& event);
  [[nodiscard]] const UsageProfile& profile() const { return profile_; }
  /// The profile so far; the builder starts an empty one.
  UsageProfile take();

 private:
  static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  enum class LogKind : std::uint8_t { kOther, kSecurity, kSystem, kSmbAudit, kNtlm };
  // The source of the last event-log event (most events share it with the one before).
  struct LastSource {
    std::string channel;
    std::string computer;
    SourceStats* stats = nullptr;
    LogKind kind = LogKind::kOther;
  };
  // Where a W3C header put the fields the profile reads (kNone: absent).
  struct W3cColumns {
    std::size_t sitename = kNone, client = kNone, method = kNone, stem = kNone, query = kNone, status = kNone,
                substatus = kNone, port = kNone, user = kNone, bytes = kNone, protocol = kNone, cipher = kNone;
  };
  // Hashes strings and views alike, so that a client is looked up without building a string.
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  // Requests per client in the current minute of one site.
  struct MinuteCounts {
    std::optional<Time> minute;
    std::unordered_map<std::string, std::uint64_t, TextHash, std::equal_to<>> per_client;
  };
  // The W3C header and site of the last line (map nodes do not move).
  struct LastW3c {
    std::vector<std::string> names;
    W3cColumns columns;
    std::string file;
    std::string sitename;
    std::string computer;
    std::string log;
    SourceStats* source = nullptr;
    SiteUsage* site = nullptr;
    MinuteCounts* minute = nullptr;
  };

  void add_event_log(const events::Event& e, std::optional<Time> when);
  void add_logon(const events::Event& e, std::optional<Time> when);
  void add_failed_logon(const events::Event& e, std::optional<Time> when);
  void add_explicit_logon(const events::Event& e, std::optional<Time> when);
  void add_privileges(const events::Event& e, std::optional<Time> when);
  void add_service(std::optional<Time> when, std::string_view name, std::string_view action, std::string_view detail);
  void add_ntlm(const events::Event& e, std::optional<Time> when);
  void add_schannel(const events::Event& e, std::optional<Time> when);
  // W3C (builder_w3c.cpp).
  void add_w3c(const events::Event& e, std::optional<Time> when);
  void find_w3c_site(const events::Event& e, bool header_changed);
  void add_site_usage(const events::Event& e, std::optional<Time> when);
  void add_w3c_tls(const events::Event& e, std::optional<Time> when);
  void add_peak(std::string_view client, Time when);

  // Folds keys beyond the profile's caps every 4,096 events (at most that many keys over a cap in
  // between) and forgets the cached map nodes it may have folded.
  void bound();

  UsageProfile profile_;
  std::uint32_t since_bound_ = 0;
  Example where_;  // the current event's place (reused: no allocation per event)
  LastSource last_source_;
  LastW3c w3c_;
  std::map<std::string, MinuteCounts, std::less<>> minutes_;  // per site log
  // Keys and values are assembled in these (their capacity is reused from event to event).
  std::string text_;
  std::string scratch_;
  LogonKey logon_key_;
  FailedLogonKey failed_key_;
  ExplicitLogonKey explicit_key_;
  PrivilegeKey privilege_key_;
  ServiceKey service_key_;
  NtlmKey ntlm_key_;
  TlsKey tls_key_;
  WebUserKey user_key_;
};

}  // namespace temper::learn
