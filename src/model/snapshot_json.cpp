// SPDX-License-Identifier: Apache-2.0
// temper.snapshot/1 <-> JSON.
#include "model/snapshot_json.hpp"

#include <algorithm>
#include <charconv>

#include "core/limits.hpp"
#include "model/iis_schema.hpp"
#include "model/sid.hpp"

namespace temper::model {
namespace {
using Json = nlohmann::ordered_json;

// Reads typed members out of a JSON object, remembering the first error with its JSON pointer.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[nodiscard]] bool ok() const { return !error_; }
  Error take_error() { return std::move(*error_); }

  void error(const std::string& pointer, const std::string& what) {
    if (error_) return;
    error_ = Error{ErrorCode::kInvalidArgument, (pointer.empty() ? "/" : pointer) + ": " + what, 0,
                   file_.empty() ? std::nullopt : std::optional<SourceLocation>(SourceLocation{file_})};
  }

  const Json* object(const Json& parent, std::string_view key, const std::string& ptr, bool required = false) {
    const auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) {
      if (required) error(ptr + "/" + std::string(key), "missing object");
      return nullptr;
    }
    if (!it->is_object()) {
      error(ptr + "/" + std::string(key), "expected an object");
      return nullptr;
    }
    return &*it;
  }

  const Json* array(const Json& parent, std::string_view key, const std::string& ptr) {
    const auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) return nullptr;
    if (!it->is_array()) {
      error(ptr + "/" + std::string(key), "expected an array");
      return nullptr;
    }
    return &*it;
  }

  std::string str(const Json& parent, std::string_view key, const std::string& ptr, std::string def = {}) {
    const auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) return def;
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_integer()) return std::to_string(it->get<long long>());
    error(ptr + "/" + std::string(key), "expected a string");
    return def;
  }

  bool boolean(const Json& parent, std::string_view key, const std::string& ptr, bool def) {
    const auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) return def;
    if (it->is_boolean()) return it->get<bool>();
    error(ptr + "/" + std::string(key), "expected true or false");
    return def;
  }

  std::uint64_t u64(const Json& parent, std::string_view key, const std::string& ptr) {
    const auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) return 0;
    if (it->is_number_unsigned() || (it->is_number_integer() && it->get<long long>() >= 0)) {
      return it->get<std::uint64_t>();
    }
    error(ptr + "/" + std::string(key), "expected a non-negative integer");
    return 0;
  }

  std::vector<std::string> strings(const Json& value, const std::string& ptr) {
    std::vector<std::string> out;
    if (!value.is_array()) {
      error(ptr, "expected an array of strings");
      return out;
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!value[i].is_string()) {
        error(ptr + "/" + std::to_string(i), "expected a string");
        return out;
      }
      out.push_back(value[i].get<std::string>());
    }
    return out;
  }

 private:
  std::string file_;
  std::optional<Error> error_;
};

std::string escape_pointer(std::string_view key) {
  std::string out;
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

// ---- writing -------------------------------------------------------------------------------

Json reg_value_to_json(const RegValue& v) {
  Json j;
  j["type"] = std::string(reg_type_name(v.type));
  if (v.is_number()) {
    j["data"] = v.number;
  } else if (v.is_text()) {
    j["data"] = v.text;
  } else if (v.type == RegType::kMultiSz) {
    j["data"] = v.multi;
  } else {
    j["data"] = v.display();  // hex
  }
  return j;
}

Json element_to_json(const ConfigElement& e) {
  Json j;
  j["name"] = e.name;
  if (!e.origin.empty()) j["origin"] = e.origin;
  if (!e.attributes.empty()) {
    Json attrs = Json::object();
    for (const auto& [name, a] : e.attributes) {
      // A secret is written masked, with its class, so the snapshot judges as the resolved view did.
      if (a.origin.empty() && !a.locked && a.secret == SecretClass::kNone) {
        attrs[name] = a.value;
      } else {
        Json aj;
        aj["value"] = a.shown_value();
        if (!a.origin.empty()) aj["origin"] = a.origin;
        if (a.locked) aj["locked"] = true;
        if (a.secret != SecretClass::kNone) aj["secret"] = secret_class_name(a.secret);
        attrs[name] = std::move(aj);
      }
    }
    j["attributes"] = std::move(attrs);
  }
  if (!e.children.empty()) {
    Json kids = Json::array();
    for (const auto& c : e.children) kids.push_back(element_to_json(c));
    j["children"] = std::move(kids);
  }
  return j;
}

Json iis_to_json(const Iis& iis) {
  Json j;
  j["installed"] = iis.installed;
  if (!iis.version.empty()) j["version"] = iis.version;
  Json files = Json::array();
  for (const auto& f : iis.files) {
    Json fj;
    fj["path"] = f.path;
    fj["role"] = f.role;
    if (!f.config_path.empty()) fj["config_path"] = f.config_path;
    if (!f.sha256.empty()) fj["sha256"] = f.sha256;
    if (!f.content.empty()) fj["content"] = f.content;
    files.push_back(std::move(fj));
  }
  j["files"] = std::move(files);
  Json pools = Json::array();
  for (const auto& p : iis.app_pools) {
    Json pj;
    pj["name"] = p.name;
    pj["identity_type"] = p.identity_type;
    if (!p.user_name.empty()) pj["user_name"] = p.user_name;
    pj["managed_runtime_version"] = p.managed_runtime_version;
    pj["pipeline_mode"] = p.pipeline_mode;
    pj["logon_type"] = p.logon_type;
    pj["load_user_profile"] = p.load_user_profile;
    pools.push_back(std::move(pj));
  }
  j["app_pools"] = std::move(pools);
  Json sites = Json::array();
  for (const auto& s : iis.sites) {
    Json sj;
    sj["name"] = s.name;
    sj["id"] = s.id;
    Json bindings = Json::array();
    for (const auto& b : s.bindings) {
      Json bj;
      bj["protocol"] = b.protocol;
      bj["binding_information"] = b.binding_information;
      if (!b.ssl_flags.empty()) bj["ssl_flags"] = b.ssl_flags;
      bindings.push_back(std::move(bj));
    }
    sj["bindings"] = std::move(bindings);
    Json apps = Json::array();
    for (const auto& a : s.applications) {
      Json aj;
      aj["path"] = a.path;
      aj["application_pool"] = a.application_pool;
      Json vdirs = Json::array();
      for (const auto& v : a.virtual_directories) {
        Json vj;
        vj["path"] = v.path;
        vj["physical_path"] = v.physical_path;
        if (!v.user_name.empty()) vj["user_name"] = v.user_name;
        if (!v.allow_sub_dir_config) vj["allow_sub_dir_config"] = false;
        vdirs.push_back(std::move(vj));
      }
      aj["virtual_directories"] = std::move(vdirs);
      apps.push_back(std::move(aj));
    }
    sj["applications"] = std::move(apps);
    sites.push_back(std::move(sj));
  }
  j["sites"] = std::move(sites);
  Json scopes = Json::array();
  for (const auto& sc : iis.scopes) {
    Json scj;
    scj["path"] = sc.path;
    if (!sc.parent.empty()) scj["parent"] = sc.parent;
    scj["kind"] = std::string(iis_scope_kind_name(sc.kind));
    if (!sc.physical_path.empty()) scj["physical_path"] = sc.physical_path;
    if (!sc.file.empty()) scj["file"] = sc.file;
    scj["file_state"] = std::string(iis_file_state_name(sc.file_state));
    Json sections = Json::object();
    for (const auto& [name, e] : sc.sections) sections[name] = element_to_json(*e);
    scj["sections"] = std::move(sections);
    scopes.push_back(std::move(scj));
  }
  j["scopes"] = std::move(scopes);
  if (!iis.section_rules.empty()) {
    Json rules = Json::array();
    for (const auto& r : iis.section_rules) {
      rules.push_back(Json{{"section", r.section},
                           {"declared_in", r.declared_in_apphost ? "applicationHost.config" : "machine.config"},
                           {"override_allowed", r.override_allowed},
                           {"allow_definition", r.allow_definition}});
    }
    j["section_rules"] = std::move(rules);
  }
  if (!iis.section_overrides.empty()) {
    Json overrides = Json::array();
    for (const auto& o : iis.section_overrides) {
      overrides.push_back(Json{{"path", o.path}, {"section", o.section}, {"allow", o.allow}});
    }
    j["section_overrides"] = std::move(overrides);
  }
  return j;
}

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

// Snapshots written before attributes carried a `secret` class hold masks only: "[REDACTED]" (a whole
// value, or "Password=[REDACTED]" inside a connection string) and "[encrypted]". Read them as the class
// they stood for, so an old snapshot does not pass the secret rules.
SecretClass legacy_secret_class(std::string_view value) {
  if (value == kRedacted || value.find("=" + std::string(kRedacted)) != std::string_view::npos) return SecretClass::kPlaintext;
  if (value == "[encrypted]") return SecretClass::kEncrypted;
  return SecretClass::kNone;
}

ConfigElement element_from_json(Reader& r, const Json& j, const std::string& ptr, std::size_t depth) {
  ConfigElement e;
  if (depth > limits::kMaxNestingDepth) {
    r.error(ptr, "configuration elements nested too deeply");
    return e;
  }
  if (!j.is_object()) {
    r.error(ptr, "expected an element object");
    return e;
  }
  e.name = r.str(j, "name", ptr);
  e.origin = r.str(j, "origin", ptr);
  if (const Json* attrs = r.object(j, "attributes", ptr)) {
    for (const auto& [name, value] : attrs->items()) {
      const std::string aptr = ptr + "/attributes/" + escape_pointer(name);
      ConfigAttribute a;
      if (value.is_string()) {
        a.value = value.get<std::string>();
        a.secret = legacy_secret_class(a.value);
      } else if (value.is_boolean()) {
        a.value = value.get<bool>() ? "true" : "false";
      } else if (value.is_number_integer()) {
        a.value = std::to_string(value.get<long long>());
      } else if (value.is_object()) {
        a.value = r.str(value, "value", aptr);
        a.origin = r.str(value, "origin", aptr);
        a.locked = r.boolean(value, "locked", aptr, false);
        const std::string secret = r.str(value, "secret", aptr, std::string(secret_class_name(legacy_secret_class(a.value))));
        if (const auto cls = parse_secret_class(secret)) {
          a.secret = *cls;
        } else {
          r.error(aptr + "/secret", "unknown secret class '" + secret + "' (none, plaintext, encrypted, generated, empty)");
        }
      } else {
        r.error(aptr, "expected a string or {\"value\", \"origin\", \"locked\", \"secret\"}");
      }
      e.attributes[name] = std::move(a);
    }
  }
  if (const Json* kids = r.array(j, "children", ptr)) {
    for (std::size_t i = 0; i < kids->size() && r.ok(); ++i) {
      e.children.push_back(element_from_json(r, (*kids)[i], ptr + "/children/" + std::to_string(i), depth + 1));
    }
  }
  return e;
}

Iis iis_from_json(Reader& r, const Json& j, const std::string& ptr) {
  Iis iis;
  iis.installed = r.boolean(j, "installed", ptr, true);
  iis.version = r.str(j, "version", ptr);
  if (const Json* files = r.array(j, "files", ptr)) {
    for (std::size_t i = 0; i < files->size(); ++i) {
      const std::string fptr = ptr + "/files/" + std::to_string(i);
      const Json& f = (*files)[i];
      if (!f.is_object()) {
        r.error(fptr, "expected an object");
        break;
      }
      iis.files.push_back(IisConfigFile{r.str(f, "path", fptr), r.str(f, "role", fptr), r.str(f, "config_path", fptr),
                                        r.str(f, "sha256", fptr), r.str(f, "content", fptr)});
    }
  }
  if (const Json* pools = r.array(j, "app_pools", ptr)) {
    for (std::size_t i = 0; i < pools->size(); ++i) {
      const std::string pptr = ptr + "/app_pools/" + std::to_string(i);
      const Json& p = (*pools)[i];
      if (!p.is_object()) {
        r.error(pptr, "expected an object");
        break;
      }
      IisAppPool pool;
      pool.name = r.str(p, "name", pptr);
      constexpr std::string_view kPm = "system.applicationHost/applicationPools/add/processModel";
      constexpr std::string_view kAdd = "system.applicationHost/applicationPools/add";
      pool.identity_type = r.str(p, "identity_type", pptr, iis_schema_value(kPm, "identityType"));
      pool.user_name = r.str(p, "user_name", pptr);
      pool.managed_runtime_version = r.str(p, "managed_runtime_version", pptr, iis_schema_value(kAdd, "managedRuntimeVersion"));
      pool.pipeline_mode = r.str(p, "pipeline_mode", pptr, iis_schema_value(kAdd, "managedPipelineMode"));
      pool.logon_type = r.str(p, "logon_type", pptr, iis_schema_value(kPm, "logonType"));
      pool.load_user_profile = r.boolean(p, "load_user_profile", pptr, false);
      iis.app_pools.push_back(std::move(pool));
    }
  }
  if (const Json* sites = r.array(j, "sites", ptr)) {
    for (std::size_t i = 0; i < sites->size(); ++i) {
      const std::string sptr = ptr + "/sites/" + std::to_string(i);
      const Json& s = (*sites)[i];
      if (!s.is_object()) {
        r.error(sptr, "expected an object");
        break;
      }
      IisSite site;
      site.name = r.str(s, "name", sptr);
      site.id = r.u64(s, "id", sptr);
      if (const Json* bindings = r.array(s, "bindings", sptr)) {
        for (std::size_t k = 0; k < bindings->size(); ++k) {
          const std::string bptr = sptr + "/bindings/" + std::to_string(k);
          const Json& b = (*bindings)[k];
          if (!b.is_object()) {
            r.error(bptr, "expected an object");
            break;
          }
          site.bindings.push_back(
              IisBinding{r.str(b, "protocol", bptr), r.str(b, "binding_information", bptr), r.str(b, "ssl_flags", bptr)});
        }
      }
      if (const Json* apps = r.array(s, "applications", sptr)) {
        for (std::size_t k = 0; k < apps->size(); ++k) {
          const std::string aptr = sptr + "/applications/" + std::to_string(k);
          const Json& a = (*apps)[k];
          if (!a.is_object()) {
            r.error(aptr, "expected an object");
            break;
          }
          IisApplication app;
          app.path = r.str(a, "path", aptr);
          app.application_pool = r.str(a, "application_pool", aptr);
          if (const Json* vdirs = r.array(a, "virtual_directories", aptr)) {
            for (std::size_t m = 0; m < vdirs->size(); ++m) {
              const std::string vptr = aptr + "/virtual_directories/" + std::to_string(m);
              const Json& v = (*vdirs)[m];
              if (!v.is_object()) {
                r.error(vptr, "expected an object");
                break;
              }
              app.virtual_directories.push_back(IisVirtualDirectory{r.str(v, "path", vptr),
                                                                    r.str(v, "physical_path", vptr),
                                                                    r.str(v, "user_name", vptr),
                                                                    r.boolean(v, "allow_sub_dir_config", vptr, true)});
            }
          }
          site.applications.push_back(std::move(app));
        }
      }
      iis.sites.push_back(std::move(site));
    }
  }
  if (const Json* scopes = r.array(j, "scopes", ptr)) {
    for (std::size_t i = 0; i < scopes->size() && r.ok(); ++i) {
      const std::string cptr = ptr + "/scopes/" + std::to_string(i);
      const Json& c = (*scopes)[i];
      if (!c.is_object()) {
        r.error(cptr, "expected an object");
        break;
      }
      IisScope scope;
      scope.path = r.str(c, "path", cptr);
      if (scope.path.empty()) r.error(cptr + "/path", "missing configuration path");
      scope.parent = r.str(c, "parent", cptr);
      const std::string kind = r.str(c, "kind", cptr, "server");
      if (auto k = parse_iis_scope_kind(kind)) {
        scope.kind = *k;
      } else {
        r.error(cptr + "/kind", "unknown scope kind '" + kind + "'");
      }
      scope.physical_path = r.str(c, "physical_path", cptr);
      scope.file = r.str(c, "file", cptr);
      // A scope without file_state states its effective configuration outright (a hand-written
      // snapshot): it counts as collected.
      const std::string state = r.str(c, "file_state", cptr, "collected");
      if (auto st = parse_iis_file_state(state)) {
        scope.file_state = *st;
      } else {
        r.error(cptr + "/file_state", "unknown file state '" + state + "' (collected, absent, not_collected, damaged)");
      }
      if (const Json* sections = r.object(c, "sections", cptr)) {
        for (const auto& [name, value] : sections->items()) {
          scope.sections[name] = element_from_json(r, value, cptr + "/sections/" + escape_pointer(name), 0);
        }
      }
      iis.scopes.push_back(std::move(scope));
    }
  }
  if (const Json* rules = r.array(j, "section_rules", ptr)) {
    for (std::size_t i = 0; i < rules->size() && r.ok(); ++i) {
      const std::string rptr = ptr + "/section_rules/" + std::to_string(i);
      const Json& c = (*rules)[i];
      if (!c.is_object()) {
        r.error(rptr, "expected an object");
        break;
      }
      IisSectionRule rule;
      rule.section = r.str(c, "section", rptr);
      rule.declared_in_apphost = !iequals(r.str(c, "declared_in", rptr, "applicationHost.config"), "machine.config");
      rule.override_allowed = r.boolean(c, "override_allowed", rptr, true);
      rule.allow_definition = r.str(c, "allow_definition", rptr, "Everywhere");
      iis.section_rules.push_back(std::move(rule));
    }
    std::sort(iis.section_rules.begin(), iis.section_rules.end(),
              [](const IisSectionRule& a, const IisSectionRule& b) { return ILess{}(a.section, b.section); });
  }
  if (const Json* overrides = r.array(j, "section_overrides", ptr)) {
    for (std::size_t i = 0; i < overrides->size() && r.ok(); ++i) {
      const std::string optr = ptr + "/section_overrides/" + std::to_string(i);
      const Json& c = (*overrides)[i];
      if (!c.is_object()) {
        r.error(optr, "expected an object");
        break;
      }
      iis.section_overrides.push_back(
          IisSectionOverride{r.str(c, "path", optr), r.str(c, "section", optr), r.boolean(c, "allow", optr, true)});
    }
  }
  return iis;
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

Json snapshot_to_json(const Snapshot& s) {
  Json j;
  j["schema"] = std::string(kSnapshotSchema);
  Json host;
  host["name"] = s.host.name;
  host["os_name"] = s.host.os_name;
  host["os_version"] = s.host.os_version;
  host["os_build"] = s.host.os_build;
  host["role"] = s.host.role ? Json(std::string(role_name(*s.host.role))) : Json(nullptr);
  if (!s.host.domain.empty()) host["domain"] = s.host.domain;
  j["host"] = std::move(host);
  Json source;
  source["kind"] = std::string(source_kind_name(s.source.kind));
  if (!s.source.tool.empty()) source["tool"] = s.source.tool;
  if (!s.source.collected_at.empty()) source["collected_at"] = s.source.collected_at;
  if (!s.source.inputs.empty()) source["inputs"] = s.source.inputs;
  j["source"] = std::move(source);
  if (s.features) j["features"] = std::vector<std::string>(s.features->begin(), s.features->end());
  if (s.principals) {
    Json p;
    Json accounts = Json::array();
    for (const auto& a : s.principals->accounts) {
      Json aj;
      aj["sid"] = a.sid;
      aj["name"] = a.name;
      aj["kind"] = a.kind;
      accounts.push_back(std::move(aj));
    }
    p["accounts"] = std::move(accounts);
    Json groups = Json::array();
    for (const auto& g : s.principals->local_groups) {
      Json gj;
      gj["sid"] = g.sid;
      gj["name"] = g.name;
      gj["members"] = g.members;
      groups.push_back(std::move(gj));
    }
    p["local_groups"] = std::move(groups);
    j["principals"] = std::move(p);
  }
  if (s.user_rights) {
    Json ur = Json::object();
    for (const auto& [right, holders] : *s.user_rights) ur[right] = holders;
    j["user_rights"] = std::move(ur);
  }
  if (s.security_options) {
    Json so = Json::object();
    for (const auto& [name, v] : *s.security_options) {
      if (v.number && std::to_string(*v.number) == v.text) {
        so[name] = *v.number;
      } else {
        so[name] = v.text;
      }
    }
    j["security_options"] = std::move(so);
  }
  if (s.registry) {
    Json reg;
    reg["collected"] = s.registry->collected;
    Json keys = Json::object();
    for (const auto& [path, key] : s.registry->keys) {
      Json values = Json::object();
      for (const auto& [name, value] : key.values) values[name] = reg_value_to_json(value);
      keys[path] = std::move(values);
    }
    reg["keys"] = std::move(keys);
    j["registry"] = std::move(reg);
  }
  if (s.services) {
    Json svcs = Json::object();
    for (const auto& [name, svc] : *s.services) {
      Json sj;
      if (!svc.display_name.empty()) sj["display_name"] = svc.display_name;
      sj["start_mode"] = svc.start_mode;
      if (!svc.state.empty()) sj["state"] = svc.state;
      if (!svc.account.empty()) sj["account"] = svc.account;
      svcs[name] = std::move(sj);
    }
    j["services"] = std::move(svcs);
  }
  if (s.audit_policy) {
    Json ap = Json::object();
    for (const auto& [guid, setting] : *s.audit_policy) {
      Json aj;
      if (!setting.name.empty()) aj["name"] = setting.name;
      aj["success"] = setting.success;
      aj["failure"] = setting.failure;
      ap[guid] = std::move(aj);
    }
    j["audit_policy"] = std::move(ap);
  }
  if (s.iis) j["iis"] = iis_to_json(*s.iis);
  return j;
}

std::string write_snapshot(const Snapshot& snapshot) { return snapshot_to_json(snapshot).dump(2) + "\n"; }

Result<Snapshot> snapshot_from_json(const Json& doc, std::string_view file, bool require_schema) {
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
  if (const Json* reg = r.object(doc, "registry", "")) {
    Registry registry;
    if (const Json* collected = r.array(*reg, "collected", "/registry")) {
      for (const auto& c : r.strings(*collected, "/registry/collected")) {
        registry.collected.push_back(Registry::canonical_path(c));
      }
    }
    if (const Json* keys = r.object(*reg, "keys", "/registry")) {
      for (const auto& [path, values] : keys->items()) {
        const std::string kptr = "/registry/keys/" + escape_pointer(path);
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
    s.registry = std::move(registry);
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
  if (const Json* iis = r.object(doc, "iis", "")) s.iis = iis_from_json(r, *iis, "/iis");
  if (!r.ok()) return fail(r.take_error());
  return s;
}

Result<Snapshot> parse_snapshot(std::string_view text, std::string_view file) {
  Json doc;
  try {
    doc = Json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based and points just past the offending character.
    const std::size_t offset = e.byte > 0 ? static_cast<std::size_t>(e.byte - 1) : 0;
    std::string what = e.what();
    if (const auto pos = what.find("; last read"); pos != std::string::npos) what = what.substr(pos + 2);
    return fail(ErrorCode::kParse, "malformed JSON: " + what, location_of_offset(text, offset, file));
  } catch (const nlohmann::json::exception& e) {
    // Not a syntax error but a value the parser cannot hold (a number that overflows a double,
    // found by fuzzing): nlohmann gives no offset for these.
    std::string what = e.what();
    if (const auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
    return fail(ErrorCode::kParse, "malformed JSON: " + what, SourceLocation(std::string(file)));
  }
  return snapshot_from_json(doc, file, true);
}

}  // namespace temper::model
