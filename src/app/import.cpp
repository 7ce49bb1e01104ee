// SPDX-License-Identifier: Apache-2.0
// Bundle and GPO import: collect readers + IIS resolution.
#include "app/import.hpp"

#include "collect/offline/bundle.hpp"
#include "core/file.hpp"
#include "iis/file_source.hpp"
#include "iis/resolver.hpp"

#ifndef TEMPER_VERSION
#define TEMPER_VERSION "0.0.0"
#endif

namespace temper::app {

bool is_importable_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::is_directory(dir, ec) && !std::filesystem::exists(dir / "snapshot.json", ec);
}

Result<ImportOutcome> import_directory(const std::filesystem::path& dir) {
  TEMPER_ASSIGN_OR_RETURN(auto bundle, collect::import_bundle(dir));
  ImportOutcome out;
  out.snapshot = std::move(bundle.snapshot);
  out.snapshot.source.tool = std::string("temper ") + TEMPER_VERSION + " import";
  for (const auto& part : bundle.parts) {
    if (part.status == collect::PartStatus::kImported) out.collected.push_back(part.what + " (" + part.file + ")");
    // A GPO part its manifest declares absent is known: the policy defines none of those settings.
    if (part.status == collect::PartStatus::kNotDefined) {
      out.collected.push_back(part.what + " (none defined: " + part.detail + ")");
    }
  }
  out.not_collected = bundle.not_collected();
  for (const auto& d : bundle.diagnostics) out.diagnostics.push_back(d.to_string());

  // IIS: resolved from the copies under fs/ (a GPO backup has none).
  std::error_code ec;
  const auto fs_root = dir / "fs";
  if (std::filesystem::is_directory(fs_root, ec)) {
    iis::BundleFileSource source(fs_root);
    auto resolved = iis::resolve(source);
    if (resolved) {
      out.snapshot.iis = std::move(resolved->iis);
      out.collected.emplace_back("IIS configuration (fs/)");
      for (const auto& n : resolved->notes) {
        if (n.severity != iis::Note::Severity::kInfo) out.diagnostics.push_back(n.to_string());
      }
      for (const auto& f : out.snapshot.iis->files) out.snapshot.source.inputs.push_back("fs: " + f.path);
    } else if (resolved.error().code == ErrorCode::kNotFound) {
      out.not_collected.push_back("not collected: IIS configuration (fs/" +
                                  std::string("C/Windows/System32/inetsrv/config/applicationHost.config missing)"));
    } else {
      out.not_collected.push_back("not collected: IIS configuration (" + resolved.error().to_string() + ")");
    }
  } else if (out.snapshot.source.kind != model::SourceKind::kPolicy) {
    out.not_collected.emplace_back("not collected: IIS configuration (fs/ missing)");
  }
  return out;
}

}  // namespace temper::app
