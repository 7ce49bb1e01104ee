// SPDX-License-Identifier: Apache-2.0
// EQL operators, one by one, with positive and negative cases against hand-written ECS events.
#include "eql_test_util.hpp"

namespace temper::detect::test {
namespace {

const auto kCmd = [] { return process({{"process.name", "CMD.exe"}, {"process.pid", "4"}}); };

TEST(EqlOperatorTest, CategoryAndAny) {
  EXPECT_TRUE(fires(R"(process where process.name : "cmd.exe")", kCmd()));
  EXPECT_FALSE(fires(R"(file where process.name : "cmd.exe")", kCmd()));
  EXPECT_TRUE(fires(R"(any where process.name : "cmd.exe")", kCmd()));
  EXPECT_FALSE(fires(R"(any where process.name : "cmd.exe")", ecs({{"process.name", "powershell.exe"}})));
}

TEST(EqlOperatorTest, ColonIsCaselessWithWildcardsAndLists) {
  EXPECT_TRUE(fires(R"(process where process.name : "cmd.EXE")", kCmd()));
  EXPECT_TRUE(fires(R"(process where process.name : "c?d.*")", kCmd()));
  EXPECT_FALSE(fires(R"(process where process.name : "c?d")", kCmd()));
  EXPECT_TRUE(fires(R"(process where process.name : ("x.exe", "*MD.exe"))", kCmd()));
  EXPECT_FALSE(fires(R"(process where process.name : ("x.exe", "y.exe"))", kCmd()));
  EXPECT_TRUE(fires(R"(process where process.name : "*d.e*")", kCmd()));
  EXPECT_FALSE(fires(R"(process where process.name : "*d.x*")", kCmd()));
}

TEST(EqlOperatorTest, EqualsIsCaseSensitiveAndExact) {
  EXPECT_TRUE(fires(R"(process where process.name == "CMD.exe")", kCmd()));
  EXPECT_FALSE(fires(R"(process where process.name == "cmd.exe")", kCmd()));
  EXPECT_FALSE(fires(R"(process where process.name == "CMD.*")", kCmd()));  // no wildcards
}

TEST(EqlOperatorTest, NotEqualsIsNotEquals) {
  EXPECT_TRUE(fires(R"(process where process.name != "cmd.exe")", kCmd()));
  EXPECT_FALSE(fires(R"(process where process.name != "CMD.exe")", kCmd()));
  // An absent field passes `!=` (Elasticsearch runs it as must_not), and fails `==`.
  EXPECT_TRUE(fires(R"(process where user.name != "SYSTEM")", kCmd()));
  EXPECT_FALSE(fires(R"(process where user.name == "SYSTEM")", kCmd()));
}

TEST(EqlOperatorTest, NumbersCompareNumerically) {
  EXPECT_TRUE(fires("process where process.pid == 4", kCmd()));
  EXPECT_TRUE(fires("process where process.pid == 4.0", kCmd()));
  EXPECT_FALSE(fires("process where process.pid == 5", kCmd()));
  EXPECT_FALSE(fires("process where process.pid != 4", kCmd()));
  EXPECT_TRUE(fires("process where process.pid != 8", kCmd()));
  EXPECT_TRUE(fires("process where process.pid < 5 and process.pid <= 4 and process.pid > 3 and process.pid >= 4", kCmd()));
  EXPECT_FALSE(fires("process where process.pid < 4", kCmd()));
  EXPECT_FALSE(fires("process where process.pid > 4", kCmd()));
  EXPECT_FALSE(fires("process where process.pid >= 5", kCmd()));
  EXPECT_FALSE(fires("process where process.pid <= 3", kCmd()));
  EXPECT_FALSE(fires("process where process.name > 3", kCmd()));  // not a number: no match
}

TEST(EqlOperatorTest, InIsCaseSensitiveAndInTildeIsNot) {
  EXPECT_TRUE(fires(R"(process where process.name in ("a", "CMD.exe"))", kCmd()));
  EXPECT_FALSE(fires(R"(process where process.name in ("a", "cmd.exe"))", kCmd()));
  EXPECT_TRUE(fires(R"(process where process.name in~ ("a", "cmd.exe"))", kCmd()));
  EXPECT_FALSE(fires(R"(process where process.name in~ ("a", "cmd"))", kCmd()));
  EXPECT_TRUE(fires(R"(process where process.name not in ("a", "b"))", kCmd()));
  EXPECT_FALSE(fires(R"(process where process.name not in ("a", "CMD.exe"))", kCmd()));
  EXPECT_TRUE(fires(R"(process where process.pid in (3, 4))", kCmd()));
  EXPECT_FALSE(fires(R"(process where process.pid in (3, 5))", kCmd()));
}

TEST(EqlOperatorTest, LikeAndLikeTilde) {
  EXPECT_TRUE(fires(R"(process where process.name like "CMD.*")", kCmd()));
  EXPECT_FALSE(fires(R"(process where process.name like "cmd.*")", kCmd()));
  EXPECT_TRUE(fires(R"(process where process.name like~ "cmd.*")", kCmd()));
  EXPECT_TRUE(fires(R"(process where process.name like~ ("x*", "?md.exe"))", kCmd()));
  EXPECT_FALSE(fires(R"(process where process.name like~ ("x*", "?d.exe"))", kCmd()));
}

TEST(EqlOperatorTest, RegexMatchesTheWholeValue) {
  EXPECT_TRUE(fires(R"(process where process.name regex "C.D\\.exe")", kCmd()));  // "\\." is \. in RE2
  EXPECT_FALSE(fires(R"(process where process.name regex """c.d\.exe""")", kCmd()));
  EXPECT_TRUE(fires(R"(process where process.name regex~ """c.d\.exe""")", kCmd()));
  EXPECT_FALSE(fires(R"(process where process.name regex~ """c.d\.bat""")", kCmd()));
  EXPECT_FALSE(fires(R"(process where process.name regex "MD")", kCmd()));  // anchored, as Lucene
  EXPECT_TRUE(fires(R"(process where process.name regex """.*MD.*""")", kCmd()));
  EXPECT_TRUE(fires(R"(process where process.name regex~ ("x", """[a-z]{3}\.EXE"""))", kCmd()));
}

TEST(EqlOperatorTest, OptionalFieldsAndNull) {
  EXPECT_FALSE(fires(R"(process where ?process.pe.original_file_name == "cmd.exe")", kCmd()));
  EXPECT_TRUE(fires(R"(process where ?process.pe.original_file_name == null)", kCmd()));
  EXPECT_FALSE(fires(R"(process where ?process.pe.original_file_name != null)", kCmd()));
  EXPECT_TRUE(fires(R"(process where process.name != null)", kCmd()));
  EXPECT_FALSE(fires(R"(process where process.name == null)", kCmd()));
  EXPECT_FALSE(fires(R"(process where ?process.pe.original_file_name : "*")", kCmd()));
}

TEST(EqlOperatorTest, BooleansAndBooleanFields) {
  const auto e = process({{"process.code_signature.trusted", "false"}});
  EXPECT_TRUE(fires("process where process.code_signature.trusted == false", e));
  EXPECT_FALSE(fires("process where process.code_signature.trusted == true", e));
  EXPECT_TRUE(fires("process where true", e));
  EXPECT_FALSE(fires("process where false", e));
}

TEST(EqlOperatorTest, AndOrNotPrecedence) {
  // not binds tighter than and, and tighter than or: (not a) or (b and c).
  const auto q = R"(process where not process.name : "x" or process.pid == 1 and process.name : "cmd.exe")";
  EXPECT_TRUE(fires(q, kCmd()));
  EXPECT_FALSE(fires(R"(process where not process.name : "cmd.exe" or process.pid == 1 and process.name : "cmd.exe")", kCmd()));
  EXPECT_TRUE(fires(R"(process where not (process.name : "x" and process.pid == 4))", kCmd()));
  EXPECT_FALSE(fires(R"(process where not (process.name : "cmd.exe" and process.pid == 4))", kCmd()));
  EXPECT_TRUE(fires(R"(process where process.name : "x" or process.name : "y" or process.pid == 4)", kCmd()));
}

TEST(EqlOperatorTest, MultiValuedFieldsMatchAnyElement) {
  const auto e = process({{"process.args", "aspnet_regiis.exe"}, {"process.args", "-pdf"}, {"process.args", "connectionStrings"}});
  EXPECT_TRUE(fires(R"(process where process.args : "-PDF")", e));
  EXPECT_TRUE(fires(R"(process where process.args : ("-pd", "-pdf") and process.args : "connectionstrings")", e));
  EXPECT_FALSE(fires(R"(process where process.args : "-pef")", e));
  EXPECT_TRUE(fires(R"(process where startsWith(process.args, "-p"))", e));
  EXPECT_FALSE(fires(R"(process where startsWith(process.args, "-x"))", e));
  // Outside a comparison or string test, a field gives its first value in event order.
  EXPECT_TRUE(fires(R"(process where length(process.args) == 17)", e));  // "aspnet_regiis.exe"
  EXPECT_FALSE(fires(R"(process where length(process.args) == 4)", e));
}

TEST(EqlOperatorTest, StringsEscapesRawAndBackquotedNames) {
  const auto e = process({{"process.executable", "C:\\Windows\\cmd.exe"}, {"odd name", "v\"1"}});
  EXPECT_TRUE(fires(R"(process where process.executable : "c:\\windows\\*")", e));
  EXPECT_TRUE(fires(R"(process where process.executable : """C:\Windows\cmd.exe""")", e));
  EXPECT_TRUE(fires(R"(process where process.executable == ?"C:\Windows\cmd.exe")", e));
  EXPECT_FALSE(fires(R"(process where process.executable : "c:\\temp\\*")", e));
  EXPECT_TRUE(fires(R"(process where `odd name` == "v\"1")", e));
  EXPECT_TRUE(fires("process where `odd name` == \"v\\u{22}1\"", e));
}

TEST(EqlOperatorTest, WinlogEventDataNamesTheWindowsField) {
  // NDJSON and EVTX keep winlog.event_data.X as the data field X.
  const auto e = ecs({{"event.category", "authentication"}, {"TargetUserSid", "S-1-5-18"}});
  EXPECT_TRUE(fires(R"(authentication where winlog.event_data.TargetUserSid : "S-1-5-18")", e));
  EXPECT_FALSE(fires(R"(authentication where winlog.event_data.TargetUserSid : "S-1-0-0")", e));
}

}  // namespace
}  // namespace temper::detect::test
