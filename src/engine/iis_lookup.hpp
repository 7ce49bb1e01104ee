// SPDX-License-Identifier: Apache-2.0
// Reading one attribute of the effective IIS configuration at a configuration path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/strings.hpp"

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

/// Look-up structures of one snapshot's IIS configuration, built once per audit so that every
/// look-up costs the depth of a scope's chain, not the number of scopes (docs/iis-resolution.md).
class IisIndex {
 public:
  /// `os_build`: the Windows build of the server ("" when unknown), for defaults that differ by IIS version.
  explicit IisIndex(const model::Iis& iis, std::string_view os_build = {});
  /// The server's Windows build, 0 when unknown.
  [[nodiscard]] unsigned os_build() const { return os_build_; }
  [[nodiscard]] const model::Iis& iis() const { return iis_; }
  /// Scope by configuration path (case-insensitive), or nullptr.
  [[nodiscard]] const model::IisScope* scope(std::string_view path) const;
  /// Scopes from `scope` up to the root (the scope first). Stops on missing parents and cycles.
  [[nodiscard]] std::vector<const model::IisScope*> chain(const model::IisScope& scope) const;
  /// Whether the file of level `level` (a scope of `chain`) could set `section` there: the section is
  /// declared above it, its allowDefinition admits that level, and no lock keeps a web.config out.
  [[nodiscard]] bool can_set(const model::IisScope& level, std::string_view section) const;
  /// The <site> element of a site in system.applicationHost/sites, or nullptr.
  [[nodiscard]] const model::ConfigElement* site_element(std::string_view site_name) const;
  /// The <sites> section at APPHOST, or nullptr.
  [[nodiscard]] const model::ConfigElement* sites() const { return sites_; }
  /// Whether applicationHost.config defines an application pool of this name.
  [[nodiscard]] bool pool_defined(std::string_view pool) const { return defined_pools_.contains(pool); }
  /// Pools that sites or applications name but applicationHost.config does not define, sorted.
  [[nodiscard]] const std::vector<std::string>& undefined_pools() const { return undefined_pools_; }
  /// Names of the sites whose root application runs in `pool`.
  [[nodiscard]] const std::vector<std::string>& sites_of_root_pool(std::string_view pool) const;
  /// Position of `scope` in iis().scopes, or -1 when it is not one of them.
  [[nodiscard]] std::ptrdiff_t position(const model::IisScope& scope) const;
  /// Position of the parent of the scope at `position`, or -1 (no parent, or not found).
  [[nodiscard]] std::ptrdiff_t parent_position(std::size_t position) const { return parent_[position]; }
  /// Id of a section name that some scope stores (case-insensitive), or -1 when no scope does.
  [[nodiscard]] std::int32_t section_id(std::string_view section) const;
  /// The section with this id stored at the scope at `position`, or nullptr.
  [[nodiscard]] const model::ConfigElement* section_at(std::size_t position, std::int32_t id) const;

 private:
  const model::Iis& iis_;
  std::map<std::string, const model::IisScope*, ILess> scopes_;
  std::vector<std::ptrdiff_t> parent_;  // by position in iis.scopes: the parent's position, or -1
  // The sections each scope stores, by section id: scope i's are section_entries_[section_begin_[i]
  // .. section_begin_[i + 1]), sorted by id (one binary search over a few integers per look-up).
  std::map<std::string, std::int32_t, ILess> section_ids_;
  std::vector<std::size_t> section_begin_;
  std::vector<std::pair<std::int32_t, const model::ConfigElement*>> section_entries_;
  std::map<std::string, std::map<std::string, bool, ILess>, ILess> overrides_;  // section -> path -> allow
  std::map<std::string, const model::ConfigElement*, ILess> site_elements_;
  std::map<std::string, std::vector<std::string>, ILess> root_pools_;
  std::set<std::string, ILess> defined_pools_;
  std::vector<std::string> undefined_pools_;
  const model::ConfigElement* sites_ = nullptr;
  unsigned os_build_ = 0;
};

/// The effective value of an attribute at a scope.
struct IisValue {
  bool present = false;       ///< false: not set anywhere and no schema default
  std::string value;          ///< as shown: a secret is masked (ConfigAttribute::shown_value)
  std::string origin;         ///< file:line, "schema default (...)" or "" when unknown
  std::string defined_at;     ///< configuration path of the scope whose section supplied it ("" for defaults)
  bool from_default = false;
  bool locked = false;
  SecretClass secret = SecretClass::kNone;  ///< of the attribute that supplied `value` (none for defaults)
  /// The files not collected that could set the value (a web.config of this scope or of one
  /// between it and where the value comes from, machine.config, ...): when not empty, the value
  /// is unknown and nothing else here counts.
  std::vector<std::string> not_collected;
  /// Why no default applies although the table has one (an attribute this IIS version lacks).
  std::string note;
};

/// An element path prepared once per rule: its segments, the candidate section names and the
/// declared section it names. Look-ups with a query allocate nothing for the path.
struct IisQuery {
  std::vector<PathSegment> path;
  std::vector<std::string> prefixes;  ///< predicate-free prefixes, shortest first
  std::vector<std::int32_t> prefix_ids;  ///< IisIndex::section_id of each prefix
  std::string section;                ///< "" when no collected file declares it
};
IisQuery make_query(const IisIndex& index, std::vector<PathSegment> path);

IisValue lookup_iis(const IisIndex& index, const model::IisScope& scope, const IisQuery& query,
                    std::string_view element_text, std::string_view attribute);

/// Look `attribute` of `element` up at `scope`, walking to parent scopes attribute by attribute as
/// IIS inherits, then the schema default. An empty attribute asks whether the element exists.
/// A collection item (a segment with predicates) missing from the nearest scope that defines its
/// collection is absent: effective collections are complete where they appear.
IisValue lookup_iis(const IisIndex& index, const model::IisScope& scope, const std::vector<PathSegment>& path,
                    std::string_view element_text, std::string_view attribute);

/// Every item the last step of `path` selects (e.g. all `connectionStrings/add`), taken from the
/// nearest scope (this one or an ancestor) that defines their collection.
struct IisItems {
  std::vector<const model::ConfigElement*> items;
  std::string origin;      ///< where the collection was last changed
  std::string defined_at;  ///< the scope that defines it ("" when no scope does)
  std::vector<std::string> not_collected;  ///< as in IisValue: files that could add or remove items
};
IisItems lookup_iis_items(const IisIndex& index, const model::IisScope& scope, const std::vector<PathSegment>& path);

/// "not collected: a, b" for the files of IisValue::not_collected.
std::string not_collected_reason(const std::vector<std::string>& files);

}  // namespace temper::engine
