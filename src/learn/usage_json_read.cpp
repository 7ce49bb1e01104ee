// SPDX-License-Identifier: Apache-2.0
// temper.usage/1 JSON: parsing (usage_json.cpp writes). Every member is optional but for the
// counters an entry is about; a member of the wrong type is an error named by its JSON pointer.
// Entries that repeat a key are merged, as profiles are.
#include <charconv>

#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "learn/usage_json.hpp"
#include "model/snapshot_json.hpp"

namespace temper::learn {
namespace {
using Json = nlohmann::ordered_json;

// Reads typed members, keeping the first error with its JSON pointer.
class Reader {
 public:
  explicit Reader(std::string_view file) : file_(file) {}
  [[nodiscard]] bool ok() const { return !error_; }
  Error take() { return std::move(*error_); }
  void error(const std::string& ptr, const std::string& what) {
    if (!error_) error_ = Error{ErrorCode::kInvalidArgument, ptr + ": " + what, 0, where()};
  }
  [[nodiscard]] std::optional<SourceLocation> where() const {
    return file_.empty() ? std::nullopt : std::optional<SourceLocation>(SourceLocation{file_});
  }

  const Json* member(const Json& o, std::string_view key, const std::string& ptr, Json::value_t type, bool required) {
    const auto it = o.find(key);
    if (it == o.end() || it->is_null()) {
      if (required) error(ptr + "/" + std::string(key), "missing");
      return nullptr;
    }
    const bool fits = type == Json::value_t::number_unsigned ? it->is_number_unsigned() : it->type() == type;
    if (!fits) {
      error(ptr + "/" + std::string(key), "wrong type");
      return nullptr;
    }
    return &*it;
  }
  std::string str(const Json& o, std::string_view key, const std::string& ptr) {
    const Json* v = member(o, key, ptr, Json::value_t::string, false);
    return v != nullptr ? v->get<std::string>() : std::string();
  }
  std::uint64_t u64(const Json& o, std::string_view key, const std::string& ptr) {
    const Json* v = member(o, key, ptr, Json::value_t::number_unsigned, false);
    return v != nullptr ? v->get<std::uint64_t>() : 0;
  }
  std::uint32_t u32(const Json& o, std::string_view key, const std::string& ptr) {
    const std::uint64_t v = u64(o, key, ptr);
    if (v > 0xFFFFFFFFULL) error(ptr + "/" + std::string(key), "out of range");
    return static_cast<std::uint32_t>(v);
  }
  std::optional<Time> time(const Json& o, std::string_view key, const std::string& ptr) {
    const Json* v = member(o, key, ptr, Json::value_t::string, false);
    if (v == nullptr) return std::nullopt;
    auto t = parse_iso8601(v->get<std::string>());
    if (!t) error(ptr + "/" + std::string(key), "not an ISO 8601 time");
    return t;
  }
  // A T read from the object member `key` of `o` by fill(object, its pointer, T&); a default T
  // when the member is absent.
  template <typename T, typename Fill>
  T object(const Json& o, std::string_view key, const std::string& ptr, bool required, Fill&& fill) {
    T out;
    if (const Json* j = member(o, key, ptr, Json::value_t::object, required)) fill(*j, ptr + "/" + std::string(key), out);
    return out;
  }
  std::optional<Example> example(const Json& o, const std::string& ptr) {
    const Json* e = member(o, "example", ptr, Json::value_t::object, false);
    if (e == nullptr) return std::nullopt;
    return Example{str(*e, "file", ptr + "/example"), u64(*e, "record", ptr + "/example")};
  }
  Counter counter(const Json& o, std::string_view key, const std::string& ptr, bool required = true) {
    return object<Counter>(o, key, ptr, required, [&](const Json& j, const std::string& p, Counter& c) {
      c = Counter{u64(j, "count", p), time(j, "first", p), time(j, "last", p), example(j, p)};
    });
  }
  CappedSet set(const Json& o, std::string_view key, const std::string& ptr) {
    return object<CappedSet>(o, key, ptr, false, [&](const Json& j, const std::string& p, CappedSet& s) {
      if (const Json* values = member(j, "values", p, Json::value_t::array, false)) {
        for (std::size_t i = 0; i < values->size(); ++i) {
          if (!(*values)[i].is_string()) {
            error(p + "/values/" + std::to_string(i), "expected a string");
            break;
          }
          s.add((*values)[i].get<std::string>());
        }
      }
      if (const Json* more = member(j, "more", p, Json::value_t::boolean, false)) s.more = s.more || more->get<bool>();
    });
  }
  LogonStats logon_stats(const Json& o, const std::string& ptr) {
    return LogonStats{counter(o, "seen", ptr), set(o, "addresses", ptr), set(o, "workstations", ptr)};
  }
  ClientStats client_stats(const Json& o, const std::string& ptr) {
    return ClientStats{counter(o, "seen", ptr), set(o, "clients", ptr)};
  }
  Longest longest(const Json& o, std::string_view key, const std::string& ptr) {
    return object<Longest>(o, key, ptr, false, [&](const Json& j, const std::string& p, Longest& l) {
      l = Longest{u64(j, "length", p), time(j, "when", p), example(j, p), str(j, "sample", p)};
    });
  }
  PeakRate peak(const Json& o, std::string_view key, const std::string& ptr) {
    return object<PeakRate>(o, key, ptr, false, [&](const Json& j, const std::string& p, PeakRate& r) {
      r = PeakRate{u64(j, "per_minute", p), str(j, "client", p), time(j, "minute", p), example(j, p)};
    });
  }
  // Calls fn(element, pointer) for each object of the array member `key` of `o` (at `ptr`),
  // stopping at the first error.
  template <typename Fn>
  void each_object(const Json& o, std::string_view key, const std::string& ptr, Fn&& fn) {
    const Json* array = member(o, key, ptr, Json::value_t::array, false);
    if (array == nullptr) return;
    for (std::size_t i = 0; i < array->size() && ok(); ++i) {
      const std::string p = ptr + "/" + std::string(key) + "/" + std::to_string(i);
      if (!(*array)[i].is_object()) {
        error(p, "expected an object");
        return;
      }
      fn((*array)[i], p);
    }
  }
  // The entries of the array `key`, each a key made by `make_key` and its "seen" counter, merged into `into`.
  template <typename K, typename MakeKey>
  void counted(const Json& o, std::string_view key, const std::string& ptr, std::map<K, Counter>& into, MakeKey&& make_key) {
    each_object(o, key, ptr, [&](const Json& e, const std::string& p) { into[make_key(e, p)].merge(counter(e, "seen", p)); });
  }

 private:
  std::string file_;
  std::optional<Error> error_;
};

SiteUsage site_usage(Reader& r, const Json& s, const std::string& p) {
  SiteUsage site;
  r.each_object(s, "methods", p, [&](const Json& m, const std::string& mp) {
    site.methods[r.str(m, "method", mp)].merge(r.client_stats(m, mp));
  });
  r.counted(s, "extensions", p, site.extensions, [&](const Json& e, const std::string& ep) { return r.str(e, "extension", ep); });
  r.counted(s, "statuses", p, site.statuses, [&](const Json& e, const std::string& ep) { return r.str(e, "status", ep); });
  r.counted(s, "ports", p, site.ports, [&](const Json& e, const std::string& ep) { return r.u32(e, "port", ep); });
  r.counted(s, "users", p, site.users,
            [&](const Json& e, const std::string& ep) { return WebUserKey{r.str(e, "user", ep), r.u32(e, "port", ep)}; });
  site.url = r.longest(s, "url", p);
  site.query = r.longest(s, "query", p);
  site.body = r.longest(s, "body", p);
  site.double_escaped = r.counter(s, "double_escaped", p, false);
  site.high_bit = r.counter(s, "high_bit", p, false);
  site.peak = r.peak(s, "peak", p);
  site.trim();  // a profile written by hand or by a newer build keeps the same bound
  return site;
}

// The schema member: "temper.usage/<n>" with n no newer than this build reads.
Result<void> check_schema(const Json& doc, const Reader& r) {
  const auto schema = doc.find("schema");
  if (schema == doc.end() || !schema->is_string()) {
    return fail(ErrorCode::kSchemaVersion, "missing \"schema\": expected \"" + std::string(kUsageSchema) + "\"", r.where());
  }
  const std::string name = schema->get<std::string>();
  constexpr std::string_view kPrefix = "temper.usage/";
  int version = 0;
  const std::string_view v = std::string_view(name).substr(name.starts_with(kPrefix) ? kPrefix.size() : name.size());
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), version);
  if (!name.starts_with(kPrefix) || ec != std::errc() || end != v.data() + v.size() || version < 1) {
    return fail(ErrorCode::kSchemaVersion, "not a temper usage profile (schema \"" + name + "\")", r.where());
  }
  if (version > kUsageSchemaVersion) {
    return fail(ErrorCode::kSchemaVersion,
                "usage profile schema \"" + name + "\" is newer than this temper reads (" + std::string(kUsageSchema) + "); upgrade temper",
                r.where());
  }
  return {};
}
}  // namespace

Result<UsageProfile> parse_usage(std::string_view text, std::string_view file) {
  Json doc;
  try {
    doc = Json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    const std::size_t offset = e.byte > 0 ? static_cast<std::size_t>(e.byte - 1) : 0;
    return fail(ErrorCode::kParse, "malformed JSON", model::location_of_offset(text, offset, file));
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorCode::kParse, std::string("malformed JSON: ") + e.what(), SourceLocation(std::string(file)));
  }
  Reader r(file);
  if (!doc.is_object()) return fail(ErrorCode::kInvalidArgument, "a usage profile must be a JSON object", r.where());
  TEMPER_RETURN_IF_ERROR(check_schema(doc, r));
  UsageProfile out;
  r.each_object(doc, "sources", "", [&](const Json& s, const std::string& p) {
    SourceStats stats{r.counter(s, "events", p), r.set(s, "fields", p), {}};
    r.counted(s, "event_ids", p, stats.event_ids, [&](const Json& e, const std::string& ep) { return r.u32(e, "event_id", ep); });
    out.sources[SourceKey{r.str(s, "log", p), r.str(s, "computer", p)}].merge(stats);
  });
  r.each_object(doc, "logons", "", [&](const Json& l, const std::string& p) {
    LogonKey key{r.str(l, "sid", p), r.str(l, "account", p), r.u32(l, "logon_type", p), r.str(l, "package", p),
                 r.str(l, "lm_package", p), r.str(l, "process", p)};
    out.logons[key].merge(r.logon_stats(l, p));
  });
  r.each_object(doc, "failed_logons", "", [&](const Json& l, const std::string& p) {
    FailedLogonKey key{r.str(l, "sid", p), r.str(l, "account", p), r.u32(l, "logon_type", p), r.str(l, "status", p),
                       r.str(l, "sub_status", p), r.str(l, "package", p)};
    out.failed_logons[key].merge(r.logon_stats(l, p));
  });
  r.counted(doc, "explicit_logons", "", out.explicit_logons, [&](const Json& l, const std::string& p) {
    return ExplicitLogonKey{r.str(l, "sid", p), r.str(l, "account", p), r.str(l, "target_account", p),
                            r.str(l, "target_server", p), r.str(l, "process", p)};
  });
  r.counted(doc, "privileges", "", out.privileges, [&](const Json& l, const std::string& p) {
    return PrivilegeKey{r.str(l, "sid", p), r.str(l, "account", p), r.str(l, "privilege", p), r.str(l, "process", p),
                        r.u32(l, "event_id", p)};
  });
  r.counted(doc, "services", "", out.services, [&](const Json& l, const std::string& p) {
    return ServiceKey{r.str(l, "name", p), r.str(l, "action", p), r.str(l, "detail", p)};
  });
  r.counted(doc, "smb1_clients", "", out.smb1_clients,
            [&](const Json& l, const std::string& p) { return Smb1Key{r.str(l, "client", p)}; });
  r.counted(doc, "ntlm", "", out.ntlm, [&](const Json& l, const std::string& p) {
    return NtlmKey{r.u32(l, "event_id", p), r.str(l, "account", p), r.str(l, "workstation", p), r.str(l, "target", p),
                   r.str(l, "process", p)};
  });
  r.each_object(doc, "tls", "", [&](const Json& l, const std::string& p) {
    out.tls[TlsKey{r.str(l, "log", p), r.str(l, "protocol", p), r.str(l, "cipher", p)}].merge(r.client_stats(l, p));
  });
  r.each_object(doc, "sites", "", [&](const Json& s, const std::string& p) {
    const std::string log = r.str(s, "log", p);
    out.sites[log].merge(site_usage(r, s, p));
  });
  if (!r.ok()) return fail(r.take());
  out.trim();  // a profile written by hand or by a newer build keeps the same bounds
  return out;
}

}  // namespace temper::learn
