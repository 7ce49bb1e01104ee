// SPDX-License-Identifier: Apache-2.0
// Compiling the --filter language into one CompiledRule: a comparison becomes a Predicate on a bound
// field id with operands parsed here (wildcards classified, text lower-cased, numbers parsed), `not`,
// `!=` and `not in` become Not nodes (so an absent field satisfies them, as the language says), and a
// top-level `channel = X` also scopes the rule to that channel, so the Matcher skips other channels'
// events before binding their fields. `id = N` / `id in (...)` under the top-level And dispatch by
// event id the same way (required_event_ids).
#include "detect/event_filter.hpp"

#include <array>
#include <atomic>
#include <cmath>
#include <limits>
#include <thread>

#include "core/strings.hpp"
#include "detect/detail/compile.hpp"
#include "detect/matcher.hpp"
#include "events/filter.hpp"

namespace temper::detect {
namespace {

using FNode = events::Filter::Node;

// The engine's name for a field of the filter language.
std::string_view engine_name(std::string_view name) {
  struct Alias {
    std::string_view filter, engine;
  };
  static constexpr Alias kSystem[] = {
      {"channel", "Channel"},
      {"provider", "Provider_Name"},
      {"computer", "Computer"},
      {"id", "EventID"},
      {"event_id", "EventID"},
      {"record_id", "EventRecordID"},
      {"user_sid", system_field::kUserId},
      {"level", system_field::kLevel},
      {"task", system_field::kTask},
      {"opcode", system_field::kOpcode},
      {"keywords", system_field::kKeywords},
      {"process_id", system_field::kProcessId},
      {"thread_id", system_field::kThreadId},
      {"time", system_field::kTime},
  };
  for (const auto& a : kSystem) {
    if (name == a.filter) return a.engine;
  }
  if (name.starts_with("EventData.")) return name.substr(10);
  if (name.starts_with("data.")) return name.substr(5);
  return name;
}

// `=` and `in` values: `*` and `?` are wildcards, compared case-insensitively.
Operand equals_operand(std::string_view value) {
  std::string pattern(value);
  for (char& c : pattern) {
    if (c == '*') c = detail::kStar;
    else if (c == '?') c = detail::kOne;
  }
  return detail::classify(std::move(pattern), false);
}

// `<`..`>=`: numerically when both sides are numbers, else as text (the operand kept as written).
Operand order_operand(FNode::Op op, const std::string& value) {
  Operand o;
  o.kind = op == FNode::Op::kLt ? MatchKind::kLess : op == FNode::Op::kLe ? MatchKind::kLessEqual
           : op == FNode::Op::kGt ? MatchKind::kGreater : MatchKind::kGreaterEqual;
  o.text = value;
  if (!detail::parse_number(value, o.number)) o.number = std::numeric_limits<double>::quiet_NaN();
  return o;
}

class Compiler {
 public:
  Compiler(RuleSet& set, CompiledRule& rule) : set_(set), rule_(rule) {}

  std::uint32_t node(const FNode& n) {
    switch (n.kind) {
      case FNode::Kind::kOr:
      case FNode::Kind::kAnd: {
        std::vector<std::uint32_t> children;
        for (const auto& c : n.children) children.push_back(node(*c));
        return detail::add_node(rule_, n.kind == FNode::Kind::kOr ? Node::Kind::kOr : Node::Kind::kAnd,
                                std::move(children));
      }
      case FNode::Kind::kNot: return detail::add_node(rule_, Node::Kind::kNot, {node(*n.children[0])});
      case FNode::Kind::kIn: {
        Predicate p = predicate(n.field);
        for (const auto& v : n.values) p.operands.push_back(equals_operand(v));
        return add(std::move(p));
      }
      case FNode::Kind::kCompare: break;
    }
    Predicate p = predicate(n.field);
    const std::string& v = n.values.at(0);
    switch (n.op) {
      case FNode::Op::kEq: p.operands.push_back(equals_operand(v)); break;
      case FNode::Op::kNe: {
        p.operands.push_back(equals_operand(v));
        return detail::add_node(rule_, Node::Kind::kNot, {add(std::move(p))});
      }
      case FNode::Op::kContains: {
        Operand o;
        o.kind = MatchKind::kContains;
        o.text = to_lower(v);
        p.operands.push_back(std::move(o));
        break;
      }
      default: p.operands.push_back(order_operand(n.op, v)); break;
    }
    return add(std::move(p));
  }

 private:
  Predicate predicate(std::string_view field) {
    Predicate p;
    p.field = set_.bind_field(engine_name(field));
    if (std::find(rule_.fields.begin(), rule_.fields.end(), p.field) == rule_.fields.end()) rule_.fields.push_back(p.field);
    return p;
  }
  std::uint32_t add(Predicate p) {
    rule_.predicates.push_back(std::move(p));
    return detail::add_node(rule_, Node::Kind::kPredicate, {}, static_cast<std::uint32_t>(rule_.predicates.size() - 1));
  }

  RuleSet& set_;
  CompiledRule& rule_;
};

// `channel = X` without wildcards among the top-level And's terms: the channel the rule is scoped to.
const FNode* channel_term(const FNode& n) {
  if (n.kind == FNode::Kind::kAnd) {
    for (const auto& c : n.children) {
      if (const FNode* t = channel_term(*c)) return t;
    }
    return nullptr;
  }
  const bool plain = n.kind == FNode::Kind::kCompare && n.op == FNode::Op::kEq && n.field == "channel" &&
                     n.values.at(0).find_first_of("*?") == std::string::npos && !n.values[0].empty();
  return plain ? &n : nullptr;
}

std::atomic<std::uint64_t> next_serial{1};

}  // namespace

EventFilter::EventFilter() = default;
EventFilter::~EventFilter() = default;
EventFilter::EventFilter(EventFilter&&) noexcept = default;
EventFilter& EventFilter::operator=(EventFilter&&) noexcept = default;

Result<EventFilter> EventFilter::compile(std::string_view expression) {
  TEMPER_ASSIGN_OR_RETURN(const events::Filter parsed, events::Filter::parse(expression));
  EventFilter f;
  if (parsed.root() == nullptr) return f;
  f.set_ = std::make_unique<RuleSet>();
  CompiledRule rule;
  rule.id = "filter";
  rule.title = std::string(trim(expression));
  if (const FNode* channel = channel_term(*parsed.root())) rule.scope.channel = channel->values[0];
  Compiler compiler(*f.set_, rule);
  rule.root = compiler.node(*parsed.root());
  f.set_->add_rule(std::move(rule));
  f.set_->count_compiled_source();
  f.serial_ = next_serial.fetch_add(1);
  f.matchers_ = std::make_unique<Matchers>();
  return f;
}

bool EventFilter::matches(const events::Event& event) const {
  if (set_ == nullptr) return true;
  // One Matcher per thread and filter, owned by the filter (keyed by thread id, so their number is bounded
  // by the threads that used it). Each thread remembers the last few (serial, Matcher) pairs it used; a
  // serial is never reused, so a pointer left by a destroyed filter is never followed.
  struct Cached {
    std::uint64_t serial = 0;
    Matcher* matcher = nullptr;
  };
  thread_local std::array<Cached, 4> cache{};
  thread_local std::size_t next = 0;
  Matcher* mine = nullptr;
  for (const Cached& c : cache) {
    if (c.serial == serial_) mine = c.matcher;
  }
  if (mine == nullptr) {
    {
      const std::lock_guard lock(matchers_->mutex);
      auto& slot = matchers_->by_thread[std::this_thread::get_id()];
      if (!slot) slot = std::make_unique<Matcher>(*set_);
      mine = slot.get();
    }
    cache[next] = Cached{serial_, mine};
    next = (next + 1) % cache.size();
  }
  bool hit = false;
  mine->match(event, [&hit](const CompiledRule&) { hit = true; });
  return hit;
}

}  // namespace temper::detect
