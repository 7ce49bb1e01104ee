// SPDX-License-Identifier: Apache-2.0
// Renderers of a plan. Each is a pure function of the plan: the same plan renders to the same bytes.
// A change a format cannot express is listed at the top of that format's output ("not in this format;
// see the PowerShell plan"), never dropped.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "plan/plan.hpp"

namespace temper::plan {

enum class Format { kJson, kText, kPowerShell, kInf, kGpo };
/// "json" | "text" | "powershell" | "inf" | "gpo".
std::string_view format_name(Format f);
std::optional<Format> parse_format(std::string_view name);
/// Every format, for tests that must cover each.
inline constexpr Format kFormats[] = {Format::kJson, Format::kText, Format::kPowerShell, Format::kInf, Format::kGpo};

/// Whether `format` can carry `change`. JSON, text and PowerShell carry every change (a manual step
/// as a note); a security template carries user rights, security options, the registry values
/// secedit manages and service start modes; a GPO backup those, other HKLM registry values and
/// advanced audit policy. For both, write_common.hpp's place() decides, value by value.
bool expressible(const Change& change, Format format);
/// Whether a security template's [Registry Values] carries values of this HKLM key (the security-option
/// values secedit knows); a GPO writes the others to registry.pol.
bool security_template_registry(std::string_view key);
/// The actions of `plan` that `format` cannot carry (for the "not in this format" list).
std::vector<const Action*> not_expressible(const Plan& plan, Format format);

/// One file of a rendered plan: a path relative to the output (""= the single output) and its bytes.
struct RenderedFile {
  std::string path;
  std::string bytes;
};

/// `temper.plan/1` JSON (pretty, keys in a fixed order).
std::string render_json(const Plan& plan);
/// The review view: actions grouped by section, before -> after, risk, effect. `color`: ANSI colours.
std::string render_text(const Plan& plan, bool color);
/// One PowerShell script: -WhatIf, saves each current value before changing it, applies, re-reads and
/// reports what did not take, writes the rollback script (docs/plan.md).
std::string render_powershell(const Plan& plan);
/// A security template for `secedit /configure`: UTF-16LE with BOM, CRLF.
std::string render_inf(const Plan& plan);
/// A Backup-GPO folder ({GUID}/Backup.xml, bkupInfo.xml, DomainSysvol/GPO/Machine/... GptTmpl.inf,
/// registry.pol, audit.csv). The GUID and names derive from the plan hash, so output is reproducible.
std::vector<RenderedFile> render_gpo(const Plan& plan);

/// Render in `format`: one file with path "" for every format but gpo.
std::vector<RenderedFile> render(const Plan& plan, Format format, bool color = false);

}  // namespace temper::plan
