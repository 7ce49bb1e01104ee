// SPDX-License-Identifier: Apache-2.0
#include "report/audit_report.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>

namespace temper::report {
namespace {

// What write_audit_json wrote, read back from a temporary file.
std::string written(const model::AuditReport& report) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::tmpfile(), &std::fclose);
  EXPECT_NE(f, nullptr);
  EXPECT_TRUE(write_audit_json(report, f.get()));
  std::rewind(f.get());
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f.get())) > 0;) out.append(buf, n);
  return out;
}

model::Rule rule(std::string id) {
  model::Rule r;
  r.id = std::move(id);
  r.title = "Ensure \"x\" is set\tnow";
  r.section = "Section é";
  r.level = 2;
  r.refs["cis-iis-10"] = model::Ref{"3.9", {}, std::nullopt, {}};
  r.refs["cis-ws2022"] = model::Ref{"", {{model::Role::kMemberServer, "2.2.33"}, {model::Role::kDomainController, "2.2.32"}}, std::nullopt, {}};
  return r;
}

TEST(AuditJson, StreamedDocumentIsTheTreeDumpedByteForByte) {
  const model::Rule r1 = rule("iis.machine-key");
  const model::Rule r2 = rule("win.user-right.SeDebugPrivilege");
  model::AuditReport report;
  report.host.name = "WEB01";
  report.host.role = model::Role::kMemberServer;
  report.level = 2;
  report.warnings = {"not collected: C:\\Windows\\machine.config", "line\nbreak"};
  model::Finding pass{&r1, model::Status::kPass, "MACHINE/WEBROOT/APPHOST/Shop", "system.web/machineKey@validation",
                      "HMACSHA256", "HMACSHA256", {"set at C:\\sites\\shop\\web.config:12", "also applies to: a, b"}, "", {}};
  model::Finding error{&r2, model::Status::kError, "", "SeDebugPrivilege", "", "", {}, "not collected: secedit export", {}};
  model::Finding excepted = pass;
  excepted.status = model::Status::kExcepted;
  excepted.evidence.clear();
  excepted.exception = model::RuleException{"iis.*", "Shop", "legacy client", "ops", std::nullopt, "", SourceLocation("ex.yaml", 3, 1)};
  model::Finding orphan{nullptr, model::Status::kFail, "", "\x01 control", "a", "b", {}, "", {}};
  report.findings = {pass, error, excepted, orphan};
  report.summary = model::summarize(report.findings);
  EXPECT_EQ(written(report), audit_to_json(report).dump(2) + "\n");

  report.host.role.reset();  // refs by role: every number
  EXPECT_EQ(written(report), audit_to_json(report).dump(2) + "\n");
}

TEST(AuditJson, EmptyResultsAndWarnings) {
  model::AuditReport report;
  report.summary = model::summarize(report.findings);
  const std::string text = written(report);
  EXPECT_EQ(text, audit_to_json(report).dump(2) + "\n");
  EXPECT_NE(text.find("\"results\": []"), std::string::npos);
  EXPECT_NE(text.find("\"warnings\": []"), std::string::npos);
}

TEST(AuditJson, ManyResultsCrossTheWriteBuffer) {
  const model::Rule r = rule("iis.directory-browse");
  model::AuditReport report;
  for (int i = 0; i < 3000; ++i) {
    report.findings.push_back(model::Finding{&r, model::Status::kFail, "MACHINE/WEBROOT/APPHOST/site" + std::to_string(i),
                                             "system.webServer/directoryBrowse@enabled", "false", "true",
                                             {"set at C:\\inetpub\\site" + std::to_string(i) + "\\web.config:3"}, "", {}});
  }
  report.summary = model::summarize(report.findings);
  EXPECT_EQ(written(report), audit_to_json(report).dump(2) + "\n");
}

TEST(AuditJson, AFailedWriteIsReported) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> full(std::fopen("/dev/full", "w"), &std::fclose);
  if (full == nullptr) GTEST_SKIP() << "no /dev/full here";
  model::AuditReport report;
  EXPECT_FALSE(write_audit_json(report, full.get()));
}

}  // namespace
}  // namespace temper::report
