// SPDX-License-Identifier: Apache-2.0
// The configuration section registry: which XML elements are sections (and their locking and
// definition rules) and which are section groups, from <configSections> with IIS's standard
// declarations as the fallback.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/strings.hpp"

namespace temper::iis {

enum class AllowDefinition { kEverywhere, kMachineOnly, kMachineToWebRoot, kMachineToApplication, kAppHostOnly };

struct SectionDef {
  bool override_allowed = true;  ///< overrideModeDefault="Allow" (false: "Deny")
  AllowDefinition allow_definition = AllowDefinition::kEverywhere;
  bool allow_location = true;
  std::string declared_at;  ///< file:line, or "IIS default" for the built-in table
  /// Declared by applicationHost.config (or below), so machine.config and the root web.config
  /// cannot set it; false for the .NET sections machine.config declares.
  bool declared_in_apphost = true;
};

class SectionRegistry {
 public:
  /// The registry pre-filled with the standard IIS 10 / .NET 4 declarations.
  SectionRegistry();
  /// Declare (or redeclare) a section.
  void declare_section(const std::string& path, SectionDef def) { sections_[path] = std::move(def); }
  /// Declare a section group.
  void declare_group(const std::string& path) { groups_[path] = true; }
  [[nodiscard]] const SectionDef* section(std::string_view path) const;
  [[nodiscard]] bool is_group(std::string_view path) const;
  [[nodiscard]] const std::map<std::string, SectionDef, ILess>& sections() const { return sections_; }

 private:
  std::map<std::string, SectionDef, ILess> sections_;
  std::map<std::string, bool, ILess> groups_;
};

/// "Allow"/"Deny" and the allowDefinition names, as configSections writes them.
AllowDefinition parse_allow_definition(std::string_view text);
std::string_view allow_definition_name(AllowDefinition d);

}  // namespace temper::iis
