// SPDX-License-Identifier: Apache-2.0
// Bundle import: read whichever bundle files exist, merge each into one Snapshot, record the rest.
#include "collect/offline/bundle.hpp"

#include <algorithm>
#include <map>
#include <utility>
#include <nlohmann/json.hpp>
#include <system_error>

#include "collect/offline/auditpol_csv.hpp"
#include "collect/offline/detail/files.hpp"
#include "collect/offline/detail/parts.hpp"
#include "collect/offline/detail/reg_data.hpp"
#include "collect/offline/detail/text.hpp"
#include "collect/offline/gpo_backup.hpp"
#include "collect/offline/ps_csv.hpp"
#include "collect/offline/reg_file.hpp"
#include "collect/offline/secedit_inf.hpp"
#include "core/file.hpp"
#include "core/limits.hpp"
#include "core/strings.hpp"

namespace temper::collect {
namespace fs = std::filesystem;
namespace {
using detail::child_ci;

constexpr std::string_view kBundleFiles[] = {"manifest.json", "secedit.inf",  "auditpol.csv",
                                             "services.csv",  "features.csv", "groups.csv"};

struct ParsedManifest {
  model::Host host;
  std::string collected_at;
  std::vector<Diagnostic> diagnostics;
};

std::string json_text(const nlohmann::json& doc, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    const auto it = doc.find(name);
    if (it == doc.end()) continue;
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_integer()) return std::to_string(it->get<long long>());
  }
  return {};
}

// Win32_ComputerSystem.DomainRole: 0/1 workstation, 2/3 server, 4/5 domain controller.
std::optional<model::Role> domain_role(std::string_view text) {
  long long n = 0;
  if (parse_int64(text, n)) {
    if (n == 0 || n == 1) return model::Role::kWorkstation;
    if (n == 2 || n == 3) return model::Role::kMemberServer;
    if (n == 4 || n == 5) return model::Role::kDomainController;
    return std::nullopt;
  }
  return model::parse_role(text);
}

Result<ParsedManifest> parse_manifest(std::span<const std::byte> bytes, std::string_view file_name) {
  if (bytes.size() > limits::kMaxManifestBytes) {
    return fail(ErrorCode::kLimit, "larger than " + std::to_string(limits::kMaxManifestBytes) + " bytes",
                SourceLocation(std::string(file_name)));
  }
  TEMPER_ASSIGN_OR_RETURN(const std::string text, detail::decode_document(bytes, file_name));
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return fail(ErrorCode::kParse, "not a JSON object", SourceLocation(std::string(file_name), 1));
  }
  ParsedManifest m;
  m.host.name = json_text(doc, {"hostname", "name"});
  m.host.os_name = json_text(doc, {"os_caption", "os_name"});
  m.host.os_version = json_text(doc, {"os_version"});
  m.host.os_build = json_text(doc, {"build", "os_build"});
  m.host.domain = json_text(doc, {"domain"});
  m.collected_at = json_text(doc, {"collected_at"});
  const std::string role = json_text(doc, {"domain_role", "role"});
  if (!role.empty()) {
    m.host.role = domain_role(role);
    if (!m.host.role) {
      DiagnosticSink(m.diagnostics).add(SourceLocation(std::string(file_name)), "unknown domain_role '" + role + "'");
    }
  }
  return m;
}

struct Loaded {
  std::string name;
  std::optional<std::string> bytes;
  std::optional<Error> error;
  [[nodiscard]] std::optional<std::span<const std::byte>> view() const {
    if (!bytes) return std::nullopt;
    return std::as_bytes(std::span<const char>(bytes->data(), bytes->size()));
  }
};

Loaded load(const fs::path& dir, std::string_view name) {
  Loaded l{std::string(name), std::nullopt, std::nullopt};
  const auto p = child_ci(dir, name);
  if (!detail::is_file(p)) return l;
  auto bytes = read_file(*p);
  if (bytes) {
    l.bytes = std::move(*bytes);
  } else {
    l.error = bytes.error();
  }
  return l;
}

// A file that exists but cannot be read: recorded as failed, never parsed.
template <typename Parse, typename Merge>
void import_loaded(BundleImport& out, std::string what, const Loaded& file, Parse&& parse, Merge&& merge) {
  if (file.error) {
    out.parts.push_back(BundlePart{std::move(what), file.name, PartStatus::kFailed, file.error->to_string()});
    out.diagnostics.push_back(Diagnostic{SourceLocation(file.name), file.error->message});
    return;
  }
  detail::import_part(out, std::move(what), file.name, file.view(), parse, merge);
}

// registry/absent.txt: one key per line that did not exist when the bundle was made (the
// collection script writes it instead of a .reg file), so its whole subtree is known empty.
struct AbsentKey {
  std::string key;
  std::uint32_t line;
};
struct ParsedAbsentKeys {
  std::vector<AbsentKey> keys;
  std::vector<Diagnostic> diagnostics;
};

Result<ParsedAbsentKeys> parse_absent_keys(std::span<const std::byte> bytes, std::string_view file_name) {
  TEMPER_ASSIGN_OR_RETURN(const auto lines, detail::read_lines(bytes, file_name));
  ParsedAbsentKeys out;
  DiagnosticSink sink(out.diagnostics);
  for (const auto& l : lines) {
    const std::string_view t = trim(l.text);
    if (t.empty() || t.front() == '#' || t.front() == ';') continue;
    std::string key = model::Registry::canonical_path(t);
    if (!key.starts_with("HKLM\\") && !key.starts_with("HKU\\")) {
      sink.add(detail::at_line(file_name, l.number), "'" + std::string(t) + "' is not an HKLM or HKU key; skipped");
      continue;
    }
    out.keys.push_back(AbsentKey{std::move(key), l.number});
  }
  return out;
}

void mark_absent(const ParsedAbsentKeys& absent, model::Registry& registry, std::vector<Diagnostic>& diagnostics) {
  DiagnosticSink sink(diagnostics);
  for (const auto& a : absent.keys) {
    const bool present = std::any_of(registry.keys.begin(), registry.keys.end(),
                                     [&a](const auto& kv) { return detail::key_under(kv.first, a.key); });
    if (present) {
      sink.add(detail::at_line("registry/absent.txt", a.line),
               a.key + " is listed as absent but the bundle holds values under it; not marked collected");
      continue;
    }
    if (!registry.covers(a.key)) registry.collected.push_back(a.key);
  }
}

void import_registry_dir(const fs::path& dir, BundleImport& out) {
  const auto reg_dir = child_ci(dir, "registry");
  std::vector<fs::path> files;
  std::error_code ec;
  if (reg_dir) {
    fs::directory_iterator it(*reg_dir, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec) && iends_with(path_string(it->path().filename()), ".reg"))
        files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    out.parts.push_back(BundlePart{"registry", "registry/*.reg", PartStatus::kMissing, {}});
  }
  if (files.size() > limits::kMaxBundleRegFiles) {
    out.diagnostics.push_back(
        Diagnostic{SourceLocation("registry"),
                   "more than " + std::to_string(limits::kMaxBundleRegFiles) + " .reg files; the rest are ignored"});
    files.resize(limits::kMaxBundleRegFiles);
  }
  auto& snap = out.snapshot;
  for (const auto& f : files) {
    const Loaded file = load(f.parent_path(), path_string(f.filename()));
    Loaded named = file;
    named.name = "registry/" + file.name;
    import_loaded(out, "registry", named, parse_reg_file, [&snap, &out, &named](const ParsedRegFile& reg) {
      auto& registry = snap.registry ? *snap.registry : snap.registry.emplace();
      if (merge_reg_export(reg, registry).empty()) {
        out.diagnostics.push_back(Diagnostic{
            SourceLocation(named.name),
            "values imported, but no key marked collected: not a single-key `reg export`, or lines were skipped"});
      }
    });
  }
  if (!reg_dir) return;
  Loaded absent = load(*reg_dir, "absent.txt");
  if (!absent.bytes && !absent.error) return;
  absent.name = "registry/absent.txt";
  import_loaded(out, "registry (absent keys)", absent, parse_absent_keys, [&snap, &out](const ParsedAbsentKeys& a) {
    auto& registry = snap.registry ? *snap.registry : snap.registry.emplace();
    mark_absent(a, registry, out.diagnostics);
  });
}

// "HKU\\<SID>\\rest" -> {SID, "HKCU\\rest"}; nullopt for a key outside HKU\\<SID>.
std::optional<std::pair<std::string, std::string>> user_key(std::string_view key) {
  if (!istarts_with(key, "HKU\\") || key.size() <= 4) return std::nullopt;
  const std::string_view rest = key.substr(4);
  const auto slash = rest.find('\\');
  const std::string_view user = rest.substr(0, slash);
  return std::pair{std::string(user), "HKCU" + (slash == std::string_view::npos ? std::string() : std::string(rest.substr(slash)))};
}

// `reg export HKU\\<SID>\\...` files land under HKU in the machine registry as every .reg file does;
// move them to the per-user registries (one per SID, keys and collected roots as HKCU\\...).
void split_user_hives(model::Snapshot& snap) {
  if (!snap.registry) return;
  auto& reg = *snap.registry;
  std::map<std::string, model::Registry, ILess> users;
  for (auto it = reg.keys.begin(); it != reg.keys.end();) {
    if (auto u = user_key(it->first)) {
      users[u->first].keys[u->second] = std::move(it->second);
      it = reg.keys.erase(it);
    } else {
      ++it;
    }
  }
  std::erase_if(reg.collected, [&users](const std::string& root) {
    auto u = user_key(root);
    if (!u) return false;
    users[u->first].collected.push_back(std::move(u->second));
    return true;
  });
  if (users.empty()) return;
  auto& per_user = snap.user_registry ? *snap.user_registry : snap.user_registry.emplace();
  for (auto& [sid, r] : users) per_user[sid] = std::move(r);
}

bool has_bundle_files(const fs::path& dir) {
  for (const auto name : kBundleFiles) {
    if (detail::is_file(child_ci(dir, name))) return true;
  }
  std::error_code ec;
  for (const auto name : {"registry", "fs"}) {
    const auto sub = child_ci(dir, name);
    if (sub && fs::is_directory(*sub, ec)) return true;
  }
  return false;
}

BundleImport import_export_bundle(const fs::path& dir) {
  BundleImport out;
  auto& snap = out.snapshot;
  snap.source.kind = model::SourceKind::kExport;
  snap.source.tool = "temper import";
  import_loaded(out, "host identity", load(dir, "manifest.json"), parse_manifest, [&snap](const ParsedManifest& m) {
    snap.host = m.host;
    snap.source.collected_at = m.collected_at;
  });
  import_loaded(out, "user rights and security options", load(dir, "secedit.inf"), parse_secedit_inf,
                [&snap, &out](const ParsedInf& inf) {
                  merge_inf(inf, InfSemantics::kEffective, snap);
                  if (inf.has_privilege_rights && (!inf.ends_with_newline || inf.rights_damaged)) {
                    out.diagnostics.push_back(Diagnostic{
                        SourceLocation("secedit.inf"),
                        "the file may be truncated or has damaged [Privilege Rights] lines: rights it does not list "
                        "are recorded as not defined, not as held by nobody"});
                  }
                });
  import_loaded(out, "audit policy", load(dir, "auditpol.csv"), parse_auditpol_csv,
                [&snap](const ParsedAuditPol& a) { merge_auditpol(a, snap); });
  import_loaded(out, "services", load(dir, "services.csv"), parse_services_csv, [&snap](const ParsedServices& s) {
    auto& services = snap.services ? *snap.services : snap.services.emplace();
    for (const auto& [name, svc] : s.services) services[name] = svc;
  });
  import_loaded(out, "features", load(dir, "features.csv"), parse_features_csv,
                [&snap](const ParsedFeatures& f) { snap.features = f.installed; });
  import_loaded(out, "local groups", load(dir, "groups.csv"), parse_groups_csv,
                [&snap](const ParsedGroups& g) { snap.principals = g.principals; });
  import_registry_dir(dir, out);
  split_user_hives(snap);
  for (const auto& p : out.parts) {
    if (p.status == PartStatus::kImported) snap.source.inputs.push_back(p.file);
  }
  return out;
}
}  // namespace

std::vector<std::string> BundleImport::not_collected() const {
  std::vector<std::string> out;
  for (const auto& p : parts) {
    if (p.status == PartStatus::kMissing) {
      out.push_back("not collected: " + p.what + " (" + (p.detail.empty() ? p.file + " missing" : p.detail) + ")");
    }
    if (p.status == PartStatus::kFailed) out.push_back("not collected: " + p.what + " (" + p.detail + ")");
  }
  return out;
}

Result<BundleImport> import_bundle(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return fail(ErrorCode::kNotFound, "not a directory", SourceLocation(path_string(dir)));
  }
  if (has_bundle_files(dir)) return import_export_bundle(dir);
  const auto layouts = find_gpo_layouts(dir);
  if (layouts.empty()) {
    return fail(ErrorCode::kNotFound,
                "no bundle files (secedit.inf, auditpol.csv, services.csv, features.csv, groups.csv, registry/*.reg) "
                "and no GPO backup (GptTmpl.inf, registry.pol, audit.csv) found",
                SourceLocation(path_string(dir)));
  }
  BundleImport out = import_gpo_layout(layouts.front());
  std::error_code rel_ec;
  const fs::path rel = fs::relative(layouts.front().root, dir, rel_ec);
  const std::string prefix = rel_ec || rel.empty() || rel == "." ? std::string() : detail::generic_path(rel) + "/";
  for (auto& input : out.snapshot.source.inputs) input = prefix + input;
  if (layouts.size() > 1) {
    out.diagnostics.push_back(
        Diagnostic{SourceLocation(path_string(dir)), std::to_string(layouts.size()) + " GPO backups found; imported " +
                                                         (prefix.empty() ? std::string(".") : prefix) +
                                                         " only (import the others one folder at a time)"});
  }
  return out;
}

std::string bundle_reg_file(std::string_view key) {
  std::string name;
  for (const char c : model::Registry::canonical_path(key)) {
    const bool keep =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    name.push_back(keep ? c : '_');
  }
  return "registry/" + name + ".reg";
}

std::vector<std::string> reg_export_commands(const std::vector<std::string>& keys) {
  std::vector<std::string> out;
  for (const auto& key : keys) {
    const std::string k = model::Registry::canonical_path(key);
    if (istarts_with(k, "HKCU\\")) {
      // Per user: every loaded hive of a local or domain account (HKU\\S-1-5-21-a-b-c-RID, not its _Classes).
      const std::string sub = k.substr(5);
      std::string file = bundle_reg_file("HKU\\SID\\" + sub);
      std::replace(file.begin(), file.end(), '/', '\\');
      file.replace(file.find("HKU_SID_"), 8, "HKU_%u_");
      const std::string each = "for /f \"tokens=2 delims=\\\" %u in ('reg query HKU ^| findstr /r /c:\"S-1-5-21-[0-9]*-[0-9]*-[0-9]*-[0-9]*$\"') do @";
      const std::string user_key = "HKU\\%u\\" + sub;
      out.push_back(each + "reg query \"" + user_key + "\" >nul 2>&1 && reg export \"" + user_key + "\" \"" + file + "\" /y >nul");
      out.push_back(each + "reg query \"" + user_key + "\" >nul 2>&1 || >>registry\\absent.txt echo " + user_key);
      continue;
    }
    std::string file = bundle_reg_file(key);
    std::replace(file.begin(), file.end(), '/', '\\');
    out.push_back("reg query \"" + k + "\" >nul 2>&1 && reg export \"" + k + "\" \"" + file + "\" /y >nul");
    out.push_back("reg query \"" + k + "\" >nul 2>&1 || >>registry\\absent.txt echo " + k);
  }
  return out;
}

}  // namespace temper::collect
