// SPDX-License-Identifier: Apache-2.0
// The PowerShell rendering of a plan: one script that saves, applies, verifies and reports, carrying the
// rollback script it writes beside its rollback file (docs/plan-powershell.md).
//
// Layout of the script, top to bottom:
//   header comment (host, benchmark, hash, counts, manual steps, how to run and roll back)
//   #Requires, [CmdletBinding(SupportsShouldProcess)], param($RollbackPath), strict mode, Stop on errors
//   helper functions (only the kinds the plan uses)
//   $TemperRollbackScript = @' ...the whole rollback script... '@   (a literal here-string)
//   the rollback file's first line and the rollback script, written before any change
//   one block per action:   # ---- A001 | kind | target
//       $saved = Save-TemperState -Id 'A001' ... -State (<read the live value>)   <- on disk first
//       if ($PSCmdlet.ShouldProcess(target, change)) { <apply>; Confirm-TemperResult <re-read> }
//   the summary table, the effects (restart Windows / services), exit 1 when something did not take
// The rollback script restores the saved states newest first, each behind ShouldProcess too. No plan
// value is ever pasted into code: ps_literal() makes every value a single-quoted string (or [char] casts)
// and never a raw line break, so no value can end a string, a comment or the here-string.
#include <array>
#include <string>
#include <vector>

#include "plan/detail/powershell.hpp"
#include "plan/render.hpp"

namespace temper::plan {
namespace {

using detail::ActionCode;
using detail::ps_comment;
using detail::ps_literal;

void line(std::string& out, std::string_view indent, std::string_view text) {
  out += indent;
  out += text;
  out += '\n';
}

void comment(std::string& out, std::string_view indent, std::string_view text) {
  out += indent;
  out += "# ";
  out += ps_comment(text);
  out += '\n';
}

std::string host_text(const model::Host& h) {
  std::string out = h.name.empty() ? "(unnamed host)" : h.name;
  std::vector<std::string> parts;
  if (!h.os_name.empty()) parts.push_back(h.os_name + (h.os_version.empty() ? "" : " " + h.os_version));
  if (h.role) parts.emplace_back(model::role_name(*h.role));
  if (!h.domain.empty()) parts.push_back("domain " + h.domain);
  if (!parts.empty()) out += " (" + join(parts, ", ") + ")";
  return out;
}

std::string effect_text(const Effect& e) {
  std::vector<std::string> parts;
  if (e.reboot) parts.emplace_back("restart Windows");
  if (!e.restart.empty()) parts.push_back("restart " + join(e.restart, ", "));
  if (!e.note.empty()) parts.push_back(e.note);
  return parts.empty() ? "immediate" : join(parts, "; ");
}

// `Add-TemperEffect ...` for an action's effect, or "" when it takes effect at once.
std::string effect_call(const Effect& e) {
  if (!e.reboot && e.restart.empty() && e.note.empty()) return "";
  std::string call = "Add-TemperEffect";
  if (e.reboot) call += " -Reboot";
  if (!e.restart.empty()) call += " -Restart " + detail::ps_array(e.restart);
  if (!e.note.empty()) call += " -Note " + ps_literal(e.note);
  return call;
}

void action_comment(std::string& out, std::string_view indent, const Action& a, const ActionCode& code) {
  comment(out, indent, "---- " + a.id + " | " + code.kind + " | " + code.target);
  std::string fixes = a.rules.empty() ? std::string("(no rule)") : join(a.rules, ", ");
  if (!a.title.empty()) fixes += ": " + a.title;
  comment(out, indent, "Fixes: " + fixes);
  if (!a.section.empty() || !a.scope.empty()) {
    comment(out, indent, "Section: " + (a.section.empty() ? "-" : a.section) + (a.scope.empty() ? "" : "; scope: " + a.scope));
  }
  if (code.manual) {
    comment(out, indent, "To do by hand: " + code.manual_note);
  } else {
    comment(out, indent, "Before (snapshot): " + code.before);
    comment(out, indent, "Change: " + code.description);
    comment(out, indent, "Takes effect: " + effect_text(a.effect));
  }
  comment(out, indent, "Risk: " + a.risk.verdict + (a.risk.reason.empty() ? "" : ": " + a.risk.reason));
  for (const auto& n : a.notes) comment(out, indent, "Note: " + n);
}

// The common arguments of a result line for one action.
std::string result_args(const Action& a, const ActionCode& code) {
  return "-Id " + ps_literal(a.id) + " -Kind " + ps_literal(code.kind) + " -Target " + ps_literal(code.target);
}

// Ends `try { ... if ($PSCmdlet.ShouldProcess(...)) {` opened at `indent`: the declined branch and the catch.
void close_guard(std::string& out, const std::string& indent, const std::string& args, std::string_view not_done) {
  line(out, indent + "    ", "} else {");
  line(out, indent + "        ", "Add-TemperResult " + args + " -Status '" + std::string(not_done) + "' -Detail 'WhatIf, or declined at the prompt'");
  line(out, indent + "    ", "}");
  line(out, indent, "} catch {");
  line(out, indent + "    ", "Add-TemperResult " + args + " -Status 'failed' -Detail $_.Exception.Message");
  line(out, indent, "}");
}

void apply_block(std::string& out, const Action& a, const ActionCode& code) {
  action_comment(out, "", a, code);
  const std::string args = result_args(a, code);
  if (code.manual) {
    line(out, "", "Write-Warning " + ps_literal(a.id + " manual step, not automated: " + code.manual_note));
    line(out, "", "Add-TemperResult " + args + " -Status 'manual' -Detail " + ps_literal(code.manual_note));
    out += '\n';
    return;
  }
  line(out, "", "try {");
  line(out, "    ", "$saved = Save-TemperState " + args + " -State (" + code.read + ")");
  if (!code.skip_if.empty()) {
    line(out, "    ", "if (" + code.skip_if + ") {");
    line(out, "        ", "Add-TemperResult " + args + " -Status 'skipped' -Detail " + ps_literal(code.skip_reason));
    line(out, "    ", "} elseif ($PSCmdlet.ShouldProcess(" + ps_literal(code.target) + ", " + ps_literal(code.description) + ")) {");
  } else {
    line(out, "    ", "if ($PSCmdlet.ShouldProcess(" + ps_literal(code.target) + ", " + ps_literal(code.description) + ")) {");
  }
  for (const auto& s : code.apply) line(out, "        ", s);
  if (const std::string e = effect_call(a.effect); !e.empty()) line(out, "        ", e);
  line(out, "        ", "Confirm-TemperResult " + args + " -Expected (" + code.expected + ") -Actual (" + code.actual + ")" +
                          (code.secret ? " -Secret" : ""));
  close_guard(out, "", args, "not applied");
  out += '\n';
}

void restore_block(std::string& out, const Action& a, const ActionCode& code) {
  action_comment(out, "", a, code);
  const std::string args = result_args(a, code);
  const std::string id = ps_literal(a.id);
  line(out, "", "if ($saved.ContainsKey(" + id + ")) {");
  line(out, "    ", "$s = $saved[" + id + "]");
  line(out, "    ", "try {");
  line(out, "        ", "if ($PSCmdlet.ShouldProcess(" + ps_literal(code.target) + ", 'restore the value saved before the plan changed it')) {");
  for (const auto& s : code.restore) line(out, "            ", s);
  if (const std::string e = effect_call(a.effect); !e.empty()) line(out, "            ", e);
  line(out, "            ", "Add-TemperResult " + args + " -Status 'restored' -Detail ''");
  close_guard(out, "    ", args, "not restored");
  line(out, "", "} else {");
  line(out, "    ", "Add-TemperResult " + args + " -Status 'not saved' -Detail 'the plan script did not reach this action'");
  line(out, "", "}");
  out += '\n';
}

constexpr std::string_view kStrict = R"PS(Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# The script asks once per change (ShouldProcess, with -Confirm); the cmdlets it calls must not ask again.
# (A variable of this script's scope: the session's own defaults are left as they are.)
$PSDefaultParameterValues = @{ '*:Confirm' = $false }
$script:TemperResults = New-Object System.Collections.Generic.List[object]
$script:TemperRestart = New-Object System.Collections.Generic.List[string]
$script:TemperNotes = New-Object System.Collections.Generic.List[string]
$script:TemperReboot = $false
)PS";

constexpr std::string_view kApplyParam = R"PS(#Requires -RunAsAdministrator
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    # Where the values read before each change are saved, one JSON line per action; the rollback script
    # is written beside it with the same name and the extension .ps1.
    [string]$RollbackPath = (Join-Path -Path $(if ($PSScriptRoot) { $PSScriptRoot } else { (Get-Location).Path }) -ChildPath ('temper-rollback-' + (Get-Date -Format 'yyyyMMdd-HHmmss') + '.jsonl'))
)

)PS";

constexpr std::string_view kApplyStart = R"PS(
# ---- the rollback file and script, written before anything changes ----
$RollbackPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($RollbackPath)
if ([System.IO.Path]::GetExtension($RollbackPath) -ne '.jsonl') { throw ('The rollback file must end in .jsonl: ' + $RollbackPath) }
if (Test-Path -LiteralPath $RollbackPath) { throw ('The rollback file exists already; temper never overwrites saved values: ' + $RollbackPath) }
$RollbackScriptPath = [System.IO.Path]::ChangeExtension($RollbackPath, '.ps1')
if (Test-Path -LiteralPath $RollbackScriptPath) { throw ('The rollback script exists already: ' + $RollbackScriptPath) }
if ($WhatIfPreference) {
    Write-Host 'WhatIf: nothing is changed and no rollback file is written.'
} else {
    $header = [ordered]@{ schema = 'temper.rollback/1'; plan = $TemperPlanHash; host = $TemperHost; computer = $env:COMPUTERNAME; started = (Get-Date).ToString('o') } | ConvertTo-Json -Compress
    [System.IO.File]::WriteAllText($RollbackPath, $header + [Environment]::NewLine, (New-Object System.Text.UTF8Encoding -ArgumentList $false))
    try {
        # Only Administrators and SYSTEM may read it: it holds the old values of what changes, secrets included.
        $acl = New-Object System.Security.AccessControl.FileSecurity
        $acl.SetAccessRuleProtection($true, $false)
        foreach ($sid in @('S-1-5-32-544', 'S-1-5-18')) {
            $who = New-Object System.Security.Principal.SecurityIdentifier -ArgumentList $sid
            $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule -ArgumentList $who, 'FullControl', 'Allow'))
        }
        Set-Acl -LiteralPath $RollbackPath -AclObject $acl
    } catch {
        Write-Warning ('Could not restrict access to the rollback file; protect it by hand: ' + $_.Exception.Message)
    }
    [System.IO.File]::WriteAllText($RollbackScriptPath, $TemperRollbackScript, (New-Object System.Text.UTF8Encoding -ArgumentList $true))
    Write-Host ('Rollback file:   ' + $RollbackPath)
    Write-Host ('Rollback script: ' + $RollbackScriptPath)
}
if ($TemperHost -ne '' -and $TemperHost -ne $env:COMPUTERNAME) { Write-Warning ('This plan was made for ' + $TemperHost + '; this computer is ' + $env:COMPUTERNAME + '.') }

)PS";

constexpr std::string_view kApplyEnd = R"PS(# ---- summary ----
$bad = Write-TemperSummary -Bad @('did not take', 'failed')
if (-not $WhatIfPreference) { Write-Host ('To undo: ' + $RollbackScriptPath + ' (it supports -WhatIf); saved values: ' + $RollbackPath) }
if ($bad -gt 0) {
    Write-Warning ([string]$bad + ' change(s) did not take or failed; see the table above.')
    exit 1
}
exit 0
)PS";

constexpr std::string_view kRollbackStart = R"PS(#Requires -RunAsAdministrator
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    # The rollback file the plan script wrote (default: beside this script, same name, extension .jsonl).
    [string]$RollbackPath = ''
)

)PS";

constexpr std::string_view kRollbackRead = R"PS(
if ($RollbackPath -eq '') { $RollbackPath = [System.IO.Path]::ChangeExtension($PSCommandPath, '.jsonl') }
$saved = Read-TemperJournal -Path $RollbackPath
Write-Host ('Restoring from ' + $RollbackPath + ' (' + $saved.Count + ' saved action(s)), newest first.')

)PS";

constexpr std::string_view kRollbackEnd = R"PS(# ---- summary ----
$bad = Write-TemperSummary -Bad @('failed')
if ($bad -gt 0) {
    Write-Warning ([string]$bad + ' value(s) could not be restored; see the table above.')
    exit 1
}
exit 0
)PS";

}  // namespace

std::string render_powershell(const Plan& plan) {
  std::vector<ActionCode> codes;
  codes.reserve(plan.actions.size());
  std::uint32_t helpers = 0;
  std::array<std::size_t, kChangeKinds> counts{};
  std::array<std::string, kChangeKinds> kind_names{};
  for (const auto& a : plan.actions) {
    codes.push_back(detail::action_code(a.change));
    helpers |= codes.back().helpers;
    ++counts[a.change.index()];
    kind_names[a.change.index()] = std::string(change_kind(a.change));
  }
  std::vector<std::string> count_parts;
  for (std::size_t k = 0; k < kChangeKinds; ++k) {
    if (counts[k] > 0) count_parts.push_back(kind_names[k] + " " + std::to_string(counts[k]));
  }
  const std::string host = host_text(plan.host);
  const std::string benchmark =
      (plan.benchmark.empty() ? std::string("every rule") : plan.benchmark) + (plan.level ? ", level " + std::to_string(*plan.level) : "");

  std::string out;
  comment(out, "", "temper plan for " + host + ": generated by temper; review it, then run it elevated.");
  comment(out, "", "");
  comment(out, "", "Benchmark:  " + benchmark);
  comment(out, "", "Plan hash:  " + plan.hash + " (schema " + std::string(kPlanSchema) + ")");
  comment(out, "", "Risk from:  " + (plan.risk_source.empty() ? std::string("not learned") : plan.risk_source));
  comment(out, "", "Actions:    " + std::to_string(plan.actions.size()) + (count_parts.empty() ? "" : ": " + join(count_parts, ", ")));
  bool any_manual = false;
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    if (!codes[i].manual) continue;
    if (!any_manual) comment(out, "", "Manual steps (printed as warnings, never counted as applied):");
    any_manual = true;
    comment(out, "", "  " + plan.actions[i].id + "  " + codes[i].manual_note);
  }
  for (const auto& m : plan.merges) {
    comment(out, "", "Merged: " + m.target + " <- " + join(m.rules, ", ") + ": " + m.kept + (m.conflict ? " (conflict)" : ""));
  }
  for (const auto& o : plan.omitted) {
    comment(out, "", "Not in this plan: " + o.rule + (o.scope.empty() ? "" : " at " + o.scope) + ": " + o.reason);
  }
  for (const auto& w : plan.warnings) comment(out, "", "Warning: " + w);
  for (std::string_view text : {
           "",
           "Run, in an elevated Windows PowerShell 5.1 or PowerShell 7 on the server:",
           "  .\\plan.ps1 -WhatIf        lists every change and changes nothing",
           "  .\\plan.ps1 -Confirm       asks before each change",
           "  .\\plan.ps1                for each action: saves the live value to the rollback file, applies,",
           "                            re-reads and reports what did not take; exit code 1 when something did not",
           "  -RollbackPath FILE.jsonl   where to save (default: beside this script, temper-rollback-<time>.jsonl)",
           "Roll back: run the script written beside the rollback file (same name, .ps1); it restores the",
           "saved values newest first and supports -WhatIf and -Confirm. Details: docs/plan-powershell.md.",
       }) {
    comment(out, "", text);
  }
  out += '\n';
  out += kApplyParam;
  out += kStrict;
  out += "$TemperPlanHash = " + ps_literal(plan.hash) + "\n";
  out += "$TemperHost = " + ps_literal(plan.host.name) + "\n";
  out += detail::helpers_common();
  out += detail::helpers_apply();
  out += detail::helpers_for(helpers);

  std::string rollback;
  comment(rollback, "", "temper rollback for the plan " + plan.hash + " on " + host + ": generated by temper.");
  comment(rollback, "", "Restores the values the plan script saved in its rollback file, newest first.");
  comment(rollback, "", "Run elevated: -WhatIf lists what it would restore, -Confirm asks before each.");
  rollback += kRollbackStart;
  rollback += kStrict;
  rollback += detail::helpers_common();
  rollback += detail::helpers_rollback();
  rollback += detail::helpers_for(helpers);
  rollback += kRollbackRead;
  for (std::size_t i = plan.actions.size(); i-- > 0;) {
    if (!codes[i].manual) restore_block(rollback, plan.actions[i], codes[i]);
  }
  rollback += kRollbackEnd;

  out += "\n# ---- the rollback script: written beside the rollback file before any change (a literal here-string) ----\n";
  out += "$TemperRollbackScript = @'\n";
  out += rollback;
  out += "'@\n";
  out += kApplyStart;
  for (std::size_t i = 0; i < plan.actions.size(); ++i) apply_block(out, plan.actions[i], codes[i]);
  out += kApplyEnd;
  return out;
}

}  // namespace temper::plan
