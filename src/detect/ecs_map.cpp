// SPDX-License-Identifier: Apache-2.0
// The ECS view's mapping: for each kind of Windows event (Sysmon, Security, System, PowerShell), the
// ECS names it gives and the Windows field each comes from. Modelled on what winlogbeat's modules and
// Elastic Defend write (event.category/type/action values included), so Elastic's rules read raw
// EVTX events as they read those documents. docs/detect.md ("ECS view") prints this table.
#include "core/strings.hpp"
#include "detect/detail/ecs.hpp"

namespace temper::detect::detail {
namespace {

using H = How;

constexpr Row kWindows[] = {
    {"host.os.type", "windows", H::kConst},         {"host.os.family", "windows", H::kConst},
    {"host.os.platform", "windows", H::kConst},     {"host.name", "", H::kSysComputer},
    {"host.hostname", "", H::kSysComputer},         {"event.code", "", H::kSysEventId},
    {"event.provider", "", H::kSysProvider},        {"event.kind", "event", H::kConst},
    {"winlog.channel", "", H::kSysChannel},         {"winlog.event_id", "", H::kSysEventId},
    {"winlog.provider_name", "", H::kSysProvider},  {"winlog.computer_name", "", H::kSysComputer},
    {"winlog.record_id", "", H::kSysRecordId},      {"winlog.user.identifier", "", H::kSysUserSid},
    {"winlog.process.pid", "", H::kSysPid},         {"winlog.logon.type", "LogonType", H::kLogonType},
};

// The System Security@UserID as user.id when the event data named no SID (IIS-Configuration 29, most
// operational logs). Not for Sysmon, whose System user is always its own service account.
constexpr Row kSystemUser[] = {
    {"user.id", "", H::kSysUserSid},
};

// Sysmon: the process an event is about (1, 3, 5, 7, 11-15, 17, 18, 22, 23, 25, 26).
constexpr Row kSysmonProcess[] = {
    {"event.module", "sysmon", H::kConst},
    {"data_stream.dataset", "windows.sysmon_operational", H::kConst},
    {"process.executable", "Image", H::kCopy},
    {"process.name", "Image", H::kBasename},     {"process.pid", "ProcessId", H::kPid},
    {"process.entity_id", "ProcessGuid", H::kCopy}, {"user.name", "User", H::kUserName},
    {"user.domain", "User", H::kUserDomain},     {"user.id", "User", H::kUserSid},
    {"rule.name", "RuleName", H::kCopy},
};

constexpr Row kSysmon1[] = {
    {"event.category", "process", H::kConst},
    {"event.type", "start", H::kConst},
    {"event.action", "Process Create (rule: ProcessCreate)", H::kConst},
    {"process.command_line", "CommandLine", H::kCopy},
    {"process.args", "CommandLine", H::kArgs},
    {"process.args_count", "CommandLine", H::kArgsCount},
    {"process.working_directory", "CurrentDirectory", H::kCopy},
    {"process.pe.original_file_name", "OriginalFileName", H::kCopy},
    {"process.pe.description", "Description", H::kCopy},
    {"process.pe.product", "Product", H::kCopy},
    {"process.pe.company", "Company", H::kCopy},
    {"process.pe.file_version", "FileVersion", H::kCopy},
    {"process.hash.md5", "Hashes", H::kHashMd5},
    {"process.hash.sha1", "Hashes", H::kHashSha1},
    {"process.hash.sha256", "Hashes", H::kHashSha256},
    {"process.pe.imphash", "Hashes", H::kHashImphash},
    {"process.Ext.token.integrity_level_name", "IntegrityLevel", H::kLower},
    {"winlog.logon.id", "LogonId", H::kCopy},
    {"process.parent.executable", "ParentImage", H::kCopy},
    {"process.parent.name", "ParentImage", H::kBasename},
    {"process.parent.command_line", "ParentCommandLine", H::kCopy},
    {"process.parent.args", "ParentCommandLine", H::kArgs},
    {"process.parent.args_count", "ParentCommandLine", H::kArgsCount},
    {"process.parent.pid", "ParentProcessId", H::kPid},
    {"process.parent.entity_id", "ParentProcessGuid", H::kCopy},
};

constexpr Row kSysmon3[] = {
    {"event.category", "network", H::kConst},    {"event.type", "connection", H::kConst},
    {"event.type", "start", H::kConst},          {"event.action", "Network connection detected (rule: NetworkConnect)", H::kConst},
    {"network.transport", "Protocol", H::kLower}, {"network.direction", "Initiated", H::kDirection},
    {"network.type", "SourceIsIpv6", H::kNetworkType}, {"source.ip", "SourceIp", H::kCopy},
    {"source.domain", "SourceHostname", H::kCopy}, {"source.port", "SourcePort", H::kCopy},
    {"destination.ip", "DestinationIp", H::kCopy}, {"destination.address", "DestinationIp", H::kCopy},
    {"destination.domain", "DestinationHostname", H::kCopy},
    {"destination.port", "DestinationPort", H::kCopy},
};

constexpr Row kSysmon5[] = {
    {"event.category", "process", H::kConst},
    {"event.type", "end", H::kConst},
    {"event.action", "Process terminated (rule: ProcessTerminate)", H::kConst},
};

constexpr Row kSysmon6[] = {
    {"event.module", "sysmon", H::kConst},
    {"data_stream.dataset", "windows.sysmon_operational", H::kConst},
    {"event.category", "driver", H::kConst},
    {"event.type", "start", H::kConst},            {"event.action", "Driver loaded (rule: DriverLoad)", H::kConst},
    {"file.path", "ImageLoaded", H::kCopy},        {"file.name", "ImageLoaded", H::kBasename},
    {"file.directory", "ImageLoaded", H::kDirectory}, {"file.extension", "ImageLoaded", H::kExtension},
    {"file.hash.sha256", "Hashes", H::kHashSha256}, {"file.code_signature.subject_name", "Signature", H::kCopy},
    {"file.code_signature.exists", "Signed", H::kLower}, {"file.code_signature.trusted", "SignatureStatus", H::kTrusted},
};

constexpr Row kSysmon7[] = {
    {"event.category", "library", H::kConst},     {"event.type", "start", H::kConst},
    {"event.action", "Image loaded (rule: ImageLoad)", H::kConst},
    {"dll.path", "ImageLoaded", H::kCopy},        {"dll.name", "ImageLoaded", H::kBasename},
    {"dll.pe.original_file_name", "OriginalFileName", H::kCopy},
    {"dll.pe.description", "Description", H::kCopy}, {"dll.pe.product", "Product", H::kCopy},
    {"dll.pe.company", "Company", H::kCopy},      {"dll.hash.md5", "Hashes", H::kHashMd5},
    {"dll.hash.sha1", "Hashes", H::kHashSha1},    {"dll.hash.sha256", "Hashes", H::kHashSha256},
    {"dll.pe.imphash", "Hashes", H::kHashImphash}, {"dll.code_signature.subject_name", "Signature", H::kCopy},
    {"dll.code_signature.exists", "Signed", H::kLower}, {"dll.code_signature.status", "SignatureStatus", H::kCopy},
    {"dll.code_signature.trusted", "SignatureStatus", H::kTrusted},
};

// Sysmon 8 (CreateRemoteThread) and 10 (ProcessAccess) name a source and a target process.
constexpr Row kSysmon8[] = {
    {"event.module", "sysmon", H::kConst},
    {"data_stream.dataset", "windows.sysmon_operational", H::kConst},
    {"event.category", "process", H::kConst},
    {"event.type", "change", H::kConst},          {"event.action", "CreateRemoteThread detected (rule: CreateRemoteThread)", H::kConst},
    {"process.executable", "SourceImage", H::kCopy}, {"process.name", "SourceImage", H::kBasename},
    {"process.pid", "SourceProcessId", H::kPid},  {"process.entity_id", "SourceProcessGuid", H::kCopy},
    {"Target.process.executable", "TargetImage", H::kCopy}, {"Target.process.name", "TargetImage", H::kBasename},
    {"Target.process.pid", "TargetProcessId", H::kPid},
};

constexpr Row kSysmon10[] = {
    {"event.module", "sysmon", H::kConst},
    {"data_stream.dataset", "windows.sysmon_operational", H::kConst},
    {"event.category", "process", H::kConst},
    {"event.type", "access", H::kConst},          {"event.action", "Process accessed (rule: ProcessAccess)", H::kConst},
    {"process.executable", "SourceImage", H::kCopy}, {"process.name", "SourceImage", H::kBasename},
    {"process.pid", "SourceProcessId", H::kPid},  {"process.entity_id", "SourceProcessGUID", H::kCopy},
    {"Target.process.executable", "TargetImage", H::kCopy}, {"Target.process.name", "TargetImage", H::kBasename},
    {"Target.process.pid", "TargetProcessId", H::kPid}, {"user.name", "SourceUser", H::kUserName},
    {"user.domain", "SourceUser", H::kUserDomain},
};

constexpr Row kSysmon11[] = {
    {"event.category", "file", H::kConst},       {"event.type", "creation", H::kConst},
    {"event.action", "File created (rule: FileCreate)", H::kConst},
    {"file.path", "TargetFilename", H::kCopy},   {"file.name", "TargetFilename", H::kBasename},
    {"file.directory", "TargetFilename", H::kDirectory}, {"file.extension", "TargetFilename", H::kExtension},
};

constexpr Row kSysmonRegistry[] = {
    {"event.category", "registry", H::kConst},   {"registry.path", "TargetObject", H::kRegPath},
    {"registry.hive", "TargetObject", H::kRegHive}, {"registry.key", "TargetObject", H::kRegKey},
    {"registry.value", "TargetObject", H::kRegValue},
};
constexpr Row kSysmon12[] = {
    {"event.type", "change", H::kConst},
    {"event.action", "Registry object added or deleted (rule: RegistryEvent)", H::kConst},
};
constexpr Row kSysmon13[] = {
    {"event.type", "change", H::kConst},
    {"event.action", "Registry value set (rule: RegistryEvent)", H::kConst},
    {"registry.data.strings", "Details", H::kCopy},
};
constexpr Row kSysmon14[] = {
    {"event.type", "change", H::kConst},
    {"event.action", "Registry object renamed (rule: RegistryEvent)", H::kConst},
};

constexpr Row kSysmon15[] = {
    {"event.category", "file", H::kConst},       {"event.type", "creation", H::kConst},
    {"event.action", "File stream created (rule: FileCreateStreamHash)", H::kConst},
    {"file.path", "TargetFilename", H::kCopy},   {"file.name", "TargetFilename", H::kBasename},
    {"file.directory", "TargetFilename", H::kDirectory}, {"file.extension", "TargetFilename", H::kExtension},
};

constexpr Row kSysmon17[] = {
    {"event.category", "file", H::kConst},       {"event.type", "creation", H::kConst},
    {"file.name", "PipeName", H::kCopy},
};

constexpr Row kSysmon22[] = {
    {"event.category", "network", H::kConst},    {"event.type", "protocol", H::kConst},
    {"event.type", "info", H::kConst},           {"event.action", "Dns query (rule: DnsQuery)", H::kConst},
    {"network.protocol", "dns", H::kConst},      {"dns.question.name", "QueryName", H::kCopy},
};

constexpr Row kSysmon23[] = {
    {"event.category", "file", H::kConst},       {"event.type", "deletion", H::kConst},
    {"file.path", "TargetFilename", H::kCopy},   {"file.name", "TargetFilename", H::kBasename},
    {"file.directory", "TargetFilename", H::kDirectory}, {"file.extension", "TargetFilename", H::kExtension},
    {"file.hash.sha256", "Hashes", H::kHashSha256},
};

constexpr Row kSysmon25[] = {
    {"event.category", "process", H::kConst},
    {"event.type", "change", H::kConst},
    {"event.action", "Process Tampering (rule: ProcessTampering)", H::kConst},
};

// Security: the subject (the account that did it).
constexpr Row kSecuritySubject[] = {
    {"event.module", "security", H::kConst},
    {"data_stream.dataset", "system.security", H::kConst},
    {"user.name", "SubjectUserName", H::kCopy},
    {"user.domain", "SubjectDomainName", H::kCopy}, {"user.id", "SubjectUserSid", H::kCopy},
    {"winlog.logon.id", "SubjectLogonId", H::kCopy},
};

constexpr Row kSecurity4688[] = {
    {"event.category", "process", H::kConst},      {"event.type", "start", H::kConst},
    {"event.action", "created-process", H::kConst}, {"process.executable", "NewProcessName", H::kCopy},
    {"process.name", "NewProcessName", H::kBasename}, {"process.pid", "NewProcessId", H::kPid},
    {"process.command_line", "CommandLine", H::kCopy}, {"process.args", "CommandLine", H::kArgs},
    {"process.args_count", "CommandLine", H::kArgsCount}, {"process.parent.executable", "ParentProcessName", H::kCopy},
    {"process.parent.name", "ParentProcessName", H::kBasename}, {"process.parent.pid", "ProcessId", H::kPid},
    {"user.effective.name", "TargetUserName", H::kCopy}, {"user.effective.domain", "TargetDomainName", H::kCopy},
    {"user.effective.id", "TargetUserSid", H::kCopy},
};

constexpr Row kSecurity4689[] = {
    {"event.category", "process", H::kConst},     {"event.type", "end", H::kConst},
    {"event.action", "exited-process", H::kConst}, {"process.executable", "ProcessName", H::kCopy},
    {"process.name", "ProcessName", H::kBasename}, {"process.pid", "ProcessId", H::kPid},
};

// 4624/4625 are about the target account (the one logging on).
constexpr Row kSecurityLogon[] = {
    {"event.module", "security", H::kConst},
    {"data_stream.dataset", "system.security", H::kConst},
    {"event.category", "authentication", H::kConst},
    {"event.type", "start", H::kConst},           {"user.name", "TargetUserName", H::kCopy},
    {"user.domain", "TargetDomainName", H::kCopy}, {"user.id", "TargetUserSid", H::kCopy},
    {"winlog.logon.id", "TargetLogonId", H::kCopy}, {"source.ip", "IpAddress", H::kCopy},
    {"source.port", "IpPort", H::kCopy},          {"source.domain", "WorkstationName", H::kCopy},
    {"process.executable", "ProcessName", H::kCopy}, {"process.name", "ProcessName", H::kBasename},
    {"process.pid", "ProcessId", H::kPid},
};
constexpr Row kSecurityLogonOk[] = {
    {"event.action", "logged-in", H::kConst},
    {"event.outcome", "success", H::kConst},
};
constexpr Row kSecurityLogonFailed[] = {
    {"event.action", "logon-failed", H::kConst},
    {"event.outcome", "failure", H::kConst},
};

constexpr Row kSecurity4648[] = {
    {"event.category", "authentication", H::kConst}, {"event.type", "start", H::kConst},
    {"event.action", "logged-in-explicit", H::kConst}, {"user.effective.name", "TargetUserName", H::kCopy},
    {"user.effective.domain", "TargetDomainName", H::kCopy}, {"destination.domain", "TargetServerName", H::kCopy},
    {"source.ip", "IpAddress", H::kCopy},          {"source.port", "IpPort", H::kCopy},
    {"process.executable", "ProcessName", H::kCopy}, {"process.name", "ProcessName", H::kBasename},
    {"process.pid", "ProcessId", H::kPid},
};

constexpr Row kSecurity4672[] = {
    {"event.category", "iam", H::kConst},
    {"event.type", "admin", H::kConst},
    {"event.action", "logged-in-special", H::kConst},
};

constexpr Row kSecurity4697[] = {
    {"event.category", "iam", H::kConst},          {"event.category", "configuration", H::kConst},
    {"event.type", "admin", H::kConst},            {"event.type", "change", H::kConst},
    {"event.action", "service-installed", H::kConst}, {"service.name", "ServiceName", H::kCopy},
    {"service.type", "ServiceType", H::kCopy},     {"file.path", "ServiceFileName", H::kCopy},
};

constexpr Row kSecurityTask[] = {
    {"event.category", "iam", H::kConst},
    {"event.category", "configuration", H::kConst},
    {"event.type", "admin", H::kConst},
    {"event.type", "change", H::kConst},
    {"task.name", "TaskName", H::kCopy},
};

constexpr Row kSecurityAccount[] = {
    {"event.category", "iam", H::kConst},          {"event.type", "user", H::kConst},
    {"event.type", "change", H::kConst},           {"user.target.name", "TargetUserName", H::kCopy},
    {"user.target.domain", "TargetDomainName", H::kCopy}, {"user.target.id", "TargetSid", H::kCopy},
};

constexpr Row kSecurityGroup[] = {
    {"event.category", "iam", H::kConst},          {"event.type", "group", H::kConst},
    {"event.type", "change", H::kConst},           {"event.action", "added-member-to-group", H::kConst},
    {"group.name", "TargetUserName", H::kCopy},    {"group.domain", "TargetDomainName", H::kCopy},
    {"group.id", "TargetSid", H::kCopy},           {"user.target.id", "MemberSid", H::kCopy},
    {"user.target.name", "MemberName", H::kCopy},
};

constexpr Row kSecurityShare[] = {
    {"event.category", "network", H::kConst},     {"event.category", "file", H::kConst},
    {"event.type", "access", H::kConst},          {"source.ip", "IpAddress", H::kCopy},
    {"source.port", "IpPort", H::kCopy},          {"file.path", "RelativeTargetName", H::kCopy},
    {"file.name", "RelativeTargetName", H::kBasename},
};

constexpr Row kSecurity4663[] = {
    {"event.category", "file", H::kConst},        {"event.type", "access", H::kConst},
    {"file.path", "ObjectName", H::kCopy},        {"file.name", "ObjectName", H::kBasename},
    {"file.directory", "ObjectName", H::kDirectory}, {"file.extension", "ObjectName", H::kExtension},
    {"process.executable", "ProcessName", H::kCopy}, {"process.name", "ProcessName", H::kBasename},
    {"process.pid", "ProcessId", H::kPid},
};

constexpr Row kSecurity4657[] = {
    {"event.category", "registry", H::kConst},    {"event.type", "change", H::kConst},
    {"registry.path", "ObjectName", H::kRegPath}, {"registry.hive", "ObjectName", H::kRegHive},
    {"registry.key", "ObjectName", H::kRegKey},   {"registry.value", "ObjectValueName", H::kCopy},
    {"registry.data.strings", "NewValue", H::kCopy}, {"process.executable", "ProcessName", H::kCopy},
    {"process.name", "ProcessName", H::kBasename}, {"process.pid", "ProcessId", H::kPid},
};

constexpr Row kSecurity1102[] = {
    {"event.category", "iam", H::kConst},
    {"event.type", "admin", H::kConst},
    {"event.action", "audit-log-cleared", H::kConst},
};

constexpr Row kSystem7045[] = {
    {"event.module", "system", H::kConst},
    {"data_stream.dataset", "system.system", H::kConst},
    {"event.category", "configuration", H::kConst},
    {"event.type", "creation", H::kConst},        {"event.action", "service-installed", H::kConst},
    {"service.name", "ServiceName", H::kCopy},    {"service.type", "ServiceType", H::kCopy},
    {"file.path", "ImagePath", H::kCopy},         {"user.name", "AccountName", H::kUserName},
};

constexpr Row kSystem104[] = {
    {"event.module", "system", H::kConst},
    {"data_stream.dataset", "system.system", H::kConst},
    {"event.category", "iam", H::kConst},
    {"event.type", "admin", H::kConst},           {"event.action", "Log clear", H::kConst},
    {"user.name", "SubjectUserName", H::kCopy},   {"user.domain", "SubjectDomainName", H::kCopy},
};

constexpr Row kPowerShell4103[] = {
    {"event.module", "powershell", H::kConst},
    {"data_stream.dataset", "windows.powershell_operational", H::kConst},
    {"event.category", "process", H::kConst},
    {"event.type", "info", H::kConst},
    {"powershell.command.invocation_details", "Payload", H::kCopy},
};

constexpr Row kPowerShell4104[] = {
    {"event.module", "powershell", H::kConst},
    {"data_stream.dataset", "windows.powershell_operational", H::kConst},
    {"event.category", "process", H::kConst},
    {"event.type", "info", H::kConst},            {"powershell.file.script_block_text", "ScriptBlockText", H::kCopy},
    {"powershell.file.script_block_id", "ScriptBlockId", H::kCopy}, {"powershell.sequence", "MessageNumber", H::kCopy},
    {"powershell.total", "MessageTotal", H::kCopy}, {"file.path", "Path", H::kCopy},
    {"file.name", "Path", H::kBasename},
};

// ECS-only events: Sigma names that no ECS field holds as such (the rest are renamed when the
// rule compiles, logsource.cpp).
constexpr Row kEcsOnly[] = {
    {"User", "user.name", H::kEcsUser},
    {"Hashes", "process.hash.sha256", H::kEcsHashes},
    {"Initiated", "network.direction", H::kEcsInitiated},
};

constexpr std::string_view kSysmonChannel = "Microsoft-Windows-Sysmon/Operational";
constexpr std::string_view kPowerShellChannel = "Microsoft-Windows-PowerShell/Operational";

bool is_sysmon(const events::Event& e) {
  return iequals(e.channel(), kSysmonChannel) || iequals(e.provider(), "Microsoft-Windows-Sysmon");
}

void classify_sysmon(std::uint32_t id, EventTables& t) {
  switch (id) {
    case 1: t.add(Table::kSysmon1); break;
    case 3: t.add(Table::kSysmon3); break;
    case 5: t.add(Table::kSysmon5); break;
    case 6: t.add(Table::kSysmon6); return;
    case 7: t.add(Table::kSysmon7); break;
    case 8: t.add(Table::kSysmon8); return;
    case 10: t.add(Table::kSysmon10); return;
    case 11: t.add(Table::kSysmon11); break;
    case 12: t.add(Table::kSysmon12); t.add(Table::kSysmonRegistry); break;
    case 13: t.add(Table::kSysmon13); t.add(Table::kSysmonRegistry); break;
    case 14: t.add(Table::kSysmon14); t.add(Table::kSysmonRegistry); break;
    case 15: t.add(Table::kSysmon15); break;
    case 17: case 18: t.add(Table::kSysmon17); break;
    case 22: t.add(Table::kSysmon22); break;
    case 23: case 26: t.add(Table::kSysmon23); break;
    case 25: t.add(Table::kSysmon25); break;
    default: return;
  }
  t.add(Table::kSysmonProcess);
}

void classify_security(std::uint32_t id, EventTables& t) {
  switch (id) {
    case 4688: t.add(Table::kSecurity4688); break;
    case 4689: t.add(Table::kSecurity4689); break;
    case 4624: t.add(Table::kSecurityLogon); t.add(Table::kSecurityLogonOk); return;
    case 4625: t.add(Table::kSecurityLogon); t.add(Table::kSecurityLogonFailed); return;
    case 4648: t.add(Table::kSecurity4648); break;
    case 4672: t.add(Table::kSecurity4672); break;
    case 4697: t.add(Table::kSecurity4697); break;
    case 4698: case 4699: case 4700: case 4701: case 4702: t.add(Table::kSecurityTask); break;
    case 4720: case 4722: case 4723: case 4724: case 4725: case 4726: case 4738: case 4740: case 4767: case 4781:
      t.add(Table::kSecurityAccount);
      break;
    case 4728: case 4732: case 4756: t.add(Table::kSecurityGroup); break;
    case 5140: case 5145: t.add(Table::kSecurityShare); break;
    case 4663: t.add(Table::kSecurity4663); break;
    case 4657: t.add(Table::kSecurity4657); break;
    case 1102: t.add(Table::kSecurity1102); break;
    default: break;
  }
  t.add(Table::kSecuritySubject);
}

}  // namespace

std::span<const Row> table_rows(Table table) {
  switch (table) {
    case Table::kWindows: return kWindows;
    case Table::kSystemUser: return kSystemUser;
    case Table::kSysmonProcess: return kSysmonProcess;
    case Table::kSysmon1: return kSysmon1;
    case Table::kSysmon3: return kSysmon3;
    case Table::kSysmon5: return kSysmon5;
    case Table::kSysmon6: return kSysmon6;
    case Table::kSysmon7: return kSysmon7;
    case Table::kSysmon8: return kSysmon8;
    case Table::kSysmon10: return kSysmon10;
    case Table::kSysmon11: return kSysmon11;
    case Table::kSysmonRegistry: return kSysmonRegistry;
    case Table::kSysmon12: return kSysmon12;
    case Table::kSysmon13: return kSysmon13;
    case Table::kSysmon14: return kSysmon14;
    case Table::kSysmon15: return kSysmon15;
    case Table::kSysmon17: return kSysmon17;
    case Table::kSysmon22: return kSysmon22;
    case Table::kSysmon23: return kSysmon23;
    case Table::kSysmon25: return kSysmon25;
    case Table::kSecuritySubject: return kSecuritySubject;
    case Table::kSecurity4688: return kSecurity4688;
    case Table::kSecurity4689: return kSecurity4689;
    case Table::kSecurityLogon: return kSecurityLogon;
    case Table::kSecurityLogonOk: return kSecurityLogonOk;
    case Table::kSecurityLogonFailed: return kSecurityLogonFailed;
    case Table::kSecurity4648: return kSecurity4648;
    case Table::kSecurity4672: return kSecurity4672;
    case Table::kSecurity4697: return kSecurity4697;
    case Table::kSecurityTask: return kSecurityTask;
    case Table::kSecurityAccount: return kSecurityAccount;
    case Table::kSecurityGroup: return kSecurityGroup;
    case Table::kSecurityShare: return kSecurityShare;
    case Table::kSecurity4663: return kSecurity4663;
    case Table::kSecurity4657: return kSecurity4657;
    case Table::kSecurity1102: return kSecurity1102;
    case Table::kSystem7045: return kSystem7045;
    case Table::kSystem104: return kSystem104;
    case Table::kPowerShell4103: return kPowerShell4103;
    case Table::kPowerShell4104: return kPowerShell4104;
    case Table::kEcsOnly: return kEcsOnly;
    case Table::kCount: break;
  }
  return {};
}

EventTables classify(const events::Event& event) {
  EventTables t;
  const auto& sys = event.system();
  if (event.source == events::SourceKind::kW3c) return t;
  if (event.channel().empty()) {  // no Windows event: an ECS-only document, or nothing we know
    if (event.source == events::SourceKind::kNdjson) t.add(Table::kEcsOnly);
    return t;
  }
  if (sys.has_event_id) {
    const std::uint32_t id = sys.event_id;
    if (is_sysmon(event)) {
      classify_sysmon(id, t);
    } else if (iequals(event.channel(), "Security") || iequals(event.provider(), "Microsoft-Windows-Security-Auditing")) {
      classify_security(id, t);
    } else if (iequals(event.channel(), "System") && id == 7045) {
      t.add(Table::kSystem7045);
    } else if (iequals(event.channel(), "System") && id == 104) {
      t.add(Table::kSystem104);
    } else if (iequals(event.channel(), kPowerShellChannel) && id == 4103) {
      t.add(Table::kPowerShell4103);
    } else if (iequals(event.channel(), kPowerShellChannel) && id == 4104) {
      t.add(Table::kPowerShell4104);
    }
  }
  t.add(Table::kWindows);
  if (!is_sysmon(event)) t.add(Table::kSystemUser);  // last: a SID from the event data comes first
  return t;
}

}  // namespace temper::detect::detail
