// SPDX-License-Identifier: Apache-2.0
// auditpol CSV -> audit settings keyed by subcategory GUID.
//
// Example rows (backup form; the GPO form has an empty machine name, "Audit " names, lower-case GUIDs):
//   BIRDSOFPRAY,System,Logon,{0CCE9215-69AE-11D9-BED3-505054503030},Success and Failure,,3
//     -> "{0cce9215-69ae-11d9-bed3-505054503030}" = {Logon, success, failure}
//   BIRDSOFPRAY,,Option:CrashOnAuditFail,,Disabled,,0  -> option CrashOnAuditFail = 0
#include "collect/offline/auditpol_csv.hpp"

#include <optional>

#include "collect/offline/detail/text.hpp"
#include "collect/offline/ps_csv.hpp"

namespace temper::collect {
namespace {
struct Flags {
  bool success;
  bool failure;
};

std::optional<Flags> from_value(std::string_view v) {
  if (v == "0") return Flags{false, false};
  if (v == "1") return Flags{true, false};
  if (v == "2") return Flags{false, true};
  if (v == "3") return Flags{true, true};
  return std::nullopt;
}

std::optional<Flags> from_text(std::string_view t) {
  if (iequals(t, "No Auditing")) return Flags{false, false};
  if (iequals(t, "Success")) return Flags{true, false};
  if (iequals(t, "Failure")) return Flags{false, true};
  if (iequals(t, "Success and Failure")) return Flags{true, true};
  return std::nullopt;
}

Result<std::size_t> required(const CsvTable& t, std::string_view name, std::string_view file_name) {
  if (auto c = t.column(name)) return *c;
  return fail(ErrorCode::kParse, "not an auditpol CSV: missing column '" + std::string(name) + "'",
              detail::at_line(file_name, t.header_line));
}
}  // namespace

Result<ParsedAuditPol> parse_auditpol_csv(std::span<const std::byte> bytes, std::string_view file_name) {
  TEMPER_ASSIGN_OR_RETURN(CsvTable t, parse_csv(bytes, file_name));
  TEMPER_ASSIGN_OR_RETURN(const std::size_t guid_col, required(t, "Subcategory GUID", file_name));
  TEMPER_ASSIGN_OR_RETURN(const std::size_t incl_col, required(t, "Inclusion Setting", file_name));
  const auto name_col = t.column("Subcategory");
  const auto value_col = t.column("Setting Value");
  ParsedAuditPol out;
  out.diagnostics = std::move(t.diagnostics);
  DiagnosticSink sink(out.diagnostics);
  for (const auto& r : t.records) {
    const std::string_view guid = trim(r.fields[guid_col]);
    const std::string_view name = name_col ? trim(r.fields[*name_col]) : std::string_view();
    const std::string_view value = value_col ? trim(r.fields[*value_col]) : std::string_view();
    const std::string_view inclusion = trim(r.fields[incl_col]);
    if (guid.empty()) {
      static constexpr std::string_view kOption = "Option:";
      if (istarts_with(name, kOption)) {
        model::OptionValue v;
        v.text = std::string(value.empty() ? inclusion : value);
        long long n = 0;
        if (parse_int64(v.text, n)) v.number = n;
        out.options[std::string(name.substr(kOption.size()))] = std::move(v);
      }
      continue;  // FileGlobalSacl / RegistryGlobalSacl rows carry no subcategory
    }
    std::optional<Flags> flags = value.empty() ? std::nullopt : from_value(value);
    if (!flags) flags = from_text(inclusion);
    if (!flags) {
      sink.add(detail::at_line(file_name, r.line), "unknown setting '" +
                                                       std::string(value.empty() ? inclusion : value) + "' for " +
                                                       std::string(guid) + "; skipped");
      continue;
    }
    const std::string key = model::normalize_guid(guid);
    if (key.size() != 38) {
      sink.add(detail::at_line(file_name, r.line), "'" + std::string(guid) + "' is not a GUID; skipped");
      continue;
    }
    out.subcategories[key] = model::AuditSetting{std::string(name), flags->success, flags->failure};
  }
  return out;
}

void merge_auditpol(const ParsedAuditPol& audit, model::Snapshot& snapshot) {
  auto& policy = snapshot.audit_policy ? *snapshot.audit_policy : snapshot.audit_policy.emplace();
  for (const auto& [guid, setting] : audit.subcategories) policy[guid] = setting;
  if (audit.options.empty()) return;
  auto& options = snapshot.security_options ? *snapshot.security_options : snapshot.security_options.emplace();
  for (const auto& [name, value] : audit.options) options["AuditPolicy\\" + name] = value;
}

}  // namespace temper::collect
