// SPDX-License-Identifier: Apache-2.0
// Elastic TOML rules: metadata into CompiledRule/RuleInfo, non-EQL rules and broken files listed with
// reasons and positions, and Elastic's own IIS rule over crafted ECS NDJSON process starts.
#include <filesystem>

#include "core/file.hpp"
#include "detect/loader.hpp"
#include "events/ndjson.hpp"
#include "eql_test_util.hpp"

namespace temper::detect::test {
namespace {

const char* const kRule = R"([metadata]
creation_date = "2020/08/18"

[rule]
name = "Test rule"
rule_id = "r-1"
severity = "critical"
risk_score = 99
description = "Finds cmd."
note = """## Triage
Check the parent."""
references = ["https://example.test/a"]
language = "eql"
type = "eql"
query = '''
process where
  process.name : "cmd.exe"
'''

[[rule.threat]]
framework = "MITRE ATT&CK"
[[rule.threat.technique]]
id = "T1059"
[[rule.threat.technique.subtechnique]]
id = "T1059.003"
)";

RuleSet compile_text(std::string_view text) {
  RuleSet set;
  compile_elastic(text, "rules/x.toml", set);
  return set;
}

TEST(EqlTomlTest, ReadsMetadata) {
  const RuleSet set = compile_text(kRule);
  ASSERT_EQ(set.rules().size(), 1u);
  const CompiledRule& r = set.rules()[0];
  EXPECT_EQ(r.id, "r-1");
  EXPECT_EQ(r.title, "Test rule");
  EXPECT_EQ(r.level, Level::kCritical);
  EXPECT_EQ(r.info->language, RuleLanguage::kEql);
  EXPECT_EQ(r.info->risk_score, 99);
  EXPECT_EQ(r.info->description, "Finds cmd.");
  EXPECT_EQ(r.info->triage, "## Triage\nCheck the parent.");
  EXPECT_EQ(r.info->references, std::vector<std::string>{"https://example.test/a"});
  EXPECT_EQ(r.info->tags, (std::vector<std::string>{"T1059", "T1059.003"}));
  EXPECT_EQ(set.counts().eql_total, 1u);
  EXPECT_EQ(set.counts().eql_compiled, 1u);
  EXPECT_TRUE(hits_one(set, process({{"process.name", "CMD.EXE"}})));
}

TEST(EqlTomlTest, QueryErrorsNameTheFileLineAndColumn) {
  std::string text = kRule;
  text.replace(text.find("process.name : \"cmd.exe\""), 24, "process.name : : \"cmd.exe\"");
  const RuleSet set = compile_text(text);
  ASSERT_EQ(set.unsupported().size(), 1u);
  EXPECT_EQ(set.unsupported()[0].file, "rules/x.toml:17:18");
  EXPECT_NE(set.unsupported()[0].reason.find("EQL syntax"), std::string::npos) << set.unsupported()[0].reason;
  EXPECT_EQ(set.unsupported()[0].title, "Test rule");
  EXPECT_EQ(set.counts().eql_total, 1u);
  EXPECT_EQ(set.counts().eql_compiled, 0u);
}

TEST(EqlTomlTest, OtherLanguagesAreListedApart) {
  const RuleSet set = compile_text("[rule]\nname = \"k\"\nlanguage = \"kuery\"\ntype = \"query\"\nquery = \"a:b\"\n");
  ASSERT_EQ(set.unsupported().size(), 1u);
  EXPECT_EQ(set.unsupported()[0].reason, "language kuery: not EQL");
  EXPECT_EQ(set.unsupported()[0].file, "rules/x.toml:1");
  EXPECT_EQ(set.counts().elastic_other, 1u);
  EXPECT_EQ(set.counts().eql_total, 0u);
  const RuleSet ml = compile_text("[rule]\nname = \"m\"\ntype = \"machine_learning\"\n");
  EXPECT_EQ(ml.unsupported()[0].reason, "type machine_learning: not EQL");
}

TEST(EqlTomlTest, BrokenFilesAreListedWithPosition) {
  const RuleSet bad = compile_text("[rule]\nname = \"x\nquery = 1\n");
  ASSERT_EQ(bad.unsupported().size(), 1u);
  EXPECT_TRUE(bad.unsupported()[0].reason.starts_with("not TOML: ")) << bad.unsupported()[0].reason;
  EXPECT_TRUE(bad.unsupported()[0].file.starts_with("rules/x.toml:2:")) << bad.unsupported()[0].file;
  const RuleSet yaml = compile_text("title: a sigma rule\ndetection: {}\n");
  EXPECT_TRUE(yaml.unsupported()[0].reason.starts_with("not TOML: "));
  EXPECT_EQ(compile_text("[metadata]\na = 1\n").unsupported()[0].reason, "TOML without a [rule] table");
  EXPECT_EQ(compile_text("[rule]\nlanguage = \"eql\"\n").unsupported()[0].reason, "no query in [rule]");
  EXPECT_EQ(compile_text("").unsupported()[0].reason, "TOML without a [rule] table");
}

TEST(EqlTomlTest, LoaderTakesSigmaAndElasticTogether) {
  const auto dir = std::filesystem::temp_directory_path() / "temper_eql_loader_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "sub");
  ASSERT_TRUE(write_file(dir / "sub" / "a.toml", kRule).has_value());
  ASSERT_TRUE(write_file(dir / "b.yml", "title: t\nid: s1\nlogsource:\n  product: windows\n  category: process_creation\n"
                                        "detection:\n  sel:\n    Image|endswith: '\\cmd.exe'\n  condition: sel\n").has_value());
  ASSERT_TRUE(write_file(dir / "c.toml", "[rule]\nlanguage = \"esql\"\n").has_value());
  ASSERT_TRUE(write_file(dir / "notes.txt", "ignored").has_value());
  auto set = load_rules({dir});
  ASSERT_TRUE(set.has_value()) << set.error().to_string();
  EXPECT_EQ(set->counts().sigma_total, 1u);
  EXPECT_EQ(set->counts().sigma_compiled, 1u);
  EXPECT_EQ(set->counts().eql_total, 1u);
  EXPECT_EQ(set->counts().eql_compiled, 1u);
  EXPECT_EQ(set->counts().elastic_other, 1u);
  EXPECT_EQ(set->compiled_sources(), 2u);
  EXPECT_FALSE(load_rules({dir / "missing"}).has_value());
  std::filesystem::remove_all(dir);
}

// Elastic's rule for aspnet_regiis decrypting IIS connection strings, over winlogbeat-style NDJSON.
TEST(EqlTomlTest, ElasticIisRuleFiresOnDecryptionOnly) {
  const auto path = std::filesystem::path(TEMPER_SHARED_DIR) / "corpora" / "elastic-detection-rules" / "rules" /
                    "windows" / "credential_access_iis_connectionstrings_dumping.toml";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no Elastic corpus at " << path;
  auto set = load_rules({path});
  ASSERT_TRUE(set.has_value());
  ASSERT_EQ(set->rules().size(), 1u) << (set->unsupported().empty() ? "" : set->unsupported()[0].reason);
  EXPECT_EQ(set->rules()[0].level, Level::kHigh);
  EXPECT_EQ(set->rules()[0].info->risk_score, 73);
  EXPECT_NE(set->rules()[0].info->triage.find("Triage and analysis"), std::string::npos);
  auto line = [](std::string_view name, std::string_view args) {
    return std::string(R"({"@timestamp":"2026-12-04T07:00:00Z","host":{"os":{"type":"windows"}},)") +
           R"("event":{"category":["process"],"type":["start"]},"process":{"name":")" + std::string(name) +
           R"(","args":[)" + std::string(args) + "]}}";
  };
  auto fires_on = [&](const std::string& json) {
    events::Event e;
    EXPECT_TRUE(events::parse_ecs_line(json, e).has_value()) << json;
    Matcher m(*set);
    int n = 0;
    m.match(e, [&](const CompiledRule&) { ++n; });
    return n == 1;
  };
  const std::string regiis = R"("C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\aspnet_regiis.exe")";
  EXPECT_TRUE(fires_on(line("aspnet_regiis.exe", regiis + R"(,"-pdf","connectionStrings","C:\\inetpub\\wwwroot")")));
  EXPECT_TRUE(fires_on(line("aspnet_regiis.exe", regiis + R"(,"-pd","connectionStrings","-app","/")")));
  EXPECT_TRUE(fires_on(line("ASPNET_REGIIS.EXE", regiis + R"(,"-PDF","CONNECTIONSTRINGS","C:\\site")")));
  EXPECT_FALSE(fires_on(line("aspnet_regiis.exe", regiis + R"(,"-pef","connectionStrings","C:\\inetpub\\wwwroot")")));
  EXPECT_FALSE(fires_on(line("w3wp.exe", R"("c:\\windows\\system32\\inetsrv\\w3wp.exe","-ap","DefaultAppPool")")));
  // Renamed binary, found by its original file name.
  EXPECT_TRUE(fires_on(R"({"host":{"os":{"type":"windows"}},"event":{"category":"process","type":"start"},)"
                       R"("process":{"name":"x.exe","pe":{"original_file_name":"aspnet_regiis.exe"},)"
                       R"("args":["x.exe","-pdf","connectionStrings","C:\\site"]}})"));
}

}  // namespace
}  // namespace temper::detect::test
