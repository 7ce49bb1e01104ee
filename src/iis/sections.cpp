// SPDX-License-Identifier: Apache-2.0
// Standard IIS 10 and .NET 4 section declarations (as applicationHost.config and machine.config ship them),
// used when a collected server's own <configSections> does not declare a section.
#include "iis/sections.hpp"

#include <array>

namespace temper::iis {
namespace {
struct Builtin {
  std::string_view path;
  bool allow;
  AllowDefinition def;
};
constexpr auto E = AllowDefinition::kEverywhere;
constexpr auto AH = AllowDefinition::kAppHostOnly;
constexpr auto MA = AllowDefinition::kMachineToApplication;
constexpr auto MO = AllowDefinition::kMachineOnly;
constexpr auto MW = AllowDefinition::kMachineToWebRoot;

constexpr std::array kGroups = {
    std::string_view("system.applicationHost"), std::string_view("system.webServer"),
    std::string_view("system.webServer/security"), std::string_view("system.webServer/security/authentication"),
    std::string_view("system.webServer/tracing"), std::string_view("system.webServer/rewrite"),
    std::string_view("system.ftpServer"), std::string_view("system.ftpServer/security"),
    std::string_view("system.web"), std::string_view("system.web/caching"), std::string_view("system.net"),
    std::string_view("system.net/mailSettings"), std::string_view("system.serviceModel"),
    std::string_view("system.transactions"), std::string_view("system.xml.serialization"),
    std::string_view("system.runtime.serialization"), std::string_view("system.web.extensions"),
    std::string_view("system.web.extensions/scripting"), std::string_view("system.web.extensions/scripting/webServices"),
};

constexpr std::array kSections = {
    Builtin{"system.applicationHost/applicationPools", false, AH},
    Builtin{"system.applicationHost/configHistory", false, AH},
    Builtin{"system.applicationHost/customMetadata", false, AH},
    Builtin{"system.applicationHost/listenerAdapters", false, AH},
    Builtin{"system.applicationHost/log", false, AH},
    Builtin{"system.applicationHost/serviceAutoStartProviders", false, AH},
    Builtin{"system.applicationHost/sites", false, AH},
    Builtin{"system.applicationHost/webLimits", false, AH},
    Builtin{"system.webServer/asp", false, E},
    Builtin{"system.webServer/caching", true, E},
    Builtin{"system.webServer/cgi", false, E},
    Builtin{"system.webServer/defaultDocument", true, E},
    Builtin{"system.webServer/directoryBrowse", true, E},
    Builtin{"system.webServer/fastCgi", false, AH},
    Builtin{"system.webServer/globalModules", false, AH},
    Builtin{"system.webServer/handlers", false, E},
    Builtin{"system.webServer/httpCompression", false, AH},
    Builtin{"system.webServer/httpErrors", true, E},
    Builtin{"system.webServer/httpLogging", false, E},
    Builtin{"system.webServer/httpProtocol", true, E},
    Builtin{"system.webServer/httpRedirect", true, E},
    Builtin{"system.webServer/httpTracing", false, E},
    Builtin{"system.webServer/isapiFilters", false, AH},
    Builtin{"system.webServer/modules", false, E},
    Builtin{"system.webServer/odbcLogging", false, E},
    Builtin{"system.webServer/serverRuntime", false, E},
    Builtin{"system.webServer/serverSideInclude", false, E},
    Builtin{"system.webServer/staticContent", true, E},
    Builtin{"system.webServer/urlCompression", true, E},
    Builtin{"system.webServer/validation", true, E},
    Builtin{"system.webServer/webdav/authoring", false, E},
    Builtin{"system.webServer/webdav/authoringRules", false, E},
    Builtin{"system.webServer/webSocket", false, E},
    Builtin{"system.webServer/applicationInitialization", true, E},
    Builtin{"system.webServer/security/access", false, E},
    Builtin{"system.webServer/security/applicationDependencies", false, E},
    Builtin{"system.webServer/security/authorization", true, E},
    Builtin{"system.webServer/security/ipSecurity", false, E},
    Builtin{"system.webServer/security/dynamicIpSecurity", false, E},
    Builtin{"system.webServer/security/isapiCgiRestriction", false, AH},
    Builtin{"system.webServer/security/requestFiltering", true, E},
    Builtin{"system.webServer/security/authentication/anonymousAuthentication", false, E},
    Builtin{"system.webServer/security/authentication/basicAuthentication", false, E},
    Builtin{"system.webServer/security/authentication/clientCertificateMappingAuthentication", false, E},
    Builtin{"system.webServer/security/authentication/digestAuthentication", false, E},
    Builtin{"system.webServer/security/authentication/iisClientCertificateMappingAuthentication", false, E},
    Builtin{"system.webServer/security/authentication/windowsAuthentication", false, E},
    Builtin{"system.webServer/tracing/traceFailedRequests", true, E},
    Builtin{"system.webServer/tracing/traceProviderDefinitions", true, E},
    Builtin{"system.ftpServer/security/authentication", false, E},
    Builtin{"system.web/deployment", true, MO},
    Builtin{"system.web/processModel", true, MO},
    Builtin{"system.web/machineKey", true, MA},
    Builtin{"system.web/trust", true, MA},
    Builtin{"system.web/securityPolicy", true, MA},
    Builtin{"system.web/sessionState", true, MA},
    Builtin{"system.web/authentication", true, MA},
    Builtin{"system.web/membership", true, MA},
    Builtin{"system.web/roleManager", true, MA},
    Builtin{"system.web/httpCookies", true, E},
    Builtin{"system.web/compilation", true, E},
    Builtin{"system.web/customErrors", true, E},
    Builtin{"system.web/trace", true, MA},
    Builtin{"system.web/healthMonitoring", true, MA},
    Builtin{"system.web/hostingEnvironment", true, MA},
    Builtin{"system.web/httpRuntime", true, E},
    Builtin{"system.web/pages", true, E},
    Builtin{"system.web/webParts", true, E},
    Builtin{"system.web/fullTrustAssemblies", true, MA},
    Builtin{"system.web/partialTrustVisibleAssemblies", true, MA},
    Builtin{"configProtectedData", true, E},
    Builtin{"appSettings", true, E},
    Builtin{"connectionStrings", true, E},
    Builtin{"system.web/protocols", true, MW},
};
}  // namespace

SectionRegistry::SectionRegistry() {
  for (const auto g : kGroups) groups_[std::string(g)] = true;
  for (const auto& s : kSections) {
    // system.applicationHost, system.webServer and system.ftpServer are declared in
    // applicationHost.config; the .NET sections (system.web, appSettings, ...) in machine.config.
    const bool apphost = istarts_with(s.path, "system.applicationHost/") || istarts_with(s.path, "system.webServer/") ||
                         istarts_with(s.path, "system.ftpServer/");
    sections_[std::string(s.path)] = SectionDef{s.allow, s.def, s.def != AllowDefinition::kAppHostOnly, "IIS default", apphost};
  }
}

const SectionDef* SectionRegistry::section(std::string_view path) const {
  const auto it = sections_.find(path);
  return it == sections_.end() ? nullptr : &it->second;
}

bool SectionRegistry::is_group(std::string_view path) const { return groups_.contains(path); }

AllowDefinition parse_allow_definition(std::string_view text) {
  if (iequals(text, "MachineOnly")) return AllowDefinition::kMachineOnly;
  if (iequals(text, "MachineToWebRoot")) return AllowDefinition::kMachineToWebRoot;
  if (iequals(text, "MachineToApplication")) return AllowDefinition::kMachineToApplication;
  if (iequals(text, "AppHostOnly")) return AllowDefinition::kAppHostOnly;
  return AllowDefinition::kEverywhere;
}

std::string_view allow_definition_name(AllowDefinition d) {
  switch (d) {
    case AllowDefinition::kEverywhere: return "Everywhere";
    case AllowDefinition::kMachineOnly: return "MachineOnly";
    case AllowDefinition::kMachineToWebRoot: return "MachineToWebRoot";
    case AllowDefinition::kMachineToApplication: return "MachineToApplication";
    case AllowDefinition::kAppHostOnly: return "AppHostOnly";
  }
  return "Everywhere";
}

}  // namespace temper::iis
