// SPDX-License-Identifier: Apache-2.0
// import_part(): parse one optional file of a bundle or GPO, record its status, merge its facts.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <utility>

#include "collect/offline/bundle.hpp"

namespace temper::collect::detail {

/// Parse `bytes` (absent = kMissing) with `parse(bytes, file)`; on success append its diagnostics
/// and call `merge(parsed)`, on failure record kFailed with the error (also as a diagnostic).
template <typename Parse, typename Merge>
void import_part(BundleImport& out, std::string what, const std::string& file,
                 const std::optional<std::span<const std::byte>>& bytes, Parse&& parse, Merge&& merge) {
  BundlePart part{std::move(what), file, PartStatus::kMissing, {}};
  if (bytes) {
    auto parsed = parse(*bytes, file);
    if (parsed) {
      part.status = PartStatus::kImported;
      for (auto& d : parsed->diagnostics) out.diagnostics.push_back(std::move(d));
      merge(*parsed);
    } else {
      part.status = PartStatus::kFailed;
      part.detail = parsed.error().to_string();
      out.diagnostics.push_back(
          Diagnostic{parsed.error().where.value_or(SourceLocation(file)), parsed.error().message});
    }
  }
  out.parts.push_back(std::move(part));
}

}  // namespace temper::collect::detail
