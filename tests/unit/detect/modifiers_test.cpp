// SPDX-License-Identifier: Apache-2.0
// Each Sigma modifier with a positive and a negative case against hand-written events.
#include <gtest/gtest.h>

#include <random>

#include "detect/detail/contains_index.hpp"
#include "detect/regex.hpp"

#include "detect_test_util.hpp"

namespace temper::detect::test {
namespace {

const std::string_view kCmd = "C:\\Windows\\System32\\cmd.exe";

TEST(SigmaModifierTest, PlainValueIsCaseInsensitiveWholeValue) {
  const auto rule = rule_with("    Image: 'c:\\windows\\system32\\CMD.EXE'");
  EXPECT_TRUE(matches(rule, sysmon1({{"Image", kCmd}})));
  EXPECT_FALSE(matches(rule, sysmon1({{"Image", "C:\\Windows\\System32\\cmd.exe.bak"}})));
}

TEST(SigmaModifierTest, ContainsStartsWithEndsWith) {
  EXPECT_TRUE(matches(rule_with("    CommandLine|contains: ' -enc '"), sysmon1({{"CommandLine", "powershell -ENC abc"}})));
  EXPECT_FALSE(matches(rule_with("    CommandLine|contains: ' -enc '"), sysmon1({{"CommandLine", "powershell -e abc"}})));
  EXPECT_TRUE(matches(rule_with("    Image|startswith: 'C:\\Windows\\'"), sysmon1({{"Image", kCmd}})));
  EXPECT_FALSE(matches(rule_with("    Image|startswith: 'C:\\Temp\\'"), sysmon1({{"Image", kCmd}})));
  EXPECT_TRUE(matches(rule_with("    Image|endswith: '\\cmd.exe'"), sysmon1({{"Image", kCmd}})));
  EXPECT_FALSE(matches(rule_with("    Image|endswith: '\\powershell.exe'"), sysmon1({{"Image", kCmd}})));
}

TEST(SigmaModifierTest, WildcardsAndEscapes) {
  EXPECT_TRUE(matches(rule_with("    Image: 'C:*\\cmd.?xe'"), sysmon1({{"Image", kCmd}})));
  EXPECT_FALSE(matches(rule_with("    Image: 'C:*\\cmd.?xe'"), sysmon1({{"Image", "C:\\cmd.exe.bak"}})));
  // An escaped star is a literal star.
  EXPECT_TRUE(matches(rule_with("    CommandLine: 'a\\*b'"), sysmon1({{"CommandLine", "a*b"}})));
  EXPECT_FALSE(matches(rule_with("    CommandLine: 'a\\*b'"), sysmon1({{"CommandLine", "axxb"}})));
}

TEST(SigmaModifierTest, ListIsOrAndAllIsAnd) {
  const auto any = rule_with("    CommandLine|contains:\n      - 'foo'\n      - 'bar'");
  EXPECT_TRUE(matches(any, sysmon1({{"CommandLine", "x bar"}})));
  EXPECT_FALSE(matches(any, sysmon1({{"CommandLine", "x baz"}})));
  const auto all = rule_with("    CommandLine|contains|all:\n      - 'foo'\n      - 'bar'");
  EXPECT_TRUE(matches(all, sysmon1({{"CommandLine", "bar foo"}})));
  EXPECT_FALSE(matches(all, sysmon1({{"CommandLine", "x bar"}})));
}

TEST(SigmaModifierTest, Cased) {
  const auto rule = rule_with("    CommandLine|contains|cased: 'Invoke-Mimikatz'");
  EXPECT_TRUE(matches(rule, sysmon1({{"CommandLine", "x Invoke-Mimikatz"}})));
  EXPECT_FALSE(matches(rule, sysmon1({{"CommandLine", "x invoke-mimikatz"}})));
}

TEST(SigmaModifierTest, RegexWithAndWithoutIgnoreCase) {
  EXPECT_TRUE(matches(rule_with("    CommandLine|re: 'net\\s+user'"), sysmon1({{"CommandLine", "net   user x"}})));
  EXPECT_FALSE(matches(rule_with("    CommandLine|re: 'net\\s+user'"), sysmon1({{"CommandLine", "NET USER x"}})));
  EXPECT_TRUE(matches(rule_with("    CommandLine|re|i: 'net\\s+user'"), sysmon1({{"CommandLine", "NET USER x"}})));
  // Catastrophic backtracking in a backtracking engine; linear in RE2.
  const std::string evil(5000, 'a');
  EXPECT_FALSE(matches(rule_with("    CommandLine|re: '(a+)+$b'"), sysmon1({{"CommandLine", evil}})));
}

TEST(SigmaModifierTest, RegexRejectedByRe2IsUnsupported) {
  const auto set = compile_one(rule_with("    CommandLine|re: '(a)\\1'"));
  ASSERT_EQ(set.unsupported().size(), 1u);
  EXPECT_NE(set.unsupported()[0].reason.find("RE2"), std::string::npos);
}

TEST(SigmaModifierTest, Windash) {
  const auto rule = rule_with("    CommandLine|contains|windash: ' -exec bypass'");
  EXPECT_TRUE(matches(rule, sysmon1({{"CommandLine", "powershell /exec bypass"}})));
  EXPECT_TRUE(matches(rule, sysmon1({{"CommandLine", "powershell \xE2\x80\x93" "exec bypass"}})));
  EXPECT_FALSE(matches(rule, sysmon1({{"CommandLine", "powershell +exec bypass"}})));
}

TEST(SigmaModifierTest, Base64AndBase64Offset) {
  // base64("whoami") = d2hvYW1p
  EXPECT_TRUE(matches(rule_with("    CommandLine|base64|contains: 'whoami'"), sysmon1({{"CommandLine", "-e d2hvYW1p"}})));
  EXPECT_FALSE(matches(rule_with("    CommandLine|base64|contains: 'whoami'"), sysmon1({{"CommandLine", "-e D2HVYW1P"}})));
  // "xwhoami" -> eHdob2FtaQ==; the offset-1 encoding of "whoami" is "d2hvYW1p"'s shifted form "3aG9hbW"
  const auto off = rule_with("    CommandLine|base64offset|contains: 'whoami'");
  EXPECT_TRUE(matches(off, sysmon1({{"CommandLine", "eHdob2FtaQ=="}})));
  EXPECT_TRUE(matches(off, sysmon1({{"CommandLine", "d2hvYW1p"}})));
  EXPECT_FALSE(matches(off, sysmon1({{"CommandLine", "aGVsbG8="}})));
}

TEST(SigmaModifierTest, WideBase64Offset) {
  // UTF-16LE "ab" = 61 00 62 00 -> base64 "YQBiAA=="
  const auto rule = rule_with("    CommandLine|wide|base64offset|contains: 'ab'");
  EXPECT_TRUE(matches(rule, sysmon1({{"CommandLine", "x YQBiAA== y"}})));
  EXPECT_FALSE(matches(rule, sysmon1({{"CommandLine", "x YWI= y"}})));
}

// utf16le/utf16be/utf16/wide encode the value before base64: "whoami" in UTF-16LE is
// 77 00 68 00 6F 00 61 00 6D 00 69 00 -> "dwBoAG8AYQBtAGkA"; UTF-16BE -> "AHcAaABvAGEAbQBp"; UTF-8 -> "d2hvYW1p".
TEST(SigmaModifierTest, Utf16LeAndWideBeforeBase64) {
  for (const char* m : {"utf16le", "wide"}) {
    SCOPED_TRACE(m);
    const auto rule = rule_with(std::string("    CommandLine|") + m + "|base64|contains: 'whoami'");
    EXPECT_TRUE(matches(rule, sysmon1({{"CommandLine", "powershell -enc dwBoAG8AYQBtAGkA"}})));
    EXPECT_FALSE(matches(rule, sysmon1({{"CommandLine", "powershell -enc d2hvYW1p"}})));          // UTF-8
    EXPECT_FALSE(matches(rule, sysmon1({{"CommandLine", "powershell -enc AHcAaABvAGEAbQBp"}})));  // UTF-16BE
  }
}

TEST(SigmaModifierTest, Utf16BeBeforeBase64) {
  const auto rule = rule_with("    CommandLine|utf16be|base64|contains: 'whoami'");
  EXPECT_TRUE(matches(rule, sysmon1({{"CommandLine", "x AHcAaABvAGEAbQBp y"}})));
  EXPECT_FALSE(matches(rule, sysmon1({{"CommandLine", "x dwBoAG8AYQBtAGkA y"}})));
}

TEST(SigmaModifierTest, Utf16WithByteOrderMarkBeforeBase64) {
  // FF FE then UTF-16LE -> "//53AGgAbwBhAG0AaQA="
  const auto rule = rule_with("    CommandLine|utf16|base64|contains: 'whoami'");
  EXPECT_TRUE(matches(rule, sysmon1({{"CommandLine", "-e //53AGgAbwBhAG0AaQA="}})));
  EXPECT_FALSE(matches(rule, sysmon1({{"CommandLine", "-e dwBoAG8AYQBtAGkA"}})));  // no byte order mark
}

TEST(SigmaModifierTest, Utf16BeforeBase64OffsetFindsTheTextInsideACommand) {
  // "IEX (whoami)" in UTF-16LE -> "SQBFAFgAIAAoAHcAaABvAGEAbQBpACkA": "whoami" starts at byte 10 (offset 1 of 3).
  const std::string encoded = "powershell -EncodedCommand SQBFAFgAIAAoAHcAaABvAGEAbQBpACkA";
  EXPECT_TRUE(matches(rule_with("    CommandLine|utf16le|base64offset|contains: 'whoami'"), sysmon1({{"CommandLine", encoded}})));
  EXPECT_TRUE(matches(rule_with("    CommandLine|wide|base64offset|contains: 'IEX'"), sysmon1({{"CommandLine", encoded}})));
  // The same command in UTF-8 ("SUVYICh3aG9hbWkp") holds no UTF-16 form of it. (Its UTF-16BE form does occur in
  // the UTF-16LE stream, one byte later, after the '(': base64offset rightly finds that one too.)
  const std::string utf8 = "powershell -EncodedCommand SUVYICh3aG9hbWkp";
  EXPECT_TRUE(matches(rule_with("    CommandLine|base64offset|contains: 'whoami'"), sysmon1({{"CommandLine", utf8}})));
  EXPECT_FALSE(matches(rule_with("    CommandLine|utf16le|base64offset|contains: 'whoami'"), sysmon1({{"CommandLine", utf8}})));
  EXPECT_FALSE(matches(rule_with("    CommandLine|utf16be|base64offset|contains: 'whoami'"), sysmon1({{"CommandLine", utf8}})));
  EXPECT_FALSE(matches(rule_with("    CommandLine|utf16le|base64offset|contains: 'whoareyou'"), sysmon1({{"CommandLine", encoded}})));
}

TEST(SigmaModifierTest, Utf16WithoutBase64IsUnsupported) {
  const auto set = compile_one(rule_with("    CommandLine|utf16le: 'ab'"));
  ASSERT_EQ(set.unsupported().size(), 1u);
  EXPECT_NE(set.unsupported()[0].reason.find("utf16"), std::string::npos);
}

TEST(SigmaModifierTest, Exists) {
  EXPECT_TRUE(matches(rule_with("    Hashes|exists: true"), sysmon1({{"Hashes", "x"}})));
  EXPECT_FALSE(matches(rule_with("    Hashes|exists: true"), sysmon1({{"Image", "x"}})));
  EXPECT_TRUE(matches(rule_with("    Hashes|exists: false"), sysmon1({{"Image", "x"}})));
}

TEST(SigmaModifierTest, Neq) {
  const auto rule = rule_with("    User|neq: 'SYSTEM'");
  EXPECT_TRUE(matches(rule, sysmon1({{"User", "alice"}})));
  EXPECT_FALSE(matches(rule, sysmon1({{"User", "system"}})));
}

TEST(SigmaModifierTest, NumericComparisons) {
  EXPECT_TRUE(matches(rule_with("    ProcessId|gt: 100"), sysmon1({{"ProcessId", "4242"}})));
  EXPECT_FALSE(matches(rule_with("    ProcessId|gt: 100"), sysmon1({{"ProcessId", "4"}})));
  EXPECT_TRUE(matches(rule_with("    ProcessId|lte: 4"), sysmon1({{"ProcessId", "4"}})));
  EXPECT_FALSE(matches(rule_with("    ProcessId|lt: 4"), sysmon1({{"ProcessId", "4"}})));
  EXPECT_TRUE(matches(rule_with("    ProcessId|gte: 16"), sysmon1({{"ProcessId", "0x10"}})));
  EXPECT_FALSE(matches(rule_with("    ProcessId|gte: 16"), sysmon1({{"ProcessId", "many"}})));
}

TEST(SigmaModifierTest, Cidr) {
  const auto v4 = rule_with("    DestinationIp|cidr: '10.0.0.0/8'");
  EXPECT_TRUE(matches(v4, sysmon1({{"DestinationIp", "10.1.2.3"}})));
  EXPECT_FALSE(matches(v4, sysmon1({{"DestinationIp", "11.1.2.3"}})));
  EXPECT_FALSE(matches(v4, sysmon1({{"DestinationIp", "10.1.2"}})));
  const auto v6 = rule_with("    DestinationIp|cidr: 'fe80::/10'");
  EXPECT_TRUE(matches(v6, sysmon1({{"DestinationIp", "fe80::1"}})));
  EXPECT_FALSE(matches(v6, sysmon1({{"DestinationIp", "2001:db8::1"}})));
}

TEST(SigmaModifierTest, FieldRef) {
  const auto rule = rule_with("    ParentImage|fieldref: Image");
  EXPECT_TRUE(matches(rule, sysmon1({{"Image", kCmd}, {"ParentImage", "c:\\windows\\system32\\CMD.exe"}})));
  EXPECT_FALSE(matches(rule, sysmon1({{"Image", kCmd}, {"ParentImage", "C:\\x.exe"}})));
}

TEST(SigmaModifierTest, NullAndEmpty) {
  EXPECT_TRUE(matches(rule_with("    OriginalFileName: null"), sysmon1({{"Image", "x"}})));
  EXPECT_FALSE(matches(rule_with("    OriginalFileName: null"), sysmon1({{"OriginalFileName", "a.exe"}})));
  EXPECT_TRUE(matches(rule_with("    OriginalFileName: ''"), sysmon1({{"OriginalFileName", ""}})));
  EXPECT_FALSE(matches(rule_with("    OriginalFileName: ''"), sysmon1({{"OriginalFileName", "a"}})));
}

TEST(SigmaModifierTest, UnknownModifierAndExpandAreReported) {
  auto set = compile_one(rule_with("    Image|sounds_like: 'x'"));
  ASSERT_EQ(set.unsupported().size(), 1u);
  EXPECT_EQ(set.unsupported()[0].reason, "selection 'sel': unknown modifier 'sounds_like'");
  set = compile_one(rule_with("    Image|expand: '%admins%'"));
  ASSERT_EQ(set.unsupported().size(), 1u);
  EXPECT_NE(set.unsupported()[0].reason.find("placeholder"), std::string::npos);
}


// The Matcher tests a predicate of many contains operands through detail::ContainsIndex: on random
// operands and values over a small alphabet (both cases, a byte past ASCII, so that slots collide and
// matches overlap), it says what a plain search of each operand says, folded and cased.
TEST(SigmaModifierTest, ContainsIndexAgreesWithOneSearchPerOperand) {
  std::mt19937 rng(12345);
  const std::string alphabet = "aAbB\\ -^\xd0";
  auto random_text = [&](std::size_t max) {
    std::string out(std::uniform_int_distribution<std::size_t>(0, max)(rng), ' ');
    for (char& c : out) c = alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(rng)];
    return out;
  };
  for (int round = 0; round < 400; ++round) {
    Predicate p;
    p.cased = round % 2 == 1;
    const std::size_t n = std::uniform_int_distribution<std::size_t>(detail::ContainsIndex::kMinOperands, 14)(rng);
    for (std::size_t i = 0; i < n; ++i) {
      Operand op;
      op.kind = i % 7 == 6 ? MatchKind::kSuffix : MatchKind::kContains;  // another kind goes to rest()
      op.text = random_text(5);
      if (!p.cased) op.text = to_lower(op.text);
      p.operands.push_back(std::move(op));
    }
    if (!detail::ContainsIndex::worth(p)) continue;
    const detail::ContainsIndex index(p);
    for (int v = 0; v < 50; ++v) {
      const std::string value = random_text(12);
      const std::string folded = p.cased ? value : to_lower(value);
      bool expected = false;
      for (std::uint32_t i = 0; i < p.operands.size(); ++i) {
        const auto& op = p.operands[i];
        const bool rest = std::find(index.rest().begin(), index.rest().end(), i) != index.rest().end();
        EXPECT_EQ(rest, op.kind != MatchKind::kContains || op.text.size() < 2);
        if (!rest) expected = expected || folded.find(op.text) != std::string::npos;
      }
      ASSERT_EQ(index.any_in(value, p.cased), expected) << "value '" << value << "' round " << round;
    }
  }
}

// ... and through the Matcher, a rule with a long contains list fires on each of its operands.
TEST(SigmaModifierTest, LongContainsListsMatchEachOperand) {
  const auto set = compile_one(rule_with(
      "    CommandLine|contains:\n      - ' -NoP '\n      - ' -W Hidden '\n      - ' -decode '\n"
      "      - ' /urlcache '\n      - ' -e* JAB'\n      - 'SUVYI'\n      - 'x'\n      - ' -enc '\n"
      "      - 'iex('\n"));
  for (const char* line : {"powershell -NoP -c x", "PS -w hidden -enc AA", "certutil -DECODE a b", "ps -ec JABx", "IEX(New",
                           "suvyi", "x"}) {
    EXPECT_EQ(hits(set, sysmon1({{"CommandLine", line}})).size(), 1u) << line;
  }
  EXPECT_TRUE(hits(set, sysmon1({{"CommandLine", "cmd /c dir"}})).empty());  // no x either
}

}  // namespace
}  // namespace temper::detect::test
