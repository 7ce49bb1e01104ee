// SPDX-License-Identifier: Apache-2.0
// import_bundle(): a directory of exports (docs/bundle.md) or a GPO backup -> one model::Snapshot.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "collect/offline/diagnostic.hpp"
#include "collect/offline/registry_pol.hpp"
#include "core/error.hpp"
#include "model/snapshot.hpp"

namespace temper::collect {

/// What happened to one part of a bundle.
enum class PartStatus {
  kImported,  ///< read (possibly with diagnostics)
  kMissing,   ///< the file is not in the bundle: its section stays "not collected"
  kFailed,    ///< the file is there but unusable: its section stays "not collected"
  /// A GPO file that is absent because the GPO declares no such extension (Backup.xml, gpt.ini):
  /// the policy defines none of these settings, so its section is present and empty.
  kNotDefined,
};

struct BundlePart {
  std::string what;  ///< the data it gives, as checks name it: "user rights", "audit policy", ...
  std::string file;  ///< path relative to the bundle directory, '/'-separated
  PartStatus status = PartStatus::kMissing;
  /// kFailed: the error (file and line/offset included); kMissing (GPO parts): why the file's
  /// absence leaves the settings unknown; kNotDefined: which manifest says the GPO has none.
  std::string detail;
};

/// The result of importing a bundle or GPO backup.
struct BundleImport {
  /// The facts. `iis` is left unset (the IIS resolver fills it from fs/); sections whose files were
  /// missing or unusable stay unset, so checks on them report "not collected".
  model::Snapshot snapshot;
  /// Recoverable problems, each naming a file and a line or byte offset.
  std::vector<Diagnostic> diagnostics;
  /// Every part looked for, imported or not, in a fixed order.
  std::vector<BundlePart> parts;
  /// Values and keys a policy removes (`**del.`, `**delvals.`, ...): absent in the resulting state.
  std::vector<PolRemoval> policy_removals;

  /// "not collected: <what> (<file> missing)", "(<why>)" or "(<file>: <error>)" for each part
  /// neither imported nor declared absent (kNotDefined).
  [[nodiscard]] std::vector<std::string> not_collected() const;
};

/// Import `dir`. A directory with any bundle file (manifest.json, secedit.inf, auditpol.csv,
/// services.csv, features.csv, groups.csv, registry/, fs/) is an export bundle (Source.kind = export);
/// otherwise a GPO backup is looked for (find_gpo_layout) and imported as a policy
/// (Source.kind = policy). A missing or damaged file never stops the import: its part is recorded
/// as kMissing/kFailed and the rest is read. Fails only with kNotFound when `dir` is not a
/// directory or holds neither a bundle file nor a GPO backup.
Result<BundleImport> import_bundle(const std::filesystem::path& dir);

/// The bundle file name for a `reg export` of `key`: "HKLM\\SYSTEM\\...\\Lsa" ->
/// "registry/HKLM_SYSTEM_CurrentControlSet_Control_Lsa.reg" (characters other than letters,
/// digits, '-', '.' become '_').
std::string bundle_reg_file(std::string_view key);
/// Copy-pasteable cmd.exe lines (run in the bundle directory, after `mkdir registry`), two per key:
///   reg query "HKLM\\K" >nul 2>&1 && reg export "HKLM\\K" "registry\\<file>.reg" /y >nul
///   reg query "HKLM\\K" >nul 2>&1 || >>registry\\absent.txt echo HKLM\\K
/// so an existing key is exported and a missing one is listed in registry/absent.txt (known empty).
/// The redirection comes first so a key ending in a digit is not read as a handle number.
/// An `HKCU\\...` key becomes the same two lines inside a `for /f` over the loaded hives of local and
/// domain accounts (`reg query HKU`, SIDs S-1-5-21-a-b-c-RID), each exported as
/// `registry\\HKU_<SID>_<rest>.reg` or listed as `HKU\\<SID>\\...` (interactive cmd.exe: `%u`, not `%%u`).
std::vector<std::string> reg_export_commands(const std::vector<std::string>& keys);

}  // namespace temper::collect
