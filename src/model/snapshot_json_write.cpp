// SPDX-License-Identifier: Apache-2.0
// temper.snapshot/1 JSON: writing. The snapshot of a hosting server is large (about 100 KB per
// site), so the writer streams its two large arrays, IIS configuration files and scopes, element
// by element: the text is never held whole, nor is a JSON tree of them.
#include <cstdio>

#include "model/snapshot_json.hpp"

#include "core/json_stream.hpp"

namespace temper::model {
namespace {
using Json = nlohmann::ordered_json;

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

// A "registry" object: the roots read completely, then the keys with their values.
Json registry_to_json(const Registry& r) {
  Json reg;
  reg["collected"] = r.collected;
  Json keys = Json::object();
  for (const auto& [path, key] : r.keys) {
    Json values = Json::object();
    for (const auto& [name, value] : key.values) values[name] = reg_value_to_json(value);
    keys[path] = std::move(values);
  }
  reg["keys"] = std::move(keys);
  return reg;
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

Json file_to_json(const IisConfigFile& f) {
  Json fj;
  fj["path"] = f.path;
  fj["role"] = f.role;
  if (!f.config_path.empty()) fj["config_path"] = f.config_path;
  if (!f.sha256.empty()) fj["sha256"] = f.sha256;
  if (!f.content.empty()) fj["content"] = f.content;
  return fj;
}

Json scope_to_json(const IisScope& sc) {
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
  return scj;
}

// The "iis" object; `with_streamed` false leaves "files" and "scopes" empty (the streaming writer
// writes them element by element).
Json iis_to_json(const Iis& iis, bool with_streamed) {
  Json j;
  j["installed"] = iis.installed;
  if (!iis.version.empty()) j["version"] = iis.version;
  j["files"] = Json::array();
  if (with_streamed) {
    for (const auto& f : iis.files) j["files"].push_back(file_to_json(f));
  }
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
  j["scopes"] = Json::array();
  if (with_streamed) {
    for (const auto& sc : iis.scopes) j["scopes"].push_back(scope_to_json(sc));
  }
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

// Everything but "iis".
Json head_to_json(const Snapshot& s) {
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
  if (s.registry) j["registry"] = registry_to_json(*s.registry);
  if (s.user_registry) {
    Json users = Json::object();
    for (const auto& [user, reg] : *s.user_registry) users[user] = registry_to_json(reg);
    j["user_registry"] = std::move(users);
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
  return j;
}


}  // namespace

Json snapshot_to_json(const Snapshot& s) {
  Json j = head_to_json(s);
  if (s.iis) j["iis"] = iis_to_json(*s.iis, true);
  return j;
}

bool write_snapshot(const Snapshot& snapshot, const SnapshotSink& sink) {
  // The same bytes as snapshot_to_json(snapshot).dump(2) and a newline.
  JsonStream out(sink);
  const std::string head = head_to_json(snapshot).dump(2);
  if (!snapshot.iis) {
    out.put(head);
    out.put("\n");
    return out.finish();
  }
  out.put_open_object(head);
  out.put(",\n  \"iis\": {");
  const Json iis = iis_to_json(*snapshot.iis, false);
  bool first = true;
  for (const auto& [key, value] : iis.items()) {
    out.put(first ? "\n    " : ",\n    ");
    first = false;
    out.put(Json(key).dump());
    out.put(": ");
    if (key == "files") {
      out.put_array(snapshot.iis->files, 4, [](const IisConfigFile& f) { return file_to_json(f).dump(2); });
    } else if (key == "scopes") {
      out.put_array(snapshot.iis->scopes, 4, [](const IisScope& sc) { return scope_to_json(sc).dump(2); });
    } else {
      out.put_value(value.dump(2), 4);
    }
  }
  out.put("\n  }\n}\n");
  return out.finish();
}

std::string write_snapshot(const Snapshot& snapshot) {
  std::string text;
  write_snapshot(snapshot, [&](std::string_view chunk) {
    text += chunk;
    return true;
  });
  return text;
}

}  // namespace temper::model
