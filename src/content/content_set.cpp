// SPDX-License-Identifier: Apache-2.0
// Rule lookup and benchmark/profile selection.
#include "content/content_set.hpp"

#include <algorithm>

#include "core/strings.hpp"

namespace temper::content {

ContentSet::ContentSet(std::vector<model::Rule> rules, std::vector<model::Benchmark> benchmarks, std::vector<model::Gap> gaps)
    : rules_(std::move(rules)), benchmarks_(std::move(benchmarks)), gaps_(std::move(gaps)) {
  for (std::size_t i = 0; i < rules_.size(); ++i) by_id_.emplace(rules_[i].id, i);
}

const model::Rule* ContentSet::find_rule(std::string_view id) const {
  const auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &rules_[it->second];
}

const model::Benchmark* ContentSet::find_benchmark(std::string_view id) const {
  for (const auto& b : benchmarks_) {
    if (iequals(b.id, id)) return &b;
  }
  return nullptr;
}

const model::Benchmark* ContentSet::pick_version(const model::Benchmark& family, const std::string& os_build,
                                                 std::string* note) const {
  std::vector<const model::Benchmark*> versions;
  for (const auto& id : family.versions) {
    if (const auto* v = find_benchmark(id)) versions.push_back(v);
  }
  if (versions.empty()) return nullptr;
  const auto describe = [](const model::Benchmark& v) {
    return v.id + " (" + v.title + (v.version.empty() ? std::string() : " v" + v.version) + ")";
  };
  for (const auto* v : versions) {
    if (!os_build.empty() && std::any_of(v->os_builds.begin(), v->os_builds.end(), [&](const std::string& b) { return b == os_build; })) {
      if (note != nullptr) *note = family.id + ": judged against " + describe(*v) + ", chosen from the snapshot's OS build " + os_build;
      return v;
    }
  }
  if (note != nullptr) {
    *note = family.id + ": judged against " + describe(*versions.front()) +
            (os_build.empty() ? std::string(": the snapshot does not give its OS build")
                              : ": no version is written for OS build " + os_build) +
            " (name a version with --benchmark to choose another)";
  }
  return versions.front();
}

namespace {
// One family of benchmark versions as a selection sees it: the picked version's reference keys and
// those of the others.
struct FamilyPick {
  const model::Benchmark* family = nullptr;
  const model::Benchmark* version = nullptr;
  std::vector<std::string> picked_keys;
  std::vector<std::string> other_keys;
};

bool carries(const model::Rule& r, const std::string& key) {
  return std::any_of(r.refs.begin(), r.refs.end(), [&](const auto& kv) { return iequals(kv.first, key); });
}

bool carries_any(const model::Rule& r, const std::vector<std::string>& keys) {
  return std::any_of(keys.begin(), keys.end(), [&](const std::string& k) { return carries(r, k); });
}
}  // namespace

Result<Selection> ContentSet::select_impl(const std::string& benchmark, std::optional<int> level, const HostContext& host,
                                          bool narrow) const {
  Selection out;
  if (level && *level != 1 && *level != 2) return fail(ErrorCode::kInvalidArgument, "level must be 1 or 2");
  std::vector<FamilyPick> picks;
  const auto pick = [&](const model::Benchmark& family) -> const FamilyPick& {
    for (const auto& p : picks) {
      if (p.family == &family) return p;
    }
    FamilyPick p;
    p.family = &family;
    std::string note;
    p.version = pick_version(family, host.os_build, &note);
    for (const auto& id : family.versions) {
      const auto* v = find_benchmark(id);
      if (v == nullptr) continue;
      auto& keys = v == p.version ? p.picked_keys : p.other_keys;
      keys.insert(keys.end(), v->refs.begin(), v->refs.end());
    }
    out.versions.push_back(p.version);
    out.notes.push_back(std::move(note));
    picks.push_back(std::move(p));
    return picks.back();
  };
  // What the selection judges by: reference keys, include and exclude globs, roles, levels.
  std::vector<std::string> refs, include, exclude;
  std::vector<model::Role> roles;
  const model::Benchmark* b = nullptr;
  if (benchmark.empty()) {
    if (narrow) {
      // Each family once: the role profiles of a family (cis-windows-server-ms) list the same versions.
      std::vector<std::vector<std::string>> seen;
      for (const auto& x : benchmarks_) {
        if (x.versions.empty() || std::find(seen.begin(), seen.end(), x.versions) != seen.end()) continue;
        seen.push_back(x.versions);
        pick(x);
      }
    }
  } else {
    b = find_benchmark(benchmark);
    if (b == nullptr) {
      std::string known;
      for (const auto& x : benchmarks_) known += (known.empty() ? "" : ", ") + x.id;
      return fail(ErrorCode::kNotFound, "unknown benchmark '" + benchmark + "' (known: " + known + ")");
    }
    if (level && std::find(b->levels.begin(), b->levels.end(), *level) == b->levels.end()) {
      return fail(ErrorCode::kInvalidArgument, "benchmark '" + b->id + "' has no level " + std::to_string(*level));
    }
    const model::Benchmark* base = b;
    if (!b->versions.empty()) {
      base = pick(*b).version;
      if (base == nullptr) return fail(ErrorCode::kNotFound, "benchmark '" + b->id + "' lists no known version");
      include = b->include;
      exclude = b->exclude;
    }
    for (const auto& ref : base->refs) {
      const auto* family = find_benchmark(ref);
      if (family != nullptr && !family->versions.empty()) {
        const auto& p = pick(*family);
        refs.insert(refs.end(), p.picked_keys.begin(), p.picked_keys.end());
      } else {
        refs.push_back(ref);
      }
    }
    include.insert(include.end(), base->include.begin(), base->include.end());
    exclude.insert(exclude.end(), base->exclude.begin(), base->exclude.end());
    roles = b->roles.empty() ? base->roles : b->roles;
  }
  const std::optional<model::Role> role = host.role ? host.role : roles.size() == 1 ? std::optional(roles.front()) : std::nullopt;
  for (const auto& r : rules_) {
    // The reference the rule is selected by, whose level counts: the benchmark's first it carries, or
    // (no benchmark) the picked version of a family it belongs to.
    std::string key;
    bool other_version_only = false;
    for (const auto& p : picks) {
      for (const auto& k : p.picked_keys) {
        if (key.empty() && carries(r, k)) key = k;
      }
      if (key.empty() && carries_any(r, p.other_keys)) other_version_only = true;
    }
    bool selected = true;
    if (b != nullptr) {
      key.clear();
      for (const auto& ref : refs) {
        if (key.empty() && carries(r, ref)) key = ref;
      }
      const bool included = std::any_of(include.begin(), include.end(), [&](const std::string& p) { return glob_match(p, r.id); });
      const bool excluded = std::any_of(exclude.begin(), exclude.end(), [&](const std::string& p) { return glob_match(p, r.id); });
      const bool role_ok = roles.empty() || r.applies_to.roles.empty() ||
                           std::any_of(roles.begin(), roles.end(), [&](model::Role x) {
                             return std::find(r.applies_to.roles.begin(), r.applies_to.roles.end(), x) != r.applies_to.roles.end();
                           });
      selected = (!key.empty() || included) && !excluded && role_ok;
    } else {
      selected = !other_version_only;
    }
    const int rule_level = key.empty() ? r.level : r.level_in(key, role);
    if (!selected || (level && rule_level > *level)) continue;
    const bool narrows = narrow && !picks.empty() &&
                         (rule_level != r.level || std::any_of(picks.begin(), picks.end(), [&](const FamilyPick& p) { return carries_any(r, p.other_keys); }));
    if (!narrows) {
      out.rules.push_back(&r);
      continue;
    }
    model::Rule copy = r;
    copy.level = rule_level;
    for (const auto& p : picks) {
      std::erase_if(copy.refs, [&](const auto& kv) {
        return std::any_of(p.other_keys.begin(), p.other_keys.end(), [&](const std::string& k) { return iequals(k, kv.first); });
      });
    }
    out.storage.push_back(std::move(copy));
    out.rules.push_back(&out.storage.back());
  }
  return out;
}

Result<Selection> ContentSet::select_for_host(const std::string& benchmark, std::optional<int> level,
                                              const HostContext& host) const {
  return select_impl(benchmark, level, host, true);
}

Result<std::vector<const model::Rule*>> ContentSet::select(const std::string& benchmark, std::optional<int> level) const {
  TEMPER_ASSIGN_OR_RETURN(auto selection, select_impl(benchmark, level, HostContext{}, false));
  return std::move(selection.rules);
}

}  // namespace temper::content
