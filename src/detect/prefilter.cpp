// SPDX-License-Identifier: Apache-2.0
// The prefilter's requirement analysis: which literals a compiled rule cannot match without. Engine
// independent; prefilter_hs.cpp turns the result into Vectorscan databases.
//
// A predicate needs one of its operands' literals in its field (one group) when it is a plain positive test (not
// negated, not `exists`/`null`) and every operand has a literal: equals/prefix/suffix/contains give their
// whole text, a glob its longest run between wildcards, a regex one of its atoms (Regex::required_literals).
// With `all` every operand must match, so any one operand's literal is needed: the longest is taken.
// Operands that are numbers, networks or field references have no literal, so such a predicate needs
// nothing. Text stored `cased` is still a
// needed literal when folded: the scan is case-insensitive, so it only lets more rules through.
#include "detect/prefilter.hpp"

#include <algorithm>
#include <charconv>
#include <tuple>

#include "core/strings.hpp"
#include "detect/detail/codec_io.hpp"
#include "detect/detail/compile.hpp"
#include "detect/regex.hpp"

namespace temper::detect {
namespace {

using Needs = std::optional<std::vector<LiteralNeed>>;

// The longest run of a glob pattern between `*`/`?` markers.
std::string longest_run(std::string_view pattern) {
  std::string_view best;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= pattern.size(); ++i) {
    if (i == pattern.size() || pattern[i] == detail::kStar || pattern[i] == detail::kOne) {
      if (i - start > best.size()) best = pattern.substr(start, i - start);
      start = i + 1;
    }
  }
  return std::string(best);
}

// Literals shorter than this occur in nearly every value and slow the literal matcher down (it confirms
// each short hit), so an operand whose literal is shorter counts as having none. Whole values are
// looked up in a hash table instead and may be of any length. Shorter literals are kept when they are
// rare in Windows events: two bytes with one past ASCII (a Cyrillic or Greek letter in UTF-8: the
// homoglyph rules), two with a backtick, caret, dollar, brace or tilde (PowerShell and cmd escapes:
// "^^", "${"), or a lone backtick or caret. Rarity only decides speed, never what matches.
constexpr std::size_t kMinLiteral = 3;

bool rare_short(std::string_view literal) {
  auto rare = [](char c) { return c == '`' || c == '^'; };
  if (literal.size() == 1) return rare(literal[0]);
  if (literal.size() != 2) return false;
  for (const char c : literal) {
    if (static_cast<unsigned char>(c) >= 0x80 || rare(c) || c == '$' || c == '{' || c == '}' || c == '~') return true;
  }
  return false;
}

bool long_enough(std::string_view literal) { return literal.size() >= kMinLiteral || rare_short(literal); }

std::optional<std::string> literal_of(const Operand& op, bool& whole) {
  // kRegex has several literals, one of which is needed: predicate_needs asks the regex.
  whole = op.kind == MatchKind::kEquals;
  switch (op.kind) {
    case MatchKind::kEquals:
      if (op.text.empty()) return std::nullopt;
      return to_lower(op.text);
    case MatchKind::kPrefix:
    case MatchKind::kSuffix:
    case MatchKind::kContains:
      if (!long_enough(op.text)) return std::nullopt;
      return to_lower(op.text);
    case MatchKind::kGlob: {
      std::string run = longest_run(op.text);
      if (!long_enough(run)) return std::nullopt;
      return to_lower(run);
    }
    default:
      return std::nullopt;
  }
}

Needs predicate_needs(const RuleSet& set, const Predicate& p) {
  if (p.negate || p.exists || p.null || p.operands.empty()) return std::nullopt;
  std::vector<LiteralNeed> out;
  if (p.all) {
    LiteralNeed best{p.field, {}, false};
    for (const auto& op : p.operands) {
      bool whole = false;
      if (auto lit = literal_of(op, whole); lit && lit->size() > best.literal.size()) best = {p.field, std::move(*lit), whole};
    }
    if (best.literal.empty()) return std::nullopt;
    out.push_back(std::move(best));
    return out;
  }
  for (const auto& op : p.operands) {
    if (op.kind == MatchKind::kRegex) {
      auto lits = set.regex(op.regex).required_literals(kMinLiteral, &rare_short);
      if (!lits) return std::nullopt;
      for (auto& lit : *lits) out.push_back({p.field, std::move(lit), false});
      continue;
    }
    bool whole = false;
    auto lit = literal_of(op, whole);
    if (!lit) return std::nullopt;
    out.push_back({p.field, std::move(*lit), whole});
  }
  return out;
}

// Fields that name where an event comes from rather than what happened: nearly every event of a rule's
// scope has the same value there, so a literal in them selects nothing.
bool scope_field(const RuleSet& set, FieldId field) {
  if (field == kAnyField) return false;
  const std::string_view name = set.field_names()[field];
  return name == "Provider_Name" || name == "Channel" || name == "EventID" || name == "Computer" ||
         name == "EventRecordID" || name == "event.category" || name == "event.type" || name == "event.code" ||
         name == "event.provider" || name == "winlog.channel" || name == "winlog.provider_name" ||
         name == "host.os.type";
}

// Texts nearly every process, image or file event holds (lower-case): a literal inside one of them
// ("\windows\", "system32\", ".exe") selects little, however long it is.
constexpr std::string_view kCommonText[] = {
    "c:\\windows\\system32\\", "c:\\windows\\syswow64\\", "c:\\program files (x86)\\", "c:\\program files\\",
    "c:\\users\\", "\\appdata\\local\\", "\\appdata\\roaming\\", "c:\\programdata\\", "microsoft",
    ".exe", ".dll",
};

bool common(std::string_view literal) {
  return std::any_of(std::begin(kCommonText), std::end(kCommonText),
                     [&](std::string_view text) { return text.find(literal) != std::string_view::npos; });
}

// How selective a need set is: whether it avoids scope fields, then whether it avoids literals every
// event holds, then its shortest literal (longer literals occur less often), then fewer literals. Larger
// is better. Only speed depends on it: any group is sound.
std::tuple<bool, bool, std::size_t, std::size_t> score(const RuleSet& set, const std::vector<LiteralNeed>& needs) {
  std::size_t shortest = needs.empty() ? 0 : needs.front().literal.size();
  bool specific = true, rare = true;
  for (const auto& n : needs) {
    shortest = std::min(shortest, n.literal.size());
    specific = specific && !scope_field(set, n.field);
    rare = rare && (n.whole || !common(n.literal));
  }
  return {specific, rare, shortest, static_cast<std::size_t>(-1) - needs.size()};
}

using Groups = std::optional<std::vector<std::vector<LiteralNeed>>>;

// A group's literals sorted and without repeats (so that equal groups compare equal).
void normalize(std::vector<LiteralNeed>& group) {
  std::sort(group.begin(), group.end(), [](const LiteralNeed& a, const LiteralNeed& b) {
    if (a.field != b.field) return a.field < b.field;
    return a.literal != b.literal ? a.literal < b.literal : a.whole < b.whole;
  });
  group.erase(std::unique(group.begin(), group.end()), group.end());
}

// Most selective first, at most kMaxLiteralGroups, no group twice (groups come normalized); groups only of scope fields go unless
// nothing else is left (each costs a scan that nearly every event passes).
void rank(const RuleSet& set, std::vector<std::vector<LiteralNeed>>& groups) {
  std::stable_sort(groups.begin(), groups.end(),
                   [&](const auto& a, const auto& b) { return score(set, a) > score(set, b); });
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
  if (groups.size() > 1) {
    const auto weak =
        std::find_if(groups.begin() + 1, groups.end(), [&](const auto& g) { return !std::get<0>(score(set, g)); });
    groups.erase(weak, groups.end());  // sorted: every group after the first weak one is weak too
  }
  if (groups.size() > kMaxLiteralGroups) groups.resize(kMaxLiteralGroups);
}

Groups node_needs(const RuleSet& set, const CompiledRule& rule, std::uint32_t index, int depth) {
  if (depth > 256 || index >= rule.nodes.size()) return std::nullopt;
  const Node& n = rule.nodes[index];
  switch (n.kind) {
    case Node::Kind::kPredicate: {
      if (n.predicate >= rule.predicates.size()) return std::nullopt;
      auto needs = predicate_needs(set, rule.predicates[n.predicate]);
      if (!needs) return std::nullopt;
      normalize(*needs);
      return std::vector<std::vector<LiteralNeed>>{std::move(*needs)};
    }
    case Node::Kind::kAnd: {  // every child matches: every child's groups are needed
      std::vector<std::vector<LiteralNeed>> all;
      for (const auto c : n.children) {
        auto child = node_needs(set, rule, c, depth + 1);
        if (child)
          all.insert(all.end(), std::make_move_iterator(child->begin()), std::make_move_iterator(child->end()));
      }
      if (all.empty()) return std::nullopt;
      rank(set, all);
      return all;
    }
    case Node::Kind::kOr: {  // some child matches: one of the children's (best) groups
      std::vector<LiteralNeed> any;
      for (const auto c : n.children) {
        auto child = node_needs(set, rule, c, depth + 1);
        if (!child || child->empty()) return std::nullopt;
        auto& best = child->front();  // node_needs ranks: the front is the child's most selective group
        any.insert(any.end(), std::make_move_iterator(best.begin()), std::make_move_iterator(best.end()));
      }
      if (any.empty()) return std::nullopt;
      normalize(any);
      return std::vector<std::vector<LiteralNeed>>{std::move(any)};
    }
    default:  // Not, True, False and any kind added later: no literal can be required
      return std::nullopt;
  }
}

using Ids = std::optional<std::vector<std::uint32_t>>;

Ids predicate_ids(const Predicate& p, FieldId event_id) {
  if (p.field != event_id || p.negate || p.exists || p.null || p.operands.empty()) return std::nullopt;
  if (p.all && p.operands.size() != 1) return std::nullopt;
  std::vector<std::uint32_t> out;
  for (const auto& op : p.operands) {
    std::uint32_t id = 0;
    const auto [ptr, ec] = std::from_chars(op.text.data(), op.text.data() + op.text.size(), id);
    if (op.kind != MatchKind::kEquals || ec != std::errc() || ptr != op.text.data() + op.text.size()) return std::nullopt;
    out.push_back(id);
  }
  return out;
}

Ids node_ids(const CompiledRule& rule, std::uint32_t index, FieldId event_id, int depth) {
  if (depth > 256 || index >= rule.nodes.size()) return std::nullopt;
  const Node& n = rule.nodes[index];
  switch (n.kind) {
    case Node::Kind::kPredicate:
      return n.predicate < rule.predicates.size() ? predicate_ids(rule.predicates[n.predicate], event_id) : std::nullopt;
    case Node::Kind::kAnd: {
      Ids best;
      for (const auto c : n.children) {
        auto child = node_ids(rule, c, event_id, depth + 1);
        if (child && (!best || child->size() < best->size())) best = std::move(child);
      }
      return best;
    }
    case Node::Kind::kOr: {
      std::vector<std::uint32_t> all;
      for (const auto c : n.children) {
        auto child = node_ids(rule, c, event_id, depth + 1);
        if (!child) return std::nullopt;
        all.insert(all.end(), child->begin(), child->end());
      }
      if (all.empty()) return std::nullopt;
      return all;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace

std::vector<std::uint32_t> required_event_ids(const RuleSet& set, const CompiledRule& rule) {
  if (!rule.scope.event_ids.empty()) return rule.scope.event_ids;
  const FieldId event_id = set.find_field("EventID");
  if (event_id == kAnyField) return {};
  auto ids = node_ids(rule, rule.root, event_id, 0);
  if (!ids) return {};
  std::sort(ids->begin(), ids->end());
  ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
  return *ids;
}

std::optional<std::vector<std::vector<LiteralNeed>>> required_literal_groups(const RuleSet& set,
                                                                             const CompiledRule& rule) {
  if (!rule.scope.ecs_category.empty()) return std::nullopt;  // ECS-only events run their rules in full
  // EQL sequences: the root is the Or of every step and `until`; an event none of them matches leaves the
  // sequence's state as it is (SequenceRunner::on_event returns at once), so the union gates it.
  // node_needs gives each node's groups normalized and ranked (an And ranks its children's together).
  auto groups = node_needs(set, rule, rule.root, 0);
  if (!groups || groups->empty()) return std::nullopt;
  return groups;
}

std::optional<std::vector<LiteralNeed>> required_literals(const RuleSet& set, const CompiledRule& rule) {
  auto groups = required_literal_groups(set, rule);
  if (!groups) return std::nullopt;
  return std::move(groups->front());
}

void Prefilter::save_tables(detail::Writer& out) const {
  out.u32(static_cast<std::uint32_t>(gated_.size()));
  for (std::size_t i = 0; i < gated_.size(); ++i) {
    out.flag(gated_[i]);
    out.u8(gated_[i] ? groups_[i] : 0);
    out.u32s(fields_[i]);
  }
  out.u32(static_cast<std::uint32_t>(scans_.size()));
  for (const bool s : scans_) out.flag(s);
}

void Prefilter::load_tables(detail::Reader& in, const RuleSet& set) {
  const std::size_t rules = in.count(6, "prefilter rules");
  if (in.ok() && rules != set.rules().size()) in.fail("prefilter of " + std::to_string(rules) + " rules for a set of " + std::to_string(set.rules().size()));
  gated_.assign(rules, false);
  groups_.assign(rules, 0);
  fields_.assign(rules, {});
  gated_count_ = 0;
  const std::size_t names = set.field_names().size();
  for (std::size_t i = 0; i < rules && in.ok(); ++i) {
    gated_[i] = in.flag();
    gated_count_ += gated_[i] ? 1 : 0;
    groups_[i] = in.u8();
    if (in.ok() && (gated_[i] ? groups_[i] == 0 || groups_[i] > kMaxLiteralGroups : groups_[i] != 0)) {
      in.fail("prefilter rule " + std::to_string(i) + " has " + std::to_string(groups_[i]) + " literal groups");
    }
    fields_[i] = in.u32s("prefilter fields");
    for (const FieldId f : fields_[i]) {
      if (f != kAnyField && f >= names) in.fail("prefilter field id " + std::to_string(f) + " out of range");
    }
  }
  const std::size_t slots = in.count(1, "prefilter field slots");
  if (in.ok() && slots != names + 1) in.fail("prefilter of " + std::to_string(slots) + " field slots for " + std::to_string(names) + " fields");
  scans_.assign(slots, false);
  for (std::size_t f = 0; f < slots && in.ok(); ++f) scans_[f] = in.flag();
}

}  // namespace temper::detect
