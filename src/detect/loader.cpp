// SPDX-License-Identifier: Apache-2.0
// The rule loader: finds rule files, reads them (1 MiB cap each) and hands each to its language's
// compiler (sigma.cpp, toml_rules.cpp), keeping the per-language counts.
#include "detect/loader.hpp"

#include <algorithm>

#include "core/file.hpp"
#include "core/strings.hpp"
#include "detect/eql.hpp"
#include "detect/sigma.hpp"

namespace temper::detect {
namespace {

constexpr std::uint64_t kMaxRuleBytes = 1024 * 1024;

// A file name's extension as path::extension() reads it: from the last dot, unless that dot starts the name.
std::string name_extension(std::string_view name) {
  const std::size_t dot = name.rfind('.');
  return dot == std::string_view::npos || dot == 0 ? std::string() : to_lower(name.substr(dot));
}

bool is_toml(const std::filesystem::path& p) { return name_extension(p.filename().string()) == ".toml"; }

// A string whose byte order is path::compare's order: the root name, whether there is a root directory,
// then each element of the relative path followed by a NUL (no element holds one), so that an element
// sorts before any longer element it begins. Built once per path, the sort compares flat strings instead
// of walking both paths' elements at every comparison (a third of loading the cached SigmaHQ rules).
std::filesystem::path::string_type sort_key(const std::filesystem::path& p) {
  using Char = std::filesystem::path::value_type;
  std::filesystem::path::string_type key = p.root_name().native();
  key.push_back(Char{0});
  key.push_back(p.has_root_directory() ? Char{2} : Char{1});
  for (const auto& element : p.relative_path()) {
    key += element.native();
    key.push_back(Char{0});
  }
  return key;
}

}  // namespace

bool is_rule_file_name(std::string_view name, RuleFileKinds kinds) {
  const std::string ext = name_extension(name);
  return (kinds.sigma && (ext == ".yml" || ext == ".yaml")) || (kinds.elastic && ext == ".toml");
}

Result<std::vector<std::filesystem::path>> list_rule_files(const std::vector<std::filesystem::path>& paths,
                                                           RuleFileKinds kinds) {
  std::vector<std::filesystem::path> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p, ec)) {
        if (!e.is_regular_file()) continue;
        if (is_rule_file_name(e.path().filename().string(), kinds)) files.push_back(e.path());
      }
      if (ec) return fail(ErrorCode::kIo, "cannot list " + p.string() + ": " + ec.message());
    } else if (std::filesystem::exists(p, ec)) {
      files.push_back(p);
    } else {
      return fail(ErrorCode::kNotFound, "no such rule file or directory: " + p.string());
    }
  }
  std::vector<std::pair<std::filesystem::path::string_type, std::size_t>> keys;
  keys.reserve(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) keys.emplace_back(sort_key(files[i]), i);
  std::sort(keys.begin(), keys.end());
  std::vector<std::filesystem::path> sorted;
  sorted.reserve(files.size());
  for (const auto& key : keys) sorted.push_back(std::move(files[key.second]));
  return sorted;
}

RuleSet load_rule_files(const std::vector<std::filesystem::path>& files) {
  RuleSet set;
  for (const auto& f : files) {
    const bool elastic = is_toml(f);
    if (!elastic) ++set.counts().sigma_total;
    std::error_code ec;
    if (std::filesystem::file_size(f, ec) > kMaxRuleBytes && !ec) {
      set.add_unsupported(Unsupported{f.string(), {}, "larger than 1 MiB"});
      continue;
    }
    auto text = read_file(f);
    if (!text) {
      set.add_unsupported(Unsupported{f.string(), {}, "cannot read: " + text.error().message});
      continue;
    }
    if (elastic) {
      compile_elastic(*text, f.string(), set);
      continue;
    }
    const auto before = set.compiled_sources();
    compile_sigma(*text, f.string(), set);
    if (set.compiled_sources() > before) ++set.counts().sigma_compiled;
  }
  set.resolve_correlations();
  return set;
}

Result<RuleSet> load_rules(const std::vector<std::filesystem::path>& paths, RuleFileKinds kinds) {
  TEMPER_ASSIGN_OR_RETURN(const auto files, list_rule_files(paths, kinds));
  return load_rule_files(files);
}

}  // namespace temper::detect
