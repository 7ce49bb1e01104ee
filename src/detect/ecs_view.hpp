// SPDX-License-Identifier: Apache-2.0
// detect::EcsView: the ECS names (process.name, process.args, event.category, user.name...) of raw
// Windows events, computed per event only for the names a RuleSet's rules read; and the dispatch of
// ECS-only events (Elastic Defend / Agent documents without a winlog channel) to rules scoped by
// event.category and event.type. docs/detect.md ("ECS view") has the mapping table.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detect/rule_set.hpp"
#include "events/event.hpp"

namespace temper::detect {

/// One argument of a Windows command line: a slice of the line when it needed no unescaping
/// (`text` points into the line), else a slice of the caller's arena (`offset`, `size`).
struct CommandLineArg {
  std::string_view text;   ///< valid when !in_arena
  std::size_t offset = 0;  ///< in_arena: start in the arena
  std::size_t size = 0;    ///< in_arena: length
  bool in_arena = false;
};

/// Split `line` into arguments as Windows' CommandLineToArgvW does: the program name ends at the
/// next quote when it starts with one (no escapes), else at the first space or tab; later
/// arguments are separated by spaces and tabs outside quotes, 2n backslashes before a quote give
/// n backslashes and the quote opens or closes quoting, 2n+1 give n backslashes and a literal
/// quote, other backslashes are literal, and inside quotes every third quote of a run is literal.
/// Unescaped arguments are appended to `arena`. An empty or blank line gives no arguments. Never
/// fails; at most `max_args` arguments are produced (the rest are dropped).
void split_command_line(std::string_view line, std::string& arena, std::vector<CommandLineArg>& out,
                        std::size_t max_args = 1024);

/// The same, returning owned strings (tests and one-off callers).
std::vector<std::string> split_command_line(std::string_view line);

/// The per-Matcher ECS view. Built from a RuleSet (which must outlive it); not thread-safe.
class EcsView {
 public:
  /// nullptr when the rule set neither reads a name the view derives nor holds ECS-scoped rules:
  /// then the view costs nothing.
  static std::unique_ptr<EcsView> make(const RuleSet& set);
  ~EcsView();
  EcsView(const EcsView&) = delete;
  EcsView& operator=(const EcsView&) = delete;

  /// The derived values of `event` (field id, value), valid until the next call. Names the event
  /// already has are derived too; the Matcher keeps the event's own value (its values come first).
  /// No allocation once the internal buffers have grown.
  std::span<const std::pair<FieldId, std::string_view>> derive(const events::Event& event);

  /// The indexes of the ECS-scoped rules (EventScope::ecs_category) an ECS-only event (no channel)
  /// can match, by its event.category and event.type values; nullptr when none or when the event
  /// has a channel.
  const std::vector<std::uint32_t>* candidates(const events::Event& event);

  /// Whether the rule at `index` is ECS-scoped (the Matcher leaves it out of channel dispatch).
  [[nodiscard]] static bool ecs_scoped(const CompiledRule& rule) { return !rule.scope.ecs_category.empty(); }

  struct Impl;

 private:
  explicit EcsView(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace temper::detect
