// SPDX-License-Identifier: Apache-2.0
// Where a security template or a GPO backup puts each action of a plan, and the "not in this format" list
// both write at their top. Shared by render_inf.cpp and render_gpo.cpp (decision 0039).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "plan/render.hpp"

namespace temper::plan {

/// The file of a GPO backup (or the one security template) that carries an action.
enum class Part {
  kNone,         ///< none: the action is listed under "not in this format"
  kTemplate,     ///< the security template (render_inf, or GptTmpl.inf in a GPO)
  kRegistryPol,  ///< Machine/registry.pol (GPO only)
  kAuditCsv,     ///< Machine/microsoft/windows nt/Audit/audit.csv (GPO only)
};

/// Where `format` puts a change, and what of it that format cannot say.
struct Placement {
  Part part = Part::kNone;
  /// Non-empty when some or all of the change is not carried: with part kNone the whole action
  /// ("an IIS setting"), otherwise the part left out ("stop now: ..."). Listed under "not in this format".
  std::string missing;
};

/// Placement of `change` in `format`, which must be Format::kInf or Format::kGpo; `expressible()` is
/// `part != kNone`: so is a value the format's files cannot write faithfully
/// (a text with a double quote in a template, an empty string inside a REG_MULTI_SZ, ...), with the reason.
Placement place(const Change& change, Format format);

/// The heading of the list of what a format leaves out.
inline constexpr std::string_view kNotInFormat = "not in this format; see the PowerShell plan";

/// One line per action that `format` leaves out wholly or partly: "A004 [rule, rule] iis_config <target>: <why>"
/// ("A005 [rule] service Spooler: ...": the kind is left out where the target already names it).
/// Every action of `not_expressible(plan, format)` is among them. Empty when the format carries everything.
std::vector<std::string> not_carried(const Plan& plan, Format format);

/// The lines that open every file a plan renders to: what it is, host, benchmark and level, plan hash.
std::vector<std::string> plan_header(const Plan& plan, std::string_view what);

/// `text` with CR, LF and other control characters replaced by spaces, for one line of a comment.
std::string one_line(std::string_view text);

}  // namespace temper::plan
