// SPDX-License-Identifier: Apache-2.0
// temper.usage/1 JSON: writing (usage_json_read.cpp parses). Members in the order of the structs,
// entries in the order of their keys, so the same profile always gives the same bytes.
#include "learn/usage_json.hpp"

#include <nlohmann/json.hpp>

#include "core/time.hpp"

namespace temper::learn {
namespace {
using Json = nlohmann::ordered_json;

Json time_json(const std::optional<Time>& t) { return t ? Json(format_iso8601(*t)) : Json(nullptr); }

Json example_json(const std::optional<Example>& e) {
  return e ? Json{{"file", e->file}, {"record", e->record}} : Json(nullptr);
}

Json set_json(const CappedSet& s) {
  return Json{{"values", std::vector<std::string>(s.values.begin(), s.values.end())}, {"more", s.more}};
}

// The members every logon entry ends with.
Json with_logon_stats(Json j, const LogonStats& stats) {
  j["seen"] = counter_to_json(stats.seen);
  j["addresses"] = set_json(stats.addresses);
  j["workstations"] = set_json(stats.workstations);
  return j;
}

Json with_client_stats(Json j, const ClientStats& stats) {
  j["seen"] = counter_to_json(stats.seen);
  j["clients"] = set_json(stats.clients);
  return j;
}

Json longest_json(const Longest& l) {
  return Json{{"length", l.length}, {"when", time_json(l.when)}, {"example", example_json(l.example)}, {"sample", l.sample}};
}

Json peak_json(const PeakRate& p) {
  return Json{{"per_minute", p.per_minute},
              {"client", p.client},
              {"minute", time_json(p.minute)},
              {"example", example_json(p.example)}};
}

// An array with one object per map entry: the key's members from `key_json`, then "seen".
template <typename K, typename KeyJson>
Json counted(const std::map<K, Counter>& map, KeyJson&& key_json) {
  Json out = Json::array();
  for (const auto& [key, seen] : map) {
    Json j = key_json(key);
    j["seen"] = counter_to_json(seen);
    out.push_back(std::move(j));
  }
  return out;
}

Json site_json(const std::string& log, const SiteUsage& site) {
  Json j;
  j["log"] = log;
  Json methods = Json::array();
  for (const auto& [method, stats] : site.methods) methods.push_back(with_client_stats(Json{{"method", method}}, stats));
  j["methods"] = std::move(methods);
  j["extensions"] = counted(site.extensions, [](const std::string& e) { return Json{{"extension", e}}; });
  j["statuses"] = counted(site.statuses, [](const std::string& s) { return Json{{"status", s}}; });
  j["ports"] = counted(site.ports, [](std::uint32_t p) { return Json{{"port", p}}; });
  j["users"] = counted(site.users, [](const WebUserKey& k) { return Json{{"user", k.user}, {"port", k.port}}; });
  j["url"] = longest_json(site.url);
  j["query"] = longest_json(site.query);
  j["body"] = longest_json(site.body);
  j["double_escaped"] = counter_to_json(site.double_escaped);
  j["high_bit"] = counter_to_json(site.high_bit);
  j["peak"] = peak_json(site.peak);
  return j;
}
}  // namespace

Json counter_to_json(const Counter& c) {
  Json j;
  j["count"] = c.count;
  j["first"] = time_json(c.first);
  j["last"] = time_json(c.last);
  j["example"] = example_json(c.example);
  return j;
}

std::string write_usage(const UsageProfile& profile) {
  Json j;
  j["schema"] = std::string(kUsageSchema);
  Json sources = Json::array();
  for (const auto& [key, stats] : profile.sources) {
    sources.push_back(Json{{"log", key.log},
                           {"computer", key.computer},
                           {"events", counter_to_json(stats.events)},
                           {"fields", set_json(stats.fields)},
                           {"event_ids", counted(stats.event_ids, [](std::uint32_t id) { return Json{{"event_id", id}}; })}});
  }
  j["sources"] = std::move(sources);
  Json logons = Json::array();
  for (const auto& [key, stats] : profile.logons) {
    logons.push_back(with_logon_stats(Json{{"sid", key.sid}, {"account", key.account}, {"logon_type", key.logon_type},
                                           {"package", key.package}, {"lm_package", key.lm_package}, {"process", key.process}},
                                      stats));
  }
  j["logons"] = std::move(logons);
  Json failed = Json::array();
  for (const auto& [key, stats] : profile.failed_logons) {
    failed.push_back(with_logon_stats(Json{{"sid", key.sid}, {"account", key.account}, {"logon_type", key.logon_type},
                                           {"status", key.status}, {"sub_status", key.sub_status}, {"package", key.package}},
                                      stats));
  }
  j["failed_logons"] = std::move(failed);
  j["explicit_logons"] = counted(profile.explicit_logons, [](const ExplicitLogonKey& k) {
    return Json{{"sid", k.sid}, {"account", k.account}, {"target_account", k.target_account},
                {"target_server", k.target_server}, {"process", k.process}};
  });
  j["privileges"] = counted(profile.privileges, [](const PrivilegeKey& k) {
    return Json{{"sid", k.sid}, {"account", k.account}, {"privilege", k.privilege}, {"process", k.process}, {"event_id", k.event_id}};
  });
  j["services"] = counted(profile.services, [](const ServiceKey& k) {
    return Json{{"name", k.name}, {"action", k.action}, {"detail", k.detail}};
  });
  j["smb1_clients"] = counted(profile.smb1_clients, [](const Smb1Key& k) { return Json{{"client", k.client}}; });
  j["ntlm"] = counted(profile.ntlm, [](const NtlmKey& k) {
    return Json{{"event_id", k.event_id}, {"account", k.account}, {"workstation", k.workstation}, {"target", k.target},
                {"process", k.process}};
  });
  Json tls = Json::array();
  for (const auto& [key, stats] : profile.tls) {
    tls.push_back(with_client_stats(Json{{"log", key.log}, {"protocol", key.protocol}, {"cipher", key.cipher}}, stats));
  }
  j["tls"] = std::move(tls);
  Json sites = Json::array();
  for (const auto& [log, site] : profile.sites) sites.push_back(site_json(log, site));
  j["sites"] = std::move(sites);
  // Log text is not always valid UTF-8 (W3C lines are raw bytes): invalid sequences become U+FFFD.
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace temper::learn
