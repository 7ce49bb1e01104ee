// SPDX-License-Identifier: Apache-2.0
// temper's XML vs evtxexport's, record by record, on the committed sample list
// (tests/data/evtx/evtxexport: expectations made by tests/tools/make_evtxexport_expectations.sh).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "core/sha1.hpp"
#include "corpus.hpp"
#include "events/render.hpp"
#include "evtx/reader.hpp"

namespace temper::evtx {
namespace {

// Strip each line and join: the normalisation compare_evtxexport.py applies to both sides.
std::string normalise(const std::string& xml) {
  std::string out;
  std::istringstream in(xml);
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos) continue;
    const std::size_t e = line.find_last_not_of(" \t\r");
    out.append(line, b, e - b + 1);
  }
  return out;
}

std::string hex16(const std::string& s) {
  const auto d = sha1(std::as_bytes(std::span<const char>(s)));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < 8; ++i) {
    out.push_back(kHex[d[i] >> 4]);
    out.push_back(kHex[d[i] & 15]);
  }
  return out;
}

std::string expectation_name(const std::string& rel) {
  const std::filesystem::path p(rel);
  std::string name = p.parent_path().filename().string() + "__" + p.filename().string() + ".sha1";
  for (char& c : name) {
    if (c == ' ') c = '_';
  }
  return name;
}

TEST(EvtxexportCompareTest, XmlMatchesEvtxexportOnSampleList) {
  TEMPER_REQUIRE_CORPUS();
  const std::filesystem::path dir = std::filesystem::path(TEMPER_TEST_DATA_DIR) / "evtx" / "evtxexport";
  std::ifstream list(dir / "sample_list.txt");
  ASSERT_TRUE(list) << "missing sample list in " << dir;
  std::string rel;
  std::size_t files = 0;
  std::size_t records = 0;
  while (std::getline(list, rel)) {
    if (rel.empty() || rel[0] == '#') continue;
    std::ifstream expect_file(dir / expectation_name(rel));
    ASSERT_TRUE(expect_file) << "no expectation for " << rel;
    std::map<std::uint64_t, std::string> expected;
    std::uint64_t id = 0;
    std::string hash;
    while (expect_file >> id >> hash) expected[id] = hash;
    ASSERT_FALSE(expected.empty()) << rel;

    std::map<std::uint64_t, std::string> ours;
    std::string xml;
    auto stats = read_evtx(test::sample(rel), {}, [&](const events::Event& e) {
      xml.clear();
      events::append_xml(xml, e, events::XmlEscaping::kEvtxexport);
      ours.emplace(e.system().record_id, hex16(normalise(xml)));
      return true;
    });
    ASSERT_TRUE(stats.has_value()) << rel << ": " << stats.error().to_string();
    std::size_t mismatched = 0;
    std::size_t missing = 0;
    for (const auto& [rid, h] : expected) {
      auto it = ours.find(rid);
      if (it == ours.end()) {
        ++missing;
      } else if (it->second != h) {
        ++mismatched;
        if (mismatched <= 3) ADD_FAILURE() << rel << ": record " << rid << " differs from evtxexport";
      }
    }
    EXPECT_EQ(missing, 0u) << rel;
    EXPECT_EQ(mismatched, 0u) << rel;
    EXPECT_GE(ours.size(), expected.size()) << rel;
    ++files;
    records += expected.size();
  }
  EXPECT_GE(files, 10u);
  EXPECT_GT(records, 10000u);
}

}  // namespace
}  // namespace temper::evtx
