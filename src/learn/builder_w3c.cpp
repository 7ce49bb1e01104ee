// SPDX-License-Identifier: Apache-2.0
// IIS W3C lines -> the usage of their site. The columns learning reads are found once per
// #Fields: header and the site once per file (and s-sitename, s-computername), so a line costs a
// comparison of its header with the last one and the updates of the aggregates it feeds.
//
// The peak rate streams: each site keeps the requests per client of the current clock minute
// only; a line of another minute (later or, when logs are read out of order, earlier) starts a new
// count. Each count that reaches the site's peak updates it, so the peak is always current and
// memory is bounded by the clients of one minute. Example: 10:00:01 A, 10:00:20 A, 10:00:40 B,
// 10:01:02 B: A reaches 2 at 10:00:20 (the peak, with that line as example), B reaches 1 twice.
#include <charconv>

#include "core/strings.hpp"
#include "events/w3c.hpp"
#include "learn/builder.hpp"
#include "learn/detail/builder_util.hpp"
#include "learn/tls.hpp"

namespace temper::learn {
namespace {
// A W3C field's text at `column` (as logged, "-" included), or nullopt when the header lacks it.
std::optional<std::string_view> column(const events::Event& e, std::size_t col) {
  const auto fields = e.fields();
  if (col >= fields.size()) return std::nullopt;
  return e.text(fields[col].value);
}

// A value that was logged: present, not "-", not empty.
bool logged(const std::optional<std::string_view>& v) { return v && !v->empty() && *v != "-"; }

// Whether a folder (not the file) of `path` is named WMSvc: the Web Management Service's logs
// (inetpub\logs\WMSvc\W3SVC1\), whatever site folder lies below it.
bool under_wmsvc(std::string_view path) {
  std::size_t start = 0;
  for (std::size_t end = path.find_first_of("/\\"); end != std::string_view::npos; end = path.find_first_of("/\\", start)) {
    if (iequals(path.substr(start, end - start), "WMSvc")) return true;
    start = end + 1;
  }
  return false;
}

// The log a W3C line belongs to: "WMSvc", else its site as IIS names the folder ("W3SVC2").
std::string w3c_log(std::string_view file, std::string_view sitename) {
  if (under_wmsvc(file)) return "WMSvc";
  if (istarts_with(sitename, "W3SVC")) return to_upper(sitename);
  if (const auto id = events::w3c_site_id_from_path(file)) return "W3SVC" + std::to_string(*id);
  return "W3C";
}

// The extension of the last segment of a URL path, with its dot ("" when it has none: a folder
// name's dots do not count).
std::string_view extension_of(std::string_view stem) {
  const std::size_t slash = stem.rfind('/');
  const std::string_view last = slash == std::string_view::npos ? stem : stem.substr(slash + 1);
  const std::size_t dot = last.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : last.substr(dot);
}

bool has_high_bit(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80U) return true;
  }
  return false;
}

template <typename T>
bool parse_decimal(const std::optional<std::string_view>& v, T& out) {
  if (!v) return false;
  const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  return ec == std::errc() && end == v->data() + v->size();
}
}  // namespace

void ProfileBuilder::add_w3c(const events::Event& e, std::optional<Time> when) {
  const auto fields = e.fields();
  bool header_changed = fields.size() != w3c_.names.size();
  for (std::size_t i = 0; !header_changed && i < fields.size(); ++i) header_changed = e.text(fields[i].name) != w3c_.names[i];
  if (header_changed) {
    w3c_.names.resize(fields.size());
    w3c_.columns = W3cColumns{};
    W3cColumns& c = w3c_.columns;
    const std::pair<std::string_view, std::size_t*> wanted[] = {
        {"s-sitename", &c.sitename}, {"c-ip", &c.client},     {"cs-method", &c.method},           {"cs-uri-stem", &c.stem},
        {"cs-uri-query", &c.query},  {"sc-status", &c.status}, {"sc-substatus", &c.substatus},     {"s-port", &c.port},
        {"cs-username", &c.user},    {"cs-bytes", &c.bytes},  {"crypt-protocol", &c.protocol}, {"crypt-cipher", &c.cipher}};
    for (std::size_t i = 0; i < fields.size(); ++i) {
      w3c_.names[i].assign(e.text(fields[i].name));
      for (const auto& [name, col] : wanted) {
        if (*col == kNone && iequals(w3c_.names[i], name)) *col = i;
      }
    }
  }
  find_w3c_site(e, header_changed);
  w3c_.source->events.add(when, where_);
  add_site_usage(e, when);
  add_w3c_tls(e, when);
}

// The source and site of this line: the same as the last line's unless the file, s-sitename or
// s-computername changed. A source records the field names of each header it sees.
void ProfileBuilder::find_w3c_site(const events::Event& e, bool header_changed) {
  const std::string_view sitename = column(e, w3c_.columns.sitename).value_or("");
  bool source_changed = false;
  if (w3c_.source == nullptr || w3c_.file != e.file || w3c_.sitename != sitename || w3c_.computer != e.computer()) {
    w3c_.file.assign(e.file);
    w3c_.sitename.assign(sitename);
    w3c_.computer.assign(e.computer());
    w3c_.log = w3c_log(w3c_.file, w3c_.sitename);
    SourceStats* source = &profile_.sources[SourceKey{w3c_.log, w3c_.computer}];
    source_changed = source != w3c_.source;
    w3c_.source = source;
    w3c_.site = &profile_.sites[w3c_.log];
    w3c_.minute = &minutes_[w3c_.log];
  }
  if (header_changed || source_changed) {
    for (const std::string& name : w3c_.names) w3c_.source->fields.add(name);
  }
}

void ProfileBuilder::add_site_usage(const events::Event& e, std::optional<Time> when) {
  SiteUsage& site = *w3c_.site;
  const W3cColumns& c = w3c_.columns;
  const auto client = column(e, c.client);
  if (const auto method = column(e, c.method); logged(method)) {
    detail::assign_upper(text_, *method);
    ClientStats& stats = site.methods[text_];
    stats.seen.add(when, where_);
    if (logged(client)) detail::add_value(stats.clients, *client, scratch_);
  }
  const auto stem = column(e, c.stem);
  const bool has_stem = logged(stem);
  if (has_stem) {
    detail::assign_lower(text_, extension_of(*stem));
    site.extensions[text_].add(when, where_);
    site.url.add(stem->size(), when, where_, *stem);
    // IIS logs the decoded stem: a '%' left in it was escaped twice; a '+' in the path is refused alike (404.11).
    if (stem->find_first_of("%+") != std::string_view::npos) site.double_escaped.add(when, where_);
  }
  const auto query = column(e, c.query);
  const bool has_query = logged(query);
  if (has_query) site.query.add(query->size(), when, where_, *query);
  if ((has_stem && has_high_bit(*stem)) || (has_query && has_high_bit(*query))) site.high_bit.add(when, where_);
  if (const auto status = column(e, c.status); logged(status)) {
    text_.assign(*status);
    if (const auto sub = column(e, c.substatus); logged(sub)) {
      text_.push_back('.');
      text_.append(*sub);
    }
    site.statuses[text_].add(when, where_);
  }
  std::uint32_t port = 0;
  if (parse_decimal(column(e, c.port), port)) site.ports[port].add(when, where_);
  if (const auto user = column(e, c.user); logged(user)) {
    user_key_.user.assign(*user);
    user_key_.port = port;
    site.users[user_key_].add(when, where_);
  }
  if (std::uint64_t bytes = 0; parse_decimal(column(e, c.bytes), bytes)) site.body.add(bytes, when, where_, "");
  if (logged(client) && when) add_peak(*client, *when);
  constexpr std::size_t kCap = SiteUsage::kMaxKeys;
  if (site.methods.size() > kCap || site.extensions.size() > kCap || site.statuses.size() > kCap || site.users.size() > kCap) {
    site.trim();
  }
}

void ProfileBuilder::add_peak(std::string_view client, Time when) {
  MinuteCounts& counts = *w3c_.minute;
  const Time minute = std::chrono::floor<std::chrono::minutes>(when);
  if (counts.minute != minute) {
    counts.per_client.clear();
    counts.minute = minute;
  }
  auto it = counts.per_client.find(client);
  if (it == counts.per_client.end()) it = counts.per_client.emplace(std::string(client), 0).first;
  const std::uint64_t n = ++it->second;
  const PeakRate& peak = w3c_.site->peak;
  // Cheap rejections first: most requests do not reach the peak.
  if (n < peak.per_minute || (n == peak.per_minute && peak.minute && minute > *peak.minute)) return;
  w3c_.site->peak.merge(PeakRate{n, std::string(client), minute, where_});
}

// crypt-protocol and crypt-cipher (IIS 10 custom fields): "-" or 0 for a request without TLS.
void ProfileBuilder::add_w3c_tls(const events::Event& e, std::optional<Time> when) {
  const auto protocol = column(e, w3c_.columns.protocol);
  if (!protocol) return;
  const std::string_view name = tls_protocol_name(*protocol);
  if (name.empty()) return;
  tls_key_.log.assign(w3c_.log);
  tls_key_.protocol.assign(name);
  const auto cipher = column(e, w3c_.columns.cipher);
  tls_key_.cipher.assign(cipher ? tls_cipher_name(*cipher) : std::string_view());
  ClientStats& stats = profile_.tls[tls_key_];
  stats.seen.add(when, where_);
  if (const auto client = column(e, w3c_.columns.client); logged(client)) detail::add_value(stats.clients, *client, scratch_);
}

}  // namespace temper::learn
