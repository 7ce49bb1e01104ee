// SPDX-License-Identifier: Apache-2.0
// The security template writer (secedit /configure input and a GPO's GptTmpl.inf): UTF-16LE with BOM, CRLF.
#pragma once

#include <string>

#include "plan/render.hpp"

namespace temper::plan {

/// Why a template cannot write these holders faithfully ("" = it can): a holder that is empty or holds
/// a comma, a double quote or a line break.
std::string inf_holders_problem(const UserRightChange& change);
/// Why a template cannot write this option ("" = it can): no value, an event-log name that is not
/// "<System|Security|Application> Log\\<key>", a text with a double quote or a line break.
std::string inf_option_problem(const SecurityOptionChange& change);
/// Why [Registry Values] cannot carry this change ("" = it can): a removal, a type other than
/// REG_SZ, REG_EXPAND_SZ, REG_BINARY, REG_DWORD or REG_MULTI_SZ, a value name with '=' or '\\', a text
/// with a double quote or line break, a REG_MULTI_SZ string that is empty or holds a comma or
/// a double quote, or has spaces at its ends.
std::string inf_registry_problem(const RegistryChange& change);
/// Start-mode number of [Service General Setting]: 2 Auto, 3 Manual, 4 Disabled; 0 when none of them.
int inf_service_start(std::string_view start_mode);

/// The security template of the actions `place(action, format)` puts in Part::kTemplate, in plan
/// order within each section, after `;` comment lines: plan_header() and, under kNotInFormat,
/// not_carried(plan, format). Sections without entries are left out; [Unicode] and [Version] are
/// always there. Never fails.
std::string write_security_template(const Plan& plan, Format format);

}  // namespace temper::plan
