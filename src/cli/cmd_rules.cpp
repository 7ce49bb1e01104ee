// SPDX-License-Identifier: Apache-2.0
// `temper rules list|show|lint` and `temper bundle-keys`: inspect and validate benchmark content.
#include <cstdio>
#include <memory>
#include <set>
#include <string>

#include "app/audit.hpp"
#include "collect/offline/bundle.hpp"
#include "cli/command.hpp"
#include "core/strings.hpp"
#include "report/coverage.hpp"
#include "report/rule_report.hpp"

namespace temper::cli {
namespace {
struct RulesArgs {
  std::string content;
  std::string benchmark;
  int level = 0;
  std::string id;
  std::string lint_dir;
  Format format = Format::kText;
  bool keys_only = false;
};

std::optional<std::filesystem::path> opt_path(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return std::filesystem::path(s);
}

int run_list(const RulesArgs& args) {
  auto dir = app::find_content_dir(opt_path(args.content));
  if (!dir) return report_error(dir.error());
  auto loaded = app::load_content(*dir);
  if (!loaded) return report_error(loaded.error());
  const std::optional<int> level = args.level == 0 ? std::nullopt : std::optional<int>(args.level);
  auto rules = loaded->content.select(args.benchmark, level);
  if (!rules) return report_error(rules.error());
  if (args.format == Format::kJson) {
    std::printf("%s\n", report::rule_list_to_json(*rules, args.benchmark, level).dump(2).c_str());
  } else {
    std::fputs(report::rule_list_to_text(*rules).c_str(), stdout);
  }
  return kExitOk;
}

int run_show(const RulesArgs& args) {
  auto dir = app::find_content_dir(opt_path(args.content));
  if (!dir) return report_error(dir.error());
  auto loaded = app::load_content(*dir);
  if (!loaded) return report_error(loaded.error());
  const model::Rule* rule = loaded->content.find_rule(args.id);
  if (rule == nullptr) {
    // Suggest ids that contain the query, or its last dotted segment, ignoring case.
    const std::string query = to_lower(args.id);
    const std::string last = query.substr(query.rfind('.') == std::string::npos ? 0 : query.rfind('.') + 1);
    std::vector<std::string> near;
    for (const auto& r : loaded->content.rules()) {
      const std::string id = to_lower(r.id);
      if (id.find(query) != std::string::npos || (!last.empty() && id.find(last) != std::string::npos)) {
        near.push_back(r.id);
      }
    }
    return report_error(Error{ErrorCode::kNotFound,
                              "no rule '" + args.id + "'" + (near.empty() ? "" : " (did you mean: " + join(near, ", ") + ")"),
                              0, std::nullopt});
  }
  if (args.format == Format::kJson) {
    std::printf("%s\n", report::rule_to_json(*rule).dump(2).c_str());
  } else {
    std::fputs(report::rule_to_text(*rule).c_str(), stdout);
  }
  return kExitOk;
}

int run_lint(const RulesArgs& args) {
  content::LoadOptions options;
  options.include_examples = true;
  const auto loaded = content::load_content_dir(args.lint_dir, options);
  std::size_t errors = 0, warnings = 0;
  for (const auto& d : loaded.diagnostics) {
    std::printf("%s\n", d.to_string().c_str());
    (d.severity == content::Diagnostic::Severity::kError ? errors : warnings) += 1;
  }
  std::printf("%zu files, %zu rules, %zu benchmarks: %zu errors, %zu warnings\n", loaded.files,
              loaded.content.rules().size(), loaded.content.benchmarks().size(), errors, warnings);
  return errors == 0 ? kExitOk : kExitUsage;
}

int run_coverage(const RulesArgs& args) {
  auto dir = app::find_content_dir(opt_path(args.content));
  if (!dir) return report_error(dir.error());
  auto loaded = app::load_content(*dir);
  if (!loaded) return report_error(loaded.error());
  std::fputs(report::coverage_markdown(loaded->content.rules(), loaded->content.gaps()).c_str(), stdout);
  return kExitOk;
}

int run_bundle_keys(const RulesArgs& args) {
  auto dir = app::find_content_dir(opt_path(args.content));
  if (!dir) return report_error(dir.error());
  auto loaded = app::load_content(*dir);
  if (!loaded) return report_error(loaded.error());
  std::set<std::string, ILess> keys;
  const auto collect_keys = [&keys](const auto& self, const model::Check& check) -> void {
    if (const auto* c = std::get_if<model::RegistryCheck>(&check)) keys.insert(c->key);
    if (const auto* all = std::get_if<model::AllCheck>(&check)) {
      for (const auto& sub : all->checks) self(self, sub);
    }
  };
  for (const auto& r : loaded->content.rules()) collect_keys(collect_keys, r.check);
  if (args.keys_only) {
    for (const auto& k : keys) std::printf("%s\n", k.c_str());
    return kExitOk;
  }
  // Ready-to-run lines for the bundle's registry\ folder (docs/bundle.md).
  for (const auto& line : collect::reg_export_commands(std::vector<std::string>(keys.begin(), keys.end()))) {
    std::printf("%s\n", line.c_str());
  }
  return kExitOk;
}

void add_format(CLI::App* cmd, Format& format) {
  cmd->add_option("--format,-f", format, "output format: text or json")
      ->transform(CLI::CheckedTransformer(std::map<std::string, Format>{{"text", Format::kText}, {"json", Format::kJson}},
                                          CLI::ignore_case));
}
}  // namespace

void add_rules_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<RulesArgs>();
  CLI::App* rules = app.add_subcommand("rules", "List, show and lint benchmark content");
  rules->require_subcommand(1);
  const auto add_content = [&args](CLI::App* cmd) {
    cmd->add_option("--content", args->content, "content directory (default: $TEMPER_CONTENT or the shipped content/)");
  };

  CLI::App* list = rules->add_subcommand("list", "List rules, optionally of one benchmark and level");
  list->add_option("--benchmark,-b", args->benchmark, "benchmark/profile id");
  list->add_option("--level,-l", args->level, "profile level: 1 or 2")->check(CLI::IsMember({1, 2}));
  add_content(list);
  add_format(list, args->format);
  list->callback([args, &action] { action = [args] { return run_list(*args); }; });

  CLI::App* show = rules->add_subcommand("show", "Show one rule in full");
  show->add_option("ID", args->id, "rule id")->required();
  add_content(show);
  add_format(show, args->format);
  show->callback([args, &action] { action = [args] { return run_show(*args); }; });

  CLI::App* lint = rules->add_subcommand("lint", "Validate a content directory (every file, every error)");
  lint->add_option("DIR", args->lint_dir, "content directory")->required();
  lint->callback([args, &action] { action = [args] { return run_lint(*args); }; });

  CLI::App* coverage = rules->add_subcommand("coverage", "Print the coverage table (docs/coverage.md) generated from the content");
  add_content(coverage);
  coverage->callback([args, &action] { action = [args] { return run_coverage(*args); }; });

  CLI::App* keys = app.add_subcommand("bundle-keys", "Print the registry keys the content reads (for reg export)");
  add_content(keys);
  keys->add_flag("--keys-only", args->keys_only, "print the key paths only, not the reg export commands");
  keys->callback([args, &action] { action = [args] { return run_bundle_keys(*args); }; });
}

}  // namespace temper::cli
