// SPDX-License-Identifier: Apache-2.0
// Reading and writing temper.snapshot/1 JSON. write(read(x)) reproduces x byte for byte when x
// was written by write(); docs/snapshot.md is the schema.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/json_stream.hpp"
#include "model/snapshot.hpp"

namespace temper::model {

/// Parse snapshot JSON text. `file` names the input in errors. Fails with kParse (malformed JSON,
/// with line:column), kSchemaVersion (a newer or unknown schema) or kInvalidArgument (a field of
/// the wrong type, named by its JSON pointer).
Result<Snapshot> parse_snapshot(std::string_view text, std::string_view file = "");
/// Parse a snapshot file, reading it as it parses: the text is never held whole, and IIS scopes and
/// configuration files are converted one at a time, so a large snapshot (a 10,000-site server's is
/// about 1 GB) costs about the memory of its model. Up to limits::kMaxSnapshotBytes.
Result<Snapshot> parse_snapshot_file(const std::filesystem::path& path);
/// Build a snapshot from an already-parsed JSON document (used by content tests, which write facts in YAML).
/// `require_schema` false accepts a document without the "schema" member.
Result<Snapshot> snapshot_from_json(const nlohmann::ordered_json& doc, std::string_view file = "",
                                    bool require_schema = true);
/// The JSON document of a snapshot, keys in a fixed order.
nlohmann::ordered_json snapshot_to_json(const Snapshot& snapshot);
/// Serialise as pretty JSON text (2-space indent, trailing newline).
std::string write_snapshot(const Snapshot& snapshot);
/// Receives the text of a snapshot piece by piece; returns false to report a failed write.
using SnapshotSink = TextSink;
/// The same text as write_snapshot(snapshot), handed to `sink` in pieces of about 64 KiB: IIS
/// configuration files and scopes are converted one at a time, so memory does not grow with the
/// size of the document. False when the sink reported a failure.
bool write_snapshot(const Snapshot& snapshot, const SnapshotSink& sink);

/// 1-based line and column of a byte offset in text.
SourceLocation location_of_offset(std::string_view text, std::size_t offset, std::string_view file);

}  // namespace temper::model
