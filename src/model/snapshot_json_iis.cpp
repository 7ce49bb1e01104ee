// SPDX-License-Identifier: Apache-2.0
// temper.snapshot/1 JSON: reading the "iis" object.
#include <algorithm>

#include "core/limits.hpp"
#include "core/strings.hpp"
#include "model/detail/snapshot_reader.hpp"
#include "model/iis_schema.hpp"

namespace temper::model::detail {
namespace {
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

}  // namespace

IisScope scope_from_json(Reader& r, const Json& c, const std::string& cptr) {
  if (!c.is_object()) {
    r.error(cptr, "expected an object");
    return {};
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
  return scope;
}

IisConfigFile file_from_json(Reader& r, const Json& f, const std::string& fptr) {
  if (!f.is_object()) {
    r.error(fptr, "expected an object");
    return {};
  }
  return IisConfigFile{r.str(f, "path", fptr), r.str(f, "role", fptr), r.str(f, "config_path", fptr),
                       r.str(f, "sha256", fptr), r.str(f, "content", fptr)};
}

Iis iis_from_json(Reader& r, const Json& j, const std::string& ptr, Streamed* streamed) {
  Iis iis;
  iis.installed = r.boolean(j, "installed", ptr, true);
  iis.version = r.str(j, "version", ptr);
  if (const Json* files = r.array(j, "files", ptr)) {
    for (std::size_t i = 0; i < files->size() && r.ok(); ++i) {
      iis.files.push_back(file_from_json(r, (*files)[i], ptr + "/files/" + std::to_string(i)));
    }
  }
  if (streamed != nullptr) {
    for (auto& f : streamed->files) iis.files.push_back(std::move(f));
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
      iis.scopes.push_back(scope_from_json(r, (*scopes)[i], ptr + "/scopes/" + std::to_string(i)));
    }
  }
  if (streamed != nullptr) {
    for (auto& sc : streamed->scopes) iis.scopes.push_back(std::move(sc));
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

}  // namespace temper::model::detail
