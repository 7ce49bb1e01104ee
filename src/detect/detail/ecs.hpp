// SPDX-License-Identifier: Apache-2.0
// Internal tables of the ECS view: which ECS name each kind of Windows event gives, from which field
// and how (ecs_map.cpp); ecs_view.cpp evaluates them.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "events/event.hpp"

namespace temper::detect::detail {

/// How a row computes its ECS value from the Windows field it names.
enum class How : std::uint8_t {
  kCopy,          ///< the field's value
  kConst,         ///< `field` is the value itself (event.category...)
  kBasename,      ///< after the last '\' or '/'
  kDirectory,     ///< before the last '\' or '/'
  kExtension,     ///< after the last '.' of the base name (no dot)
  kArgs,          ///< CommandLineToArgvW split, one value per argument
  kArgsCount,     ///< the number of those arguments
  kPid,           ///< a process id in decimal ("0x1a4" -> "420")
  kUserName,      ///< "DOMAIN\user" -> "user"
  kUserDomain,    ///< "DOMAIN\user" -> "DOMAIN"
  kUserSid,       ///< "NT AUTHORITY\SYSTEM" -> "S-1-5-18" (LOCAL SERVICE, NETWORK SERVICE too)
  kHashMd5,       ///< Sysmon Hashes "MD5=..." -> lower-case hex
  kHashSha1,
  kHashSha256,
  kHashImphash,
  kRegHive,       ///< "HKLM\..." or "\REGISTRY\MACHINE\..." -> "HKLM"
  kRegKey,        ///< the key below the hive (without the value for a value event)
  kRegValue,      ///< the value name (value events only)
  kRegPath,       ///< the path with the short hive (and "\value" for Security 4657)
  kDirection,     ///< Sysmon Initiated "true"/"false" -> "egress"/"ingress"
  kNetworkType,   ///< Sysmon SourceIsIpv6 -> "ipv6"/"ipv4"
  kLogonType,     ///< LogonType number -> winlogbeat's name ("3" -> "Network")
  kTrusted,       ///< SignatureStatus "Valid" -> "true", else "false"
  kLower,         ///< the value in ASCII lower case
  // System values (`field` unused)
  kSysComputer,
  kSysChannel,
  kSysProvider,
  kSysEventId,
  kSysRecordId,
  kSysUserSid,
  kSysPid,
  // ECS -> Sigma for ECS-only events
  kEcsUser,       ///< user.domain + "\" + user.name (user.name alone without a domain)
  kEcsHashes,     ///< "MD5=..,SHA1=..,SHA256=.." from process.hash.*
  kEcsInitiated,  ///< network.direction egress/outbound -> "true", ingress/inbound -> "false"
};

/// One derivation: `ecs` from the event's `field`, by `how`.
struct Row {
  std::string_view ecs;
  std::string_view field;
  How how = How::kCopy;
};

/// Groups of rows; an event takes the rows of every group its kind lists (ecs_map.cpp).
enum class Table : std::uint8_t {
  kWindows,        ///< every Windows event: host.*, event.code/provider, winlog.*
  kSystemUser,     ///< the System user SID as user.id (not Sysmon)
  kSysmonProcess,  ///< Sysmon events about one process (Image, ProcessId, ProcessGuid, User)
  kSysmon1, kSysmon3, kSysmon5, kSysmon6, kSysmon7, kSysmon8, kSysmon10, kSysmon11, kSysmonRegistry, kSysmon12, kSysmon13,
  kSysmon14, kSysmon15, kSysmon17, kSysmon22, kSysmon23, kSysmon25,
  kSecuritySubject,  ///< SubjectUserName/Domain/Sid -> user.*
  kSecurity4688, kSecurity4689, kSecurityLogon, kSecurityLogonOk, kSecurityLogonFailed, kSecurity4648, kSecurity4672,
  kSecurity4697, kSecurityTask, kSecurityAccount, kSecurityGroup, kSecurityShare, kSecurity4663,
  kSecurity4657, kSecurity1102,
  kSystem7045, kSystem104,
  kPowerShell4103, kPowerShell4104,
  kEcsOnly,  ///< ECS-only events: the Sigma names with no ECS field of their own
  kCount,
};

inline constexpr std::size_t kTableCount = static_cast<std::size_t>(Table::kCount);

/// The rows of a table.
std::span<const Row> table_rows(Table table);

/// The tables of a Windows event (by its provider/channel and event id), at most 5.
struct EventTables {
  std::array<Table, 5> tables{};
  std::uint8_t count = 0;
  void add(Table t) {
    if (count < tables.size()) tables[count++] = t;
  }
};
EventTables classify(const events::Event& event);

}  // namespace temper::detect::detail
