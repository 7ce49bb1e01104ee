// SPDX-License-Identifier: Apache-2.0
// IIS W3C extended log files (#Fields: headers, any field set) as request events.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

#include "events/text_source.hpp"

namespace temper::events {

/// Read a W3C extended log: `#Fields:` names the space-separated columns of the lines after it
/// (a later `#Fields:` re-maps them, so several headers per file work); any field set is
/// accepted, custom fields such as crypt-protocol or X-Forwarded-For included. Each data line
/// becomes an event with source kW3c, provider "IIS", channel "W3C", computer from
/// s-computername, time from date + time (UTC; a line with a time column but no date column
/// takes the date of the last `#Date:` directive), record_id = line number, and one data field
/// per column (raw text, "-" kept). Other directives (#Software, #Version, #Remark, ...) are
/// skipped. Lines before any #Fields or with the wrong column count are counted as bad with
/// their line number; the others are kept. UTF-8, BOM and CRLF tolerated. Fails with kNotFound
/// or kIo.
Result<TextReadStats> read_w3c(const std::filesystem::path& path, const EventSink& sink);
/// Same over text in memory; `name` is set as Event::file.
TextReadStats read_w3c_text(std::string_view text, const EventSink& sink, std::string_view name = {});

/// The IIS site a W3C log file belongs to, from its path: IIS writes site N's logs under a folder
/// named W3SVC<N> (`%SystemDrive%\inetpub\logs\LogFiles\W3SVC2\u_ex261203.log`); the deepest such
/// folder counts, any case, either slash. nullopt when no folder says (a log copied elsewhere, the
/// FTP service's FTPSVC<N>, a name with a non-digit or a number over 2^32 - 1).
std::optional<std::uint32_t> w3c_site_id_from_path(std::string_view path);

}  // namespace temper::events
