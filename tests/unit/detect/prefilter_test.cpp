// SPDX-License-Identifier: Apache-2.0
// The literal prefilter (decision 0040): which literals a rule is found to need, and that a rule set gives
// exactly the same alerts with and without it, on crafted rules and on the SigmaHQ corpus over the
// evtx-attack-samples.
#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <tuple>

#include <gtest/gtest.h>

#include "core/strings.hpp"
#include "detect/loader.hpp"
#include "detect/prefilter.hpp"
#include "detect/regex.hpp"
#include "detect_test_util.hpp"
#include "evtx/reader.hpp"

namespace temper::detect {
namespace {

using test::compile_one;
using test::rule_with;

std::string needs_text(const RuleSet& set, const std::vector<LiteralNeed>& needs) {
  std::string out;
  for (const auto& n : needs) {
    if (!out.empty()) out += ' ';
    out += set.field_names()[n.field] + (n.whole ? "=" : ":") + n.literal;
  }
  return out;
}

// The needs of the only rule of `yaml`, as "field:literal" ("=" for whole values); "none" without.
std::string needs_of(std::string_view yaml) {
  const RuleSet set = compile_one(yaml);
  EXPECT_FALSE(set.rules().empty());
  if (set.rules().empty()) return "no rule";
  const auto needs = required_literals(set, set.rules().front());
  if (!needs) return "none";
  return needs_text(set, *needs);
}

// Every literal group of the only rule of `yaml`, each in brackets.
std::string groups_of(std::string_view yaml) {
  const RuleSet set = compile_one(yaml);
  EXPECT_FALSE(set.rules().empty());
  if (set.rules().empty()) return "no rule";
  const auto groups = required_literal_groups(set, set.rules().front());
  if (!groups) return "none";
  std::string out;
  for (const auto& g : *groups) out += "[" + needs_text(set, g) + "]";
  return out;
}

TEST(PrefilterTest, PredicateNeeds) {
  EXPECT_EQ(needs_of(rule_with("    Image|endswith: '\\Cmd.EXE'")), "Image:\\cmd.exe");
  EXPECT_EQ(needs_of(rule_with("    Image|endswith:\n      - '\\a.exe'\n      - '\\b.exe'")), "Image:\\a.exe Image:\\b.exe");
  EXPECT_EQ(needs_of(rule_with("    IntegrityLevel: System")), "IntegrityLevel=system");
  EXPECT_EQ(needs_of(rule_with("    CommandLine: '*foo*bar-long*'")), "CommandLine:bar-long");
  // `all`: every operand must occur, so the longest one is enough.
  EXPECT_EQ(needs_of(rule_with("    CommandLine|contains|all:\n      - ' -x '\n      - 'mimikatz'")),
            "CommandLine:mimikatz");
}

// A regex needs one of RE2's atoms for it (lower-cased); when it may ignore case, atoms are cut at 'k'
// and 's' (which also match U+212A KELVIN SIGN and U+017F LONG S) and a non-ASCII atom gives nothing.
TEST(PrefilterTest, RegexNeedsOneOfItsAtoms) {
  // Both atoms are needed: the longer one alone is enough.
  EXPECT_EQ(needs_of(rule_with("    CommandLine|re: 'Mimi.*Katzen'")), "CommandLine:katzen");
  EXPECT_EQ(needs_of(rule_with("    CommandLine|re: '(?i)\\.exe\\s+[^x]{0,64}werfaultsecure\\.exe'")),
            "CommandLine:ecure.exe");  // cut at the s (U+017F under (?i))
  // (a AND b) OR c: no atom is needed on its own, so any of them.
  EXPECT_EQ(needs_of(rule_with("    CommandLine|re: 'alpha.*bravo|charlie'")),
            "CommandLine:alpha CommandLine:bravo CommandLine:charlie");
  EXPECT_EQ(needs_of(rule_with("    CommandLine|re: '(?i)invoke-mimikatz'")), "CommandLine:e-mimi");
  EXPECT_EQ(needs_of(rule_with("    CommandLine|re|i: 'powershell'")), "CommandLine:power");
  EXPECT_EQ(needs_of(rule_with("    CommandLine|re: '(?i:rundll)32'")), "CommandLine:rundll32");
  EXPECT_EQ(needs_of(rule_with("    CommandLine|re: 'WinRM|Enter-PSSession'")),
            "CommandLine:enter-pssession CommandLine:winrm");
  EXPECT_EQ(needs_of(rule_with("    CommandLine|re: 'caf\u00e9-launcher'")), "none");
  // No atom needed on its own and one unusable ("set" cut at the s): the formula cannot hold without one
  // of the usable atoms.
  EXPECT_EQ(needs_of(rule_with("    CommandLine|re: '(?i)set.*&&\\s?set.*(?:environment|invoke)'")),
            "CommandLine:environment CommandLine:invo");
  EXPECT_EQ(needs_of(rule_with("    CommandLine|re: '(?i)set.*|environment'")), "none");  // "set" alone suffices
  // A list of regexes: any one may match, so the union.
  EXPECT_EQ(needs_of(rule_with("    CommandLine|re:\n      - 'vssadmin.*delete'\n      - 'wbadmin'")),
            "CommandLine:vssadmin CommandLine:wbadmin");
}

// The atom pieces are sound: texts the regex matches under Unicode case folding still hold a needed
// literal under ASCII folding.
TEST(PrefilterTest, RegexLiteralsHoldUnderUnicodeCaseFolding) {
  const RuleSet set = compile_one(rule_with("    CommandLine|re: '(?i)mimikatz'"));
  ASSERT_FALSE(set.rules().empty());
  const auto needs = required_literals(set, set.rules().front());
  ASSERT_TRUE(needs);
  const Regex& re = set.regex(set.rules().front().predicates.front().operands.front().regex);
  for (const std::string text : {"MIMIKATZ", "mimi\xe2\x84\xaa" "atz" /* KELVIN SIGN */, "xx Mimikatz yy"}) {
    SCOPED_TRACE(text);
    ASSERT_TRUE(re.search(text));
    const std::string folded = to_lower(text);
    EXPECT_TRUE(std::any_of(needs->begin(), needs->end(),
                            [&](const LiteralNeed& n) { return folded.find(n.literal) != std::string::npos; }));
  }
}

TEST(PrefilterTest, WhatNeedsNothing) {
  EXPECT_EQ(needs_of(rule_with("    CommandLine|contains: 'ab'")), "none");  // too short to scan for
  // ... unless it is one letter past ASCII (a homoglyph), rare in events.
  EXPECT_EQ(needs_of(rule_with("    CommandLine|contains: '\u0430'")), "CommandLine:\xd0\xb0");
  // ... or shell escapes, rare outside obfuscation.
  EXPECT_EQ(needs_of(rule_with("    CommandLine|contains: '^^'")), "CommandLine:^^");
  EXPECT_EQ(needs_of(rule_with("    CommandLine|re: '\\w+`\\w+'")), "CommandLine:`");
  EXPECT_EQ(needs_of(rule_with("    CommandLine|re: '(?i)\\$\\{`?e'")), "CommandLine:${");
  EXPECT_EQ(needs_of(rule_with("    CommandLine|contains: '%%'")), "none");
  EXPECT_EQ(needs_of(rule_with("    CommandLine|re: '\\d+-\\w{2}'")), "none");
  EXPECT_EQ(needs_of(rule_with("    CommandLine|re: 'ab|cd'")), "none");  // atoms too short
  EXPECT_EQ(needs_of(rule_with("    Image|neq: 'C:\\x.exe'")), "none");
  EXPECT_EQ(needs_of(rule_with("    Image|exists: true")), "none");
  EXPECT_EQ(needs_of(rule_with("    ProcessId|gt: 4")), "none");
  EXPECT_EQ(needs_of(rule_with("    Image: null")), "none");
  EXPECT_EQ(needs_of(rule_with("    Image|endswith: '\\x.exe'", "not sel")), "none");
  // One operand without a literal makes the whole list need nothing.
  EXPECT_EQ(needs_of(rule_with("    CommandLine|contains:\n      - 'mimikatz'\n      - 'xy'")), "none");
}

// Rules gated on short rare literals and on one needed regex atom still fire (the Matcher uses the
// prefilter), and stay silent without the literal.
TEST(PrefilterTest, ShortAndSingleAtomNeedsStillFire) {
  if (!Prefilter::available()) GTEST_SKIP() << "no multi-literal engine in this build";
  struct Case {
    const char* selection;
    const char* fires;
    const char* silent;
  };
  const Case cases[] = {
      {"    CommandLine|contains: '^^'", "cmd /c c^^md", "cmd /c c^md"},
      {"    CommandLine|contains: '\u0441md'", "\u0441md.exe /c whoami", "cmd.exe /c whoami"},
      {"    CommandLine|re: '\\w+`\\w+'", "IN`Voke-Expression", "Invoke-Expression"},
      {"    CommandLine|re: '(?i)\\$\\{`?e`?n`?v'", "echo ${e`Nv:path}", "echo $env:path"},
      {"    CommandLine|re: '(?i)\\.exe\\s+[^x]{0,64}werfaultsecure\\.exe'", "wsass.exe C:\\WerFaultSecure.EXE 612",
       "werfault.exe -u -p 612"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.selection);
    const RuleSet set = compile_one(rule_with(c.selection));
    ASSERT_FALSE(set.rules().empty());
    EXPECT_TRUE(set.prefilter()->gated(0));
    EXPECT_EQ(test::hits(set, test::sysmon1({{"CommandLine", c.fires}})).size(), 1u);
    EXPECT_TRUE(test::hits(set, test::sysmon1({{"CommandLine", c.silent}})).empty());
  }
}

// An And needs every child's group (the most selective first); an Or one of its children's best groups.
// Literals that nearly every event holds ("\Windows\") rank below rarer ones, whatever their length.
TEST(PrefilterTest, AndNeedsEveryChildsGroup) {
  const std::string head =
      "title: t\nid: r1\nlogsource:\n  product: windows\n  category: process_creation\ndetection:\n"
      "  img:\n    Image|endswith: '\\x.exe'\n  cli:\n    CommandLine|contains: 'evil-switch'\n"
      "  win:\n    Image|contains: '\\Windows\\'\n  up:\n    CommandLine|contains: '\\..\\..\\'\n"
      "  exe:\n    CommandLine|contains: '.exe\\..\\'\n  scm:\n    Provider_Name: 'Service Control Manager'\n";
  EXPECT_EQ(groups_of(head + "  condition: img and cli\n"), "[CommandLine:evil-switch][Image:\\x.exe]");
  EXPECT_EQ(groups_of(head + "  condition: img and (cli or up)\n"),
            "[CommandLine:\\..\\..\\ CommandLine:evil-switch][Image:\\x.exe]");
  // "\windows\" is inside "c:\windows\system32\": the command-line literal is chosen for the Or.
  EXPECT_EQ(groups_of(head + "  condition: (win and up) or exe\n"), "[CommandLine:.exe\\..\\ CommandLine:\\..\\..\\]");
  EXPECT_EQ(groups_of(head + "  condition: win and up\n"), "[CommandLine:\\..\\..\\][Image:\\windows\\]");
  // A scope field's group is dropped next to a specific one, kept when alone.
  EXPECT_EQ(groups_of(head + "  condition: scm and cli\n"), "[CommandLine:evil-switch]");
  EXPECT_EQ(groups_of(head + "  condition: scm\n"), "[Provider_Name=service control manager]");
  // At most kMaxLiteralGroups groups.
  std::string many = "title: t\nid: r1\nlogsource:\n  product: windows\n  category: process_creation\ndetection:\n";
  std::string condition = "  condition: s0";
  for (int i = 0; i < 6; ++i) {
    many +=
        "  s" + std::to_string(i) + ":\n    F" + std::to_string(i) + "|contains: 'literal-" + std::to_string(i) + "'\n";
    if (i > 0) condition += " and s" + std::to_string(i);
  }
  const RuleSet set = compile_one(many + condition + "\n");
  ASSERT_FALSE(set.rules().empty());
  const auto groups = required_literal_groups(set, set.rules().front());
  ASSERT_TRUE(groups);
  EXPECT_EQ(groups->size(), kMaxLiteralGroups);
}

// A rule with two literal groups is evaluated only when both are found, and then fires as without the
// prefilter; one group alone lets nothing through.
TEST(PrefilterTest, EveryGroupMustBeFound) {
  if (!Prefilter::available()) GTEST_SKIP() << "no multi-literal engine in this build";
  const RuleSet set = compile_one(
      "title: t\nid: r1\nlogsource:\n  product: windows\n  category: process_creation\ndetection:\n"
      "  img:\n    Image|endswith: '\\whoami.exe'\n  cli:\n    CommandLine|contains:\n      - '/priv'\n      - "
      "'/groups'\n"
      "  condition: img and cli\n");
  ASSERT_FALSE(set.rules().empty());
  ASSERT_TRUE(set.prefilter()->gated(0));
  EXPECT_EQ(set.prefilter()->groups_of(0), 2u);
  const auto both = test::sysmon1({{"Image", "C:\\Windows\\System32\\whoami.exe"}, {"CommandLine", "whoami /PRIV"}});
  const auto image_only =
      test::sysmon1({{"Image", "C:\\Windows\\System32\\whoami.exe"}, {"CommandLine", "whoami /all"}});
  const auto switch_only = test::sysmon1({{"Image", "C:\\Tools\\who.exe"}, {"CommandLine", "who /groups"}});
  // The literal in the wrong field does not count.
  const auto swapped = test::sysmon1({{"Image", "C:\\x\\groups\\a.exe"}, {"CommandLine", "C:\\whoami.exe /all"}});
  EXPECT_EQ(test::hits(set, both).size(), 1u);
  EXPECT_TRUE(test::hits(set, image_only).empty());
  EXPECT_TRUE(test::hits(set, switch_only).empty());
  EXPECT_TRUE(test::hits(set, swapped).empty());
}

TEST(PrefilterTest, AndTakesTheMostSelectiveChildOrTakesTheUnion) {
  const std::string both =
      "title: t\nid: r1\nlogsource:\n  product: windows\n  category: process_creation\ndetection:\n"
      "  a:\n    Image|endswith: '\\x.exe'\n  b:\n    CommandLine|contains: 'evil-switch'\n"
      "  c:\n    CommandLine|re: 'x+'\n";
  EXPECT_EQ(needs_of(both + "  condition: a and b\n"), "CommandLine:evil-switch");
  EXPECT_EQ(needs_of(both + "  condition: a and c\n"), "Image:\\x.exe");
  EXPECT_EQ(needs_of(both + "  condition: a or b\n"), "Image:\\x.exe CommandLine:evil-switch");
  EXPECT_EQ(needs_of(both + "  condition: a or c\n"), "none");
  EXPECT_EQ(needs_of(both + "  condition: a and not b\n"), "Image:\\x.exe");
  // A field every event of the scope shares is the last choice, however long its literal.
  const std::string system =
      "title: t\nid: r1\nlogsource:\n  product: windows\n  service: system\ndetection:\n"
      "  sel:\n    Provider_Name: 'Service Control Manager'\n    ImagePath|contains: 'evil'\n  condition: sel\n";
  EXPECT_EQ(needs_of(system), "ImagePath:evil");
}

// Alerts as (file, record, rule) with the prefilter on or off.
std::set<std::tuple<std::string, std::uint64_t, std::string>> alerts(const RuleSet& set,
                                                                     const std::filesystem::path& root,
                                                                     bool prefilter) {
  std::set<std::tuple<std::string, std::uint64_t, std::string>> out;
  Matcher m(set, prefilter);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".evtx") continue;
    evtx::ReadOptions options;
    options.xml = false;
    (void)evtx::read_evtx(entry.path(), options, [&](const events::Event& e) {
      m.match(e, [&](const CompiledRule& r) { out.emplace(entry.path().filename().string(), e.system().record_id, r.id); });
      return true;
    });
  }
  return out;
}

TEST(PrefilterTest, SameAlertsWithAndWithoutOnTheCorpus) {
  const std::filesystem::path shared(TEMPER_SHARED_DIR);
  const auto rules = shared / "corpora" / "sigma" / "rules";
  const auto samples = shared / "corpora" / "evtx" / "evtx-attack-samples";
  if (!std::filesystem::exists(rules) || !std::filesystem::exists(samples)) GTEST_SKIP() << "no corpus under " << shared;
  auto set = load_sigma({rules});
  ASSERT_TRUE(set.has_value()) << set.error().to_string();
  if (!Prefilter::available()) {
    EXPECT_EQ(set->prefilter(), nullptr);
    GTEST_SKIP() << "no multi-literal engine in this build";
  }
  ASSERT_NE(set->prefilter(), nullptr);
  // Nearly every SigmaHQ rule needs some literal; the few that do not are evaluated on every event. The ECS-scoped
  // variants (ECS-only events, ecs_view.hpp) are never gated: those events run their rules in full.
  const auto windows_scoped = std::count_if(set->rules().begin(), set->rules().end(),
                                            [](const CompiledRule& r) { return r.scope.ecs_category.empty(); });
  EXPECT_GT(set->prefilter()->gated_count() * 100, static_cast<std::size_t>(windows_scoped) * 95);
  const auto with = alerts(*set, samples, true);
  const auto without = alerts(*set, samples, false);
  EXPECT_GT(with.size(), 500u);
  EXPECT_EQ(with, without);
}

// Elastic's EQL rules, sequences included (gated by the union of their steps' literals), on the raw events
// through the ECS view: the same alerts both ways.
TEST(PrefilterTest, SameEqlAlertsWithAndWithoutOnTheCorpus) {
  const std::filesystem::path shared(TEMPER_SHARED_DIR);
  const auto rules = shared / "corpora" / "elastic-detection-rules" / "rules" / "windows";
  const auto samples = shared / "corpora" / "evtx" / "evtx-attack-samples";
  if (!std::filesystem::exists(rules) || !std::filesystem::exists(samples)) GTEST_SKIP() << "no corpus under " << shared;
  auto set = load_rules({rules});
  ASSERT_TRUE(set.has_value()) << set.error().to_string();
  if (!Prefilter::available()) GTEST_SKIP() << "no multi-literal engine in this build";
  std::size_t sequences = 0, gated_sequences = 0;
  for (std::uint32_t i = 0; i < set->rules().size(); ++i) {
    if (!set->rules()[i].sequence) continue;
    ++sequences;
    gated_sequences += set->prefilter()->gated(i) ? 1 : 0;
  }
  EXPECT_GT(sequences, 60u);
  EXPECT_GT(gated_sequences * 2, sequences);  // most sequences need some literal
  const auto with = alerts(*set, samples, true);
  const auto without = alerts(*set, samples, false);
  EXPECT_GT(with.size(), 50u);
  EXPECT_EQ(with, without);
}

}  // namespace
}  // namespace temper::detect

namespace temper::detect {
namespace {

TEST(PrefilterTest, EventIdsFromTheCondition) {
  const std::string head = "title: t\nid: r1\nlogsource:\n  product: windows\n  service: security\ndetection:\n";
  auto ids = [&](std::string_view body) {
    const RuleSet set = compile_one(head + std::string(body));
    return set.rules().empty() ? std::vector<std::uint32_t>{0} : required_event_ids(set, set.rules().front());
  };
  EXPECT_EQ(ids("  sel:\n    EventID: 4634\n    TargetUserName: x\n  condition: sel\n"), (std::vector<std::uint32_t>{4634}));
  EXPECT_EQ(ids("  sel:\n    EventID:\n      - 4647\n      - 4634\n  condition: sel\n"),
            (std::vector<std::uint32_t>{4634, 4647}));
  EXPECT_EQ(ids("  a:\n    EventID: 4624\n  b:\n    EventID: 4625\n  condition: a or b\n"),
            (std::vector<std::uint32_t>{4624, 4625}));
  EXPECT_TRUE(ids("  a:\n    EventID: 4624\n  b:\n    TargetUserName: x\n  condition: a or b\n").empty());
  EXPECT_TRUE(ids("  sel:\n    EventID: 4624\n  condition: not sel\n").empty());
  EXPECT_TRUE(ids("  sel:\n    EventID|gt: 4624\n  condition: sel\n").empty());
}

// A Security 1108 ("the event logging service could not log an event") carries the lost event's EventID in
// its UserData; rules on EventID 4634 must not fire on it, with or without the prefilter.
TEST(PrefilterTest, ADataFieldNamedEventIdIsNotTheEventId) {
  const RuleSet set = compile_one(
      "title: t\nid: r1\nlogsource:\n  product: windows\n  service: security\ndetection:\n"
      "  sel:\n    EventID: 4634\n  condition: sel\n");
  EXPECT_TRUE(test::hits(set, test::make_event("Security", 1108, {{"EventID", "4634"}})).empty());
  EXPECT_EQ(test::hits(set, test::make_event("Security", 4634, {{"TargetUserName", "x"}})).size(), 1u);
}

}  // namespace
}  // namespace temper::detect
