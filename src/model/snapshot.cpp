// SPDX-License-Identifier: Apache-2.0
// Small helpers on Snapshot.
#include "model/snapshot.hpp"

namespace temper::model {

std::string_view source_kind_name(SourceKind kind) {
  switch (kind) {
    case SourceKind::kLive: return "live";
    case SourceKind::kExport: return "export";
    case SourceKind::kPolicy: return "policy";
    case SourceKind::kExample: return "example";
  }
  return "unknown";
}

std::optional<SourceKind> parse_source_kind(std::string_view name) {
  for (const auto k : {SourceKind::kLive, SourceKind::kExport, SourceKind::kPolicy, SourceKind::kExample}) {
    if (iequals(source_kind_name(k), name)) return k;
  }
  return std::nullopt;
}

bool Snapshot::has_feature(std::string_view name) const { return features && features->contains(name); }

bool Snapshot::iis_installed() const {
  if (iis && iis->installed) return true;
  return has_feature("Web-Server") || has_feature("Web-WebServer");
}

std::string normalize_guid(std::string_view guid) {
  std::string g = to_lower(trim(guid));
  if (!g.empty() && g.front() != '{') g = "{" + g;
  if (!g.empty() && g.back() != '}') g += "}";
  return g;
}

}  // namespace temper::model
