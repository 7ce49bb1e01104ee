// SPDX-License-Identifier: Apache-2.0
// Internal: typed, location-aware reads from yaml-cpp nodes that turn every problem into a diagnostic.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "content/diagnostic.hpp"
#include "model/rule.hpp"

namespace temper::content::detail {

class YamlReader {
 public:
  YamlReader(std::string file, std::vector<Diagnostic>& diagnostics) : file_(std::move(file)), diags_(diagnostics) {}

  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] SourceLocation where(const YAML::Node& node) const;
  void error(const YAML::Node& node, std::string message);
  void warning(const YAML::Node& node, std::string message);
  void error_at(SourceLocation where, std::string message);
  /// Parse a YAML document into `root`; false (with a "malformed YAML" error at its line) when it is not YAML.
  bool load(std::string_view yaml, YAML::Node& root);
  /// Report a yaml-cpp exception thrown while reading a parsed document ("invalid YAML structure").
  void structure_error(const YAML::Exception& e);
  [[nodiscard]] std::size_t error_count() const;

  /// True when node is a map; else reports "<what> must be a mapping".
  bool require_map(const YAML::Node& node, std::string_view what);
  /// Report every key of `map` that is not in `allowed` (catches typos).
  void check_keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed, std::string_view what);
  /// Child by key or an invalid node; reports when `required` and missing.
  YAML::Node get(const YAML::Node& map, std::string_view key, bool required, std::string_view what);

  std::optional<std::string> string(const YAML::Node& node, std::string_view what);
  std::optional<std::string> string_at(const YAML::Node& map, std::string_view key, bool required, std::string_view what);
  std::optional<bool> boolean(const YAML::Node& node, std::string_view what);
  std::optional<long long> integer(const YAML::Node& node, std::string_view what);
  std::vector<std::string> string_list(const YAML::Node& node, std::string_view what);
  /// A typed scalar (plain true/false -> bool, plain integers -> integer, else text).
  std::optional<model::Scalar> scalar(const YAML::Node& node, std::string_view what);
  /// An expectation: a scalar (equals) or a mapping of operators.
  std::optional<model::Expectation> expectation(const YAML::Node& node, std::string_view what);
  /// A condition: {roles, features, not_features, iis_installed}.
  model::Condition condition(const YAML::Node& node, std::string_view what);

 private:
  std::string file_;
  std::vector<Diagnostic>& diags_;
};

}  // namespace temper::content::detail
