// SPDX-License-Identifier: Apache-2.0
// The rule codec: a compiled detect::RuleSet as bytes and back (rules with their scopes, predicates, nodes,
// EQL expressions and sequences, the RuleInfo each source rule's scopes share, field names, regex sources,
// correlations, the unsupported list and counts, and the built prefilter with its Vectorscan databases),
// for the compiled rule-set cache (app/rule_cache.hpp, decision 0042). The decoder treats its input as
// hostile: docs/detect.md ("Compiled rule cache") lists what it checks.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "detect/rule_set.hpp"

namespace temper::detect {

/// The layout version, stored after the magic; bumped whenever the layout or the meaning of a compiled
/// field changes, so that an older file is refused rather than misread.
inline constexpr std::uint32_t kRuleCodecVersion = 3;

struct EncodeOptions {
  /// Build the prefilter (when this build has an engine and it is not built yet) and store it. Without it
  /// a decoded set builds its prefilter on first use, as a freshly compiled one does.
  bool prefilter = true;
};

/// `set` as bytes: a magic, kRuleCodecVersion, the payload's length and 64-bit hash, then the payload,
/// which starts with `annotation` (kept as is for the caller: the cache stores its key there). The same
/// set gives the same bytes. Fails with kInternal when the prefilter engine cannot serialize a database.
Result<std::string> encode_rule_set(const RuleSet& set, std::string_view annotation = {}, EncodeOptions options = {});

struct DecodeOptions {
  /// Compare the payload with its hash before decoding. Only tests and the fuzz target turn it off, to
  /// reach the bounds and index checks behind it.
  bool verify_checksum = true;
};

/// A decoded rule set and the annotation it was encoded with.
struct DecodedRuleSet {
  RuleSet set;
  std::string annotation;
};

/// The set encode_rule_set() wrote. Every read is bounds-checked, every count is capped by the bytes
/// left, every index (field ids, predicates, nodes, expressions, regexes, rule infos, the prefilter's
/// rule lists) is checked against its table and trees must point backwards and stay within
/// limits::kMaxCompiledRuleDepth, so a decoded set is safe to match with. Regexes are compiled on first
/// use (Regex::deferred). Fails with kParse naming the offset of the first problem (wrong magic, length
/// or hash, a read past the end, a bad count, index or enum value, a prefilter database Vectorscan
/// refuses) and kSchemaVersion for another layout version.
Result<DecodedRuleSet> decode_rule_set(std::span<const std::byte> bytes, DecodeOptions options = {});

}  // namespace temper::detect
