#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# name: iis/hosting-bundle; group: audit
# description: writes a bundle (docs/bundle.md) of a shared-hosting IIS server with N sites, for
# measuring import and audit cost as the number of sites grows (bench/run_audit_bench.py).
#
#   bench/make_hosting_bundle.py N OUT_DIR [--apps K] [--vdirs V] [--locations L] [--folders F]
#       [--seed S] [--template examples/web01]
#
# What it writes, for a seed (the same arguments give byte-identical files):
#   - fs/C/Windows/System32/inetsrv/config/applicationHost.config: the template server's
#     <configSections> and server-wide <system.webServer>, then N sites. Site 1 is the
#     "Default Web Site" (%SystemDrive%\inetpub\wwwroot); sites 2..N are hosting customers
#     named after their domain, each with http and https (SNI) bindings for the domain and its
#     www. host, a root application plus K child applications, V virtual directories, a log
#     folder, and an application pool of its own (about 85 %) or one of a few shared pools.
#     Child applications run in the site's pool or in one of their own. L <location> blocks per
#     site (the site first, then its applications, then its folders): authentication,
#     requestFiltering, httpErrors, access; some with overrideMode="Allow" (delegating
#     authentication to the application's web.config) or inheritInChildApplications="false".
#   - a web.config at every site root and application root (system.web compilation,
#     customErrors, httpCookies, machineKey, authentication, httpRuntime; system.webServer
#     directoryBrowse, httpErrors, requestFiltering, handlers, modules, httpProtocol,
#     defaultDocument; connectionStrings, appSettings), and F folder web.configs per site on
#     average (uploads/ without script handlers, files/ with directory browsing), plus one
#     web.config in D:\Shared\downloads, a folder every site maps as a virtual directory.
#   - machine.config, the root web.config and redirection.config, and every other bundle file
#     (manifest.json with the host name changed, secedit.inf, auditpol.csv, services.csv,
#     features.csv, groups.csv, registry/) copied from the template bundle.
# Only folders that hold a web.config exist under fs/, as in a real bundle (the PowerShell in
# docs/bundle.md copies web.config files, not folders). Site and application folders therefore
# exist only where a web.config is; virtual directories of media and aspnet_client have none.
# Child application folders sit inside the site's folder (about 70 %) or beside it under apps\.
import argparse
import json
import os
import random
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_TEMPLATE = os.path.join(HERE, "..", "examples", "web01")
APPHOST_REL = ("C", "Windows", "System32", "inetsrv", "config")
NET_REL = ("C", "Windows", "Microsoft.NET", "Framework64", "v4.0.30319", "Config")
BUNDLE_FILES = ["secedit.inf", "auditpol.csv", "services.csv", "features.csv", "groups.csv"]

WORDS = ["alder", "birch", "cedar", "delta", "ember", "fjord", "grove", "harbor", "iris", "juniper",
         "kestrel", "lumen", "maple", "nimbus", "orchid", "pioneer", "quartz", "raven", "summit",
         "tidal", "umber", "vertex", "willow", "xenon", "yarrow", "zephyr", "atlas", "bistro",
         "canyon", "dune", "echo", "falcon", "garnet", "helix", "indigo", "jasper", "koi", "lotus"]
SUFFIXES = ["bakery", "law", "dental", "travel", "studio", "garage", "books", "clinic", "photo",
            "fitness", "realty", "tech", "media", "farm", "events", "design", "consult", "shop"]
TLDS = ["example", "example.com", "example.net", "example.org", "test"]
APP_NAMES = ["api", "admin", "blog", "shop", "portal", "cms", "webmail", "forum", "crm", "status"]
VDIR_NAMES = ["images", "downloads", "aspnet_client", "media", "static", "docs"]


class Writer:
    """Writes files under OUT/fs/<drive>/<path> from Windows paths, and remembers them."""

    def __init__(self, out):
        self.out = out
        self.count = 0
        self.files = []           # Windows paths written, for fs/index.txt

    def host_path(self, windows_path):
        drive, rest = windows_path.split(":", 1)
        parts = [p for p in rest.split("\\") if p]
        return os.path.join(self.out, "fs", drive.upper(), *parts)

    def write(self, windows_path, text):
        p = self.host_path(windows_path)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8", newline="\r\n") as f:
            f.write(text)
        self.count += 1
        self.files.append(windows_path)


def esc(s):
    return s.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def hexkey(rng, nbytes):
    return "".join(rng.choice("0123456789ABCDEF") for _ in range(nbytes * 2))


def b64ish(rng, n):
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(n)) + "="


class Site:
    def __init__(self, index, name, root, pool):
        self.index = index
        self.name = name
        self.root = root          # Windows path of the root application's folder
        self.pool = pool
        self.apps = []            # (url name, physical path, pool)
        self.vdirs = []           # (url name, physical path)
        self.folders = []         # (url name, kind) folders under the root holding a web.config
        self.hosts = []


def plan(args, rng):
    """Decides the topology: sites, applications, pools, virtual directories, folders."""
    sites, pools = [], {}
    shared_pools = max(1, args.sites // 20)

    def add_pool(name, **attrs):
        pools.setdefault(name, attrs)
        return name

    dws = Site(1, "Default Web Site", "%SystemDrive%\\inetpub\\wwwroot", add_pool("DefaultAppPool"))
    sites.append(dws)
    used = set()
    for i in range(2, args.sites + 1):
        while True:
            name = f"{rng.choice(WORDS)}-{rng.choice(SUFFIXES)}{i}.{rng.choice(TLDS)}"
            if name not in used:
                used.add(name)
                break
        root = f"D:\\Hosting\\{name}\\wwwroot"
        if rng.random() < 0.85:
            pool = add_pool(name, **pool_attrs(rng))
        else:
            pool = add_pool(f"SharedHosting{rng.randint(1, shared_pools):02d}", **pool_attrs(rng, shared=True))
        s = Site(i, name, root, pool)
        s.hosts = [name, "www." + name]
        for k in range(args.apps):
            app = APP_NAMES[k % len(APP_NAMES)] + ("" if k < len(APP_NAMES) else str(k // len(APP_NAMES)))
            if rng.random() < 0.7:
                phys = f"{root}\\{app}"
            else:
                phys = f"D:\\Hosting\\{name}\\apps\\{app}"
            app_pool = pool if rng.random() < 0.6 else add_pool(f"{name}_{app}", **pool_attrs(rng))
            s.apps.append((app, phys, app_pool))
        for v in range(args.vdirs):
            vname = VDIR_NAMES[v % len(VDIR_NAMES)] + ("" if v < len(VDIR_NAMES) else str(v // len(VDIR_NAMES)))
            if vname.startswith("downloads"):
                phys = "D:\\Shared\\downloads"
            elif vname.startswith("aspnet_client"):
                phys = "%SystemDrive%\\inetpub\\wwwroot\\aspnet_client"
            else:
                phys = f"D:\\Hosting\\{name}\\media\\{vname}"
            s.vdirs.append((vname, phys))
        # F folder web.configs per site on average: uploads/ (no scripts) or files/ (listing).
        whole, frac = int(args.folders), args.folders - int(args.folders)
        n_folders = whole + (1 if rng.random() < frac else 0)
        for f in range(n_folders):
            kind = "uploads" if f % 2 == 0 else "files"
            s.folders.append((kind + ("" if f < 2 else str(f // 2)), kind))
        sites.append(s)
    return sites, pools


def pool_attrs(rng, shared=False):
    a = {}
    r = rng.random()
    if r < 0.04:
        a["identity"] = ("SpecificUser", f"HOSTING\\svc-pool{rng.randint(100, 999)}")
    elif r < 0.07:
        a["identity"] = ("NetworkService", "")
    elif r < 0.09:
        a["identity"] = ("LocalSystem", "")
    elif r < 0.10:
        a["identity"] = ("LocalService", "")
    r = rng.random()
    if r < 0.10:
        a["runtime"] = ""
    elif r < 0.15:
        a["runtime"] = "v2.0"
    if rng.random() < 0.05:
        a["pipeline"] = "Classic"
    if rng.random() < 0.3:
        a["idle"] = rng.choice(["00:00:00", "00:05:00", "01:00:00"])
    if rng.random() < 0.2 or shared:
        a["restart"] = rng.choice(["00:00:00", "1.05:00:00"])
    if rng.random() < 0.1:
        a["bit32"] = True
    return a


def apppool_xml(name, a, rng):
    attrs = [f'name="{esc(name)}"']
    if "runtime" in a:
        attrs.append(f'managedRuntimeVersion="{a["runtime"]}"')
    if "pipeline" in a:
        attrs.append(f'managedPipelineMode="{a["pipeline"]}"')
    if a.get("bit32"):
        attrs.append('enable32BitAppOnWin64="true"')
    inner = []
    if "identity" in a or "idle" in a:
        pm = []
        if "identity" in a:
            kind, user = a["identity"]
            pm.append(f'identityType="{kind}"')
            if kind == "SpecificUser":
                pm.append(f'userName="{esc(user)}" password="[enc:IISWASOnlyAesProvider:{b64ish(rng, 43)}:enc]"')
        if "idle" in a:
            pm.append(f'idleTimeout="{a["idle"]}"')
        inner.append(f'                <processModel {" ".join(pm)} />')
    if "restart" in a:
        inner.append("                <recycling>\n"
                     f'                    <periodicRestart time="{a["restart"]}" />\n'
                     "                </recycling>")
    if not inner:
        return f'            <add {" ".join(attrs)} />'
    return f'            <add {" ".join(attrs)}>\n' + "\n".join(inner) + "\n            </add>"


def site_xml(s, rng):
    lines = []
    extra = "" if s.index == 1 else ' serverAutoStart="true"'
    lines.append(f'            <site name="{esc(s.name)}" id="{s.index}"{extra}>')
    pool_attr = "" if s.pool == "DefaultAppPool" else f' applicationPool="{esc(s.pool)}"'
    lines.append(f'                <application path="/"{pool_attr}>')
    lines.append(f'                    <virtualDirectory path="/" physicalPath="{esc(s.root)}" />')
    for vname, phys in s.vdirs:
        sub = ' allowSubDirConfig="false"' if vname.startswith("media") else ""
        lines.append(f'                    <virtualDirectory path="/{vname}" physicalPath="{esc(phys)}"{sub} />')
    lines.append("                </application>")
    for app, phys, pool in s.apps:
        pa = "" if pool == "DefaultAppPool" else f' applicationPool="{esc(pool)}"'
        lines.append(f'                <application path="/{app}"{pa}>')
        lines.append(f'                    <virtualDirectory path="/" physicalPath="{esc(phys)}" />')
        lines.append("                </application>")
    lines.append("                <bindings>")
    if s.index == 1:
        lines.append('                    <binding protocol="http" bindingInformation="*:80:" />')
    for h in s.hosts:
        lines.append(f'                    <binding protocol="http" bindingInformation="*:80:{h}" />')
    for h in s.hosts:
        lines.append(f'                    <binding protocol="https" bindingInformation="*:443:{h}" sslFlags="1" />')
    lines.append("                </bindings>")
    if s.index > 1:
        lines.append(f'                <logFile directory="D:\\Hosting\\{esc(s.name)}\\logs" />')
        if rng.random() < 0.1:
            lines.append(f'                <traceFailedRequestsLogging enabled="true" directory="D:\\Hosting\\{esc(s.name)}\\logs\\FailedReqLogFiles" />')
        if rng.random() < 0.2:
            lines.append('                <limits connectionTimeout="00:01:00" maxBandwidth="10485760" />')
    lines.append("            </site>")
    return "\n".join(lines)


def location_targets(s):
    """The site, then its applications (an admin application first), then its folders."""
    apps = sorted((0 if app.startswith("admin") else 1, k, app) for k, (app, _, _) in enumerate(s.apps))
    return ([("", "site")] + [(app, "admin" if rank == 0 else "app") for rank, _, app in apps] +
            [(f, kind) for f, kind in s.folders])


def location_xml(s, rel, kind, rng):
    path = s.name + ("/" + rel if rel else "")
    attrs = [f'path="{esc(path)}"']
    delegate = kind == "admin" and rng.random() < 0.7
    if delegate:
        attrs.append('overrideMode="Allow"')
    if kind == "site" and rng.random() < 0.15:
        attrs.append('inheritInChildApplications="false"')
    ws = []
    auth = []
    if kind in ("site", "app"):
        r = rng.random()
        if r < 0.6:
            auth.append('<anonymousAuthentication userName="" />')
        elif r < 0.7:
            auth.append('<anonymousAuthentication enabled="true" userName="IUSR" />')
        if rng.random() < 0.08:
            auth.append('<basicAuthentication enabled="true" />')
    elif kind == "admin" and delegate:
        # What `appcmd unlock config` writes: overrideMode on a <location> unlocks the sections it
        # holds, so the (empty) sections delegated to the application's web.config are listed.
        auth.append("<anonymousAuthentication />")
        auth.append("<windowsAuthentication />")
    elif kind == "admin":
        auth.append('<anonymousAuthentication enabled="false" />')
        auth.append('<windowsAuthentication enabled="true" />')
    sec = []
    if kind == "site" and rng.random() < 0.5:
        sec.append('<access sslFlags="Ssl, SslNegotiateCert" />' if rng.random() < 0.05 else '<access sslFlags="Ssl" />')
    if auth:
        sec.append("<authentication>\n" + "\n".join("    " + a for a in auth) + "\n</authentication>")
    if kind in ("site", "app", "uploads") or rng.random() < 0.3:
        rf = [f'<requestLimits maxAllowedContentLength="{rng.choice([4194304, 30000000, 104857600, 2147483647])}" '
              f'maxUrl="{rng.choice([4096, 8192])}" maxQueryString="{rng.choice([2048, 4096])}" />']
        if kind == "uploads" or rng.random() < 0.3:
            rf.append('<fileExtensions allowUnlisted="true">\n'
                      '    <add fileExtension=".asp" allowed="false" />\n'
                      '    <add fileExtension=".aspx" allowed="false" />\n'
                      '    <add fileExtension=".php" allowed="false" />\n'
                      "</fileExtensions>")
        if rng.random() < 0.2:
            rf.append('<verbs allowUnlisted="true">\n    <add verb="TRACE" allowed="false" />\n</verbs>')
        sec.append("<requestFiltering>\n" + "\n".join("    " + l for r in rf for l in r.split("\n")) + "\n</requestFiltering>")
    if sec:
        ws.append("<security>\n" + "\n".join("    " + l for s_ in sec for l in s_.split("\n")) + "\n</security>")
    if kind == "site" and rng.random() < 0.4:
        ws.append(f'<httpErrors errorMode="{rng.choice(["Custom", "DetailedLocalOnly", "Detailed"])}" />')
    if kind == "files":
        ws.append('<directoryBrowse enabled="true" />')
    if not ws:
        ws.append('<directoryBrowse enabled="false" />')
    body = "\n".join("            " + l for w in ws for l in w.split("\n"))
    return (f'    <location {" ".join(attrs)}>\n        <system.webServer>\n{body}\n'
            "        </system.webServer>\n    </location>")


def indent(text, n):
    return "\n".join((" " * n + l) if l else l for l in text.split("\n"))


def system_web(rng, root, admin=False):
    """<system.web> of a site or application root (MachineToApplication sections allowed)."""
    e = []
    debug = "true" if rng.random() < 0.1 else "false"
    e.append(f'<compilation debug="{debug}" targetFramework="{rng.choice(["4.7.2", "4.8", "4.8"])}" />')
    r = rng.random()
    mode = "RemoteOnly" if r < 0.6 else ("On" if r < 0.85 else "Off")
    if mode == "Off":
        e.append('<customErrors mode="Off" />')
    else:
        e.append(f'<customErrors mode="{mode}" defaultRedirect="~/error.html" />')
    if rng.random() < 0.5:
        e.append('<httpCookies httpOnlyCookies="true" requireSSL="true" />')
    elif rng.random() < 0.2:
        e.append('<httpCookies httpOnlyCookies="false" />')
    if root or admin:
        r = rng.random()
        if r < 0.2:
            e.append(f'<machineKey validationKey="{hexkey(rng, 64)}" decryptionKey="{hexkey(rng, 32)}" '
                     f'validation="{rng.choice(["HMACSHA256", "SHA1"])}" decryption="AES" />')
        elif r < 0.3:
            e.append('<machineKey validation="HMACSHA256" />')
        if admin or rng.random() < 0.3:
            ssl = "true" if rng.random() < 0.7 else "false"
            e.append('<authentication mode="Forms">\n'
                     f'    <forms loginUrl="~/account/login" requireSSL="{ssl}" cookieless="UseCookies" protection="All" timeout="30" />\n'
                     "</authentication>")
        if admin:
            e.append('<authorization>\n    <deny users="?" />\n</authorization>')
        if rng.random() < 0.05:
            e.append('<sessionState cookieless="UseUri" />')
        if rng.random() < 0.05:
            e.append('<trust level="Medium" />')
    e.append(f'<httpRuntime targetFramework="4.8" enableVersionHeader="{"false" if rng.random() < 0.6 else "true"}" '
             f'maxRequestLength="{rng.choice([4096, 20480, 102400])}" />')
    if rng.random() < 0.05:
        e.append('<trace enabled="true" localOnly="false" />')
    return "<system.web>\n" + indent("\n".join(e), 4) + "\n</system.web>"


def system_webserver(rng, php, kind):
    e = []
    if rng.random() < 0.9:
        e.append('<directoryBrowse enabled="false" />')
    if rng.random() < 0.5:
        e.append("<defaultDocument>\n    <files>\n        <clear />\n"
                 + ("        <add value=\"index.php\" />\n" if php else "")
                 + "        <add value=\"default.aspx\" />\n        <add value=\"index.html\" />\n    </files>\n</defaultDocument>")
    r = rng.random()
    if r < 0.4:
        e.append('<httpErrors errorMode="Custom" existingResponse="Replace">\n'
                 '    <remove statusCode="404" subStatusCode="-1" />\n'
                 '    <error statusCode="404" path="/errors/404.html" responseMode="ExecuteURL" />\n'
                 "</httpErrors>")
    elif r < 0.45:
        e.append('<httpErrors errorMode="Detailed" />')
    rf = []
    if rng.random() < 0.4:
        rf.append(f'<requestLimits maxAllowedContentLength="{rng.choice([10485760, 52428800, 1073741824])}" />')
    if rng.random() < 0.3:
        rf.append('<hiddenSegments>\n    <add segment="logs" />\n    <add segment=".git" />\n</hiddenSegments>')
    if rng.random() < 0.2:
        rf.append('<fileExtensions>\n    <add fileExtension=".bak" allowed="false" />\n'
                  '    <add fileExtension=".sql" allowed="false" />\n</fileExtensions>')
    sec = []
    if rf:
        sec.append("<requestFiltering>\n" + indent("\n".join(rf), 4) + "\n</requestFiltering>")
    if kind == "admin" and rng.random() < 0.8:
        sec.append("<authentication>\n    <windowsAuthentication enabled=\"true\" />\n"
                   "    <anonymousAuthentication enabled=\"false\" />\n</authentication>")
    if sec:
        e.append("<security>\n" + indent("\n".join(sec), 4) + "\n</security>")
    if php or rng.random() < 0.3:
        h = ['<remove name="WebDAV" />']
        if php:
            h.append('<add name="PHP_via_FastCGI" path="*.php" verb="GET,HEAD,POST" modules="FastCgiModule" '
                     'scriptProcessor="C:\\PHP\\8.2\\php-cgi.exe" resourceType="Either" requireAccess="Script" />')
        e.append("<handlers>\n" + indent("\n".join(h), 4) + "\n</handlers>")
        e.append('<modules runAllManagedModulesForAllRequests="false">\n    <remove name="WebDAVModule" />\n</modules>')
    if rng.random() < 0.6:
        hdr = ['<remove name="X-Powered-By" />']
        if rng.random() < 0.5:
            hdr.append('<add name="Strict-Transport-Security" value="max-age=31536000" />')
        if rng.random() < 0.5:
            hdr.append('<add name="X-Frame-Options" value="SAMEORIGIN" />')
        e.append("<httpProtocol>\n    <customHeaders>\n" + indent("\n".join(hdr), 8) + "\n    </customHeaders>\n</httpProtocol>")
    if rng.random() < 0.3:
        e.append('<staticContent>\n    <clientCache cacheControlMode="UseMaxAge" cacheControlMaxAge="7.00:00:00" />\n</staticContent>')
    return "<system.webServer>\n" + indent("\n".join(e), 4) + "\n</system.webServer>"


def data_sections(rng, site_name, app):
    db = re.sub(r"[^A-Za-z0-9]", "_", site_name + ("_" + app if app else ""))
    e = []
    r = rng.random()
    if r < 0.4:
        e.append("<connectionStrings>\n"
                 f'    <add name="Default" connectionString="Server=sql{rng.randint(1, 4):02d}.hosting.example;Database={db};'
                 f'User Id={db[:20]};Password={b64ish(rng, 11)};Encrypt=True" providerName="System.Data.SqlClient" />\n'
                 "</connectionStrings>")
    elif r < 0.5:
        e.append('<connectionStrings configProtectionProvider="RsaProtectedConfigurationProvider">\n'
                 '    <EncryptedData Type="http://www.w3.org/2001/04/xmlenc#Element" xmlns="http://www.w3.org/2001/04/xmlenc#">\n'
                 '        <EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes256-cbc" />\n'
                 f"        <CipherData><CipherValue>{b64ish(rng, 63)}</CipherValue></CipherData>\n"
                 "    </EncryptedData>\n</connectionStrings>")
    elif r < 0.8:
        e.append("<connectionStrings>\n"
                 f'    <add name="Default" connectionString="Server=sql{rng.randint(1, 4):02d}.hosting.example;Database={db};'
                 'Integrated Security=SSPI" providerName="System.Data.SqlClient" />\n</connectionStrings>')
    if rng.random() < 0.7:
        keys = [f'<add key="SiteName" value="{esc(site_name)}" />',
                f'<add key="Environment" value="{rng.choice(["Production", "Production", "Staging"])}" />']
        if rng.random() < 0.4:
            keys.append(f'<add key="SmtpPassword" value="{b64ish(rng, 15)}" />')
        if rng.random() < 0.3:
            keys.append(f'<add key="PaymentApiKey" value="sk_live_{hexkey(rng, 12)}" />')
        e.append("<appSettings>\n" + indent("\n".join(keys), 4) + "\n</appSettings>")
    return e


def web_config(rng, site_name, app=None, kind="site"):
    php = kind in ("site", "app") and rng.random() < 0.2
    parts = data_sections(rng, site_name, app)
    parts.append(system_web(rng, root=True, admin=(kind == "admin")))
    parts.append(system_webserver(rng, php, kind))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n' + indent("\n".join(parts), 4) +
            "\n</configuration>\n")


def folder_web_config(kind):
    if kind == "uploads":
        ws = ('<handlers accessPolicy="Read" />\n'
              "<security>\n    <requestFiltering>\n        <fileExtensions allowUnlisted=\"false\">\n"
              '            <add fileExtension=".jpg" allowed="true" />\n'
              '            <add fileExtension=".png" allowed="true" />\n'
              '            <add fileExtension=".pdf" allowed="true" />\n'
              "        </fileExtensions>\n    </requestFiltering>\n</security>")
    else:
        ws = '<directoryBrowse enabled="true" showFlags="Date, Time, Size, Extension" />'
    return ('<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n    <system.webServer>\n' + indent(ws, 8) +
            "\n    </system.webServer>\n</configuration>\n")


def splice(template, start_tag, end_tag, new_inner):
    a = template.index(start_tag) + len(start_tag)
    b = template.index(end_tag, a)
    return template[:a] + new_inner + template[b:]


def make_apphost(template, sites, pools, args, rng):
    text = template.replace("\r\n", "\n")
    text = re.sub(r"<!--.*?-->\n", "", text, count=1, flags=re.S)
    # (No "--" inside an XML comment.)
    text = text.replace("<configuration>", "<!-- Generated by bench/make_hosting_bundle.py: "
                        f"sites={args.sites} apps={args.apps} vdirs={args.vdirs} locations={args.locations} "
                        f"folders={args.folders} seed={args.seed}; derived from examples/web01. -->\n"
                        "<configuration>", 1)
    pool_lines = [apppool_xml(name, a, rng) for name, a in pools.items()]
    text = splice(text, "<applicationPools>\n", "            <applicationPoolDefaults",
                  "\n".join(pool_lines) + "\n")
    text = splice(text, "<sites>\n", "            <siteDefaults>", "\n".join(site_xml(s, rng) for s in sites) + "\n")
    # Locations: keep the template's server-wide <location path=""> (handlers and modules delegated),
    # drop its per-site ones, add L per hosting site.
    head, tail = text.split("    <location path=\"\"", 1)
    first_end = tail.index("</location>") + len("</location>")
    keep = "    <location path=\"\"" + tail[:first_end]
    locs = [keep]
    for s in sites[1:]:
        for rel, kind in location_targets(s)[:args.locations]:
            locs.append(location_xml(s, rel, kind, rng))
    return head + "\n\n".join(locs) + "\n\n</configuration>\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("sites", type=int, help="number of sites (site 1 is the Default Web Site)")
    ap.add_argument("out", help="bundle directory to write (replaced if it exists)")
    ap.add_argument("--apps", type=int, default=2, help="child applications per hosting site (default 2)")
    ap.add_argument("--vdirs", type=int, default=2, help="virtual directories per hosting site (default 2)")
    ap.add_argument("--locations", type=int, default=2,
                    help="<location> blocks per hosting site in applicationHost.config (default 2; at most "
                         "1 + apps + folders of that site)")
    ap.add_argument("--folders", type=float, default=0.3, help="folder web.configs per hosting site, on average (default 0.3)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--template", default=DEFAULT_TEMPLATE, help="bundle the non-IIS files are copied from")
    args = ap.parse_args()
    if args.sites < 1:
        ap.error("N must be at least 1")
    rng = random.Random(args.seed)
    tpl = args.template
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)

    for name in BUNDLE_FILES:
        if os.path.exists(os.path.join(tpl, name)):
            shutil.copyfile(os.path.join(tpl, name), os.path.join(args.out, name))
    shutil.copytree(os.path.join(tpl, "registry"), os.path.join(args.out, "registry"))
    with open(os.path.join(tpl, "manifest.json"), encoding="utf-8-sig") as f:
        manifest = json.load(f)
    manifest["hostname"] = "HOSTING01"
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")

    w = Writer(args.out)
    for rel in (NET_REL, APPHOST_REL):
        src_dir = os.path.join(tpl, "fs", *rel)
        for name in sorted(os.listdir(src_dir)):
            if name.lower() in ("machine.config", "web.config", "redirection.config"):
                dst = os.path.join(args.out, "fs", *rel, name)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copyfile(os.path.join(src_dir, name), dst)
    with open(os.path.join(tpl, "fs", *APPHOST_REL, "applicationHost.config"), encoding="utf-8-sig") as f:
        template = f.read()

    sites, pools = plan(args, rng)
    apphost = make_apphost(template, sites, pools, args, rng)
    w.write("C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config", apphost)

    # The Default Web Site keeps the template's web.config; hosting sites get their own.
    dws_cfg = os.path.join(tpl, "fs", "C", "inetpub", "wwwroot", "web.config")
    if os.path.exists(dws_cfg):
        with open(dws_cfg, encoding="utf-8-sig") as f:
            w.write("C:\\inetpub\\wwwroot\\web.config", f.read())
    w.write("D:\\Shared\\downloads\\web.config", folder_web_config("files"))
    for s in sites[1:]:
        w.write(s.root + "\\web.config", web_config(rng, s.name))
        for app, phys, _ in s.apps:
            w.write(phys + "\\web.config", web_config(rng, s.name, app, "admin" if app.startswith("admin") else "app"))
        for folder, kind in s.folders:
            w.write(f"{s.root}\\{folder}\\web.config", folder_web_config(kind))
    # fs/index.txt as the bundle script writes it (docs/bundle.md): the files copied, every physical
    # folder searched for web.config files, and the .NET configuration folders looked at (the
    # .NET 2.0 one is empty: that runtime is not installed).
    index = ["# Written by bench/make_hosting_bundle.py as the bundle script would (docs/bundle.md)."]
    index += ["file C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config",
              "file C:\\Windows\\System32\\inetsrv\\config\\redirection.config",
              "file C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Config\\machine.config",
              "file C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Config\\web.config",
              "dir C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Config",
              "dir C:\\Windows\\Microsoft.NET\\Framework64\\v2.0.50727\\CONFIG"]
    roots = []
    for s in sites:
        roots.append(s.root)
        roots += [phys for _, phys, _ in s.apps] + [phys for _, phys in s.vdirs]
    expand = lambda p: p.replace("%SystemDrive%", "C:")
    index += ["dir " + r for r in sorted(set(expand(r) for r in roots))]
    index += ["file " + f for f in w.files if not f.lower().endswith("applicationhost.config")]
    with open(os.path.join(args.out, "fs", "index.txt"), "w", encoding="utf-8", newline="\r\n") as f:
        f.write("\n".join(index) + "\n")
    n_apps = sum(len(s.apps) for s in sites)
    print(f"{args.out}: {len(sites)} sites, {n_apps} child applications, {len(pools)} application pools, "
          f"{w.count} IIS configuration files written", file=sys.stderr)


if __name__ == "__main__":
    main()
