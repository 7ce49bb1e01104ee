// SPDX-License-Identifier: Apache-2.0
// The `learn:` key (content/impact_loader.cpp): each form and evidence kind parses to its model, and
// each mistake is a diagnostic at the item that holds it.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "content/loader.hpp"

namespace temper::content {
namespace {
using model::ImpactModel;
using model::RequestEvidence;

// Check and fix of one rule, indented under the rule, for each fix type the evidence kinds care about.
constexpr std::string_view kBatchRight = R"(    check:
      type: user_right
      right: SeBatchLogonRight
      principals: [S-1-5-32-544]
    fix:
      type: user_right
      right: SeBatchLogonRight
      set: $expected
)";
constexpr std::string_view kDenyRight = R"(    check:
      type: user_right
      right: SeDenyNetworkLogonRight
      match: superset
      principals: [S-1-5-32-546]
    fix:
      type: user_right
      right: SeDenyNetworkLogonRight
      set: $expected
)";
constexpr std::string_view kRegistry = R"(    check:
      type: registry
      key: HKLM\SYSTEM\CurrentControlSet\Control\Lsa\MSV1_0
      value: RestrictSendingNTLMTraffic
      expect: {at_least: 1}
    fix: {type: registry, key: HKLM\SYSTEM\CurrentControlSet\Control\Lsa\MSV1_0, value: RestrictSendingNTLMTraffic,
          data_type: REG_DWORD, data: 1}
)";
constexpr std::string_view kService = R"(    check:
      type: service
      name: WMSvc
      start_mode: Disabled
    fix:
      type: service
      name: WMSvc
      start_mode: Disabled
)";
constexpr std::string_view kMaxUrl = R"(    check:
      type: iis_config
      element: system.webServer/security/requestFiltering/requestLimits
      attribute: maxUrl
      expect: {at_most: 4096}
    fix:
      type: iis_config
      element: system.webServer/security/requestFiltering/requestLimits
      attribute: maxUrl
      value: 4096
)";

// One rule entry, `id`, whose check and fix are `check_and_fix`, followed by `    learn:` and `learn`
// (the rest of that line, then lines indented six spaces).
std::string rule_entry(std::string_view id, std::string_view check_and_fix, std::string_view learn) {
  return "  - id: " + std::string(id) +
         "\n    title: t\n    section: s\n    level: 1\n    refs: {x: \"1\"}\n"
         "    description: d\n    rationale: r\n    impact: i\n    default_value: v\n    remediation: m\n" +
         std::string(check_and_fix) + "    learn:" + std::string(learn);
}

// A rules file with one rule, `t.rule`, whose `learn:` mapping is `learn` (lines indented six spaces).
std::string rule_with(std::string_view check_and_fix, std::string_view learn) {
  return "rules:\n" + rule_entry("t.rule", check_and_fix, "\n" + std::string(learn));
}

// The 1-based line of the first occurrence of `needle` in `text`.
std::uint32_t line_of(const std::string& text, std::string_view needle) {
  const auto at = text.find(needle);
  return at == std::string::npos ? 0 : static_cast<std::uint32_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n') + 1);
}

bool has_message(const LoadResult& r, std::string_view needle, std::uint32_t line = 0) {
  return std::any_of(r.diagnostics.begin(), r.diagnostics.end(), [&](const Diagnostic& d) {
    return d.message.find(needle) != std::string::npos && (line == 0 || d.where.line == line);
  });
}

std::string all_messages(const LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += d.to_string() + "\n";
  return out;
}

const ImpactModel& loaded_model(const LoadResult& r) {
  EXPECT_TRUE(r.ok()) << all_messages(r);
  static const ImpactModel kNone;
  if (r.content.rules().size() != 1 || !r.content.rules().front().learn) {
    ADD_FAILURE() << "no rule with an impact model was loaded";
    return kNone;
  }
  return *r.content.rules().front().learn;
}

// Loads `learn` on a rule with `check_and_fix` and expects one error containing `message` on the line
// where `at` first appears (anywhere when `at` is empty).
void expect_error(std::string_view check_and_fix, std::string_view learn, std::string_view message, std::string_view at = {}) {
  const std::string text = rule_with(check_and_fix, learn);
  const auto r = load_content_text(text, "learn.yaml");
  EXPECT_FALSE(r.ok()) << text;
  EXPECT_TRUE(has_message(r, message, at.empty() ? 0 : line_of(text, at)))
      << "expected '" << message << "' at '" << at << "', got:\n" << all_messages(r);
  EXPECT_TRUE(r.content.rules().empty()) << "a rule with a content error is not loaded";
}
}  // namespace

TEST(ImpactLoaderTest, ParsesSafeAndNoEvidenceWithTheirReasonAndNote) {
  struct Case {
    std::string_view learn;
    ImpactModel::Kind kind;
    std::string_view reason;
    std::string_view note;
  };
  const Case cases[] = {
      {"      safe: Auditing only records more events.\n      note: The log fills faster.\n", ImpactModel::Kind::kSafe,
       "Auditing only records more events.", "The log fills faster."},
      // A folded scalar: the reason is one sentence whatever the line breaks.
      {"      no_evidence: >-\n        Outgoing SMBv1 is not logged;\n        check mapped drives.\n",
       ImpactModel::Kind::kNoEvidence, "Outgoing SMBv1 is not logged; check mapped drives.", ""},
  };
  for (const auto& c : cases) {
    const auto r = load_content_text(rule_with(kRegistry, c.learn), "form.yaml");
    const auto& m = loaded_model(r);
    EXPECT_EQ(m.kind, c.kind) << c.learn;
    EXPECT_EQ(m.reason, c.reason);
    EXPECT_EQ(m.note, c.note);
    EXPECT_TRUE(m.evidence.empty());
  }
}

TEST(ImpactLoaderTest, ParsesAccountEvidenceOnAUserRightRule) {
  const auto r = load_content_text(rule_with(kBatchRight, R"(      evidence:
        - logons: [4, 5]
        - privileges: [seimpersonateprivilege]
        - needs: [$app_pool_identities:LogonBatch, S-1-5-32-568]
          note: application pools log on as a batch job
      note: a caveat
)"),
                                   "rights.yaml");
  const auto& m = loaded_model(r);
  EXPECT_EQ(m.kind, ImpactModel::Kind::kEvidence);
  EXPECT_EQ(m.note, "a caveat");
  ASSERT_EQ(m.evidence.size(), 3u);
  EXPECT_EQ(std::get<model::LogonEvidence>(m.evidence[0]), (model::LogonEvidence{{4, 5}, false}));
  // Privilege names are checked against the known constants and kept in their canonical spelling.
  EXPECT_EQ(std::get<model::PrivilegeEvidence>(m.evidence[1]).privileges, std::vector<std::string>{"SeImpersonatePrivilege"});
  const auto& needs = std::get<model::ConfigNeedEvidence>(m.evidence[2]);
  EXPECT_EQ(needs.principals, (std::vector<std::string>{"$app_pool_identities:LogonBatch", "S-1-5-32-568"}));
  EXPECT_FALSE(needs.deny);
  EXPECT_EQ(needs.note, "application pools log on as a batch job");
}

TEST(ImpactLoaderTest, DenyRightsTakeDenyEvidence) {
  const auto r = load_content_text(rule_with(kDenyRight, R"(      evidence:
        - logons: [3, 8]
          deny: true
        - needs: [$app_pool_identities]
          deny: true
          note: pools log on over the network
)"),
                                   "deny.yaml");
  const auto& m = loaded_model(r);
  ASSERT_EQ(m.evidence.size(), 2u);
  EXPECT_TRUE(std::get<model::LogonEvidence>(m.evidence[0]).deny);
  EXPECT_TRUE(std::get<model::ConfigNeedEvidence>(m.evidence[1]).deny);
}

TEST(ImpactLoaderTest, ParsesProtocolEvidenceOnARegistryRule) {
  const auto r = load_content_text(rule_with(kRegistry, R"(      evidence:
        - ntlm: v1
        - smb1_clients: true
        - tls_protocols: ["tls 1.0", "SSL 3.0"]
        - tls_ciphers: ["NULL", RC4, "aes 128"]
        - services: [Spooler, LanmanServer]
        - requests: verbs
          values: [trace, propfind]
        - requests: auth_over_http
)"),
                                   "protocols.yaml");
  const auto& m = loaded_model(r);
  ASSERT_EQ(m.evidence.size(), 7u);
  EXPECT_EQ(std::get<model::NtlmEvidence>(m.evidence[0]).use, "v1");
  EXPECT_TRUE(std::holds_alternative<model::Smb1Evidence>(m.evidence[1]));
  // Protocol and cipher names keep the spelling the logs use, whatever case the content wrote.
  EXPECT_EQ(std::get<model::TlsEvidence>(m.evidence[2]).protocols, (std::vector<std::string>{"TLS 1.0", "SSL 3.0"}));
  EXPECT_EQ(std::get<model::TlsEvidence>(m.evidence[3]).ciphers, (std::vector<std::string>{"NULL", "RC4", "AES 128"}));
  EXPECT_EQ(std::get<model::ServiceEvidence>(m.evidence[4]).services, (std::vector<std::string>{"Spooler", "LanmanServer"}));
  const auto& verbs = std::get<RequestEvidence>(m.evidence[5]);
  EXPECT_EQ(verbs.what, RequestEvidence::What::kVerbs);
  EXPECT_EQ(verbs.values, (std::vector<std::string>{"TRACE", "PROPFIND"}));
  EXPECT_EQ(std::get<RequestEvidence>(m.evidence[6]).what, RequestEvidence::What::kAuthOverHttp);
}

TEST(ImpactLoaderTest, ServicesFixMeansTheRulesServiceFix) {
  const auto r = load_content_text(rule_with(kService, "      evidence:\n        - services: fix\n        - requests: wmsvc\n"),
                                   "service.yaml");
  const auto& m = loaded_model(r);
  ASSERT_EQ(m.evidence.size(), 2u);
  EXPECT_TRUE(std::get<model::ServiceEvidence>(m.evidence[0]).services.empty());
  EXPECT_EQ(std::get<RequestEvidence>(m.evidence[1]).what, RequestEvidence::What::kWmsvc);
}

TEST(ImpactLoaderTest, LengthLimitsNeedTheRulesIisFix) {
  const auto ok = load_content_text(rule_with(kMaxUrl, "      evidence:\n        - requests: url_length\n"), "url.yaml");
  EXPECT_EQ(std::get<RequestEvidence>(loaded_model(ok).evidence.front()).what, RequestEvidence::What::kUrlLength);
  expect_error(kRegistry, "      evidence:\n        - requests: url_length\n", "reads its limit from the rule's iis_config fix",
               "- requests: url_length");
  expect_error(kRegistry, "      evidence:\n        - requests: rate\n", "reads its limit from the rule's iis_config fix");
}

TEST(ImpactLoaderTest, AnchorsShareOneModelBetweenRules) {
  // The first rule's `learn:` anchors its mapping; the second one's is the alias.
  const std::string text = "rules:\n" +
                           rule_entry("t.first", kRegistry, " &shared\n      safe: Only the log grows; nothing is refused.\n") +
                           rule_entry("t.second", kRegistry, " *shared\n");
  const auto r = load_content_text(text, "anchors.yaml");
  ASSERT_TRUE(r.ok()) << all_messages(r) << text;
  ASSERT_EQ(r.content.rules().size(), 2u);
  ASSERT_TRUE(r.content.rules()[0].learn && r.content.rules()[1].learn) << text;
  EXPECT_EQ(*r.content.rules()[0].learn, *r.content.rules()[1].learn);
  EXPECT_EQ(r.content.rules()[1].learn->kind, ImpactModel::Kind::kSafe);
}

TEST(ImpactLoaderTest, RejectsAModelWithoutExactlyOneForm) {
  expect_error(kRegistry, "      note: only a note here\n", "exactly one of 'safe'");
  expect_error(kRegistry, "      safe: Nothing is refused at all.\n      no_evidence: No log can show it here.\n",
               "exactly one of 'safe'");
  expect_error(kRegistry, "      evidence: []\n", "a non-empty list");
  expect_error(kRegistry, "      evidence:\n        - ntlm: v1\n      because: typo\n", "because", "because");
}

TEST(ImpactLoaderTest, RejectsConfigurationNeedsAlone) {
  expect_error(kBatchRight, "      evidence:\n        - needs: [$app_pool_identities:LogonBatch]\n          note: pools log on as batch jobs\n",
               "'needs' alone cannot show");
}

TEST(ImpactLoaderTest, RejectsAReasonTooShortToSayWhy) {
  expect_error(kRegistry, "      safe: fine\n", "say why in a sentence");
  expect_error(kRegistry, "      no_evidence: unknown\n", "say why in a sentence");
}

TEST(ImpactLoaderTest, RejectsTwoKindsInOneItemAndUnknownKinds) {
  expect_error(kRegistry, "      evidence:\n        - ntlm: v1\n          smb1_clients: true\n",
               "names two kinds ('ntlm' and 'smb1_clients')", "- ntlm: v1");
  expect_error(kRegistry, "      evidence:\n        - firewall: dropped\n", "needs one of: logons, privileges", "- firewall");
  expect_error(kRegistry, "      evidence:\n        - ntlm: v3\n", "one of v1, incoming, outgoing", "v3");
  expect_error(kRegistry, "      evidence:\n        - smb1_clients: false\n", "write 'smb1_clients: true'");
  expect_error(kRegistry, "      evidence:\n        - requests: cookies\n", "unknown 'cookies'", "cookies");
  expect_error(kRegistry, "      evidence:\n        - requests: verbs\n", "needs 'values'");
}

TEST(ImpactLoaderTest, AccountEvidenceNeedsAUserRightFix) {
  expect_error(kRegistry, "      evidence:\n        - logons: [3]\n", "judges a user_right fix; this rule has none", "- logons");
  expect_error(kRegistry, "      evidence:\n        - privileges: [SeTcbPrivilege]\n", "judges a user_right fix");
  expect_error(kRegistry, "      evidence:\n        - needs: [S-1-5-32-568]\n          note: IIS needs it\n",
               "judges a user_right fix");
  expect_error(kRegistry, "      evidence:\n        - services: fix\n", "'fix' judges the rule's service fix, which it lacks");
}

TEST(ImpactLoaderTest, ValidatesLogonTypesPrivilegesAndNeeds) {
  expect_error(kBatchRight, "      evidence:\n        - logons: [4, 1]\n", "logon type 1 is not one a logon right governs");
  expect_error(kBatchRight, "      evidence:\n        - logons: []\n", "a list of logon types");
  expect_error(kBatchRight, "      evidence:\n        - privileges: [SeFlyPrivilege]\n", "'SeFlyPrivilege' is not a privilege constant");
  expect_error(kBatchRight, "      evidence:\n        - privileges: [SeBatchLogonRight]\n", "is a logon right, which 4673/4674 never show");
  expect_error(kBatchRight, "      evidence:\n        - needs: [$app_pool_identities]\n", "note");
  expect_error(kBatchRight, "      evidence:\n        - needs: []\n          note: pools need it\n", "at least one principal");
}

TEST(ImpactLoaderTest, DenyMustMatchTheKindOfRight) {
  expect_error(kDenyRight, "      evidence:\n        - logons: [3, 8]\n", "the fix assigns a deny right", "- logons");
  expect_error(kDenyRight, "      evidence:\n        - needs: [$app_pool_identities]\n          note: pools log on\n",
               "the fix assigns a deny right");
  expect_error(kBatchRight, "      evidence:\n        - logons: [4]\n          deny: true\n", "'deny: true' is for deny rights");
}

TEST(ImpactLoaderTest, RejectsUnknownTlsNamesAndAnUnquotedNull) {
  expect_error(kRegistry, "      evidence:\n        - tls_protocols: [\"TLS 1.4\"]\n", "unknown 'TLS 1.4'", "TLS 1.4");
  expect_error(kRegistry, "      evidence:\n        - tls_ciphers: [\"Blowfish\"]\n", "unknown 'Blowfish'");
  expect_error(kRegistry, "      evidence:\n        - tls_ciphers: [NULL]\n", "write \"NULL\" in quotes", "[NULL]");
}

TEST(ImpactLoaderTest, ReportsEveryBadItemNotJustTheFirst) {
  const std::string text = rule_with(kRegistry, R"(      evidence:
        - ntlm: v9
        - tls_protocols: ["SSL 4.0"]
        - requests: nothing
)");
  const auto r = load_content_text(text, "many.yaml");
  EXPECT_TRUE(has_message(r, "one of v1, incoming, outgoing", line_of(text, "v9"))) << all_messages(r);
  EXPECT_TRUE(has_message(r, "unknown 'SSL 4.0'", line_of(text, "SSL 4.0"))) << all_messages(r);
  EXPECT_TRUE(has_message(r, "unknown 'nothing'", line_of(text, "nothing"))) << all_messages(r);
}

}  // namespace temper::content
