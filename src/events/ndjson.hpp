// SPDX-License-Identifier: Apache-2.0
// NDJSON as winlogbeat / Elastic Agent write it (ECS), mapped into events::Event.
#pragma once

#include <filesystem>
#include <string_view>

#include "events/text_source.hpp"

namespace temper::events {

/// Map one ECS JSON document into `out` (cleared first). System fields come from
/// winlog.channel, winlog.provider_name/provider_guid, winlog.event_id or event.code,
/// winlog.record_id, winlog.computer_name or host.name, winlog.user.identifier,
/// winlog.process.pid / thread.id, winlog.activity_id and @timestamp. Data fields are
/// winlog.event_data.* and winlog.user_data.* under their own names, plus every other ECS field
/// flattened to its dotted name (process.command_line, user.name, ...), arrays as repeated
/// fields. Fails with kParse for invalid JSON or a non-object and kLimit for nesting deeper than
/// limits::kMaxNestingDepth.
Result<void> parse_ecs_line(std::string_view line, Event& out);

/// Read an NDJSON file line by line (bounded memory); unusable lines are counted, not fatal.
/// Fails with kNotFound or kIo.
Result<TextReadStats> read_ndjson(const std::filesystem::path& path, const EventSink& sink);
/// Same over text in memory; `name` is set as Event::file.
TextReadStats read_ndjson(std::string_view text, const EventSink& sink, std::string_view name = {});

}  // namespace temper::events
