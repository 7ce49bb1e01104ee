// SPDX-License-Identifier: Apache-2.0
// Where an IIS change is written: at the finding's configuration path, in the file that holds the
// value there (the scope's own web.config, or a <location> of applicationHost.config when the value
// is set there or the section cannot be set below it), with the value before as the audit saw it.
#include <algorithm>

#include "core/strings.hpp"
#include "model/iis.hpp"
#include "plan/detail/building.hpp"

namespace temper::plan::detail {
namespace {

std::string strip_clr(std::string_view path, std::string& clr) {
  if (istarts_with(path, model::kClr2Prefix)) {
    clr = "2.0";
    return std::string(path.substr(model::kClr2Prefix.size()));
  }
  return std::string(path);
}

// The configuration path a fix at this finding targets: sections of applicationHost's own
// (system.applicationHost/...) and findings without an IIS path are decided at APPHOST.
std::string target_path(const model::IisConfigFix& fix, const model::Finding& finding) {
  if (istarts_with(fix.element, "system.applicationHost/")) return std::string(model::kApphostPath);
  if (finding.scope.empty() || istarts_with(finding.scope, "apppool:")) return std::string(model::kApphostPath);
  return finding.scope;
}

// Whether the value at `scope` comes from a <location> in applicationHost.config rather than the
// scope's own file.
bool set_by_location(const engine::IisValue& v, const model::IisScope& scope) {
  if (!v.present || v.from_default || !iequals(v.defined_at, scope.path) || scope.file.empty()) return false;
  return !istarts_with(v.origin, scope.file);
}

Change make(const engine::IisIndex& index, const std::string& path_text, const std::string& element, const std::string& attribute,
            const std::string& after, bool remove, std::string& problem) {
  IisConfigChange c;
  c.config_path = path_text;
  c.element = element;
  c.attribute = attribute;
  c.after = after;
  c.remove = remove;
  const auto path = engine::parse_element_path(element);
  if (!path) {
    problem = path.error().message;
    return c;
  }
  c.is_item = !path->empty() && !path->back().predicates.empty();
  const engine::IisQuery query = engine::make_query(index, *path);
  c.section = query.section.empty() ? (query.prefixes.empty() ? element : query.prefixes.back()) : query.section;
  const model::IisScope* scope = index.scope(path_text);
  if (scope == nullptr) {
    problem = "not collected: IIS configuration at " + path_text;
    return c;
  }
  const engine::IisValue v = engine::lookup_iis(index, *scope, query, element, attribute);
  if (!v.not_collected.empty()) {
    c.before = Before::kUnknown;
  } else if (!v.present || v.from_default) {
    c.before = Before::kAbsent;
    c.before_value = v.present ? v.value : std::string();
    c.before_origin = v.present ? v.origin : std::string();
  } else {
    c.before = Before::kPresent;
    c.before_value = v.value;
    c.before_origin = v.origin;
  }
  // Where to write: the scope's own file when it may set the section, else a <location> in
  // applicationHost.config (also where a <location> set the value being replaced).
  const bool own_level = scope->kind == model::IisScopeKind::kServer || scope->kind == model::IisScopeKind::kMachine ||
                         scope->kind == model::IisScopeKind::kWebRoot;
  const model::IisScope* apphost = index.scope(model::kApphostPath);
  if (!own_level && (set_by_location(v, *scope) || !index.can_set(*scope, c.section))) {
    c.ps_path = std::string(model::kApphostPath);
    c.location = path_text.substr(model::kApphostPath.size() + 1);
    c.file = apphost != nullptr ? apphost->file : std::string();
  } else {
    c.ps_path = strip_clr(path_text, c.clr);
    c.file = scope->file;
  }
  return c;
}

// The key attribute of the collections learned allow lists fill.
std::string item_key(std::string_view collection) {
  if (iends_with(collection, "/fileExtensions")) return "fileExtension";
  if (iends_with(collection, "/verbs")) return "verb";
  return {};
}

std::string quote_item(const std::string& value) {
  std::string out;
  for (char ch : value) {
    if (ch != '\'') out += ch;
  }
  return out;
}
}  // namespace

Change iis_change(const model::IisConfigFix& fix, const model::Finding& finding, const model::Snapshot& s, const engine::IisIndex* index,
                  std::string& problem) {
  if (!s.iis || index == nullptr) {
    problem = "not collected: IIS configuration";
    return IisConfigChange{};
  }
  return make(*index, target_path(fix, finding), fix.element, fix.attribute, fix.value, fix.remove, problem);
}

std::vector<Change> allow_items(const model::IisConfigFix& fix, const std::vector<std::string>& items, const model::Finding& finding,
                                const model::Snapshot& s, const engine::IisIndex* index, std::string& problem) {
  std::vector<Change> out;
  const std::string key = item_key(fix.element);
  if (key.empty()) {
    problem = "a learned allow list for " + fix.element + ", which is not a collection temper can add items to";
    return out;
  }
  if (!s.iis || index == nullptr) {
    problem = "not collected: IIS configuration";
    return out;
  }
  for (const auto& item : items) {
    const std::string element = fix.element + "/add[@" + key + "='" + quote_item(item) + "']";
    out.push_back(make(*index, target_path(fix, finding), element, "allowed", "true", false, problem));
  }
  return out;
}

}  // namespace temper::plan::detail
