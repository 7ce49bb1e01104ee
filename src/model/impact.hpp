// SPDX-License-Identifier: Apache-2.0
// A rule's impact model (content key `learn:`): which activity could show that its fix breaks
// something, judged by learn/ against a usage profile. docs/learning.md maps each kind to its evidence.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace temper::model {

/// Accounts seen logging on (4624) with these logon types, and Basic-authenticated web users of
/// sites whose logonMethod maps to one of them, must keep the right (allow) or stay out of it (deny)
/// once the fix assigns its holders.
struct LogonEvidence {
  std::vector<std::uint32_t> types;
  bool deny = false;
  bool operator==(const LogonEvidence&) const = default;
};

/// Accounts seen using these privileges (4673/4674) must keep holding them after the fix.
struct PrivilegeEvidence {
  std::vector<std::string> privileges;
  bool operator==(const PrivilegeEvidence&) const = default;
};

/// Principals the server's configuration needs in (or, for a deny right, out of) the fix's holders:
/// SIDs, well-known names and "$app_pool_identities[:LogonBatch|:LogonService]". No activity needed:
/// the snapshot itself is the evidence.
struct ConfigNeedEvidence {
  std::vector<std::string> principals;
  bool deny = false;
  std::string note;  ///< why the configuration needs them ("application pools log on as a batch job")
  bool operator==(const ConfigNeedEvidence&) const = default;
};

/// The services the fix stops or disables, seen running, started or installed (System 7036/7040/7045,
/// Security 4697); empty = the services of the rule's fixes.
struct ServiceEvidence {
  std::vector<std::string> services;
  bool operator==(const ServiceEvidence&) const = default;
};

/// NTLM use that the fix refuses: "v1" (4624 with LM or NTLM V1 responses), "incoming" (any NTLM
/// logon to this server: 4624 package NTLM, NTLM/Operational 8002/8003), "outgoing" (8001).
struct NtlmEvidence {
  std::string use;
  bool operator==(const NtlmEvidence&) const = default;
};

/// Clients seen connecting with SMBv1 (SMBServer/Audit 3000).
struct Smb1Evidence {
  bool operator==(const Smb1Evidence&) const = default;
};

/// Clients seen negotiating these TLS protocols ("TLS 1.0") or ciphers ("RC4") in W3C
/// crypt-protocol/crypt-cipher fields or Schannel 36880 events.
struct TlsEvidence {
  std::vector<std::string> protocols;
  std::vector<std::string> ciphers;
  bool operator==(const TlsEvidence&) const = default;
};

/// What a site's W3C logs show about requests the fix would refuse.
struct RequestEvidence {
  enum class What {
    kUrlLength,     ///< cs-uri-stem longer than the fix's maxUrl
    kQueryLength,   ///< cs-uri-query longer than the fix's maxQueryString
    kBodyLength,    ///< cs-bytes above the fix's maxAllowedContentLength
    kVerbs,         ///< any of `values` seen (TRACE; WebDAV's PROPFIND, MKCOL, ...)
    kUnlistedExtensions,  ///< extensions seen that the scope's allow list lacks
    kDoubleEscaped, ///< URLs escaped twice
    kHighBit,       ///< URLs with non-ASCII bytes
    kAuthOverHttp,  ///< authenticated users on a plain-HTTP port of a site
    kRate,          ///< a client above the fix's request rate per interval
    kWmsvc,         ///< the Web Management Service's own log shows use
  };
  What what = What::kVerbs;
  std::vector<std::string> values;
  bool operator==(const RequestEvidence&) const = default;
};

using ImpactEvidence = std::variant<LogonEvidence, PrivilegeEvidence, ConfigNeedEvidence, ServiceEvidence, NtlmEvidence,
                                    Smb1Evidence, TlsEvidence, RequestEvidence>;

struct ImpactModel {
  enum class Kind {
    kEvidence,    ///< judge `evidence` against the profile
    kSafe,        ///< the fix stops no workload (turns auditing on, enlarges a log): safe, with `reason`
    kNoEvidence,  ///< no activity can show the impact: unknown, with `reason`
  };
  Kind kind = Kind::kEvidence;
  std::string reason;  ///< for kSafe and kNoEvidence
  std::vector<ImpactEvidence> evidence;
  std::string note;  ///< shown with every verdict of the rule
  bool operator==(const ImpactModel&) const = default;
};

}  // namespace temper::model
