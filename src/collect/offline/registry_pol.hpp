// SPDX-License-Identifier: Apache-2.0
// Reader for registry.pol (PReg v1, MS-GPREG): the registry part of a Group Policy Object.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "collect/offline/diagnostic.hpp"
#include "core/error.hpp"
#include "model/registry.hpp"

namespace temper::collect {

/// What one PReg entry does, decided by its value name.
enum class PolAction {
  kSet,              ///< an ordinary value: write it
  kSoftSet,          ///< `**soft.<name>`: write only if the value is absent
  kDeleteValue,      ///< `**del.<name>`: delete that value
  kDeleteAllValues,  ///< `**delvals.`: delete every value of the key
  kDeleteValues,     ///< `**DeleteValues` with a ';' list of value names
  kDeleteKeys,       ///< `**DeleteKeys` with a ';' list of subkey names
  kCreateKey,        ///< empty value name and no data: create the key
  kSecureKey,        ///< `**SecureKey`: ACL change, no value
};

/// One `[key;value;type;size;data]` record.
struct PolEntry {
  std::string key;         ///< as written, relative to the hive root ("Software\\Policies\\...")
  std::string value_name;  ///< the target value name (prefixes such as `**del.` removed)
  PolAction action = PolAction::kSet;
  model::RegValue value;             ///< the data, typed (kSet, kSoftSet)
  std::vector<std::string> targets;  ///< names listed by kDeleteValues / kDeleteKeys
  std::uint64_t offset = 0;          ///< byte offset of the entry's '['
};

struct ParsedPol {
  std::vector<PolEntry> entries;
  std::vector<Diagnostic> diagnostics;
};

/// Parse a PReg file. Data is read by its size field, never by scanning for ']'. A damaged entry
/// is reported with its byte offset and the reader resynchronises on the next entry that parses
/// whole; entries before it are kept. Fails (kParse, at offset 0 or 4) when the 8-byte header is
/// missing or not "PReg" version 1, or (kLimit) past limits::kMaxPolEntries. A header-only file
/// is valid and has no entries.
Result<ParsedPol> parse_registry_pol(std::span<const std::byte> bytes, std::string_view file_name);

/// A value or key a policy removes; the value is then absent from the resulting state.
struct PolRemoval {
  std::string key;   ///< canonical key path
  std::string name;  ///< value name; "*" for every value of the key, "" for the key itself
};

/// Apply a policy's entries in file order to `registry` under `root` ("HKLM" for a Machine file):
/// sets write values, `**del.`/`**delvals.`/`**DeleteValues`/`**DeleteKeys` remove what the
/// registry holds, `**soft.` values are not recorded (their effect depends on the server's
/// current value). `registry.collected` is not changed. Returns what the policy removes.
std::vector<PolRemoval> apply_pol(const ParsedPol& pol, std::string_view root, model::Registry& registry);

}  // namespace temper::collect
