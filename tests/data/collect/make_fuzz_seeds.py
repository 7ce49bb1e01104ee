#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the crafted seed corpora of the collect fuzz targets (tests/fuzz/<reader>/corpus/).

Run from the repository root: python3 tests/data/collect/make_fuzz_seeds.py
Deterministic; the output is committed. Real-world seeds come from ../shared/fixtures (see each
tests/fuzz/<reader>/CMakeLists.txt).
"""
import pathlib
import struct

ROOT = pathlib.Path(__file__).resolve().parents[3]
FUZZ = ROOT / "tests" / "fuzz"


def utf16(text: str) -> bytes:
    return b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16le")


def preg_entry(key: str, name: str, rtype: int, data: bytes) -> bytes:
    u = lambda s: s.encode("utf-16le")
    return (u("[") + u(key) + b"\0\0" + u(";") + u(name) + b"\0\0" + u(";") + struct.pack("<I", rtype) + u(";")
            + struct.pack("<I", len(data)) + u(";") + data + u("]"))


def sz(s: str) -> bytes:
    return s.encode("utf-16le") + b"\0\0"


INF = """[Unicode]
Unicode=yes
[System Access]
MinimumPasswordLength = 14
NewGuestName = "Visitor"
[Privilege Rights]
SeTcbPrivilege =
SeImpersonatePrivilege = *S-1-5-32-544,LOCAL SERVICE,IIS APPPOOL\\DefaultAppPool
[Registry Values]
MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\NoLMHash=4,1
MACHINE\\Software\\X\\S=1,"a,b"
MACHINE\\Software\\X\\E=2,"%TMP%"
MACHINE\\Software\\X\\B=3,00ff
MACHINE\\Software\\X\\M=7,a,b
[Service General Setting]
"W3SVC",2,""
[Group Membership]
*S-1-5-32-544__Members = *S-1-5-21-1-2-3-500
[Version]
signature="$CHICAGO$"
"""

POL = (b"PReg\x01\x00\x00\x00"
       + preg_entry("Software\\Policies\\X", "D", 4, struct.pack("<I", 1))
       + preg_entry("Software\\Policies\\X", "Q", 11, struct.pack("<Q", 2))
       + preg_entry("Software\\Policies\\X", "S", 1, sz("a;b]c"))
       + preg_entry("Software\\Policies\\X", "M", 7, sz("a") + sz("b") + b"\0\0")
       + preg_entry("Software\\Policies\\X", "Bin", 3, b"\x01\x02\x03")
       + preg_entry("Software\\Policies\\X", "**del.D", 1, sz(" "))
       + preg_entry("Software\\Policies\\X", "**delvals.", 1, sz(" "))
       + preg_entry("Software\\Policies\\X", "**DeleteValues", 1, sz("A;B"))
       + preg_entry("Software\\Policies", "**DeleteKeys", 1, sz("X"))
       + preg_entry("Software\\Policies\\Y", "", 0, b""))

REG = """Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\\SOFTWARE\\Temper]
@="default"
"S"="a \\"quoted\\" C:\\\\path"
"D"=dword:00000001
"B"=hex:01,02,\\
  03
"E"=hex(2):25,00,54,00,00,00
"M"=hex(7):61,00,00,00,00,00
"Q"=hex(b):01,00,00,00,00,00,00,00
"Gone"=-

[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Temper\\Old]
"""

AUDIT = """Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting,Setting Value
,System,Audit Logon,{0cce9215-69ae-11d9-bed3-505054503030},Success and Failure,,3
,System,Audit Logoff,{0cce9216-69ae-11d9-bed3-505054503030},Success,,1
WEB01,,Option:CrashOnAuditFail,,Disabled,,0
WEB01,,FileGlobalSacl,,,,
"""

GET_R = """Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting

WEB01,System,Logon,{0CCE9215-69AE-11D9-BED3-505054503030},Failure,
"""

CSV = '"Name","DisplayName","StartMode","State","StartName","Group","SID","InstallState"\r\n' \
      '"W3SVC","Web ""WWW""","Auto","Running","LocalSystem","Administrators","S-1-5-32-544","Installed"\r\n' \
      '"X","two\r\nlines","Manual","Stopped","","IIS_IUSRS","","Available"\r\n'

SEPARATOR = b"\n--temper-gpo-part--\n"

# GPO manifests: the Machine client-side extensions (Registry, Security, Advanced Audit CSEs).
BACKUP_XML = ('<?xml version="1.0" encoding="utf-8"?>\r\n<GroupPolicyBackupScheme><GroupPolicyObject>'
              '<GroupPolicyCoreSettings><MachineExtensionGuids><![CDATA['
              '[{35378EAC-683F-11D2-A89A-00C04FBBCFA2}{D02B1F72-3407-48AE-BA88-E8213C6761F1}]'
              '[{827D319E-6EAC-11D2-A4EA-00C04F79F83A}{803E14A0-B4FB-11D0-A0D0-00A0C90F574B}]'
              ']]></MachineExtensionGuids><UserExtensionGuids/></GroupPolicyCoreSettings>'
              '</GroupPolicyObject></GroupPolicyBackupScheme>\r\n')
GPT_INI = ('[General]\r\ngPCMachineExtensionNames='
           '[{827D319E-6EAC-11D2-A4EA-00C04F79F83A}{803E14A0-B4FB-11D0-A0D0-00A0C90F574B}]'
           '[{F3CCC681-B74C-4060-9F26-CD84525DCA2A}{0F3F3735-573D-9804-99E4-AB2A69BA5FD4}]\r\nVersion=65537\r\n')


def write(rel: str, data: bytes) -> None:
    path = FUZZ / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


write("secedit/corpus/template-utf16.inf", utf16(INF))
write("secedit/corpus/template-utf8.inf", INF.encode())
write("registry_pol/corpus/all-actions.pol", POL)
write("registry_pol/corpus/header-only.pol", b"PReg\x01\x00\x00\x00")
write("reg/corpus/types-utf16.reg", utf16(REG))
write("reg/corpus/regedit4.reg", REG.replace("Windows Registry Editor Version 5.00", "REGEDIT4").encode())
write("auditpol/corpus/gpo-options.csv", AUDIT.encode())
write("auditpol/corpus/get-r.csv", GET_R.replace("\n", "\r\n").encode())
write("ps_csv/corpus/quoted.csv", b"\xef\xbb\xbf" + CSV.encode())
write("ps_csv/corpus/type-line.csv", b"#TYPE Selected.X\n" + CSV.encode())
write("gpo/corpus/all-parts.bin", utf16(INF) + SEPARATOR + POL + SEPARATOR + AUDIT.encode())
write("gpo/corpus/pol-only.bin", SEPARATOR + POL + SEPARATOR)
write("gpo/corpus/manifests.bin",
      utf16(INF) + SEPARATOR + SEPARATOR + SEPARATOR + BACKUP_XML.encode() + SEPARATOR + GPT_INI.encode())
