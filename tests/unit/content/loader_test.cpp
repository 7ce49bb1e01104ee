// SPDX-License-Identifier: Apache-2.0
#include "content/loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace temper::content {
namespace {
const char* kValidRule = R"(rules:
  - id: test.registry.lm-level
    title: LAN Manager authentication level
    section: Security Options
    level: 1
    refs: {cis-windows-server: "2.3.11.7"}
    description: d
    rationale: r
    impact: i
    default_value: v
    remediation: m
    check:
      type: registry
      key: HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Lsa
      value: LmCompatibilityLevel
      expect: {at_least: 5}
      when_absent: 3
    fix:
      type: registry
      key: HKLM\SYSTEM\CurrentControlSet\Control\Lsa
      value: LmCompatibilityLevel
      data_type: REG_DWORD
      data: 5
benchmarks:
  - id: bench
    title: B
    refs: [cis-windows-server]
    levels: [1]
)";

// A rules file with one rule, `b.<id>`, whose every required field is filled and whose check is `check`
// (indented as the mapping under `check:`). The check starts on line 13.
std::string one_rule(const std::string& id, const std::string& check) {
  return "rules:\n  - id: b." + id +
         "\n    title: t\n    section: s\n    level: 1\n    refs: {x: \"1\"}\n    description: d\n    rationale: r\n"
         "    impact: i\n    default_value: v\n    remediation: m\n    check:\n" + check;
}

bool has_message(const LoadResult& r, const std::string& needle, std::uint32_t line = 0) {
  return std::any_of(r.diagnostics.begin(), r.diagnostics.end(), [&](const Diagnostic& d) {
    return d.message.find(needle) != std::string::npos && (line == 0 || d.where.line == line);
  });
}
}  // namespace

TEST(ContentLoaderTest, LoadsAValidRuleWithTypedCheckAndFix) {
  const auto r = load_content_text(kValidRule, "ok.yaml");
  ASSERT_TRUE(r.ok()) << (r.diagnostics.empty() ? "" : r.diagnostics.front().to_string());
  ASSERT_EQ(r.content.rules().size(), 1u);
  const auto& rule = r.content.rules().front();
  const auto& check = std::get<model::RegistryCheck>(rule.check);
  EXPECT_EQ(check.key, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa");
  EXPECT_EQ(check.expect.op, model::Expectation::Op::kAtLeast);
  EXPECT_EQ(check.when_absent->display(), "3");
  ASSERT_EQ(rule.fixes.size(), 1u);
  EXPECT_EQ(std::get<model::RegistryFix>(rule.fixes.front()).data.number, 5u);
  EXPECT_EQ(rule.refs.at("cis-windows-server").id, "2.3.11.7");
  EXPECT_EQ(rule.where.line, 2u);
  auto sel = r.content.select("bench", 1);
  ASSERT_TRUE(sel);
  EXPECT_EQ(sel->size(), 1u);
  EXPECT_FALSE(r.content.select("bench", 2));       // the benchmark has no level 2
  EXPECT_FALSE(r.content.select("nope", std::nullopt));
}

TEST(ContentLoaderTest, MalformedYamlNamesLineAndColumn) {
  const auto r = load_content_text("rules:\n  - id: x\n    title: [unclosed\n", "broken.yaml");
  ASSERT_FALSE(r.ok());
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics.front().where.file, "broken.yaml");
  EXPECT_GT(r.diagnostics.front().where.line, 0u);
  EXPECT_NE(r.diagnostics.front().to_string().find("broken.yaml:"), std::string::npos);
  EXPECT_NE(r.diagnostics.front().message.find("malformed YAML"), std::string::npos);
}

TEST(ContentLoaderTest, ReportsEveryErrorNotJustTheFirst) {
  const std::string text = R"(rules:
  - id: a.one
    title: t
    section: s
    level: 3
    refs: {x: "1"}
    description: d
    rationale: r
    impact: i
    default_value: v
    remediation: m
    check: {type: feature, name: Web-DAV-Publishing, installed: false}
  - id: a.two
    title: t
    section: s
    level: 1
    refs: {x: "1"}
    description: d
    rationale: r
    impact: i
    default_value: v
    remediation: m
    check: {type: frobnicate}
  - id: a.three
    titel: typo
    section: s
    level: 1
    refs: {x: "1"}
    description: d
    rationale: r
    impact: i
    default_value: v
    remediation: m
    check: {type: user_right, right: SeFakePrivilege, principals: [Nobody Special]}
)";
  const auto r = load_content_text(text, "many.yaml");
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(has_message(r, "level must be 1 or 2", 5));
  EXPECT_TRUE(has_message(r, "unknown check type 'frobnicate'", 23));
  EXPECT_TRUE(has_message(r, "unknown key 'titel'", 25));
  EXPECT_TRUE(has_message(r, "needs 'title'"));
  EXPECT_TRUE(has_message(r, "unknown user right 'SeFakePrivilege'", 34));
  EXPECT_TRUE(has_message(r, "unknown principal 'Nobody Special'", 34));
  EXPECT_TRUE(r.content.rules().empty());
  for (const auto& d : r.diagnostics) EXPECT_GT(d.where.column, 0u) << d.to_string();
}

TEST(ContentLoaderTest, RejectsDuplicateIdsAndMismatchedFixes) {
  std::string text = kValidRule;
  text.replace(text.find("benchmarks:"), std::string::npos, "");
  const std::string twice = text + text.substr(text.find("  - id:"));
  const auto dup = load_content_text(twice, "dup.yaml");
  EXPECT_TRUE(has_message(dup, "duplicate rule id 'test.registry.lm-level'"));

  std::string mismatch = text;
  mismatch.replace(mismatch.find("value: LmCompatibilityLevel\n      data_type"), 27, "value: NoLMHash");
  const auto m = load_content_text(mismatch, "mismatch.yaml");
  EXPECT_TRUE(has_message(m, "fix sets a different registry value"));
}

TEST(ContentLoaderTest, ExpectationsAndPrincipalsAreValidated) {
  const std::string text = one_rule("one", R"(      type: iis_config
      element: system.webServer/httpErrors
      attribute: errorMode
      expect: {one_of: [DetailedLocalOnly, Custom], matches: "(unclosed"}
)");
  const auto r = load_content_text(text, "expect.yaml");
  EXPECT_TRUE(has_message(r, "invalid regular expression"));
  const auto bare = load_content_text(
      std::string(text).replace(text.find("expect: {"), std::string::npos, "expect: [a, b]\n"), "bare.yaml");
  EXPECT_TRUE(has_message(bare, "a bare list is ambiguous"));
}

TEST(ContentLoaderTest, SecretChecksCompareKnownClasses) {
  const auto rule = [](const std::string& secret) {
    return load_content_text(one_rule("secret", R"(      type: iis_config
      element: connectionStrings/add
      attribute: connectionString
      each: true
)" + secret), "secret.yaml");
  };
  const auto ok = rule("      secret: {none_of: [plaintext, empty]}\n");
  ASSERT_TRUE(ok.ok()) << ok.diagnostics.front().to_string();
  const auto& check = std::get<model::IisConfigCheck>(ok.content.rules().front().check);
  EXPECT_TRUE(check.secret);
  EXPECT_EQ(check.expect.op, model::Expectation::Op::kNoneOf);
  EXPECT_TRUE(has_message(rule("      secret: hidden\n"), "'hidden' is not a secret class", 17));
  EXPECT_TRUE(has_message(rule("      secret: {at_least: 2}\n"), "compare the class with equals", 17));
  EXPECT_TRUE(has_message(rule("      secret: plaintext\n      expect: x\n"), "not both", 17));
  EXPECT_TRUE(has_message(rule(""), "missing"));
}

TEST(ContentLoaderTest, RoleSpecificReferencesAndAdjustmentsLoad) {
  const std::string text = R"(rules:
  - id: c.one
    title: t
    section: s
    level: 1
    refs:
      cis-windows-server: {member_server: "2.2.33", domain_controller: "2.2.32"}
    description: d
    rationale: r
    impact: i
    default_value: v
    remediation: m
    applies_to: {roles: [member_server, domain_controller]}
    check:
      type: user_right
      right: SeImpersonatePrivilege
      principals: [Administrators, "NT AUTHORITY\\LOCAL SERVICE", S-1-5-20, SERVICE]
      adjust:
        - when: {features: [Web-Server]}
          add: [IIS_IUSRS, $app_pool_identities, "S-1-5-82-*"]
)";
  const auto r = load_content_text(text, "roles.yaml");
  ASSERT_TRUE(r.ok()) << (r.diagnostics.empty() ? "" : r.diagnostics.front().to_string());
  const auto& rule = r.content.rules().front();
  const auto& ref = rule.refs.at("cis-windows-server");
  EXPECT_EQ(ref.for_role(model::Role::kMemberServer), "2.2.33");
  EXPECT_EQ(ref.for_role(model::Role::kDomainController), "2.2.32");
  EXPECT_EQ(ref.for_role(model::Role::kWorkstation), std::nullopt);
  const auto& check = std::get<model::UserRightCheck>(rule.check);
  EXPECT_EQ(check.principals, (std::vector<std::string>{"S-1-5-32-544", "S-1-5-19", "S-1-5-20", "S-1-5-6"}));
  EXPECT_EQ(check.adjust.front().add, (std::vector<std::string>{"S-1-5-32-568", "$app_pool_identities", "S-1-5-82-*"}));
}

TEST(ContentLoaderTest, ShippedContentLintsClean) {
  LoadOptions options;
  options.include_examples = true;
  const auto r = load_content_dir(std::string(TEMPER_SOURCE_DIR) + "/content", options);
  for (const auto& d : r.diagnostics) ADD_FAILURE() << d.to_string();
  EXPECT_GE(r.content.rules().size(), 9u);
  EXPECT_TRUE(r.content.find_benchmark("iis-host"));
}

TEST(ContentLoaderTest, DetectionRulesUnderDetectionsAreNotHardeningContent) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("temper-content-detections-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "detections" / "iis");
  std::filesystem::create_directories(dir / "rules" / "detections");
  std::ofstream(dir / "rules.yaml") << kValidRule;
  const char* sigma = "title: x\nlogsource: {product: windows}\ndetection: {s: {a: 1}, condition: s}\n";
  std::ofstream(dir / "detections" / "iis" / "x.yml") << sigma;
  std::ofstream(dir / "rules" / "detections" / "y.yml") << sigma;  // only the top-level folder is skipped
  const auto r = load_content_dir(dir);
  std::filesystem::remove_all(dir);
  EXPECT_EQ(r.content.rules().size(), 1u);
  ASSERT_FALSE(r.diagnostics.empty());
  for (const auto& d : r.diagnostics) EXPECT_NE(d.to_string().find("y.yml"), std::string::npos) << d.to_string();
}

TEST(ExceptionsLoaderTest, ParsesDatesScopesAndErrors) {
  const auto ok = load_exceptions_text(R"(exceptions:
  - rule: iis.directory-browsing.disabled
    scope: Shop/downloads
    reason: approved
    expires: 2027-06-30
  - rule: "win.user-right.*"
    reason: migration
)",
                                       "ex.yaml");
  ASSERT_TRUE(ok.ok());
  ASSERT_EQ(ok.exceptions.size(), 2u);
  EXPECT_EQ(ok.exceptions[0].scope, "Shop/downloads");
  ASSERT_TRUE(ok.exceptions[0].expires);
  EXPECT_FALSE(ok.exceptions[1].expires);
  EXPECT_EQ(ok.exceptions[1].where.line, 6u);

  const auto bad = load_exceptions_text("exceptions:\n  - rule: x\n    expires: someday\n", "bad.yaml");
  EXPECT_FALSE(bad.ok());
  bool reason_missing = false, date_bad = false;
  for (const auto& d : bad.diagnostics) {
    reason_missing = reason_missing || d.message.find("needs 'reason'") != std::string::npos;
    date_bad = date_bad || (d.message.find("expires must be a date") != std::string::npos && d.where.line == 3);
  }
  EXPECT_TRUE(reason_missing);
  EXPECT_TRUE(date_bad);
}
}  // namespace temper::content
