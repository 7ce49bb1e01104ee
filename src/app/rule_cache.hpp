// SPDX-License-Identifier: Apache-2.0
// The compiled rule-set cache of `temper detect` and `temper detect rules` (decision 0042, docs/detect.md
// "Compiled rule cache"): rules are loaded through it, taken from a cache file when one holds exactly this
// set (same rule files by path, size and modification time, same options, same executable), else compiled
// and written for the next run.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "detect/rule_set.hpp"

namespace temper::app {

/// Whether and where rules are cached.
struct RuleCacheOptions {
  bool enabled = false;                      ///< the CLI turns it on unless --no-cache
  std::optional<std::filesystem::path> dir;  ///< the cache folder; default rule_cache_dir()
};

/// Most cache files kept in the folder; after a write, the least recently used beyond it are removed.
inline constexpr std::size_t kMaxRuleCacheFiles = 16;

/// The cache folder: $TEMPER_CACHE_DIR when set, else platform::user_cache_dir()/rules
/// ($XDG_CACHE_HOME/temper/rules, $HOME/.cache/temper/rules, %LOCALAPPDATA%\temper\cache\rules);
/// nullopt when the environment names none.
std::optional<std::filesystem::path> rule_cache_dir();

/// Rules ready to run, and where they came from.
struct LoadedRules {
  detect::RuleSet set;
  std::size_t below_severity = 0;  ///< source rules dropped by the minimum level
  bool from_cache = false;
  /// What the cache did: the file read or written, or why it was not used or could not be written
  /// (`temper detect -v` prints these; nothing else does).
  std::vector<std::string> cache_notes;
};

/// The rule files under `paths` (detect::list_rule_files, both languages) compiled, correlations
/// resolved and the rules below `min_level` dropped, except those a kept correlation needs; taken from
/// the cache when `cache` is enabled and a cache file holds this exact result, else compiled and, when
/// enabled, written there. A cache that cannot be read, checked or written is never an error: the rules
/// are compiled and cache_notes says why. Fails as detect::list_rule_files does.
Result<LoadedRules> load_rules_cached(const std::vector<std::filesystem::path>& paths, detect::Level min_level,
                                      const RuleCacheOptions& cache);

}  // namespace temper::app
