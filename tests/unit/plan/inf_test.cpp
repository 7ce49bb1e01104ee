// SPDX-License-Identifier: Apache-2.0
// render_inf(): the security template read back by temper's own reader (parse_secedit_inf + merge_inf as a
// policy), its bytes, its "not in this format" list and its likeness to real templates.
#include <gtest/gtest.h>

#include <set>
#include <utility>

#include "../collect/test_util.hpp"
#include "collect/offline/secedit_inf.hpp"
#include "core/utf.hpp"
#include "plan/render.hpp"
#include "plan/write_common.hpp"
#include "plan_samples.hpp"

namespace temper::plan {
namespace {
using collect::testing::bytes_of;
using namespace testing;

struct ReadInf {
  std::string text;  // decoded
  collect::ParsedInf parsed;
  model::Snapshot snapshot;
};

ReadInf read_inf(const std::string& bytes) {
  ReadInf out;
  out.text = decode_text(bytes_of(bytes));
  auto parsed = collect::parse_secedit_inf(bytes_of(bytes), "plan.inf");
  EXPECT_TRUE(parsed.has_value()) << (parsed ? std::string() : parsed.error().to_string());
  if (!parsed) return out;
  out.parsed = std::move(*parsed);
  collect::merge_inf(out.parsed, collect::InfSemantics::kPolicy, out.snapshot);
  return out;
}

// Every action is either read back by the reader or named in the list at the top, and never silently both
// missing; what the template carries whole is read back equal to the plan's "after" value.
void expect_rendered_or_listed(const Plan& plan) {
  const ReadInf r = read_inf(render_inf(plan));
  const auto comments = comment_lines(r.text);
  for (const auto& a : plan.actions) {
    const Placement p = place(a.change, Format::kInf);
    const bool back = read_back(a.change, r.snapshot, r.parsed.services, {});
    const bool listed = lists(comments, a.id);
    EXPECT_TRUE(back || listed) << a.id << " " << change_target(a.change) << " is neither rendered nor listed";
    if (p.part == Part::kTemplate) {
      EXPECT_TRUE(back) << a.id << " " << change_target(a.change) << " not read back";
    }
    EXPECT_EQ(listed, !p.missing.empty()) << a.id << " " << change_target(a.change);
  }
  for (const Action* a : not_expressible(plan, Format::kInf)) EXPECT_TRUE(lists(comments, a->id)) << a->id;
}

TEST(PlanInf, RoundTripsEveryValueShapeThroughTheReader) {
  const Plan plan = full_plan();
  const ReadInf r = read_inf(render_inf(plan));
  for (const auto& d : r.parsed.diagnostics) ADD_FAILURE() << d.to_string();
  expect_rendered_or_listed(plan);
  // Spot checks of values that are easy to get subtly wrong.
  ASSERT_TRUE(r.snapshot.user_rights.has_value());
  EXPECT_TRUE(r.snapshot.user_rights->at("SeTcbPrivilege").empty());  // defined, nobody
  EXPECT_EQ(r.snapshot.user_rights->at("SeBatchLogonRight"),
            (std::vector<std::string>{"S-1-5-32-544", "CONTOSO\\svc web"}));
  EXPECT_EQ(r.snapshot.security_options->at("NewGuestName").text, "Visitor, not admin");
  EXPECT_EQ(r.snapshot.security_options->at("Security Log\\MaximumLogSize").number, 196608);
  EXPECT_EQ(r.parsed.services.size(), 3U);
}

TEST(PlanInf, ListsWhatATemplateCannotSay) {
  const Plan plan = full_plan();
  const ReadInf r = read_inf(render_inf(plan));
  const auto comments = comment_lines(r.text);
  std::set<std::string> listed;
  for (const auto& a : plan.actions) {
    if (lists(comments, a.id)) listed.insert(change_target(a.change));
  }
  const std::set<std::string> expected = {
      "AuditPolicy\\CrashOnAuditFail",
      "AuditPolicy\\FullPrivilegeAuditing",
      std::string(kLsa) + "\\RestrictAnonymousOld",  // remove
      std::string(kWinlogon) + "\\LegalNoticeText",  // a double quote
      std::string(kDns) + "\\EnableMulticast",       // not a security-option key
      std::string(kDns) + "\\Suffixes",
      std::string(kDns) + "\\Text",
      std::string(kDns) + "\\Big",
      std::string(kDns) + "\\Legacy",
      std::string(kDns) + "\\Holes",
      "HKCU\\Software\\Policies\\X\\Y",
      "service Spooler",  // stop now
      "audit {0cce923f-69ae-11d9-bed3-505054503030}",
      "audit {0cce9215-69ae-11d9-bed3-505054503030}",
      "audit {0cce9217-69ae-11d9-bed3-505054503030}",
      "audit {0cce9214-69ae-11d9-bed3-505054503030}",
      change_target(Change{iis()}),
      "feature Web-DAV-Publishing",
      "manual Rename the Administrator account",
  };
  EXPECT_EQ(listed, expected);
  EXPECT_NE(r.text.find("; " + std::string(kNotInFormat) + ":"), std::string::npos);
  EXPECT_NE(r.text.find("remove the value: a template cannot delete a registry value"), std::string::npos);
  EXPECT_NE(r.text.find("; plan hash: " + std::string(kHash)), std::string::npos);
  EXPECT_NE(r.text.find("; host: web01"), std::string::npos);
  EXPECT_NE(r.text.find("; benchmark: cis-windows-server-2022, level 1"), std::string::npos);
}

TEST(PlanInf, EveryChangeKindIsRenderedOrListed) {
  for_each_change_kind([](const Plan& plan, std::size_t) { expect_rendered_or_listed(plan); });
}

TEST(PlanInf, BytesAreUtf16LeWithBomAndCrlf) {
  const std::string bytes = render_inf(full_plan());
  ASSERT_GE(bytes.size(), 4U);
  EXPECT_EQ(bytes.substr(0, 2), "\xFF\xFE");
  EXPECT_EQ(bytes.size() % 2, 0U);
  const std::string text = utf16le_to_utf8(bytes_of(bytes).subspan(2));
  EXPECT_EQ(utf8_to_utf16le(text), bytes.substr(2));  // nothing lost in the conversion
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ASSERT_TRUE(i > 0 && text[i - 1] == '\r') << "bare LF at " << i;
    }
    if (text[i] == '\r') {
      ASSERT_TRUE(i + 1 < text.size() && text[i + 1] == '\n') << "bare CR at " << i;
    }
  }
  EXPECT_TRUE(text.ends_with("\r\n"));
  EXPECT_NE(text.find("\r\n[Unicode]\r\nUnicode=yes\r\n[Version]\r\nsignature=\"$CHICAGO$\"\r\nRevision=1\r\n"),
            std::string::npos);
}

TEST(PlanInf, OnlySectionsWithEntries) {
  Plan plan = empty_plan();
  add(plan, right("SeTcbPrivilege", {}));
  const ReadInf r = read_inf(render_inf(plan));
  EXPECT_EQ(r.parsed.sections, (std::vector<std::string>{"Unicode", "Version", "Privilege Rights"}));
  EXPECT_NE(r.text.find("; " + std::string(kNotInFormat) + ": nothing"), std::string::npos);
  EXPECT_NE(r.text.find("\r\nSeTcbPrivilege =\r\n"), std::string::npos);  // no trailing space, as secedit writes
}

TEST(PlanInf, RegistryLinesHaveTheTemplateShape) {
  const std::string text = decode_text(bytes_of(render_inf(full_plan())));
  for (const char* line : {
           "MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\NoLMHash=4,1",
           "MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\SupportedEncryptionTypes=4,2147483640",
           "MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\LegalNoticeCaption=1,\"Authorized "
           "use, only\"",
           "MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\ScreenSaverPath=2,\"%SystemRoot%"
           "\\system32\\x.scr\"",
           "MACHINE\\SYSTEM\\CurrentControlSet\\Services\\LanManServer\\Parameters\\NullSessionPipes=7,",
           "MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FullPrivilegeAuditing=3,001fa0",
           "NewGuestName = \"Visitor, not admin\"",
           "MinimumPasswordLength = 14",
           "SeNetworkLogonRight = *S-1-5-32-544,*S-1-5-11",
           "\"Spooler\",4,\"\"",
           "\"RemoteRegistry\",3,\"\"",
           "\"W32Time\",2,\"\"",
       }) {
    EXPECT_NE(text.find(std::string("\r\n") + line + "\r\n"), std::string::npos) << line;
  }
}

// The settings part of a template for settings that also occur in a real one is line for line the same.
TEST(PlanInf, MatchesARealTemplateLineForLine) {
  TEMPER_REQUIRE_SHARED("gpo/baselinemanagement-tests/GptTmpl.inf");
  const std::string fixture =
      decode_text(bytes_of(collect::testing::slurp(collect::testing::shared_fixture("gpo/baselinemanagement-tests/"
                                                                                    "GptTmpl.inf"))));
  std::set<std::string> real;
  for (const auto& l : split(fixture, '\n')) real.emplace(trim(l));
  Plan plan = empty_plan();
  add(plan, option("LSAAnonymousNameLookup", number(0)));
  add(plan, right("SeTcbPrivilege", {}));
  add(plan, right("SeNetworkLogonRight", {"S-1-5-11", "S-1-5-32-544"}));
  add(plan, right("SeDenyNetworkLogonRight", {"S-1-5-114"}));
  add(plan, reg("HKLM\\System\\CurrentControlSet\\Control\\Lsa", "RestrictRemoteSAM",
                model::RegValue::sz("O:BAG:BAD:(A;;RC;;;BA)")));
  add(plan, reg("HKLM\\System\\CurrentControlSet\\Control\\Lsa", "NoLMHash", model::RegValue::dword(1)));
  add(plan, reg("HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System", "LegalNoticeText",
                model::RegValue::multi_sz({"Authorized access only"})));
  const std::string ours = decode_text(bytes_of(render_inf(plan)));
  std::size_t settings = 0;
  for (const auto& l : split(ours, '\n')) {
    const std::string line(trim(l));
    if (line.empty() || line.starts_with(";")) continue;
    EXPECT_TRUE(real.contains(line)) << "not in the real template: " << line;
    ++settings;
  }
  EXPECT_EQ(settings, 5U + 3U + 7U);  // [Unicode] and [Version] lines, 3 section headers, 7 settings
}

TEST(PlanInf, ReproducibleBytes) {
  EXPECT_EQ(render_inf(full_plan()), render_inf(full_plan()));
  EXPECT_EQ(render(full_plan(), Format::kInf).front().bytes, render_inf(full_plan()));
}

}  // namespace
}  // namespace temper::plan
