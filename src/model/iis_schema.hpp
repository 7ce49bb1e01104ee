// SPDX-License-Identifier: Apache-2.0
// IIS and ASP.NET configuration schema defaults: the value IIS applies when no configuration file
// sets an attribute. Covers every attribute temper's content checks (docs/iis-defaults.md cites the sources).
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace temper::model {

struct IisSchemaDefault {
  std::string_view element;    ///< element path without predicates, e.g. "system.webServer/directoryBrowse"
  std::string_view attribute;  ///< e.g. "enabled"
  std::string_view value;      ///< e.g. "false"
  std::string_view source;     ///< where the default is documented
  /// The first Windows build whose IIS has the attribute (0: every IIS 10). On an older server the
  /// attribute does not exist, so no default applies and setting it is not possible.
  unsigned min_build = 0;
};

/// Every default in the table.
std::span<const IisSchemaDefault> iis_schema_defaults();
/// The default of an attribute; `element` may carry predicates ("verbs/add[@verb='TRACE']"), which are ignored.
std::optional<IisSchemaDefault> iis_schema_default(std::string_view element, std::string_view attribute);
/// The default under the .NET 2.0/3.5 runtime (the CLR2/ hierarchy): the table's, except where
/// that runtime's differs (machineKey validation is SHA1).
std::optional<IisSchemaDefault> clr2_schema_default(std::string_view element, std::string_view attribute);
/// The element path with every [..] predicate removed.
std::string strip_predicates(std::string_view element);
/// The default's value, or "" when the table has none. Everything that needs an IIS default (the
/// resolver, the snapshot reader, the engine) asks this one table.
std::string iis_schema_value(std::string_view element, std::string_view attribute);

}  // namespace temper::model
