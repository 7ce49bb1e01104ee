// SPDX-License-Identifier: Apache-2.0
// render_powershell: the script's structure (balanced, guarded, save before change, every save restored),
// the quoting of hostile values, every kind of change, and checks that the checker itself catches faults.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "plan/detail/powershell.hpp"
#include "plan/render.hpp"
#include "ps_structure.hpp"

namespace temper::plan {
namespace {

using test::check_plan_script;
using test::code_containing;
using test::eval_literal;
using test::here_string_of;
using test::tokenize;

std::string join_errors(const std::vector<std::string>& errors) {
  std::string out;
  for (const auto& e : errors) out += e + "\n";
  return out;
}

Action action(std::string id, Change change, std::string rule = "rule-x") {
  Action a;
  a.id = std::move(id);
  a.rules = {std::move(rule)};
  a.title = "a title";
  a.section = "a section";
  a.change = std::move(change);
  return a;
}

// An IIS change of `attribute` on the element `section` + `below` at `ps_path` (and `location`).
IisConfigChange iis_change(std::string ps_path, std::string location, std::string section, std::string_view below,
                           std::string attribute, std::string after) {
  IisConfigChange c;
  c.config_path = ps_path;
  c.ps_path = std::move(ps_path);
  c.location = std::move(location);
  c.element = section + std::string(below);
  c.section = std::move(section);
  c.attribute = std::move(attribute);
  c.after = std::move(after);
  return c;
}

// One action of every kind, with the shapes the builder produces.
Plan sample_plan() {
  Plan p;
  p.host.name = "WEB01";
  p.host.os_name = "Microsoft Windows Server 2022 Datacenter";
  p.host.role = model::Role::kMemberServer;
  p.benchmark = "cis-windows-server-2022";
  p.level = 1;
  p.hash = "0123abcd";

  UserRightChange ur;
  ur.right = "SeNetworkLogonRight";
  ur.before = Before::kPresent;
  ur.before_holders = {"S-1-1-0"};
  ur.after_holders = {"S-1-5-32-544", "S-1-5-11"};
  p.actions.push_back(action("A001", ur));

  SecurityOptionChange so;
  so.name = "MinimumPasswordLength";
  so.after.value = 14LL;
  p.actions.push_back(action("A002", so));

  SecurityOptionChange crash;
  crash.name = "AuditPolicy\\CrashOnAuditFail";
  crash.section = OptionSection::kAuditOption;
  crash.after.value = false;
  p.actions.push_back(action("A003", crash));

  RegistryChange reg;
  reg.key = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Ciphers\\RC4 128/128";
  reg.value = "Enabled";
  reg.before = Before::kAbsent;
  reg.after = model::RegValue::dword(0);
  Action reg_action = action("A004", reg);
  reg_action.effect.reboot = true;
  p.actions.push_back(reg_action);

  ServiceChange svc;
  svc.name = "Spooler";
  svc.after_start_mode = "Disabled";
  svc.stop = true;
  p.actions.push_back(action("A005", svc));

  AuditPolicyChange audit;
  audit.subcategory = "{0cce923f-69ae-11d9-bed3-505054503030}";
  audit.name = "Credential Validation";
  audit.after_success = true;
  audit.after_failure = true;
  p.actions.push_back(action("A006", audit));

  IisConfigChange iis = iis_change("MACHINE/WEBROOT/APPHOST", "Shop/downloads", "system.webServer/directoryBrowse", "", "enabled", "false");
  iis.config_path = "MACHINE/WEBROOT/APPHOST/Shop/downloads";
  iis.file = "C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config";
  iis.before = Before::kPresent;
  iis.before_value = "true";
  Action iis_action = action("A007", iis);
  iis_action.effect.restart = {"W3SVC"};
  p.actions.push_back(iis_action);

  IisConfigChange verb = iis_change("MACHINE/WEBROOT/APPHOST", "", "system.webServer/security/requestFiltering",
                                    "/verbs/add[@verb='TRACE']", "allowed", "false");
  verb.is_item = true;
  p.actions.push_back(action("A008", verb));

  IisConfigChange header = iis_change("MACHINE/WEBROOT/APPHOST/Shop", "", "system.webServer/httpProtocol",
                                      "/customHeaders/add[@name='X-Powered-By']", "", "");
  header.file = "D:\\sites\\shop\\web.config";
  header.is_item = true;
  header.remove = true;
  p.actions.push_back(action("A009", header));

  FeatureChange feature;
  feature.name = "Web-DAV-Publishing";
  feature.before = Before::kPresent;
  p.actions.push_back(action("A010", feature));

  p.actions.push_back(action("A011", ManualStep{"Move the site's content to a data volume."}));
  return p;
}

// ---- quoting ---------------------------------------------------------------------------------

TEST(PowerShellQuote, EveryValueRoundTripsAndStaysOneAsciiLine) {
  const std::vector<std::string> values = {
      "",
      "plain",
      "it's",
      "''",
      "$env:COMPUTERNAME $(Remove-Item C:\\ -Recurse) ${x}",
      "back`tick`n and \"double\"",
      "semi; Write-Host pwned; #",
      "line1\nline2\r\n'@\nafter",
      "@'\n\"@\n",
      "tab\there\x01\x1f\x7f",
      "caf\xC3\xA9 \xE2\x80\x98smart\xE2\x80\x99 \xE2\x80\x9C" "dq\xE2\x80\x9D \xF0\x9F\x98\x80",
      "#> <# comment",
  };
  for (const auto& v : values) {
    const std::string lit = detail::ps_literal(v);
    for (char c : lit) {
      ASSERT_TRUE(c >= 0x20 && c < 0x7F) << "non-printable or non-ASCII byte in " << lit;
    }
    const auto back = eval_literal(lit);
    ASSERT_TRUE(back.has_value()) << lit;
    EXPECT_EQ(*back, v) << lit;
  }
}

TEST(PowerShellQuote, InvalidUtf8BecomesReplacementCharacter) {
  const auto back = eval_literal(detail::ps_literal("a\xFF" "b\xC3"));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
}

TEST(PowerShellQuote, CommentsStayOnOneLine) {
  const std::string c = detail::ps_comment("a\nb\r\nc\xE2\x80\xA8" "d\xC2\x85" "e");
  EXPECT_EQ(c.find('\n'), std::string::npos);
  EXPECT_EQ(c.find('\r'), std::string::npos);
  EXPECT_EQ(c.find("\xE2\x80\xA8"), std::string::npos);
  EXPECT_EQ(c.find("\xC2\x85"), std::string::npos);
}

// ---- the script as a whole --------------------------------------------------------------------

TEST(PowerShellRender, SampleIsBalancedGuardedAndRestoresEverySave) {
  const std::string script = render_powershell(sample_plan());
  const auto report = check_plan_script(script);
  EXPECT_TRUE(report.errors.empty()) << join_errors(report.errors);
  const std::vector<std::string> saved = {"A001", "A002", "A003", "A004", "A005", "A006", "A007", "A008", "A009", "A010"};
  EXPECT_EQ(report.saved, saved);
  EXPECT_EQ(report.restored, std::vector<std::string>(saved.rbegin(), saved.rend()));
  EXPECT_EQ(report.manual, std::vector<std::string>{"A011"});
}

TEST(PowerShellRender, HeaderSaysWhatAndHow) {
  const std::string script = render_powershell(sample_plan());
  for (std::string_view needle : {"WEB01", "cis-windows-server-2022, level 1", "0123abcd", "temper.plan/1",
                                  "Actions:    11: user_right 1, security_option 2, registry 1, service 1, audit_policy 1, iis_config 3, feature 1, manual 1",
                                  "A011  Move the site's content", "-WhatIf", "#Requires -RunAsAdministrator",
                                  "[CmdletBinding(SupportsShouldProcess = $true)]", "[string]$RollbackPath = ",
                                  "Set-StrictMode -Version Latest", "$ErrorActionPreference = 'Stop'"}) {
    EXPECT_NE(script.find(needle), std::string::npos) << needle;
  }
}

TEST(PowerShellRender, NativeToolsPerKind) {
  const std::string script = render_powershell(sample_plan());
  for (std::string_view needle : {
           "secedit.exe /export", "secedit.exe /configure", "[System.Text.Encoding]::Unicode",  // user rights, options
           "Set-TemperUserRight -Right 'SeNetworkLogonRight' -Holders @('S-1-5-32-544', 'S-1-5-11')",
           "Set-TemperSecurityOption -Section 'System Access' -Name 'MinimumPasswordLength' -Raw '14'",
           "auditpol.exe /set ('/option:' + $Name)", "Set-TemperAuditOption -Name 'CrashOnAuditFail' -Enable $false",
           "-Key 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Ciphers\\RC4 128/128' -Name 'Enabled' -Kind 'DWord' -Data ([uint64]0)",
           "[Microsoft.Win32.RegistryView]::Registry64", "GetValueKind",
           "Stop-Service -InputObject (Get-TemperServiceObject -Name 'Spooler')", "Set-Service -Name $Name -StartupType $StartType",
           "Set-TemperAuditSubcategory -Guid '{0cce923f-69ae-11d9-bed3-505054503030}' -Success $true -Failure $true",
           "auditpol.exe /backup",
           "Import-Module -Name WebAdministration",
           "Set-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Location 'Shop/downloads' -Filter 'system.webServer/directoryBrowse' -Name 'enabled' -Value 'false'",
           "Clear-WebConfiguration -PSPath 'MACHINE/WEBROOT/APPHOST' -Location 'Shop/downloads' -Filter 'system.webServer/directoryBrowse/@enabled'",
           "Add-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Filter 'system.webServer/security/requestFiltering/verbs' -Name '.' -Value @{ 'verb' = 'TRACE'; 'allowed' = 'false' }",
           "Remove-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST/Shop' -Filter 'system.webServer/httpProtocol/customHeaders' -Name '.' -AtElement @{ 'name' = 'X-Powered-By' }",
           "Register-TemperFeatureResult -Result (Uninstall-WindowsFeature -Name 'Web-DAV-Publishing')",
           "Register-TemperFeatureResult -Result (Install-WindowsFeature -Name 'Web-DAV-Publishing')",
           "Add-TemperEffect -Reboot", "Add-TemperEffect -Restart @('W3SVC')", "exit 1",
       }) {
    EXPECT_NE(script.find(needle), std::string::npos) << needle;
  }
  // IIS is changed attribute by attribute, never by writing a configuration file.
  for (std::string_view banned : {"Set-Content", "Out-File", ".Save(", "Set-WebConfiguration "}) {
    EXPECT_EQ(script.find(banned), std::string::npos) << banned;
  }
}

TEST(PowerShellRender, RollbackFileIsWrittenBeforeTheFirstChange) {
  const std::string script = render_powershell(sample_plan());
  const auto journal = script.find("[System.IO.File]::WriteAllText($RollbackPath");
  const auto rollback_script = script.find("[System.IO.File]::WriteAllText($RollbackScriptPath, $TemperRollbackScript");
  const auto first_action = script.find("# ---- A001 |", script.find("'@\n"));
  ASSERT_NE(journal, std::string::npos);
  ASSERT_NE(rollback_script, std::string::npos);
  ASSERT_NE(first_action, std::string::npos);
  EXPECT_LT(journal, first_action);
  EXPECT_LT(rollback_script, first_action);
  // A run never overwrites saved values.
  EXPECT_NE(script.find("if (Test-Path -LiteralPath $RollbackPath) { throw"), std::string::npos);
}

TEST(PowerShellRender, ManualStepsAreWarningsNeverApplied) {
  Plan p;
  p.hash = "h";
  p.actions.push_back(action("A001", ManualStep{"Add host-named bindings."}));
  const std::string script = render_powershell(p);
  const auto report = check_plan_script(script);
  EXPECT_TRUE(report.errors.empty()) << join_errors(report.errors);
  EXPECT_TRUE(report.saved.empty());
  EXPECT_TRUE(report.restored.empty());
  EXPECT_EQ(report.manual, std::vector<std::string>{"A001"});
  EXPECT_NE(script.find("-Status 'manual'"), std::string::npos);
}

TEST(PowerShellRender, SecretsAreNotPrinted) {
  IisConfigChange c = iis_change("MACHINE/WEBROOT/APPHOST", "", "system.webServer/security/authentication/anonymousAuthentication", "",
                                 "password", "");
  c.before = Before::kPresent;
  c.before_value = "[REDACTED]";
  Plan p;
  p.hash = "h";
  p.actions.push_back(action("A001", c));
  const std::string script = render_powershell(p);
  EXPECT_NE(script.find("-Secret"), std::string::npos);
  EXPECT_TRUE(check_plan_script(script).errors.empty());
}

TEST(PowerShellRender, RegistryTypesAndRemoval) {
  Plan p;
  p.hash = "h";
  const std::vector<model::RegValue> values = {
      model::RegValue::dword(4294967295U), model::RegValue::qword(18446744073709551615ULL), model::RegValue::sz("O:BAG:BAD:(A;;RC;;;BA)"),
      model::RegValue::multi_sz({"a", "b'c"}), model::RegValue{model::RegType::kBinary, 0, {}, {}, {0, 255}},
      model::RegValue{model::RegType::kExpandSz, 0, "%SystemRoot%\\x", {}, {}}};
  int n = 1;
  for (const auto& v : values) {
    RegistryChange c;
    c.key = "HKLM\\SOFTWARE\\T";
    c.value = "V" + std::to_string(n);
    c.after = v;
    p.actions.push_back(action("A00" + std::to_string(n++), c));
  }
  RegistryChange rm;
  rm.key = "HKLM\\SOFTWARE\\T";
  rm.value = "Gone";
  rm.remove = true;
  p.actions.push_back(action("A00" + std::to_string(n), rm));
  const std::string script = render_powershell(p);
  const auto report = check_plan_script(script);
  EXPECT_TRUE(report.errors.empty()) << join_errors(report.errors);
  EXPECT_EQ(report.saved.size(), values.size() + 1);
  for (std::string_view needle : {"-Kind 'DWord' -Data ([uint64]4294967295)", "-Kind 'QWord' -Data ([uint64]18446744073709551615)",
                                  "-Kind 'String' -Data 'O:BAG:BAD:(A;;RC;;;BA)'", "-Kind 'MultiString' -Data @('a', 'b''c')",
                                  "-Kind 'Binary' -Data ([byte[]]@(0, 255))", "-Kind 'ExpandString' -Data '%SystemRoot%\\x'",
                                  "Remove-TemperRegistryValue -Key 'HKLM\\SOFTWARE\\T' -Name 'Gone'",
                                  "Restore-TemperRegistryValue -Key 'HKLM\\SOFTWARE\\T' -Name 'Gone' -State $s"}) {
    EXPECT_NE(script.find(needle), std::string::npos) << needle;
  }
}

// ---- every kind of change -------------------------------------------------------------------

template <std::size_t... I>
std::vector<Change> one_of_each(std::index_sequence<I...>) {
  return {Change{std::in_place_index<I>}...};
}

// A default-constructed change of each alternative, given the few fields without which it means nothing.
Change fill(Change c) {
  std::visit([](auto& x) {
    using T = std::decay_t<decltype(x)>;
    if constexpr (std::is_same_v<T, RegistryChange>) {
      x.key = "HKLM\\SOFTWARE\\T";
      x.after = model::RegValue::dword(1);
    } else if constexpr (std::is_same_v<T, IisConfigChange>) {
      x = iis_change("MACHINE/WEBROOT/APPHOST", "", "system.webServer/directoryBrowse", "", "enabled", "false");
    }
  }, c);
  return c;
}

TEST(PowerShellRender, EveryChangeKindSavesAppliesAndRestoresOrIsManual) {
  // Iterates the alternatives of Change: a new kind without PowerShell support fails here (no save, no
  // change, or no restore), not silently in a plan.
  const auto changes = one_of_each(std::make_index_sequence<kChangeKinds>{});
  ASSERT_EQ(changes.size(), kChangeKinds);
  for (const auto& raw : changes) {
    const Change change = fill(raw);
    Plan p;
    p.hash = "h";
    p.actions.push_back(action("A001", change));
    const std::string script = render_powershell(p);
    const auto report = check_plan_script(script);
    const std::string kind(change_kind(change));
    EXPECT_TRUE(report.errors.empty()) << kind << ":\n" << join_errors(report.errors);
    if (kind == "manual") {
      EXPECT_EQ(report.manual, std::vector<std::string>{"A001"}) << kind;
    } else {
      EXPECT_EQ(report.saved, std::vector<std::string>{"A001"}) << kind;
      EXPECT_EQ(report.restored, std::vector<std::string>{"A001"}) << kind;
    }
  }
}

// ---- hostile values -----------------------------------------------------------------------------

// Every string a plan carries holds a PWN marker wrapped in what could end a string, a comment or the
// rollback here-string, or expand in a double-quoted one.
std::string hostile(std::string_view tag) {
  return "x'; Write-Host PWN" + std::string(tag) + " #\n'@\nPWN" + std::string(tag) + "$(PWN" + std::string(tag) +
         ") `\"PWN" + std::string(tag) + "\" \xE2\x80\x99; PWN" + std::string(tag) + "\r\n\"@\n#> <# PWN" + std::string(tag);
}

Plan hostile_plan() {
  Plan p = sample_plan();
  p.host.name = hostile("host");
  p.host.os_name = hostile("os");
  p.host.domain = hostile("domain");
  p.benchmark = hostile("bench");
  p.hash = hostile("hash");
  p.risk_source = hostile("risk");
  p.warnings = {hostile("warning")};
  p.merges.push_back(Merge{hostile("mt"), {hostile("mr")}, hostile("mk"), true});
  p.omitted.push_back(Omission{hostile("or"), hostile("os"), hostile("oreason")});
  for (auto& a : p.actions) {
    a.rules = {hostile("rule")};
    a.title = hostile("title");
    a.section = hostile("section");
    a.scope = hostile("scope");
    a.notes = {hostile("note")};
    a.risk.verdict = hostile("verdict");
    a.risk.reason = hostile("reason");
    a.effect.restart = {hostile("restart")};
    a.effect.note = hostile("effect");
    std::visit([](auto& c) {
      using T = std::decay_t<decltype(c)>;
      if constexpr (std::is_same_v<T, UserRightChange>) {
        c.right = hostile("right");
        c.after_holders = {hostile("holder"), "S-1-5-32-544"};
        c.before_holders = {hostile("bholder")};
      } else if constexpr (std::is_same_v<T, SecurityOptionChange>) {
        c.name = (c.section == OptionSection::kAuditOption ? "AuditPolicy\\" : "") + hostile("option");
        c.after.value = hostile("optvalue");
        c.before = Before::kPresent;
        c.before_value = hostile("optbefore");
      } else if constexpr (std::is_same_v<T, RegistryChange>) {
        c.key = "HKLM\\" + hostile("key");
        c.value = hostile("value");
        c.after = model::RegValue::multi_sz({hostile("m1"), hostile("m2")});
      } else if constexpr (std::is_same_v<T, ServiceChange>) {
        c.name = hostile("service");
        c.after_start_mode = hostile("mode");
      } else if constexpr (std::is_same_v<T, AuditPolicyChange>) {
        c.subcategory = hostile("guid");
        c.name = hostile("subname");
      } else if constexpr (std::is_same_v<T, IisConfigChange>) {
        c.ps_path = "MACHINE/WEBROOT/APPHOST/" + hostile("site");
        c.location = hostile("location");
        c.file = hostile("file");
        c.section = hostile("section");
        c.element = c.element.empty() ? hostile("element") : c.element + "[@k='" + hostile("key") + "']";
        c.attribute = c.attribute.empty() ? c.attribute : hostile("attribute");
        c.after = hostile("after");
        c.before_value = hostile("before");
        c.before_origin = hostile("origin");
      } else if constexpr (std::is_same_v<T, FeatureChange>) {
        c.name = hostile("feature");
      } else if constexpr (std::is_same_v<T, ManualStep>) {
        c.note = hostile("manual");
      }
    }, a.change);
  }
  return p;
}

TEST(PowerShellRender, HostileValuesNeverLeaveTheirStrings) {
  const std::string script = render_powershell(hostile_plan());
  const auto report = check_plan_script(script);
  EXPECT_TRUE(report.errors.empty()) << join_errors(report.errors);
  EXPECT_EQ(report.saved.size(), 10U);
  EXPECT_EQ(report.restored.size(), 10U);
  EXPECT_EQ(report.manual.size(), 1U);

  const auto outer = tokenize(script);
  EXPECT_EQ(join_errors(code_containing(outer.tokens, "PWN")), "");
  const auto rollback = here_string_of(outer.tokens, "TemperRollbackScript");
  ASSERT_TRUE(rollback.has_value());
  const auto inner = tokenize(*rollback);
  EXPECT_EQ(join_errors(code_containing(inner.tokens, "PWN")), "");
  // The rollback script is the only here-string, and it ends where the renderer ended it.
  int here = 0;
  for (const auto& t : outer.tokens) here += t.kind == test::TokenKind::kHereSingle || t.kind == test::TokenKind::kHereDouble ? 1 : 0;
  EXPECT_EQ(here, 1);
  EXPECT_NE(rollback->find("exit 0"), std::string::npos);
}

// ---- the checker catches what it is meant to catch ---------------------------------------------------

// `script` with the first (`last` false: often in the rollback script, which comes first) or the last
// occurrence of `from` (in the plan script's actions) replaced.
std::string mutate(std::string script, std::string_view from, std::string_view to, bool last = true) {
  const auto at = last ? script.rfind(from) : script.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) script.replace(at, from.size(), to);
  return script;
}

TEST(PowerShellChecker, CatchesAnUnguardedChange) {
  const std::string apply = mutate(render_powershell(sample_plan()), "} elseif ($PSCmdlet.ShouldProcess('Service Spooler'", "} elseif ($true -or ('Service Spooler'");
  EXPECT_NE(join_errors(check_plan_script(apply).errors).find("plan script: line"), std::string::npos);
  const std::string rollback = mutate(render_powershell(sample_plan()), "if ($PSCmdlet.ShouldProcess('Service Spooler'", "if ($true -or ('Service Spooler'", false);
  EXPECT_NE(join_errors(check_plan_script(rollback).errors).find("rollback script: line"), std::string::npos);
}

TEST(PowerShellChecker, CatchesAChangeBeforeItsSave) {
  std::string script = render_powershell(sample_plan());
  script = mutate(script, "try {\n    $saved = Save-TemperState -Id 'A005'", "Set-Service -Name 'Spooler' -StartupType Disabled\ntry {\n    $saved = Save-TemperState -Id 'A005'");
  const auto errors = check_plan_script(script).errors;
  EXPECT_NE(join_errors(errors).find("A005"), std::string::npos) << join_errors(errors);
}

TEST(PowerShellChecker, CatchesASaveNeverRestored) {
  std::string script = render_powershell(sample_plan());
  script = mutate(script, "# ---- A004 |", "# ---- A00X |", false);  // the rollback's block for A004 is now another's
  EXPECT_NE(join_errors(check_plan_script(script).errors).find("expected the saves in reverse"), std::string::npos);
  const std::string dropped = mutate(render_powershell(sample_plan()), "Restore-TemperRegistryValue -Key", "Write-Host -Key", false);
  EXPECT_NE(join_errors(check_plan_script(dropped).errors).find("A004 restores nothing"), std::string::npos);
}

TEST(PowerShellChecker, CatchesUnbalancedBlocksAndOpenStrings) {
  EXPECT_FALSE(check_plan_script(mutate(render_powershell(sample_plan()), "} catch {", "} catch {{")).errors.empty());
  EXPECT_FALSE(check_plan_script(mutate(render_powershell(sample_plan()), "'SeNetworkLogonRight'", "'SeNetworkLogonRight")).errors.empty());
  EXPECT_FALSE(test::check_balance(tokenize("$x = @'\nno end\n")).empty());
  EXPECT_FALSE(test::check_balance(tokenize("<# open")).empty());
}

TEST(PowerShellChecker, SeesAValuePastedWithoutQuoting) {
  std::string script = render_powershell(sample_plan());
  script = mutate(script, "-Name 'Spooler'", "-Name Spooler; Write-Host PWN");
  EXPECT_FALSE(code_containing(tokenize(script).tokens, "PWN").empty());
}

TEST(PowerShellChecker, TokenizerKnowsPowerShellQuoting) {
  const auto t = tokenize("'a''b' \"c`\"d\" @'\n'x'\n'@ # c\n<# b\n #> \xE2\x80\x98q\xE2\x80\x99\xE2\x80\x99r\xE2\x80\x99 w");
  ASSERT_TRUE(t.errors.empty()) << join_errors(t.errors);
  ASSERT_EQ(t.tokens.size(), 7U);
  EXPECT_EQ(t.tokens[0].text, "a'b");
  EXPECT_EQ(t.tokens[1].kind, test::TokenKind::kDoubleString);
  EXPECT_EQ(t.tokens[2].kind, test::TokenKind::kHereSingle);
  EXPECT_EQ(t.tokens[2].text, "'x'");
  EXPECT_EQ(t.tokens[3].kind, test::TokenKind::kComment);
  EXPECT_EQ(t.tokens[4].kind, test::TokenKind::kComment);
  EXPECT_EQ(t.tokens[5].text, "q'r");
  EXPECT_EQ(t.tokens[6].text, "w");
}

}  // namespace
}  // namespace temper::plan
