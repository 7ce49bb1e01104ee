// SPDX-License-Identifier: Apache-2.0
// Ablation: a verdict rests on what was collected. For each part (file) of a bundle or GPO backup,
// remove it and audit again with every rule of the content at level 2. No result may turn into
// `pass` or `fail` from anything else, no result may vanish, and every result that changed must be
// `error: not collected: ...` naming what the removed part held (the file, or the registry key,
// the policy area it exports).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "app/audit.hpp"
#include "core/strings.hpp"
#include "engine/evaluator.hpp"
#include "model/finding.hpp"

namespace {
namespace fs = std::filesystem;
using temper::iequals;
using temper::to_lower;

struct Result {
  std::string status;
  std::string reason;
};
using Results = std::map<std::pair<std::string, std::string>, Result>;  // (rule, scope) -> result

// Results by rule and scope, with folded scopes ("also applies to: a, b") expanded.
Results collect(const temper::model::AuditReport& report) {
  Results out;
  for (const auto& f : report.findings) {
    if (f.rule == nullptr) continue;
    const Result r{std::string(temper::model::status_name(f.status)), f.reason};
    out[{f.rule->id, temper::model::short_scope(f.scope)}] = r;
    for (const auto& e : f.evidence) {
      const auto at = e.find("also applies to: ");
      if (at == std::string::npos) continue;
      for (const auto& s : temper::split(e.substr(at + 17), ',')) {
        out[{f.rule->id, std::string(temper::trim(s))}] = r;
      }
    }
  }
  return out;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// What a reason must name when `part` is missing: lower-case needles, any one suffices.
std::vector<std::string> names_of(const fs::path& root, const fs::path& part) {
  const std::string rel = fs::relative(part, root).generic_string();
  const std::string name = to_lower(part.filename().string());
  std::vector<std::string> out;
  if (rel.starts_with("fs/")) {
    if (name == "index.txt") return {"web.config"};  // no folder counts as searched any more
    std::string win = rel.substr(3);
    win.insert(1, ":");
    std::replace(win.begin(), win.end(), '/', '\\');
    out.push_back(to_lower(win));
    if (name == "applicationhost.config") out.emplace_back("iis configuration");
    return out;
  }
  if (name.ends_with(".reg") || name == "absent.txt") {
    // The keys the file exports (reg export: "[HKEY_LOCAL_MACHINE\...]"; absent.txt: one per line).
    std::string text = read_text(part);
    std::string ascii;
    for (const char c : text) {
      if (c != '\0') ascii.push_back(c);  // UTF-16LE exports: the keys are ASCII
    }
    for (const auto& line : temper::split(ascii, '\n')) {
      std::string key(temper::trim(line));
      if (!key.empty() && key.front() == '[') key = key.substr(1, key.find(']') - 1);
      if (!temper::istarts_with(key, "HK")) continue;
      if (temper::istarts_with(key, "HKEY_LOCAL_MACHINE")) key = "HKLM" + key.substr(18);
      if (temper::istarts_with(key, "HKEY_USERS\\") || temper::istarts_with(key, "HKU\\")) {
        // A user hive's export: its checks name the per-user registry (the user's key as HKCU\\...).
        out.emplace_back("per-user registry");
        continue;
      }
      out.push_back(to_lower(key));
    }
    out.emplace_back("not collected: registry");
    return out;
  }
  if (name == "secedit.inf") return {"user rights", "security option", "secedit", "[system access]"};
  // A GPO's GptTmpl.inf also holds the policy's [Registry Values]: without it the registry the policy
  // produces is unknown as a whole (decision 0035), which the engine words "not collected: registry".
  if (name == "gpttmpl.inf") {
    return {"user rights", "security option", "secedit", "[system access]", "not collected: registry"};
  }
  // A GPO's extension list decides whether a missing file means "not defined": without it every
  // missing part is not collected.
  if (name == "backup.xml" || name == "gpt.ini") {
    return {"user rights", "security option", "not collected: registry", "audit policy"};
  }
  if (name == "auditpol.csv" || name == "audit.csv") return {"audit policy"};
  if (name == "services.csv") return {"services"};
  if (name == "features.csv") return {"features"};
  if (name == "groups.csv") return {"local groups"};
  if (name == "manifest.json") return {"host role", "host"};
  if (name.ends_with("registry.pol")) return {"registry"};
  return {name};
}

// A reason that says "not collected" and names one of the needles.
bool names(const std::string& reason_text, const std::vector<std::string>& needles) {
  const std::string reason = to_lower(reason_text);
  return reason.find("not collected") != std::string::npos &&
         std::any_of(needles.begin(), needles.end(), [&](const std::string& n) { return reason.find(n) != std::string::npos; });
}

struct Bundle {
  fs::path dir;
  std::optional<temper::model::Role> role;
  std::vector<std::string> features;
};

class AblationTest : public testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    auto content = temper::app::load_content(fs::path(TEMPER_SOURCE_DIR) / "content");
    ASSERT_TRUE(content) << content.error().to_string();
    content_ = new temper::content::LoadResult(std::move(*content));
  }
  static void TearDownTestSuite() {
    delete content_;
    content_ = nullptr;
  }

  static Results audit(const Bundle& b, const fs::path& dir) {
    auto snapshot = temper::app::load_snapshot(dir);
    if (!snapshot) {
      ADD_FAILURE() << dir << ": " << snapshot.error().to_string();
      return {};
    }
    if (b.role) snapshot->host.role = b.role;
    if (!b.features.empty()) {
      if (!snapshot->features) snapshot->features.emplace();
      for (const auto& f : b.features) snapshot->features->insert(f);
    }
    auto rules = content_->content.select("", 2);
    EXPECT_TRUE(rules);
    return collect(temper::engine::evaluate(*rules, *snapshot, {}));
  }

  static temper::content::LoadResult* content_;
};
temper::content::LoadResult* AblationTest::content_ = nullptr;

// Files copied from ../shared keep its read-only bits, and Windows (Wine) will not delete a read-only
// file: make a tree writable before removing it or its files.
void make_writable(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return;
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add, ec);
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    fs::permissions(it->path(), fs::perms::owner_read | fs::perms::owner_write | fs::perms::owner_exec, fs::perm_options::add, ec);
  }
}

void remove_tree(const fs::path& dir) {
  make_writable(dir);
  fs::remove_all(dir);
}

// A Backup-GPO folder made of a real GPO's GptTmpl.inf and registry.pol, with the Backup.xml
// Backup-GPO writes listing the Security and Registry extensions only, and no audit.csv: its audit
// checks read "not defined" until Backup.xml is removed, and then "not collected".
fs::path backup_gpo_tree(const fs::path& flattened) {
  const fs::path out = fs::temp_directory_path() / "temper-ablation-src-backup-gpo";
  remove_tree(out);
  if (!fs::exists(flattened)) return out;
  const fs::path gpo = out / "{3657C7A2-0000-4000-8000-00000000A5E1}";
  const fs::path machine = gpo / "DomainSysvol" / "GPO" / "Machine";
  fs::create_directories(machine / "microsoft" / "windows nt" / "SecEdit");
  fs::copy_file(flattened / "GptTmpl.inf", machine / "microsoft" / "windows nt" / "SecEdit" / "GptTmpl.inf");
  fs::copy_file(flattened / "Machine-registry.pol", machine / "registry.pol");
  std::ofstream(gpo / "Backup.xml", std::ios::binary)
      << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<GroupPolicyBackupScheme><GroupPolicyObject>"
         "<GroupPolicyCoreSettings><MachineExtensionGuids><![CDATA["
         "[{35378EAC-683F-11D2-A89A-00C04FBBCFA2}{D02B1F72-3407-48AE-BA88-E8213C6761F1}]"
         "[{827D319E-6EAC-11D2-A4EA-00C04F79F83A}{803E14A0-B4FB-11D0-A0D0-00A0C90F574B}]"
         "]]></MachineExtensionGuids><UserExtensionGuids/></GroupPolicyCoreSettings></GroupPolicyObject>"
         "</GroupPolicyBackupScheme>\r\n";
  std::ofstream(gpo / "bkupInfo.xml", std::ios::binary)
      << "<BackupInst><GPODisplayName>ablation</GPODisplayName></BackupInst>";
  make_writable(out);
  return out;
}

Bundle bundle_for(const std::string& which) {
  if (which == "web01") return {fs::path(TEMPER_SOURCE_DIR) / "examples" / "web01", std::nullopt, {}};
  if (which == "web02") return {fs::path(TEMPER_SOURCE_DIR) / "tests" / "data" / "bundles" / "web02", std::nullopt, {}};
  if (which == "backup-gpo") {
    const fs::path real = fs::path(TEMPER_SHARED_DIR) / "fixtures" / "gpo" / "baselinemanagement-convertgpotodsc";
    return {backup_gpo_tree(real), temper::model::Role::kMemberServer, {"Web-Server"}};
  }
  // A real GPO backup, judged as the policy of an IIS member server (as tests/content/gpo does).
  return {fs::path(TEMPER_SHARED_DIR) / "fixtures" / "gpo" / which, temper::model::Role::kMemberServer, {"Web-Server"}};
}

TEST_P(AblationTest, RemovingAPartNeverPassesOrFailsAndNamesThePart) {
  const Bundle b = bundle_for(GetParam());
  if (!fs::exists(b.dir)) GTEST_SKIP() << "not available: " << b.dir;
  const Results base = audit(b, b.dir);
  ASSERT_FALSE(base.empty());

  std::vector<fs::path> parts;
  for (const auto& e : fs::recursive_directory_iterator(b.dir)) {
    if (!e.is_regular_file()) continue;
    const std::string name = to_lower(e.path().filename().string());
    if (name == "exceptions.yaml" || name.ends_with(".md")) continue;  // not part of what was collected
    parts.push_back(e.path());
  }
  std::sort(parts.begin(), parts.end());
  ASSERT_GT(parts.size(), 3u);

  const fs::path work = fs::temp_directory_path() / ("temper-ablation-" + GetParam());
  std::size_t changed_total = 0;
  for (const auto& part : parts) {
    remove_tree(work);
    fs::copy(b.dir, work, fs::copy_options::recursive);
    make_writable(work);  // ../shared is read-only in CI
    const fs::path rel = fs::relative(part, b.dir);
    fs::remove(work / rel);
    const Results after = audit(b, work);
    const auto needles = names_of(b.dir, part);
    std::set<std::pair<std::string, std::string>> keys;
    for (const auto& [k, v] : base) keys.insert(k);
    for (const auto& [k, v] : after) keys.insert(k);
    for (const auto& key : keys) {
      const auto was = base.find(key);
      const auto now = after.find(key);
      const std::string where = "without " + rel.generic_string() + ": " + key.first + " @ " + key.second;
      if (now == after.end()) {
        // Scopes can only vanish with what defined them (applicationHost.config): then the rule
        // must report, at some scope, that it could not be judged because of this part.
        const bool collapsed = std::any_of(after.begin(), after.end(), [&](const auto& kv) {
          return kv.first.first == key.first && kv.second.status == "error" && names(kv.second.reason, needles);
        });
        EXPECT_TRUE(collapsed) << where << ": the result vanished (was " << was->second.status << ")";
        continue;
      }
      if (was != base.end() && was->second.status == now->second.status && was->second.reason == now->second.reason) continue;
      ++changed_total;
      const std::string before = was == base.end() ? std::string("(none)") : was->second.status;
      EXPECT_EQ(now->second.status, "error") << where << ": " << before << " -> " << now->second.status << " "
                                             << now->second.reason;
      if (now->second.status != "error") continue;
      EXPECT_TRUE(names(now->second.reason, needles)) << where << ": " << before << " -> error, but the reason does not name the part: "
                         << now->second.reason;
    }
  }
  remove_tree(work);
  if (GetParam() == "backup-gpo") remove_tree(b.dir);  // made by backup_gpo_tree()
  EXPECT_GT(changed_total, 0u) << "removing parts changed nothing: the test proves nothing";
}

INSTANTIATE_TEST_SUITE_P(Bundles, AblationTest,
                         testing::Values("web01", "web02", "baselinemanagement-convertgpotodsc", "backup-gpo"),
                         [](const testing::TestParamInfo<std::string>& p) {
                           std::string n = p.param;
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });
}  // namespace
