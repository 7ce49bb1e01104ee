// SPDX-License-Identifier: Apache-2.0
// Judges over what IIS logged: TLS protocols and ciphers, request limits, verbs, extensions,
// escaping, authentication over plain HTTP, request rates and the Web Management Service.
#include <algorithm>
#include <set>

#include "core/strings.hpp"
#include "events/event.hpp"
#include "learn/detail/judging.hpp"

namespace temper::learn::detail {
namespace {
constexpr std::string_view kApphost = "MACHINE/WEBROOT/APPHOST";

// The site a scope path names ("MACHINE/WEBROOT/APPHOST/Shop/app" -> "Shop"), "" for server levels.
std::string scope_site(std::string_view scope) {
  if (!istarts_with(scope, kApphost) || scope.size() <= kApphost.size() + 1) return {};
  std::string_view rest = scope.substr(kApphost.size() + 1);
  return std::string(rest.substr(0, rest.find('/')));
}

const model::IisScope* judged_scope(const Context& ctx) {
  if (ctx.index == nullptr) return nullptr;
  if (const model::IisScope* s = ctx.index->scope(ctx.finding.scope)) return s;
  return ctx.index->scope(kApphost);
}

// The W3C fields every site log in `logs` declared; missing fields named.
std::vector<std::string> missing_fields(const Context& ctx, const std::vector<std::string>& logs,
                                        std::initializer_list<std::string_view> fields) {
  std::set<std::string> missing;
  for (const auto& log : logs) {
    const auto it = ctx.lookups.sources_by_log.find(log);
    if (it == ctx.lookups.sources_by_log.end()) continue;
    for (const auto& [key, stats] : it->second) {
      for (const auto f : fields) {
        const bool has = std::any_of(stats->fields.values.begin(), stats->fields.values.end(),
                                     [&](const std::string& v) { return iequals(v, f); });
        if (!has && !stats->fields.more) missing.insert(std::string(f));
      }
    }
  }
  return {missing.begin(), missing.end()};
}

// Requires W3C logs with `fields` for the scope's sites: the span is the shortest site's.
void require_w3c(Context& ctx, const std::vector<std::string>& logs, std::initializer_list<std::string_view> fields,
                 std::string_view purpose) {
  std::vector<std::string> names;
  for (const auto f : fields) names.emplace_back(f);
  const std::string what = "IIS W3C logs with " + join(names, ", ") + " (" + std::string(purpose) + ")";
  const std::string enable = "log these W3C fields (logFile/@logExtFileFlags) for every site and keep the logs for the "
                             "whole window";
  if (logs.empty()) {
    ctx.require(what, enable, Counter{});
    return;
  }
  const auto missing = missing_fields(ctx, logs, fields);
  Counter shortest;
  bool first = true;
  for (const auto& log : logs) {
    const Counter c = ctx.log_span(log);
    if (first || span_days(c) < span_days(shortest) || c.count == 0) shortest = c;
    first = false;
    if (c.count == 0) break;
  }
  if (!missing.empty()) {
    ctx.require(what + ": missing " + join(missing, ", "), enable, Counter{});
    return;
  }
  ctx.require(what, enable, shortest);
}

std::optional<std::uint64_t> number(std::string_view text) {
  std::uint64_t n = 0;
  if (!events::parse_number(trim(text), n)) return std::nullopt;
  return n;
}

// The numeric value the rule's iis_config fix sets.
std::optional<std::uint64_t> fix_limit(const Context& ctx, std::string_view attribute) {
  for (const auto& f : ctx.rule.fixes) {
    if (const auto* i = std::get_if<model::IisConfigFix>(&f); i != nullptr && (attribute.empty() || iequals(i->attribute, attribute))) {
      if (auto n = number(i->value)) return n;
    }
  }
  return std::nullopt;
}

// The effective value of an attribute at the judged scope.
std::optional<std::string> effective(const Context& ctx, std::string_view element, std::string_view attribute) {
  const model::IisScope* scope = judged_scope(ctx);
  if (scope == nullptr) return std::nullopt;
  const auto path = engine::parse_element_path(element);
  if (!path) return std::nullopt;
  const auto v = engine::lookup_iis(*ctx.index, *scope, *path, element, attribute);
  if (!v.present || !v.not_collected.empty()) return std::nullopt;
  return v.value;
}

std::string site_label(const Context& ctx, const std::string& log) {
  const model::IisSite* site = site_of_log(ctx, log);
  return site != nullptr ? "site '" + site->name + "' (" + log + ")" : log;
}

void longest(Context& ctx, const std::vector<std::string>& logs, Longest SiteUsage::*member, std::string_view field,
             std::string_view attribute, std::string_view noun) {
  require_w3c(ctx, logs, {field}, std::string(noun) + " lengths");
  const auto limit = fix_limit(ctx, attribute);
  if (!limit) {
    ctx.verdict.notes.push_back("the fix sets no numeric " + std::string(attribute) + " to compare with");
    return;
  }
  for (const auto& log : logs) {
    const auto it = ctx.profile.sites.find(log);
    if (it == ctx.profile.sites.end()) continue;
    const Longest& l = it->second.*member;
    if (l.length <= *limit) continue;
    Counter seen;
    if (l.example) seen.add(l.when, *l.example);
    ctx.conflict(Conflict{"request", site_label(ctx, log),
                          "a " + std::string(noun) + " of " + std::to_string(l.length) + " bytes is over the fix's " +
                              std::to_string(*limit) + (l.sample.empty() ? std::string() : ": " + l.sample),
                          {}, log, std::to_string(l.length)},
                 &seen);
  }
}

std::string normalise_extension(std::string ext) { return ext.empty() ? std::string(".") : to_lower(ext); }

// "10.0.0.5, 10.0.0.6, ..." (the "..." when the set was capped).
std::string clients_text(const CappedSet& clients) {
  std::string out = join(std::vector<std::string>(clients.values.begin(), clients.values.end()), ", ");
  return clients.more ? out + ", ..." : out;
}
}  // namespace

const model::IisSite* site_of_log(const Context& ctx, std::string_view log) {
  if (!istarts_with(log, "W3SVC")) return nullptr;
  const auto id = number(log.substr(5));
  if (!id) return nullptr;
  const auto it = ctx.lookups.sites_by_id.find(*id);
  return it != ctx.lookups.sites_by_id.end() ? it->second : nullptr;
}

std::vector<std::string> scope_logs(const Context& ctx) {
  const std::string site = scope_site(ctx.finding.scope);
  if (!site.empty()) {
    const auto it = ctx.lookups.sites_by_name.find(site);
    if (it == ctx.lookups.sites_by_name.end()) return {};
    return {"W3SVC" + std::to_string(it->second->id)};
  }
  std::set<std::string> logs;
  for (const auto& [id, s] : ctx.lookups.sites_by_id) logs.insert("W3SVC" + std::to_string(id));
  for (const auto& [log, usage] : ctx.profile.sites) {
    if (istarts_with(log, "W3SVC")) logs.insert(log);
  }
  return {logs.begin(), logs.end()};
}

void judge_tls(Context& ctx, const model::TlsEvidence& e) {
  const bool protocols = !e.protocols.empty();
  const std::string_view field = protocols ? "crypt-protocol" : "crypt-cipher";
  // A fix that also turns the protocol off in the Client keys stops this server's own outgoing
  // connections, which only Schannel's handshake events show (W3C logs see incoming requests).
  const bool client_side = std::any_of(ctx.rule.fixes.begin(), ctx.rule.fixes.end(), [](const model::Fix& f) {
    const auto* r = std::get_if<model::RegistryFix>(&f);
    return r != nullptr && (r->key.find("\\Client") != std::string::npos || r->key.find("\\Ciphers\\") != std::string::npos);
  });
  const Counter schannel = ctx.log_span("System", {36880});
  Counter w3c;
  for (const auto& [key, stats] : ctx.profile.sources) {
    if (!ctx.this_server(key)) continue;
    if (std::any_of(stats.fields.values.begin(), stats.fields.values.end(), [&](const auto& f) { return iequals(f, field); })) {
      if (w3c.count == 0 || span_days(stats.events) > span_days(w3c)) w3c = stats.events;
    }
  }
  if (client_side) {
    ctx.require("Schannel handshake events (System 36880), which show this server's outgoing connections too",
                "set HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\EventLogging to 7 and "
                "collect the System log for the whole window",
                schannel);
  } else {
    ctx.require("the TLS " + std::string(protocols ? "protocol" : "cipher") + " of each connection (W3C " + std::string(field) +
                    " or Schannel 36880)",
                "add the custom W3C field " + std::string(field) + " (server variable " +
                    std::string(protocols ? "CRYPT_PROTOCOL" : "CRYPT_CIPHER_ALG_ID") +
                    ") to every HTTPS site's log, or set SCHANNEL EventLogging to 7 and collect the System log",
                span_days(schannel) >= span_days(w3c) ? schannel : w3c);
  }
  const auto& wanted = protocols ? e.protocols : e.ciphers;
  if (ctx.profile.tls.contains(TlsKey{std::string(SiteUsage::kOther), {}, {}})) {
    ctx.require("every TLS protocol and cipher seen (more than " + std::to_string(UsageProfile::kMaxKeys) +
                    " distinct combinations; the profile keeps the first in sorted order)",
                "judge this rule on a shorter window or fewer files at a time", Counter{});
  }
  for (const auto& [key, stats] : ctx.profile.tls) {
    const std::string& value = protocols ? key.protocol : key.cipher;
    if (std::none_of(wanted.begin(), wanted.end(), [&](const auto& w) { return iequals(w, value); })) continue;
    const std::string clients = clients_text(stats.clients);
    ctx.conflict(Conflict{"tls", key.log == "Schannel" ? "Schannel" : site_label(ctx, key.log),
                          "connections negotiated " + value + (clients.empty() ? std::string() : ": " + clients), {}, key.log, {}},
                 &stats.seen);
  }
}

void judge_requests(Context& ctx, const model::RequestEvidence& e) {
  using W = model::RequestEvidence::What;
  const std::vector<std::string> logs = scope_logs(ctx);
  switch (e.what) {
    case W::kUrlLength: longest(ctx, logs, &SiteUsage::url, "cs-uri-stem", "maxUrl", "URL"); return;
    case W::kQueryLength: longest(ctx, logs, &SiteUsage::query, "cs-uri-query", "maxQueryString", "query string"); return;
    case W::kBodyLength: longest(ctx, logs, &SiteUsage::body, "cs-bytes", "maxAllowedContentLength", "request"); return;
    default: break;
  }
  // The rate the fix allows, read once at the judged scope: maxRequests per requestIntervalInMilliseconds.
  std::uint64_t rate_max = 0;
  std::uint64_t rate_ms = 0;
  if (e.what == W::kRate) {
    constexpr std::string_view kRate = "system.webServer/security/dynamicIpSecurity/denyByRequestRate";
    const auto max_requests = effective(ctx, kRate, "maxRequests");
    const auto interval = effective(ctx, kRate, "requestIntervalInMilliseconds");
    rate_max = max_requests ? number(*max_requests).value_or(0) : 0;
    rate_ms = interval ? number(*interval).value_or(0) : 0;
  }
  for (const auto& log : logs) {
    const auto it = ctx.profile.sites.find(log);
    if (it == ctx.profile.sites.end()) continue;
    const SiteUsage& u = it->second;
    const std::string where = site_label(ctx, log);
    if (e.what == W::kVerbs) {
      for (const auto& verb : e.values) {
        if (const auto m = u.methods.find(verb); m != u.methods.end()) {
          ctx.conflict(Conflict{"request", verb + " on " + where, "requests the fix would refuse", {}, log, verb}, &m->second.seen);
        }
      }
      if (u.methods.contains(std::string(SiteUsage::kOther))) {
        // More distinct methods than the profile keeps: a refused verb may be among those it folded.
        ctx.require("every request method of " + where + " (more than " + std::to_string(SiteUsage::kMaxKeys) +
                        " distinct ones were seen; the profile keeps the first in sorted order)",
                    "review the site's W3C logs for the verbs the fix refuses", Counter{});
      }
    } else if (e.what == W::kUnlistedExtensions) {
      std::set<std::string> allowed;
      if (ctx.index != nullptr) {
        const model::IisSite* site = site_of_log(ctx, log);
        const model::IisScope* scope = site != nullptr ? ctx.index->scope(std::string(kApphost) + "/" + site->name) : nullptr;
        if (scope == nullptr) scope = judged_scope(ctx);
        const auto path = engine::parse_element_path("system.webServer/security/requestFiltering/fileExtensions/add");
        if (scope != nullptr && path) {
          for (const auto* item : engine::lookup_iis_items(*ctx.index, *scope, *path).items) {
            const auto* ext = item->attribute("fileExtension");
            const auto* ok = item->attribute("allowed");
            if (ext != nullptr && (ok == nullptr || iequals(ok->value, "true"))) allowed.insert(to_lower(ext->value));
          }
        }
      }
      for (const auto& [ext, seen] : u.extensions) {
        if (ext == SiteUsage::kOther) {
          ctx.conflict(Conflict{"request", "more extensions on " + where,
                                "requests with extensions beyond the " + std::to_string(SiteUsage::kMaxKeys) +
                                    " the profile keeps per site; an allow list refuses most of them",
                                {}, log, {}},
                       &seen);
          continue;
        }
        const std::string shown = normalise_extension(ext);
        if (allowed.contains(shown)) continue;
        ctx.conflict(Conflict{"request", shown + " on " + where,
                              shown == "." ? "extensionless URLs, which an allow list refuses unless it lists \".\""
                                           : "requested, and not on the allow list",
                              {}, log, shown},
                     &seen);
      }
    } else if (e.what == W::kDoubleEscaped && u.double_escaped.count > 0) {
      ctx.conflict(Conflict{"request", where,
                            "URLs escaped twice or with a '+' in the path (IIS also logs a space as '+', so some may be "
                            "spaces, which the fix allows)",
                            {}, log, {}},
                   &u.double_escaped);
    } else if (e.what == W::kHighBit && u.high_bit.count > 0) {
      ctx.conflict(Conflict{"request", where, "URLs with non-ASCII characters", {}, log, {}}, &u.high_bit);
    } else if (e.what == W::kAuthOverHttp) {
      // Requiring SSL refuses every plain-HTTP request to the scope (403.4), signed in or not.
      const model::IisSite* site = site_of_log(ctx, log);
      std::set<std::uint32_t> http_ports;
      if (site != nullptr) {
        for (const auto& b : site->bindings) {
          if (!iequals(b.protocol, "http")) continue;
          const auto parts = split(b.binding_information, ':');
          if (parts.size() >= 2) {
            if (auto p = number(parts[1])) http_ports.insert(static_cast<std::uint32_t>(*p));
          }
        }
      }
      for (const auto& [port, seen] : u.ports) {
        if (!http_ports.contains(port)) continue;
        std::vector<std::string> users;
        for (const auto& [user, n] : u.users) {
          if (user.port == port) users.push_back(user.user);
        }
        ctx.conflict(Conflict{"request", where + " port " + std::to_string(port),
                              "plain-HTTP requests, which requiring SSL refuses (403.4)" +
                                  (users.empty() ? std::string() : "; signed-in users: " + join(users, ", ")),
                              {}, log, {}},
                     &seen);
      }
    } else if (e.what == W::kRate) {
      if (rate_max == 0 || rate_ms == 0) continue;
      const std::uint64_t per_minute = rate_max * 60000 / rate_ms;
      if (u.peak.per_minute > per_minute) {
        Counter seen;
        if (u.peak.example) seen.add(u.peak.minute, *u.peak.example);
        ctx.conflict(Conflict{"request", u.peak.client + " on " + where,
                              std::to_string(u.peak.per_minute) + " requests in one minute, over " + std::to_string(rate_max) +
                                  " per " + std::to_string(rate_ms) + " ms",
                              {}, log, {}},
                     &seen);
      }
    }
  }
  switch (e.what) {
    case W::kVerbs: require_w3c(ctx, logs, {"cs-method"}, "request methods"); break;
    case W::kUnlistedExtensions: require_w3c(ctx, logs, {"cs-uri-stem"}, "requested extensions"); break;
    case W::kDoubleEscaped:
    case W::kHighBit: require_w3c(ctx, logs, {"cs-uri-stem"}, "requested URLs"); break;
    case W::kAuthOverHttp: require_w3c(ctx, logs, {"s-port"}, "requests per port"); break;
    case W::kRate: require_w3c(ctx, logs, {"c-ip", "time"}, "requests per client"); break;
    case W::kWmsvc: {
      const Counter span = ctx.log_span("WMSvc");
      ctx.require("the Web Management Service's W3C logs (inetpub\\logs\\WMSvc)",
                  "enable WMSvc logging and collect its logs for the whole window", span);
      if (const auto it = ctx.profile.sites.find("WMSvc"); it != ctx.profile.sites.end()) {
        for (const auto& [method, stats] : it->second.methods) {
          ctx.conflict(Conflict{"request", "Web Management Service",
                                "remote management requests (" + method + ") from " + clients_text(stats.clients),
                                {}, "WMSvc", {}},
                       &stats.seen);
        }
      }
      break;
    }
    default: break;
  }
}

}  // namespace temper::learn::detail
