// SPDX-License-Identifier: Apache-2.0
// temper.usage/1 JSON.
#include "learn/usage_json.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "model/snapshot_json.hpp"

namespace temper::learn {
namespace {
using Json = nlohmann::ordered_json;

Json counter_json(const Counter& c) {
  Json j;
  j["count"] = c.count;
  j["first"] = c.first ? Json(format_iso8601(*c.first)) : Json(nullptr);
  j["last"] = c.last ? Json(format_iso8601(*c.last)) : Json(nullptr);
  j["example"] = c.example ? Json{{"file", c.example->file}, {"record", c.example->record}} : Json(nullptr);
  return j;
}

Json set_json(const CappedSet& s) {
  return Json{{"values", std::vector<std::string>(s.values.begin(), s.values.end())}, {"more", s.more}};
}

// The members every logon entry ends with.
Json with_logon_stats(Json j, const LogonStats& stats) {
  j["seen"] = counter_json(stats.seen);
  j["addresses"] = set_json(stats.addresses);
  j["workstations"] = set_json(stats.workstations);
  return j;
}

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
  Counter counter(const Json& o, std::string_view key, const std::string& ptr) {
    Counter c;
    const Json* j = member(o, key, ptr, Json::value_t::object, true);
    if (j == nullptr) return c;
    const std::string p = ptr + "/" + std::string(key);
    c.count = u64(*j, "count", p);
    c.first = time(*j, "first", p);
    c.last = time(*j, "last", p);
    if (const Json* e = member(*j, "example", p, Json::value_t::object, false)) {
      c.example = Example{str(*e, "file", p + "/example"), u64(*e, "record", p + "/example")};
    }
    return c;
  }
  // Calls fn(element, pointer) for each object of the array member `key` of the document, stopping at
  // the first error.
  template <typename Fn>
  void each_object(const Json& doc, std::string_view key, Fn&& fn) {
    const Json* array = member(doc, key, "", Json::value_t::array, false);
    if (array == nullptr) return;
    for (std::size_t i = 0; i < array->size() && ok(); ++i) {
      const std::string p = "/" + std::string(key) + "/" + std::to_string(i);
      if (!(*array)[i].is_object()) {
        error(p, "expected an object");
        return;
      }
      fn((*array)[i], p);
    }
  }
  LogonStats logon_stats(const Json& o, const std::string& ptr) {
    return LogonStats{counter(o, "seen", ptr), set(o, "addresses", ptr), set(o, "workstations", ptr)};
  }
  CappedSet set(const Json& o, std::string_view key, const std::string& ptr) {
    CappedSet s;
    const Json* j = member(o, key, ptr, Json::value_t::object, false);
    if (j == nullptr) return s;
    const std::string p = ptr + "/" + std::string(key);
    if (const Json* values = member(*j, "values", p, Json::value_t::array, false)) {
      for (std::size_t i = 0; i < values->size(); ++i) {
        if (!(*values)[i].is_string()) {
          error(p + "/values/" + std::to_string(i), "expected a string");
          break;
        }
        s.add((*values)[i].get<std::string>());
      }
    }
    if (const Json* more = member(*j, "more", p, Json::value_t::boolean, false)) s.more = s.more || more->get<bool>();
    return s;
  }

 private:
  std::string file_;
  std::optional<Error> error_;
};
}  // namespace

std::string write_usage(const UsageProfile& profile) {
  Json j;
  j["schema"] = std::string(kUsageSchema);
  Json sources = Json::array();
  for (const auto& [key, stats] : profile.sources) {
    sources.push_back(Json{{"log", key.log}, {"computer", key.computer}, {"events", counter_json(stats.events)},
                           {"fields", set_json(stats.fields)}});
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
  Json privileges = Json::array();
  for (const auto& [key, seen] : profile.privileges) {
    privileges.push_back(Json{{"sid", key.sid},
                              {"account", key.account},
                              {"privilege", key.privilege},
                              {"process", key.process},
                              {"event_id", key.event_id},
                              {"seen", counter_json(seen)}});
  }
  j["privileges"] = std::move(privileges);
  return j.dump(2) + "\n";
}

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
  UsageProfile out;
  r.each_object(doc, "sources", [&](const Json& s, const std::string& p) {
    SourceStats stats{r.counter(s, "events", p), r.set(s, "fields", p), {}};
    out.sources[SourceKey{r.str(s, "log", p), r.str(s, "computer", p)}].merge(stats);
  });
  r.each_object(doc, "logons", [&](const Json& l, const std::string& p) {
    LogonKey key{r.str(l, "sid", p), r.str(l, "account", p), r.u32(l, "logon_type", p), r.str(l, "package", p),
                 r.str(l, "lm_package", p), r.str(l, "process", p)};
    out.logons[key].merge(r.logon_stats(l, p));
  });
  r.each_object(doc, "failed_logons", [&](const Json& l, const std::string& p) {
    FailedLogonKey key{r.str(l, "sid", p), r.str(l, "account", p), r.u32(l, "logon_type", p), r.str(l, "status", p),
                       r.str(l, "sub_status", p), r.str(l, "package", p)};
    out.failed_logons[key].merge(r.logon_stats(l, p));
  });
  r.each_object(doc, "privileges", [&](const Json& l, const std::string& p) {
    PrivilegeKey key{r.str(l, "sid", p), r.str(l, "account", p), r.str(l, "privilege", p), r.str(l, "process", p),
                     r.u32(l, "event_id", p)};
    out.privileges[key].merge(r.counter(l, "seen", p));
  });
  if (!r.ok()) return fail(r.take());
  return out;
}

}  // namespace temper::learn
