// SPDX-License-Identifier: Apache-2.0
// The compiled rule-set cache. The key is a 128-bit hash (core/hash64.hpp: fast, for thousands of file
// lines; a chosen collision would need write access to the cache, which can replace an entry anyway) of
// a text that names everything the compiled set depends on: the codec's layout version, temper's version,
// the running executable's size and modification time (a rebuilt binary may compile differently), the
// minimum level and the rule file kinds, each rules path as given and canonical, and every rule file under
// them, sorted by path, as given (alerts show that spelling) with its size and modification time in
// nanoseconds. The cache file is <folder>/<key>.trc: the rule codec's bytes (detect/rule_codec.hpp) whose
// annotation repeats the key and the number of rules below the minimum level. Written to a unique temporary
// name and renamed, so readers never see half a file; at most kMaxRuleCacheFiles are kept (least recently
// used go first: a hit touches its file).
#include "app/rule_cache.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <set>
#include <thread>

#include "core/file.hpp"
#include "core/limits.hpp"
#include "core/hash64.hpp"
#include "detect/correlation.hpp"
#include "detect/loader.hpp"
#include "detect/rule_codec.hpp"
#include "platform/mapped_file.hpp"
#include "platform/paths.hpp"

namespace temper::app {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kExtension = ".trc";

// Where one rule set is cached, or nothing when it cannot be (notes say why).
struct Entry {
  fs::path file;
  std::string key;  // hex digest
};

// Every rule file with its stamp, for the key, sorted by path: one walk per folder (platform::find_files),
// which finds what detect::list_rule_files finds (RuleCacheTest holds them equal). Nullopt when a path is
// neither a folder nor a file, or a walk fails: the caller then lists the slow way, which reports why.
std::optional<std::vector<platform::StampedFile>> stamped_rule_files(const std::vector<fs::path>& paths) {
  std::vector<platform::StampedFile> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      auto found = platform::find_files(p, [](std::string_view name) { return detect::is_rule_file_name(name); });
      if (!found) return std::nullopt;
      out.insert(out.end(), std::make_move_iterator(found->begin()), std::make_move_iterator(found->end()));
    } else if (fs::exists(p, ec)) {
      const auto stamp = platform::file_stamp(p);
      if (!stamp) return std::nullopt;
      out.push_back(platform::StampedFile{path_string(p), *stamp});
    } else {
      return std::nullopt;
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return out;
}

std::optional<Entry> entry_for(const std::vector<fs::path>& paths, const std::vector<platform::StampedFile>& files,
                               detect::Level min_level, const RuleCacheOptions& options, std::vector<std::string>& notes) {
  const auto dir = options.dir ? options.dir : rule_cache_dir();
  if (!dir) {
    notes.emplace_back("rule cache off: no cache folder (set TEMPER_CACHE_DIR, XDG_CACHE_HOME or HOME)");
    return std::nullopt;
  }
  const auto program = platform::program_identity();
  if (!program) {
    notes.emplace_back("rule cache off: the size and time of temper's executable are unknown");
    return std::nullopt;
  }
  std::string text = "temper compiled rule set\ncodec " + std::to_string(detect::kRuleCodecVersion) + "\nversion " +
                     TEMPER_VERSION + "\n" + *program + "minimum " + std::string(detect::level_name(min_level)) +
                     "\nkinds sigma elastic\n";
  for (const auto& p : paths) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(p, ec);
    text += "path " + path_string(p) + "\n  at " + (ec ? path_string(p) : path_string(canonical)) + "\n";
  }
  text.reserve(text.size() + files.size() * 128);
  for (const auto& f : files) {
    text += "file ";
    text += std::to_string(f.stamp.size);
    text += ' ';
    text += std::to_string(f.stamp.mtime_ns);
    text += ' ';
    text += f.path;
    text += '\n';
  }
  Entry e;
  e.key = hash128_hex(text);
  e.file = *dir / (e.key + std::string(kExtension));
  return e;
}

// The annotation: the key, then the number of rules below the minimum level.
std::string annotation(const Entry& e, std::size_t below) { return e.key + "\n" + std::to_string(below); }

std::optional<LoadedRules> read_entry(const Entry& e, std::vector<std::string>& notes) {
  std::error_code ec;
  if (!fs::exists(e.file, ec)) {
    notes.emplace_back("rule cache: no entry for these rules and options (" + path_string(e.file) + ")");
    return std::nullopt;
  }
  const auto start = std::chrono::steady_clock::now();
  auto unusable = [&](const std::string& why) {
    notes.emplace_back("rule cache: " + path_string(e.file) + " is unusable (" + why + "); compiling the rules");
    return std::nullopt;
  };
  Result<detect::DecodedRuleSet> decoded = fail(ErrorCode::kInternal, "not read");
  {
    const auto mapped = platform::MappedFile::open(e.file);
    if (!mapped) return unusable(mapped.error().to_string());
    if (mapped->bytes().size() > limits::kMaxDocumentBytes) return unusable("larger than the largest document temper reads");
    decoded = detect::decode_rule_set(mapped->bytes());
  }  // unmapped: the decoded set holds copies, and the file may be touched below
  if (!decoded) return unusable(decoded.error().to_string());
  const std::string_view a = decoded->annotation;
  const auto newline = a.find('\n');
  std::size_t below = 0;
  const auto [ptr, err] = newline == std::string_view::npos
                              ? std::from_chars(a.data(), a.data(), below)
                              : std::from_chars(a.data() + newline + 1, a.data() + a.size(), below);
  if (a.substr(0, newline) != e.key || err != std::errc() || ptr != a.data() + a.size()) {
    return unusable("written for another key");
  }
  fs::last_write_time(e.file, fs::file_time_type::clock::now(), ec);  // most recently used
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  notes.emplace_back("rule cache: loaded " + path_string(e.file) + " (" + std::to_string(ms.count()) + " ms)");
  return LoadedRules{std::move(decoded->set), below, true, {}};
}

// Keep the kMaxRuleCacheFiles most recently used cache files; drop temporary files older than an hour
// (left by a run that was killed while writing).
void prune(const fs::path& dir) {
  std::error_code ec;
  std::vector<std::pair<fs::file_time_type, fs::path>> entries;
  const auto hour_ago = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const auto& d : fs::directory_iterator(dir, ec)) {
    std::error_code e2;
    const auto name = d.path().filename().string();
    const auto time = d.last_write_time(e2);
    if (e2 || !d.is_regular_file(e2)) continue;
    if (name.ends_with(kExtension)) {
      entries.emplace_back(time, d.path());
    } else if (name.find(std::string(kExtension) + ".tmp-") != std::string::npos && time < hour_ago) {
      fs::remove(d.path(), e2);
    }
  }
  if (entries.size() <= kMaxRuleCacheFiles) return;
  std::sort(entries.begin(), entries.end());
  for (std::size_t i = 0; i + kMaxRuleCacheFiles < entries.size(); ++i) fs::remove(entries[i].second, ec);
}

void write_entry(const Entry& e, const detect::RuleSet& set, std::size_t below, std::vector<std::string>& notes) {
  auto failed = [&](const std::string& why) {
    notes.emplace_back("rule cache: cannot write " + path_string(e.file) + ": " + why);
  };
  auto bytes = detect::encode_rule_set(set, annotation(e, below));
  if (!bytes) return failed(bytes.error().to_string());
  const fs::path dir = e.file.parent_path();
  std::error_code ec;
  if (fs::create_directories(dir, ec)) {
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);  // rule text is the user's own
  }
  if (ec) return failed(ec.message());
  // Unique enough between processes writing the same key at once (each then renames a whole file).
  const auto unique = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
                      (static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count()) << 17) ^
                      std::hash<std::thread::id>{}(std::this_thread::get_id());
  fs::path temp = e.file;
  temp += ".tmp-" + std::to_string(unique);
  if (auto ok = write_file(temp, *bytes); !ok) {
    fs::remove(temp, ec);
    return failed(ok.error().to_string());
  }
  fs::rename(temp, e.file, ec);
  if (ec) {
    fs::remove(temp, ec);
    return failed(ec.message());
  }
  notes.emplace_back("rule cache: wrote " + path_string(e.file) + " (" + std::to_string(bytes->size()) + " bytes)");
  prune(dir);
}

// Below --min-severity: dropped, unless a kept correlation needs the rule (it then feeds silently).
std::size_t drop_below(detect::RuleSet& set, detect::Level min) {
  std::set<std::string, std::less<>> needed;
  for (const auto& c : set.correlations()) {
    if (c.level >= min) needed.insert(c.refs.begin(), c.refs.end());
  }
  return set.retain(
      [&](const detect::CompiledRule& r) {
        return r.level >= min || needed.contains(r.id) || (!r.info->name.empty() && needed.contains(r.info->name));
      },
      [&](const detect::CorrelationRule& c) { return c.level >= min; });
}

}  // namespace

std::optional<fs::path> rule_cache_dir() {
  if (const char* env = std::getenv("TEMPER_CACHE_DIR"); env != nullptr && env[0] != '\0') return fs::path(env);
  const auto base = platform::user_cache_dir();
  if (!base) return std::nullopt;
  return *base / "rules";
}

Result<LoadedRules> load_rules_cached(const std::vector<fs::path>& paths, detect::Level min_level,
                                      const RuleCacheOptions& cache) {
  std::vector<std::string> notes;
  std::optional<Entry> entry;
  if (cache.enabled) {
    if (auto stamped = stamped_rule_files(paths)) {
      entry = entry_for(paths, *stamped, min_level, cache, notes);
    } else {
      notes.emplace_back("rule cache off: the rule files and their sizes and times could not all be read");
    }
  }
  if (entry) {
    if (auto hit = read_entry(*entry, notes)) {
      hit->cache_notes = std::move(notes);
      return std::move(*hit);
    }
  }
  TEMPER_ASSIGN_OR_RETURN(const auto files, detect::list_rule_files(paths));
  LoadedRules out;
  out.set = detect::load_rule_files(files);
  out.below_severity = drop_below(out.set, min_level);
  if (entry) write_entry(*entry, out.set, out.below_severity, notes);
  out.cache_notes = std::move(notes);
  return out;
}

}  // namespace temper::app
