// SPDX-License-Identifier: Apache-2.0
// RFC 4180 CSV reader (Export-Csv dialect) and the typed bundle tables built on it.
//
// Example: the two physical lines
//   "Spooler","Print ""Spooler""","Auto","Running","LocalSystem"
//   "X","two
//   lines","Manual","Stopped",""
// are two records; the second starts on line 2 and its DisplayName is "two\nlines".
#include "collect/offline/ps_csv.hpp"

#include <algorithm>

#include "collect/offline/detail/text.hpp"
#include "core/limits.hpp"
#include "model/sid.hpp"

namespace temper::collect {
namespace {
using detail::at_line;

// Splits decoded text into records; quoted fields may span lines.
class CsvScanner {
 public:
  CsvScanner(std::string_view text, std::string_view file_name, DiagnosticSink& sink)
      : text_(text), file_(file_name), sink_(sink) {}

  // Next record, or nullopt at the end. A record of one empty field is a blank line.
  Result<std::optional<CsvRecord>> next() {
    while (pos_ < text_.size()) {
      CsvRecord rec{line_, {std::string()}};
      std::size_t bytes = 0;
      bool quoted = false;
      bool was_quoted = false;
      while (pos_ < text_.size()) {
        const char c = text_[pos_++];
        if (++bytes > limits::kMaxLineBytes) {
          return fail(ErrorCode::kLimit, "record is longer than the line limit", at_line(file_, rec.line));
        }
        if (quoted) {
          if (c == '"') {
            if (pos_ < text_.size() && text_[pos_] == '"') {
              rec.fields.back().push_back('"');
              ++pos_;
            } else {
              quoted = false;
            }
          } else {
            if (c == '\n' || (c == '\r' && !(pos_ < text_.size() && text_[pos_] == '\n'))) ++line_;
            rec.fields.back().push_back(c);
          }
          continue;
        }
        if (c == '"' && !was_quoted && rec.fields.back().empty()) {
          quoted = true;
          was_quoted = true;
        } else if (c == ',') {
          if (rec.fields.size() >= limits::kMaxCsvFields) {
            return fail(ErrorCode::kLimit, "more than " + std::to_string(limits::kMaxCsvFields) + " fields",
                        at_line(file_, rec.line));
          }
          rec.fields.emplace_back();
          was_quoted = false;
        } else if (c == '\r' || c == '\n') {
          if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
          ++line_;
          break;
        } else {
          rec.fields.back().push_back(c);
        }
      }
      if (quoted) {
        sink_.add(at_line(file_, rec.line), "quoted field not closed before the end of the file; record skipped");
        rec.unterminated = true;
      }
      if (!rec.unterminated && rec.fields.size() == 1 && trim(rec.fields[0]).empty()) continue;
      return std::optional<CsvRecord>(std::move(rec));
    }
    return std::optional<CsvRecord>();
  }

 private:
  std::string_view text_;
  std::string_view file_;
  DiagnosticSink& sink_;
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1;
};

Result<std::size_t> require_column(const CsvTable& t, std::initializer_list<std::string_view> names,
                                   std::string_view file_name) {
  for (const auto name : names) {
    if (auto c = t.column(name)) return *c;
  }
  return fail(ErrorCode::kParse, "missing column '" + std::string(*names.begin()) + "' in the header",
              at_line(file_name, t.header_line));
}

// Gives `recover(name)` the key column of every malformed record. A record too damaged to show its
// key makes the whole table unusable (kParse at its line): what it held cannot be told apart from
// "absent", and absent reads as "not installed" or "no member".
template <typename Recover>
Result<void> recover_names(const CsvTable& t, std::size_t key_col, std::string_view file_name, std::string_view what,
                           Recover&& recover) {
  for (const auto& r : t.malformed) {
    const bool readable = key_col < r.fields.size() && !(r.unterminated && key_col + 1 == r.fields.size());
    const std::string name = readable ? std::string(trim(r.fields[key_col])) : std::string();
    if (name.empty()) {
      return fail(ErrorCode::kParse, "damaged record: cannot tell which " + std::string(what) + " it describes",
                  at_line(file_name, r.line));
    }
    recover(name);
  }
  return {};
}

std::string field(const CsvRecord& r, std::optional<std::size_t> column) {
  return column ? std::string(trim(r.fields[*column])) : std::string();
}
}  // namespace

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (iequals(trim(header[i]), name)) return i;
  }
  return std::nullopt;
}

Result<CsvTable> parse_csv(std::span<const std::byte> bytes, std::string_view file_name) {
  TEMPER_ASSIGN_OR_RETURN(const std::string text, detail::decode_document(bytes, file_name));
  CsvTable table;
  DiagnosticSink sink(table.diagnostics);
  CsvScanner scanner(text, file_name, sink);
  while (true) {
    TEMPER_ASSIGN_OR_RETURN(auto rec, scanner.next());
    if (!rec) break;
    if (table.header.empty()) {
      if (rec->fields.size() == 1 && rec->fields[0].starts_with("#TYPE")) continue;
      table.header = std::move(rec->fields);
      table.header_line = rec->line;
      continue;
    }
    if (table.records.size() >= limits::kMaxTextLines) {
      return fail(ErrorCode::kLimit, "more than " + std::to_string(limits::kMaxTextLines) + " records",
                  at_line(file_name, rec->line));
    }
    if (rec->unterminated) {
      table.malformed.push_back(std::move(*rec));
      continue;
    }
    if (rec->fields.size() != table.header.size()) {
      sink.add(at_line(file_name, rec->line), "record has " + std::to_string(rec->fields.size()) +
                                                  " fields, the header has " + std::to_string(table.header.size()) +
                                                  "; skipped");
      table.malformed.push_back(std::move(*rec));
      continue;
    }
    table.records.push_back(std::move(*rec));
  }
  if (table.header.empty()) return fail(ErrorCode::kParse, "empty CSV: no header line", at_line(file_name, 1));
  return table;
}

std::string normalize_start_mode(std::string_view mode) {
  const std::string_view m = trim(mode);
  struct Alias {
    std::string_view from;
    std::string_view to;
  };
  static constexpr Alias kModes[] = {
      {"Boot", "Boot"},
      {"System", "System"},
      {"Auto", "Auto"},
      {"Automatic", "Auto"},
      {"AutomaticDelayedStart", "Auto"},
      {"Manual", "Manual"},
      {"Disabled", "Disabled"},
      {"0", "Boot"},
      {"1", "System"},
      {"2", "Auto"},
      {"3", "Manual"},
      {"4", "Disabled"},
  };
  for (const auto& a : kModes) {
    if (iequals(a.from, m)) return std::string(a.to);
  }
  return {};
}

Result<ParsedServices> parse_services_csv(std::span<const std::byte> bytes, std::string_view file_name) {
  TEMPER_ASSIGN_OR_RETURN(CsvTable t, parse_csv(bytes, file_name));
  TEMPER_ASSIGN_OR_RETURN(const std::size_t name_col, require_column(t, {"Name", "ServiceName"}, file_name));
  TEMPER_ASSIGN_OR_RETURN(const std::size_t mode_col, require_column(t, {"StartMode", "StartType"}, file_name));
  ParsedServices out;
  out.diagnostics = std::move(t.diagnostics);
  DiagnosticSink sink(out.diagnostics);
  const auto display = t.column("DisplayName");
  const auto state = t.column("State") ? t.column("State") : t.column("Status");
  const auto account = t.column("StartName");
  for (const auto& r : t.records) {
    const std::string name = field(r, name_col);
    if (name.empty()) {
      sink.add(at_line(file_name, r.line), "service without a name; skipped");
      continue;
    }
    const std::string mode = normalize_start_mode(r.fields[mode_col]);
    if (mode.empty()) {
      sink.add(at_line(file_name, r.line),
               "unknown start mode '" + field(r, mode_col) + "' for " + name + "; start mode recorded as unknown");
    }
    out.services[name] = model::Service{name, field(r, display), mode, field(r, state), field(r, account)};
  }
  // The list must stay complete: a service missing from it reads as "not installed".
  TEMPER_RETURN_IF_ERROR(recover_names(t, name_col, file_name, "service", [&out](const std::string& name) {
    out.services.try_emplace(name, model::Service{name, {}, {}, {}, {}});
  }));
  return out;
}

Result<ParsedFeatures> parse_features_csv(std::span<const std::byte> bytes, std::string_view file_name) {
  TEMPER_ASSIGN_OR_RETURN(CsvTable t, parse_csv(bytes, file_name));
  TEMPER_ASSIGN_OR_RETURN(const std::size_t name_col, require_column(t, {"Name"}, file_name));
  ParsedFeatures out;
  out.diagnostics = std::move(t.diagnostics);
  const auto install_state = t.column("InstallState");
  const auto installed = t.column("Installed");
  for (const auto& r : t.records) {
    const std::string name = field(r, name_col);
    if (name.empty()) continue;
    if (install_state && !iequals(field(r, install_state), "Installed")) continue;
    if (!install_state && installed && !iequals(field(r, installed), "True")) continue;
    out.installed.insert(name);
  }
  // A damaged row counts as installed: checks that depend on it are then evaluated, not skipped.
  TEMPER_RETURN_IF_ERROR(recover_names(t, name_col, file_name, "feature",
                                       [&out](const std::string& name) { out.installed.insert(name); }));
  return out;
}

Result<ParsedGroups> parse_groups_csv(std::span<const std::byte> bytes, std::string_view file_name) {
  TEMPER_ASSIGN_OR_RETURN(CsvTable t, parse_csv(bytes, file_name));
  TEMPER_ASSIGN_OR_RETURN(const std::size_t group_col, require_column(t, {"Group"}, file_name));
  TEMPER_ASSIGN_OR_RETURN(const std::size_t name_col, require_column(t, {"Name"}, file_name));
  ParsedGroups out;
  out.diagnostics = std::move(t.diagnostics);
  DiagnosticSink sink(out.diagnostics);
  const auto group_sid_col = t.column("GroupSID");
  const auto sid_col = t.column("SID");
  const auto class_col = t.column("ObjectClass");
  auto& groups = out.principals.local_groups;
  auto& accounts = out.principals.accounts;
  for (const auto& r : t.records) {
    const std::string group_name = field(r, group_col);
    if (group_name.empty()) {
      sink.add(at_line(file_name, r.line), "row without a group name; skipped");
      continue;
    }
    std::string group_sid = model::normalize_sid(field(r, group_sid_col));
    if (group_sid.empty()) {
      if (auto sid = model::well_known_sid(group_name)) group_sid = std::string(*sid);
    }
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const model::LocalGroup& g) { return iequals(g.name, group_name); });
    if (it == groups.end()) {
      groups.push_back(model::LocalGroup{group_sid, group_name, {}});
      it = std::prev(groups.end());
    }
    const std::string member_name = field(r, name_col);
    if (member_name.empty()) continue;
    std::string member = model::normalize_sid(field(r, sid_col));
    if (member.empty()) member = model::resolve_principal(member_name).value_or(member_name);
    it->members.push_back(member);
    const bool known = std::any_of(accounts.begin(), accounts.end(),
                                   [&](const model::Principal& p) { return iequals(p.sid, member); });
    if (!known) {
      std::string kind = to_lower(field(r, class_col));
      if (kind.empty()) kind = "unknown";
      accounts.push_back(model::Principal{member, member_name, kind});
    }
  }
  // A group with a damaged row would look like it has fewer members: leave it out (not collected).
  TEMPER_RETURN_IF_ERROR(recover_names(t, group_col, file_name, "group", [&groups](const std::string& name) {
    std::erase_if(groups, [&name](const model::LocalGroup& g) { return iequals(g.name, name); });
  }));
  return out;
}

}  // namespace temper::collect
