// SPDX-License-Identifier: Apache-2.0
// NDJSON as winlogbeat / Elastic Agent write it (ECS), mapped into events::Event.
#pragma once

#include <filesystem>
#include <string_view>

#include "events/text_source.hpp"

namespace temper::events {

/// Map one ECS JSON document into `out` (cleared first); docs/events.md has the full table.
/// System fields come from winlog.channel, winlog.provider_name (else event.provider),
/// winlog.provider_guid, winlog.event_id (else event.code), winlog.record_id,
/// winlog.computer_name (else host.name), winlog.user.identifier, winlog.process.pid /
/// thread.id, winlog.activity_id / related_activity_id, winlog.version, numeric winlog.task /
/// opcode / level (else the level named by log.level), and @timestamp (else
/// winlog.time_created). Data fields are winlog.event_data.* and winlog.user_data.* under their
/// own names, then every other leaf (winlog.task, winlog.keywords, event.code, process.*, ...)
/// under its dotted name; winlog leaves used for System fields are not repeated. Arrays become
/// repeated fields; numbers keep the text they were written in. For well-known Security and
/// Sysmon events, EventData names the ingest pipelines moved into ECS fields are derived back
/// when winlog.event_data lacks them, and each derived name is listed in a "temper.derived"
/// field. Invalid UTF-8 is read as U+FFFD. Fails with kParse for invalid JSON or a non-object
/// and kLimit for nesting deeper than limits::kMaxNestingDepth.
Result<void> parse_ecs_line(std::string_view line, Event& out);

/// Read an NDJSON file line by line (bounded memory); unusable lines are counted, not fatal.
/// Fails with kNotFound or kIo.
Result<TextReadStats> read_ndjson(const std::filesystem::path& path, const EventSink& sink);
/// Same over text in memory; `name` is set as Event::file.
TextReadStats read_ndjson_text(std::string_view text, const EventSink& sink, std::string_view name = {});

}  // namespace temper::events
