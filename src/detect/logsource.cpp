// SPDX-License-Identifier: Apache-2.0
// Sigma logsource -> the channels and event ids it means on Windows, and the field names each uses.
// process_creation is Sysmon 1 with Sigma's names, and Security 4688 with its own (Image is
// NewProcessName there); a field 4688 lacks (Hashes, OriginalFileName...) stays unmatched there.
// Categories with an ECS counterpart also run on ECS-only events (event.category/event.type, ECS
// field names); webserver runs on IIS W3C logs.
#include <array>
#include <algorithm>
#include <span>

#include "core/strings.hpp"
#include "detect/detail/compile.hpp"

namespace temper::detect::detail {
namespace {

constexpr std::string_view kSysmon = "Microsoft-Windows-Sysmon/Operational";
constexpr std::string_view kPowerShell = "Microsoft-Windows-PowerShell/Operational";
constexpr std::string_view kPowerShellClassic = "Windows PowerShell";

struct CategoryMap {
  std::string_view category;
  std::string_view channel;
  std::array<std::uint32_t, 3> ids;  // 0 = unused
};

constexpr CategoryMap kCategories[] = {
    {"process_creation", kSysmon, {1}},      {"file_change", kSysmon, {2}},
    {"network_connection", kSysmon, {3}},    {"sysmon_status", kSysmon, {4, 16}},
    {"process_termination", kSysmon, {5}},   {"driver_load", kSysmon, {6}},
    {"image_load", kSysmon, {7}},            {"create_remote_thread", kSysmon, {8}},
    {"raw_access_thread", kSysmon, {9}},     {"process_access", kSysmon, {10}},
    {"file_event", kSysmon, {11}},           {"registry_add", kSysmon, {12}},
    {"registry_delete", kSysmon, {12}},      {"registry_set", kSysmon, {13}},
    {"registry_rename", kSysmon, {14}},      {"registry_event", kSysmon, {12, 13, 14}},
    {"create_stream_hash", kSysmon, {15}},   {"pipe_created", kSysmon, {17, 18}},
    {"wmi_event", kSysmon, {19, 20, 21}},    {"dns_query", kSysmon, {22}},
    {"file_delete", kSysmon, {23, 26}},      {"clipboard_capture", kSysmon, {24}},
    {"process_tampering", kSysmon, {25}},    {"file_block_executable", kSysmon, {27}},
    {"file_block_shredding", kSysmon, {28}}, {"file_executable_detected", kSysmon, {29}},
    {"sysmon_error", kSysmon, {255}},        {"ps_module", kPowerShell, {4103}},
    {"ps_script", kPowerShell, {4104}},      {"ps_classic_start", kPowerShellClassic, {400}},
    {"ps_classic_provider_start", kPowerShellClassic, {600}}, {"ps_classic_script", kPowerShellClassic, {800}},
};

struct ServiceMap {
  std::string_view service;
  std::string_view channel;
};

constexpr ServiceMap kServices[] = {
    {"security", "Security"},
    {"system", "System"},
    {"application", "Application"},
    {"sysmon", kSysmon},
    {"powershell", kPowerShell},
    {"powershell-classic", kPowerShellClassic},
    {"windefend", "Microsoft-Windows-Windows Defender/Operational"},
    {"taskscheduler", "Microsoft-Windows-TaskScheduler/Operational"},
    {"wmi", "Microsoft-Windows-WMI-Activity/Operational"},
    {"dns-server", "DNS Server"},
    {"dns-client", "Microsoft-Windows-DNS Client Events/Operational"},
    {"codeintegrity-operational", "Microsoft-Windows-CodeIntegrity/Operational"},
    {"firewall-as", "Microsoft-Windows-Windows Firewall With Advanced Security/Firewall"},
    {"bits-client", "Microsoft-Windows-Bits-Client/Operational"},
    {"ntlm", "Microsoft-Windows-NTLM/Operational"},
    {"msexchange-management", "MSExchange Management"},
    {"appxdeployment-server", "Microsoft-Windows-AppXDeploymentServer/Operational"},
    {"appxpackaging-om", "Microsoft-Windows-AppxPackaging/Operational"},
    {"appmodel-runtime", "Microsoft-Windows-AppModel-Runtime/Admin"},
    {"iis-configuration", "Microsoft-IIS-Configuration/Operational"},
    {"terminalservices-localsessionmanager", "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational"},
    {"smbserver-connectivity", "Microsoft-Windows-SmbServer/Connectivity"},
    {"smbclient-security", "Microsoft-Windows-SmbClient/Security"},
    {"shell-core", "Microsoft-Windows-Shell-Core/Operational"},
    {"openssh", "OpenSSH/Operational"},
    {"lsa-server", "Microsoft-Windows-LSA/Operational"},
    {"ldap", "Microsoft-Windows-LDAP-Client/Debug"},
    {"driver-framework", "Microsoft-Windows-DriverFrameworks-UserMode/Operational"},
    {"diagnosis-scripted", "Microsoft-Windows-Diagnosis-Scripted/Operational"},
    {"certificateservicesclient-lifecycle-system", "Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational"},
    {"capi2", "Microsoft-Windows-CAPI2/Operational"},
    {"microsoft-servicebus-client", "Microsoft-ServiceBus-Client"},
    {"printservice-admin", "Microsoft-Windows-PrintService/Admin"},
    {"printservice-operational", "Microsoft-Windows-PrintService/Operational"},
    {"vhdmp", "Microsoft-Windows-VHDMP/Operational"},
    // Services that log to several channels: one scope per channel.
    {"applocker", "Microsoft-Windows-AppLocker/EXE and DLL"},
    {"applocker", "Microsoft-Windows-AppLocker/MSI and Script"},
    {"applocker", "Microsoft-Windows-AppLocker/Packaged app-Deployment"},
    {"applocker", "Microsoft-Windows-AppLocker/Packaged app-Execution"},
    {"security-mitigations", "Microsoft-Windows-Security-Mitigations/KernelMode"},
    {"security-mitigations", "Microsoft-Windows-Security-Mitigations/UserMode"},
};

// Security 4688 names for Sysmon 1 fields (facts of the two event schemas).
constexpr std::pair<std::string_view, std::string_view> k4688Renames[] = {
    {"Image", "NewProcessName"},         {"ParentImage", "ParentProcessName"},
    {"ProcessId", "NewProcessId"},       {"ParentProcessId", "ProcessId"},
    {"User", "SubjectUserName"},         {"LogonId", "SubjectLogonId"},
    {"IntegrityLevel", "MandatoryLabel"},
};

// ECS-only events (Elastic Defend / Agent documents without a winlog channel): the event.category
// and event.type a Sigma category means there, and the ECS fields of its Sigma names. Sigma names
// with no ECS field of their own (User, Hashes, Initiated) keep their name: the ECS view derives them.
using Rename = std::pair<std::string_view, std::string_view>;

constexpr Rename kEcsProcess[] = {
    {"Image", "process.executable"},
    {"CommandLine", "process.command_line"},
    {"ParentImage", "process.parent.executable"},
    {"ParentCommandLine", "process.parent.command_line"},
    {"OriginalFileName", "process.pe.original_file_name"},
    {"Description", "process.pe.description"},
    {"Product", "process.pe.product"},
    {"Company", "process.pe.company"},
    {"FileVersion", "process.pe.file_version"},
    {"CurrentDirectory", "process.working_directory"},
    {"ProcessId", "process.pid"},
    {"ParentProcessId", "process.parent.pid"},
    {"ProcessGuid", "process.entity_id"},
    {"ParentProcessGuid", "process.parent.entity_id"},
    {"IntegrityLevel", "process.Ext.token.integrity_level_name"},
    {"ParentUser", "process.parent.user.name"},
};
constexpr Rename kEcsNetwork[] = {
    {"Image", "process.executable"},      {"ProcessId", "process.pid"},
    {"DestinationIp", "destination.ip"},  {"DestinationPort", "destination.port"},
    {"DestinationHostname", "destination.domain"}, {"SourceIp", "source.ip"},
    {"SourcePort", "source.port"},        {"SourceHostname", "source.domain"},
    {"Protocol", "network.transport"},
};
constexpr Rename kEcsFile[] = {
    {"Image", "process.executable"},
    {"ProcessId", "process.pid"},
    {"TargetFilename", "file.path"},
};
constexpr Rename kEcsRegistry[] = {
    {"Image", "process.executable"},
    {"ProcessId", "process.pid"},
    {"TargetObject", "registry.path"},
    {"Details", "registry.data.strings"},
};
constexpr Rename kEcsLibrary[] = {
    {"Image", "process.executable"},
    {"ProcessId", "process.pid"},
    {"ImageLoaded", "dll.path"},
    {"OriginalFileName", "dll.pe.original_file_name"},
    {"Description", "dll.pe.description"},
    {"Product", "dll.pe.product"},
    {"Company", "dll.pe.company"},
    {"Signature", "dll.code_signature.subject_name"},
    {"SignatureStatus", "dll.code_signature.status"},
};
constexpr Rename kEcsDns[] = {
    {"Image", "process.executable"},
    {"ProcessId", "process.pid"},
    {"QueryName", "dns.question.name"},
};

struct EcsCategory {
  std::string_view sigma;     ///< Sigma logsource category
  std::string_view category;  ///< event.category
  std::string_view type;      ///< event.type ("" = any)
  std::span<const Rename> renames;
};

constexpr EcsCategory kEcsCategories[] = {
    {"process_creation", "process", "start", kEcsProcess},
    {"process_termination", "process", "end", kEcsProcess},
    {"network_connection", "network", "start", kEcsNetwork},
    {"dns_query", "network", "protocol", kEcsDns},
    {"file_event", "file", "creation", kEcsFile},
    {"file_delete", "file", "deletion", kEcsFile},
    {"image_load", "library", "start", kEcsLibrary},
    {"registry_set", "registry", "change", kEcsRegistry},
    {"registry_add", "registry", "creation", kEcsRegistry},
    {"registry_delete", "registry", "deletion", kEcsRegistry},
    {"registry_event", "registry", "", kEcsRegistry},
};

// IIS W3C logs (events::read_w3c: channel "W3C", fields under their #Fields: names) for Sigma's
// webserver category, whose names follow W3C except for the bracketed header fields.
constexpr Rename kWebserver[] = {
    {"cs-user-agent", "cs(User-Agent)"},
    {"cs-referer", "cs(Referer)"},
    {"cs-cookie", "cs(Cookie)"},
};

}  // namespace

Result<std::vector<ScopeVariant>> map_logsource(std::string_view product, std::string_view category,
                                                std::string_view service) {
  if (!product.empty() && !iequals(product, "windows")) {
    return fail(ErrorCode::kUnsupported, "logsource product '" + std::string(product) + "' is not windows");
  }
  std::vector<ScopeVariant> out;
  if (!category.empty()) {
    for (const auto& c : kCategories) {
      if (!iequals(c.category, category)) continue;
      ScopeVariant v;
      v.scope.channel = std::string(c.channel);
      for (const auto id : c.ids) {
        if (id != 0) v.scope.event_ids.push_back(id);
      }
      out.push_back(std::move(v));
      if (c.category == "process_creation") {
        ScopeVariant sec;
        sec.scope.channel = "Security";
        sec.scope.event_ids = {4688};
        sec.renames.assign(std::begin(k4688Renames), std::end(k4688Renames));
        out.push_back(std::move(sec));
      }
      break;
    }
    for (const auto& e : kEcsCategories) {
      if (out.empty() || !iequals(e.sigma, category)) continue;
      ScopeVariant ecs;
      ecs.scope.ecs_category = std::string(e.category);
      ecs.scope.ecs_type = std::string(e.type);
      ecs.renames.assign(e.renames.begin(), e.renames.end());
      out.push_back(std::move(ecs));
    }
    if (out.empty() && iequals(category, "webserver")) {
      ScopeVariant web;
      web.scope.channel = "W3C";
      web.renames.assign(std::begin(kWebserver), std::end(kWebserver));
      out.push_back(std::move(web));
    }
    if (out.empty()) {
      return fail(ErrorCode::kUnsupported, "logsource category '" + std::string(category) + "' has no event mapping");
    }
    // A service next to a category narrows to that service's channel (rare in SigmaHQ).
    return out;
  }
  if (!service.empty()) {
    for (const auto& s : kServices) {
      if (!iequals(s.service, service)) continue;
      ScopeVariant v;
      v.scope.channel = std::string(s.channel);
      out.push_back(std::move(v));
    }
    if (!out.empty()) return out;
    return fail(ErrorCode::kUnsupported, "logsource service '" + std::string(service) + "' has no channel mapping");
  }
  if (product.empty()) return fail(ErrorCode::kUnsupported, "logsource without product, category or service");
  out.emplace_back();  // product: windows alone: every Windows event
  return out;
}

std::vector<std::pair<std::string_view, std::string_view>> scope_renames(const EventScope& scope) {
  // Every category whose variants rename; a scope is one of their variants or has no renames.
  static constexpr std::string_view kRenaming[] = {"process_creation", "process_termination", "network_connection",
                                                    "dns_query", "file_event", "file_delete", "image_load",
                                                    "registry_set", "registry_add", "registry_delete",
                                                    "registry_event", "webserver"};
  for (const std::string_view category : kRenaming) {
    auto variants = map_logsource("windows", category, "");
    if (!variants) continue;
    for (auto& v : *variants) {
      const auto& s = v.scope;
      if (!v.renames.empty() && iequals(s.channel, scope.channel) && s.event_ids == scope.event_ids &&
          s.ecs_category == scope.ecs_category && s.ecs_type == scope.ecs_type) {
        return std::move(v.renames);
      }
    }
  }
  return {};
}

std::vector<std::string_view> rename_targets(std::string_view sigma_name) {
  std::vector<std::string_view> out;
  auto add = [&](std::span<const Rename> renames) {
    for (const auto& [from, to] : renames) {
      if (from == sigma_name && std::find(out.begin(), out.end(), to) == out.end()) out.push_back(to);
    }
  };
  add(k4688Renames);
  for (const auto& e : kEcsCategories) add(e.renames);
  add(kWebserver);
  return out;
}

}  // namespace temper::detect::detail
