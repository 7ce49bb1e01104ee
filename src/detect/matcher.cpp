// SPDX-License-Identifier: Apache-2.0
// The detect matcher. Design, by example: a rule set with 3,000 rules has bound ~900 field names to
// ids when it compiled. For each event the matcher
//   1. binds: walks the event's fields once, looks each name up in one hash map (name -> id) and
//      chains the values per id (head_/next_ over values_): no per-rule name lookups, no allocation
//      once the vectors have grown;
//   2. dispatches: only the rules whose channel equals the event's (one hash lookup on the lower-cased
//      channel, one on the event id) and whose event ids include the event's are evaluated, plus rules
//      without a channel;
//   3. evaluates each candidate's node tree with short-circuit And/Or; a predicate compares the
//      field's values with operands parsed and lower-cased at compile time (ASCII case folding on the
//      event side, no copies). Globs and substring searches are O(value x operand) worst case; regexes
//      are RE2, linear in the value.
//   (between 2 and 3) prefilters: when a candidate rule needs one of a set of literals in some field
//      (prefilter.hpp), the bound values of those fields are scanned once against every such literal and
//      only the rules whose literal occurs are evaluated. Dispatch lists are built per (channel, event
//      id) when the matcher is made, so no per-rule id test is left per event.
#include "detect/matcher.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "core/strings.hpp"
#include "detect/detail/compile.hpp"
#include "detect/detail/eql_eval.hpp"
#include "detect/detail/eql_sequence.hpp"
#include "detect/detail/name_table.hpp"
#include "detect/regex.hpp"

namespace temper::detect {
namespace {

bool eq_at(std::string_view value, std::size_t at, std::string_view op, bool cased) {
  if (at + op.size() > value.size()) return false;
  for (std::size_t i = 0; i < op.size(); ++i) {
    const char v = cased ? value[at + i] : ascii_lower(value[at + i]);
    if (v != op[i]) return false;
  }
  return true;
}

// Candidate positions are found with memchr (vectorised in libc) for the operand's first byte in both
// cases, so a value is compared byte by byte only where the operand could start.
bool contains(std::string_view value, std::string_view op, bool cased) {
  if (op.empty()) return true;
  if (op.size() > value.size()) return false;
  const char lower = op[0];
  const char upper = !cased && lower >= 'a' && lower <= 'z' ? static_cast<char>(lower - 'a' + 'A') : lower;
  const char* const begin = value.data();
  const char* const last = begin + (value.size() - op.size()) + 1;  // one past the last start
  auto next = [last](const char* from, char c) {
    const void* p = std::memchr(from, c, static_cast<std::size_t>(last - from));
    return p == nullptr ? last : static_cast<const char*>(p);
  };
  const char* a = next(begin, lower);
  const char* b = upper == lower ? last : next(begin, upper);
  while (a != last || b != last) {
    const char* at = a < b ? a : b;
    if (eq_at(value, static_cast<std::size_t>(at - begin), op, cased)) return true;
    if (at == a) a = next(a + 1, lower);
    if (at == b && upper != lower) b = next(b + 1, upper);
  }
  return false;
}

bool in_network(std::string_view value, const Operand& op) {
  std::uint8_t addr[16] = {};
  if (!detail::parse_ip(trim(value), addr, op.family)) return false;
  const unsigned bits = op.prefix_bits;
  for (unsigned i = 0; i < bits / 8; ++i) {
    if (addr[i] != op.address[i]) return false;
  }
  if (bits % 8 == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xFF << (8 - bits % 8));
  return (addr[bits / 8] & mask) == (op.address[bits / 8] & mask);
}

}  // namespace


Matcher::Matcher(const RuleSet& set, bool use_prefilter)
    : set_(set), ids_(std::make_unique<detail::NameTable>(set.field_names())) {
  const auto& names = set.field_names();
  auto system = [this](std::string_view name) { return ids_->find(name); };
  event_id_ = system("EventID");
  channel_ = system("Channel");
  provider_ = system("Provider_Name");
  computer_ = system("Computer");
  record_ = system("EventRecordID");
  category_ = system("event.category");
  user_ = system(system_field::kUserId);
  time_ = system(system_field::kTime);
  numbers_ = {system(system_field::kLevel),    system(system_field::kTask),      system(system_field::kOpcode),
              system(system_field::kKeywords), system(system_field::kProcessId), system(system_field::kThreadId)};
  sequences_ = std::make_unique<detail::SequenceRunner>(set);
  ran_.assign(set.rules().size(), 0);
  head_.assign(names.size(), -1);
  ecs_ = EcsView::make(set);
  system_field_.assign(names.size(), false);
  for (const FieldId id : {event_id_, channel_, provider_, computer_, record_, user_, time_}) {
    if (id != kAnyField) system_field_[id] = true;
  }
  for (const FieldId id : numbers_) {
    if (id != kAnyField) system_field_[id] = true;
  }
  extras_ = user_ != kAnyField || time_ != kAnyField ||
            std::any_of(numbers_.begin(), numbers_.end(), [](FieldId id) { return id != kAnyField; });
  if (use_prefilter) prefilter_ = set.prefilter();
  if (prefilter_ != nullptr) {
    scratch_ = prefilter_->make_scratch();
    hit_.assign(set.rules().size(), 0);
    found_.assign(set.rules().size(), 0);
    all_groups_.assign(set.rules().size(), 0);
    for (std::uint32_t i = 0; i < set.rules().size(); ++i) {
      const std::uint32_t groups = prefilter_->groups_of(i);
      all_groups_[i] = static_cast<std::uint8_t>(groups == 0 ? 0 : (1u << groups) - 1);
    }
    scanned_.assign(names.size(), 0);
  }
  std::unordered_map<std::string, std::vector<std::uint32_t>> channels, categories;
  std::vector<std::uint32_t> any;
  for (std::uint32_t i = 0; i < set.rules().size(); ++i) {
    const auto& scope = set.rules()[i].scope;
    const auto* seq = set.rules()[i].sequence.get();
    if (EcsView::ecs_scoped(set.rules()[i])) continue;  // dispatched by ecs_->candidates()
    if (scope.channel.empty() && seq != nullptr && !seq->categories.empty()) {
      for (const auto& c : seq->categories) categories[c].push_back(i);
    } else if (scope.channel.empty() && !scope.category.empty()) {
      categories[scope.category].push_back(i);
    } else if (scope.channel.empty()) {
      any.push_back(i);
    } else {
      channels[to_lower(scope.channel)].push_back(i);
    }
  }
  bucket_of_.assign(set.rules().size(), 0xFFFFFFFFu);  // ECS-scoped rules stay in no bucket
  event_ids_.reserve(set.rules().size());
  for (const auto& rule : set.rules()) event_ids_.push_back(required_event_ids(set, rule));
  std::uint32_t number = 0;
  for (const auto& [channel, rules] : channels) by_channel_.emplace(channel, make_bucket(rules, ++number));
  for (const auto& [category, rules] : categories) by_category_.emplace(category, make_bucket(rules, ++number));
  any_channel_ = make_bucket(any, 0);
  lazy_bind_ = by_category_.empty() && !ecs_;
  predicate_base_.reserve(set.rules().size());
  for (const auto& rule : set.rules()) {
    predicate_base_.push_back(static_cast<std::uint32_t>(predicate_index_.size()));
    for (const auto& p : rule.predicates) {
      if (!detail::ContainsIndex::worth(p)) {
        predicate_index_.push_back(-1);
        continue;
      }
      predicate_index_.push_back(static_cast<std::int32_t>(contains_.size()));
      contains_.emplace_back(p);
    }
  }
}

Matcher::~Matcher() = default;

std::uint64_t Matcher::sequence_evictions() const { return sequences_->evictions(); }
std::size_t Matcher::sequence_pending() const { return sequences_->pending(); }
// Rules without event ids go to every list of the bucket; each list stays in rule order.
Matcher::Bucket Matcher::make_bucket(const std::vector<std::uint32_t>& rules, std::uint32_t number) {
  Bucket b;
  b.number = number;
  auto add = [this](Candidates& c, std::uint32_t rule) {
    c.rules.push_back(rule);
    const bool gated = prefilter_ != nullptr && prefilter_->gated(rule);
    if (!gated) c.ungated.push_back(rule);
    c.gated = c.gated || gated;
  };
  for (const auto i : rules) {
    bucket_of_[i] = number;
    for (const auto id : event_ids_[i]) b.by_id.try_emplace(id);
  }
  for (const auto i : rules) {
    const auto& ids = event_ids_[i];
    if (ids.empty()) {
      add(b.any_id, i);
      for (auto& [id, c] : b.by_id) add(c, i);
      continue;
    }
    for (const auto id : ids) {
      auto& c = b.by_id[id];
      if (c.rules.empty() || c.rules.back() != i) add(c, i);  // an id listed twice
    }
  }
  for (auto& [id, c] : b.by_id) finish_candidates(c);
  finish_candidates(b.any_id);
  return b;
}

// The fields worth scanning for a candidate list: those its gated rules need a literal in.
void Matcher::finish_candidates(Candidates& c) const {
  if (!c.gated) return;
  std::vector<bool> seen(set_.field_names().size() + 1, false);
  for (const auto i : c.rules) {
    if (!prefilter_->gated(i)) continue;
    for (const FieldId field : prefilter_->fields_of(i)) {
      const std::size_t slot = field == kAnyField ? seen.size() - 1 : field;
      if (!seen[slot]) c.scan.push_back(field);
      seen[slot] = true;
    }
  }
  std::sort(c.scan.begin(), c.scan.end());  // kAnyField (0xFFFFFFFF) sorts last
}

const Matcher::Candidates& Matcher::Bucket::find(bool has_id, std::uint32_t id) const {
  if (has_id) {
    const auto it = by_id.find(id);
    if (it != by_id.end()) return it->second;
  }
  return any_id;
}

void Matcher::add_value(FieldId id, std::string_view value) {
  if (id == kAnyField) return;
  if (head_[id] < 0) touched_.push_back(id);
  values_.push_back(value);
  next_.push_back(head_[id]);
  head_[id] = static_cast<std::int32_t>(values_.size() - 1);
}

void Matcher::bind(const events::Event& event) {
  for (const FieldId id : touched_) head_[id] = -1;
  touched_.clear();
  values_.clear();
  next_.clear();
  event_ = &event;
  const auto& sys = event.system();
  if (sys.has_event_id) {
    const auto [end, ec] = std::to_chars(event_id_text_, event_id_text_ + sizeof event_id_text_, sys.event_id);
    add_value(event_id_, std::string_view(event_id_text_, static_cast<std::size_t>(end - event_id_text_)));
  }
  const auto [rend, rec] = std::to_chars(record_text_, record_text_ + sizeof record_text_, sys.record_id);
  add_value(record_, std::string_view(record_text_, static_cast<std::size_t>(rend - record_text_)));
  if (!sys.channel.empty()) add_value(channel_, event.channel());
  if (!sys.provider.empty()) add_value(provider_, event.provider());
  if (!sys.computer.empty()) add_value(computer_, event.computer());
  if (extras_) {
    const std::uint64_t numbers[6] = {sys.level, sys.task, sys.opcode, sys.keywords, sys.process_id, sys.thread_id};
    for (std::size_t i = 0; i < numbers_.size(); ++i) {
      if (numbers_[i] == kAnyField) continue;
      auto& buf = number_text_[i];
      const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), numbers[i]);
      add_value(numbers_[i], std::string_view(buf.data(), static_cast<std::size_t>(end - buf.data())));
    }
    if (!sys.user_sid.empty()) add_value(user_, event.text(sys.user_sid));
    if (time_ != kAnyField && sys.time_created != 0) {
      time_text_.clear();
      events::append_filetime(time_text_, sys.time_created);
      add_value(time_, time_text_);
    }
  }
  for (const auto& f : event.fields()) {
    const FieldId id = ids_->find(event.text(f.name));
    // EventID, Channel... name the System block only: the UserData of a Security 1108 ("could not log an
    // event") carries the lost event's EventID, which is not this event's.
    if (id != kAnyField && !system_field_[id]) add_value(id, event.text(f.value));
  }
  if (ecs_) {  // derived ECS names; a name the event has itself keeps the event's values only
    const auto own = static_cast<std::int32_t>(values_.size());
    for (const auto& [id, value] : ecs_->derive(event)) {
      if (head_[id] < 0 || head_[id] >= own) add_value(id, value);
    }
  }
}

template <typename Fn>
bool Matcher::any_value(FieldId id, Fn&& fn) const {
  if (id == kAnyField) {
    for (const auto& f : event_->fields()) {
      if (fn(event_->text(f.value))) return true;
    }
    return false;
  }
  for (std::int32_t i = head_[id]; i >= 0; i = next_[static_cast<std::size_t>(i)]) {
    if (fn(values_[static_cast<std::size_t>(i)])) return true;
  }
  return false;
}

bool Matcher::operand_matches(const Predicate& p, const Operand& op, std::string_view value) const {
  switch (op.kind) {
    case MatchKind::kEquals: return value.size() == op.text.size() && eq_at(value, 0, op.text, p.cased);
    case MatchKind::kPrefix: return eq_at(value, 0, op.text, p.cased);
    case MatchKind::kSuffix: return value.size() >= op.text.size() && eq_at(value, value.size() - op.text.size(), op.text, p.cased);
    case MatchKind::kContains: return contains(value, op.text, p.cased);
    case MatchKind::kGlob: return detail::glob(value, op.text, p.cased);
    case MatchKind::kRegex: return set_.regex(op.regex).search(value);
    case MatchKind::kLess:
    case MatchKind::kLessEqual:
    case MatchKind::kGreater:
    case MatchKind::kGreaterEqual: {
      double n = 0;
      const bool number = detail::parse_number(value, n);
      int cmp = 0;
      if (number && !std::isnan(op.number)) {
        cmp = n < op.number ? -1 : n > op.number ? 1 : 0;
      } else if (!op.text.empty()) {  // the --filter language: otherwise as text, byte by byte
        const int c = value.compare(op.text);
        cmp = c < 0 ? -1 : c > 0 ? 1 : 0;
      } else {
        return false;
      }
      if (op.kind == MatchKind::kLess) return cmp < 0;
      if (op.kind == MatchKind::kLessEqual) return cmp <= 0;
      if (op.kind == MatchKind::kGreater) return cmp > 0;
      return cmp >= 0;
    }
    case MatchKind::kCidr: return in_network(value, op);
    case MatchKind::kFieldEquals:
      return any_value(op.other, [&](std::string_view other) { return p.cased ? other == value : iequals(other, value); });
  }
  return false;
}

bool Matcher::eval_predicate(const Predicate& p, std::int32_t contains_index) const {
  const bool present = p.field == kAnyField ? !event_->fields().empty() : head_[p.field] >= 0;
  if (p.exists) return present == p.exists_value;
  if (p.null) {
    const bool empty = !present || !any_value(p.field, [](std::string_view v) { return !v.empty(); });
    return p.negate ? !empty : empty;
  }
  if (!present) return false;
  bool hit = false;
  if (p.all) {
    hit = true;
    for (const auto& op : p.operands) {
      if (!any_value(p.field, [&](std::string_view v) { return operand_matches(p, op, v); })) {
        hit = false;
        break;
      }
    }
  } else if (contains_index >= 0) {
    const auto& index = contains_[static_cast<std::size_t>(contains_index)];
    hit = any_value(p.field, [&](std::string_view v) {
      if (index.any_in(v, p.cased)) return true;
      for (const auto i : index.rest()) {
        if (operand_matches(p, p.operands[i], v)) return true;
      }
      return false;
    });
  } else {
    hit = any_value(p.field, [&](std::string_view v) {
      for (const auto& op : p.operands) {
        if (operand_matches(p, op, v)) return true;
      }
      return false;
    });
  }
  return p.negate ? !hit : hit;
}

bool Matcher::eval(const CompiledRule& rule, std::uint32_t index) const {
  const Node& n = rule.nodes[index];
  switch (n.kind) {
    case Node::Kind::kTrue: return true;
    case Node::Kind::kFalse: return false;
    case Node::Kind::kPredicate: {
      // A Matcher evaluates its own set's rules: the rule's position gives its predicates' indexes.
      const auto r = static_cast<std::size_t>(&rule - set_.rules().data());
      const std::int32_t indexed = r < predicate_base_.size() ? predicate_index_[predicate_base_[r] + n.predicate] : -1;
      return eval_predicate(rule.predicates[n.predicate], indexed);
    }
    case Node::Kind::kExpr: {
      eql_scratch_.used = 0;
      return detail::eval_expr(set_, rule, n.predicate, *this, eql_scratch_);
    }
    case Node::Kind::kNot: return !eval(rule, n.children[0]);
    case Node::Kind::kAnd:
      for (const auto c : n.children) {
        if (!eval(rule, c)) return false;
      }
      return true;
    case Node::Kind::kOr:
      for (const auto c : n.children) {
        if (eval(rule, c)) return true;
      }
      return false;
  }
  return false;
}

void Matcher::prefilter_scan(const std::vector<const Candidates*>& lists) {
  if (++generation_ == 0) {  // wrapped: forget every old mark
    std::fill(hit_.begin(), hit_.end(), 0);
    std::fill(found_.begin(), found_.end(), 0);
    generation_ = 1;
  }
  marked_.clear();
  // A rule is marked once every one of its literal groups has been found in this event.
  auto on_mark = [](void* context, std::uint32_t entry) {
    auto* m = static_cast<Matcher*>(context);
    const std::uint32_t rule = Prefilter::entry_rule(entry);
    const auto bit = static_cast<std::uint8_t>(1u << Prefilter::entry_group(entry));
    if (m->hit_[rule] != m->generation_) {
      m->hit_[rule] = m->generation_;
      m->found_[rule] = 0;
    }
    const std::uint8_t before = m->found_[rule];
    if ((before & bit) != 0) return;
    m->found_[rule] = static_cast<std::uint8_t>(before | bit);
    if ((before | bit) == m->all_groups_[rule]) m->marked_.push_back(rule);
  };
  auto scan_fields = [&](const Candidates& c) {
    for (const FieldId id : c.scan) {
      if (id == kAnyField) {
        // Keyword rules search every data field: one scan of all values joined. A literal found across
        // two values only lets a rule through that its evaluation then rejects. The join is sized first and
        // filled with plain copies: it runs for nearly every event of a set with a keyword rule for every
        // channel, and std::string::append's checks per value cost as much as the copy.
        std::size_t total = 0;
        for (const auto& f : event_->fields()) total += f.value.size + 1;
        joined_.resize_and_overwrite(total, [this](char* out, std::size_t) {
          char* p = out;
          for (const auto& f : event_->fields()) {
            const std::string_view v = event_->text(f.value);
            std::memcpy(p, v.data(), v.size());
            p += v.size();
            *p++ = '\n';
          }
          return static_cast<std::size_t>(p - out);
        });
        prefilter_->scan(kAnyField, joined_, *scratch_, on_mark, this);
        continue;
      }
      if (scanned_[id] == generation_) continue;  // both lists need it
      scanned_[id] = generation_;
      for (std::int32_t i = head_[id]; i >= 0; i = next_[static_cast<std::size_t>(i)]) {
        prefilter_->scan(id, values_[static_cast<std::size_t>(i)], *scratch_, on_mark, this);
      }
    }
  };
  for (const Candidates* c : lists) scan_fields(*c);
}

// Evaluates, in rule order, the ungated candidates and the marked rules of this bucket whose event ids
// fit the event.
void Matcher::run(const Bucket& bucket, const Candidates& candidates, const AlertFn& on_alert) {
  auto evaluate = [&](std::uint32_t i) {
    if (ran_[i] == event_stamp_) return;  // reached again through a second category of the event
    ran_[i] = event_stamp_;
    const CompiledRule& rule = set_.rules()[i];
    if (rule.sequence) {
      sequences_->on_event(i, rule, *event_, *this, sequence_events_, on_alert);
    } else if (eval(rule, rule.root)) {
      on_alert(rule);
    }
  };
  if (!candidates.gated) {
    for (const auto i : candidates.rules) evaluate(i);
    return;
  }
  const auto& sys = event_->system();
  selected_.clear();
  for (const auto i : marked_) {
    // A sequence may sit in several category buckets (bucket_of_ names one): ask the list itself.
    if (set_.rules()[i].sequence ? !std::binary_search(candidates.rules.begin(), candidates.rules.end(), i)
                                 : bucket_of_[i] != bucket.number) {
      continue;
    }
    const auto& ids = event_ids_[i];
    if (!ids.empty() && (!sys.has_event_id || std::find(ids.begin(), ids.end(), sys.event_id) == ids.end())) continue;
    selected_.push_back(i);
  }
  std::sort(selected_.begin(), selected_.end());
  auto a = candidates.ungated.begin();
  auto b = selected_.begin();
  while (a != candidates.ungated.end() || b != selected_.end()) {
    if (b == selected_.end() || (a != candidates.ungated.end() && *a < *b)) {
      evaluate(*a++);
    } else {
      evaluate(*b++);
    }
  }
}

void Matcher::match(const events::Event& event, const AlertFn& on_alert) {
  const auto& sys = event.system();
  // The events of a file nearly always share one channel: the last lookup is kept, keyed by the channel as
  // the event spells it (by_channel_ never changes once built, and its nodes do not move).
  const std::string_view spelled = event.channel();
  if (!channel_known_ || spelled != channel_spelled_) {
    channel_spelled_.assign(spelled);
    channel_key_.assign(spelled);  // lower-cased in place: no allocation once it has grown
    for (char& ch : channel_key_) ch = ascii_lower(ch);
    const auto found = by_channel_.find(channel_key_);
    channel_bucket_ = found != by_channel_.end() ? &found->second : nullptr;
    channel_known_ = true;
  }
  const Bucket* channel_rules = channel_bucket_;
  const Candidates* channel = channel_rules != nullptr ? &channel_rules->find(sys.has_event_id, sys.event_id) : nullptr;
  const Candidates& any = any_channel_.find(sys.has_event_id, sys.event_id);
  if (lazy_bind_ && any.rules.empty() && (channel == nullptr || channel->rules.empty())) return;
  bind(event);
  ++event_stamp_;
  lists_.clear();
  if (channel != nullptr) lists_.push_back(channel);
  lists_.push_back(&any);
  reached_.clear();
  if (category_ != kAnyField && !by_category_.empty()) {
    for (std::int32_t v = head_[category_]; v >= 0; v = next_[static_cast<std::size_t>(v)]) {
      category_key_.assign(values_[static_cast<std::size_t>(v)]);
      for (char& ch : category_key_) ch = ascii_lower(ch);
      const auto c = by_category_.find(category_key_);
      if (c == by_category_.end()) continue;
      const Candidates& list = c->second.find(sys.has_event_id, sys.event_id);
      reached_.emplace_back(&c->second, &list);
      lists_.push_back(&list);
    }
  }
  bool gated = false;
  for (const Candidates* c : lists_) gated = gated || c->gated;
  if (prefilter_ != nullptr && gated) prefilter_scan(lists_);
  if (channel != nullptr) run(*channel_rules, *channel, on_alert);
  run(any_channel_, any, on_alert);
  for (const auto& [bucket, list] : reached_) run(*bucket, *list, on_alert);
  if (ecs_) {  // ECS-only events: the ECS-scoped rules their event.category/type reach, in full
    if (const auto* scoped = ecs_->candidates(event)) {
      for (const auto i : *scoped) {
        const CompiledRule& rule = set_.rules()[i];
        if (eval(rule, rule.root)) on_alert(rule);
      }
    }
  }
}

std::vector<std::pair<std::string_view, std::string_view>> Matcher::matched_fields(const CompiledRule& rule) const {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  matched_fields(rule, out);
  return out;
}

void Matcher::matched_fields(const CompiledRule& rule,
                             std::vector<std::pair<std::string_view, std::string_view>>& out) const {
  for (const FieldId id : rule.fields) {
    for (std::int32_t i = head_[id]; i >= 0; i = next_[static_cast<std::size_t>(i)]) {
      out.emplace_back(set_.field_names()[id], values_[static_cast<std::size_t>(i)]);
    }
  }
}

std::string_view Matcher::first_text(FieldId field) const {
  if (field == kAnyField || field >= head_.size()) return {};
  const std::int32_t first = earliest_value(field);
  return first < 0 ? std::string_view() : values_[static_cast<std::size_t>(first)];
}

}  // namespace temper::detect
