// SPDX-License-Identifier: Apache-2.0
// Events -> usage profile.
#include "learn/builder.hpp"

#include <algorithm>

#include "core/strings.hpp"
#include "core/time.hpp"
#include "events/w3c.hpp"

namespace temper::learn {
namespace {
std::string field(const events::Event& e, std::string_view name) {
  const auto v = e.field(name);
  return v ? std::string(trim(*v)) : std::string();
}

// "DOMAIN\\user" from the <prefix>DomainName and <prefix>UserName fields (the user alone without a domain).
std::string account(const events::Event& e, std::string_view prefix) {
  const std::string domain = field(e, std::string(prefix) + "DomainName");
  const std::string user = field(e, std::string(prefix) + "UserName");
  return domain.empty() ? user : domain + "\\" + user;
}

std::uint32_t logon_type(const events::Event& e) {
  std::uint32_t type = 0;
  if (const auto t = e.field("LogonType")) events::parse_number(trim(*t), type);
  return type;
}

void add_places(LogonStats& stats, const events::Event& e) {
  if (const std::string ip = field(e, "IpAddress"); !ip.empty()) stats.addresses.add(ip);
  if (const std::string ws = field(e, "WorkstationName"); !ws.empty()) stats.workstations.add(ws);
}

// The log a W3C line belongs to: its site, as IIS names the folder ("W3SVC2").
std::string w3c_log(const events::Event& e) {
  if (const auto name = e.field("s-sitename"); name && istarts_with(*name, "W3SVC")) return to_upper(*name);
  if (const auto id = events::w3c_site_id_from_path(e.file)) return "W3SVC" + std::to_string(*id);
  return "W3C";
}
}  // namespace

void ProfileBuilder::add(const events::Event& event) {
  const auto time_text = event.lookup("time", scratch_);
  const std::optional<Time> when = time_text ? parse_iso8601(*time_text) : std::nullopt;
  const Example where{std::string(event.file), event.system().record_id};
  const bool w3c = event.source == events::SourceKind::kW3c;
  SourceStats& source = profile_.sources[SourceKey{w3c ? w3c_log(event) : std::string(event.channel()),
                                                   std::string(event.computer())}];
  source.events.add(when, where);
  if (w3c) {
    // A log's lines share their #Fields: header: record the names when they differ from the last
    // line's (or the source changed), not on every line.
    const auto names = event.fields();
    bool same = &source == last_w3c_source_ && names.size() == last_w3c_fields_.size();
    for (std::size_t i = 0; same && i < names.size(); ++i) same = event.text(names[i].name) == last_w3c_fields_[i];
    if (!same) {
      last_w3c_fields_.clear();
      for (const auto& f : names) {
        last_w3c_fields_.emplace_back(event.text(f.name));
        source.fields.add(last_w3c_fields_.back());
      }
      last_w3c_source_ = &source;
    }
    return;
  }
  if (!iequals(event.channel(), "Security")) return;
  switch (event.system().event_id) {
    case 4624: add_logon(event, when, where); break;
    case 4625: add_failed_logon(event, when, where); break;
    case 4672:
    case 4673:
    case 4674: add_privileges(event, when, where); break;
    default: break;
  }
}

void ProfileBuilder::add_failed_logon(const events::Event& e, std::optional<Time> when, const Example& where) {
  FailedLogonKey key{to_upper(field(e, "TargetUserSid")), account(e, "Target"), logon_type(e), to_lower(field(e, "Status")),
                     to_lower(field(e, "SubStatus")), field(e, "AuthenticationPackageName")};
  LogonStats& stats = profile_.failed_logons[key];
  stats.seen.add(when, where);
  add_places(stats, e);
}

// PrivilegeList holds the constants separated by newlines and tabs: one key per privilege.
void ProfileBuilder::add_privileges(const events::Event& e, std::optional<Time> when, const Example& where) {
  const std::string who = account(e, "Subject");
  const std::string sid = to_upper(field(e, "SubjectUserSid"));
  const std::string process = e.system().event_id == 4672 ? std::string() : field(e, "ProcessName");
  const auto list = e.field("PrivilegeList");
  if (!list) return;
  std::string_view rest = *list;
  while (!rest.empty()) {
    const std::size_t start = rest.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    const std::size_t end = std::min(rest.find_first_of(" \t\r\n"), rest.size());
    profile_.privileges[PrivilegeKey{sid, who, std::string(rest.substr(0, end)), process, e.system().event_id}].add(when, where);
    rest.remove_prefix(end);
  }
}

void ProfileBuilder::add_logon(const events::Event& e, std::optional<Time> when, const Example& where) {
  LogonKey key{to_upper(field(e, "TargetUserSid")), account(e, "Target"), logon_type(e), field(e, "AuthenticationPackageName"),
               field(e, "LmPackageName"), field(e, "ProcessName")};
  LogonStats& stats = profile_.logons[key];
  stats.seen.add(when, where);
  add_places(stats, e);
}

}  // namespace temper::learn
