// SPDX-License-Identifier: Apache-2.0
// The prefilter on Vectorscan (decision 0040): one literal database per field that some rule needs a
// literal in (plus one for keyword rules, which search every data field), compiled once with
// hs_compile_lit_multi (caseless, single match: each literal is reported at most once per scan). A
// literal's id indexes the list of (rule, literal group) marks that need it. The whole database is built
// ahead of time, so a scan cannot fail at run time for lack of memory; if Vectorscan refuses a database the
// fields it covers are simply not gated (their rules are evaluated in full), never skipped. The rule codec
// saves the databases with hs_serialize_database (Vectorscan checks their CRC when it loads them back).
#include <hs/hs.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>
#include <unordered_map>

#include "core/limits.hpp"
#include "core/strings.hpp"
#include "detect/detail/codec_io.hpp"
#include "detect/prefilter.hpp"

namespace temper::detect {
namespace {

struct FieldDb {
  hs_database_t* db = nullptr;
  std::vector<std::uint32_t> first;  ///< literal id -> start of its marks in `rules` (size + 1 entries)
  std::vector<std::uint32_t> rules;  ///< marks: Prefilter::mark_entry(rule, group)
  /// Whole-value literals (lower-case) -> marks: a hash lookup instead of a scan.
  std::unordered_map<std::string, std::vector<std::uint32_t>> whole;
  std::size_t whole_longest = 0;
  /// Bit n: some whole literal is n bytes long (bit 63: 63 or more), so most values skip the hash lookup.
  std::uint64_t whole_lengths = 0;
  void note_whole_length(std::size_t n) {
    whole_longest = std::max(whole_longest, n);
    whole_lengths |= std::uint64_t{1} << std::min<std::size_t>(n, 63);
  }
  std::size_t shortest = 0;  ///< the shortest literal in `db`: a shorter value cannot hold one
};

class HsScratch final : public PrefilterScratch {
 public:
  explicit HsScratch(hs_scratch_t* s) : scratch(s) {}
  ~HsScratch() override { hs_free_scratch(scratch); }
  HsScratch(const HsScratch&) = delete;
  HsScratch& operator=(const HsScratch&) = delete;
  hs_scratch_t* scratch = nullptr;
  std::string folded;  ///< a value lower-cased for the whole-value lookup
};

struct ScanContext {
  const FieldDb* db;
  Prefilter::MarkFn mark;
  void* context;
};

int on_match(unsigned int id, unsigned long long /*from*/, unsigned long long /*to*/, unsigned int /*flags*/,
             void* ctx) {
  const auto* c = static_cast<const ScanContext*>(ctx);
  if (id + 1 >= c->db->first.size()) return 0;  // a database loaded from a file reports no id it has no list for
  for (std::uint32_t i = c->db->first[id]; i < c->db->first[id + 1]; ++i) c->mark(c->context, c->db->rules[i]);
  return 0;
}

class HsPrefilter final : public Prefilter {
 public:
  HsPrefilter() = default;
  explicit HsPrefilter(const RuleSet& set) {
    const std::size_t slots = set.field_names().size() + 1;  // the last slot is kAnyField
    // field slot -> literal -> marks
    std::vector<std::map<std::string, std::vector<std::uint32_t>>> literals(slots);
    dbs_.resize(slots);
    std::vector<std::pair<std::uint32_t, std::vector<LiteralNeed>>> gated_rules;  // every group's needs together
    groups_.assign(set.rules().size(), 0);
    for (std::uint32_t i = 0; i < set.rules().size(); ++i) {
      auto groups = required_literal_groups(set, set.rules()[i]);
      if (!groups) continue;
      std::vector<LiteralNeed> needs;
      for (std::uint32_t g = 0; g < groups->size(); ++g) {
        const std::uint32_t mark = mark_entry(i, g);
        for (auto& n : (*groups)[g]) {
          auto& list =
              n.whole ? dbs_[slot(n.field, slots)].whole[n.literal] : literals[slot(n.field, slots)][n.literal];
          if (list.empty() || list.back() != mark) list.push_back(mark);
          if (n.whole) dbs_[slot(n.field, slots)].note_whole_length(n.literal.size());
          needs.push_back(std::move(n));
        }
      }
      std::sort(needs.begin(), needs.end(),
                [](const LiteralNeed& a, const LiteralNeed& b) { return a.field < b.field; });
      groups_[i] = static_cast<std::uint8_t>(groups->size());
      gated_rules.emplace_back(i, std::move(needs));
    }
    std::vector<bool> ok(slots, true);
    for (std::size_t f = 0; f < slots; ++f) {
      if (literals[f].empty()) continue;
      ok[f] = compile(literals[f], dbs_[f]);
    }
    // A rule is gated only when every field it needs a literal in has a database.
    gated_.assign(set.rules().size(), false);
    fields_.resize(set.rules().size());
    for (const auto& [i, needs] : gated_rules) {
      bool all = true;
      for (const auto& n : needs) all = all && ok[slot(n.field, slots)];
      if (!all) {
        groups_[i] = 0;
        continue;
      }
      gated_[i] = true;
      ++gated_count_;
      for (const auto& n : needs) {
        if (fields_[i].empty() || fields_[i].back() != n.field) fields_[i].push_back(n.field);
      }
    }
    scans_.assign(slots, false);
    for (std::size_t f = 0; f < slots; ++f) scans_[f] = dbs_[f].db != nullptr || !dbs_[f].whole.empty();
    finish();
  }

  [[nodiscard]] Result<void> save(detail::Writer& out) const override;
  void load(detail::Reader& in, const RuleSet& set);

  ~HsPrefilter() override {
    for (auto& d : dbs_) hs_free_database(d.db);
    hs_free_scratch(prototype_);
  }
  HsPrefilter(const HsPrefilter&) = delete;
  HsPrefilter& operator=(const HsPrefilter&) = delete;

  [[nodiscard]] std::unique_ptr<PrefilterScratch> make_scratch() const override {
    hs_scratch_t* s = nullptr;
    if (prototype_ != nullptr && hs_clone_scratch(prototype_, &s) != HS_SUCCESS) s = nullptr;
    return std::make_unique<HsScratch>(s);
  }

  void scan(FieldId field, std::string_view value, PrefilterScratch& scratch, MarkFn mark,
            void* context) const override {
    const FieldId f = field == kAnyField ? any_slot_ : field;
    if (f >= dbs_.size()) return;
    const FieldDb& d = dbs_[f];
    auto& s = static_cast<HsScratch&>(scratch);
    if (!d.whole.empty() && value.size() <= d.whole_longest &&
        ((d.whole_lengths >> std::min<std::size_t>(value.size(), 63)) & 1) != 0) {
      s.folded.assign(value);
      for (char& ch : s.folded) ch = ascii_lower(ch);
      const auto it = d.whole.find(s.folded);
      if (it != d.whole.end()) {
        for (const auto r : it->second) mark(context, r);
      }
    }
    if (d.db == nullptr || value.size() < d.shortest) return;
    ScanContext c{&d, mark, context};
    if (s.scratch == nullptr ||
        hs_scan(dbs_[f].db, value.data(), static_cast<unsigned int>(value.size()), 0, s.scratch, on_match, &c) !=
            HS_SUCCESS) {
      // Cannot scan: let every rule of this field through rather than skip one.
      for (const auto r : d.rules) mark(context, r);
    }
  }

 private:
  static std::size_t slot(FieldId field, std::size_t slots) { return field == kAnyField ? slots - 1 : field; }

  // The scratch prototype (big enough for every database) and the kAnyField slot.
  void finish() {
    for (const auto& d : dbs_) {
      if (d.db != nullptr && hs_alloc_scratch(d.db, &prototype_) != HS_SUCCESS) prototype_ = nullptr;
    }
    any_slot_ = static_cast<FieldId>(dbs_.size() - 1);
  }

  static bool compile(const std::map<std::string, std::vector<std::uint32_t>>& lits, FieldDb& out) {
    std::vector<const char*> patterns;
    std::vector<std::size_t> lengths;
    std::vector<unsigned int> flags, ids;
    out.first.clear();
    out.rules.clear();
    out.shortest = lits.empty() ? 0 : lits.begin()->first.size();
    for (const auto& [text, rules] : lits) {
      out.shortest = std::min(out.shortest, text.size());
      ids.push_back(static_cast<unsigned int>(patterns.size()));
      patterns.push_back(text.data());
      lengths.push_back(text.size());
      flags.push_back(HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH);
      out.first.push_back(static_cast<std::uint32_t>(out.rules.size()));
      out.rules.insert(out.rules.end(), rules.begin(), rules.end());
    }
    out.first.push_back(static_cast<std::uint32_t>(out.rules.size()));
    hs_compile_error_t* error = nullptr;
    if (hs_compile_lit_multi(patterns.data(), flags.data(), ids.data(), lengths.data(),
                             static_cast<unsigned int>(patterns.size()), HS_MODE_BLOCK, nullptr, &out.db,
                             &error) != HS_SUCCESS) {
      hs_free_compile_error(error);
      out.db = nullptr;
      return false;
    }
    return true;
  }

  std::vector<FieldDb> dbs_;
  hs_scratch_t* prototype_ = nullptr;
  FieldId any_slot_ = 0;
};

// Per field slot: the database (serialized by Vectorscan) or none, the literal -> rules lists, the
// whole-value table sorted by value (so that equal sets give equal bytes) and the shortest literal's length.
Result<void> HsPrefilter::save(detail::Writer& out) const {
  save_tables(out);
  out.u32(static_cast<std::uint32_t>(dbs_.size()));
  for (const FieldDb& d : dbs_) {
    out.flag(d.db != nullptr);
    if (d.db != nullptr) {
      char* bytes = nullptr;
      std::size_t length = 0;
      if (hs_serialize_database(d.db, &bytes, &length) != HS_SUCCESS) {
        return fail(ErrorCode::kInternal, "Vectorscan could not serialize a prefilter database");
      }
      // Vectorscan allocates the bytes with its misc allocator, malloc unless set otherwise.
      const std::unique_ptr<char, decltype(&std::free)> owned(bytes, &std::free);
      out.u64(length);
      out.raw(std::string_view(bytes, length));
    }
    out.u32s(d.first);
    out.u32s(d.rules);
    std::vector<const std::pair<const std::string, std::vector<std::uint32_t>>*> whole;
    for (const auto& entry : d.whole) whole.push_back(&entry);
    std::sort(whole.begin(), whole.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
    out.u32(static_cast<std::uint32_t>(whole.size()));
    for (const auto* entry : whole) {
      out.str(entry->first);
      out.u32s(entry->second);
    }
    out.u64(d.shortest);
  }
  return {};
}

void HsPrefilter::load(detail::Reader& in, const RuleSet& set) {
  load_tables(in, set);
  const std::size_t slots = in.count(13, "prefilter databases");
  if (in.ok() && slots != scans_.size()) in.fail("prefilter databases do not match its field slots");
  dbs_.resize(slots);
  const std::size_t rules = set.rules().size();
  auto check_rules = [&](const std::vector<std::uint32_t>& list) {
    for (const auto mark : list) {
      const std::uint32_t r = entry_rule(mark);
      if (r >= rules || entry_group(mark) >= groups_of(r)) {
        in.fail("prefilter mark " + std::to_string(mark) + " names no literal group of a gated rule");
      }
    }
  };
  for (FieldDb& d : dbs_) {
    if (!in.ok()) break;
    if (in.flag()) {
      const std::uint64_t length = in.u64();
      const auto bytes = in.take(static_cast<std::size_t>(std::min<std::uint64_t>(length, in.remaining() + 1)),
                                 "a prefilter database");
      if (in.ok() && hs_deserialize_database(reinterpret_cast<const char*>(bytes.data()), bytes.size(), &d.db) != HS_SUCCESS) {
        d.db = nullptr;
        in.fail("Vectorscan refused a prefilter database (another version or CPU, or damaged)");
      }
    }
    d.first = in.u32s("prefilter literal lists");
    d.rules = in.u32s("prefilter rule lists");
    check_rules(d.rules);
    if (d.db != nullptr && (d.first.empty() || d.first.front() != 0 || d.first.back() != d.rules.size() ||
                            !std::is_sorted(d.first.begin(), d.first.end()))) {
      in.fail("prefilter literal lists out of order");
    }
    const std::size_t whole = in.count(8, "prefilter whole values");
    for (std::size_t i = 0; i < whole && in.ok(); ++i) {
      std::string value = in.str();
      auto list = in.u32s("prefilter whole-value rules");
      check_rules(list);
      d.note_whole_length(value.size());
      if (!d.whole.emplace(std::move(value), std::move(list)).second) in.fail("a whole value listed twice");
    }
    // A value shorter than this is not scanned: a wrong figure could only hide literals, never read out of range.
    d.shortest = static_cast<std::size_t>(std::min<std::uint64_t>(in.u64(), limits::kMaxDocumentBytes));
  }
  if (in.ok() && slots > 0) finish();
}

}  // namespace

std::unique_ptr<Prefilter> Prefilter::build(const RuleSet& set) { return std::make_unique<HsPrefilter>(set); }

Result<std::unique_ptr<Prefilter>> Prefilter::load(detail::Reader& in, const RuleSet& set) {
  auto prefilter = std::make_unique<HsPrefilter>();
  prefilter->load(in, set);
  TEMPER_RETURN_IF_ERROR(in.status());
  return std::unique_ptr<Prefilter>(std::move(prefilter));
}

bool Prefilter::available() { return true; }

}  // namespace temper::detect
