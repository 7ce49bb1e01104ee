// SPDX-License-Identifier: Apache-2.0
// The IIS detection pack (content/detections/iis): every rule and the correlation compile, every rule carries
// triage, ATT&CK tags and references, and each crafted event of tests/data/detect/iis (EVTX XML as wevtutil
// prints it, winlogbeat and Elastic Defend NDJSON, IIS W3C logs) fires exactly the pack rules pinned here by
// hand; the webshell correlation joins a W3C POST and a w3wp.exe shell by host within two minutes.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "core/file.hpp"
#include "detect/correlation.hpp"
#include "detect/loader.hpp"
#include "detect/matcher.hpp"
#include "detect/sigma.hpp"
#include "events/ndjson.hpp"
#include "events/w3c.hpp"
#include "evtx/reader.hpp"
#include "xml_event.hpp"

namespace temper::detect {
namespace {

namespace fs = std::filesystem;
using Ids = std::vector<std::string>;

// Rule ids of the pack, by a short name.
const std::string kRegiis = "e94ccbe8-8c9c-4e9c-834f-f30d0db0d72b";
const std::string kShell = "9b89c9c7-2389-43b8-a4f9-571c59a9d239";
const std::string kAppcmd = "b2d936b3-76d4-46fb-b8bb-bb5de8bacb1a";
const std::string kModuleCli = "9d1d2b9e-dc9a-49d4-a92b-570a6b3b7bf0";
const std::string kModuleLog = "71bb0220-8746-4ca6-8c47-18af00aaa29d";
const std::string kModuleDll = "91628a43-d00c-4177-bdce-f7b44577044b";
const std::string kConfigAccount = "08fcd7c2-3dda-44f2-853e-bd622b1c390a";
const std::string kWebFile = "409bd022-d424-4f77-8ca9-cb89ef8868cb";
const std::string kPost = "4f6c470b-c23d-454a-b688-425dd0a13766";
const std::string kPostStatic = "6eef9771-cb65-4ce7-ae1d-713dc89cd868";

// Which rules each crafted event fires (sorted ids; a rule firing twice on one event would show twice).
const std::map<std::string, Ids>& expected() {
  static const std::map<std::string, Ids> k{
      {"evtx/attack_sysmon1_aspnet_regiis_pdf.xml", {kRegiis}},
      {"evtx/attack_security4688_aspnet_regiis_pd.xml", {kRegiis}},
      {"evtx/benign_sysmon1_aspnet_regiis_pef.xml", {}},
      {"evtx/attack_sysmon1_w3wp_cmd_whoami.xml", {kShell}},
      {"evtx/attack_security4688_w3wp_whoami.xml", {kShell}},
      {"evtx/benign_sysmon1_w3wp_apppool_start.xml", {}},
      {"evtx/benign_sysmon1_w3wp_csc_compilation.xml", {}},
      {"evtx/attack_sysmon1_appcmd_list_apppool_text.xml", {kAppcmd}},
      {"evtx/attack_security4688_appcmd_list_vdir_config.xml", {kAppcmd}},
      {"evtx/benign_sysmon1_appcmd_list_site.xml", {}},
      {"evtx/attack_sysmon1_appcmd_install_module.xml", {kModuleCli}},
      {"evtx/attack_iisconfig29_global_module_added.xml", {kConfigAccount, kModuleLog}},
      {"evtx/attack_iisconfig29_logging_disabled_by_apppool.xml", {kConfigAccount}},
      {"evtx/benign_iisconfig29_default_document_by_system.xml", {}},
      {"evtx/benign_iisconfig29_builtin_module_by_system.xml", {}},
      {"evtx/attack_sysmon11_w3wp_writes_aspx.xml", {kWebFile}},
      {"evtx/attack_sysmon11_cmd_writes_web_config.xml", {kWebFile}},
      {"evtx/benign_sysmon11_msdeploy_writes_aspx.xml", {}},
      {"evtx/attack_sysmon11_dll_into_inetsrv.xml", {kModuleDll}},
      {"evtx/benign_sysmon11_tiworker_dll_into_inetsrv.xml", {}},
      {"ndjson/attack_defend_aspnet_regiis_pdf.ndjson", {kRegiis}},
      {"ndjson/benign_defend_aspnet_regiis_pef.ndjson", {}},
      {"ndjson/benign_defend_aspnet_regiis_pdf_ended.ndjson", {}},
      {"ndjson/attack_defend_w3wp_cmd.ndjson", {kShell}},
      {"ndjson/benign_defend_w3wp_apppool_start.ndjson", {}},
      {"ndjson/attack_winlogbeat_sysmon1_w3wp_powershell.ndjson", {kShell}},
      {"ndjson/attack_winlogbeat_4688_appcmd_list_apppool.ndjson", {kAppcmd}},
      {"ndjson/benign_winlogbeat_4688_appcmd_list_site.ndjson", {}},
      {"ndjson/attack_defend_w3wp_writes_ashx.ndjson", {kWebFile}},
      {"w3c/attack_w3c_post_aspx_in_aspnet_client.log", {kPost, kPostStatic}},
      {"w3c/attack_w3c_post_default_aspx.log", {kPost}},
      {"w3c/benign_w3c_get_default_aspx.log", {}},
      {"w3c/benign_w3c_post_aspx_not_found.log", {}},
  };
  return k;
}

const fs::path kPack = fs::path(TEMPER_SOURCE_DIR) / "content" / "detections" / "iis";
const fs::path kEvents = fs::path(TEMPER_TEST_DATA_DIR) / "detect" / "iis";

const RuleSet& pack() {
  static const RuleSet set = [] {
    auto loaded = load_sigma({kPack});
    EXPECT_TRUE(loaded.has_value());
    if (!loaded) return RuleSet();
    loaded->resolve_correlations();
    return std::move(*loaded);
  }();
  return set;
}

// The rule ids that fire on the events of one fixture file, sorted.
Ids fired(const fs::path& file) {
  Matcher m(pack());
  Ids out;
  auto on = [&](const events::Event& e) {
    m.match(e, [&](const CompiledRule& r) { out.push_back(r.id); });
    return true;
  };
  const std::string ext = file.extension().string();
  std::size_t events = 0;
  auto count = [&](const events::Event& e) {
    ++events;
    return on(e);
  };
  if (ext == ".xml") {
    const auto text = read_file(file);
    EXPECT_TRUE(text.has_value()) << file;
    if (text) count(test::event_from_xml(*text));
  } else if (ext == ".ndjson") {
    const auto stats = events::read_ndjson(file, count);
    EXPECT_TRUE(stats.has_value() && stats->events == 1) << file;
  } else {
    const auto stats = events::read_w3c(file, count);
    EXPECT_TRUE(stats.has_value() && stats->events == 1) << file;
  }
  EXPECT_EQ(events, 1u) << file;
  std::sort(out.begin(), out.end());
  return out;
}

TEST(IisPackTest, LoadsWithEveryRuleAndTheCorrelationCompiled) {
  const RuleSet& set = pack();
  EXPECT_TRUE(set.unsupported().empty()) << (set.unsupported().empty() ? "" : set.unsupported()[0].reason);
  EXPECT_EQ(set.compiled_sources(), 11u);  // ten rules and the correlation
  ASSERT_EQ(set.correlations().size(), 1u);
  const CorrelationRule& c = set.correlations()[0];
  EXPECT_EQ(c.id, "de03e2a0-c0fd-47ea-bbbe-6ccc76e8714c");
  EXPECT_EQ(c.type, CorrelationType::kTemporal);
  EXPECT_EQ(c.refs, (std::vector<std::string>{"iis_w3c_post_to_script", "iis_w3wp_spawns_shell"}));
  EXPECT_EQ(c.timespan_ticks, 2ull * 60 * 10'000'000);
  EXPECT_TRUE(c.generate);  // the base rules keep alerting on their own
  Correlator correlator(set);
  for (const auto& r : set.rules()) EXPECT_TRUE(correlator.generates(r)) << r.title;
  ASSERT_TRUE(c.info);
  EXPECT_NE(c.info->triage.find("First:"), std::string::npos);
}

// The webshell correlation: a POST to an .aspx (W3C) and w3wp.exe starting cmd.exe (Sysmon 1), same host.
TEST(IisPackTest, PostThenShellCorrelatesByHostWithinTwoMinutes) {
  auto first_event = [](const fs::path& file) {
    events::Event out;
    const auto ok = file.extension() == ".log"
                        ? events::read_w3c(file, [&](const events::Event& e) { out = e; return false; }).has_value()
                        : true;
    if (file.extension() != ".log") out = test::event_from_xml(*read_file(file));
    EXPECT_TRUE(ok) << file;
    return out;
  };
  const auto post = first_event(kEvents / "w3c" / "attack_w3c_post_default_aspx.log");
  const auto shell = first_event(kEvents / "evtx" / "attack_sysmon1_w3wp_cmd_whoami.xml");
  ASSERT_EQ(post.computer(), shell.computer());
  const std::uint64_t t0 = post.system().time_created;
  ASSERT_GT(t0, 0u);
  constexpr std::uint64_t kMinute = 60ull * 10'000'000;
  // Hits of the correlation for the shell event at `shell_time` on `shell_event`.
  auto hits_for = [&](const events::Event& shell_event, std::uint64_t shell_time) {
    Matcher m(pack());
    Correlator correlator(pack());
    std::size_t n = 0;
    auto count = [&](const CorrelationHit&) { ++n; };
    m.match(post, [&](const CompiledRule& r) { correlator.feed(r, t0, m, count); });
    m.match(shell_event, [&](const CompiledRule& r) { correlator.feed(r, shell_time, m, count); });
    correlator.flush(count);
    return n;
  };
  EXPECT_EQ(hits_for(shell, t0 + kMinute), 1u);
  EXPECT_EQ(hits_for(shell, t0 + 5 * kMinute), 0u);  // outside the 2-minute span
  events::Event elsewhere = shell;
  elsewhere.system().computer = elsewhere.store("web02.corp.example");
  EXPECT_EQ(hits_for(elsewhere, t0 + kMinute), 0u);  // another host
}

TEST(IisPackTest, EveryRuleCarriesTriageTagsAndReferences) {
  std::set<std::string> ids;
  for (const auto& r : pack().rules()) {
    SCOPED_TRACE(r.file);
    ids.insert(r.id);
    ASSERT_TRUE(r.info);
    EXPECT_NE(r.info->triage.find("First:"), std::string::npos);
    EXPECT_NE(r.info->triage.find("Likely false positives"), std::string::npos);
    EXPECT_NE(r.info->triage.find("Response"), std::string::npos);
    EXPECT_TRUE(std::any_of(r.info->tags.begin(), r.info->tags.end(),
                            [](const std::string& t) { return t.starts_with("attack.t1"); }));
    EXPECT_FALSE(r.info->references.empty());
    EXPECT_FALSE(r.info->description.empty());
  }
  EXPECT_EQ(ids.size(), 10u);
  for (const auto& entry : fs::directory_iterator(kPack)) {
    const auto text = read_file(entry.path());
    ASSERT_TRUE(text.has_value());
    SCOPED_TRACE(entry.path().string());
    for (const char* key : {"\nid: ", "\nstatus: ", "\nlevel: ", "\nfalsepositives:", "\ntriage: |", "\nreferences:"}) {
      EXPECT_NE(text->find(key), std::string::npos) << key;
    }
  }
}

TEST(IisPackTest, EachCraftedEventFiresExactlyItsRules) {
  std::set<std::string> seen;
  for (const auto& dir : fs::directory_iterator(kEvents)) {
    for (const auto& entry : fs::directory_iterator(dir.path())) {
      const std::string key = dir.path().filename().string() + "/" + entry.path().filename().string();
      seen.insert(key);
      const auto it = expected().find(key);
      ASSERT_NE(it, expected().end()) << key << " has no expectation";
      Ids want = it->second;
      std::sort(want.begin(), want.end());
      EXPECT_EQ(fired(entry.path()), want) << key;
    }
  }
  EXPECT_EQ(seen.size(), expected().size()) << "an expected fixture is missing";
}

TEST(IisPackTest, EveryRuleFiresOnAnAttackAndBenignEventsStaySilent) {
  std::set<std::string> fired_somewhere;
  for (const auto& [key, ids] : expected()) {
    const bool benign = key.find("/benign_") != std::string::npos;
    EXPECT_EQ(benign, ids.empty()) << key;
    fired_somewhere.insert(ids.begin(), ids.end());
  }
  EXPECT_EQ(fired_somewhere.size(), 10u);
}

// Real attack recordings (../shared/corpora/evtx/evtx-attack-samples): a webshell's `cmd /c net user` under
// w3wp.exe, and appcmd reading app pool and virtual directory passwords (the tool loops over its own error
// text, hence the odd object names) after a PowerShell started by w3wp.exe.
TEST(IisPackTest, FiresOnRealIisAttackSamples) {
  const fs::path root = fs::path(TEMPER_SHARED_DIR) / "corpora" / "evtx" / "evtx-attack-samples";
  if (!fs::exists(root)) GTEST_SKIP() << "no EVTX corpus at " << root;
  auto run = [](const fs::path& file) {
    Matcher m(pack());
    std::map<std::string, int> counts;
    const auto stats = evtx::read_evtx(file, evtx::ReadOptions{}, [&](const events::Event& e) {
      m.match(e, [&](const CompiledRule& r) { ++counts[r.id]; });
      return true;
    });
    EXPECT_TRUE(stats.has_value()) << file;
    return counts;
  };
  EXPECT_EQ(run(root / "Lateral Movement" / "LM_typical_IIS_webshell_sysmon_1_10_traces.evtx"),
            (std::map<std::string, int>{{kShell, 1}}));
  EXPECT_EQ(run(root / "Credential Access" / "discovery_sysmon_1_iis_pwd_and_config_discovery_appcmd.evtx"),
            (std::map<std::string, int>{{kAppcmd, 18}, {kShell, 1}}));
}

}  // namespace
}  // namespace temper::detect

namespace temper::detect {
namespace {

// Elastic's own rule (credential_access_iis_connectionstrings_dumping.toml, EQL on ECS names) over the same
// crafted events: raw Sysmon 1 and Security 4688 reach it through the ECS view, Elastic Defend documents
// directly; encryption (-pef), a process end and a worker process start stay silent.
TEST(IisPackTest, ElasticsIisRuleFiresOnTheCraftedEvents) {
  const fs::path rule = fs::path(TEMPER_SHARED_DIR) / "corpora" / "elastic-detection-rules" / "rules" / "windows" /
                        "credential_access_iis_connectionstrings_dumping.toml";
  if (!fs::exists(rule)) GTEST_SKIP() << "no Elastic corpus at " << rule;
  auto set = load_rules({rule});
  ASSERT_TRUE(set.has_value()) << set.error().to_string();
  ASSERT_EQ(set->rules().size(), 1u);
  auto fires = [&](const std::string& name) {
    Matcher m(*set);
    int n = 0;
    auto on = [&](const events::Event& e) {
      m.match(e, [&](const CompiledRule&) { ++n; });
      return true;
    };
    const fs::path file = kEvents / name;
    if (file.extension() == ".xml") {
      const auto text = read_file(file);
      EXPECT_TRUE(text.has_value()) << file;
      if (text) on(test::event_from_xml(*text));
    } else {
      EXPECT_TRUE(events::read_ndjson(file, on).has_value()) << file;
    }
    return n;
  };
  EXPECT_EQ(fires("evtx/attack_sysmon1_aspnet_regiis_pdf.xml"), 1);
  EXPECT_EQ(fires("evtx/attack_security4688_aspnet_regiis_pd.xml"), 1);
  EXPECT_EQ(fires("ndjson/attack_defend_aspnet_regiis_pdf.ndjson"), 1);
  EXPECT_EQ(fires("evtx/benign_sysmon1_aspnet_regiis_pef.xml"), 0);
  EXPECT_EQ(fires("ndjson/benign_defend_aspnet_regiis_pef.ndjson"), 0);
  EXPECT_EQ(fires("ndjson/benign_defend_aspnet_regiis_pdf_ended.ndjson"), 0);
  EXPECT_EQ(fires("evtx/benign_sysmon1_w3wp_apppool_start.xml"), 0);
  EXPECT_EQ(fires("ndjson/benign_defend_w3wp_apppool_start.ndjson"), 0);
}

}  // namespace
}  // namespace temper::detect
