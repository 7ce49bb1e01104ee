// SPDX-License-Identifier: Apache-2.0
// Snapshots written and read piece by piece (a hosting server's is about 100 KB per site).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/file.hpp"
#include "model/snapshot_json.hpp"

namespace temper::model {
namespace {
const std::string kExample = std::string(TEMPER_TEST_DATA_DIR) + "/model/web01-snapshot.json";

Snapshot example() {
  auto text = read_file(kExample);
  EXPECT_TRUE(text);
  auto s = parse_snapshot(*text, kExample);
  EXPECT_TRUE(s) << s.error().to_string();
  return *s;
}

std::filesystem::path temp_path(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("temper-stream-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" + name);
}

void write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

TEST(SnapshotStreamTest, StreamedTextIsTheTreeDumped) {
  Snapshot s = example();
  ASSERT_TRUE(s.iis);
  ASSERT_FALSE(s.iis->scopes.empty());
  EXPECT_EQ(write_snapshot(s), snapshot_to_json(s).dump(2) + "\n");
  // Pieces of about 64 KiB: a snapshot larger than that arrives in several.
  for (int i = 0; i < 6; ++i) {
    const auto copy = s.iis->scopes;
    s.iis->scopes.insert(s.iis->scopes.end(), copy.begin(), copy.end());
  }
  std::size_t pieces = 0;
  std::string text;
  ASSERT_TRUE(write_snapshot(s, [&](std::string_view chunk) {
    ++pieces;
    EXPECT_LE(chunk.size(), 2U * 65536U);
    text += chunk;
    return true;
  }));
  EXPECT_GT(pieces, 1U);
  EXPECT_EQ(text, snapshot_to_json(s).dump(2) + "\n");
  // Empty arrays, and no IIS at all.
  s.iis->scopes.clear();
  s.iis->files.clear();
  EXPECT_EQ(write_snapshot(s), snapshot_to_json(s).dump(2) + "\n");
  s.iis.reset();
  EXPECT_EQ(write_snapshot(s), snapshot_to_json(s).dump(2) + "\n");
}

TEST(SnapshotStreamTest, AFailingSinkIsReported) {
  EXPECT_FALSE(write_snapshot(example(), [](std::string_view) { return false; }));
  // A failure in an early piece of a large snapshot is not forgotten by later ones.
  Snapshot big = example();
  for (int i = 0; i < 6; ++i) {
    const auto copy = big.iis->scopes;
    big.iis->scopes.insert(big.iis->scopes.end(), copy.begin(), copy.end());
  }
  int calls = 0;
  EXPECT_FALSE(write_snapshot(big, [&](std::string_view) { return ++calls != 1; }));
  EXPECT_EQ(calls, 1) << "pieces after a failed one are not written";
}

TEST(SnapshotStreamTest, FileReadEqualsTextRead) {
  const Snapshot s = example();
  const auto path = temp_path("round.json");
  ASSERT_TRUE(write_file_streamed(path, [&](const FileSink& sink) { return write_snapshot(s, sink); }));
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".partial"));
  auto back = parse_snapshot_file(path);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(*back, s);
  EXPECT_EQ(write_snapshot(*back), write_snapshot(s));
  std::filesystem::remove(path);
}

TEST(SnapshotStreamTest, ErrorsInStreamedElementsKeepTheirPointer) {
  const std::string head = R"({"schema": "temper.snapshot/1", "iis": {"installed": true, "files": [{"path": "a", "role": "web_config"}, )";
  auto bad_file = parse_snapshot(head + R"({"path": 7.5}], "scopes": []}})", "f.json");
  ASSERT_FALSE(bad_file);
  EXPECT_NE(bad_file.error().message.find("/iis/files/1/path"), std::string::npos) << bad_file.error().message;
  auto not_object = parse_snapshot(head + R"(3]}})");
  ASSERT_FALSE(not_object);
  EXPECT_NE(not_object.error().message.find("/iis/files/1: expected an object"), std::string::npos) << not_object.error().message;
  auto nested_array = parse_snapshot(R"({"schema": "temper.snapshot/1", "iis": {"scopes": [{"path": "MACHINE/WEBROOT/APPHOST"}, [1]]}})");
  ASSERT_FALSE(nested_array);
  EXPECT_NE(nested_array.error().message.find("/iis/scopes/1: expected an object"), std::string::npos) << nested_array.error().message;
  auto bad_kind = parse_snapshot(R"({"schema": "temper.snapshot/1", "iis": {"scopes": [{"path": "MACHINE/WEBROOT/APPHOST"},
      {"path": "MACHINE/WEBROOT/APPHOST/A", "kind": "galaxy"}]}})");
  ASSERT_FALSE(bad_kind);
  EXPECT_NE(bad_kind.error().message.find("/iis/scopes/1/kind"), std::string::npos) << bad_kind.error().message;
  // A newer schema explains everything else: it is what the reader reports.
  auto future = parse_snapshot(R"({"iis": {"scopes": [{"kind": "galaxy"}]}, "schema": "temper.snapshot/9"})");
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().code, ErrorCode::kSchemaVersion);
}

TEST(SnapshotStreamTest, OnlyTheIisArraysAreStreamed) {
  // "scopes" elsewhere (a registry key, an object instead of an array) is read as before.
  auto s = parse_snapshot(R"({"schema": "temper.snapshot/1",
      "registry": {"collected": ["HKLM\\X"], "keys": {"HKLM\\X": {"scopes": {"type": "REG_SZ", "data": "v"}}}},
      "iis": {"installed": true, "scopes": [{"path": "MACHINE/WEBROOT/APPHOST", "kind": "server", "sections": {}},
                                            {"path": "MACHINE/WEBROOT/APPHOST/A", "parent": "MACHINE/WEBROOT/APPHOST", "kind": "site"}],
              "files": [], "sites": [{"name": "A", "applications": [{"path": "/", "virtual_directories": [{"path": "/"}]}]}]}})");
  ASSERT_TRUE(s) << s.error().to_string();
  ASSERT_EQ(s->iis->scopes.size(), 2U);
  EXPECT_EQ(s->iis->scopes[1].kind, IisScopeKind::kSite);
  EXPECT_EQ(s->iis->sites.at(0).applications.at(0).virtual_directories.size(), 1U);
  EXPECT_EQ(s->registry->find("HKLM\\X")->values.at("scopes").text, "v");
  auto object_scopes = parse_snapshot(R"({"schema": "temper.snapshot/1", "iis": {"scopes": {"a": {"path": "x"}}}})");
  ASSERT_FALSE(object_scopes);
  EXPECT_NE(object_scopes.error().message.find("/iis/scopes: expected an array"), std::string::npos) << object_scopes.error().message;
}

TEST(SnapshotStreamTest, ARepeatedIisMemberReplacesTheFirst) {
  // JSON readers keep the last of repeated members; the streamed arrays do too.
  auto s = parse_snapshot(R"({"schema": "temper.snapshot/1",
      "iis": {"scopes": [{"path": "MACHINE/WEBROOT/APPHOST/old"}]},
      "iis": {"scopes": [{"path": "MACHINE/WEBROOT/APPHOST"}], "scopes": [{"path": "MACHINE/WEBROOT/APPHOST/B"}, {"path": "MACHINE/WEBROOT/APPHOST/C"}]}})");
  ASSERT_TRUE(s) << s.error().to_string();
  ASSERT_EQ(s->iis->scopes.size(), 2U);
  EXPECT_EQ(s->iis->scopes[0].path, "MACHINE/WEBROOT/APPHOST/B");
}

TEST(SnapshotStreamTest, FileErrorsNameLineColumnAndPath) {
  const auto path = temp_path("bad.json");
  write_text(path, "{\n  \"schema\": \"temper.snapshot/1\",\n  \"host\": {\"name\": \"x\",}\n}\n");
  auto s = parse_snapshot_file(path);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kParse);
  ASSERT_TRUE(s.error().where);
  EXPECT_EQ(s.error().where->line, 3U);
  EXPECT_EQ(s.error().where->column, 24U);
  std::filesystem::remove(path);
  auto missing = parse_snapshot_file(path);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  auto dir = parse_snapshot_file(std::filesystem::temp_directory_path());
  ASSERT_FALSE(dir);
  EXPECT_EQ(dir.error().code, ErrorCode::kInvalidArgument);
}

TEST(SnapshotStreamTest, AFailedStreamedWriteKeepsTheEarlierFile) {
  const auto path = temp_path("keep.json");
  write_text(path, "earlier");
  auto failed = write_file_streamed(path, [](const FileSink& sink) { return sink("half") && false; });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kIo);
  EXPECT_EQ(*read_file(path), "earlier");
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".partial"));
  std::filesystem::remove(path);
  auto nowhere = write_file_streamed(temp_path("no/such/dir/x.json"), [](const FileSink& sink) { return sink("x"); });
  EXPECT_FALSE(nowhere);
}

}  // namespace
}  // namespace temper::model
