// SPDX-License-Identifier: Apache-2.0
// The IIS/ASP.NET schema defaults table. Values come from the schema files IIS_schema.xml and
// ASPNET_schema.xml (in System32\inetsrv\config\schema) as shipped with IIS 10 (facts recorded in
// ../shared/reference/windows-formats.md B.3) and Microsoft's IIS configuration reference
// (learn.microsoft.com/iis/configuration/...). docs/iis-defaults.md lists them with their source.
#include "model/iis_schema.hpp"

#include <array>
#include <string>

#include "core/strings.hpp"

namespace temper::model {
namespace {
constexpr std::string_view kIisSchema = "IIS_schema.xml (IIS 10)";
constexpr std::string_view kAspNetSchema = "ASPNET_schema.xml (.NET 4.x)";
constexpr std::string_view kDocs = "Microsoft IIS configuration reference";

constexpr std::array kDefaults = {
    IisSchemaDefault{"system.webServer/directoryBrowse", "enabled", "false", kIisSchema},
    IisSchemaDefault{"system.webServer/httpErrors", "errorMode", "DetailedLocalOnly", kIisSchema},
    IisSchemaDefault{"system.webServer/security/access", "sslFlags", "None", kIisSchema},
    IisSchemaDefault{"system.webServer/security/authentication/anonymousAuthentication", "enabled", "true", kIisSchema},
    IisSchemaDefault{"system.webServer/security/authentication/anonymousAuthentication", "userName", "IUSR", kIisSchema},
    IisSchemaDefault{"system.webServer/security/authentication/anonymousAuthentication", "logonMethod", "ClearText", kIisSchema},
    IisSchemaDefault{"system.webServer/security/authentication/basicAuthentication", "enabled", "false", kIisSchema},
    IisSchemaDefault{"system.webServer/security/authentication/basicAuthentication", "logonMethod", "ClearText", kIisSchema},
    IisSchemaDefault{"system.webServer/security/authentication/windowsAuthentication", "enabled", "false", kIisSchema},
    IisSchemaDefault{"system.webServer/security/authentication/windowsAuthentication", "useKernelMode", "true", kIisSchema},
    IisSchemaDefault{"system.webServer/security/authentication/windowsAuthentication/extendedProtection", "tokenChecking", "None", kIisSchema},
    IisSchemaDefault{"system.webServer/security/authentication/digestAuthentication", "enabled", "false", kIisSchema},
    IisSchemaDefault{"system.webServer/security/requestFiltering", "allowDoubleEscaping", "false", kIisSchema},
    IisSchemaDefault{"system.webServer/security/requestFiltering", "allowHighBitCharacters", "true", kIisSchema},
    // IIS 10.0 version 1709 (Windows Server, version 1709, build 16299; Server 2019 is 17763) added it.
    IisSchemaDefault{"system.webServer/security/requestFiltering", "removeServerHeader", "false", kIisSchema, 16299},
    IisSchemaDefault{"system.webServer/security/requestFiltering/requestLimits", "maxAllowedContentLength", "30000000", kIisSchema},
    IisSchemaDefault{"system.webServer/security/requestFiltering/requestLimits", "maxUrl", "4096", kIisSchema},
    IisSchemaDefault{"system.webServer/security/requestFiltering/requestLimits", "maxQueryString", "2048", kIisSchema},
    IisSchemaDefault{"system.webServer/security/requestFiltering/fileExtensions", "allowUnlisted", "true", kIisSchema},
    IisSchemaDefault{"system.webServer/security/requestFiltering/verbs", "allowUnlisted", "true", kIisSchema},
    IisSchemaDefault{"system.webServer/security/requestFiltering/verbs/add", "allowed", "true", kIisSchema},
    IisSchemaDefault{"system.webServer/security/isapiCgiRestriction", "notListedIsapisAllowed", "false", kIisSchema},
    IisSchemaDefault{"system.webServer/security/isapiCgiRestriction", "notListedCgisAllowed", "false", kIisSchema},
    IisSchemaDefault{"system.webServer/security/dynamicIpSecurity/denyByConcurrentRequests", "enabled", "false", kIisSchema},
    IisSchemaDefault{"system.webServer/security/dynamicIpSecurity/denyByConcurrentRequests", "maxConcurrentRequests", "5", kIisSchema},
    IisSchemaDefault{"system.webServer/security/dynamicIpSecurity/denyByRequestRate", "enabled", "false", kIisSchema},
    IisSchemaDefault{"system.webServer/security/dynamicIpSecurity/denyByRequestRate", "maxRequests", "20", kIisSchema},
    IisSchemaDefault{"system.webServer/security/dynamicIpSecurity/denyByRequestRate", "requestIntervalInMilliseconds", "200", kIisSchema},
    IisSchemaDefault{"system.webServer/handlers", "accessPolicy", "Read", kIisSchema},
    IisSchemaDefault{"system.webServer/asp", "scriptErrorSentToBrowser", "false", kIisSchema},
    IisSchemaDefault{"system.webServer/asp", "appAllowClientDebug", "false", kIisSchema},
    IisSchemaDefault{"system.webServer/asp", "appAllowDebugging", "false", kIisSchema},
    IisSchemaDefault{"system.webServer/asp", "enableParentPaths", "false", kIisSchema},
    IisSchemaDefault{"system.applicationHost/applicationPools/add/processModel", "identityType", "ApplicationPoolIdentity", kIisSchema},
    IisSchemaDefault{"system.applicationHost/applicationPools/add/processModel", "loadUserProfile", "false", kIisSchema},
    IisSchemaDefault{"system.applicationHost/applicationPools/add/processModel", "logonType", "LogonBatch", kIisSchema},
    IisSchemaDefault{"system.applicationHost/applicationPools/add", "managedRuntimeVersion", "v4.0", kIisSchema},
    IisSchemaDefault{"system.applicationHost/applicationPools/add", "managedPipelineMode", "Integrated", kIisSchema},
    IisSchemaDefault{"system.applicationHost/sites/siteDefaults/logFile", "directory", "%SystemDrive%\\inetpub\\logs\\LogFiles", kIisSchema},
    IisSchemaDefault{"system.applicationHost/sites/siteDefaults/logFile", "logTargetW3C", "File", kIisSchema},
    IisSchemaDefault{"system.applicationHost/sites/siteDefaults/logFile", "logExtFileFlags",
                     "Date, Time, ClientIP, UserName, ServerIP, Method, UriStem, UriQuery, HttpStatus, Win32Status, "
                     "TimeTaken, ServerPort, UserAgent, Referer, HttpSubStatus",
                     kIisSchema},
    IisSchemaDefault{"system.applicationHost/sites/site/logFile", "directory", "%SystemDrive%\\inetpub\\logs\\LogFiles", kIisSchema},
    IisSchemaDefault{"system.applicationHost/sites/siteDefaults/ftpServer/security/ssl", "controlChannelPolicy", "SslAllow", kIisSchema},
    IisSchemaDefault{"system.applicationHost/sites/siteDefaults/ftpServer/security/ssl", "dataChannelPolicy", "SslAllow", kIisSchema},
    IisSchemaDefault{"system.ftpServer/security/authentication/denyByFailure", "enabled", "false", kIisSchema},
    IisSchemaDefault{"system.web/authentication", "mode", "Windows", kAspNetSchema},
    IisSchemaDefault{"system.web/authentication/forms", "requireSSL", "false", kAspNetSchema},
    IisSchemaDefault{"system.web/authentication/forms", "protection", "All", kAspNetSchema},
    IisSchemaDefault{"system.web/authentication/forms", "cookieless", "UseDeviceProfile", kAspNetSchema},
    IisSchemaDefault{"system.web/authentication/forms", "slidingExpiration", "true", kAspNetSchema},
    IisSchemaDefault{"system.web/authentication/forms", "timeout", "30", kAspNetSchema},
    IisSchemaDefault{"system.web/authentication/forms/credentials", "passwordFormat", "SHA1", kAspNetSchema},
    IisSchemaDefault{"system.web/compilation", "debug", "false", kAspNetSchema},
    IisSchemaDefault{"system.web/customErrors", "mode", "RemoteOnly", kAspNetSchema},
    IisSchemaDefault{"system.web/httpCookies", "httpOnlyCookies", "false", kAspNetSchema},
    IisSchemaDefault{"system.web/httpCookies", "requireSSL", "false", kAspNetSchema},
    IisSchemaDefault{"system.web/trace", "enabled", "false", kAspNetSchema},
    IisSchemaDefault{"system.web/trace", "localOnly", "true", kAspNetSchema},
    IisSchemaDefault{"system.web/sessionState", "cookieless", "UseCookies", kAspNetSchema},
    IisSchemaDefault{"system.web/sessionState", "mode", "InProc", kAspNetSchema},
    IisSchemaDefault{"system.web/machineKey", "validation", "HMACSHA256", kDocs},
    IisSchemaDefault{"system.web/machineKey", "decryption", "Auto", kAspNetSchema},
    IisSchemaDefault{"system.web/machineKey", "validationKey", "AutoGenerate,IsolateApps", kAspNetSchema},
    IisSchemaDefault{"system.web/machineKey", "decryptionKey", "AutoGenerate,IsolateApps", kAspNetSchema},
    IisSchemaDefault{"system.web/trust", "level", "Full", kAspNetSchema},
    IisSchemaDefault{"system.web/deployment", "retail", "false", kAspNetSchema},
    IisSchemaDefault{"system.web/pages", "enableViewStateMac", "true", kAspNetSchema},
    IisSchemaDefault{"system.web/pages", "validateRequest", "true", kAspNetSchema},
    IisSchemaDefault{"system.web/pages", "viewStateEncryptionMode", "Auto", kAspNetSchema},
    IisSchemaDefault{"system.web/httpRuntime", "enableVersionHeader", "true", kAspNetSchema},
    IisSchemaDefault{"system.web/httpRuntime", "enableHeaderChecking", "true", kAspNetSchema},
};
}  // namespace

std::span<const IisSchemaDefault> iis_schema_defaults() { return kDefaults; }

std::string strip_predicates(std::string_view element) {
  std::string out;
  int depth = 0;
  char quote = 0;
  for (const char c : element) {
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (depth > 0 && (c == '\'' || c == '"')) {
      quote = c;
    } else if (c == '[') {
      ++depth;
    } else if (c == ']') {
      if (depth > 0) --depth;
    } else if (depth == 0) {
      out.push_back(c);
    }
  }
  return out;
}

std::optional<IisSchemaDefault> iis_schema_default(std::string_view element, std::string_view attribute) {
  const std::string bare = strip_predicates(element);
  for (const auto& d : kDefaults) {
    if (iequals(d.element, bare) && iequals(d.attribute, attribute)) return d;
  }
  return std::nullopt;
}

std::optional<IisSchemaDefault> clr2_schema_default(std::string_view element, std::string_view attribute) {
  // Where the .NET 2.0 runtime's defaults differ from .NET 4.x's (ASP.NET 2.0 had no HMAC choices).
  static constexpr std::array kClr2 = {
      IisSchemaDefault{"system.web/machineKey", "validation", "SHA1", ".NET Framework 2.0 machineKey element reference"},
  };
  const std::string bare = strip_predicates(element);
  for (const auto& d : kClr2) {
    if (iequals(d.element, bare) && iequals(d.attribute, attribute)) return d;
  }
  return iis_schema_default(element, attribute);
}

std::string iis_schema_value(std::string_view element, std::string_view attribute) {
  const auto d = iis_schema_default(element, attribute);
  return d ? std::string(d->value) : std::string();
}

}  // namespace temper::model
