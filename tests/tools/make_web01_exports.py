#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Writes the UTF-16LE exports of the example server examples/web01 (secedit.inf and registry/*.reg), the way
# `secedit /export` and `reg export` write them: BOM FF FE, CRLF line ends. The text below is the source of
# truth; run this script after editing it. Everything else in examples/web01 is plain text edited by hand.
import os

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "web01")

SECEDIT = r"""[Unicode]
Unicode=yes
[System Access]
MinimumPasswordAge = 1
MaximumPasswordAge = 42
MinimumPasswordLength = 14
PasswordComplexity = 1
PasswordHistorySize = 24
LockoutBadCount = 0
RequireLogonToChangePassword = 0
ForceLogoffWhenHourExpire = 0
NewAdministratorName = "Administrator"
NewGuestName = "Guest"
ClearTextPassword = 0
LSAAnonymousNameLookup = 0
EnableAdminAccount = 1
EnableGuestAccount = 0
[Event Audit]
AuditSystemEvents = 0
AuditLogonEvents = 0
AuditObjectAccess = 0
AuditPrivilegeUse = 0
AuditPolicyChange = 0
AuditAccountManage = 0
AuditProcessTracking = 0
AuditDSAccess = 0
AuditAccountLogon = 0
[Registry Values]
MACHINE\Software\Microsoft\Windows NT\CurrentVersion\Setup\RecoveryConsole\SecurityLevel=4,0
MACHINE\Software\Microsoft\Windows NT\CurrentVersion\Winlogon\CachedLogonsCount=1,"10"
MACHINE\Software\Microsoft\Windows\CurrentVersion\Policies\System\ConsentPromptBehaviorAdmin=4,5
MACHINE\Software\Microsoft\Windows\CurrentVersion\Policies\System\EnableLUA=4,1
MACHINE\Software\Microsoft\Windows\CurrentVersion\Policies\System\LegalNoticeText=7,
MACHINE\System\CurrentControlSet\Control\Lsa\LimitBlankPasswordUse=4,1
MACHINE\System\CurrentControlSet\Control\Lsa\NoLMHash=4,1
MACHINE\System\CurrentControlSet\Control\Lsa\RestrictAnonymous=4,0
MACHINE\System\CurrentControlSet\Control\Lsa\RestrictAnonymousSAM=4,1
MACHINE\System\CurrentControlSet\Control\Lsa\SCENoApplyLegacyAuditPolicy=4,1
MACHINE\System\CurrentControlSet\Services\LanManServer\Parameters\EnableSecuritySignature=4,0
MACHINE\System\CurrentControlSet\Services\LanManServer\Parameters\NullSessionPipes=7,
MACHINE\System\CurrentControlSet\Services\LanManServer\Parameters\RequireSecuritySignature=4,0
[Privilege Rights]
SeNetworkLogonRight = *S-1-1-0,*S-1-5-32-544,*S-1-5-32-545,*S-1-5-32-551
SeBackupPrivilege = *S-1-5-32-544,*S-1-5-32-551
SeChangeNotifyPrivilege = *S-1-1-0,*S-1-5-19,*S-1-5-20,*S-1-5-32-544,*S-1-5-32-545,*S-1-5-32-551,*S-1-5-90-0
SeSystemtimePrivilege = *S-1-5-19,*S-1-5-32-544
SeCreatePagefilePrivilege = *S-1-5-32-544
SeDebugPrivilege = *S-1-5-32-544
SeRemoteShutdownPrivilege = *S-1-5-32-544
SeAuditPrivilege = *S-1-5-19,*S-1-5-20,*S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415,*S-1-5-82-634253208-2346237047-1867043872-2360698316-99401469
SeIncreaseQuotaPrivilege = *S-1-5-19,*S-1-5-20,*S-1-5-32-544,*S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415,*S-1-5-82-634253208-2346237047-1867043872-2360698316-99401469,*S-1-5-21-3623811015-3361044348-30300820-1107
SeIncreaseBasePriorityPrivilege = *S-1-5-32-544,*S-1-5-90-0
SeLoadDriverPrivilege = *S-1-5-32-544
SeBatchLogonRight = *S-1-5-32-544,*S-1-5-32-551,*S-1-5-32-559,*S-1-5-32-568,*S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415,*S-1-5-82-634253208-2346237047-1867043872-2360698316-99401469,*S-1-5-21-3623811015-3361044348-30300820-1107
SeServiceLogonRight = *S-1-5-80-0
SeInteractiveLogonRight = *S-1-5-32-544,*S-1-5-32-545,*S-1-5-32-551
SeSecurityPrivilege = *S-1-5-32-544
SeSystemEnvironmentPrivilege = *S-1-5-32-544
SeProfileSingleProcessPrivilege = *S-1-5-32-544
SeSystemProfilePrivilege = *S-1-5-32-544,*S-1-5-80-3139157870-2983391045-3678747466-658725712-1809340420
SeAssignPrimaryTokenPrivilege = *S-1-5-19,*S-1-5-20,*S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415,*S-1-5-82-634253208-2346237047-1867043872-2360698316-99401469,*S-1-5-21-3623811015-3361044348-30300820-1107
SeRestorePrivilege = *S-1-5-32-544,*S-1-5-32-551
SeShutdownPrivilege = *S-1-5-32-544,*S-1-5-32-551
SeTakeOwnershipPrivilege = *S-1-5-32-544
SeDenyNetworkLogonRight = *S-1-5-32-546
SeRemoteInteractiveLogonRight = *S-1-5-32-544,*S-1-5-32-555
SeManageVolumePrivilege = *S-1-5-32-544
SeImpersonatePrivilege = *S-1-5-19,*S-1-5-20,*S-1-5-32-544,*S-1-5-32-568,*S-1-5-6,*S-1-5-21-3623811015-3361044348-30300820-1013
SeCreateGlobalPrivilege = *S-1-5-19,*S-1-5-20,*S-1-5-32-544,*S-1-5-6
SeIncreaseWorkingSetPrivilege = *S-1-5-32-545
SeTimeZonePrivilege = *S-1-5-19,*S-1-5-32-544
SeCreateSymbolicLinkPrivilege = *S-1-5-32-544
SeDelegateSessionUserImpersonatePrivilege = *S-1-5-32-544
[Version]
signature="$CHICAGO$"
Revision=1
"""

LSA = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Lsa]
"auditbasedirectories"=dword:00000000
"auditbaseobjects"=dword:00000000
"Bounds"=hex:00,30,00,00,00,20,00,00
"crashonauditfail"=dword:00000000
"disabledomaincreds"=dword:00000000
"everyoneincludesanonymous"=dword:00000000
"forceguest"=dword:00000000
"fullprivilegeauditing"=hex:00
"LimitBlankPasswordUse"=dword:00000001
"LmCompatibilityLevel"=dword:00000003
"LsaPid"=dword:000002a8
"NoLmHash"=dword:00000001
"Notification Packages"=hex(7):73,00,63,00,65,00,63,00,6c,00,69,00,00,00,00,00
"restrictanonymous"=dword:00000000
"restrictanonymoussam"=dword:00000001
"SCENoApplyLegacyAuditPolicy"=dword:00000001
"Security Packages"=hex(7):22,00,22,00,00,00,00,00
"SecureBoot"=dword:00000001

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Lsa\MSV1_0]
"Auth132"="IISSUBA"
"NtlmMinClientSec"=dword:20000000
"NtlmMinServerSec"=dword:20000000
"RestrictReceivingNTLMTraffic"=dword:00000000

"""

SCHANNEL = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL]
"EventLogging"=dword:00000001

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Ciphers]

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Ciphers\RC4 128/128]
"Enabled"=dword:00000000

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols]

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\SSL 2.0]

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\SSL 2.0\Client]
"DisabledByDefault"=dword:00000001

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0]

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server]
"Enabled"=dword:00000001
"DisabledByDefault"=dword:00000000

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2]

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Server]
"Enabled"=dword:00000001
"DisabledByDefault"=dword:00000000

"""


POLICIES = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies]

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft]

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Cryptography]

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Cryptography\Configuration]

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows]

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows\EventLog]

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows\EventLog\Security]
"MaxSize"=dword:00030000
"Retention"="0"

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows\PowerShell]

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows\PowerShell\ScriptBlockLogging]
"EnableScriptBlockLogging"=dword:00000001

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows\System]
"EnableSmartScreen"=dword:00000000

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows\WinRM]

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows\WinRM\Client]
"AllowBasic"=dword:00000000

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows\WinRM\Service]
"AllowBasic"=dword:00000000
"AllowUnencryptedTraffic"=dword:00000000

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows NT]

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services]
"fPromptForPassword"=dword:00000001
"MinEncryptionLevel"=dword:00000003
"UserAuthentication"=dword:00000001
"fDisableCdm"=dword:00000000

"""

POLICIES_SYSTEM = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System]
"ConsentPromptBehaviorAdmin"=dword:00000005
"ConsentPromptBehaviorUser"=dword:00000003
"DontDisplayLastUserName"=dword:00000000
"EnableInstallerDetection"=dword:00000001
"EnableLUA"=dword:00000001
"EnableSecureUIAPaths"=dword:00000001
"EnableVirtualization"=dword:00000001
"FilterAdministratorToken"=dword:00000000
"InactivityTimeoutSecs"=dword:00000384
"LegalNoticeCaption"=""
"LegalNoticeText"=""
"PromptOnSecureDesktop"=dword:00000001
"ValidateAdminCodeSignatures"=dword:00000000

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System\Audit]

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System\Kerberos]

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System\Kerberos\Parameters]

"""

NETFX = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\.NETFramework]
"InstallRoot"="C:\\Windows\\Microsoft.NET\\Framework64\\"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\.NETFramework\v2.0.50727]

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\.NETFramework\v4.0.30319]
"SchUseStrongCrypto"=dword:00000001

"""

NETFX32 = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\.NETFramework]
"InstallRoot"="C:\\Windows\\Microsoft.NET\\Framework\\"

[HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\.NETFramework\v2.0.50727]

[HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\.NETFramework\v4.0.30319]

"""

WDIGEST = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\WDigest]
"Debuglevel"=dword:00000000
"Negotiate"=dword:00000000
"UTF8HTTP"=dword:00000001
"UTF8SASL"=dword:00000001
"DigestEncryptionAlgorithms"="3des,rc4"

"""

LANMAN_SERVER = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\LanmanServer\Parameters]
"AutoShareServer"=dword:00000001
"EnableAuthenticateUserSharing"=dword:00000000
"EnableSecuritySignature"=dword:00000000
"NullSessionPipes"=hex(7):00,00
"RequireSecuritySignature"=dword:00000000
"restrictnullsessaccess"=dword:00000001
"ServiceDll"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,25,00,5c,00,73,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,73,00,72,00,76,00,73,00,76,00,63,00,2e,00,64,00,6c,00,6c,00,00,00
"SMB1"=dword:00000000

"""

LANMAN_WORKSTATION = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\LanmanWorkstation\Parameters]
"EnablePlainTextPassword"=dword:00000000
"EnableSecuritySignature"=dword:00000001
"RequireSecuritySignature"=dword:00000000

"""

NETLOGON = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Netlogon\Parameters]
"DisablePasswordChange"=dword:00000000
"MaximumPasswordAge"=dword:0000001e
"RequireSignOrSeal"=dword:00000001
"RequireStrongKey"=dword:00000001
"SealSecureChannel"=dword:00000001
"SignSecureChannel"=dword:00000001

"""

# Keys the section 1, 2.3 and 18 rules read, as a stock Windows Server 2022 member server with IIS has them.
WINLOGON = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon]
"AutoAdminLogon"="0"
"CachedLogonsCount"="10"
"PasswordExpiryWarning"=dword:00000005
"ScreenSaverGracePeriod"="5"
"scremoveoption"="0"
"Shell"="explorer.exe"

"""

POLICIES_EXPLORER = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\Explorer]
"NoDriveTypeAutoRun"=dword:00000091

"""

NETBT = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\NetBT\Parameters]
"BcastNameQueryCount"=dword:00000003
"NameServerPort"=dword:00000089

"""

TCPIP = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters]
"Domain"="corp.example.com"
"Hostname"="WEB01"
"EnableICMPRedirect"=dword:00000001

"""

TCPIP6 = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters]
"DisabledComponents"=dword:00000000

"""

SESSION_MANAGER = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Session Manager]
"ProtectionMode"=dword:00000001
"SafeDllSearchMode"=dword:00000001

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Session Manager\kernel]
"DisableExceptionChainValidation"=dword:00000000
"ObCaseInsensitive"=dword:00000001

"""

LDAP = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\LDAP]
"LDAPClientIntegrity"=dword:00000001

"""

SAM = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SAM]

"""

EVENTLOG_SECURITY = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Eventlog\Security]
"MaxSize"=dword:01400000
"Retention"=dword:00000000

"""

PRINT = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Print]
"BeepEnabled"=dword:00000000

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Print\Providers]

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Print\Providers\LanMan Print Services]

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Print\Providers\LanMan Print Services\Servers]
"AddPrinterDrivers"=dword:00000001

"""

def multi_sz(items):
    """A REG_MULTI_SZ value as reg export writes it: hex(7) of the UTF-16LE strings, each ending in a NUL, then a NUL."""
    data = "".join(item + "\0" for item in items).encode("utf-16-le") + b"\0\0"
    return "hex(7):" + ",".join(f"{b:02x}" for b in data)


# The remotely accessible registry paths Windows Server 2022 sets by default (CIS 2.3.10.8 and 2.3.10.9).
WINREG = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurePipeServers\Winreg]
"Description"="Registry Server"

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurePipeServers\Winreg\AllowedExactPaths]
"Machine"=""" + multi_sz([
    r"System\CurrentControlSet\Control\ProductOptions",
    r"System\CurrentControlSet\Control\Server Applications",
    r"Software\Microsoft\Windows NT\CurrentVersion",
]) + r"""

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurePipeServers\Winreg\AllowedPaths]
"Machine"=""" + multi_sz([
    r"System\CurrentControlSet\Control\Print\Printers",
    r"System\CurrentControlSet\Services\Eventlog",
    r"Software\Microsoft\OLAP Server",
    r"Software\Microsoft\Windows NT\CurrentVersion\Print",
    r"Software\Microsoft\Windows NT\CurrentVersion\Windows",
    r"System\CurrentControlSet\Control\ContentIndex",
    r"System\CurrentControlSet\Control\Terminal Server",
    r"System\CurrentControlSet\Control\Terminal Server\UserConfig",
    r"System\CurrentControlSet\Control\Terminal Server\DefaultUserConfiguration",
    r"Software\Microsoft\Windows NT\CurrentVersion\Perflib",
    r"System\CurrentControlSet\Services\SysmonLog",
]) + r"""

"""

# Per-user policy (CIS section 19) of the two loaded user hives: the local Administrator, reached by the
# domain's user GPO, and the application pool account svc-intranet (its profile is loaded for the pool),
# which no user GPO reaches. `reg export HKU\<SID>\Software\Policies` and
# `...\Software\Microsoft\Windows\CurrentVersion\Policies`, as docs/bundle.md's script does.
ADMIN_SID = "S-1-5-21-1004336348-1177238915-682003330-500"
SVC_SID = "S-1-5-21-3623811015-3361044348-30300820-1107"

ADMIN_POLICIES = r"""Windows Registry Editor Version 5.00

[HKEY_USERS\{SID}\Software\Policies]

[HKEY_USERS\{SID}\Software\Policies\Microsoft]

[HKEY_USERS\{SID}\Software\Policies\Microsoft\Windows]

[HKEY_USERS\{SID}\Software\Policies\Microsoft\Windows\CloudContent]
"ConfigureWindowsSpotlight"=dword:00000002
"DisableThirdPartySuggestions"=dword:00000001
"DisableTailoredExperiencesWithDiagnosticData"=dword:00000001
"DisableWindowsSpotlightFeatures"=dword:00000001
"DisableSpotlightCollectionOnDesktop"=dword:00000001

[HKEY_USERS\{SID}\Software\Policies\Microsoft\Windows\CurrentVersion]

[HKEY_USERS\{SID}\Software\Policies\Microsoft\Windows\CurrentVersion\PushNotifications]
"NoToastApplicationNotificationOnLockScreen"=dword:00000001

[HKEY_USERS\{SID}\Software\Policies\Microsoft\Windows\Installer]
"AlwaysInstallElevated"=dword:00000000

""".replace("{SID}", ADMIN_SID)

ADMIN_CV_POLICIES = r"""Windows Registry Editor Version 5.00

[HKEY_USERS\{SID}\Software\Microsoft\Windows\CurrentVersion\Policies]

[HKEY_USERS\{SID}\Software\Microsoft\Windows\CurrentVersion\Policies\Attachments]
"SaveZoneInformation"=dword:00000002
"ScanWithAntiVirus"=dword:00000003

[HKEY_USERS\{SID}\Software\Microsoft\Windows\CurrentVersion\Policies\Explorer]
"NoDriveTypeAutoRun"=dword:00000091

""".replace("{SID}", ADMIN_SID)

SVC_POLICIES = r"""Windows Registry Editor Version 5.00

[HKEY_USERS\{SID}\Software\Policies]

[HKEY_USERS\{SID}\Software\Policies\Microsoft]

[HKEY_USERS\{SID}\Software\Policies\Microsoft\SystemCertificates]

""".replace("{SID}", SVC_SID)

def write_utf16(rel, text):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(b"\xff\xfe" + text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-16-le"))

write_utf16("secedit.inf", SECEDIT)
write_utf16("registry/HKLM_SYSTEM_CurrentControlSet_Control_Lsa.reg", LSA)
write_utf16("registry/HKLM_SYSTEM_CurrentControlSet_Control_SecurityProviders_SCHANNEL.reg", SCHANNEL)
write_utf16("registry/HKLM_SOFTWARE_Policies.reg", POLICIES)
write_utf16("registry/HKLM_SOFTWARE_Microsoft_Windows_CurrentVersion_Policies_System.reg", POLICIES_SYSTEM)
write_utf16("registry/HKLM_SOFTWARE_Microsoft_.NETFramework.reg", NETFX)
write_utf16("registry/HKLM_SOFTWARE_WOW6432Node_Microsoft_.NETFramework.reg", NETFX32)
write_utf16("registry/HKLM_SYSTEM_CurrentControlSet_Control_SecurityProviders_WDigest.reg", WDIGEST)
write_utf16("registry/HKLM_SYSTEM_CurrentControlSet_Services_LanmanServer_Parameters.reg", LANMAN_SERVER)
write_utf16("registry/HKLM_SYSTEM_CurrentControlSet_Services_LanmanWorkstation_Parameters.reg", LANMAN_WORKSTATION)
write_utf16("registry/HKLM_SYSTEM_CurrentControlSet_Services_Netlogon_Parameters.reg", NETLOGON)
write_utf16("registry/HKLM_SOFTWARE_Microsoft_Windows_NT_CurrentVersion_Winlogon.reg", WINLOGON)
write_utf16("registry/HKLM_SOFTWARE_Microsoft_Windows_CurrentVersion_Policies_Explorer.reg", POLICIES_EXPLORER)
write_utf16("registry/HKLM_SYSTEM_CurrentControlSet_Services_NetBT_Parameters.reg", NETBT)
write_utf16("registry/HKLM_SYSTEM_CurrentControlSet_Services_Tcpip_Parameters.reg", TCPIP)
write_utf16("registry/HKLM_SYSTEM_CurrentControlSet_Control_Session_Manager.reg", SESSION_MANAGER)
write_utf16("registry/HKLM_SYSTEM_CurrentControlSet_Services_Tcpip6_Parameters.reg", TCPIP6)
write_utf16("registry/HKLM_SYSTEM_CurrentControlSet_Services_LDAP.reg", LDAP)
write_utf16("registry/HKLM_SYSTEM_CurrentControlSet_Control_SAM.reg", SAM)
write_utf16("registry/HKLM_SYSTEM_CurrentControlSet_Services_Eventlog_Security.reg", EVENTLOG_SECURITY)
write_utf16("registry/HKLM_SYSTEM_CurrentControlSet_Control_Print.reg", PRINT)
write_utf16("registry/HKLM_SYSTEM_CurrentControlSet_Control_SecurePipeServers_Winreg.reg", WINREG)
write_utf16("registry/HKU_" + ADMIN_SID + "_Software_Policies.reg", ADMIN_POLICIES)
write_utf16("registry/HKU_" + ADMIN_SID + "_Software_Microsoft_Windows_CurrentVersion_Policies.reg", ADMIN_CV_POLICIES)
write_utf16("registry/HKU_" + SVC_SID + "_Software_Policies.reg", SVC_POLICIES)
# Keys that do not exist on this server: their whole subtree is known to be empty.
with open(os.path.join(HERE, "registry", "absent.txt"), "w", newline="\r\n") as f:
    f.write("HKLM\\SYSTEM\\CurrentControlSet\\Services\\mrxsmb10\n")
    f.write("HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\LAPS\n")
    f.write("HKLM\\SYSTEM\\CurrentControlSet\\Policies\\EarlyLaunch\n")
    f.write("HKLM\\SOFTWARE\\Microsoft\\Cryptography\\Wintrust\\Config\n")
    f.write("HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\CredUI\n")
    f.write("HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Cryptography\\Wintrust\\Config\n")
    f.write("HKU\\" + SVC_SID + "\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\n")
