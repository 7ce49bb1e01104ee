// SPDX-License-Identifier: Apache-2.0
// Reading one attribute of the effective IIS configuration at a configuration path.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "model/iis.hpp"

namespace temper::engine {

/// One step of an element path: "add[@verb='TRACE']" -> {"add", {{"verb","TRACE"}}}.
struct PathSegment {
  std::string name;
  std::vector<std::pair<std::string, std::string>> predicates;
};

/// Parse "system.webServer/security/requestFiltering/verbs/add[@verb='TRACE']". Fails with
/// kInvalidArgument on empty segments, unbalanced brackets or malformed predicates.
Result<std::vector<PathSegment>> parse_element_path(std::string_view path);

/// The effective value of an attribute at a scope.
struct IisValue {
  bool present = false;       ///< false: not set anywhere and no schema default
  std::string value;          ///< as shown: a secret is masked (ConfigAttribute::shown_value)
  std::string origin;         ///< file:line, "schema default (...)" or "" when unknown
  std::string defined_at;     ///< configuration path of the scope whose section supplied it ("" for defaults)
  bool from_default = false;
  bool locked = false;
  SecretClass secret = SecretClass::kNone;  ///< of the attribute that supplied `value` (none for defaults)
};

/// Look `attribute` of `element` up at `scope`, walking to parent scopes attribute by attribute as
/// IIS inherits, then the schema default. An empty attribute asks whether the element exists.
/// A collection item (a segment with predicates) missing from the nearest scope that defines its
/// collection is absent: effective collections are complete where they appear.
IisValue lookup_iis(const model::Iis& iis, const model::IisScope& scope, const std::vector<PathSegment>& path,
                    std::string_view element_text, std::string_view attribute);

/// Every item the last step of `path` selects (e.g. all `connectionStrings/add`), taken from the
/// nearest scope (this one or an ancestor) that defines their collection.
struct IisItems {
  std::vector<const model::ConfigElement*> items;
  std::string origin;      ///< where the collection was last changed
  std::string defined_at;  ///< the scope that defines it ("" when no scope does)
};
IisItems lookup_iis_items(const model::Iis& iis, const model::IisScope& scope, const std::vector<PathSegment>& path);

/// Scopes from `scope` up to the root (the scope first). Stops on missing parents and cycles.
std::vector<const model::IisScope*> scope_chain(const model::Iis& iis, const model::IisScope& scope);

}  // namespace temper::engine
