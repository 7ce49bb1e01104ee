// SPDX-License-Identifier: Apache-2.0
#include "iis/resolver.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/file.hpp"
#include "engine/iis_lookup.hpp"

namespace temper::iis {
namespace {
const std::string kApphost = "C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config";
const std::string kShared = TEMPER_SHARED_DIR;

struct Value {
  std::string value;
  std::string origin;
  bool present = false;
};

Value at(const model::Iis& iis, const std::string& scope, const std::string& element, const std::string& attribute) {
  const model::IisScope* s = iis.scope(model::full_scope(scope));
  if (s == nullptr) {
    ADD_FAILURE() << "no scope " << scope;
    return {};
  }
  const auto path = engine::parse_element_path(element);
  EXPECT_TRUE(path);
  const engine::IisIndex index(iis);
  const auto v = engine::lookup_iis(index, *s, *path, element, attribute);
  return Value{v.value, v.origin, v.present};
}

bool has_note(const Resolved& r, const std::string& needle, const std::string& file_part = "") {
  return std::any_of(r.notes.begin(), r.notes.end(), [&](const Note& n) {
    return n.message.find(needle) != std::string::npos && n.where.file.find(file_part) != std::string::npos;
  });
}

// A compact applicationHost.config: two sites, Shop has a child application, a location block.
std::string apphost(const std::string& extra_webserver = "", const std::string& extra_locations = "",
                    const std::string& vdir_attrs = "") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <configSections>
    <sectionGroup name="system.applicationHost">
      <section name="sites" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
      <section name="applicationPools" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
    </sectionGroup>
    <sectionGroup name="system.webServer">
      <section name="directoryBrowse" overrideModeDefault="Allow" />
      <section name="httpErrors" overrideModeDefault="Allow" />
      <section name="modules" allowDefinition="MachineToApplication" overrideModeDefault="Deny" />
      <section name="defaultDocument" overrideModeDefault="Allow" />
      <sectionGroup name="security">
        <section name="access" overrideModeDefault="Deny" />
        <section name="requestFiltering" overrideModeDefault="Allow" />
        <sectionGroup name="authentication">
          <section name="anonymousAuthentication" overrideModeDefault="Deny" />
          <section name="basicAuthentication" overrideModeDefault="Deny" />
        </sectionGroup>
      </sectionGroup>
    </sectionGroup>
  </configSections>
  <system.applicationHost>
    <applicationPools>
      <add name="DefaultAppPool" />
      <add name="Shop" managedRuntimeVersion="">
        <processModel identityType="SpecificUser" userName="CORP\svc-shop" password="[enc:IISWASOnlyAesProvider:ZZZ:enc]" />
      </add>
      <applicationPoolDefaults managedRuntimeVersion="v4.0">
        <processModel identityType="ApplicationPoolIdentity" loadUserProfile="true" />
      </applicationPoolDefaults>
    </applicationPools>
    <sites>
      <site name="Default Web Site" id="1">
        <application path="/">
          <virtualDirectory path="/" physicalPath="%SystemDrive%\inetpub\wwwroot" )" + vdir_attrs + R"(/>
        </application>
        <bindings><binding protocol="http" bindingInformation="*:80:" /></bindings>
      </site>
      <site name="Shop" id="2">
        <application path="/" applicationPool="Shop">
          <virtualDirectory path="/" physicalPath="D:\sites\shop" />
          <virtualDirectory path="/media" physicalPath="E:\media" />
        </application>
        <application path="/api" applicationPool="DefaultAppPool">
          <virtualDirectory path="/" physicalPath="D:\apps\api" />
        </application>
        <bindings><binding protocol="https" bindingInformation="*:443:shop.example.com" sslFlags="1" /></bindings>
      </site>
      <applicationDefaults applicationPool="DefaultAppPool" />
      <virtualDirectoryDefaults allowSubDirConfig="true" />
    </sites>
  </system.applicationHost>
  <system.webServer>
    <directoryBrowse enabled="false" />
    <httpErrors errorMode="DetailedLocalOnly" lockAttributes="defaultPath" />
    <modules>
      <add name="RequestFilteringModule" lockItem="true" />
      <add name="StaticFileModule" />
    </modules>
    <defaultDocument><files><add value="index.html" /><add value="default.aspx" /></files></defaultDocument>
    <security>
      <access sslFlags="None" />
      <authentication>
        <anonymousAuthentication enabled="true" userName="IUSR" />
      </authentication>
    </security>
)" + extra_webserver + R"(
  </system.webServer>
  <location path="Shop" overrideMode="Allow">
    <system.webServer>
      <security><access sslFlags="Ssl" /></security>
    </system.webServer>
  </location>
)" + extra_locations + R"(
</configuration>
)";
}

std::size_t line_of(const std::string& text, const std::string& needle) {
  const auto pos = text.find(needle);
  return pos == std::string::npos ? 0 : 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
}

Resolved resolve_ok(MemoryFileSource& src) {
  auto r = resolve(src);
  if (!r) throw std::runtime_error(r.error().to_string());
  return *r;
}
}  // namespace

TEST(IisResolverTest, RealApplicationHostConfig) {
  const std::string dir = kShared + "/fixtures/iis/mattgillard-iis-reverse-proxy/";
  auto apphost_text = read_file(dir + "applicationHost.config");
  if (!apphost_text) GTEST_SKIP() << "../shared fixtures not available: " << apphost_text.error().to_string();
  MemoryFileSource src;
  src.add(kApphost, *apphost_text);
  src.add("C:\\Windows\\System32\\inetsrv\\config\\administration.config", *read_file(dir + "administration.config"));
  src.add("C:\\inetpub\\wwwroot\\web.config", *read_file(dir + "web.config"));
  const Resolved r = resolve_ok(src);
  ASSERT_EQ(r.iis.sites.size(), 1u);
  const auto& site = r.iis.sites[0];
  EXPECT_EQ(site.name, "Default Web Site");
  EXPECT_EQ(site.id, 1u);
  ASSERT_EQ(site.bindings.size(), 2u);
  EXPECT_EQ(site.bindings[1].binding_information, "*:443:");
  EXPECT_EQ(site.bindings[1].ssl_flags, "0");
  ASSERT_EQ(site.applications.size(), 1u);
  EXPECT_EQ(site.applications[0].application_pool, "DefaultAppPool");  // from applicationDefaults
  EXPECT_EQ(site.applications[0].virtual_directories[0].physical_path, "%SystemDrive%\\inetpub\\wwwroot");
  ASSERT_EQ(r.iis.app_pools.size(), 1u);
  EXPECT_EQ(r.iis.app_pools[0].identity_type, "ApplicationPoolIdentity");
  EXPECT_EQ(r.iis.app_pools[0].managed_runtime_version, "v4.0");

  // The effective values at the site, as IIS would apply them.
  const auto user = at(r.iis, "Default Web Site", "system.webServer/security/authentication/anonymousAuthentication", "userName");
  EXPECT_EQ(user.value, "IUSR");
  EXPECT_EQ(user.origin, kApphost + ":316");
  const auto ssl = at(r.iis, "Default Web Site", "system.webServer/security/access", "sslFlags");
  EXPECT_EQ(ssl.value, "None");
  EXPECT_EQ(ssl.origin, kApphost + ":310");
  EXPECT_EQ(at(r.iis, "Default Web Site", "system.webServer/directoryBrowse", "enabled").value, "false");
  // The site's own web.config (rewrite rules) and the <location path="Default Web Site"> block both apply there.
  const auto rule = at(r.iis, "Default Web Site", "system.webServer/rewrite/rules/rule[@name='ReverseProxyInboundRule1']",
                       "stopProcessing");
  EXPECT_EQ(rule.value, "true");
  EXPECT_EQ(rule.origin, "C:\\inetpub\\wwwroot\\web.config:6");
  EXPECT_TRUE(at(r.iis, "Default Web Site",
                 "system.webServer/rewrite/allowedServerVariables/add[@name='HTTP_ACCEPT_ENCODING']", "").present);
  EXPECT_FALSE(at(r.iis, "server", "system.webServer/rewrite/allowedServerVariables/add[@name='HTTP_ACCEPT_ENCODING']", "")
                   .present);
  // Module collection items locked with lockItem survive, and the scope stores only what differs from its parent.
  EXPECT_TRUE(at(r.iis, "server", "system.webServer/modules/add[@name='RequestFilteringModule']", "lockItem").present);
  const model::IisScope* site_scope = r.iis.scope("MACHINE/WEBROOT/APPHOST/Default Web Site");
  ASSERT_NE(site_scope, nullptr);
  EXPECT_FALSE(site_scope->sections.contains("system.webServer/directoryBrowse"));
  // rewrite is a section group: its sections are stored separately.
  EXPECT_TRUE(site_scope->sections.contains("system.webServer/rewrite/rules"));
  EXPECT_TRUE(site_scope->sections.contains("system.webServer/rewrite/allowedServerVariables"));
  // Files are kept (redacted) and named by role.
  EXPECT_TRUE(std::any_of(r.iis.files.begin(), r.iis.files.end(), [](const auto& f) { return f.role == "administration"; }));
  EXPECT_TRUE(has_note(r, "not collected: C:\\Windows\\Microsoft.NET"));
}

TEST(IisResolverTest, CodeqlWebConfigsAsSiteConfiguration) {
  const std::string dir = kShared + "/fixtures/iis/codeql-fixtures/";
  auto debug = read_file(dir + "CWE-011-bad-Web.config");
  if (!debug) GTEST_SKIP() << "../shared fixtures not available";
  MemoryFileSource src;
  src.add(kApphost, apphost());
  src.add("C:\\inetpub\\wwwroot\\web.config", *debug);
  src.add("D:\\sites\\shop\\web.config", *read_file(dir + "CWE-548-web.config"));
  src.add("D:\\apps\\api\\web.config", *read_file(dir + "CWE-614-RequireSSLMissing-Web.config"));
  const Resolved r = resolve_ok(src);
  EXPECT_EQ(at(r.iis, "Default Web Site", "system.web/compilation", "debug").value, "true");
  EXPECT_EQ(at(r.iis, "Shop", "system.webServer/directoryBrowse", "enabled").value, "true");
  // <forms /> without requireSSL: the schema default (false) applies, which is what CWE-614 flags.
  const auto require_ssl = at(r.iis, "Shop/api", "system.web/authentication/forms", "requireSSL");
  EXPECT_EQ(require_ssl.value, "false");
  EXPECT_NE(require_ssl.origin.find("schema default"), std::string::npos);
  EXPECT_EQ(at(r.iis, "Shop", "system.web/compilation", "debug").value, "false");  // Shop did not inherit the other site's debug
}

TEST(IisResolverTest, TopologyPoolsAndScopes) {
  MemoryFileSource src;
  src.add(kApphost, apphost());
  const Resolved r = resolve_ok(src);
  ASSERT_EQ(r.iis.app_pools.size(), 2u);
  EXPECT_EQ(r.iis.app_pools[0].managed_runtime_version, "v4.0");     // from applicationPoolDefaults
  EXPECT_TRUE(r.iis.app_pools[0].load_user_profile);
  EXPECT_EQ(r.iis.app_pools[1].identity_type, "SpecificUser");
  EXPECT_EQ(r.iis.app_pools[1].user_name, "CORP\\svc-shop");
  EXPECT_EQ(r.iis.app_pools[1].managed_runtime_version, "");         // "No Managed Code"
  const auto kinds = [&](const std::string& p) { return r.iis.scope(p) ? r.iis.scope(p)->kind : model::IisScopeKind::kMachine; };
  EXPECT_EQ(kinds("MACHINE/WEBROOT/APPHOST/Shop"), model::IisScopeKind::kSite);
  EXPECT_EQ(kinds("MACHINE/WEBROOT/APPHOST/Shop/api"), model::IisScopeKind::kApplication);
  EXPECT_EQ(kinds("MACHINE/WEBROOT/APPHOST/Shop/media"), model::IisScopeKind::kVirtualDirectory);
  EXPECT_EQ(r.iis.scope("MACHINE/WEBROOT/APPHOST/Shop/api")->parent, "MACHINE/WEBROOT/APPHOST/Shop");
  EXPECT_EQ(r.iis.scope("MACHINE/WEBROOT/APPHOST")->parent, "MACHINE/WEBROOT");
  // The password of the pool identity never reaches the snapshot in any form but "[encrypted]".
  for (const auto& f : r.iis.files) EXPECT_EQ(f.content.find("ZZZ"), std::string::npos);
}

TEST(IisResolverTest, AttributesInheritThroughSiteApplicationAndFolder) {
  MemoryFileSource src;
  src.add(kApphost, apphost());
  src.add("D:\\sites\\shop\\web.config", R"(<configuration><system.webServer>
  <httpErrors existingResponse="Replace" />
</system.webServer></configuration>)");
  src.add("D:\\sites\\shop\\downloads\\web.config", R"(<configuration><system.webServer>
  <directoryBrowse enabled="true" />
</system.webServer></configuration>)");
  const Resolved r = resolve_ok(src);
  // errorMode from the server, existingResponse from the site: attribute by attribute.
  const auto mode = at(r.iis, "Shop/downloads", "system.webServer/httpErrors", "errorMode");
  EXPECT_EQ(mode.value, "DetailedLocalOnly");
  EXPECT_EQ(mode.origin, kApphost + ":" + std::to_string(line_of(apphost(), "<httpErrors errorMode")));
  EXPECT_EQ(at(r.iis, "Shop/downloads", "system.webServer/httpErrors", "existingResponse").origin, "D:\\sites\\shop\\web.config:2");
  const auto browse = at(r.iis, "Shop/downloads", "system.webServer/directoryBrowse", "enabled");
  EXPECT_EQ(browse.value, "true");
  EXPECT_EQ(browse.origin, "D:\\sites\\shop\\downloads\\web.config:2");
  EXPECT_EQ(r.iis.scope("MACHINE/WEBROOT/APPHOST/Shop/downloads")->kind, model::IisScopeKind::kFolder);
  EXPECT_EQ(at(r.iis, "Shop", "system.webServer/directoryBrowse", "enabled").value, "false");
}

TEST(IisResolverTest, LocationBlocksApplyToTheirPathAndBelow) {
  MemoryFileSource src;
  src.add(kApphost, apphost("", R"(<location path="Shop/api"><system.webServer><directoryBrowse enabled="true" /></system.webServer></location>)"));
  const Resolved r = resolve_ok(src);
  EXPECT_EQ(at(r.iis, "Shop", "system.webServer/security/access", "sslFlags").value, "Ssl");
  EXPECT_EQ(at(r.iis, "Shop/api", "system.webServer/security/access", "sslFlags").value, "Ssl");
  EXPECT_EQ(at(r.iis, "Default Web Site", "system.webServer/security/access", "sslFlags").value, "None");
  EXPECT_EQ(at(r.iis, "Shop/api", "system.webServer/directoryBrowse", "enabled").value, "true");
  EXPECT_EQ(at(r.iis, "Shop", "system.webServer/directoryBrowse", "enabled").value, "false");
}

TEST(IisResolverTest, CollectionsAddRemoveClear) {
  MemoryFileSource src;
  src.add(kApphost, apphost());
  src.add("D:\\sites\\shop\\web.config", R"(<configuration><system.webServer>
  <defaultDocument><files><remove value="default.aspx" /><add value="home.htm" /></files></defaultDocument>
</system.webServer></configuration>)");
  src.add("D:\\apps\\api\\web.config", R"(<configuration><system.webServer>
  <defaultDocument><files><clear /><add value="swagger.html" /></files></defaultDocument>
</system.webServer></configuration>)");
  const Resolved r = resolve_ok(src);
  const std::string files = "system.webServer/defaultDocument/files/add";
  EXPECT_TRUE(at(r.iis, "Default Web Site", files + "[@value='default.aspx']", "").present);
  EXPECT_FALSE(at(r.iis, "Shop", files + "[@value='default.aspx']", "").present);
  EXPECT_TRUE(at(r.iis, "Shop", files + "[@value='index.html']", "").present);
  EXPECT_TRUE(at(r.iis, "Shop", files + "[@value='home.htm']", "").present);
  EXPECT_FALSE(at(r.iis, "Shop/api", files + "[@value='index.html']", "").present);
  EXPECT_TRUE(at(r.iis, "Shop/api", files + "[@value='swagger.html']", "").present);
}

TEST(IisResolverTest, InheritInChildApplicationsFalseStopsAtChildApplications) {
  MemoryFileSource src;
  src.add(kApphost, apphost());
  src.add("D:\\sites\\shop\\web.config", R"(<configuration>
  <location path="." inheritInChildApplications="false">
    <system.webServer><directoryBrowse enabled="true" /></system.webServer>
  </location>
</configuration>)");
  src.add("D:\\sites\\shop\\docs\\web.config", R"(<configuration><system.webServer>
  <httpErrors existingResponse="Auto" />
</system.webServer></configuration>)");
  const Resolved r = resolve_ok(src);
  EXPECT_EQ(at(r.iis, "Shop", "system.webServer/directoryBrowse", "enabled").value, "true");
  EXPECT_EQ(at(r.iis, "Shop/docs", "system.webServer/directoryBrowse", "enabled").value, "true");  // a folder: inherits
  EXPECT_EQ(at(r.iis, "Shop/api", "system.webServer/directoryBrowse", "enabled").value, "false");  // a child application: does not
}

TEST(IisResolverTest, LockedSectionInAWebConfigHasNoEffect) {
  MemoryFileSource src;
  src.add(kApphost, apphost());
  // anonymousAuthentication is overrideModeDefault=Deny; the Shop location unlocks only access.
  src.add("C:\\inetpub\\wwwroot\\web.config", R"(<configuration><system.webServer><security>
  <authentication><anonymousAuthentication userName="CORP\svc-web" /></authentication>
  <access sslFlags="Ssl" />
</security></system.webServer></configuration>)");
  src.add("D:\\sites\\shop\\web.config", R"(<configuration><system.webServer><security>
  <access sslFlags="Ssl, SslRequireCert" />
</security></system.webServer></configuration>)");
  const Resolved r = resolve_ok(src);
  EXPECT_EQ(at(r.iis, "Default Web Site", "system.webServer/security/authentication/anonymousAuthentication", "userName").value,
            "IUSR");
  EXPECT_EQ(at(r.iis, "Default Web Site", "system.webServer/security/access", "sslFlags").value, "None");
  EXPECT_TRUE(has_note(r, "is locked for Default Web Site", "wwwroot"));
  EXPECT_TRUE(has_note(r, "HTTP 500.19"));
  // Unlocked by <location path="Shop" overrideMode="Allow">: the site's web.config applies.
  EXPECT_EQ(at(r.iis, "Shop", "system.webServer/security/access", "sslFlags").value, "Ssl, SslRequireCert");
}

TEST(IisResolverTest, AttributeElementAndItemLocks) {
  MemoryFileSource src;
  src.add(kApphost, apphost());
  src.add("D:\\sites\\shop\\web.config", R"(<configuration><system.webServer>
  <httpErrors errorMode="Detailed" defaultPath="C:\evil.htm" />
</system.webServer></configuration>)");
  src.add("D:\\apps\\api\\web.config", R"(<configuration><system.webServer>
  <modules><remove name="RequestFilteringModule" /><remove name="StaticFileModule" /></modules>
</system.webServer></configuration>)");
  const Resolved r = resolve_ok(src);
  EXPECT_EQ(at(r.iis, "Shop", "system.webServer/httpErrors", "errorMode").value, "Detailed");   // not locked
  EXPECT_FALSE(at(r.iis, "Shop", "system.webServer/httpErrors", "defaultPath").present);       // lockAttributes
  EXPECT_TRUE(has_note(r, "attribute 'defaultPath'"));
  // modules is overrideModeDefault=Deny: the whole section is locked for the api application.
  EXPECT_TRUE(at(r.iis, "Shop/api", "system.webServer/modules/add[@name='StaticFileModule']", "").present);
  EXPECT_TRUE(has_note(r, "system.webServer/modules is locked"));
}

TEST(IisResolverTest, LockItemProtectsCollectionEntriesWhereTheSectionIsDelegated) {
  MemoryFileSource src;
  src.add(kApphost, apphost("", R"(<location path="Shop" overrideMode="Allow"><system.webServer><modules /></system.webServer></location>)"));
  src.add("D:\\sites\\shop\\web.config", R"(<configuration><system.webServer>
  <modules><remove name="RequestFilteringModule" /><remove name="StaticFileModule" /></modules>
</system.webServer></configuration>)");
  const Resolved r = resolve_ok(src);
  EXPECT_TRUE(at(r.iis, "Shop", "system.webServer/modules/add[@name='RequestFilteringModule']", "").present);
  EXPECT_FALSE(at(r.iis, "Shop", "system.webServer/modules/add[@name='StaticFileModule']", "").present);
  EXPECT_TRUE(has_note(r, "locked collection item"));
}

TEST(IisResolverTest, DefinitionLevelsAreEnforced) {
  MemoryFileSource src;
  src.add(kApphost, apphost());
  src.add("D:\\sites\\shop\\web.config", R"(<configuration>
  <system.applicationHost><sites><site name="Evil" id="9" /></sites></system.applicationHost>
</configuration>)");
  src.add("D:\\sites\\shop\\sub\\web.config", R"(<configuration>
  <system.web><machineKey validation="MD5" /></system.web>
</configuration>)");
  const Resolved r = resolve_ok(src);
  EXPECT_EQ(r.iis.sites.size(), 2u);
  EXPECT_TRUE(has_note(r, "may only be set in applicationHost.config"));
  EXPECT_FALSE(at(r.iis, "Shop/sub", "system.web/machineKey", "validation").value == "MD5");
  EXPECT_TRUE(has_note(r, "may only be set at an application root"));
}

TEST(IisResolverTest, AllowSubDirConfigFalseIgnoresDeeperWebConfigs) {
  MemoryFileSource src;
  src.add(kApphost, apphost("", "", "allowSubDirConfig=\"false\" "));
  src.add("C:\\inetpub\\wwwroot\\web.config", R"(<configuration><system.webServer><httpErrors existingResponse="Auto" /></system.webServer></configuration>)");
  src.add("C:\\inetpub\\wwwroot\\uploads\\web.config", R"(<configuration><system.webServer><directoryBrowse enabled="true" /></system.webServer></configuration>)");
  const Resolved r = resolve_ok(src);
  EXPECT_EQ(at(r.iis, "Default Web Site", "system.webServer/httpErrors", "existingResponse").value, "Auto");
  EXPECT_EQ(r.iis.scope("MACHINE/WEBROOT/APPHOST/Default Web Site/uploads"), nullptr);
  EXPECT_TRUE(has_note(r, "allowSubDirConfig=false"));
}

TEST(IisResolverTest, ChildApplicationUrlsAreNotTheParentFolders) {
  MemoryFileSource src;
  src.add(kApphost, apphost());
  // D:\sites\shop\api exists on disk, but /api is an application mapped to D:\apps\api.
  src.add("D:\\sites\\shop\\api\\web.config", R"(<configuration><system.webServer><directoryBrowse enabled="true" /></system.webServer></configuration>)");
  const Resolved r = resolve_ok(src);
  EXPECT_EQ(at(r.iis, "Shop/api", "system.webServer/directoryBrowse", "enabled").value, "false");
}

TEST(IisResolverTest, SecretsAreRedactedAndEncryptedSectionsRecognised) {
  MemoryFileSource src;
  src.add(kApphost, apphost());
  src.add("D:\\sites\\shop\\web.config", R"(<configuration>
  <connectionStrings>
    <add name="shop" connectionString="Data Source=sql1;Initial Catalog=shop;User Id=web;Password=S3cret!" />
  </connectionStrings>
  <appSettings><add key="PaymentApiKey" value="sk_live_123" /></appSettings>
</configuration>)");
  src.add("D:\\apps\\api\\web.config", R"(<configuration>
  <connectionStrings configProtectionProvider="RsaProtectedConfigurationProvider">
    <EncryptedData Type="http://www.w3.org/2001/04/xmlenc#Element" xmlns="http://www.w3.org/2001/04/xmlenc#">
      <CipherData><CipherValue>AAAA</CipherValue></CipherData>
    </EncryptedData>
  </connectionStrings>
</configuration>)");
  const Resolved r = resolve_ok(src);
  const auto cs = at(r.iis, "Shop", "connectionStrings/add[@name='shop']", "connectionString");
  EXPECT_EQ(cs.value, "Data Source=sql1;Initial Catalog=shop;User Id=web;Password=[REDACTED]");
  EXPECT_EQ(at(r.iis, "Shop", "appSettings/add[@key='PaymentApiKey']", "value").value, "[REDACTED]");
  EXPECT_EQ(at(r.iis, "Shop/api", "connectionStrings", "configProtectionProvider").value, "RsaProtectedConfigurationProvider");
  for (const auto& f : r.iis.files) {
    EXPECT_EQ(f.content.find("S3cret"), std::string::npos) << f.path;
    EXPECT_EQ(f.content.find("sk_live"), std::string::npos) << f.path;
  }
}

TEST(IisResolverTest, SecretsAreClassifiedWhereTheyAreResolved) {
  MemoryFileSource src;
  src.add(kApphost, apphost());
  src.add("D:\\sites\\shop\\web.config", R"(<configuration>
  <system.web>
    <authentication mode="Forms">
      <forms><credentials passwordFormat="Clear"><user name="admin" password="Adm1n!" /></credentials></forms>
    </authentication>
    <machineKey validationKey="AutoGenerate,IsolateApps" decryptionKey="0011223344556677" />
  </system.web>
  <appSettings><add key="DbPassword" value="pw" /><add key="PasswordMinLength" value="14" /></appSettings>
</configuration>)");
  const Resolved r = resolve_ok(src);
  const model::IisScope* shop = r.iis.scope("MACHINE/WEBROOT/APPHOST/Shop");
  ASSERT_NE(shop, nullptr);
  const model::ConfigElement& web = shop->sections.at("system.web/authentication");
  const auto* credentials = web.child("forms")->child("credentials");
  ASSERT_NE(credentials, nullptr);
  // The setting is a setting; the password keeps its real value in memory, classified, and shows masked.
  EXPECT_EQ(credentials->attribute("passwordFormat")->value, "Clear");
  EXPECT_EQ(credentials->attribute("passwordFormat")->secret, SecretClass::kNone);
  const auto* user = credentials->child("user");
  EXPECT_EQ(user->attribute("password")->value, "Adm1n!");
  EXPECT_EQ(user->attribute("password")->secret, SecretClass::kPlaintext);
  EXPECT_EQ(user->attribute("password")->shown_value(), "[REDACTED]");
  const model::ConfigElement& key = shop->sections.at("system.web/machineKey");
  EXPECT_EQ(key.attribute("validationKey")->secret, SecretClass::kGenerated);
  EXPECT_EQ(key.attribute("decryptionKey")->secret, SecretClass::kPlaintext);
  const model::ConfigElement& settings = shop->sections.at("appSettings");
  ASSERT_EQ(settings.children.size(), 2u);
  EXPECT_EQ(settings.children[0].attribute("value")->secret, SecretClass::kPlaintext);
  EXPECT_EQ(settings.children[1].attribute("value")->secret, SecretClass::kNone);
  EXPECT_EQ(at(r.iis, "Shop", "system.web/authentication/forms/credentials", "passwordFormat").value, "Clear");
  // The pool identity's [enc:] password is classified encrypted at the server level.
  const model::ConfigElement& pools = r.iis.scope("MACHINE/WEBROOT/APPHOST")->sections.at("system.applicationHost/applicationPools");
  const auto* shop_pool = &pools.children[1];
  EXPECT_EQ(shop_pool->child("processModel")->attribute("password")->secret, SecretClass::kEncrypted);
}

TEST(IisResolverTest, DamagedWebConfigCostsOnlyThatFile) {
  MemoryFileSource src;
  src.add(kApphost, apphost());
  src.add("C:\\inetpub\\wwwroot\\web.config", "<configuration>\n  <system.webServer>\n    <directoryBrowse enabled=\"true\"\n");
  src.add("D:\\sites\\shop\\web.config", R"(<configuration><system.webServer><directoryBrowse enabled="true" /></system.webServer></configuration>)");
  const Resolved r = resolve_ok(src);
  EXPECT_TRUE(has_note(r, "not valid XML", "wwwroot"));
  const auto bad = std::find_if(r.notes.begin(), r.notes.end(), [](const Note& n) { return n.message.find("not valid XML") != std::string::npos; });
  ASSERT_NE(bad, r.notes.end());
  EXPECT_GT(bad->where.line, 0u);
  EXPECT_EQ(at(r.iis, "Default Web Site", "system.webServer/directoryBrowse", "enabled").value, "false");
  EXPECT_EQ(at(r.iis, "Shop", "system.webServer/directoryBrowse", "enabled").value, "true");
}

TEST(IisResolverTest, MissingOrBrokenApplicationHostIsAnError) {
  MemoryFileSource none;
  auto r = resolve(none);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  MemoryFileSource broken;
  broken.add(kApphost, "<configuration><system.webServer>");
  auto b = resolve(broken);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, ErrorCode::kParse);
}

TEST(IisResolverTest, Utf16AndBomEncodedFilesAreRead) {
  MemoryFileSource src;
  src.add(kApphost, apphost());
  const std::string xml = "<configuration><system.webServer><directoryBrowse enabled=\"true\"/></system.webServer></configuration>";
  std::string utf16 = "\xFF\xFE";
  for (const char c : xml) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  src.add("D:\\sites\\shop\\web.config", utf16);
  src.add("C:\\inetpub\\wwwroot\\web.config", "\xEF\xBB\xBF" + xml);
  const Resolved r = resolve_ok(src);
  EXPECT_EQ(at(r.iis, "Shop", "system.webServer/directoryBrowse", "enabled").value, "true");
  EXPECT_EQ(at(r.iis, "Default Web Site", "system.webServer/directoryBrowse", "enabled").value, "true");
}
}  // namespace temper::iis
