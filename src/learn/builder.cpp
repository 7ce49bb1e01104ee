// SPDX-License-Identifier: Apache-2.0
// Events -> usage profile: sources and the event-log aggregates (W3C lines: builder_w3c.cpp).
// Keys are assembled in buffers the builder keeps, so an event whose keys were seen before
// allocates nothing.
#include "learn/builder.hpp"

#include <algorithm>

#include "core/strings.hpp"
#include "learn/detail/builder_util.hpp"
#include "learn/tls.hpp"

namespace temper::learn {
namespace {
constexpr std::uint64_t kTicksPerSecond = 10'000'000;
constexpr std::int64_t kSecondsFrom1601To1970 = 11'644'473'600;
constexpr std::uint64_t kMaxTicks = 2'650'467'743'999'999'999ULL;  // 9999-12-31T23:59:59.9999999

// The event's time to the second (FILETIME ticks as every reader fills them), or nullopt.
std::optional<Time> time_of(const events::Event& e) {
  const std::uint64_t ticks = std::min(e.system().time_created, kMaxTicks);
  if (ticks == 0) return std::nullopt;
  return Time{std::chrono::seconds(static_cast<std::int64_t>(ticks / kTicksPerSecond) - kSecondsFrom1601To1970)};
}

std::string_view field(const events::Event& e, std::string_view name) {
  const auto v = e.field(name);
  return v ? trim(*v) : std::string_view();
}

// `out` = "DOMAIN\user" from two fields (the user alone without a domain).
void assign_account(std::string& out, const events::Event& e, std::string_view domain_field, std::string_view user_field) {
  const std::string_view domain = field(e, domain_field);
  out.assign(domain);
  if (!domain.empty()) out.push_back('\\');
  out.append(field(e, user_field));
}

std::uint32_t logon_type(const events::Event& e) {
  std::uint32_t type = 0;
  events::parse_number(field(e, "LogonType"), type);
  return type;
}

void add_places(LogonStats& stats, const events::Event& e, std::string& scratch) {
  if (const std::string_view ip = field(e, "IpAddress"); !ip.empty()) detail::add_value(stats.addresses, ip, scratch);
  if (const std::string_view ws = field(e, "WorkstationName"); !ws.empty()) detail::add_value(stats.workstations, ws, scratch);
}

bool is_ntlm_event(std::uint32_t id) { return (id >= 8001 && id <= 8004) || (id >= 4001 && id <= 4003); }
}  // namespace

UsageProfile ProfileBuilder::take() {
  profile_.trim();
  since_bound_ = 0;
  last_source_ = LastSource{};
  w3c_ = LastW3c{};
  minutes_.clear();
  return std::exchange(profile_, UsageProfile{});
}

void ProfileBuilder::add(const events::Event& event) {
  const std::optional<Time> when = time_of(event);
  where_.file.assign(event.file);
  where_.record = event.system().record_id;
  if (event.source == events::SourceKind::kW3c) {
    add_w3c(event, when);
  } else {
    add_event_log(event, when);
  }
  if (++since_bound_ >= 4096) bound();
}

void ProfileBuilder::bound() {
  since_bound_ = 0;
  if (!profile_.over_cap()) return;
  profile_.trim();
  last_source_ = LastSource{};
  w3c_ = LastW3c{};
  std::erase_if(minutes_, [&](const auto& kv) { return !profile_.sites.contains(kv.first); });
}

void ProfileBuilder::add_event_log(const events::Event& e, std::optional<Time> when) {
  LastSource& last = last_source_;
  if (last.stats == nullptr || last.channel != e.channel() || last.computer != e.computer()) {
    last.channel.assign(e.channel());
    last.computer.assign(e.computer());
    last.stats = &profile_.sources[SourceKey{last.channel, last.computer}];
    last.kind = iequals(last.channel, "Security")                            ? LogKind::kSecurity
                : iequals(last.channel, "System")                            ? LogKind::kSystem
                : iequals(last.channel, "Microsoft-Windows-SMBServer/Audit") ? LogKind::kSmbAudit
                : iequals(last.channel, "Microsoft-Windows-NTLM/Operational") ? LogKind::kNtlm
                                                                             : LogKind::kOther;
  }
  last.stats->events.add(when, where_);
  if (!e.system().has_event_id) return;
  const std::uint32_t id = e.system().event_id;
  last.stats->event_ids[id].add(when, where_);
  switch (last.kind) {
    case LogKind::kSecurity:
      switch (id) {
        case 4624: add_logon(e, when); break;
        case 4625: add_failed_logon(e, when); break;
        case 4648: add_explicit_logon(e, when); break;
        case 4672:
        case 4673:
        case 4674: add_privileges(e, when); break;
        case 4697: add_service(when, field(e, "ServiceName"), "installed", field(e, "ServiceAccount")); break;
        default: break;
      }
      break;
    case LogKind::kSystem: {
      const std::string_view provider = e.provider();
      const bool scm = provider.empty() || iequals(provider, "Service Control Manager");
      if (scm && id == 7036) add_service(when, field(e, "param1"), "state", field(e, "param2"));
      if (scm && id == 7040) add_service(when, field(e, "param1"), "start_type", field(e, "param3"));
      if (scm && id == 7045) add_service(when, field(e, "ServiceName"), "installed", field(e, "AccountName"));
      if (id == 36880 && (provider.empty() || iequals(provider, "Schannel"))) add_schannel(e, when);
      break;
    }
    case LogKind::kSmbAudit:
      if (id == 3000) {
        profile_.smb1_clients[Smb1Key{std::string(field(e, "ClientName"))}].add(when, where_);
      }
      break;
    case LogKind::kNtlm:
      if (is_ntlm_event(id)) add_ntlm(e, when);
      break;
    case LogKind::kOther: break;
  }
}

void ProfileBuilder::add_logon(const events::Event& e, std::optional<Time> when) {
  LogonKey& key = logon_key_;
  detail::assign_upper(key.sid, field(e, "TargetUserSid"));
  assign_account(key.account, e, "TargetDomainName", "TargetUserName");
  key.logon_type = logon_type(e);
  key.package.assign(field(e, "AuthenticationPackageName"));
  key.lm_package.assign(field(e, "LmPackageName"));
  key.process.assign(field(e, "ProcessName"));
  LogonStats& stats = profile_.logons[key];
  stats.seen.add(when, where_);
  add_places(stats, e, scratch_);
}

void ProfileBuilder::add_failed_logon(const events::Event& e, std::optional<Time> when) {
  FailedLogonKey& key = failed_key_;
  detail::assign_upper(key.sid, field(e, "TargetUserSid"));
  assign_account(key.account, e, "TargetDomainName", "TargetUserName");
  key.logon_type = logon_type(e);
  detail::assign_lower(key.status, field(e, "Status"));
  detail::assign_lower(key.sub_status, field(e, "SubStatus"));
  key.package.assign(field(e, "AuthenticationPackageName"));
  LogonStats& stats = profile_.failed_logons[key];
  stats.seen.add(when, where_);
  add_places(stats, e, scratch_);
}

void ProfileBuilder::add_explicit_logon(const events::Event& e, std::optional<Time> when) {
  ExplicitLogonKey& key = explicit_key_;
  detail::assign_upper(key.sid, field(e, "SubjectUserSid"));
  assign_account(key.account, e, "SubjectDomainName", "SubjectUserName");
  assign_account(key.target_account, e, "TargetDomainName", "TargetUserName");
  key.target_server.assign(field(e, "TargetServerName"));
  key.process.assign(field(e, "ProcessName"));
  profile_.explicit_logons[key].add(when, where_);
}

// PrivilegeList holds the constants separated by newlines and tabs: one key per privilege.
void ProfileBuilder::add_privileges(const events::Event& e, std::optional<Time> when) {
  const auto list = e.field("PrivilegeList");
  if (!list) return;
  PrivilegeKey& key = privilege_key_;
  detail::assign_upper(key.sid, field(e, "SubjectUserSid"));
  assign_account(key.account, e, "SubjectDomainName", "SubjectUserName");
  key.event_id = e.system().event_id;
  key.process.assign(key.event_id == 4672 ? std::string_view() : field(e, "ProcessName"));
  std::string_view rest = *list;
  while (!rest.empty()) {
    const std::size_t start = rest.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    const std::size_t end = std::min(rest.find_first_of(" \t\r\n"), rest.size());
    key.privilege.assign(rest.substr(0, end));
    profile_.privileges[key].add(when, where_);
    rest.remove_prefix(end);
  }
}

// A service event without a service name says nothing a fix could act on: skipped.
void ProfileBuilder::add_service(std::optional<Time> when, std::string_view name, std::string_view action,
                                 std::string_view detail) {
  if (name.empty()) return;
  ServiceKey& key = service_key_;
  key.name.assign(name);
  key.action.assign(action);
  key.detail.assign(detail);
  profile_.services[key].add(when, where_);
}

// 8001/4001 name the credentials used (UserName) and the caller (ClientUserName); 8002/4002 only
// the client; 8003/4003 and 8004 the user and the workstation.
void ProfileBuilder::add_ntlm(const events::Event& e, std::optional<Time> when) {
  NtlmKey& key = ntlm_key_;
  key.event_id = e.system().event_id;
  if (!field(e, "UserName").empty()) {
    assign_account(key.account, e, "DomainName", "UserName");
  } else {
    assign_account(key.account, e, "ClientDomainName", "ClientUserName");
  }
  const std::string_view workstation = field(e, "Workstation");
  key.workstation.assign(workstation.empty() ? field(e, "WorkstationName") : workstation);
  key.target.assign(field(e, "TargetName"));
  key.process.assign(field(e, "ProcessName"));
  profile_.ntlm[key].add(when, where_);
}

// Schannel 36880 (a handshake completed). Its field names are not verified: Protocol as text
// ("TLS 1.2") or a number, CipherSuite kept as written.
void ProfileBuilder::add_schannel(const events::Event& e, std::optional<Time> when) {
  const auto protocol = e.field("Protocol");
  if (!protocol) return;
  TlsKey& key = tls_key_;
  key.log.assign("Schannel");
  key.protocol.assign(tls_protocol_name(*protocol));
  key.cipher.assign(field(e, "CipherSuite"));
  profile_.tls[key].seen.add(when, where_);
}

}  // namespace temper::learn
