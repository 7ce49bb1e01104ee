// SPDX-License-Identifier: Apache-2.0
#include "model/snapshot_json.hpp"

#include <gtest/gtest.h>

#include "core/file.hpp"

namespace temper::model {
namespace {
const std::string kExample = std::string(TEMPER_TEST_DATA_DIR) + "/model/web01-snapshot.json";
}

TEST(SnapshotJsonTest, ExampleRoundTripsExactly) {
  auto text = read_file(kExample);
  ASSERT_TRUE(text) << text.error().to_string();
  auto first = parse_snapshot(*text, kExample);
  ASSERT_TRUE(first) << first.error().to_string();
  const std::string written = write_snapshot(*first);
  auto second = parse_snapshot(written, "rewritten");
  ASSERT_TRUE(second) << second.error().to_string();
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(write_snapshot(*second), written);
  // Concrete facts survive.
  EXPECT_EQ(second->host.role, Role::kMemberServer);
  EXPECT_TRUE(second->has_feature("web-server"));
  ASSERT_TRUE(second->user_rights);
  EXPECT_EQ(second->user_rights->at("SeNetworkLogonRight").size(), 4u);
  EXPECT_EQ(second->registry->find("HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa")->values.at("LmCompatibilityLevel").number, 3u);
  ASSERT_TRUE(second->iis);
  EXPECT_EQ(second->iis->scopes.size(), 7u);
  EXPECT_EQ(second->iis->scope("MACHINE/WEBROOT/APPHOST/Shop/downloads")->sections.at("system.webServer/directoryBrowse")
                ->attribute("enabled")->origin,
            "D:\\sites\\shop\\downloads\\web.config:5");
}

TEST(SnapshotJsonTest, EveryValueTypeRoundTrips) {
  Snapshot s;
  s.host.name = "H";
  s.source.kind = SourceKind::kPolicy;
  s.registry = Registry{};
  s.registry->collected = {"HKLM\\SOFTWARE\\Policies"};
  RegistryKey& k = s.registry->keys["HKLM\\SOFTWARE\\Policies\\X"];
  k.values["dw"] = RegValue::dword(4294967295u);
  k.values["qw"] = RegValue::qword(18446744073709551615ull);
  k.values["sz"] = RegValue::sz("O:BAG:BAD:(A;;RC;;;BA)");
  k.values["multi"] = RegValue::multi_sz({"a", "", "c"});
  RegValue bin;
  bin.type = RegType::kBinary;
  bin.binary = {0, 1, 255};
  k.values["bin"] = bin;
  s.user_rights.emplace();
  (*s.user_rights)["SeTcbPrivilege"] = {};
  s.security_options.emplace();
  (*s.security_options)["NewGuestName"] = OptionValue{std::nullopt, "Visitor"};
  (*s.security_options)["LockoutBadCount"] = OptionValue{5, "5"};
  const std::string text = write_snapshot(s);
  auto back = parse_snapshot(text);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(*back, s);
  EXPECT_TRUE(back->user_rights->at("SeTcbPrivilege").empty());  // defined, nobody
  EXPECT_FALSE(back->features);                                  // not collected
}

TEST(SnapshotJsonTest, ANumberThatOverflowsIsAParseErrorNotACrash) {
  // Found by fuzzing: nlohmann throws out_of_range (406), not parse_error, for such a number.
  auto s = parse_snapshot("{\"schema\": \"temper.snapshot/1\", \"x\": 777777777777777777777777e9905}", "big.json");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kParse);
  EXPECT_NE(s.error().to_string().find("big.json"), std::string::npos) << s.error().to_string();
  EXPECT_NE(s.error().message.find("number overflow"), std::string::npos) << s.error().message;
}

TEST(SnapshotJsonTest, MalformedJsonNamesLineAndColumn) {
  const std::string text = "{\n  \"schema\": \"temper.snapshot/1\",\n  \"host\": {\"name\": \"x\",}\n}\n";
  auto s = parse_snapshot(text, "bad.json");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kParse);
  ASSERT_TRUE(s.error().where);
  EXPECT_EQ(s.error().where->file, "bad.json");
  EXPECT_EQ(s.error().where->line, 3u);
  EXPECT_EQ(s.error().where->column, 24u);
  EXPECT_NE(s.error().to_string().find("bad.json:3:24"), std::string::npos);
}

TEST(SnapshotJsonTest, NewerSchemaIsRefused) {
  auto s = parse_snapshot(R"({"schema": "temper.snapshot/2", "host": {}})", "future.json");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kSchemaVersion);
  EXPECT_NE(s.error().message.find("newer"), std::string::npos);
  auto other = parse_snapshot(R"({"schema": "something/1"})");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kSchemaVersion);
  auto missing = parse_snapshot(R"({"host": {}})");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kSchemaVersion);
}

TEST(SnapshotJsonTest, WrongTypesAreNamedByJsonPointer) {
  auto s = parse_snapshot(R"({"schema": "temper.snapshot/1", "user_rights": {"SeTcbPrivilege": "S-1-5-18"}})");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(s.error().message.find("/user_rights/SeTcbPrivilege"), std::string::npos);
  auto role = parse_snapshot(R"({"schema": "temper.snapshot/1", "host": {"role": "mainframe"}})");
  ASSERT_FALSE(role);
  EXPECT_NE(role.error().message.find("/host/role"), std::string::npos);
  auto reg = parse_snapshot(
      R"({"schema": "temper.snapshot/1", "registry": {"keys": {"HKLM\\X": {"v": {"type": "REG_DWORD", "data": "five"}}}}})");
  ASSERT_FALSE(reg);
  EXPECT_NE(reg.error().message.find("/registry/keys/HKLM\\X/v/data"), std::string::npos);
}

TEST(SnapshotJsonTest, SecretsAreWrittenMaskedWithTheirClass) {
  Snapshot s;
  s.iis = Iis{};
  s.iis->installed = true;
  IisScope scope;
  scope.path = std::string(kApphostPath);
  ConfigElement user{"user", {}, {}, "web.config:4"};
  user.attributes["name"] = ConfigAttribute{"admin", "", false, SecretClass::kNone};
  user.attributes["password"] = ConfigAttribute{"hunter2", "web.config:4", false, SecretClass::kPlaintext};
  user.attributes["connectionString"] = ConfigAttribute{"Server=s;Password=hunter3", "", false, SecretClass::kPlaintext};
  user.attributes["validationKey"] = ConfigAttribute{"AutoGenerate", "", false, SecretClass::kGenerated};
  scope.sections["system.web/authentication"] = user;
  s.iis->scopes.push_back(scope);
  const std::string text = write_snapshot(s);
  EXPECT_EQ(text.find("hunter"), std::string::npos) << text;
  auto back = parse_snapshot(text);
  ASSERT_TRUE(back) << back.error().to_string();
  const ConfigElement& e = back->iis->scopes.at(0).sections.at("system.web/authentication");
  for (const auto& [name, a] : user.attributes) {
    EXPECT_EQ(e.attribute(name)->secret, a.secret) << name;
    EXPECT_EQ(e.attribute(name)->shown_value(), a.shown_value()) << name;
  }
  EXPECT_EQ(e.attribute("connectionString")->value, "Server=s;Password=[REDACTED]");
  EXPECT_EQ(write_snapshot(*back), text);
}

TEST(SnapshotJsonTest, SecretClassIsOptionalAndChecked) {
  const auto element = [](const std::string& attributes) {
    return parse_snapshot(R"({"schema": "temper.snapshot/1", "iis": {"installed": true, "scopes": [{"path": "MACHINE/WEBROOT/APPHOST",
        "kind": "server", "sections": {"appSettings": {"name": "appSettings", "attributes": )" + attributes + "}}}]}}");
  };
  auto bad = element(R"({"value": {"value": "x", "secret": "hidden"}})");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("/attributes/value/secret"), std::string::npos) << bad.error().message;
  // Snapshots written before the class existed hold only masks: they read as the class they stood for.
  auto old = element(R"({"a": "[REDACTED]", "b": {"value": "Server=s;Password=[REDACTED]"}, "c": "[encrypted]", "d": "Clear"})");
  ASSERT_TRUE(old) << old.error().to_string();
  const ConfigElement& e = old->iis->scopes.at(0).sections.at("appSettings");
  EXPECT_EQ(e.attribute("a")->secret, SecretClass::kPlaintext);
  EXPECT_EQ(e.attribute("b")->secret, SecretClass::kPlaintext);
  EXPECT_EQ(e.attribute("c")->secret, SecretClass::kEncrypted);
  EXPECT_EQ(e.attribute("d")->secret, SecretClass::kNone);
}

TEST(SnapshotJsonTest, SectionsLeftOutAreNotCollected) {
  auto s = parse_snapshot(R"({"schema": "temper.snapshot/1", "host": {"name": "min"}})");
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_FALSE(s->user_rights);
  EXPECT_FALSE(s->registry);
  EXPECT_FALSE(s->services);
  EXPECT_FALSE(s->iis);
  EXPECT_FALSE(s->host.role);
}

TEST(SnapshotJsonTest, HostileInputNeverCrashes) {
  for (const std::string& text : {std::string(""), std::string("[]"), std::string("null"), std::string(100000, '['),
                                 std::string("{\"schema\":\"temper.snapshot/1\",\"iis\":{\"scopes\":[{\"path\":[]}]}}"),
                                 std::string("{\"schema\":\"temper.snapshot/99999999999999999999\"}")}) {
    auto s = parse_snapshot(text);
    EXPECT_FALSE(s);
  }
}
}  // namespace temper::model
