// SPDX-License-Identifier: Apache-2.0
#include "report/coverage.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace temper::report {
namespace {

model::Rule rule(std::string id, std::string number, std::optional<model::ImpactModel> learn) {
  model::Rule r;
  r.id = std::move(id);
  r.title = "t";
  r.level = 1;
  r.refs["cis-iis-10"] = model::Ref{std::move(number), {}, std::nullopt, {}};
  r.learn = std::move(learn);
  return r;
}

model::ImpactModel form(model::ImpactModel::Kind kind) {
  model::ImpactModel m;
  m.kind = kind;
  m.reason = "a reason long enough";
  return m;
}

model::ImpactModel evidence(std::vector<model::ImpactEvidence> items) {
  model::ImpactModel m;
  m.evidence = std::move(items);
  return m;
}

model::RequestEvidence request(model::RequestEvidence::What what) {
  model::RequestEvidence e;
  e.what = what;
  return e;
}

}  // namespace

TEST(CoverageTest, ImpactModelTextNamesTheFormOrTheEvidenceKinds) {
  using W = model::RequestEvidence::What;
  EXPECT_EQ(impact_model_text(rule("a", "1.1", std::nullopt)), "none");
  EXPECT_EQ(impact_model_text(rule("a", "1.1", form(model::ImpactModel::Kind::kSafe))), "safe");
  EXPECT_EQ(impact_model_text(rule("a", "1.1", form(model::ImpactModel::Kind::kNoEvidence))), "no evidence");
  EXPECT_EQ(impact_model_text(rule("a", "1.1", evidence({model::LogonEvidence{{4}, true},
                                                         model::ConfigNeedEvidence{{"$app_pool_identities"}, true, "n"}}))),
            "logons (deny), needs (deny)");
  EXPECT_EQ(impact_model_text(rule("a", "1.1", evidence({model::ServiceEvidence{}, request(W::kWmsvc)}))),
            "services, requests (wmsvc)");
  // An item repeated with the same text is listed once.
  EXPECT_EQ(impact_model_text(rule("a", "1.1", evidence({model::TlsEvidence{{"TLS 1.0"}, {}}, model::TlsEvidence{{"TLS 1.1"}, {}},
                                                         model::NtlmEvidence{"v1"}, model::Smb1Evidence{}}))),
            "tls_protocols, ntlm (v1), smb1_clients");
}

TEST(CoverageTest, TablesShowTheImpactModelAndTheSummaryCountsRules) {
  using W = model::RequestEvidence::What;
  const std::vector<model::Rule> rules = {
      rule("iis.a", "1.1", form(model::ImpactModel::Kind::kSafe)),
      rule("iis.b", "1.2", form(model::ImpactModel::Kind::kNoEvidence)),
      rule("iis.c", "1.3", evidence({request(W::kUrlLength), request(W::kVerbs)})),
      rule("iis.d", "1.4", evidence({request(W::kHighBit)})),
      rule("iis.e", "1.5", std::nullopt),
  };
  const std::string md = coverage_markdown(rules);
  EXPECT_NE(md.find("| 1.3 | L1 | `iis.c` | t | automated | host | requests (url_length), requests (verbs) |"), std::string::npos) << md;
  EXPECT_NE(md.find("| 1.5 | L1 | `iis.e` | t | automated | host | none |"), std::string::npos) << md;
  EXPECT_NE(md.find("| safe | 1 |\n| no evidence | 1 |\n| evidence | 2 |\n| none | 1 |\n"), std::string::npos) << md;
  // A rule judged by two request kinds counts once under `requests`.
  EXPECT_NE(md.find("| evidence kind | rules |\n|---|---|\n| requests | 2 |\n"), std::string::npos) << md;
}

}  // namespace temper::report
