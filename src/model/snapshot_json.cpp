// SPDX-License-Identifier: Apache-2.0
// temper.snapshot/1 JSON: reading (the "iis" object: snapshot_json_iis.cpp; writing: snapshot_json_write.cpp).
#include "model/snapshot_json.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <memory>

#include "core/file.hpp"
#include "core/limits.hpp"
#include "model/detail/snapshot_reader.hpp"
#include "model/iis_schema.hpp"
#include "model/sid.hpp"

namespace temper::model {
namespace {
using detail::Json;
using detail::Reader;
using detail::Streamed;
using detail::escape_pointer;

// ---- reading -------------------------------------------------------------------------------

std::optional<RegValue> reg_value_from_json(Reader& r, const Json& j, const std::string& ptr) {
  if (!j.is_object()) {
    r.error(ptr, "expected {\"type\": ..., \"data\": ...}");
    return std::nullopt;
  }
  const auto type = parse_reg_type(r.str(j, "type", ptr));
  if (!type) {
    r.error(ptr + "/type", "unknown registry type");
    return std::nullopt;
  }
  RegValue v;
  v.type = *type;
  const auto data = j.find("data");
  if (data == j.end()) {
    r.error(ptr + "/data", "missing");
    return std::nullopt;
  }
  if (v.is_number()) {
    if (data->is_number_unsigned() || (data->is_number_integer() && data->get<long long>() >= 0)) {
      v.number = data->get<std::uint64_t>();
    } else {
      r.error(ptr + "/data", "expected a non-negative integer");
      return std::nullopt;
    }
  } else if (v.is_text()) {
    if (!data->is_string()) {
      r.error(ptr + "/data", "expected a string");
      return std::nullopt;
    }
    v.text = data->get<std::string>();
  } else if (v.type == RegType::kMultiSz) {
    v.multi = r.strings(*data, ptr + "/data");
  } else {
    if (!data->is_string()) {
      r.error(ptr + "/data", "expected a hex string");
      return std::nullopt;
    }
    const auto hex = data->get<std::string>();
    if (hex.size() % 2 != 0) {
      r.error(ptr + "/data", "hex string of odd length");
      return std::nullopt;
    }
    for (std::size_t i = 0; i < hex.size(); i += 2) {
      std::uint8_t byte = 0;
      const auto [p, ec] = std::from_chars(hex.data() + i, hex.data() + i + 2, byte, 16);
      if (ec != std::errc() || p != hex.data() + i + 2) {
        r.error(ptr + "/data", "not a hex string");
        return std::nullopt;
      }
      v.binary.push_back(byte);
    }
  }
  return v;
}

// A "registry" object ({collected, keys}); `ptr` is its JSON pointer.
Registry registry_from_json(Reader& r, const Json& j, const std::string& ptr) {
  Registry registry;
  if (const Json* collected = r.array(j, "collected", ptr)) {
    for (const auto& c : r.strings(*collected, ptr + "/collected")) {
      registry.collected.push_back(Registry::canonical_path(c));
    }
  }
  if (const Json* keys = r.object(j, "keys", ptr)) {
    for (const auto& [path, values] : keys->items()) {
      const std::string kptr = ptr + "/keys/" + escape_pointer(path);
      if (!values.is_object()) {
        r.error(kptr, "expected an object of values");
        continue;
      }
      RegistryKey key;
      for (const auto& [name, value] : values.items()) {
        if (auto v = reg_value_from_json(r, value, kptr + "/" + escape_pointer(name))) key.values[name] = std::move(*v);
      }
      registry.keys[Registry::canonical_path(path)] = std::move(key);
    }
  }
  return registry;
}

}  // namespace

SourceLocation location_of_offset(std::string_view text, std::size_t offset, std::string_view file) {
  SourceLocation loc{std::string(file)};
  loc.line = 1;
  loc.column = 1;
  const std::size_t end = offset < text.size() ? offset : text.size();
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++loc.line;
      loc.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++loc.column;
    }
  }
  loc.offset = offset;
  return loc;
}

namespace {
Result<Snapshot> from_json(const Json& doc, std::string_view file, bool require_schema, Streamed* streamed) {
  Reader r{std::string(file)};
  const std::optional<SourceLocation> where =
      file.empty() ? std::nullopt : std::optional<SourceLocation>(SourceLocation{std::string(file)});
  if (!doc.is_object()) return fail(ErrorCode::kInvalidArgument, "a snapshot must be a JSON object", where);
  const auto schema_it = doc.find("schema");
  if (schema_it == doc.end()) {
    if (require_schema) {
      return fail(ErrorCode::kSchemaVersion, "missing \"schema\": expected \"" + std::string(kSnapshotSchema) + "\"",
                  where);
    }
  } else {
    if (!schema_it->is_string()) return fail(ErrorCode::kSchemaVersion, "\"schema\" must be a string", where);
    const std::string schema = schema_it->get<std::string>();
    const std::string prefix = "temper.snapshot/";
    if (!schema.starts_with(prefix)) {
      return fail(ErrorCode::kSchemaVersion, "not a temper snapshot (schema \"" + schema + "\")", where);
    }
    int version = 0;
    const auto vtext = std::string_view(schema).substr(prefix.size());
    const auto [p, ec] = std::from_chars(vtext.data(), vtext.data() + vtext.size(), version);
    if (ec != std::errc() || p != vtext.data() + vtext.size() || version < 1) {
      return fail(ErrorCode::kSchemaVersion, "malformed schema name \"" + schema + "\"", where);
    }
    if (version > kSnapshotSchemaVersion) {
      return fail(ErrorCode::kSchemaVersion,
                  "snapshot schema \"" + schema + "\" is newer than this temper reads (" +
                      std::string(kSnapshotSchema) + "); upgrade temper",
                  where);
    }
  }
  // What went wrong in the scopes and files read while parsing, after the schema (a newer schema
  // explains any of it).
  if (streamed != nullptr && !streamed->reader.ok()) return fail(streamed->reader.take_error());

  Snapshot s;
  if (const Json* host = r.object(doc, "host", "")) {
    s.host.name = r.str(*host, "name", "/host");
    s.host.os_name = r.str(*host, "os_name", "/host");
    s.host.os_version = r.str(*host, "os_version", "/host");
    s.host.os_build = r.str(*host, "os_build", "/host");
    s.host.domain = r.str(*host, "domain", "/host");
    const std::string role = r.str(*host, "role", "/host");
    if (!role.empty()) {
      s.host.role = parse_role(role);
      if (!s.host.role) r.error("/host/role", "unknown role '" + role + "' (workstation, member_server, domain_controller)");
    }
  }
  if (const Json* source = r.object(doc, "source", "")) {
    const std::string kind = r.str(*source, "kind", "/source", "example");
    if (auto k = parse_source_kind(kind)) {
      s.source.kind = *k;
    } else {
      r.error("/source/kind", "unknown source kind '" + kind + "' (live, export, policy, example)");
    }
    s.source.tool = r.str(*source, "tool", "/source");
    s.source.collected_at = r.str(*source, "collected_at", "/source");
    if (const Json* inputs = r.array(*source, "inputs", "/source")) s.source.inputs = r.strings(*inputs, "/source/inputs");
  }
  if (const Json* features = r.array(doc, "features", "")) {
    std::set<std::string, ILess> set;
    for (auto& f : r.strings(*features, "/features")) set.insert(std::move(f));
    s.features = std::move(set);
  }
  if (const Json* p = r.object(doc, "principals", "")) {
    Principals principals;
    if (const Json* accounts = r.array(*p, "accounts", "/principals")) {
      for (std::size_t i = 0; i < accounts->size(); ++i) {
        const std::string ptr = "/principals/accounts/" + std::to_string(i);
        const Json& a = (*accounts)[i];
        if (!a.is_object()) {
          r.error(ptr, "expected an object");
          break;
        }
        principals.accounts.push_back(
            Principal{normalize_sid(r.str(a, "sid", ptr)), r.str(a, "name", ptr), r.str(a, "kind", ptr, "unknown")});
      }
    }
    if (const Json* groups = r.array(*p, "local_groups", "/principals")) {
      for (std::size_t i = 0; i < groups->size(); ++i) {
        const std::string ptr = "/principals/local_groups/" + std::to_string(i);
        const Json& g = (*groups)[i];
        if (!g.is_object()) {
          r.error(ptr, "expected an object");
          break;
        }
        LocalGroup group{normalize_sid(r.str(g, "sid", ptr)), r.str(g, "name", ptr), {}};
        if (const Json* members = r.array(g, "members", ptr)) {
          for (const auto& m : r.strings(*members, ptr + "/members")) group.members.push_back(normalize_sid(m));
        }
        principals.local_groups.push_back(std::move(group));
      }
    }
    s.principals = std::move(principals);
  }
  if (const Json* ur = r.object(doc, "user_rights", "")) {
    std::map<std::string, std::vector<std::string>, ILess> rights;
    for (const auto& [right, holders] : ur->items()) {
      const std::string ptr = "/user_rights/" + escape_pointer(right);
      if (holders.is_null()) continue;  // explicit null = not defined, same as absent
      std::vector<std::string> sids;
      for (const auto& h : r.strings(holders, ptr)) sids.push_back(normalize_sid(h));
      if (sids.size() > limits::kMaxRightHolders) r.error(ptr, "too many holders");
      rights[right] = std::move(sids);
    }
    s.user_rights = std::move(rights);
  }
  if (const Json* so = r.object(doc, "security_options", "")) {
    std::map<std::string, OptionValue, ILess> options;
    for (const auto& [name, value] : so->items()) {
      OptionValue v;
      if (value.is_number_integer()) {
        v.number = value.get<long long>();
        v.text = std::to_string(*v.number);
      } else if (value.is_boolean()) {
        v.number = value.get<bool>() ? 1 : 0;
        v.text = std::to_string(*v.number);
      } else if (value.is_string()) {
        v.text = value.get<std::string>();
        long long n = 0;
        if (parse_int64(v.text, n)) v.number = n;
      } else {
        r.error("/security_options/" + escape_pointer(name), "expected a number or a string");
        continue;
      }
      options[name] = std::move(v);
    }
    s.security_options = std::move(options);
  }
  if (const Json* reg = r.object(doc, "registry", "")) s.registry = registry_from_json(r, *reg, "/registry");
  if (const Json* users = r.object(doc, "user_registry", "")) {
    std::map<std::string, Registry, ILess> per_user;
    for (const auto& [user, reg] : users->items()) {
      const std::string uptr = "/user_registry/" + escape_pointer(user);
      if (!reg.is_object()) {
        r.error(uptr, "expected {\"collected\": [...], \"keys\": {...}}");
        continue;
      }
      per_user[user] = registry_from_json(r, reg, uptr);
    }
    s.user_registry = std::move(per_user);
  }
  if (const Json* svcs = r.object(doc, "services", "")) {
    std::map<std::string, Service, ILess> services;
    for (const auto& [name, value] : svcs->items()) {
      const std::string ptr = "/services/" + escape_pointer(name);
      if (!value.is_object()) {
        r.error(ptr, "expected an object");
        continue;
      }
      services[name] = Service{name, r.str(value, "display_name", ptr), r.str(value, "start_mode", ptr),
                               r.str(value, "state", ptr), r.str(value, "account", ptr)};
    }
    s.services = std::move(services);
  }
  if (const Json* ap = r.object(doc, "audit_policy", "")) {
    std::map<std::string, AuditSetting, ILess> audit;
    for (const auto& [guid, value] : ap->items()) {
      const std::string ptr = "/audit_policy/" + escape_pointer(guid);
      if (!value.is_object()) {
        r.error(ptr, "expected an object");
        continue;
      }
      audit[normalize_guid(guid)] = AuditSetting{r.str(value, "name", ptr), r.boolean(value, "success", ptr, false),
                                                 r.boolean(value, "failure", ptr, false)};
    }
    s.audit_policy = std::move(audit);
  }
  if (const Json* iis = r.object(doc, "iis", "")) s.iis = iis_from_json(r, *iis, "/iis", streamed);
  if (!r.ok()) return fail(r.take_error());
  return s;
}
}  // namespace

Result<Snapshot> snapshot_from_json(const Json& doc, std::string_view file, bool require_schema) {
  return from_json(doc, file, require_schema, nullptr);
}

namespace {
// Converts each element of /iis/scopes and /iis/files as soon as the parser completes it, and drops
// it from the tree: a 10,000-site snapshot (1 GB of JSON) never exists as a whole JSON tree.
class StreamingCallback {
 public:
  explicit StreamingCallback(Streamed& out) : out_(out) {}

  bool operator()(int depth, nlohmann::json::parse_event_t event, Json& parsed) {
    using E = nlohmann::json::parse_event_t;
    switch (event) {
      case E::key:
        if (depth == 1) {
          top_ = parsed.is_string() ? parsed.get<std::string>() : std::string();
          if (top_ == "iis") reset(Target::kNone, true);  // a repeated "iis" replaces the first
        } else if (depth == 2 && top_ == "iis" && parsed.is_string()) {
          member_ = parsed.get<std::string>();
        }
        return true;
      case E::array_start:
        if (depth == 2 && top_ == "iis" && target_ == Target::kNone) {
          if (member_ == "scopes") reset(Target::kScopes, false);
          if (member_ == "files") reset(Target::kFiles, false);
        }
        return true;
      case E::array_end:
        if (depth == 2 && target_ != Target::kNone) {
          target_ = Target::kNone;
          return true;
        }
        return depth == 3 && target_ != Target::kNone ? take(parsed) : true;
      case E::object_end:
      case E::value:
        return depth == 3 && target_ != Target::kNone ? take(parsed) : true;
      case E::object_start:
        return true;
    }
    return true;
  }

 private:
  enum class Target { kNone, kScopes, kFiles };

  void reset(Target target, bool all) {
    if (all || target == Target::kScopes) out_.scopes.clear();
    if (all || target == Target::kFiles) out_.files.clear();
    target_ = target;
    index_ = 0;
  }

  // One element of the array being streamed: converted (errors name its JSON pointer) and dropped.
  bool take(const Json& element) {
    if (!out_.reader.ok()) return false;
    const std::string at = std::to_string(index_++);
    if (target_ == Target::kScopes) {
      out_.scopes.push_back(scope_from_json(out_.reader, element, "/iis/scopes/" + at));
    } else {
      out_.files.push_back(file_from_json(out_.reader, element, "/iis/files/" + at));
    }
    return false;
  }

  Streamed& out_;
  std::string top_;
  std::string member_;
  Target target_ = Target::kNone;
  std::size_t index_ = 0;
};

// Parses `input` (text or a FILE*) with the streaming callback; `locate` turns the byte offset of a
// syntax error into a location.
template <typename Input, typename Locate>
Result<Snapshot> parse_streamed(Input&& input, std::string_view file, Locate&& locate) {
  Streamed streamed{std::string(file)};
  Json doc;
  try {
    doc = Json::parse(std::forward<Input>(input), StreamingCallback(streamed));
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based and points just past the offending character.
    const std::size_t offset = e.byte > 0 ? static_cast<std::size_t>(e.byte - 1) : 0;
    std::string what = e.what();
    if (const auto pos = what.find("; last read"); pos != std::string::npos) what = what.substr(pos + 2);
    return fail(ErrorCode::kParse, "malformed JSON: " + what, locate(offset));
  } catch (const nlohmann::json::exception& e) {
    // Not a syntax error but a value the parser cannot hold (a number that overflows a double,
    // found by fuzzing): nlohmann gives no offset for these.
    std::string what = e.what();
    if (const auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
    return fail(ErrorCode::kParse, "malformed JSON: " + what, SourceLocation(std::string(file)));
  }
  return from_json(doc, file, true, &streamed);
}
}  // namespace

Result<Snapshot> parse_snapshot(std::string_view text, std::string_view file) {
  return parse_streamed(text, file, [&](std::size_t offset) { return location_of_offset(text, offset, file); });
}

Result<Snapshot> parse_snapshot_file(const std::filesystem::path& path) {
  const std::string name = path_string(path);
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return fail(ErrorCode::kInvalidArgument, "is a directory, not a file", SourceLocation{name});
  }
  if (!std::filesystem::exists(path, ec)) return fail(ErrorCode::kNotFound, "no such file", SourceLocation{name});
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > limits::kMaxSnapshotBytes) {
    return fail(ErrorCode::kLimit, "snapshot is larger than " + std::to_string(limits::kMaxSnapshotBytes) + " bytes",
                SourceLocation{name});
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(
#ifdef _WIN32
      _wfopen(path.c_str(), L"rb"),
#else
      std::fopen(path.c_str(), "rb"),
#endif
      &std::fclose);
  if (f == nullptr) return fail(ErrorCode::kIo, "cannot open for reading", SourceLocation{name});
  auto result = parse_streamed(f.get(), name, [&](std::size_t offset) {
    // Only for an error: read the text up to the offset again to name its line and column.
    std::string prefix(offset, '\0');
    std::rewind(f.get());
    prefix.resize(std::fread(prefix.data(), 1, offset, f.get()));
    return location_of_offset(prefix, prefix.size(), name);
  });
  if (!result && std::ferror(f.get()) != 0) return fail(ErrorCode::kIo, "read failed", SourceLocation{name});
  return result;
}

}  // namespace temper::model
