// SPDX-License-Identifier: Apache-2.0
// Exceptions files: documented, expiring waivers (`exceptions:`) and learned adjustments (`adjustments:`,
// written by `temper learn --write-exceptions`) that change what a rule expects on this server.
#include <chrono>

#include "content/detail/yaml_reader.hpp"
#include "content/loader.hpp"
#include "core/file.hpp"
#include "core/time.hpp"

namespace temper::content {
namespace {
using detail::YamlReader;

void parse_adjustments(YamlReader& r, const YAML::Node& list, std::vector<model::RuleAdjustment>& out) {
  if (!list.IsSequence()) {
    r.error(list, "'adjustments' must be a list");
    return;
  }
  for (const auto& item : list) {
    if (!r.require_map(item, "adjustment")) continue;
    r.check_keys(item, {"rule", "scope", "add", "at_most", "allow", "reason", "evidence"}, "adjustment");
    const std::size_t before = r.error_count();
    model::RuleAdjustment a;
    a.where = r.where(item);
    a.rule = r.string_at(item, "rule", true, "adjustment").value_or("");
    if (a.rule.find_first_of("*?") != std::string::npos) r.error(item["rule"], "an adjustment names one rule (no globs)");
    a.scope = r.string_at(item, "scope", false, "adjustment").value_or("");
    a.reason = r.string_at(item, "reason", true, "adjustment").value_or("");
    if (const YAML::Node n = item["add"]) a.add = r.string_list(n, "add");
    if (const YAML::Node n = item["allow"]) a.allow = r.string_list(n, "allow");
    if (const YAML::Node n = item["at_most"]) a.at_most = r.integer(n, "at_most");
    if (const YAML::Node n = item["evidence"]) a.evidence = r.string_list(n, "evidence");
    const int kinds = (a.add.empty() ? 0 : 1) + (a.allow.empty() ? 0 : 1) + (a.at_most ? 1 : 0);
    if (kinds != 1) r.error(item, "an adjustment gives exactly one of: add (principals), at_most (a limit), allow (list items)");
    if (!a.add.empty() && !a.scope.empty()) r.error(item, "a user-right adjustment (add) applies to the host: no scope");
    if (r.error_count() == before) out.push_back(std::move(a));
  }
}
}  // namespace

ExceptionsResult load_exceptions_text(std::string_view yaml, std::string_view file) {
  ExceptionsResult result;
  YamlReader r{std::string(file), result.diagnostics};
  YAML::Node root;
  if (!r.load(yaml, root)) return result;
  try {
    if (!r.require_map(root, "an exceptions file")) return result;
    r.check_keys(root, {"exceptions", "adjustments"}, "an exceptions file");
    if (!root["exceptions"] && !root["adjustments"]) {
      r.error(root, "an exceptions file needs 'exceptions' or 'adjustments'");
      return result;
    }
    if (const YAML::Node adj = root["adjustments"]) parse_adjustments(r, adj, result.adjustments);
    const YAML::Node list = root["exceptions"];
    if (!list.IsDefined()) return result;
    if (!list.IsSequence()) {
      r.error(list, "'exceptions' must be a list");
      return result;
    }
    for (const auto& item : list) {
      if (!r.require_map(item, "exception")) continue;
      r.check_keys(item, {"rule", "scope", "reason", "expires", "owner"}, "exception");
      const std::size_t before = r.error_count();
      model::RuleException ex;
      ex.where = r.where(item);
      ex.rule = r.string_at(item, "rule", true, "exception").value_or("");
      ex.scope = r.string_at(item, "scope", false, "exception").value_or("");
      ex.reason = r.string_at(item, "reason", true, "exception").value_or("");
      ex.owner = r.string_at(item, "owner", false, "exception").value_or("");
      if (auto e = r.string_at(item, "expires", false, "exception")) {
        ex.expires_text = *e;
        const auto t = parse_iso8601(*e);
        if (!t) {
          r.error(r.get(item, "expires", false, "exception"), "expires must be a date (YYYY-MM-DD) or UTC timestamp");
        } else {
          // A bare date means "valid through that day".
          ex.expires = e->size() == 10 ? *t + std::chrono::hours(24) - std::chrono::seconds(1) : *t;
        }
      }
      if (r.error_count() == before) result.exceptions.push_back(std::move(ex));
    }
  } catch (const YAML::Exception& e) {
    r.structure_error(e);
  }
  return result;
}

ExceptionsResult load_exceptions_file(const std::filesystem::path& file) {
  auto text = read_file(file);
  if (!text) {
    ExceptionsResult result;
    result.diagnostics.push_back(
        Diagnostic{Diagnostic::Severity::kError, text.error().where.value_or(SourceLocation(path_string(file))),
                   text.error().message});
    return result;
  }
  return load_exceptions_text(*text, path_string(file));
}

}  // namespace temper::content
