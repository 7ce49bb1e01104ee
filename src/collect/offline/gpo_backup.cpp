// SPDX-License-Identifier: Apache-2.0
// GPO backup detection (case-insensitive path walk) and import as a policy source.
#include "collect/offline/gpo_backup.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string_view>
#include <system_error>

#include "collect/offline/auditpol_csv.hpp"
#include "collect/offline/detail/files.hpp"
#include "collect/offline/detail/parts.hpp"
#include "collect/offline/detail/text.hpp"
#include "collect/offline/gpo_manifest.hpp"
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

// The first of `dirs` holding a file named `name`.
std::optional<fs::path> file_in(std::initializer_list<fs::path> dirs, std::string_view name) {
  for (const auto& d : dirs) {
    auto p = child_ci(d, name);
    if (is_file(p)) return p;
  }
  return std::nullopt;
}

std::optional<GpoLayout> machine_layout(const fs::path& root, const fs::path& machine) {
  GpoLayout l{root,
              find_ci(machine, kGptTmpl),
              child_ci(machine, "registry.pol"),
              find_ci(machine, kAuditCsv),
              std::nullopt,
              file_in({root}, "Backup.xml"),
              file_in({machine.parent_path(), root}, "gpt.ini")};
  if (auto user = child_ci(machine.parent_path(), "User")) l.user_pol = child_ci(*user, "registry.pol");
  if (!is_file(l.user_pol)) l.user_pol.reset();
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
  GpoLayout l{dir,
              child_ci(dir, "GptTmpl.inf"),
              child_ci(dir, "registry.pol"),
              child_ci(dir, "audit.csv"),
              child_ci(dir, "User-registry.pol"),
              file_in({dir}, "Backup.xml"),
              file_in({dir}, "gpt.ini")};
  if (!is_file(l.user_pol)) l.user_pol.reset();
  if (!is_file(l.machine_pol)) l.machine_pol = child_ci(dir, "Machine-registry.pol");
  if (!is_file(l.gpt_tmpl)) l.gpt_tmpl.reset();
  if (!is_file(l.machine_pol)) l.machine_pol.reset();
  if (!is_file(l.audit_csv)) l.audit_csv.reset();
  if (!l.gpt_tmpl && !l.machine_pol && !l.audit_csv) return std::nullopt;
  return l;
}

// Parts are [GptTmpl.inf, registry.pol, audit.csv], in this order.
constexpr std::size_t kGptPart = 0;
constexpr std::size_t kPolPart = 1;
constexpr std::size_t kAuditPart = 2;
// A fourth part, listed only when the GPO has a User-side registry.pol.
constexpr std::string_view kUserPolicyPart = "per-user registry (policy values)";

// What the GPO's own manifests say about its Machine extensions.
struct Declared {
  std::optional<GpoExtensions> machine;  ///< the union of every list read; nullopt: nobody says
  std::vector<std::string> sources;      ///< the files that said so
  std::string basis;                     ///< the same, as text: "Backup.xml", "Backup.xml and gpt.ini"
  std::string damaged;                   ///< the error of a damaged manifest: then nothing is declared
};

void read_manifest(Declared& d, BundleImport& out, const std::string& name,
                   const std::optional<std::span<const std::byte>>& bytes,
                   Result<ParsedGpoManifest> (*parse)(std::span<const std::byte>, std::string_view)) {
  if (!bytes) return;
  auto parsed = parse(*bytes, name);
  if (!parsed) {
    out.diagnostics.push_back(Diagnostic{parsed.error().where.value_or(SourceLocation(name)),
                                         parsed.error().message +
                                             "; its extension list is not used, so a missing GPO file reads as "
                                             "not collected"});
    if (d.damaged.empty()) d.damaged = parsed.error().to_string();
    return;
  }
  for (auto& diag : parsed->diagnostics) out.diagnostics.push_back(std::move(diag));
  if (!parsed->machine) return;
  auto& all = d.machine ? *d.machine : d.machine.emplace();
  all.cses.insert(all.cses.end(), parsed->machine->cses.begin(), parsed->machine->cses.end());
  d.basis += (d.basis.empty() ? "" : " and ") + name;
  d.sources.push_back(name);
}

Declared read_manifests(const GpoFiles& files, BundleImport& out) {
  Declared d;
  read_manifest(d, out, files.backup_xml_name, files.backup_xml, parse_backup_xml);
  read_manifest(d, out, files.gpt_ini_name, files.gpt_ini, parse_gpt_ini);
  if (!d.damaged.empty()) {
    d.machine.reset();
    d.sources.clear();
  }
  return d;
}

// A part whose file is absent: "not defined" only when the GPO says it has no such extension.
void settle_absent(BundlePart& part, const Declared& d, std::string_view cse, std::string_view extension,
                   std::string_view settings) {
  if (part.status != PartStatus::kMissing) return;
  const std::string ext(extension);
  if (d.machine && !d.machine->lists(cse)) {
    part.status = PartStatus::kNotDefined;
    part.detail = d.basis + " lists no " + ext + " extension, so the GPO has no " + std::string(settings);
  } else if (d.machine) {
    part.detail = part.file + ": the GPO lists the " + ext + " extension (" + d.basis + ") but the file is missing";
  } else if (!d.damaged.empty()) {
    part.detail = "no " + part.file + ", and the GPO's extension list is unusable: " + d.damaged;
  } else {
    part.detail =
        "no " + part.file + ", and no Backup.xml or gpt.ini tells whether the GPO has " + std::string(settings);
  }
}

bool known(const BundleImport& out, std::size_t index) {
  if (index >= out.parts.size()) return false;
  const PartStatus s = out.parts[index].status;
  return s == PartStatus::kImported || s == PartStatus::kNotDefined;
}

// A policy defines what its files say and nothing else. A file that is read, or absent because the
// GPO declares no such extension, makes its sections known (present, possibly empty: checks read
// "not defined"); any other part leaves them unknown (unset: checks read "not collected").
void settle_policy_sections(BundleImport& out) {
  auto& snap = out.snapshot;
  const bool gpt_ok = known(out, kGptPart);
  const bool pol_ok = known(out, kPolPart);
  const bool audit_ok = known(out, kAuditPart);
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
  const Declared declared = read_manifests(files, out);
  detail::import_part(out, "user rights, security options and registry values", files.gpt_tmpl_name, files.gpt_tmpl,
                      parse_secedit_inf, [&](const ParsedInf& inf) {
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
  if (files.user_pol) {
    // The User side applies to every user the GPO reaches: one pseudo-user, HKCU keys.
    detail::import_part(out, std::string(kUserPolicyPart), files.user_pol_name, files.user_pol, parse_registry_pol,
                        [&](const ParsedPol& pol) {
                          auto& users = snap.user_registry ? *snap.user_registry : snap.user_registry.emplace();
                          auto removed = apply_pol(pol, "HKCU", users[std::string(model::kPolicyUser)]);
                          out.policy_removals.insert(out.policy_removals.end(), removed.begin(), removed.end());
                        });
  }
  settle_absent(out.parts[kGptPart], declared, kSecurityCse, "Security", "security settings");
  settle_absent(out.parts[kPolPart], declared, kRegistryCse, "Registry (Administrative Templates)",
                "Administrative Templates settings");
  settle_absent(out.parts[kAuditPart], declared, kAuditCse, "Advanced Audit", "advanced audit policy settings");
  settle_policy_sections(out);
  for (const auto& p : out.parts) {
    if (p.status == PartStatus::kImported) snap.source.inputs.push_back(p.file);
  }
  snap.source.inputs.insert(snap.source.inputs.end(), declared.sources.begin(), declared.sources.end());
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
  const auto user = load(layout.user_pol, files.user_pol_name);
  const auto backup = load(layout.backup_xml, files.backup_xml_name);
  const auto ini = load(layout.gpt_ini, files.gpt_ini_name);
  files.gpt_tmpl = view(gpt);
  files.machine_pol = view(pol);
  files.audit_csv = view(audit);
  files.user_pol = view(user);
  files.backup_xml = view(backup);
  files.gpt_ini = view(ini);
  BundleImport out = import_gpo_files(files);
  for (auto& d : read_errors) {
    if (d.where.file == files.user_pol_name) {
      // Not read, so import_gpo_files did not list it: it is there but unusable.
      out.parts.push_back(BundlePart{std::string(kUserPolicyPart), files.user_pol_name, PartStatus::kFailed, d.to_string()});
    }
    for (auto& part : out.parts) {
      if (part.file == d.where.file) {
        part.status = PartStatus::kFailed;
        part.detail = d.to_string();
      }
    }
    if (d.where.file == files.backup_xml_name || d.where.file == files.gpt_ini_name) {
      // An unreadable manifest may list what the other one does not: nothing counts as declared absent.
      for (auto& part : out.parts) {
        if (part.status != PartStatus::kNotDefined) continue;
        part.status = PartStatus::kMissing;
        part.detail = "no " + part.file + ", and the GPO's extension list is unusable: " + d.to_string();
      }
      std::erase_if(out.snapshot.source.inputs,
                    [&files](const std::string& f) { return f == files.backup_xml_name || f == files.gpt_ini_name; });
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
