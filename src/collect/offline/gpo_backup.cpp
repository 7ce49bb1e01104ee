// SPDX-License-Identifier: Apache-2.0
// GPO backup detection (case-insensitive path walk) and import as a policy source.
#include "collect/offline/gpo_backup.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <system_error>

#include "collect/offline/auditpol_csv.hpp"
#include "collect/offline/detail/files.hpp"
#include "collect/offline/detail/parts.hpp"
#include "collect/offline/detail/text.hpp"
#include "collect/offline/registry_pol.hpp"
#include "collect/offline/secedit_inf.hpp"
#include "core/file.hpp"
#include "core/limits.hpp"
#include "core/strings.hpp"

namespace temper::collect {
namespace fs = std::filesystem;
namespace {
using detail::at_line;
using detail::child_ci;
using detail::find_ci;
using detail::is_file;

constexpr std::string_view kGptTmpl[] = {"microsoft", "windows nt", "SecEdit", "GptTmpl.inf"};
constexpr std::string_view kAuditCsv[] = {"microsoft", "windows nt", "Audit", "audit.csv"};
constexpr std::string_view kBackupMachine[] = {"DomainSysvol", "GPO", "Machine"};

std::optional<GpoLayout> machine_layout(const fs::path& root, const fs::path& machine) {
  GpoLayout l{root, find_ci(machine, kGptTmpl), child_ci(machine, "registry.pol"), find_ci(machine, kAuditCsv)};
  if (!is_file(l.gpt_tmpl)) l.gpt_tmpl.reset();
  if (!is_file(l.machine_pol)) l.machine_pol.reset();
  if (!is_file(l.audit_csv)) l.audit_csv.reset();
  if (!l.gpt_tmpl && !l.machine_pol && !l.audit_csv) return std::nullopt;
  return l;
}

// A GPO rooted at `root`: root/DomainSysvol/GPO/Machine or root/Machine.
std::optional<GpoLayout> gpo_at(const fs::path& root) {
  if (auto m = find_ci(root, kBackupMachine)) {
    if (auto l = machine_layout(root, *m)) return l;
  }
  if (auto m = child_ci(root, "Machine")) return machine_layout(root, *m);
  return std::nullopt;
}

std::optional<GpoLayout> flattened_at(const fs::path& dir) {
  GpoLayout l{dir, child_ci(dir, "GptTmpl.inf"), child_ci(dir, "registry.pol"), child_ci(dir, "audit.csv")};
  if (!is_file(l.machine_pol)) l.machine_pol = child_ci(dir, "Machine-registry.pol");
  if (!is_file(l.gpt_tmpl)) l.gpt_tmpl.reset();
  if (!is_file(l.machine_pol)) l.machine_pol.reset();
  if (!is_file(l.audit_csv)) l.audit_csv.reset();
  if (!l.gpt_tmpl && !l.machine_pol && !l.audit_csv) return std::nullopt;
  return l;
}

PartStatus status_of(const BundleImport& out, std::size_t index) {
  return index < out.parts.size() ? out.parts[index].status : PartStatus::kMissing;
}

// A policy defines what its files say and nothing else: a missing file defines nothing (the section
// is present and empty, so checks read "not defined"), an unusable one leaves the section unknown
// (unset, so checks read "not collected"). Parts are [GptTmpl.inf, registry.pol, audit.csv].
void settle_policy_sections(BundleImport& out) {
  auto& snap = out.snapshot;
  const bool gpt_ok = status_of(out, 0) != PartStatus::kFailed;
  const bool pol_ok = status_of(out, 1) != PartStatus::kFailed;
  const bool audit_ok = status_of(out, 2) != PartStatus::kFailed;
  if (gpt_ok) {
    if (!snap.user_rights) snap.user_rights.emplace();
    if (!snap.security_options) snap.security_options.emplace();
  } else {
    snap.user_rights.reset();
    snap.security_options.reset();
    snap.principals.reset();
  }
  if (gpt_ok && pol_ok) {
    if (!snap.registry) snap.registry.emplace();
  } else {
    snap.registry.reset();
  }
  if (audit_ok) {
    if (!snap.audit_policy) snap.audit_policy.emplace();
  } else {
    snap.audit_policy.reset();
  }
}

std::optional<std::span<const std::byte>> view(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  return std::as_bytes(std::span<const char>(s->data(), s->size()));
}
}  // namespace

std::vector<GpoLayout> find_gpo_layouts(const fs::path& dir) {
  std::vector<GpoLayout> out;
  if (auto l = gpo_at(dir)) {
    out.push_back(std::move(*l));
    return out;
  }
  // Backup-GPO writes one {GUID} folder per GPO (plus manifest.xml) under the backup folder.
  std::error_code ec;
  std::vector<fs::path> subdirs;
  fs::directory_iterator it(dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) && subdirs.size() < limits::kMaxBundleRegFiles) subdirs.push_back(it->path());
  }
  std::sort(subdirs.begin(), subdirs.end());
  for (const auto& sub : subdirs) {
    if (auto l = gpo_at(sub)) out.push_back(std::move(*l));
  }
  if (out.empty()) {
    if (auto l = flattened_at(dir)) out.push_back(std::move(*l));
  }
  return out;
}

BundleImport import_gpo_files(const GpoFiles& files) {
  BundleImport out;
  auto& snap = out.snapshot;
  snap.source.kind = model::SourceKind::kPolicy;
  snap.source.tool = "temper import";
  detail::import_part(out, "user rights and security options", files.gpt_tmpl_name, files.gpt_tmpl, parse_secedit_inf,
                      [&](const ParsedInf& inf) {
                        merge_inf(inf, InfSemantics::kPolicy, snap);
                        if (!inf.services.empty()) {
                          out.diagnostics.push_back(Diagnostic{
                              at_line(files.gpt_tmpl_name, inf.services.front().line),
                              "[Service General Setting] is not imported from a policy: a services list holding "
                              "only the policy's services would read every other service as not installed"});
                        }
                      });
  detail::import_part(out, "registry (policy values)", files.machine_pol_name, files.machine_pol, parse_registry_pol,
                      [&](const ParsedPol& pol) {
                        auto& reg = snap.registry ? *snap.registry : snap.registry.emplace();
                        auto removed = apply_pol(pol, "HKLM", reg);
                        out.policy_removals.insert(out.policy_removals.end(), removed.begin(), removed.end());
                      });
  detail::import_part(out, "audit policy", files.audit_csv_name, files.audit_csv, parse_auditpol_csv,
                      [&snap](const ParsedAuditPol& a) { merge_auditpol(a, snap); });
  settle_policy_sections(out);
  for (const auto& p : out.parts) {
    if (p.status == PartStatus::kImported) snap.source.inputs.push_back(p.file);
  }
  return out;
}

BundleImport import_gpo_layout(const GpoLayout& layout) {
  GpoFiles files;
  std::vector<Diagnostic> read_errors;
  auto load = [&](const std::optional<fs::path>& p, std::string& name) -> std::optional<std::string> {
    if (!p) return std::nullopt;
    std::error_code ec;
    const fs::path rel = fs::relative(*p, layout.root, ec);
    name = detail::generic_path(ec || rel.empty() ? p->filename() : rel);
    auto bytes = read_file(*p);
    if (!bytes) {
      read_errors.push_back(Diagnostic{SourceLocation(name), bytes.error().message});
      return std::nullopt;
    }
    return std::move(*bytes);
  };
  const auto gpt = load(layout.gpt_tmpl, files.gpt_tmpl_name);
  const auto pol = load(layout.machine_pol, files.machine_pol_name);
  const auto audit = load(layout.audit_csv, files.audit_csv_name);
  files.gpt_tmpl = view(gpt);
  files.machine_pol = view(pol);
  files.audit_csv = view(audit);
  BundleImport out = import_gpo_files(files);
  for (auto& d : read_errors) {
    for (auto& part : out.parts) {
      if (part.file == d.where.file) {
        part.status = PartStatus::kFailed;
        part.detail = d.to_string();
      }
    }
    out.diagnostics.push_back(std::move(d));
  }
  if (!read_errors.empty()) {
    settle_policy_sections(out);
    auto& inputs = out.snapshot.source.inputs;
    std::erase_if(inputs, [&out](const std::string& file) {
      return std::any_of(out.parts.begin(), out.parts.end(),
                         [&file](const BundlePart& p) { return p.file == file && p.status != PartStatus::kImported; });
    });
  }
  return out;
}

}  // namespace temper::collect
