// SPDX-License-Identifier: Apache-2.0
// Security template reader: sections, [Privilege Rights], [Registry Values] and the rest.
//
// Example (GptTmpl.inf, UTF-16LE with BOM, sections in any order):
//   [Privilege Rights]
//   SeImpersonatePrivilege = *S-1-5-32-544,*S-1-5-19      -> privilege_rights: 2 SIDs
//   SeTcbPrivilege =                                      -> privilege_rights: [] (defined, nobody)
//   [Registry Values]
//   MACHINE\System\CurrentControlSet\Control\Lsa\NoLMHash=4,1
//     key part = text before the first '=', value name = after its last '\', type and data split
//     at the first ',' -> key "HKLM\System\CurrentControlSet\Control\Lsa", value NoLMHash = DWORD 1
#include "collect/offline/secedit_inf.hpp"

#include <algorithm>
#include <limits>

#include "collect/offline/detail/reg_data.hpp"
#include "collect/offline/detail/text.hpp"
#include "core/limits.hpp"
#include "model/sid.hpp"
#include "model/user_rights.hpp"

namespace temper::collect {
namespace {
using detail::at_line;
using detail::strip_quotes;

enum class Section { kNone, kIgnored, kOptions, kLog, kRights, kRegistry, kServices, kGroups };

struct SectionInfo {
  Section kind;
  std::string prefix;  // for log sections: "Security Log\\"
};

SectionInfo classify(std::string_view name) {
  if (iequals(name, "Privilege Rights")) return {Section::kRights, {}};
  if (iequals(name, "Registry Values")) return {Section::kRegistry, {}};
  if (iequals(name, "Service General Setting")) return {Section::kServices, {}};
  if (iequals(name, "Group Membership")) return {Section::kGroups, {}};
  if (iequals(name, "System Access") || iequals(name, "Event Audit") || iequals(name, "Kerberos Policy")) {
    return {Section::kOptions, {}};
  }
  if (iequals(name, "System Log") || iequals(name, "Security Log") || iequals(name, "Application Log")) {
    return {Section::kLog, std::string(name) + "\\"};
  }
  return {Section::kIgnored, {}};
}

model::OptionValue option_value(std::string_view raw) {
  model::OptionValue v;
  v.text = std::string(strip_quotes(trim(raw)));
  long long n = 0;
  if (parse_int64(v.text, n)) v.number = n;
  return v;
}

std::vector<std::string> holders(std::string_view list) {
  std::vector<std::string> out;
  for (const auto& part : split(list, ',')) {
    const std::string_view p = strip_quotes(trim(part));
    if (p.empty()) continue;
    if (auto sid = model::resolve_principal(p)) {
      out.push_back(std::move(*sid));
    } else {
      out.push_back(model::normalize_sid(p));
    }
  }
  return out;
}

std::optional<std::vector<std::uint8_t>> hex_bytes(std::string_view data) {
  std::string digits;
  for (const char c : data) {
    if (c == ' ' || c == ',') continue;
    if (detail::hex_value(c) < 0) return std::nullopt;
    digits.push_back(c);
  }
  if (digits.size() % 2 != 0) digits.insert(digits.begin(), '0');
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i < digits.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(detail::hex_value(digits[i]) * 16 + detail::hex_value(digits[i + 1])));
  }
  return out;
}

// `<type>,<data>` -> RegValue; nullopt with `problem` set when unusable.
std::optional<model::RegValue> registry_data(std::string_view type_text, std::string_view data, std::string& problem) {
  long long type = 0;
  if (!parse_int64(trim(type_text), type)) {
    problem = "registry value type '" + std::string(trim(type_text)) + "' is not a number";
    return std::nullopt;
  }
  model::RegValue v;
  switch (type) {
    case 1:
    case 2:
      v.type = static_cast<model::RegType>(type);
      v.text = std::string(strip_quotes(data));
      return v;
    case 4: {
      long long n = 0;
      if (!parse_int64(trim(data), n) || n < std::numeric_limits<std::int32_t>::min() ||
          n > std::numeric_limits<std::uint32_t>::max()) {
        problem = "REG_DWORD data '" + std::string(data) + "' is not a 32-bit number";
        return std::nullopt;
      }
      return model::RegValue::dword(static_cast<std::uint32_t>(n));
    }
    case 3: {
      auto bytes = hex_bytes(trim(data));
      if (!bytes) {
        problem = "REG_BINARY data '" + std::string(data) + "' is not hexadecimal";
        return std::nullopt;
      }
      v.type = model::RegType::kBinary;
      v.binary = std::move(*bytes);
      return v;
    }
    case 7: {
      v.type = model::RegType::kMultiSz;
      if (!trim(data).empty()) {
        for (const auto& item : split(data, ',')) v.multi.emplace_back(strip_quotes(item));
      }
      return v;
    }
    default:
      problem = "unsupported registry value type " + std::to_string(type);
      return std::nullopt;
  }
}

std::string service_start_mode(long long start) {
  switch (start) {
    case 0:
      return "Boot";
    case 1:
      return "System";
    case 2:
      return "Auto";
    case 3:
      return "Manual";
    case 4:
      return "Disabled";
    default:
      return {};
  }
}

// Splits `"name",2,"sddl"` at the first two commas outside quotes.
std::vector<std::string> split_quoted(std::string_view line, std::size_t max_fields) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (const char c : line) {
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted && out.size() < max_fields) {
      out.emplace_back();
      continue;
    }
    out.back().push_back(c);
  }
  return out;
}

class InfParser {
 public:
  InfParser(std::string_view file_name, ParsedInf& out) : file_(file_name), out_(out), sink_(out.diagnostics) {}

  void line(const detail::TextLine& l) {
    const std::string_view text = trim(l.text);
    if (text.empty() || text.front() == ';') return;
    if (text.front() == '[') {
      const auto close = text.find(']');
      if (close == std::string_view::npos) {
        sink_.add(at_line(file_, l.number), "section header without ']'");
        section_ = {Section::kIgnored, {}};
        return;
      }
      const std::string_view name = trim(text.substr(1, close - 1));
      out_.sections.emplace_back(name);
      section_ = classify(name);
      if (section_.kind == Section::kRights) out_.has_privilege_rights = true;
      return;
    }
    if (section_.kind == Section::kNone) {
      sink_.add(at_line(file_, l.number), "line outside any [section], skipped");
      return;
    }
    if (section_.kind == Section::kIgnored) return;
    if (section_.kind == Section::kServices) return service(text, l.number);
    const auto eq = text.find('=');
    if (eq == std::string_view::npos) {
      sink_.add(at_line(file_, l.number), "expected 'name = value', skipped");
      if (section_.kind == Section::kRights) out_.rights_damaged = true;
      return;
    }
    const std::string_view key = trim(text.substr(0, eq));
    const std::string_view value = trim(text.substr(eq + 1));
    if (key.empty()) {
      sink_.add(at_line(file_, l.number), "empty name before '=', skipped");
      if (section_.kind == Section::kRights) out_.rights_damaged = true;
      return;
    }
    switch (section_.kind) {
      case Section::kOptions:
        out_.options[std::string(key)] = option_value(value);
        break;
      case Section::kLog:
        out_.options[section_.prefix + std::string(key)] = option_value(value);
        break;
      case Section::kRights:
        right(key, value, l.number);
        break;
      case Section::kRegistry:
        registry(key, value, l.number);
        break;
      case Section::kGroups:
        group(key, value);
        break;
      default:
        break;
    }
  }

 private:
  void right(std::string_view key, std::string_view value, std::uint32_t line_no) {
    auto list = holders(value);
    if (list.size() > limits::kMaxRightHolders) {
      sink_.add(at_line(file_, line_no),
                "more than " + std::to_string(limits::kMaxRightHolders) + " holders; the rest ignored");
      list.resize(limits::kMaxRightHolders);
    }
    out_.privilege_rights[std::string(key)] = std::move(list);
  }

  void registry(std::string_view key, std::string_view value, std::uint32_t line_no) {
    const auto slash = key.rfind('\\');
    if (slash == std::string_view::npos || slash == 0) {
      sink_.add(at_line(file_, line_no), "registry value without a key path, skipped");
      return;
    }
    const auto comma = value.find(',');
    if (comma == std::string_view::npos) {
      sink_.add(at_line(file_, line_no), "registry value without '<type>,<data>', skipped");
      return;
    }
    std::string problem;
    auto data = registry_data(value.substr(0, comma), value.substr(comma + 1), problem);
    if (!data) {
      sink_.add(at_line(file_, line_no), problem + ", skipped");
      return;
    }
    out_.registry_values.push_back(InfRegistryValue{model::Registry::canonical_path(key.substr(0, slash)),
                                                    std::string(key.substr(slash + 1)), std::move(*data), line_no});
  }

  void group(std::string_view key, std::string_view value) {
    static constexpr std::string_view kMembers = "__Members";
    static constexpr std::string_view kMemberOf = "__Memberof";
    if (iends_with(key, kMembers)) {
      out_.groups[model::normalize_sid(key.substr(0, key.size() - kMembers.size()))].members = holders(value);
    } else if (iends_with(key, kMemberOf)) {
      out_.groups[model::normalize_sid(key.substr(0, key.size() - kMemberOf.size()))].member_of = holders(value);
    }
  }

  void service(std::string_view text, std::uint32_t line_no) {
    const auto fields = split_quoted(text, 3);
    long long start = -1;
    if (fields.size() < 2 || !parse_int64(trim(fields[1]), start) || service_start_mode(start).empty()) {
      sink_.add(at_line(file_, line_no), "expected '\"service\",<start 0-4>,\"<sddl>\"', skipped");
      return;
    }
    const std::string_view name = strip_quotes(trim(fields[0]));
    if (name.empty()) {
      sink_.add(at_line(file_, line_no), "service line without a name, skipped");
      return;
    }
    out_.services.push_back(InfService{std::string(name), service_start_mode(start),
                                       fields.size() > 2 ? std::string(strip_quotes(trim(fields[2]))) : std::string(),
                                       line_no});
  }

  std::string_view file_;
  ParsedInf& out_;
  DiagnosticSink sink_;
  SectionInfo section_{Section::kNone, {}};
};
}  // namespace

Result<ParsedInf> parse_secedit_inf(std::span<const std::byte> bytes, std::string_view file_name) {
  TEMPER_ASSIGN_OR_RETURN(const std::string text, detail::decode_document(bytes, file_name));
  TEMPER_ASSIGN_OR_RETURN(const auto lines, detail::split_lines(text, file_name));
  ParsedInf out;
  out.ends_with_newline = text.empty() || text.back() == '\n' || text.back() == '\r';
  InfParser parser(file_name, out);
  for (const auto& l : lines) parser.line(l);
  if (out.sections.empty()) {
    return fail(ErrorCode::kParse, "not a security template: no [section] header found", at_line(file_name, 1));
  }
  return out;
}

void merge_inf(const ParsedInf& inf, InfSemantics semantics, model::Snapshot& snapshot) {
  // A policy without [Privilege Rights] configures no right (an empty map); an export without it
  // says nothing about rights (left unset: not collected).
  if (inf.has_privilege_rights || semantics == InfSemantics::kPolicy) {
    auto& rights = snapshot.user_rights ? *snapshot.user_rights : snapshot.user_rights.emplace();
    for (const auto& [right, list] : inf.privilege_rights) rights[right] = list;
    if (semantics == InfSemantics::kEffective && inf.ends_with_newline && !inf.rights_damaged) {
      for (const auto& right : model::user_rights()) rights.try_emplace(std::string(right.constant));
    }
  }
  if (!inf.options.empty()) {
    auto& options = snapshot.security_options ? *snapshot.security_options : snapshot.security_options.emplace();
    for (const auto& [name, value] : inf.options) options[name] = value;
  }
  if (!inf.registry_values.empty()) {
    auto& registry = snapshot.registry ? *snapshot.registry : snapshot.registry.emplace();
    for (const auto& rv : inf.registry_values) registry.keys[rv.key].values[rv.name] = rv.value;
  }
  // A policy lists only the services it configures; a services section holding just those would
  // read every other service as "not installed", so only an export writes services.
  if (!inf.services.empty() && semantics == InfSemantics::kEffective) {
    auto& services = snapshot.services ? *snapshot.services : snapshot.services.emplace();
    for (const auto& s : inf.services) {
      auto [it, inserted] = services.try_emplace(s.name, model::Service{s.name, {}, s.start_mode, {}, {}});
      if (!inserted) it->second.start_mode = s.start_mode;
    }
  }
  bool any_members = false;
  for (const auto& [sid, g] : inf.groups) any_members = any_members || g.members.has_value();
  if (any_members) {
    auto& principals = snapshot.principals ? *snapshot.principals : snapshot.principals.emplace();
    for (const auto& [sid, g] : inf.groups) {
      if (!g.members) continue;
      const auto name = model::well_known_name(sid);
      model::LocalGroup group{sid, name ? std::string(*name) : std::string(), *g.members};
      auto same = [&sid](const model::LocalGroup& lg) { return iequals(lg.sid, sid); };
      if (auto it = std::find_if(principals.local_groups.begin(), principals.local_groups.end(), same);
          it != principals.local_groups.end()) {
        *it = std::move(group);
      } else {
        principals.local_groups.push_back(std::move(group));
      }
    }
  }
}

}  // namespace temper::collect
