// SPDX-License-Identifier: Apache-2.0
// EQL syntax: precise errors (line:column), constructs listed as unsupported, and hostile queries
// (100,000 levels deep, 10,000 alternatives, a catastrophic regex).
#include <chrono>
#include <filesystem>
#include <span>

#include "core/file.hpp"
#include "core/limits.hpp"
#include "eql_test_util.hpp"

namespace temper::detect::test {
namespace {

// Each query fails to compile with `code` and a message containing its fragment.
void expect_errors(std::span<const std::pair<const char*, const char*>> cases, ErrorCode code) {
  for (const auto& [query, fragment] : cases) {
    const Error e = compile_error(query);
    EXPECT_EQ(e.code, code) << query;
    EXPECT_NE(e.message.find(fragment), std::string::npos) << query << ": " << e.message;
  }
}

TEST(EqlParserTest, SyntaxErrorsNameLineAndColumn) {
  Error e = compile_error("process where\n  process.name : \"cmd.exe\" and and");
  EXPECT_EQ(e.code, ErrorCode::kContent);
  ASSERT_TRUE(e.where.has_value());
  EXPECT_EQ(e.where->line, 2u);
  EXPECT_EQ(e.where->column, 32u);
  EXPECT_NE(e.message.find("'and'"), std::string::npos) << e.message;

  e = compile_error("process where process.name : \"cmd.exe");
  EXPECT_NE(e.message.find("unterminated string"), std::string::npos) << e.message;
  EXPECT_EQ(e.where->column, 30u);
  const std::pair<const char*, const char*> cases[] = {
      {"process process.name : \"x\"", "expected 'where'"},
      {"process where (process.name : \"x\"", "expected ')'"},
      {"process where process.name : \"x\" /* open", "comment"},
      {"process where process.name : \"\\q\"", "escape"},
      {"process where process.name # 1", "unexpected character"},
      {"sequence [process where true]", "two steps"},
      {"sequence with maxspan=5y [process where true] [file where true]", "unit"},
  };
  expect_errors(cases, ErrorCode::kContent);
}

TEST(EqlParserTest, CommentsAreIgnored) {
  const auto e = process({{"process.name", "cmd.exe"}});
  EXPECT_TRUE(fires("process where /* a comment */ process.name : \"cmd.exe\" // trailing", e));
  EXPECT_TRUE(fires("process where\n// line\nprocess.name : \"cmd.exe\"", e));
}

TEST(EqlParserTest, UnsupportedConstructsSaySo) {
  const std::pair<const char*, const char*> cases[] = {
      {"process where true | head 5", "pipes"},
      {"process where process.name : \"x\" and descendant of [process where true]", "descendant of"},
      {"process where child of [process where true]", "child of"},
      {"sample by host.id [process where true] [file where true]", "sample"},
      {"join [process where true] [file where true]", "join"},
      {"process where process.args[0] : \"x\"", "array index"},
      {"sequence [process where true] ![file where true]", "missing-event"},
  };
  expect_errors(cases, ErrorCode::kUnsupported);
}

TEST(EqlParserTest, HundredThousandLevelsAreRefused) {
  const std::string deep = "process where " + std::string(100'000, '(') + "true" + std::string(100'000, ')');
  const Error e = compile_error(deep);
  EXPECT_EQ(e.code, ErrorCode::kLimit);
  EXPECT_NE(e.message.find(std::to_string(limits::kMaxNestingDepth)), std::string::npos) << e.message;
  const std::string nots = "process where " + [] {
    std::string s;
    for (int i = 0; i < 100'000; ++i) s += "not ";
    return s;
  }() + "true";
  EXPECT_EQ(compile_error(nots).code, ErrorCode::kLimit);
  // Nesting within the limit compiles.
  EXPECT_TRUE(fires("process where " + std::string(20, '(') + "true" + std::string(20, ')'), process({})));
}

TEST(EqlParserTest, TenThousandAlternativesCompileAndCostLittle) {
  std::string ors = "process where ";
  std::string list = "process where process.name : (";
  for (int i = 0; i < 10'000; ++i) {
    ors += (i ? " or " : "") + std::string("process.name : \"tool") + std::to_string(i) + ".exe\"";
    list += (i ? ", " : "") + std::string("\"tool") + std::to_string(i) + ".exe\"";
  }
  list += ")";
  for (const auto& q : {ors, list}) {
    auto set = compile_query(q);
    ASSERT_TRUE(set.has_value()) << set.error().to_string();
    Matcher m(*set);
    int hits = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 200; ++i) {
      m.match(process({{"process.name", i % 2 ? "tool9999.exe" : "other.exe"}}), [&](const CompiledRule&) { ++hits; });
    }
    EXPECT_EQ(hits, 100);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  }
}

TEST(EqlParserTest, CatastrophicRegexIsLinear) {
  auto set = compile_query(R"(process where process.command_line regex "(a+)+$b")");
  ASSERT_TRUE(set.has_value()) << set.error().to_string();
  Matcher m(*set);
  const std::string hostile(100'000, 'a');
  bool hit = false;
  const auto start = std::chrono::steady_clock::now();
  m.match(process({{"process.command_line", hostile}}), [&](const CompiledRule&) { hit = true; });
  EXPECT_FALSE(hit);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  // A pattern RE2 rejects (a backreference) is unsupported with RE2's reason.
  const Error e = compile_error(R"(process where process.name regex "(a)\\1")");
  EXPECT_NE(e.code, ErrorCode::kInternal);
  EXPECT_FALSE(e.message.empty());
}

TEST(EqlParserTest, FuzzSeedsCompile) {
  // The seeds of tests/fuzz/eql reach deep into the compiler only if they compile.
  const auto dir = std::filesystem::path(TEMPER_SOURCE_DIR) / "tests" / "fuzz" / "eql" / "corpus";
  for (const auto* name : {"sequence.eql", "functions.eql"}) {
    auto text = read_file(dir / name);
    ASSERT_TRUE(text.has_value()) << name;
    auto set = compile_query(*text);
    EXPECT_TRUE(set.has_value()) << name << ": " << (set ? "" : set.error().to_string());
  }
  auto toml = read_file(dir / "iis_rule.toml");
  ASSERT_TRUE(toml.has_value());
  RuleSet set;
  compile_elastic(*toml, "iis_rule.toml", set);
  EXPECT_EQ(set.rules().size(), 1u);
}

}  // namespace
}  // namespace temper::detect::test
