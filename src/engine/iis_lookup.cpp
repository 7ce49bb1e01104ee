// SPDX-License-Identifier: Apache-2.0
// Effective IIS attribute lookup with attribute-level inheritance.
#include "engine/iis_lookup.hpp"

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

// Find the section element in a scope: the longest path prefix that names a section.
const model::ConfigElement* find_section(const model::IisScope& scope, const std::vector<PathSegment>& path,
                                         std::size_t& consumed) {
  std::string key;
  std::vector<std::string> prefixes;
  for (const auto& seg : path) {
    if (!seg.predicates.empty()) break;
    key += (key.empty() ? "" : "/") + seg.name;
    prefixes.push_back(key);
  }
  for (std::size_t k = prefixes.size(); k > 0; --k) {
    const auto it = scope.sections.find(prefixes[k - 1]);
    if (it != scope.sections.end()) {
      consumed = k;
      return &it->second;
    }
  }
  return nullptr;
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

std::vector<const model::IisScope*> scope_chain(const model::Iis& iis, const model::IisScope& scope) {
  std::vector<const model::IisScope*> chain{&scope};
  const model::IisScope* cur = &scope;
  while (!cur->parent.empty() && chain.size() < limits::kMaxNestingDepth) {
    const model::IisScope* parent = iis.scope(cur->parent);
    if (parent == nullptr) break;
    bool seen = false;
    for (const auto* s : chain) seen = seen || s == parent;
    if (seen) break;
    chain.push_back(parent);
    cur = parent;
  }
  return chain;
}

IisValue lookup_iis(const model::Iis& iis, const model::IisScope& scope, const std::vector<PathSegment>& path,
                    std::string_view element_text, std::string_view attribute) {
  for (const model::IisScope* s : scope_chain(iis, scope)) {
    std::size_t consumed = 0;
    const model::ConfigElement* section = find_section(*s, path, consumed);
    if (section == nullptr) continue;
    const model::ConfigElement* element = nullptr;
    const Walk walk = navigate(*section, path, consumed, element);
    if (walk == Walk::kMissingItem) {
      // The collection is defined here and does not hold the item: absent (defaults of an item
      // that does not exist do not apply).
      IisValue v;
      v.defined_at = s->path;
      v.origin = section->origin;
      return v;
    }
    if (walk == Walk::kMissingChild) continue;
    if (attribute.empty()) {
      return IisValue{true, "", element->origin, s->path, false, false, SecretClass::kNone};
    }
    if (const auto* a = element->attribute(attribute)) {
      return IisValue{true, a->shown_value(), a->origin.empty() ? element->origin : a->origin, s->path, false, a->locked,
                      a->secret};
    }
  }
  if (!attribute.empty()) {
    if (auto d = model::iis_schema_default(element_text, attribute)) {
      return IisValue{true, std::string(d->value), "schema default (" + std::string(d->source) + ")", "", true, false,
                      SecretClass::kNone};
    }
  }
  return IisValue{};
}

IisItems lookup_iis_items(const model::Iis& iis, const model::IisScope& scope, const std::vector<PathSegment>& path) {
  IisItems out;
  if (path.size() < 2) return out;
  const std::vector<PathSegment> container(path.begin(), path.end() - 1);
  const PathSegment& item = path.back();
  for (const model::IisScope* s : scope_chain(iis, scope)) {
    std::size_t consumed = 0;
    const model::ConfigElement* section = find_section(*s, container, consumed);
    if (section == nullptr) continue;
    const model::ConfigElement* element = nullptr;
    if (navigate(*section, container, consumed, element) != Walk::kFound) continue;
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
    return out;
  }
  return out;
}

}  // namespace temper::engine
