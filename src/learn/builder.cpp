// SPDX-License-Identifier: Apache-2.0
// Events -> usage profile.
#include "learn/builder.hpp"

#include "core/strings.hpp"
#include "core/time.hpp"
#include "events/w3c.hpp"

namespace temper::learn {
namespace {
std::string field(const events::Event& e, std::string_view name) {
  const auto v = e.field(name);
  return v ? std::string(trim(*v)) : std::string();
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
    for (const auto& f : event.fields()) source.fields.add(std::string(event.text(f.name)));
    return;
  }
  if (event.system().event_id == 4624 && iequals(event.channel(), "Security")) add_logon(event, when, where);
}

void ProfileBuilder::add_logon(const events::Event& e, std::optional<Time> when, const Example& where) {
  std::uint32_t type = 0;
  if (const auto t = e.field("LogonType")) events::parse_number(trim(*t), type);
  const std::string domain = field(e, "TargetDomainName");
  const std::string user = field(e, "TargetUserName");
  LogonKey key{to_upper(field(e, "TargetUserSid")), domain.empty() ? user : domain + "\\" + user, type,
               field(e, "AuthenticationPackageName"), field(e, "LmPackageName"), field(e, "ProcessName")};
  LogonStats& stats = profile_.logons[key];
  stats.seen.add(when, where);
  if (const std::string ip = field(e, "IpAddress"); !ip.empty()) stats.addresses.add(ip);
  if (const std::string ws = field(e, "WorkstationName"); !ws.empty()) stats.workstations.add(ws);
}

}  // namespace temper::learn
