// SPDX-License-Identifier: Apache-2.0
// IIS W3C extended log lines -> request events.
#include "events/w3c.hpp"

#include <algorithm>

#include "core/file.hpp"
#include "core/strings.hpp"
#include "core/utf.hpp"

namespace temper::events {
namespace {

// Splits on runs of spaces (W3C fields never contain spaces: IIS writes '+' instead).
void split_fields(std::string_view line, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) break;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    out.push_back(line.substr(start, i - start));
  }
}

class W3cParser {
 public:
  W3cParser(TextReadStats& stats, std::string_view name, const EventSink& sink)
      : stats_(stats), name_(name), sink_(sink) {}

  bool line(std::uint64_t n, std::string_view text, bool too_long) {
    ++stats_.lines;
    if (too_long) {
      stats_.bad(n, "line too long");
      return true;
    }
    // IIS writes UTF-8; a line that is not is an ANSI (Windows-1252) log's, decoded as such, so every
    // value an event carries is UTF-8 (what the renderers and the usage profile need to round-trip).
    if (!is_valid_utf8(text)) {
      decoded_ = decode_text(text);
      text = decoded_;
    }
    if (text.starts_with("#")) {
      directive(text);
      return true;
    }
    if (trim(text).empty()) return true;
    if (!seen_fields_) {
      stats_.bad(n, "data line before any #Fields: header");
      return true;
    }
    split_fields(text, values_);
    if (values_.size() != names_.size()) {
      stats_.bad(n, "expected " + std::to_string(names_.size()) + " fields, found " + std::to_string(values_.size()));
      return true;
    }
    event_.clear();
    event_.source = SourceKind::kW3c;
    event_.file = name_;
    SystemFields& s = event_.system();
    s.provider = event_.store("IIS");
    s.channel = event_.store("W3C");
    s.record_id = n;
    std::string_view date = header_date_;
    std::string_view time;
    for (std::size_t i = 0; i < names_.size(); ++i) {
      const TextRef name = event_.store(names_[i]);
      const TextRef value = event_.store(values_[i]);
      event_.add_field(name, value);
      if (names_[i] == "date") date = values_[i];
      if (names_[i] == "time") time = values_[i];
      if (names_[i] == "s-computername") s.computer = value;
    }
    if (!date.empty() && !time.empty()) {
      std::string stamp(date);
      stamp.push_back('T');
      stamp.append(time);
      if (auto t = parse_time_to_filetime(stamp)) s.time_created = *t;
    }
    ++stats_.events;
    return sink_(event_);
  }

 private:
  // #Fields: names the columns of the lines after it (a new one re-maps them); #Date: gives the
  // date of lines that have a time column but no date column. Other directives (#Software,
  // #Version, #Start-Date, #End-Date, #Remark) do not change how lines are read.
  void directive(std::string_view text) {
    if (istarts_with(text, "#Fields:")) {
      seen_fields_ = true;
      names_.clear();
      std::vector<std::string_view> parts;
      split_fields(text.substr(8), parts);
      for (std::string_view p : parts) names_.emplace_back(p);
      return;
    }
    if (istarts_with(text, "#Date:")) {
      std::vector<std::string_view> parts;
      split_fields(text.substr(6), parts);
      header_date_ = parts.empty() ? std::string() : std::string(parts.front());
    }
  }

  TextReadStats& stats_;
  std::string_view name_;
  const EventSink& sink_;
  std::vector<std::string> names_;
  bool seen_fields_ = false;
  std::string header_date_;  // date part of the last #Date: directive
  std::vector<std::string_view> values_;
  Event event_;
  std::string decoded_;  // the current line decoded from Windows-1252 when it was not UTF-8
};

}  // namespace

TextReadStats read_w3c_text(std::string_view text, const EventSink& sink, std::string_view name) {
  TextReadStats stats;
  W3cParser parser(stats, name, sink);
  for_each_line(text, [&](std::uint64_t n, std::string_view l, bool too_long) { return parser.line(n, l, too_long); });
  return stats;
}

Result<TextReadStats> read_w3c(const std::filesystem::path& p, const EventSink& sink) {
  TextReadStats stats;
  const std::string name = path_string(p);
  W3cParser parser(stats, name, sink);
  TEMPER_RETURN_IF_ERROR(for_each_line(
      p, [&](std::uint64_t n, std::string_view l, bool too_long) { return parser.line(n, l, too_long); }));
  return stats;
}

std::optional<std::uint32_t> w3c_site_id_from_path(std::string_view path) {
  std::optional<std::uint32_t> site;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find_first_of("/\\", start), path.size());
    const std::string_view part = path.substr(start, end - start);
    // A folder: there is a separator after it (the file name itself does not count).
    if (end < path.size() && part.size() > 5 && part.size() <= 15 && istarts_with(part, "W3SVC")) {
      std::uint64_t id = 0;
      bool digits = true;
      for (const char c : part.substr(5)) {
        digits = digits && c >= '0' && c <= '9';
        if (digits) id = id * 10 + static_cast<std::uint64_t>(c - '0');
      }
      if (digits && id <= 0xFFFFFFFFULL) site = static_cast<std::uint32_t>(id);
    }
    start = end + 1;
  }
  return site;
}

}  // namespace temper::events
