// SPDX-License-Identifier: Apache-2.0
// IIS configuration resolution: machine.config, the root web.config, applicationHost.config and every
// web.config on the sites' physical paths -> the effective configuration at every configuration path,
// the way IIS computes it (docs/iis-resolution.md).
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "iis/file_source.hpp"
#include "model/iis.hpp"

namespace temper::iis {

/// Something the resolver noticed: a setting IIS would reject (locked section, wrong definition
/// level), a damaged file, a file it could not find.
struct Note {
  enum class Severity { kInfo, kWarning, kError };
  Severity severity = Severity::kWarning;
  SourceLocation where;
  std::string message;
  [[nodiscard]] std::string to_string() const;
};

struct ResolveOptions {
  /// Windows paths of the .NET configuration used for MACHINE and MACHINE/WEBROOT.
  std::string machine_config = "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Config\\machine.config";
  std::string root_web_config = "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Config\\web.config";
  /// The .NET 2.0/3.5 runtime's own MACHINE and MACHINE/WEBROOT (CIS IIS 3.8 reads its machineKey),
  /// resolved as the separate hierarchy CLR2/MACHINE, CLR2/MACHINE/WEBROOT (model::kClr2Prefix).
  std::string clr2_machine_config = "C:\\Windows\\Microsoft.NET\\Framework64\\v2.0.50727\\CONFIG\\machine.config";
  std::string clr2_root_web_config = "C:\\Windows\\Microsoft.NET\\Framework64\\v2.0.50727\\CONFIG\\web.config";
  std::string config_dir = "C:\\Windows\\System32\\inetsrv\\config";
  /// Keep the (redacted) text of every file in the snapshot.
  bool keep_file_content = true;
};

struct Resolved {
  model::Iis iis;
  std::vector<Note> notes;
};

/// Resolve the IIS configuration found through `source`. Fails with kNotFound when there is no
/// applicationHost.config (IIS not collected) and kParse when it is not XML; damaged web.config files
/// and settings IIS would reject become notes, and the rest is still resolved.
Result<Resolved> resolve(FileSource& source, const ResolveOptions& options = {});

}  // namespace temper::iis
