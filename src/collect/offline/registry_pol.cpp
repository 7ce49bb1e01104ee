// SPDX-License-Identifier: Apache-2.0
// PReg reader. Layout (MS-GPREG; ../shared/reference/windows-formats.md B.2):
//
//   offset 0  "PReg" (50 52 65 67)   offset 4  uint32 LE version = 1
//   then until EOF, every delimiter a UTF-16LE code unit:
//   '[' key\0 ';' valuename\0 ';' uint32 type ';' uint32 size ';' data[size] ']'
//
// Example: 5B 00 | "Software\Policies\X" 00 00 | 3B 00 | "Enabled" 00 00 | 3B 00 | 04 00 00 00 | 3B 00 |
//          04 00 00 00 | 3B 00 | 01 00 00 00 | 5D 00   -> HKLM\Software\Policies\X  Enabled = DWORD 1
// `data` may contain ';' or ']' (EMET strings do), so it is taken by `size` only.
#include "collect/offline/registry_pol.hpp"

#include <optional>

#include "collect/offline/detail/reg_data.hpp"
#include "core/byte_reader.hpp"
#include "core/limits.hpp"
#include "core/strings.hpp"
#include "core/utf.hpp"

namespace temper::collect {
namespace {
constexpr std::uint32_t kSignature = 0x67655250;  // "PReg"
constexpr std::uint16_t kOpen = u'[';
constexpr std::uint16_t kSemi = u';';
constexpr std::uint16_t kClose = u']';

struct EntryError {
  std::size_t offset;
  std::string message;
};

bool expect_unit(ByteReader& r, std::uint16_t unit) {
  const auto at = r.offset();
  const auto u = r.le<std::uint16_t>();
  if (u && *u == unit) return true;
  r.seek(at);
  return false;
}

std::optional<std::string> read_string(ByteReader& r) {
  const auto start = r.offset();
  for (std::size_t units = 0; units <= limits::kMaxRegNameUnits; ++units) {
    const auto u = r.le<std::uint16_t>();
    if (!u) return std::nullopt;
    if (*u == 0) return utf16le_to_utf8(r.data().subspan(start, r.offset() - start - 2));
  }
  return std::nullopt;
}

std::vector<std::string> semicolon_list(const model::RegValue& v) {
  std::vector<std::string> out;
  const std::string text = v.type == model::RegType::kMultiSz ? join(v.multi, ";") : v.text;
  for (const auto& part : split(text, ';')) {
    const std::string_view t = trim(part);
    if (!t.empty()) out.emplace_back(t);
  }
  return out;
}

void classify(PolEntry& e, bool has_data) {
  static constexpr std::string_view kDel = "**del.";
  static constexpr std::string_view kSoft = "**soft.";
  const std::string name = e.value_name;
  if (istarts_with(name, "**delvals")) {
    e.action = PolAction::kDeleteAllValues;
    e.value_name.clear();
  } else if (istarts_with(name, kDel)) {
    e.action = PolAction::kDeleteValue;
    e.value_name = name.substr(kDel.size());
  } else if (istarts_with(name, kSoft)) {
    e.action = PolAction::kSoftSet;
    e.value_name = name.substr(kSoft.size());
  } else if (iequals(name, "**DeleteValues")) {
    e.action = PolAction::kDeleteValues;
    e.targets = semicolon_list(e.value);
  } else if (iequals(name, "**DeleteKeys")) {
    e.action = PolAction::kDeleteKeys;
    e.targets = semicolon_list(e.value);
  } else if (iequals(name, "**SecureKey")) {
    e.action = PolAction::kSecureKey;
  } else if (name.empty() && !has_data) {
    e.action = PolAction::kCreateKey;
  }
}

// Parses one entry at r.offset(); on failure returns the offset and reason, the cursor undefined.
std::optional<EntryError> parse_entry(ByteReader& r, PolEntry& e, std::string& warning) {
  e.offset = r.offset();
  if (!expect_unit(r, kOpen)) return EntryError{r.offset(), "expected '[' to start an entry"};
  auto key = read_string(r);
  if (!key) return EntryError{r.offset(), "key path is not NUL-terminated (or too long)"};
  if (!expect_unit(r, kSemi)) return EntryError{r.offset(), "expected ';' after the key path"};
  auto value_name = read_string(r);
  if (!value_name) return EntryError{r.offset(), "value name is not NUL-terminated (or too long)"};
  if (!expect_unit(r, kSemi)) return EntryError{r.offset(), "expected ';' after the value name"};
  const auto type = r.le<std::uint32_t>();
  if (!type || !expect_unit(r, kSemi)) return EntryError{r.offset(), "truncated type field"};
  const std::size_t size_at = r.offset();
  const auto size = r.le<std::uint32_t>();
  if (!size || !expect_unit(r, kSemi)) return EntryError{r.offset(), "truncated size field"};
  if (*size > limits::kMaxRegDataBytes) {
    return EntryError{size_at, "data size " + std::to_string(*size) + " exceeds the limit"};
  }
  const auto data = r.bytes(*size);
  if (!data) {
    return EntryError{size_at, "data size " + std::to_string(*size) + " runs past the end of the file (" +
                                   std::to_string(r.remaining()) + " bytes left)"};
  }
  if (!expect_unit(r, kClose))
    return EntryError{r.offset(), "expected ']' after " + std::to_string(*size) + " data bytes"};
  e.key = std::move(*key);
  e.value_name = std::move(*value_name);
  std::string problem;
  auto value = detail::reg_value_from_data(*type, *data, problem);
  if (!value) return EntryError{size_at, problem};
  if (!problem.empty()) warning = std::move(problem);
  e.value = std::move(*value);
  classify(e, !data->empty());
  return std::nullopt;
}

SourceLocation at_offset(std::string_view file_name, std::size_t offset) {
  return SourceLocation(std::string(file_name), 0, 0, offset);
}

// Next offset after `from` where an entry parses whole, or nullopt.
std::optional<std::size_t> resync(std::span<const std::byte> bytes, std::size_t from) {
  std::size_t attempts = 0;
  for (std::size_t at = from; at + 1 < bytes.size(); ++at) {
    if (bytes[at] != std::byte{'['} || bytes[at + 1] != std::byte{0}) continue;
    if (++attempts > limits::kMaxPolResyncAttempts) return std::nullopt;
    ByteReader probe(bytes);
    probe.seek(at);
    PolEntry scratch;
    std::string warning;
    if (!parse_entry(probe, scratch, warning)) return at;
  }
  return std::nullopt;
}
}  // namespace

Result<ParsedPol> parse_registry_pol(std::span<const std::byte> bytes, std::string_view file_name) {
  if (bytes.size() > limits::kMaxDocumentBytes) {
    return fail(ErrorCode::kLimit, "file is larger than the document limit", at_offset(file_name, 0));
  }
  ByteReader r(bytes);
  const auto signature = r.le<std::uint32_t>();
  if (!signature || *signature != kSignature) {
    return fail(ErrorCode::kParse, "not a registry.pol file: missing 'PReg' signature", at_offset(file_name, 0));
  }
  const auto version = r.le<std::uint32_t>();
  if (!version || *version != 1) {
    return fail(ErrorCode::kParse,
                version ? "unsupported PReg version " + std::to_string(*version) : std::string("truncated header"),
                at_offset(file_name, 4));
  }
  ParsedPol out;
  DiagnosticSink sink(out.diagnostics);
  while (!r.at_end()) {
    if (out.entries.size() >= limits::kMaxPolEntries) {
      return fail(ErrorCode::kLimit, "more than " + std::to_string(limits::kMaxPolEntries) + " entries",
                  at_offset(file_name, r.offset()));
    }
    const std::size_t start = r.offset();
    PolEntry entry;
    std::string warning;
    if (auto err = parse_entry(r, entry, warning)) {
      const auto next = resync(bytes, start + 1);
      sink.add(at_offset(file_name, err->offset),
               "damaged entry starting at offset " + std::to_string(start) + ": " + err->message +
                   (next ? "; skipped to the next entry at offset " + std::to_string(*next)
                         : std::string("; the rest of the file is ignored")));
      if (!next) break;
      r.seek(*next);
      continue;
    }
    if (!warning.empty()) sink.add(at_offset(file_name, start), warning);
    out.entries.push_back(std::move(entry));
  }
  return out;
}

std::vector<PolRemoval> apply_pol(const ParsedPol& pol, std::string_view root, model::Registry& registry) {
  std::vector<PolRemoval> removed;
  for (const auto& e : pol.entries) {
    const std::string key = model::Registry::canonical_path(std::string(root) + "\\" + e.key);
    const auto it = registry.keys.find(key);
    switch (e.action) {
      case PolAction::kSet:
        registry.keys[key].values[e.value_name] = e.value;
        break;
      case PolAction::kCreateKey:
        registry.keys.try_emplace(key);
        break;
      case PolAction::kSoftSet:
      case PolAction::kSecureKey:
        break;
      case PolAction::kDeleteValue:
        if (it != registry.keys.end()) it->second.values.erase(e.value_name);
        removed.push_back(PolRemoval{key, e.value_name});
        break;
      case PolAction::kDeleteAllValues:
        if (it != registry.keys.end()) it->second.values.clear();
        removed.push_back(PolRemoval{key, "*"});
        break;
      case PolAction::kDeleteValues:
        for (const auto& name : e.targets) {
          if (it != registry.keys.end()) it->second.values.erase(name);
          removed.push_back(PolRemoval{key, name});
        }
        break;
      case PolAction::kDeleteKeys:
        for (const auto& sub : e.targets) {
          const std::string doomed = model::Registry::canonical_path(key + "\\" + sub);
          detail::erase_subtree(registry, doomed);
          removed.push_back(PolRemoval{doomed, ""});
        }
        break;
    }
  }
  return removed;
}

}  // namespace temper::collect
