// SPDX-License-Identifier: Apache-2.0
// The rule codec: a whole RuleSet as bytes. Layout (little-endian, strings as u32 length + bytes):
//   header   "TMPRRULE", u32 kRuleCodecVersion, u32 0, u64 payload length, u64 hash64(payload)
//   payload  annotation; compiled_sources and the seven SourceCounts (u64 each); field names; regex
//            sources (pattern, flag bits); the RuleInfo table (each source rule's info once, in first-use
//            order; rules and correlations refer to it by index, so the scopes of one rule share one
//            info again after decoding); rules (rule_codec_rules.cpp); unsupported rules; correlations;
//            then a flag and, when set, the prefilter (u64 length, then its tables and Vectorscan
//            databases: Prefilter::save). A build without Vectorscan skips those bytes.
// Decoding checks the header first (magic, version, length, hash), then reads the payload through a
// Reader whose first failure is kept with its offset; nothing decoded is used unless it all reads.
#include "detect/rule_codec.hpp"

#include <array>
#include <cstring>
#include <unordered_map>

#include "core/hash64.hpp"
#include "detect/correlation.hpp"
#include "detect/detail/codec_io.hpp"
#include "detect/detail/rule_codec.hpp"
#include "detect/prefilter.hpp"
#include "detect/regex.hpp"

namespace temper::detect {

namespace detail {

// The RuleSet's private parts, for this file only (a friend of RuleSet).
struct RuleSetAccess {
  static std::vector<CompiledRule>& rules(RuleSet& s) { return s.rules_; }
  static std::vector<Unsupported>& unsupported(RuleSet& s) { return s.unsupported_; }
  static std::vector<CorrelationRule>& correlations(RuleSet& s) { return s.correlations_; }
  static std::size_t regex_count(const RuleSet& s) { return s.regexes_.size(); }
  static std::size_t& compiled_sources(RuleSet& s) { return s.compiled_sources_; }
  static bool add_field(RuleSet& s, std::string name) {
    const auto id = static_cast<FieldId>(s.field_names_.size());
    if (!s.field_index_.emplace(name, id).second) return false;
    s.field_names_.push_back(std::move(name));
    return true;
  }
  static void add_regex(RuleSet& s, std::unique_ptr<Regex> regex) { s.regexes_.push_back(std::move(regex)); }
  static void adopt_prefilter(RuleSet& s, std::unique_ptr<Prefilter> p) { s.adopt_prefilter(std::move(p)); }
};

}  // namespace detail

namespace {

using detail::Reader;
using detail::RuleSetAccess;
using detail::Writer;

constexpr std::array<char, 8> kMagic = {'T', 'M', 'P', 'R', 'R', 'U', 'L', 'E'};
constexpr std::size_t kHeaderBytes = 32;
enum RegexBits : std::uint8_t { kCaseInsensitive = 1, kMultiLine = 2, kDotAll = 4 };

void write_info(Writer& out, const RuleInfo& info) {
  out.u8(static_cast<std::uint8_t>(info.language));
  out.str(info.description);
  out.str(info.triage);
  out.strs(info.tags);
  out.strs(info.references);
  out.u32(static_cast<std::uint32_t>(info.risk_score));
  out.str(info.name);
}

std::shared_ptr<const RuleInfo> read_info(Reader& in) {
  auto info = std::make_shared<RuleInfo>();
  info->language = in.enumeration(RuleLanguage::kEql, "rule language");
  info->description = in.str();
  info->triage = in.str();
  info->tags = in.strs("tags");
  info->references = in.strs("references");
  info->risk_score = static_cast<int>(static_cast<std::int32_t>(in.u32()));
  info->name = in.str();
  return info;
}

void write_correlation(Writer& out, const CorrelationRule& c, std::uint32_t info) {
  out.str(c.id);
  out.str(c.name);
  out.str(c.title);
  out.str(c.file);
  out.u8(static_cast<std::uint8_t>(c.level));
  out.u32(info);
  out.u8(static_cast<std::uint8_t>(c.type));
  out.strs(c.refs);
  out.strs(c.group_by);
  out.u32(static_cast<std::uint32_t>(c.group_fields.size()));
  for (const auto& g : c.group_fields) out.u32s(g);
  out.str(c.value_field_name);
  out.u32s(c.value_fields);
  out.u64(c.timespan_ticks);
  out.u64(c.min_count);
  out.u64(c.max_count);
  out.flag(c.generate);
}

// The Correlator reads group_fields[ref][k] for every ref and group-by name, and value_fields[ref] for
// value_count: their shapes must follow refs and group_by.
CorrelationRule read_correlation(Reader& in, const std::vector<std::shared_ptr<const RuleInfo>>& infos,
                                 std::size_t fields) {
  CorrelationRule c;
  c.id = in.str();
  c.name = in.str();
  c.title = in.str();
  c.file = in.str();
  c.level = in.enumeration(Level::kCritical, "level");
  const std::uint32_t info = in.u32();
  if (in.ok() && info >= infos.size()) in.fail("correlation info index out of range");
  if (in.ok()) c.info = infos[info];
  c.type = in.enumeration(CorrelationType::kTemporalOrdered, "correlation type");
  c.refs = in.strs("correlation rules");
  c.group_by = in.strs("group-by names");
  c.group_fields.resize(in.count(4, "group-by fields"));
  for (auto& g : c.group_fields) {
    g = in.u32s("group-by fields");
    for (const FieldId f : g) detail::check_field(in, f, fields, true, "a group-by field");
    if (in.ok() && g.size() != c.group_by.size()) in.fail("group-by fields do not follow the group-by names");
  }
  if (in.ok() && c.group_fields.size() != c.refs.size()) in.fail("group-by fields do not follow the rules");
  c.value_field_name = in.str();
  c.value_fields = in.u32s("value fields");
  for (const FieldId f : c.value_fields) detail::check_field(in, f, fields, true, "a value field");
  if (in.ok() && c.type == CorrelationType::kValueCount && c.value_fields.size() != c.refs.size()) {
    in.fail("value fields do not follow the rules");
  }
  c.timespan_ticks = in.u64();
  c.min_count = in.u64();
  c.max_count = in.u64();
  c.generate = in.flag();
  return c;
}

Result<std::string> write_payload(const RuleSet& set, std::string_view annotation, EncodeOptions options) {
  Writer out;
  out.str(annotation);
  const auto& c = set.counts();
  for (const std::size_t n : {set.compiled_sources(), c.sigma_total, c.sigma_compiled, c.eql_total, c.eql_compiled,
                              c.sequence_total, c.sequence_compiled, c.elastic_other}) {
    out.u64(n);
  }
  out.strs(set.field_names());
  const std::size_t regexes = RuleSetAccess::regex_count(set);
  out.u32(static_cast<std::uint32_t>(regexes));
  for (std::uint32_t i = 0; i < regexes; ++i) {
    const auto& s = set.regex(i).source();
    out.str(s.pattern);
    out.u8(static_cast<std::uint8_t>((s.case_insensitive ? kCaseInsensitive : 0) | (s.multi_line ? kMultiLine : 0) |
                                     (s.dot_all ? kDotAll : 0)));
  }
  std::unordered_map<const RuleInfo*, std::uint32_t> info_index;
  std::vector<const RuleInfo*> infos;
  auto index_of = [&](const std::shared_ptr<const RuleInfo>& info) {
    const auto [it, fresh] = info_index.try_emplace(info.get(), static_cast<std::uint32_t>(infos.size()));
    if (fresh) infos.push_back(info.get());
    return it->second;
  };
  for (const auto& r : set.rules()) index_of(r.info);
  for (const auto& k : set.correlations()) index_of(k.info);
  out.u32(static_cast<std::uint32_t>(infos.size()));
  for (const RuleInfo* info : infos) write_info(out, *info);
  out.u32(static_cast<std::uint32_t>(set.rules().size()));
  for (const auto& r : set.rules()) detail::write_rule(out, r, info_index.at(r.info.get()));
  out.u32(static_cast<std::uint32_t>(set.unsupported().size()));
  for (const auto& u : set.unsupported()) {
    out.str(u.file);
    out.str(u.title);
    out.str(u.reason);
  }
  out.u32(static_cast<std::uint32_t>(set.correlations().size()));
  for (const auto& k : set.correlations()) write_correlation(out, k, info_index.at(k.info.get()));
  const Prefilter* prefilter = options.prefilter ? set.prefilter() : nullptr;
  out.flag(prefilter != nullptr);
  if (prefilter != nullptr) {
    const std::size_t at = out.size();
    out.u64(0);
    TEMPER_RETURN_IF_ERROR(prefilter->save(out));
    out.patch_u64(at, out.size() - at - 8);
  }
  return out.take();
}

Result<std::string> read_payload(Reader& in, RuleSet& set) {
  std::string annotation = in.str();
  auto& c = set.counts();
  for (std::size_t* n : {&RuleSetAccess::compiled_sources(set), &c.sigma_total, &c.sigma_compiled, &c.eql_total,
                         &c.eql_compiled, &c.sequence_total, &c.sequence_compiled, &c.elastic_other}) {
    *n = static_cast<std::size_t>(in.u64());
  }
  const std::size_t fields = in.count(4, "field names");
  for (std::size_t i = 0; i < fields && in.ok(); ++i) {
    if (!RuleSetAccess::add_field(set, in.str())) in.fail("a field name listed twice");
  }
  const std::size_t regexes = in.count(5, "regexes");
  for (std::size_t i = 0; i < regexes && in.ok(); ++i) {
    Regex::Source source;
    source.pattern = in.str();
    const std::uint8_t bits = in.u8();
    if ((bits & ~(kCaseInsensitive | kMultiLine | kDotAll)) != 0) in.fail("unknown regex flags");
    source.case_insensitive = (bits & kCaseInsensitive) != 0;
    source.multi_line = (bits & kMultiLine) != 0;
    source.dot_all = (bits & kDotAll) != 0;
    RuleSetAccess::add_regex(set, Regex::deferred(std::move(source)));
  }
  std::vector<std::shared_ptr<const RuleInfo>> infos(in.count(25, "rule infos"));
  for (auto& info : infos) {
    if (!in.ok()) break;
    info = read_info(in);
  }
  const detail::RuleTables tables{set.field_names().size(), RuleSetAccess::regex_count(set), &infos};
  auto& rules = RuleSetAccess::rules(set);
  rules.resize(in.count(58, "rules"));
  for (auto& r : rules) {
    if (!in.ok()) break;
    r = detail::read_rule(in, tables);
  }
  auto& unsupported = RuleSetAccess::unsupported(set);
  unsupported.resize(in.count(12, "unsupported rules"));
  for (auto& u : unsupported) {
    u.file = in.str();
    u.title = in.str();
    u.reason = in.str();
  }
  auto& correlations = RuleSetAccess::correlations(set);
  correlations.resize(in.count(67, "correlations"));
  for (auto& k : correlations) {
    if (!in.ok()) break;
    k = read_correlation(in, infos, tables.fields);
  }
  if (in.flag()) {
    const std::uint64_t length = in.u64();
    const std::size_t base = in.offset();
    const auto bytes = in.take(static_cast<std::size_t>(std::min<std::uint64_t>(length, in.remaining() + 1)), "the prefilter");
    TEMPER_RETURN_IF_ERROR(in.status());
    Reader sub(bytes, base);
    TEMPER_ASSIGN_OR_RETURN(auto prefilter, Prefilter::load(sub, set));
    if (prefilter && !sub.at_end()) sub.fail("bytes after the prefilter");
    TEMPER_RETURN_IF_ERROR(sub.status());
    RuleSetAccess::adopt_prefilter(set, std::move(prefilter));
  }
  if (in.ok() && !in.at_end()) in.fail("bytes after the rule set");
  TEMPER_RETURN_IF_ERROR(in.status());
  return annotation;
}

}  // namespace

Result<std::string> encode_rule_set(const RuleSet& set, std::string_view annotation, EncodeOptions options) {
  TEMPER_ASSIGN_OR_RETURN(const std::string payload, write_payload(set, annotation, options));
  Writer out;
  out.raw(std::string_view(kMagic.data(), kMagic.size()));
  out.u32(kRuleCodecVersion);
  out.u32(0);
  out.u64(payload.size());
  out.u64(hash64(as_bytes(payload)));
  out.raw(payload);
  return out.take();
}

Result<DecodedRuleSet> decode_rule_set(std::span<const std::byte> bytes, DecodeOptions options) {
  auto bad = [](std::string what) { return fail(ErrorCode::kParse, "compiled rule set: " + std::move(what)); };
  if (bytes.size() < kHeaderBytes) return bad("shorter than its " + std::to_string(kHeaderBytes) + "-byte header");
  if (std::memcmp(bytes.data(), kMagic.data(), kMagic.size()) != 0) return bad("not a compiled rule set (wrong magic)");
  const auto version = ByteReader::peek_le<std::uint32_t>(bytes, 8);
  if (version != kRuleCodecVersion) {
    return fail(ErrorCode::kSchemaVersion, "compiled rule set: layout version " + std::to_string(version) +
                                               ", this build reads " + std::to_string(kRuleCodecVersion));
  }
  if (ByteReader::peek_le<std::uint32_t>(bytes, 12) != 0) return bad("unknown header flags at offset 12");
  const auto length = ByteReader::peek_le<std::uint64_t>(bytes, 16);
  const auto payload = bytes.subspan(kHeaderBytes);
  if (length != payload.size()) {
    return bad("the header gives a payload of " + std::to_string(length) + " bytes, the file has " +
               std::to_string(payload.size()));
  }
  if (options.verify_checksum && ByteReader::peek_le<std::uint64_t>(bytes, 24) != hash64(payload)) {
    return bad("checksum mismatch (the file is damaged)");
  }
  DecodedRuleSet out;
  Reader in(payload, kHeaderBytes);
  TEMPER_ASSIGN_OR_RETURN(out.annotation, read_payload(in, out.set));
  return out;
}

}  // namespace temper::detect
