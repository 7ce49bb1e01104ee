#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the crafted events of the IIS detection pack tests (tests/data/detect/iis/).

Each event is one file: evtx/*.xml holds one <Event> as `wevtutil qe <log> /f:xml` prints it (one line,
single-quoted attributes, &, < and > escaped in text); ndjson/*.ndjson holds one winlogbeat or Elastic
Defend document; w3c/*.log one IIS W3C log with its #Fields: header. Names say attack_ (must fire) or
benign_ (must stay silent). Edit this script, then run it from the repository root.
"""
import json
import os
from xml.sax.saxutils import escape

OUT = os.path.join("tests", "data", "detect", "iis")
HOST = "web01.corp.example"
POOL_SID = "S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415"  # IIS APPPOOL\DefaultAppPool
ADMIN_SID = "S-1-5-21-3623811015-3361044348-30300820-500"

PROVIDERS = {
    "Microsoft-Windows-Sysmon/Operational": ("Microsoft-Windows-Sysmon", "{5770385f-c22a-43e0-bf4c-06f5698ffbd9}"),
    "Security": ("Microsoft-Windows-Security-Auditing", "{54849625-5478-4994-a5ba-3e3b0328c30d}"),
    "Microsoft-IIS-Configuration/Operational": ("Microsoft-Windows-IIS-Configuration",
                                                "{dc0b8e51-4863-407a-bc3c-1b479b2978ac}"),
}


def event_xml(channel, event_id, record, data, user_sid=None, time="2026-03-01T10:00:00.1234567Z"):
    name, guid = PROVIDERS[channel]
    security = f"<Security UserID='{user_sid}'/>" if user_sid else "<Security/>"
    fields = "".join(
        f"<Data Name='{k}'>{escape(v)}</Data>" if v != "" else f"<Data Name='{k}'/>" for k, v in data)
    return (f"<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
            f"<Provider Name='{name}' Guid='{guid}'/><EventID>{event_id}</EventID><Version>5</Version>"
            f"<Level>4</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>"
            f"<TimeCreated SystemTime='{time}'/><EventRecordID>{record}</EventRecordID><Correlation/>"
            f"<Execution ProcessID='2816' ThreadID='3488'/><Channel>{channel}</Channel>"
            f"<Computer>{HOST}</Computer>{security}</System><EventData>{fields}</EventData></Event>\n")


def sysmon1(record, image, command_line, parent, parent_command_line, original, user="IIS APPPOOL\\DefaultAppPool"):
    return event_xml("Microsoft-Windows-Sysmon/Operational", 1, record, [
        ("RuleName", "-"), ("UtcTime", "2026-03-01 10:00:00.123"),
        ("ProcessGuid", "{5a1d2c3e-6b7f-65e1-1c02-000000000f00}"), ("ProcessId", "5120"), ("Image", image),
        ("FileVersion", "10.0.20348.1"), ("Description", "-"), ("Product", "Microsoft® Windows® Operating System"),
        ("Company", "Microsoft Corporation"), ("OriginalFileName", original), ("CommandLine", command_line),
        ("CurrentDirectory", "C:\\Windows\\System32\\inetsrv\\"), ("User", user),
        ("LogonGuid", "{5a1d2c3e-6b7f-65e1-e703-000000000000}"), ("LogonId", "0x3e7"), ("TerminalSessionId", "0"),
        ("IntegrityLevel", "High"), ("Hashes", "SHA1=0D0A,MD5=1B1C,SHA256=2E2F,IMPHASH=3A3B"),
        ("ParentProcessGuid", "{5a1d2c3e-6b7f-65e1-1b02-000000000f00}"), ("ParentProcessId", "4000"),
        ("ParentImage", parent), ("ParentCommandLine", parent_command_line), ("ParentUser", user)], "S-1-5-18")


def security4688(record, image, command_line, parent, user="DefaultAppPool", domain="IIS APPPOOL", sid=POOL_SID):
    return event_xml("Security", 4688, record, [
        ("SubjectUserSid", sid), ("SubjectUserName", user), ("SubjectDomainName", domain),
        ("SubjectLogonId", "0x3e7"), ("NewProcessId", "0x1a4"), ("NewProcessName", image),
        ("TokenElevationType", "%%1936"), ("ProcessId", "0xfa0"), ("CommandLine", command_line),
        ("TargetUserSid", "S-1-0-0"), ("TargetUserName", "-"), ("TargetDomainName", "-"),
        ("TargetLogonId", "0x0"), ("ParentProcessName", parent),
        ("MandatoryLabel", "S-1-16-12288")])


def sysmon11(record, image, target):
    return event_xml("Microsoft-Windows-Sysmon/Operational", 11, record, [
        ("RuleName", "-"), ("UtcTime", "2026-03-01 10:00:00.123"),
        ("ProcessGuid", "{5a1d2c3e-6b7f-65e1-1b02-000000000f00}"), ("ProcessId", "4000"), ("Image", image),
        ("TargetFilename", target), ("CreationUtcTime", "2026-03-01 10:00:00.123"),
        ("User", "IIS APPPOOL\\DefaultAppPool")], "S-1-5-18")


def iis29(record, configuration, old, new, sid, physical="\\\\?\\C:\\Windows\\system32\\inetsrv\\config\\applicationHost.config",
          config_path="MACHINE/WEBROOT/APPHOST"):
    return event_xml("Microsoft-IIS-Configuration/Operational", 29, record, [
        ("PhysicalPath", physical), ("ConfigPath", config_path), ("EffectiveLocationPath", ""),
        ("Configuration", configuration), ("EditOperationType", "1"), ("OldValue", old), ("NewValue", new)], sid)


W3WP = "C:\\Windows\\System32\\inetsrv\\w3wp.exe"
W3WP_CMD = 'c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "DefaultAppPool" -v "v4.0" -l "webengine4.dll" -a \\\\.\\pipe\\iisipm1 -h "C:\\inetpub\\temp\\apppools\\DefaultAppPool\\DefaultAppPool.config" -w "" -m 0'
REGIIS = "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\aspnet_regiis.exe"
APPCMD = "C:\\Windows\\System32\\inetsrv\\appcmd.exe"
CMD = "C:\\Windows\\System32\\cmd.exe"

EVTX = {
    "attack_sysmon1_aspnet_regiis_pdf": sysmon1(
        101, REGIIS, 'aspnet_regiis.exe -pdf "connectionStrings" "C:\\inetpub\\wwwroot\\shop"', CMD,
        'cmd.exe /c "cd /d C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319 & aspnet_regiis.exe -pdf connectionStrings C:\\inetpub\\wwwroot\\shop"',
        "aspnet_regiis.exe"),
    "attack_security4688_aspnet_regiis_pd": security4688(
        102, REGIIS, 'aspnet_regiis -pd "connectionStrings" -app "/shop" -site 1', CMD),
    "benign_sysmon1_aspnet_regiis_pef": sysmon1(
        103, REGIIS, 'aspnet_regiis.exe -pef "connectionStrings" "C:\\inetpub\\wwwroot\\shop"',
        "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "powershell.exe -File deploy.ps1",
        "aspnet_regiis.exe", user="CORP\\svc-deploy"),
    "attack_sysmon1_w3wp_cmd_whoami": sysmon1(
        104, CMD, 'cmd.exe /c "cd /d C:\\inetpub\\wwwroot\\shop & whoami /all"', W3WP, W3WP_CMD, "Cmd.Exe"),
    "attack_security4688_w3wp_whoami": security4688(
        105, "C:\\Windows\\System32\\whoami.exe", "whoami /priv", W3WP),
    "benign_sysmon1_w3wp_apppool_start": sysmon1(
        106, W3WP, W3WP_CMD, "C:\\Windows\\System32\\svchost.exe", "C:\\Windows\\system32\\svchost.exe -k iissvcs",
        "w3wp.exe"),
    "benign_sysmon1_w3wp_csc_compilation": sysmon1(
        107, "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe",
        '"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe" /noconfig /fullpaths @"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Temporary ASP.NET Files\\root\\1a2b3c4d\\5e6f7a8b\\x1y2z3.cmdline"',
        W3WP, W3WP_CMD, "csc.exe"),
    "attack_sysmon1_appcmd_list_apppool_text": sysmon1(
        108, APPCMD, 'appcmd.exe list apppool "ShopPool" /text:*', CMD, "cmd.exe", "appcmd.exe"),
    "attack_security4688_appcmd_list_vdir_config": security4688(
        109, APPCMD, "C:\\Windows\\system32\\inetsrv\\appcmd.exe list vdir /config /xml", CMD),
    "benign_sysmon1_appcmd_list_site": sysmon1(
        110, APPCMD, "appcmd list site", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        "powershell.exe", "appcmd.exe", user="CORP\\webadmin"),
    "attack_sysmon1_appcmd_install_module": sysmon1(
        111, APPCMD, 'appcmd.exe install module /name:"HttpCompressionPlus" /image:"C:\\ProgramData\\hcp.dll"', CMD,
        "cmd.exe", "appcmd.exe", user="CORP\\Administrator"),
    "attack_iisconfig29_global_module_added": iis29(
        112, "/system.webServer/globalModules/add[@name=\"HttpCompressionPlus\"]", "", "HttpCompressionPlus",
        ADMIN_SID),
    "attack_iisconfig29_logging_disabled_by_apppool": iis29(
        113, "/system.webServer/httpLogging/@dontLog", "false", "true", POOL_SID,
        physical="\\\\?\\C:\\inetpub\\wwwroot\\shop\\web.config", config_path="MACHINE/WEBROOT/APPHOST/Shop"),
    "benign_iisconfig29_default_document_by_system": iis29(
        114, "/system.webServer/defaultDocument/files/add[@value=\"index.html\"]", "", "index.html", "S-1-5-18"),
    "benign_iisconfig29_builtin_module_by_system": iis29(
        115, "/system.webServer/modules/add[@name=\"StaticFileModule\"]", "", "StaticFileModule", "S-1-5-18"),
    "attack_sysmon11_w3wp_writes_aspx": sysmon11(
        116, W3WP, "C:\\inetpub\\wwwroot\\shop\\uploads\\thumb.aspx"),
    "attack_sysmon11_cmd_writes_web_config": sysmon11(
        117, CMD, "C:\\inetpub\\wwwroot\\web.config"),
    "benign_sysmon11_msdeploy_writes_aspx": sysmon11(
        118, "C:\\Program Files\\IIS\\Microsoft Web Deploy V3\\msdeploy.exe", "C:\\inetpub\\wwwroot\\shop\\Default.aspx"),
    "attack_sysmon11_dll_into_inetsrv": sysmon11(
        119, "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        "C:\\Windows\\System32\\inetsrv\\iiscompress.dll"),
    "benign_sysmon11_tiworker_dll_into_inetsrv": sysmon11(
        120, "C:\\Windows\\WinSxS\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.20348.1_none_1\\TiWorker.exe",
        "C:\\Windows\\System32\\inetsrv\\iiscore.dll"),
}


def defend_process(executable, command_line, args, parent, original, user="DefaultAppPool", domain="IIS APPPOOL",
                   event_type="start"):
    return {"@timestamp": "2026-03-01T10:00:00.123Z", "agent": {"type": "endpoint"},
            "event": {"category": ["process"], "type": [event_type], "action": event_type, "kind": "event",
                      "dataset": "endpoint.events.process", "module": "endpoint"},
            "host": {"name": "web01", "os": {"type": "windows", "family": "windows"}},
            "user": {"name": user, "domain": domain},
            "process": {"executable": executable, "name": executable.rsplit("\\", 1)[1], "command_line": command_line,
                        "args": args, "args_count": len(args), "pid": 5120,
                        "pe": {"original_file_name": original},
                        "parent": {"executable": parent, "name": parent.rsplit("\\", 1)[1], "pid": 4000}}}


def winlogbeat_sysmon1(image, command_line, parent, original):
    return {"@timestamp": "2026-03-01T10:00:00.123Z", "agent": {"type": "winlogbeat", "version": "8.11.0"},
            "event": {"category": ["process"], "type": ["start"], "code": "1", "module": "sysmon",
                      "provider": "Microsoft-Windows-Sysmon"},
            "host": {"name": HOST},
            "winlog": {"channel": "Microsoft-Windows-Sysmon/Operational", "event_id": "1", "record_id": 201,
                       "computer_name": HOST, "provider_name": "Microsoft-Windows-Sysmon",
                       "event_data": {"Image": image, "CommandLine": command_line, "ParentImage": parent,
                                      "OriginalFileName": original, "User": "IIS APPPOOL\\DefaultAppPool"}}}


def winlogbeat_4688(image, command_line, parent):
    return {"@timestamp": "2026-03-01T10:00:00.123Z", "agent": {"type": "winlogbeat", "version": "8.11.0"},
            "event": {"code": "4688", "module": "security", "provider": "Microsoft-Windows-Security-Auditing"},
            "host": {"name": HOST},
            "winlog": {"channel": "Security", "event_id": "4688", "record_id": 202, "computer_name": HOST,
                       "provider_name": "Microsoft-Windows-Security-Auditing",
                       "event_data": {"NewProcessName": image, "CommandLine": command_line,
                                      "ParentProcessName": parent, "SubjectUserName": "webadmin",
                                      "SubjectDomainName": "CORP", "NewProcessId": "0x1a4", "ProcessId": "0xfa0"}}}


NDJSON = {
    "attack_defend_aspnet_regiis_pdf": defend_process(
        REGIIS, "aspnet_regiis.exe -pdf connectionStrings C:\\inetpub\\wwwroot\\shop",
        ["aspnet_regiis.exe", "-pdf", "connectionStrings", "C:\\inetpub\\wwwroot\\shop"], CMD, "aspnet_regiis.exe"),
    "benign_defend_aspnet_regiis_pef": defend_process(
        REGIIS, "aspnet_regiis.exe -pef connectionStrings C:\\inetpub\\wwwroot\\shop",
        ["aspnet_regiis.exe", "-pef", "connectionStrings", "C:\\inetpub\\wwwroot\\shop"],
        "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "aspnet_regiis.exe", user="svc-deploy",
        domain="CORP"),
    "benign_defend_aspnet_regiis_pdf_ended": defend_process(
        REGIIS, "aspnet_regiis.exe -pdf connectionStrings C:\\inetpub\\wwwroot\\shop",
        ["aspnet_regiis.exe", "-pdf", "connectionStrings", "C:\\inetpub\\wwwroot\\shop"], CMD, "aspnet_regiis.exe",
        event_type="end"),
    "attack_defend_w3wp_cmd": defend_process(
        CMD, 'cmd.exe /c "nltest /domain_trusts"', ["cmd.exe", "/c", "nltest /domain_trusts"], W3WP, "Cmd.Exe"),
    "benign_defend_w3wp_apppool_start": defend_process(
        W3WP, W3WP_CMD, ["c:\\windows\\system32\\inetsrv\\w3wp.exe", "-ap", "DefaultAppPool"],
        "C:\\Windows\\System32\\svchost.exe", "w3wp.exe"),
    "attack_winlogbeat_sysmon1_w3wp_powershell": winlogbeat_sysmon1(
        "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        "powershell.exe -nop -w hidden -enc SQBFAFgA", W3WP, "PowerShell.EXE"),
    "attack_winlogbeat_4688_appcmd_list_apppool": winlogbeat_4688(
        APPCMD, "appcmd list apppool /text:processModel.password", CMD),
    "benign_winlogbeat_4688_appcmd_list_site": winlogbeat_4688(APPCMD, "appcmd list site", CMD),
    "attack_defend_w3wp_writes_ashx": {
        "@timestamp": "2026-03-01T10:00:00.123Z", "agent": {"type": "endpoint"},
        "event": {"category": ["file"], "type": ["creation"], "action": "creation", "dataset": "endpoint.events.file"},
        "host": {"name": "web01", "os": {"type": "windows"}},
        "file": {"path": "C:\\inetpub\\wwwroot\\shop\\images\\icon.ashx", "name": "icon.ashx", "extension": "ashx"},
        "process": {"executable": W3WP, "name": "w3wp.exe", "pid": 4000}},
}

W3C_HEADER = ("#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2026-03-01 10:00:00\n"
              "#Fields: date time s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
              "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n")


def w3c(method, stem, status, agent="Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)"):
    return (W3C_HEADER + f"2026-03-01 10:00:00 {HOST} 10.0.0.5 {method} {stem} - 443 - 198.51.100.23 {agent} - "
            f"{status} 0 0 31\n")


W3C = {
    "attack_w3c_post_aspx_in_aspnet_client": w3c("POST", "/aspnet_client/system_web/4_0_30319/errorFE.aspx", 200),
    "attack_w3c_post_default_aspx": w3c("POST", "/shop/Default.aspx", 200),
    "benign_w3c_get_default_aspx": w3c("GET", "/shop/Default.aspx", 200),
    "benign_w3c_post_aspx_not_found": w3c("POST", "/uploads/x.aspx", 404),
}


def main():
    for sub, items, ext in (("evtx", EVTX, "xml"), ("ndjson", NDJSON, "ndjson"), ("w3c", W3C, "log")):
        os.makedirs(os.path.join(OUT, sub), exist_ok=True)
        for name, content in items.items():
            text = json.dumps(content, ensure_ascii=False) + "\n" if isinstance(content, dict) else content
            with open(os.path.join(OUT, sub, f"{name}.{ext}"), "w", encoding="utf-8", newline="\n") as f:
                f.write(text)


if __name__ == "__main__":
    main()
