// SPDX-License-Identifier: Apache-2.0
// The events use case: detect each input's kind, stream it through the matching reader, filter,
// and render (dump) or aggregate (stats).
#include "app/events.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cstdio>
#include <fstream>

#include "core/file.hpp"
#include "core/strings.hpp"
#include "detect/event_filter.hpp"
#include "events/ndjson.hpp"
#include "events/render.hpp"
#include "events/w3c.hpp"

namespace temper::app {
namespace {

constexpr char kSep = '\x1f';

void render(const events::Event& e, DumpFormat format, std::string& out) {
  switch (format) {
    case DumpFormat::kJsonl: events::append_json(out, e); return;
    case DumpFormat::kXml: events::append_xml(out, e); return;
    case DumpFormat::kXmlEvtxexport:
      events::append_xml(out, e, events::XmlEscaping::kEvtxexport);
      out.push_back('\n');
      return;
  }
}

std::uint64_t size_of(const std::filesystem::path& p) {
  std::error_code ec;
  const auto n = std::filesystem::file_size(p, ec);
  return ec ? 0 : n;
}

// One pass over one file: `render_fn` runs per event (on worker threads for EVTX) and appends
// text for `write_fn`, which runs in order on this thread. `xml`: render_fn reads Event::xml().
void run_file(const std::filesystem::path& path, const EventsOptions& options, bool xml, const detect::EventFilter& filter,
              const std::function<void(const events::Event&, std::string&)>& render_fn, const OutputFn& write_fn,
              const std::function<void(std::uint64_t)>& file_progress, FileOutcome& outcome) {
  outcome.path = path_string(path);
  auto kind = detect_event_file(path);
  if (!kind) {
    outcome.error = kind.error().to_string();
    return;
  }
  outcome.kind = *kind;
  std::atomic<std::uint64_t> seen{0};
  std::atomic<std::uint64_t> matched{0};
  auto filtered = [&](const events::Event& e, std::string& out) {
    seen.fetch_add(1, std::memory_order_relaxed);
    if (!filter.matches(e)) return;
    matched.fetch_add(1, std::memory_order_relaxed);
    render_fn(e, out);
  };
  std::string buffer;
  auto sequential = [&](const events::Event& e) {
    buffer.clear();
    filtered(e, buffer);
    return buffer.empty() || write_fn(buffer);
  };
  switch (*kind) {
    case EventFileKind::kEvtx: {
      evtx::ReadOptions ro;
      ro.recover = options.recover;
      ro.threads = options.threads;
      ro.xml = xml;
      auto stats = evtx::read_evtx_rendered(path, ro, filtered, write_fn, file_progress);
      if (!stats) {
        outcome.error = stats.error().to_string();
      } else {
        outcome.evtx = std::move(*stats);
        for (const evtx::Diagnostic& d : outcome.evtx.diagnostics) {
          std::array<char, 20> hex{};
          const auto r = std::to_chars(hex.data(), hex.data() + hex.size(), d.offset, 16);
          outcome.diagnostics.push_back("offset 0x" + std::string(hex.data(), r.ptr) + " (chunk " +
                                        std::to_string(d.chunk) + "): " + d.message);
        }
        outcome.diagnostics_dropped = outcome.evtx.diagnostics_dropped;
      }
      break;
    }
    case EventFileKind::kNdjson:
    case EventFileKind::kW3c: {
      auto stats = *kind == EventFileKind::kNdjson ? events::read_ndjson(path, sequential)
                                                   : events::read_w3c(path, sequential);
      if (!stats) {
        outcome.error = stats.error().to_string();
      } else {
        outcome.bad_lines = stats->bad_lines;
        outcome.diagnostics = stats->diagnostics;
        outcome.diagnostics_dropped = stats->bad_lines - std::min<std::uint64_t>(stats->bad_lines, stats->diagnostics.size());
      }
      file_progress(size_of(path));
      break;
    }
    case EventFileKind::kUnknown: outcome.error = outcome.path + ": not an EVTX, NDJSON or W3C log file"; break;
  }
  outcome.events = seen.load();
  outcome.matched = matched.load();
}

template <typename PerFile>
Result<std::vector<FileOutcome>> run_all(const std::vector<std::filesystem::path>& inputs, const EventsOptions& options,
                                         const ProgressFn& progress, PerFile&& per_file) {
  TEMPER_ASSIGN_OR_RETURN(detect::EventFilter filter, detect::EventFilter::compile(options.filter));
  const std::vector<std::filesystem::path> files = expand_event_inputs(inputs);
  std::uint64_t total = 0;
  for (const auto& f : files) total += size_of(f);
  std::uint64_t before = 0;
  std::vector<FileOutcome> outcomes;
  for (const auto& f : files) {
    FileOutcome outcome;
    const std::uint64_t base = before;
    auto file_progress = [&](std::uint64_t done) {
      if (progress) progress(std::min(base + done, total), total);
    };
    per_file(f, filter, file_progress, outcome);
    before += size_of(f);
    if (progress) progress(before, total);
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  events::append_json_escaped(out, s);
  out.push_back('"');
}

std::string_view kind_name(EventFileKind k) {
  switch (k) {
    case EventFileKind::kEvtx: return "evtx";
    case EventFileKind::kNdjson: return "ndjson";
    case EventFileKind::kW3c: return "w3c";
    case EventFileKind::kUnknown: break;
  }
  return "unknown";
}

std::string time_text(std::uint64_t ticks) {
  std::string s;
  if (ticks != 0) events::append_filetime(s, ticks);
  return s;
}

}  // namespace

std::vector<std::filesystem::path> expand_event_inputs(const std::vector<std::filesystem::path>& inputs) {
  std::vector<std::filesystem::path> out;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(input, ec)) {
      out.push_back(input);
      continue;
    }
    std::vector<std::filesystem::path> found;
    const auto options = std::filesystem::directory_options::skip_permission_denied;
    for (auto it = std::filesystem::recursive_directory_iterator(input, options, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code type_ec;
      if (!it->is_regular_file(type_ec)) continue;
      const std::string ext = to_lower(it->path().extension().string());
      if (ext == ".evtx" || ext == ".ndjson" || ext == ".jsonl" || ext == ".json" || ext == ".log") {
        found.push_back(it->path());
      }
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

Result<EventFileKind> detect_event_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return fail(ErrorCode::kNotFound, "no such file: " + path_string(path));
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kIo, "cannot open " + path_string(path));
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  if (head.starts_with(std::string_view("ElfFile\0", 8)) || head.starts_with("ElfChnk")) return EventFileKind::kEvtx;
  std::string_view text = head;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const std::string_view first = trim(text);
  if (first.starts_with("#Software:") || first.starts_with("#Version:") || first.starts_with("#Fields:") ||
      first.starts_with("#Date:")) {
    return EventFileKind::kW3c;
  }
  if (first.starts_with("{")) return EventFileKind::kNdjson;
  const std::string ext = to_lower(path.extension().string());
  if (ext == ".evtx") return EventFileKind::kEvtx;
  if (ext == ".ndjson" || ext == ".jsonl" || ext == ".json") return EventFileKind::kNdjson;
  if (ext == ".log") return EventFileKind::kW3c;
  return EventFileKind::kUnknown;
}

Result<std::vector<FileOutcome>> dump_events(const std::vector<std::filesystem::path>& files,
                                             const EventsOptions& options, const OutputFn& out,
                                             const ProgressFn& progress) {
  const DumpFormat format = options.format;
  return run_all(files, options, progress,
                 [&](const std::filesystem::path& f, const detect::EventFilter& filter,
                     const std::function<void(std::uint64_t)>& file_progress, FileOutcome& outcome) {
                   run_file(f, options, format != DumpFormat::kJsonl, filter,
                            [format](const events::Event& e, std::string& s) { render(e, format, s); }, out,
                            file_progress, outcome);
                 });
}

Result<EventStatistics> event_statistics(const std::vector<std::filesystem::path>& files, const EventsOptions& options,
                                         const ProgressFn& progress) {
  EventStatistics stats;
  // Workers emit "channel<US>provider<US>id<US>ticks\n" per matching event; this thread counts.
  auto compact = [](const events::Event& e, std::string& s) {
    s.append(e.channel());
    s.push_back(kSep);
    s.append(e.provider());
    s.push_back(kSep);
    s.append(e.system().has_event_id ? std::to_string(e.system().event_id) : "");
    s.push_back(kSep);
    s.append(std::to_string(e.system().time_created));
    s.push_back('\n');
  };
  auto count = [&](std::string_view text) {
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t nl = text.find('\n', start);
      if (nl == std::string_view::npos) nl = text.size();
      const std::string_view line = text.substr(start, nl - start);
      start = nl + 1;
      std::string_view parts[4];
      std::size_t from = 0;
      for (int k = 0; k < 4; ++k) {
        const std::size_t to = k < 3 ? line.find(kSep, from) : line.size();
        parts[k] = line.substr(from, (to == std::string_view::npos ? line.size() : to) - from);
        from = to == std::string_view::npos ? line.size() : to + 1;
      }
      ++stats.events;
      ++stats.per_channel[std::string(parts[0])];
      ++stats.per_provider[std::string(parts[1])];
      std::uint32_t id = 0;
      if (std::from_chars(parts[2].data(), parts[2].data() + parts[2].size(), id).ec == std::errc()) {
        ++stats.per_event_id[id];
      }
      std::uint64_t t = 0;
      std::from_chars(parts[3].data(), parts[3].data() + parts[3].size(), t);
      if (t != 0) {
        stats.first_time = stats.first_time == 0 ? t : std::min(stats.first_time, t);
        stats.last_time = std::max(stats.last_time, t);
      }
    }
    return true;
  };
  TEMPER_ASSIGN_OR_RETURN(stats.files,
                          run_all(files, options, progress,
                                  [&](const std::filesystem::path& f, const detect::EventFilter& filter,
                                      const std::function<void(std::uint64_t)>& file_progress, FileOutcome& outcome) {
                                    run_file(f, options, false, filter, compact, count, file_progress, outcome);
                                  }));
  return stats;
}

Result<std::vector<FileOutcome>> visit_events(const std::vector<std::filesystem::path>& files, const EventsOptions& options,
                                              const EventVisitor& visit, const ProgressFn& progress) {
  return run_all(files, options, progress,
                 [&](const std::filesystem::path& f, const detect::EventFilter& filter,
                     const std::function<void(std::uint64_t)>& file_progress, FileOutcome& outcome) {
                   run_file(f, options, false, filter, [&](const events::Event& e, std::string&) { visit(e); },
                            [](std::string_view) { return true; }, file_progress, outcome);
                 });
}

std::string statistics_to_text(const EventStatistics& s) {
  std::string out;
  auto line = [&](const std::string& l) {
    out += l;
    out.push_back('\n');
  };
  std::uint64_t chunks = 0, damaged = 0, crc = 0, recovered = 0, bad_records = 0;
  for (const FileOutcome& f : s.files) {
    std::string l = f.path + ": " + std::string(kind_name(f.kind)) + ", " + std::to_string(f.events) + " events";
    if (f.kind == EventFileKind::kEvtx && f.error.empty()) {
      l += ", " + std::to_string(f.evtx.chunks) + " chunks";
      if (f.evtx.bad_chunks != 0) l += ", " + std::to_string(f.evtx.bad_chunks) + " damaged chunks";
      if (f.evtx.checksum_errors != 0) l += ", " + std::to_string(f.evtx.checksum_errors) + " checksum errors";
      if (f.evtx.damaged_records != 0) l += ", " + std::to_string(f.evtx.damaged_records) + " undecodable records";
      if (f.evtx.recovered != 0) l += ", " + std::to_string(f.evtx.recovered) + " recovered";
    }
    if (f.bad_lines != 0) l += ", " + std::to_string(f.bad_lines) + " unusable lines";
    if (!f.error.empty()) l = f.path + ": error: " + f.error;
    line(l);
    constexpr std::size_t kShown = 10;
    for (std::size_t k = 0; k < f.diagnostics.size() && k < kShown; ++k) line("  " + f.diagnostics[k]);
    if (const std::uint64_t more = f.problems_after(kShown); more != 0) line("  ... and " + std::to_string(more) + " more");
    chunks += f.evtx.chunks;
    damaged += f.evtx.bad_chunks;
    crc += f.evtx.checksum_errors;
    recovered += f.evtx.recovered;
    bad_records += f.evtx.damaged_records;
  }
  line("");
  line("events: " + std::to_string(s.events));
  if (s.first_time != 0) line("time range: " + time_text(s.first_time) + " .. " + time_text(s.last_time));
  line("chunks: " + std::to_string(chunks) + " (damaged " + std::to_string(damaged) + ", checksum errors " +
       std::to_string(crc) + "), undecodable records: " + std::to_string(bad_records) +
       ", recovered records: " + std::to_string(recovered));
  auto table = [&](const std::string& title, const auto& map, auto key) {
    std::vector<std::pair<std::uint64_t, std::string>> rows;
    for (const auto& [k, n] : map) rows.emplace_back(n, key(k));
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
    line("");
    line(title + ":");
    for (const auto& [n, k] : rows) {
      std::string count = std::to_string(n);
      line("  " + std::string(count.size() < 9 ? 9 - count.size() : 0, ' ') + count + "  " + (k.empty() ? "(none)" : k));
    }
  };
  table("per channel", s.per_channel, [](const std::string& k) { return k; });
  table("per provider", s.per_provider, [](const std::string& k) { return k; });
  table("per event id", s.per_event_id, [](std::uint32_t k) { return std::to_string(k); });
  return out;
}

std::string statistics_to_json(const EventStatistics& s) {
  std::string out = "{\"schema\":\"temper.event-stats/1\",\"events\":" + std::to_string(s.events);
  out += ",\"first_time\":";
  if (s.first_time != 0) {
    append_json_string(out, time_text(s.first_time));
  } else {
    out += "null";
  }
  out += ",\"last_time\":";
  if (s.last_time != 0) {
    append_json_string(out, time_text(s.last_time));
  } else {
    out += "null";
  }
  out += ",\"files\":[";
  for (std::size_t i = 0; i < s.files.size(); ++i) {
    const FileOutcome& f = s.files[i];
    if (i != 0) out.push_back(',');
    out += "{\"path\":";
    append_json_string(out, f.path);
    out += ",\"kind\":\"" + std::string(kind_name(f.kind)) + "\",\"events\":" + std::to_string(f.events) +
           ",\"matched\":" + std::to_string(f.matched);
    if (f.kind == EventFileKind::kEvtx) {
      out += ",\"chunks\":" + std::to_string(f.evtx.chunks) + ",\"damaged_chunks\":" + std::to_string(f.evtx.bad_chunks) +
             ",\"checksum_errors\":" + std::to_string(f.evtx.checksum_errors) +
             ",\"undecodable_records\":" + std::to_string(f.evtx.damaged_records) +
             ",\"recovered_records\":" + std::to_string(f.evtx.recovered);
    }
    out += ",\"bad_lines\":" + std::to_string(f.bad_lines);
    out += ",\"diagnostics\":[";
    for (std::size_t k = 0; k < f.diagnostics.size(); ++k) {
      if (k != 0) out.push_back(',');
      append_json_string(out, f.diagnostics[k]);
    }
    out += "],\"diagnostics_dropped\":" + std::to_string(f.diagnostics_dropped);
    if (!f.error.empty()) {
      out += ",\"error\":";
      append_json_string(out, f.error);
    }
    out.push_back('}');
  }
  out += "]";
  auto object = [&](const char* name, const auto& map, auto key) {
    out += ",\"";
    out += name;
    out += "\":{";
    bool first = true;
    for (const auto& [k, n] : map) {
      if (!first) out.push_back(',');
      first = false;
      append_json_string(out, key(k));
      out += ":" + std::to_string(n);
    }
    out.push_back('}');
  };
  object("per_channel", s.per_channel, [](const std::string& k) { return k; });
  object("per_provider", s.per_provider, [](const std::string& k) { return k; });
  object("per_event_id", s.per_event_id, [](std::uint32_t k) { return std::to_string(k); });
  out += "}\n";
  return out;
}

}  // namespace temper::app
