// SPDX-License-Identifier: Apache-2.0
// Runs the data-driven rule tests: each tests/content/<rule>.test.yaml gives facts (a partial
// snapshot written in YAML) and the verdicts the rule must reach, like DuckDB's sqllogictest files.
// `iis_files` (Windows path -> file text, in `base` or a case's `facts`) replaces the facts' `iis` with
// what the real resolver makes of those files. Every case is also judged after a JSON round trip of its
// snapshot (secrets masked) and must reach the same verdicts.
// A coverage test fails when a rule lacks a passing case, a failing case or, for per-site IIS
// rules, a case where the server level passes and a site fails; another when a rule has no impact
// model (`learn:`).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "content/loader.hpp"
#include "core/strings.hpp"
#include "engine/evaluator.hpp"
#include "iis/resolver.hpp"
#include "model/iis.hpp"
#include "model/snapshot_json.hpp"
#include "report/coverage.hpp"
#include "core/file.hpp"

namespace temper {
namespace {
using Json = nlohmann::ordered_json;

Json to_json(const YAML::Node& n) {
  if (n.IsNull() || !n.IsDefined()) return nullptr;
  if (n.IsScalar()) {
    const std::string& s = n.Scalar();
    if (n.Tag() == "!") return s;
    if (s == "true") return true;
    if (s == "false") return false;
    long long v = 0;
    if (parse_int64(s, v) && !s.starts_with("0x")) return v;
    return s;
  }
  if (n.IsSequence()) {
    Json a = Json::array();
    for (const auto& x : n) a.push_back(to_json(x));
    return a;
  }
  Json o = Json::object();
  for (auto it = n.begin(); it != n.end(); ++it) o[it->first.Scalar()] = to_json(it->second);
  return o;
}

void merge(Json& into, const Json& from) {
  for (const auto& [k, v] : from.items()) {
    if (v.is_object() && into.contains(k) && into[k].is_object()) {
      merge(into[k], v);
    } else {
      into[k] = v;
    }
  }
}

const content::LoadResult& shipped() {
  static const content::LoadResult loaded = content::load_content_dir(TEMPER_CONTENT_DIR);
  return loaded;
}

std::vector<std::filesystem::path> test_files() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(TEMPER_CONTENT_TESTS_DIR)) {
    if (e.path().filename().string().ends_with(".test.yaml")) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// What the test files promise per rule, read from their `expect` entries (the case test checks
// that the engine keeps those promises).
struct Coverage {
  bool pass = false;
  bool fail = false;
  bool server_pass_site_fail = false;
};
std::map<std::string, Coverage> coverage() {
  std::map<std::string, Coverage> out;
  for (const auto& file : test_files()) {
    YAML::Node doc;
    try {
      doc = YAML::LoadFile(file.string());
    } catch (const YAML::Exception&) {
      continue;  // CasesReachTheirVerdicts reports the file
    }
    if (!doc["rule"] || !doc["cases"]) continue;
    Coverage& cov = out[doc["rule"].Scalar()];
    for (const auto& c : doc["cases"]) {
      const YAML::Node expect = c["expect"];
      if (expect.IsScalar()) {
        cov.pass = cov.pass || expect.Scalar() == "pass";
        cov.fail = cov.fail || expect.Scalar() == "fail";
        continue;
      }
      bool server_pass = false, site_fail = false;
      for (const auto& e : expect) {
        const std::string scope = model::full_scope(e["scope"].Scalar());
        const std::string status = e["status"].Scalar();
        cov.pass = cov.pass || status == "pass";
        cov.fail = cov.fail || status == "fail";
        server_pass = server_pass || (scope == model::kApphostPath && status == "pass");
        site_fail = site_fail || (scope != model::kApphostPath && status == "fail");
      }
      cov.server_pass_site_fail = cov.server_pass_site_fail || (server_pass && site_fail);
    }
  }
  return out;
}

class ContentRuleTest : public testing::TestWithParam<std::filesystem::path> {};

TEST_P(ContentRuleTest, CasesReachTheirVerdicts) {
  ASSERT_TRUE(shipped().ok()) << shipped().diagnostics.front().to_string();
  const auto file = GetParam();
  YAML::Node doc;
  ASSERT_NO_THROW(doc = YAML::LoadFile(file.string())) << file;
  for (const char* key : {"name", "description", "group", "rule", "cases"}) {
    ASSERT_TRUE(doc[key]) << file << ": missing '" << key << "'";
  }
  const std::string rule_id = doc["rule"].Scalar();
  const model::Rule* rule = shipped().content.find_rule(rule_id);
  ASSERT_NE(rule, nullptr) << file << ": no rule " << rule_id;
  const Json base = to_json(doc["base"]);
  for (const auto& c : doc["cases"]) {
    const std::string name = c["name"].as<std::string>();
    SCOPED_TRACE(file.filename().string() + " / " + name);
    Json facts = base.is_object() ? base : Json::object();
    merge(facts, to_json(c["facts"]));
    const Json files_json = facts.contains("iis_files") ? facts["iis_files"] : Json();
    facts.erase("iis_files");
    auto snapshot = model::snapshot_from_json(facts, file.string(), false);
    ASSERT_TRUE(snapshot) << snapshot.error().to_string();
    if (files_json.is_object()) {
      // Configuration files go through the real resolver, as `temper import` reads a bundle.
      iis::MemoryFileSource source;
      // A case names the files that set something; the .NET configuration it leaves out is taken as
      // collected and empty (a server whose machine.config and root web.config set nothing), so the
      // case judges its own files, not "not collected".
      const iis::ResolveOptions defaults;
      source.add(defaults.machine_config, "<configuration/>");
      source.add(defaults.root_web_config, "<configuration/>");
      for (const auto& [path, text] : files_json.items()) source.add(path, text.get<std::string>());
      auto resolved = iis::resolve(source);
      ASSERT_TRUE(resolved) << resolved.error().to_string();
      snapshot->iis = std::move(resolved->iis);
    }
    const auto findings = engine::evaluate_rule(*rule, *snapshot);
    ASSERT_FALSE(findings.empty());
    // The same verdicts from the snapshot as written to JSON (secrets masked) and read back.
    const auto back = model::snapshot_from_json(model::snapshot_to_json(*snapshot), file.string(), false);
    ASSERT_TRUE(back) << back.error().to_string();
    const auto findings_back = engine::evaluate_rule(*rule, *back);
    ASSERT_EQ(findings_back.size(), findings.size());
    for (std::size_t i = 0; i < findings.size(); ++i) {
      EXPECT_EQ(findings_back[i].status, findings[i].status) << "after a JSON round trip, at " << findings[i].scope;
      EXPECT_EQ(findings_back[i].actual, findings[i].actual) << "after a JSON round trip, at " << findings[i].scope;
    }
    std::string got;
    for (const auto& f : findings) {
      got += std::string(model::status_name(f.status)) + "@" + (f.scope.empty() ? "-" : model::short_scope(f.scope)) +
             (f.reason.empty() ? "" : " (" + f.reason + ")") + "; ";
    }
    const YAML::Node expect = c["expect"];
    ASSERT_TRUE(expect) << "case needs 'expect'";
    if (expect.IsScalar()) {
      for (const auto& f : findings) EXPECT_EQ(model::status_name(f.status), expect.Scalar()) << got;
    } else {
      ASSERT_EQ(findings.size(), expect.size()) << got;
      for (const auto& e : expect) {
        const std::string scope = model::full_scope(e["scope"].Scalar());
        const std::string status = e["status"].Scalar();
        const auto it = std::find_if(findings.begin(), findings.end(), [&](const auto& f) { return iequals(f.scope, scope); });
        ASSERT_NE(it, findings.end()) << "no finding at " << scope << ": " << got;
        EXPECT_EQ(model::status_name(it->status), status) << scope << ": " << got;
      }
    }
    if (const YAML::Node ev = c["evidence"]) {
      for (const auto& needle : ev) {
        const std::string n = needle.Scalar();
        const bool found = std::any_of(findings.begin(), findings.end(), [&](const model::Finding& f) {
          return std::any_of(f.evidence.begin(), f.evidence.end(), [&](const std::string& e) { return e.find(n) != std::string::npos; }) ||
                 f.actual.find(n) != std::string::npos || f.reason.find(n) != std::string::npos;
        });
        EXPECT_TRUE(found) << "evidence lacks '" << n << "': " << got;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Files, ContentRuleTest, testing::ValuesIn(test_files()),
                         [](const testing::TestParamInfo<std::filesystem::path>& param) {
                           std::string n = param.param.filename().string();
                           n = n.substr(0, n.size() - std::string(".test.yaml").size());
                           for (char& ch : n) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return n;
                         });

TEST(ContentCoverageTest, EveryRuleHasPassingAndFailingCases) {
  ASSERT_TRUE(shipped().ok());
  const auto promised = coverage();
  for (const auto& rule : shipped().content.rules()) {
    const auto it = promised.find(rule.id);
    if (it == promised.end()) {
      ADD_FAILURE() << rule.id << " has no tests/content/" << rule.id << ".test.yaml";
      continue;
    }
    EXPECT_TRUE(it->second.pass) << rule.id << " has no case that passes";
    EXPECT_TRUE(it->second.fail) << rule.id << " has no case that fails";
    const auto* iis = std::get_if<model::IisConfigCheck>(&rule.check);
    if (iis != nullptr && iis->scope == model::IisScopeMode::kEvery) {
      EXPECT_TRUE(it->second.server_pass_site_fail)
          << rule.id << " is judged per site but has no case where the server level passes and a site fails";
    }
  }
}
TEST(ContentCoverageTest, AllFiftyFiveCisIis10ItemsAreImplemented) {
  ASSERT_TRUE(shipped().ok());
  // Sections 1-7 of CIS Microsoft IIS 10 v1.2.1: 7 + 8 + 12 + 11 + 3 + 2 + 12 recommendations.
  const std::vector<std::pair<int, int>> sections = {{1, 7}, {2, 8}, {3, 12}, {4, 11}, {5, 3}, {6, 2}, {7, 12}};
  std::set<std::string> have;
  for (const auto& rule : shipped().content.rules()) {
    const auto it = rule.refs.find("cis-iis-10");
    if (it != rule.refs.end()) have.insert(it->second.id);
  }
  std::size_t total = 0;
  for (const auto& [section, count] : sections) {
    for (int i = 1; i <= count; ++i, ++total) {
      const std::string number = std::to_string(section) + "." + std::to_string(i);
      EXPECT_TRUE(have.contains(number)) << "CIS IIS 10 " << number << " has no rule";
    }
  }
  EXPECT_EQ(total, 55u);
}

TEST(ContentCoverageTest, AuditPolicyRemediationsGiveTheFixesAuditpolCommand) {
  // The remediation's auditpol line must enable exactly what the fix enables, spelled as auditpol
  // takes it ("//failure:enable" once crept into four of them).
  ASSERT_TRUE(shipped().ok());
  std::size_t judged = 0;
  for (const auto& rule : shipped().content.rules()) {
    for (const auto& fix : rule.fixes) {
      const auto* audit = std::get_if<model::AuditPolicyFix>(&fix);
      if (audit == nullptr) continue;
      ++judged;
      const std::string& text = rule.remediation;
      EXPECT_NE(text.find("auditpol /set"), std::string::npos) << rule.id << ": remediation gives no auditpol command";
      EXPECT_EQ(text.find("//"), std::string::npos) << rule.id << ": remediation has a doubled slash: " << text;
      EXPECT_EQ(text.find("/success:enable") != std::string::npos, audit->success) << rule.id << ": " << text;
      EXPECT_EQ(text.find("/failure:enable") != std::string::npos, audit->failure) << rule.id << ": " << text;
    }
  }
  EXPECT_GT(judged, 30u);
}

// One recommendation of a reference file (../shared/reference/cis-windows-server-<year>-settings.md): its
// number and its level per role, read from the table rows "| id | profile | name | setting |" (profile
// "L1-DC,L2-MS"; NG, the Next Generation profile, counts as level 2).
struct Recommendation {
  std::string number;
  std::map<model::Role, int> levels;
};

std::vector<Recommendation> reference_rows(const std::filesystem::path& file) {
  std::vector<Recommendation> out;
  auto text = read_file(file);
  if (!text) return out;
  for (const auto& line : split(*text, '\n')) {
    if (!line.starts_with("| ") || line.size() < 3 || !std::isdigit(static_cast<unsigned char>(line[2]))) continue;
    const auto cells = split(line.substr(2), '|');
    if (cells.size() < 3) continue;
    Recommendation rec;
    rec.number = std::string(trim(cells[0]));
    for (const auto& p : split(std::string(trim(cells[1])), ',')) {
      const auto dash = p.find('-');
      if (dash == std::string::npos) continue;
      const std::string profile = p.substr(0, dash), who = p.substr(dash + 1);
      const int level = profile == "L1" ? 1 : 2;  // L2 and NG
      if (who == "DC") rec.levels[model::Role::kDomainController] = level;
      if (who == "MS") rec.levels[model::Role::kMemberServer] = level;
    }
    out.push_back(std::move(rec));
  }
  return out;
}

TEST(ContentCoverageTest, EveryCisWindowsServerRecommendationIsARuleOrAGap) {
  // Every recommendation of each reference file is implemented by a rule carrying that version's
  // reference, or listed under `gaps:` with a reason; a rule's number exists in the version, holds for
  // the roles the version gives it, and carries the version's level for each of them.
  ASSERT_TRUE(shipped().ok());
  const std::filesystem::path dir = std::filesystem::path(TEMPER_SHARED_DIR) / "reference";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "../shared/reference not available";
  for (const std::string year : {"2019", "2022", "2025"}) {
    SCOPED_TRACE("cis-windows-server-" + year);
    const std::string key = "cis-windows-server-" + year;
    const auto recs = reference_rows(dir / ("cis-windows-server-" + year + "-settings.md"));
    ASSERT_GT(recs.size(), 400u) << "the reference table did not parse";
    std::map<std::string, const Recommendation*> by_number;
    for (const auto& r : recs) by_number[r.number] = &r;
    std::map<std::string, std::vector<std::string>> implemented;  // number -> rule ids
    for (const auto& rule : shipped().content.rules()) {
      const auto it = rule.refs.find(key);
      if (it == rule.refs.end()) continue;
      std::vector<std::pair<std::string, std::optional<model::Role>>> numbers;
      if (!it->second.id.empty()) numbers.emplace_back(it->second.id, std::nullopt);
      for (const auto& [role, n] : it->second.by_role) numbers.emplace_back(n, role);
      for (const auto& [number, role] : numbers) {
        implemented[number].push_back(rule.id);
        const auto rec = by_number.find(number);
        if (rec == by_number.end()) {
          ADD_FAILURE() << rule.id << " refers to " << key << " " << number << ", which the reference does not have";
          continue;
        }
        // Only the roles the rule applies to and the number holds for are judged.
        for (const auto& [r, level] : rec->second->levels) {
          if (role && *role != r) continue;
          const auto& roles = rule.applies_to.roles;
          if (!roles.empty() && std::find(roles.begin(), roles.end(), r) == roles.end()) {
            ADD_FAILURE() << rule.id << ": " << key << " " << number << " holds for " << model::role_name(r)
                          << ", which the rule does not apply to";
            continue;
          }
          EXPECT_EQ(rule.level_in(key, r), level) << rule.id << ": " << key << " " << number << " is level " << level
                                                  << " for " << model::role_name(r);
        }
        if (!role) {
          for (const auto applies : rule.applies_to.roles) {
            if (applies == model::Role::kWorkstation) continue;
            EXPECT_TRUE(rec->second->levels.contains(applies))
                << rule.id << " applies to " << model::role_name(applies) << " but " << key << " " << number << " does not";
          }
        }
      }
    }
    std::map<std::string, std::string> gapped;  // number -> where
    for (const auto& gap : shipped().content.gaps()) {
      const auto it = gap.numbers.find(key);
      if (it == gap.numbers.end()) continue;
      EXPECT_FALSE(gap.reason.empty()) << gap.where.to_string();
      for (const auto& n : it->second) {
        EXPECT_TRUE(by_number.contains(n)) << gap.where.to_string() << ": gap " << key << " " << n << " is not in the reference";
        EXPECT_FALSE(implemented.contains(n)) << gap.where.to_string() << ": " << key << " " << n << " is a gap but "
                                              << join(implemented[n], ", ") << " implements it";
        EXPECT_TRUE(gapped.emplace(n, gap.where.to_string()).second) << key << " " << n << " is listed as a gap twice";
      }
    }
    std::vector<std::string> missing;
    for (const auto& r : recs) {
      if (!implemented.contains(r.number) && !gapped.contains(r.number)) missing.push_back(r.number);
    }
    EXPECT_TRUE(missing.empty()) << missing.size() << " recommendations of " << key
                                 << " are neither implemented nor listed under gaps: with a reason: " << join(missing, " ");
  }
}

// Shared rules across benchmark versions: the host's build picks the version, its role the level, and
// the selected copies carry only the picked version's reference.
constexpr const char* kVersionedContent = R"(
rules:
  - id: t.shared
    title: t
    section: s
    level: 1
    refs:
      v-2019: {all: "19.7.8.3", level: 2}
      v-2022: "19.7.8.3"
    applies_to: {roles: [member_server, domain_controller]}
    description: d
    rationale: r
    impact: i
    default_value: v
    remediation: m
    check: {type: security_option, name: A, expect: 1}
    learn: {safe: It only records.}
  - id: t.by-role
    title: t
    section: s
    level: 1
    refs:
      v-2022: {all: "18.7.1", level: {domain_controller: 1, member_server: 2}}
    applies_to: {roles: [member_server, domain_controller]}
    description: d
    rationale: r
    impact: i
    default_value: v
    remediation: m
    check: {type: security_option, name: B, expect: 1}
    learn: {safe: It only records.}
  - id: t.only-2025
    title: t
    section: s
    level: 1
    refs: {v-2025: "18.6.7.1"}
    description: d
    rationale: r
    impact: i
    default_value: v
    remediation: m
    check: {type: security_option, name: C, expect: 1}
    learn: {safe: It only records.}
  - id: t.other
    title: t
    section: s
    level: 1
    refs: {other: "1"}
    description: d
    rationale: r
    impact: i
    default_value: v
    remediation: m
    check: {type: security_option, name: D, expect: 1}
    learn: {safe: It only records.}
benchmarks:
  - {id: v-2019, title: V 2019, version: 4.0.0, refs: [v-2019], os_builds: ["17763"]}
  - {id: v-2022, title: V 2022, version: 4.0.0, refs: [v-2022], os_builds: ["20348"]}
  - {id: v-2025, title: V 2025, version: 1.0.0, refs: [v-2025], os_builds: ["26100"]}
  - {id: v, title: V, versions: [v-2022, v-2019, v-2025]}
  - {id: union, title: U, refs: [v, other]}
)";

std::vector<std::string> ids(const content::Selection& s) {
  std::vector<std::string> out;
  for (const auto* r : s.rules) out.push_back(r->id);
  return out;
}

TEST(ContentVersionTest, TheHostsBuildPicksTheVersionAndItsLevels) {
  const auto loaded = content::load_content_text(kVersionedContent, "versions.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.diagnostics.front().to_string();
  const auto& c = loaded.content;
  const content::HostContext ms2019{model::Role::kMemberServer, "17763"};
  const content::HostContext ms2022{model::Role::kMemberServer, "20348"};
  const content::HostContext dc2022{model::Role::kDomainController, "20348"};

  // The family: 2019 makes t.shared level 2; 2022 levels t.by-role per role; 2025-only rules stay out.
  auto s = c.select_for_host("v", 1, ms2019);
  ASSERT_TRUE(s);
  EXPECT_EQ(ids(*s), std::vector<std::string>{});
  ASSERT_EQ(s->notes.size(), 1u);
  EXPECT_NE(s->notes[0].find("v-2019 (V 2019 v4.0.0), chosen from the snapshot's OS build 17763"), std::string::npos) << s->notes[0];
  s = c.select_for_host("v", 2, ms2019);
  ASSERT_TRUE(s);
  EXPECT_EQ(ids(*s), std::vector<std::string>{"t.shared"});
  EXPECT_EQ(s->rules[0]->level, 2);                       // the copy carries the version's level
  EXPECT_EQ(s->rules[0]->refs.count("v-2022"), 0u);       // and only the version's reference
  EXPECT_EQ(s->rules[0]->refs.at("v-2019").id, "19.7.8.3");
  s = c.select_for_host("v", 1, ms2022);
  ASSERT_TRUE(s);
  EXPECT_EQ(ids(*s), std::vector<std::string>{"t.shared"});  // t.by-role is level 2 on member servers
  s = c.select_for_host("v", 1, dc2022);
  ASSERT_TRUE(s);
  EXPECT_EQ(ids(*s), (std::vector<std::string>{"t.shared", "t.by-role"}));
  // An unknown build falls back to the first version, and says so.
  s = c.select_for_host("v", 2, content::HostContext{model::Role::kMemberServer, ""});
  ASSERT_TRUE(s);
  EXPECT_EQ(ids(*s), (std::vector<std::string>{"t.shared", "t.by-role"}));
  EXPECT_NE(s->notes[0].find("does not give its OS build"), std::string::npos) << s->notes[0];
  // A benchmark that lists the family in its refs, and no benchmark at all.
  s = c.select_for_host("union", 2, content::HostContext{model::Role::kMemberServer, "26100"});
  ASSERT_TRUE(s);
  EXPECT_EQ(ids(*s), (std::vector<std::string>{"t.only-2025", "t.other"}));
  s = c.select_for_host("", 2, ms2019);
  ASSERT_TRUE(s);
  EXPECT_EQ(ids(*s), (std::vector<std::string>{"t.shared", "t.other"}));
  EXPECT_NE(s->notes[0].find("v: judged against v-2019"), std::string::npos) << s->notes[0];
  // A version named outright needs no build.
  s = c.select_for_host("v-2025", 2, content::HostContext{});
  ASSERT_TRUE(s);
  EXPECT_EQ(ids(*s), std::vector<std::string>{"t.only-2025"});
}

TEST(ContentVersionTest, AFamilyMustListVersionsThatNameBuilds) {
  const auto loaded = content::load_content_text(R"(
benchmarks:
  - {id: v-1, title: V1, refs: [v-1]}
  - {id: v, title: V, versions: [v-1, v-9]}
)",
                                                 "bad.yaml");
  ASSERT_FALSE(loaded.ok());
  std::string all;
  for (const auto& d : loaded.diagnostics) all += d.to_string() + "\n";
  EXPECT_NE(all.find("lists version 'v-1', which names no os_builds"), std::string::npos) << all;
  EXPECT_NE(all.find("lists version 'v-9', which is not a benchmark"), std::string::npos) << all;
}

TEST(ContentCoverageTest, TheBundleScriptExportsEveryRegistryKeyTheContentReads) {
  // docs/bundle.md's collection script lists the keys it exports; a key the content reads that no listed
  // key contains would always be `not collected`.
  ASSERT_TRUE(shipped().ok());
  auto doc = read_file(std::string(TEMPER_SOURCE_DIR) + "/docs/bundle.md");
  ASSERT_TRUE(doc) << doc.error().to_string();
  const auto begin = doc->find("$keys = @(");
  ASSERT_NE(begin, std::string::npos) << "docs/bundle.md has no $keys list";
  const auto end = doc->find("\n)", begin);
  std::vector<std::string> exported;
  for (const auto& line : split(doc->substr(begin, end - begin), '\n')) {
    const auto open = line.find('\''), close = line.rfind('\'');
    if (open != std::string::npos && close > open) exported.push_back(line.substr(open + 1, close - open - 1));
  }
  ASSERT_GT(exported.size(), 10u);
  // Per-user keys (HKCU\\...) are exported from every loaded user hive: `$userKeys = @('...', '...')`.
  const auto users = doc->find("$userKeys = @(");
  ASSERT_NE(users, std::string::npos) << "docs/bundle.md has no $userKeys list";
  const std::string user_list = doc->substr(users, doc->find('\n', users) - users);
  for (const auto& item : split(user_list.substr(user_list.find('(')), ',')) {
    const auto open = item.find('\''), close = item.rfind('\'');
    if (open != std::string::npos && close > open) exported.push_back("HKCU\\" + item.substr(open + 1, close - open - 1));
  }
  ASSERT_GE(exported.size(), 13u);
  std::set<std::string> keys;
  const auto collect = [&keys](const auto& self, const model::Check& check) -> void {
    if (const auto* c = std::get_if<model::RegistryCheck>(&check)) keys.insert(c->key);
    if (const auto* all = std::get_if<model::AllCheck>(&check)) {
      for (const auto& sub : all->checks) self(self, sub);
    }
  };
  for (const auto& rule : shipped().content.rules()) collect(collect, rule.check);
  for (const auto& key : keys) {
    const bool covered = std::any_of(exported.begin(), exported.end(), [&](const std::string& e) {
      return iequals(key, e) || istarts_with(key, e + "\\");
    });
    EXPECT_TRUE(covered) << key << " is read by the content but no key of docs/bundle.md's script contains it";
  }
}

TEST(ContentCoverageTest, EveryRuleHasAnImpactModel) {
  // The examples too: they document the `learn:` key.
  content::LoadOptions options;
  options.include_examples = true;
  const auto loaded = content::load_content_dir(TEMPER_CONTENT_DIR, options);
  ASSERT_TRUE(loaded.ok()) << loaded.diagnostics.front().to_string();
  std::vector<std::string> missing;
  for (const auto& rule : loaded.content.rules()) {
    if (!rule.learn) missing.push_back(rule.id + " (" + rule.where.file + ":" + std::to_string(rule.where.line) + ")");
  }
  EXPECT_TRUE(missing.empty()) << missing.size() << " rules have no impact model (`learn:`, docs/content.md), so "
                               << "learning can only call them unknown:\n  " << join(missing, "\n  ");
}

TEST(ContentCoverageTest, DocsCoverageIsGeneratedFromTheContent) {
  ASSERT_TRUE(shipped().ok());
  auto doc = read_file(std::string(TEMPER_SOURCE_DIR) + "/docs/coverage.md");
  ASSERT_TRUE(doc) << doc.error().to_string();
  const bool fresh = *doc == report::coverage_markdown(shipped().content.rules(), shipped().content.gaps());
  EXPECT_TRUE(fresh) << "docs/coverage.md is stale: run `build/temper rules coverage > docs/coverage.md`";
}
}  // namespace
}  // namespace temper
