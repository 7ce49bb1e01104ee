// SPDX-License-Identifier: Apache-2.0
// Effective IIS attribute lookup with attribute-level inheritance.
#include "engine/iis_lookup.hpp"

#include <algorithm>

#include "core/limits.hpp"
#include "core/strings.hpp"
#include "model/iis_schema.hpp"

namespace temper::engine {
namespace {

// Where navigation inside one scope's section ended.
enum class Walk { kFound, kMissingChild, kMissingItem };

Walk navigate(const model::ConfigElement& section, const std::vector<PathSegment>& path, std::size_t from,
              const model::ConfigElement*& out) {
  const model::ConfigElement* cur = &section;
  for (std::size_t i = from; i < path.size(); ++i) {
    const PathSegment& seg = path[i];
    const model::ConfigElement* next = nullptr;
    for (const auto& child : cur->children) {
      if (!iequals(child.name, seg.name)) continue;
      bool match = true;
      for (const auto& [attr, value] : seg.predicates) {
        const auto* a = child.attribute(attr);
        match = match && a != nullptr && a->shown_iequals(value);
      }
      if (match) {
        next = &child;
        break;
      }
    }
    if (next == nullptr) return seg.predicates.empty() ? Walk::kMissingChild : Walk::kMissingItem;
    cur = next;
  }
  out = cur;
  return Walk::kFound;
}

// The predicate-free prefixes of an element path, shortest first: the candidate section names.
std::vector<std::string> section_prefixes(const std::vector<PathSegment>& path) {
  std::vector<std::string> prefixes;
  std::string key;
  for (const auto& seg : path) {
    if (!seg.predicates.empty()) break;
    key += (key.empty() ? "" : "/") + seg.name;
    prefixes.push_back(key);
  }
  return prefixes;
}

// Find the section element in a scope: the longest path prefix that names a section. Scopes of
// the index are searched by section id; others (a scope built by hand) by name.
const model::ConfigElement* find_section(const IisIndex& index, const model::IisScope& scope,
                                         const std::vector<std::string>& prefixes,
                                         const std::vector<std::int32_t>& ids, std::size_t& consumed) {
  if (scope.sections.empty()) return nullptr;
  if (const std::ptrdiff_t pos = index.position(scope); pos >= 0 && ids.size() == prefixes.size()) {
    for (std::size_t k = ids.size(); k > 0; --k) {
      if (ids[k - 1] < 0) continue;
      if (const auto* e = index.section_at(static_cast<std::size_t>(pos), ids[k - 1])) {
        consumed = k;
        return e;
      }
    }
    return nullptr;
  }
  for (std::size_t k = prefixes.size(); k > 0; --k) {
    const auto it = scope.sections.find(prefixes[k - 1]);
    if (it != scope.sections.end()) {
      consumed = k;
      return it->second.get();
    }
  }
  return nullptr;
}

std::vector<std::int32_t> prefix_ids(const IisIndex& index, const std::vector<std::string>& prefixes) {
  std::vector<std::int32_t> ids;
  ids.reserve(prefixes.size());
  for (const auto& p : prefixes) ids.push_back(index.section_id(p));
  return ids;
}
}  // namespace

Result<std::vector<PathSegment>> parse_element_path(std::string_view path) {
  std::vector<PathSegment> out;
  std::size_t i = 0;
  const auto bad = [&](const std::string& why) {
    return fail(ErrorCode::kInvalidArgument, "element path '" + std::string(path) + "': " + why);
  };
  while (i <= path.size()) {
    PathSegment seg;
    while (i < path.size() && path[i] != '/' && path[i] != '[') seg.name.push_back(path[i++]);
    if (trim(seg.name).empty()) return bad("empty segment");
    while (i < path.size() && path[i] == '[') {
      ++i;
      if (i >= path.size() || path[i] != '@') return bad("a predicate must look like [@name='value']");
      ++i;
      std::string attr;
      while (i < path.size() && path[i] != '=' && path[i] != ']') attr.push_back(path[i++]);
      if (i >= path.size() || path[i] != '=' || attr.empty()) return bad("a predicate must look like [@name='value']");
      ++i;
      if (i >= path.size() || (path[i] != '\'' && path[i] != '"')) return bad("predicate value must be quoted");
      const char quote = path[i++];
      std::string value;
      while (i < path.size() && path[i] != quote) value.push_back(path[i++]);
      if (i >= path.size()) return bad("unterminated quote");
      ++i;
      if (i >= path.size() || path[i] != ']') return bad("missing ']'");
      ++i;
      seg.predicates.emplace_back(std::string(trim(attr)), value);
    }
    out.push_back(std::move(seg));
    if (i >= path.size()) break;
    if (path[i] != '/') return bad("unexpected character after a predicate");
    ++i;
    if (i == path.size()) return bad("trailing '/'");
  }
  return out;
}

namespace {
// The section an element path names: the longest predicate-free prefix that a collected file
// declares ("" when none does, e.g. in a hand-written snapshot).
std::string section_for(const model::Iis& iis, const std::vector<PathSegment>& path) {
  std::string key;
  std::string best;
  for (const auto& seg : path) {
    if (!seg.predicates.empty()) break;
    key += (key.empty() ? "" : "/") + seg.name;
    if (iis.section_rule(key) != nullptr) best = key;
  }
  return best;
}

// The position in `chain` of the level whose file an origin ("C:\\...\\web.config:12") names;
// chain.size() when it names none of them (then every level of the chain counts as below it).
std::size_t origin_level(std::string_view origin, const std::vector<const model::IisScope*>& chain) {
  const auto colon = origin.rfind(':');
  const std::string_view file = colon == std::string_view::npos || colon < 2 ? origin : origin.substr(0, colon);
  for (std::size_t i = 0; i < chain.size(); ++i) {
    if (!chain[i]->file.empty() && iequals(chain[i]->file, file)) return i;
  }
  return chain.size();
}

// Files of the levels below `until` that were not collected and could set `section`.
std::vector<std::string> unknown_below(const IisIndex& index, const std::vector<const model::IisScope*>& chain,
                                       std::size_t until, const std::string& section) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < chain.size() && i < until; ++i) {
    const model::IisScope& level = *chain[i];
    if (!level.unknown() || !index.can_set(level, section)) continue;
    std::string what = level.file.empty() ? "the configuration file of " + model::short_scope(level.path) : level.file;
    if (level.file_state == model::IisFileState::kDamaged) what += " (not valid XML)";
    out.push_back(std::move(what));
  }
  return out;
}
}  // namespace

IisIndex::IisIndex(const model::Iis& iis, std::string_view os_build) : iis_(iis) {
  long long build = 0;
  if (parse_int64(os_build, build) && build > 0 && build < 1000000) os_build_ = static_cast<unsigned>(build);
  for (const auto& s : iis.scopes) scopes_.emplace(s.path, &s);
  parent_.assign(iis.scopes.size(), -1);
  for (std::size_t i = 0; i < iis.scopes.size(); ++i) {
    if (iis.scopes[i].parent.empty()) continue;
    if (const auto it = scopes_.find(iis.scopes[i].parent); it != scopes_.end()) parent_[i] = it->second - iis.scopes.data();
  }
  section_begin_.reserve(iis.scopes.size() + 1);
  for (const auto& s : iis.scopes) {
    section_begin_.push_back(section_entries_.size());
    for (const auto& [name, element] : s.sections) {
      const auto id = section_ids_.emplace(name, static_cast<std::int32_t>(section_ids_.size())).first->second;
      section_entries_.emplace_back(id, element.get());
    }
    std::sort(section_entries_.begin() + static_cast<std::ptrdiff_t>(section_begin_.back()), section_entries_.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  section_begin_.push_back(section_entries_.size());
  for (const auto& o : iis.section_overrides) overrides_[o.section][o.path] = o.allow;
  if (const auto* server = scope(model::kApphostPath)) {
    if (const auto it = server->sections.find("system.applicationHost/sites"); it != server->sections.end()) {
      sites_ = it->second.get();
      for (const auto& site : sites_->children) {
        if (!iequals(site.name, "site")) continue;
        if (const auto* n = site.attribute("name")) site_elements_.emplace(n->value, &site);
      }
    }
  }
  for (const auto& pool : iis.app_pools) defined_pools_.insert(pool.name);
  std::set<std::string, ILess> undefined;
  for (const auto& site : iis.sites) {
    for (const auto& app : site.applications) {
      if (app.path == "/" || app.path.empty()) root_pools_[app.application_pool].push_back(site.name);
      if (!defined_pools_.contains(app.application_pool)) undefined.insert(app.application_pool);
    }
  }
  undefined_pools_.assign(undefined.begin(), undefined.end());
}

const model::IisScope* IisIndex::scope(std::string_view path) const {
  const auto it = scopes_.find(path);
  return it == scopes_.end() ? nullptr : it->second;
}

std::vector<const model::IisScope*> IisIndex::chain(const model::IisScope& scope) const {
  std::vector<const model::IisScope*> out{&scope};
  const model::IisScope* base = iis_.scopes.data();
  if (&scope < base || &scope >= base + iis_.scopes.size()) return out;  // not a scope of this snapshot
  std::ptrdiff_t cur = &scope - base;
  while (out.size() < limits::kMaxNestingDepth) {
    cur = parent_[static_cast<std::size_t>(cur)];
    if (cur < 0) break;
    const model::IisScope* p = base + cur;
    if (std::find(out.begin(), out.end(), p) != out.end()) break;  // a cycle in a hand-written snapshot
    out.push_back(p);
  }
  return out;
}

bool IisIndex::can_set(const model::IisScope& level, std::string_view section) const {
  const model::IisSectionRule* rule = section.empty() ? nullptr : iis_.section_rule(section);
  if (rule == nullptr) return true;  // unknown section: assume any file could set it
  const std::string& def = rule->allow_definition;
  switch (level.kind) {
    case model::IisScopeKind::kMachine:
      return !rule->declared_in_apphost && !iequals(def, "AppHostOnly");
    case model::IisScopeKind::kWebRoot:
      return !rule->declared_in_apphost && !iequals(def, "AppHostOnly") && !iequals(def, "MachineOnly");
    case model::IisScopeKind::kServer:
      return !iequals(def, "MachineOnly") && !iequals(def, "MachineToWebRoot");
    default:
      break;
  }
  if (iequals(def, "AppHostOnly") || iequals(def, "MachineOnly") || iequals(def, "MachineToWebRoot")) return false;
  if (iequals(def, "MachineToApplication") && level.kind != model::IisScopeKind::kSite &&
      level.kind != model::IisScopeKind::kApplication) {
    return false;
  }
  // overrideModeDefault, then <location overrideMode> locks from the top down, the deepest last.
  bool allowed = rule->override_allowed;
  const auto locks = overrides_.find(section);
  if (locks == overrides_.end()) return allowed;
  const std::string_view path = level.path;
  for (std::size_t end = 0; end != std::string_view::npos;) {
    end = path.find('/', end + 1);
    const std::string_view prefix = path.substr(0, end);
    if (const auto it = locks->second.find(prefix); it != locks->second.end()) allowed = it->second;
  }
  return allowed;
}

std::ptrdiff_t IisIndex::position(const model::IisScope& scope) const {
  const model::IisScope* base = iis_.scopes.data();
  if (&scope < base || &scope >= base + iis_.scopes.size()) return -1;
  return &scope - base;
}

std::int32_t IisIndex::section_id(std::string_view section) const {
  const auto it = section_ids_.find(section);
  return it == section_ids_.end() ? -1 : it->second;
}

const model::ConfigElement* IisIndex::section_at(std::size_t position, std::int32_t id) const {
  if (position + 1 >= section_begin_.size()) return nullptr;
  const auto first = section_entries_.begin() + static_cast<std::ptrdiff_t>(section_begin_[position]);
  const auto last = section_entries_.begin() + static_cast<std::ptrdiff_t>(section_begin_[position + 1]);
  const auto it = std::lower_bound(first, last, id, [](const auto& e, std::int32_t v) { return e.first < v; });
  return it != last && it->first == id ? it->second : nullptr;
}

const model::ConfigElement* IisIndex::site_element(std::string_view site_name) const {
  const auto it = site_elements_.find(site_name);
  return it == site_elements_.end() ? nullptr : it->second;
}

const std::vector<std::string>& IisIndex::sites_of_root_pool(std::string_view pool) const {
  static const std::vector<std::string> kNone;
  const auto it = root_pools_.find(pool);
  return it == root_pools_.end() ? kNone : it->second;
}

std::string not_collected_reason(const std::vector<std::string>& files) { return "not collected: " + join(files, ", "); }

IisQuery make_query(const IisIndex& index, std::vector<PathSegment> path) {
  IisQuery q;
  q.prefixes = section_prefixes(path);
  q.prefix_ids = prefix_ids(index, q.prefixes);
  q.section = section_for(index.iis(), path);
  q.path = std::move(path);
  return q;
}

IisValue lookup_iis(const IisIndex& index, const model::IisScope& scope, const std::vector<PathSegment>& path,
                    std::string_view element_text, std::string_view attribute) {
  return lookup_iis(index, scope, make_query(index, path), element_text, attribute);
}

IisValue lookup_iis(const IisIndex& index, const model::IisScope& scope, const IisQuery& query,
                    std::string_view element_text, std::string_view attribute) {
  const auto chain = index.chain(scope);
  const std::string& section = query.section;
  const auto& prefixes = query.prefixes;
  const auto& path = query.path;
  for (const model::IisScope* s : chain) {
    std::size_t consumed = 0;
    const model::ConfigElement* found = find_section(index, *s, prefixes, query.prefix_ids, consumed);
    if (found == nullptr) continue;
    const model::ConfigElement* element = nullptr;
    const Walk walk = navigate(*found, path, consumed, element);
    if (walk == Walk::kMissingItem) {
      // The collection is defined here and does not hold the item: absent (defaults of an item
      // that does not exist do not apply), unless a file below could add it.
      IisValue v;
      v.defined_at = s->path;
      v.origin = found->origin;
      v.not_collected = unknown_below(index, chain, origin_level(found->origin, chain), section);
      return v;
    }
    if (walk == Walk::kMissingChild) continue;
    if (attribute.empty()) {
      IisValue v{true, "", element->origin, s->path, false, false, SecretClass::kNone, {}, {}};
      v.not_collected = unknown_below(index, chain, origin_level(element->origin, chain), section);
      return v;
    }
    if (const auto* a = element->attribute(attribute)) {
      IisValue v{true, a->shown_value(), a->origin.empty() ? element->origin : a->origin, s->path, false, a->locked,
                 a->secret, {}, {}};
      if (!a->locked) v.not_collected = unknown_below(index, chain, origin_level(v.origin, chain), section);
      return v;
    }
  }
  IisValue v;
  v.not_collected = unknown_below(index, chain, chain.size(), section);
  if (!attribute.empty()) {
    const auto d = model::is_clr2_path(scope.path) ? model::clr2_schema_default(element_text, attribute)
                                                   : model::iis_schema_default(element_text, attribute);
    if (d && d->min_build > index.os_build() && index.os_build() != 0) {
      v.note = "the attribute does not exist before Windows build " + std::to_string(d->min_build) + " (this server: " +
               std::to_string(index.os_build()) + "), so IIS cannot be configured this way";
    } else if (d) {
      v.present = true;
      v.value = std::string(d->value);
      v.origin = "schema default (" + std::string(d->source) + ")";
      v.from_default = true;
    }
  }
  return v;
}

IisItems lookup_iis_items(const IisIndex& index, const model::IisScope& scope, const std::vector<PathSegment>& path) {
  IisItems out;
  if (path.size() < 2) return out;
  const std::vector<PathSegment> container(path.begin(), path.end() - 1);
  const PathSegment& item = path.back();
  const auto chain = index.chain(scope);
  const std::string section = section_for(index.iis(), container);
  const auto prefixes = section_prefixes(container);
  const auto ids = prefix_ids(index, prefixes);
  for (const model::IisScope* s : chain) {
    std::size_t consumed = 0;
    const model::ConfigElement* found = find_section(index, *s, prefixes, ids, consumed);
    if (found == nullptr) continue;
    const model::ConfigElement* element = nullptr;
    if (navigate(*found, container, consumed, element) != Walk::kFound) continue;
    for (const auto& child : element->children) {
      if (!iequals(child.name, item.name)) continue;
      bool match = true;
      for (const auto& [attr, value] : item.predicates) {
        const auto* a = child.attribute(attr);
        match = match && a != nullptr && a->shown_iequals(value);
      }
      if (match) out.items.push_back(&child);
    }
    out.origin = element->origin;
    out.defined_at = s->path;
    out.not_collected = unknown_below(index, chain, origin_level(element->origin, chain), section);
    return out;
  }
  out.not_collected = unknown_below(index, chain, chain.size(), section);
  return out;
}

}  // namespace temper::engine
