// SPDX-License-Identifier: Apache-2.0
// EQL functions, one by one (and their `~` forms), positive and negative, against hand-written events.
#include "eql_test_util.hpp"

namespace temper::detect::test {
namespace {

const auto kEvent = [] {
  return ecs({{"event.category", "authentication"},
              {"user.name", "WEB01$"},
              {"host.name", "web01"},
              {"source.ip", "10.1.2.3"},
              {"destination.ip", "fe80::1"},
              {"process.command_line", "cmd.exe /c whoami"},
              {"count", "0x10"}});
};

bool holds(std::string_view condition) { return fires("any where " + std::string(condition), kEvent()); }

TEST(EqlFunctionTest, Length) {
  EXPECT_TRUE(holds("length(user.name) == 6"));
  EXPECT_FALSE(holds("length(user.name) == 5"));
  EXPECT_FALSE(holds("length(missing.field) >= 0"));  // null compares false
  EXPECT_TRUE(holds("length(\"h\\u{e9}llo\") == 5"));  // characters, not bytes
}

TEST(EqlFunctionTest, Substring) {
  EXPECT_TRUE(holds(R"(substring(user.name, 0, -1) == "WEB01")"));
  EXPECT_TRUE(holds(R"(substring(user.name, 3) == "01$")"));
  EXPECT_TRUE(holds(R"(substring(user.name, -3, -1) == "01")"));
  EXPECT_FALSE(holds(R"(substring(user.name, 0, 2) == "WEB")"));
  EXPECT_TRUE(holds(R"(substring(user.name, 0, length(user.name) - 1) == "WEB01")"));
}

TEST(EqlFunctionTest, StartsWithEndsWithAndTildeForms) {
  EXPECT_TRUE(holds(R"(startsWith(user.name, "WEB"))"));
  EXPECT_FALSE(holds(R"(startsWith(user.name, "web"))"));
  EXPECT_TRUE(holds(R"(startswith~(user.name, "web"))"));
  EXPECT_TRUE(holds(R"(endsWith(user.name, "$"))"));
  EXPECT_FALSE(holds(R"(endsWith(user.name, "01"))"));
  EXPECT_TRUE(holds(R"(endswith~(user.name, "B01$"))"));
  // Field against computed value, as Elastic's relay rules write it.
  EXPECT_TRUE(holds(R"(startswith~(host.name, substring(user.name, 0, -1)))"));
  EXPECT_FALSE(holds(R"(startsWith(host.name, substring(user.name, 0, -1)))"));
  EXPECT_FALSE(holds(R"(startsWith(missing.field, "x"))"));
}

TEST(EqlFunctionTest, StringContains) {
  EXPECT_TRUE(holds(R"(stringContains(process.command_line, "/c who"))"));
  EXPECT_FALSE(holds(R"(stringContains(process.command_line, "/C WHO"))"));
  EXPECT_TRUE(holds(R"(stringContains~(process.command_line, "/C WHO"))"));
}

TEST(EqlFunctionTest, Concat) {
  EXPECT_TRUE(holds(R"(concat(substring(user.name, 0, -1), "$") == user.name)"));
  EXPECT_TRUE(holds(R"(concat("a", 1, true) == "a1true")"));
  EXPECT_FALSE(holds(R"(concat(host.name, "x") == "web01")"));
  EXPECT_FALSE(holds(R"(concat(missing.field, "x") == "x")"));  // null in, null out
}

TEST(EqlFunctionTest, IndexOf) {
  EXPECT_TRUE(holds(R"(indexOf(process.command_line, "/c") == 8)"));
  EXPECT_TRUE(holds(R"(indexOf(process.command_line, "w", 12) == 11 or indexOf(process.command_line, "w") == 11)"));
  EXPECT_FALSE(holds(R"(indexOf(process.command_line, "zzz") >= 0)"));
  EXPECT_TRUE(holds(R"(indexOf~(process.command_line, "WHOAMI") == 11)"));
}

TEST(EqlFunctionTest, CidrMatch) {
  EXPECT_TRUE(holds(R"(cidrMatch(source.ip, "192.168.0.0/16", "10.0.0.0/8"))"));
  EXPECT_FALSE(holds(R"(cidrMatch(source.ip, "192.168.0.0/16", "172.16.0.0/12"))"));
  EXPECT_TRUE(holds(R"(cidrmatch(destination.ip, "FE80::/10"))"));
  EXPECT_FALSE(holds(R"(cidrmatch(destination.ip, "::1"))"));
  EXPECT_TRUE(holds(R"(not cidrmatch(source.ip, "127.0.0.0/8"))"));
}

TEST(EqlFunctionTest, NumberAndString) {
  EXPECT_TRUE(holds(R"(number(count, 16) == 16)"));
  EXPECT_TRUE(holds(R"(number("42") == 42)"));
  EXPECT_FALSE(holds(R"(number("x42") == 42)"));
  EXPECT_TRUE(holds(R"(string(42) == "42")"));
  EXPECT_TRUE(holds(R"(endsWith(string(source.ip), "2.3"))"));
  EXPECT_FALSE(holds(R"(string(missing.field) == "")"));
}

TEST(EqlFunctionTest, Arithmetic) {
  EXPECT_TRUE(holds("add(2, 3) == 5 and subtract(2, 3) == -1 and multiply(2, 3) == 6 and divide(6, 3) == 2"));
  EXPECT_TRUE(holds("modulo(7, 4) == 3 and 1 + 2 * 3 == 7 and (1 + 2) * 3 == 9 and -length(user.name) == -6"));
  EXPECT_FALSE(holds("divide(1, 0) == 0"));  // null
  EXPECT_FALSE(holds("add(2, 3) == 6"));
}

TEST(EqlFunctionTest, Between) {
  EXPECT_TRUE(holds(R"(between(process.command_line, "cmd.exe ", " who") == "/c")"));
  EXPECT_FALSE(holds(R"(between(process.command_line, "cmd.exe ", " who") == "/c ")"));
  EXPECT_TRUE(holds(R"(between~(process.command_line, "CMD.EXE ", " WHO") == "/c")"));
}

TEST(EqlFunctionTest, UnknownFunctionIsUnsupportedWithItsPosition) {
  const Error e = compile_error("any where\n  replace(user.name, \"a\", \"b\") == \"x\"");
  EXPECT_EQ(e.code, ErrorCode::kUnsupported);
  EXPECT_NE(e.message.find("function 'replace'"), std::string::npos) << e.message;
  ASSERT_TRUE(e.where.has_value());
  EXPECT_EQ(e.where->line, 2u);
  EXPECT_EQ(e.where->column, 3u);
  EXPECT_EQ(compile_error(R"(any where length(user.name, 1) == 1)").code, ErrorCode::kContent);
}

}  // namespace
}  // namespace temper::detect::test
