// SPDX-License-Identifier: Apache-2.0
// `temper detect FILES... [--rules DIR...] [--format text|jsonl]` and `temper detect rules`: run Sigma
// and Elastic EQL rules over event files, or report how many rules compile and why the others do not.
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/events.hpp"
#include "cli/command.hpp"
#include "cli/event_files.hpp"
#include "core/time.hpp"
#include "detect/matcher.hpp"
#include "detect/loader.hpp"

namespace temper::cli {
namespace {

constexpr std::uint64_t kUnixEpochTicks = 116'444'736'000'000'000ull;  // FILETIME of 1970-01-01

struct DetectOptions {
  std::vector<std::filesystem::path> rules;
  std::vector<std::filesystem::path> files;
  std::string format = "text";
};

int run_rules(const DetectOptions& o) {
  auto set = detect::load_rules(o.rules);
  if (!set) return report_error(set.error());
  std::map<std::string, std::vector<const detect::Unsupported*>> by_reason;
  for (const auto& u : set->unsupported()) by_reason[u.reason].push_back(&u);
  const std::size_t total = set->compiled_sources() + set->unsupported().size();
  if (o.format == "json") {
    const auto& c = set->counts();
    nlohmann::json j{{"schema", "temper.detect-rules/1"}, {"files", total}, {"compiled", set->compiled_sources()},
                     {"compiled_scopes", set->rules().size()}, {"unsupported", nlohmann::json::array()},
                     {"languages", {{"sigma", {{"compiled", c.sigma_compiled}, {"total", c.sigma_total}}},
                                    {"eql", {{"compiled", c.eql_compiled}, {"total", c.eql_total},
                                             {"sequences_compiled", c.sequence_compiled},
                                             {"sequences_total", c.sequence_total}}},
                                    {"elastic_not_eql", c.elastic_other}}}};
    for (const auto& [reason, list] : by_reason) {
      nlohmann::json files = nlohmann::json::array();
      for (const auto* u : list) files.push_back({{"file", u->file}, {"title", u->title}});
      j["unsupported"].push_back({{"reason", reason}, {"count", list.size()}, {"rules", files}});
    }
    std::printf("%s\n", j.dump(2).c_str());
    return kExitOk;
  }
  std::printf("%zu of %zu rules compiled (%zu event scopes); %zu unsupported\n", set->compiled_sources(), total,
              set->rules().size(), set->unsupported().size());
  const auto& c = set->counts();
  std::printf("  Sigma %zu/%zu; EQL %zu/%zu (sequences %zu/%zu); Elastic rules not in EQL: %zu\n", c.sigma_compiled,
              c.sigma_total, c.eql_compiled, c.eql_total, c.sequence_compiled, c.sequence_total, c.elastic_other);
  for (const auto& [reason, list] : by_reason) {
    std::printf("\n%zu  %s\n", list.size(), reason.c_str());
    for (const auto* u : list) std::printf("     %s%s%s\n", u->file.c_str(), u->title.empty() ? "" : "  ", u->title.c_str());
  }
  return kExitOk;
}

int run_detect(const DetectOptions& o) {
  if (o.rules.empty() || o.files.empty()) {
    std::fprintf(stderr, "temper: error: detect needs --rules and at least one event file\n");
    return kExitUsage;
  }
  auto set = detect::load_rules(o.rules);
  if (!set) return report_error(set.error());
  detect::Matcher matcher(*set);
  std::map<std::string, std::uint64_t> per_rule;
  const bool jsonl = o.format == "jsonl";
  auto visit = [&](const events::Event& e) {
    matcher.match(e, [&](const detect::CompiledRule& r) {
      ++per_rule[r.title];
      const auto fields = matcher.matched_fields(r);
      const auto ticks = e.system().time_created;
      const std::string when = ticks > kUnixEpochTicks
          ? format_iso8601(std::chrono::sys_seconds(std::chrono::seconds((ticks - kUnixEpochTicks) / 10'000'000)))
          : std::string();
      if (jsonl) {
        nlohmann::json j{{"rule", r.title}, {"rule_id", r.id}, {"level", detect::level_name(r.level)}, {"time", when},
                         {"host", e.computer()}, {"channel", e.channel()}, {"event_id", e.system().event_id},
                         {"record_id", e.system().record_id}, {"file", e.file}};
        nlohmann::json m = nlohmann::json::object();
        for (const auto& [k, v] : fields) m[std::string(k)] = std::string(v);
        j["fields"] = std::move(m);
        std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      } else {
        std::printf("[%s] %s  %s %.*s %.*s/%u #%llu  %.*s\n", std::string(detect::level_name(r.level)).c_str(),
                    r.title.c_str(), when.c_str(), static_cast<int>(e.computer().size()), e.computer().data(),
                    static_cast<int>(e.channel().size()), e.channel().data(), e.system().event_id,
                    static_cast<unsigned long long>(e.system().record_id), static_cast<int>(e.file.size()), e.file.data());
        for (const auto& [k, v] : fields) {
          std::printf("    %.*s: %.*s\n", static_cast<int>(k.size()), k.data(), static_cast<int>(v.size()), v.data());
        }
      }
    });
  };
  app::EventsOptions options;  // one thread: the matcher is per thread
  auto outcomes = app::visit_events(app::expand_event_inputs(o.files), options, visit);
  if (!outcomes) return report_error(outcomes.error());
  if (!jsonl) {
    std::fprintf(stderr, "%zu rules (%zu unsupported); alerts per rule:\n", set->compiled_sources(), set->unsupported().size());
    for (const auto& [title, n] : per_rule) std::fprintf(stderr, "%8llu  %s\n", static_cast<unsigned long long>(n), title.c_str());
  }
  const int files = report_outcomes(*outcomes);
  if (files != kExitOk) return files;
  return per_rule.empty() ? kExitOk : kExitFindings;
}

}  // namespace

void add_detect_command(CLI::App& app, Action& action) {
  auto opts = std::make_shared<DetectOptions>();
  auto* detect = app.add_subcommand("detect", "Run Sigma and Elastic EQL rules over EVTX/NDJSON event files (docs/detect.md)");
  detect->add_option("files", opts->files, "event files or directories");
  detect->add_option("--rules", opts->rules, "Sigma (.yml) and Elastic (.toml) rule files or directories");
  detect->add_option("--format", opts->format, "text or jsonl")->check(CLI::IsMember({"text", "jsonl"}));
  auto* rules = detect->add_subcommand("rules", "Count the rules that compile and list the others by reason");
  rules->add_option("--rules", opts->rules, "Sigma (.yml) and Elastic (.toml) rule files or directories")->required();
  rules->add_option("--format", opts->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  detect->callback([opts, rules, &action] {
    if (rules->parsed()) {
      action = [opts] { return run_rules(*opts); };
    } else {
      action = [opts] { return run_detect(*opts); };
    }
  });
}

}  // namespace temper::cli
