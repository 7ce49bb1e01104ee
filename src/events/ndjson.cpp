// SPDX-License-Identifier: Apache-2.0
// winlogbeat / Elastic Agent NDJSON (ECS) -> events::Event.
//
// A winlogbeat 8 line, shortened:
//   {"@timestamp":"2023-05-04T10:11:12.345Z","event":{"code":"4624"},"log":{"level":"information"},
//    "winlog":{"channel":"Security","event_id":"4624","task":"Logon","keywords":["Audit Success"],
//              "process":{"pid":652,"thread":{"id":4120}},"event_data":{"LogonType":"5"}},
//    "process":{"executable":"C:\\Windows\\System32\\services.exe"}}
// becomes System fields (channel Security, event_id 4624, level 4 from "information",
// process_id 652, thread_id 4120, time from @timestamp), the data field LogonType = "5", and
// every other leaf under its dotted name: winlog.task = "Logon", winlog.keywords = "Audit
// Success", event.code, log.level, process.executable. winlog leaves that filled a System field
// are not repeated as data. When the Windows name is missing from winlog.event_data (ingest
// pipelines move ProcessName, IpAddress, Image... into ECS fields and delete them), the ECS
// fallback below derives it back for well-known Security and Sysmon events, and lists each
// derived name in the data field "temper.derived" (docs/events.md).
#include "events/ndjson.hpp"

#include <array>
#include <charconv>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <vector>

#include "core/file.hpp"
#include "core/limits.hpp"
#include "core/strings.hpp"
#include "core/utf.hpp"

namespace temper::events {
namespace {

// Objects keep their keys sorted by name, as winlogbeat (Go) writes them anyway; the std::map
// behind nlohmann::json keeps inserting and finding keys logarithmic on hostile input, where an
// insertion-ordered object would be quadratic in its key count.
using Json = nlohmann::json;

// Builds the DOM as nlohmann's own parser does, except that a number which is not an integer
// (1.50, 1e3, an integer too large for 64 bits) keeps the text it was written in, so data
// fields show it unchanged; nesting deeper than limits::kMaxNestingDepth stops the parse before
// any recursion.
class DomBuilder final : public nlohmann::json_sax<Json> {
 public:
  explicit DomBuilder(Json& root) : root_(root) {}

  bool null() override { return put(Json(nullptr)) != nullptr; }
  bool boolean(bool v) override { return put(Json(v)) != nullptr; }
  bool number_integer(number_integer_t v) override { return put(Json(v)) != nullptr; }
  bool number_unsigned(number_unsigned_t v) override { return put(Json(v)) != nullptr; }
  bool number_float(number_float_t /*v*/, const string_t& text) override { return put(Json(text)) != nullptr; }
  bool string(string_t& v) override { return put(Json(std::move(v))) != nullptr; }
  bool binary(binary_t& /*v*/) override { return false; }  // the JSON parser never produces one
  bool start_object(std::size_t /*n*/) override { return open(Json::object()); }
  bool key(string_t& k) override {
    key_ = std::move(k);
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t /*n*/) override { return open(Json::array()); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t position, const std::string& /*token*/,
                   const nlohmann::detail::exception& /*ex*/) override {
    error_at_ = position;
    return false;
  }

  [[nodiscard]] bool too_deep() const { return too_deep_; }
  [[nodiscard]] std::size_t error_at() const { return error_at_; }

 private:
  Json* put(Json v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Json& top = *stack_.back();
    if (top.is_array()) {
      top.push_back(std::move(v));
      return &top.back();
    }
    Json& slot = top[key_];  // a repeated key keeps the last value, as nlohmann's parser does
    slot = std::move(v);
    return &slot;
  }
  bool open(Json v) {
    if (stack_.size() >= limits::kMaxNestingDepth) {
      too_deep_ = true;
      return false;
    }
    stack_.push_back(put(std::move(v)));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  Json& root_;
  std::vector<Json*> stack_;  // open containers; a parent never changes while a child is open
  std::string key_;
  bool too_deep_ = false;
  std::size_t error_at_ = 0;
};

Result<Json> parse_document(std::string_view line) {
  Json doc;
  DomBuilder builder(doc);
  if (Json::sax_parse(line.begin(), line.end(), &builder)) return doc;
  if (builder.too_deep())
    return fail(ErrorCode::kLimit, "JSON nested deeper than " + std::to_string(limits::kMaxNestingDepth));
  return fail(ErrorCode::kParse, "invalid JSON at byte " + std::to_string(builder.error_at()));
}

// The value at a dotted ECS path. Keys may hold dots themselves (documents exported flat, such
// as {"winlog.channel":"Security"}), so every split of the path is tried.
const Json* find(const Json& obj, std::string_view dotted) {
  if (!obj.is_object()) return nullptr;
  if (auto it = obj.find(std::string(dotted)); it != obj.end()) return &*it;
  for (std::size_t dot = dotted.find('.'); dot != std::string_view::npos; dot = dotted.find('.', dot + 1)) {
    auto it = obj.find(std::string(dotted.substr(0, dot)));
    if (it == obj.end() || !it->is_object()) continue;
    if (const Json* hit = find(*it, dotted.substr(dot + 1))) return hit;
  }
  return nullptr;
}

// Scalars as text: strings as they are (kept number text included), integers and booleans as
// JSON writes them, null as empty; objects inside arrays as compact JSON.
std::string text_of(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// A non-negative integer that fits T, from a JSON integer or a decimal string.
template <typename T>
bool to_number(const Json* v, T& out) {
  if (v == nullptr) return false;
  std::uint64_t n = 0;
  if (v->is_number_unsigned()) {
    n = v->get<std::uint64_t>();
  } else if (v->is_number_integer()) {
    const auto s = v->get<std::int64_t>();
    if (s < 0) return false;
    n = static_cast<std::uint64_t>(s);
  } else if (v->is_string()) {
    const std::string& s = v->get_ref<const std::string&>();
    const auto r = std::from_chars(s.data(), s.data() + s.size(), n);
    if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return false;
  } else {
    return false;
  }
  if (n > std::numeric_limits<T>::max()) return false;
  out = static_cast<T>(n);
  return true;
}

// Windows level names as winlogbeat writes them (lower-case) -> level number.
bool level_from_name(const Json* v, std::uint8_t& out) {
  if (v == nullptr || !v->is_string()) return false;
  static constexpr std::array<std::pair<std::string_view, std::uint8_t>, 5> kLevels{
      {{"critical", 1}, {"error", 2}, {"warning", 3}, {"information", 4}, {"verbose", 5}}};
  for (const auto& [name, level] : kLevels) {
    if (iequals(v->get_ref<const std::string&>(), name)) {
      out = level;
      return true;
    }
  }
  return false;
}

void add_value(Event& e, std::string_view name, const Json& v) {
  if (!v.is_array()) {
    e.add_field(name, text_of(v));
    return;
  }
  for (const Json& item : v) e.add_field(name, text_of(item));  // arrays become repeated fields
}

// Every leaf under `v` as a data field named by its dotted path, except the nodes in `skip`
// (already mapped). winlog.event_data.X and winlog.user_data.X are named X, whether the
// document nests them or writes the dotted key; winlog.user_data.xml_name (the UserData
// wrapper's element name, which winlogbeat adds) keeps its full name.
class Flattener {
 public:
  Flattener(Event& e, std::span<const Json* const> skip) : e_(e), skip_(skip) {}

  void walk(std::string_view prefix, const Json& v) {
    name_.assign(prefix);
    walk(v);
  }

 private:
  void walk(const Json& v) {
    for (const Json* s : skip_) {
      if (s == &v) return;
    }
    if (!v.is_object()) {
      add_value(e_, field_name(), v);
      return;
    }
    const std::size_t len = name_.size();
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (len != 0) name_.push_back('.');
      name_.append(it.key());
      walk(it.value());
      name_.resize(len);
    }
  }

  std::string_view field_name() {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kBlocks{
        {{"winlog.event_data.", "EventData"}, {"winlog.user_data.", "UserData"}}};
    const std::string_view name = name_;
    if (name == "winlog.user_data.xml_name") return name;
    for (const auto& [prefix, block] : kBlocks) {
      if (name.size() > prefix.size() && name.starts_with(prefix)) {
        e_.data_block = block;
        return name.substr(prefix.size());
      }
    }
    return name;
  }

  Event& e_;
  std::span<const Json* const> skip_;
  std::string name_;
};

// ---- ECS fallback: Windows EventData names derived from the ECS fields pipelines moved them to.

enum class Derive : std::uint8_t {
  kText,        ///< the value as text (numbers in decimal)
  kHex,         ///< a number as "0x" + lower-case hex, as Security events write process ids
  kLogonType,   ///< winlog.logon.type name -> LogonType number
  kDomainUser,  ///< user.domain + "\" + user.name (Sysmon's User)
  kInitiated,   ///< network.direction egress/ingress -> "true"/"false"
};

struct Derivation {
  std::string_view name;  ///< the Windows EventData name
  std::string_view ecs;   ///< the dotted ECS field it is derived from
  Derive how = Derive::kText;
};

struct DerivationSet {
  std::string_view provider;
  std::span<const std::uint32_t> ids;
  std::span<const Derivation> fields;
};

constexpr std::string_view kSecurityProvider = "Microsoft-Windows-Security-Auditing";
constexpr std::string_view kSysmonProvider = "Microsoft-Windows-Sysmon";

// Security (winlogbeat security module, Elastic Agent System integration).
constexpr std::array<std::uint32_t, 2> kLogonIds{4624, 4625};
constexpr std::array<Derivation, 10> kLogon{{
    {"TargetUserSid", "user.id"},
    {"TargetUserName", "user.name"},
    {"TargetDomainName", "user.domain"},
    {"SubjectLogonId", "winlog.logon.id"},
    {"LogonType", "winlog.logon.type", Derive::kLogonType},
    {"IpAddress", "source.ip"},
    {"IpPort", "source.port"},
    {"WorkstationName", "source.domain"},
    {"ProcessId", "process.pid", Derive::kHex},
    {"ProcessName", "process.executable"},
}};
constexpr std::array<std::uint32_t, 1> kProcessCreationIds{4688};
constexpr std::array<Derivation, 12> kProcessCreation{{
    {"SubjectUserSid", "user.id"},
    {"SubjectUserName", "user.name"},
    {"SubjectDomainName", "user.domain"},
    {"SubjectLogonId", "winlog.logon.id"},
    {"TargetUserSid", "user.effective.id"},
    {"TargetUserName", "user.effective.name"},
    {"TargetDomainName", "user.effective.domain"},
    {"NewProcessId", "process.pid", Derive::kHex},
    {"NewProcessName", "process.executable"},
    {"ProcessId", "process.parent.pid", Derive::kHex},
    {"ParentProcessName", "process.parent.executable"},
    {"CommandLine", "process.command_line"},
}};
constexpr std::array<std::uint32_t, 9> kAccountIds{4720, 4722, 4723, 4724, 4725, 4726, 4738, 4740, 4767};
constexpr std::array<Derivation, 7> kAccount{{
    {"SubjectUserSid", "user.id"},
    {"SubjectUserName", "user.name"},
    {"SubjectDomainName", "user.domain"},
    {"SubjectLogonId", "winlog.logon.id"},
    {"TargetSid", "user.target.id"},
    {"TargetUserName", "user.target.name"},
    {"TargetDomainName", "user.target.domain"},
}};

// Sysmon (winlogbeat sysmon module, Elastic Agent Windows integration).
constexpr std::array<std::uint32_t, 8> kSysmonProcessIds{1, 3, 5, 11, 12, 13, 14, 22};
constexpr std::array<Derivation, 5> kSysmonProcess{{
    {"ProcessGuid", "process.entity_id"},
    {"ProcessId", "process.pid"},
    {"Image", "process.executable"},
    {"User", "user.name", Derive::kDomainUser},
    {"RuleName", "rule.name"},
}};
constexpr std::array<std::uint32_t, 1> kSysmonCreateIds{1};
constexpr std::array<Derivation, 7> kSysmonCreate{{
    {"CommandLine", "process.command_line"},
    {"CurrentDirectory", "process.working_directory"},
    {"OriginalFileName", "process.pe.original_file_name"},
    {"ParentProcessGuid", "process.parent.entity_id"},
    {"ParentProcessId", "process.parent.pid"},
    {"ParentImage", "process.parent.executable"},
    {"ParentCommandLine", "process.parent.command_line"},
}};
constexpr std::array<std::uint32_t, 1> kSysmonNetworkIds{3};
constexpr std::array<Derivation, 8> kSysmonNetwork{{
    {"Protocol", "network.transport"},
    {"Initiated", "network.direction", Derive::kInitiated},
    {"SourceIp", "source.ip"},
    {"SourceHostname", "source.domain"},
    {"SourcePort", "source.port"},
    {"DestinationIp", "destination.ip"},
    {"DestinationHostname", "destination.domain"},
    {"DestinationPort", "destination.port"},
}};
constexpr std::array<std::uint32_t, 1> kSysmonFileIds{11};
constexpr std::array<Derivation, 1> kSysmonFile{{{"TargetFilename", "file.path"}}};
constexpr std::array<std::uint32_t, 3> kSysmonRegistryIds{12, 13, 14};
constexpr std::array<Derivation, 1> kSysmonRegistry{{{"TargetObject", "registry.path"}}};
constexpr std::array<std::uint32_t, 1> kSysmonDnsIds{22};
constexpr std::array<Derivation, 1> kSysmonDns{{{"QueryName", "dns.question.name"}}};

constexpr std::array<DerivationSet, 9> kDerivations{{
    {kSecurityProvider, kLogonIds, kLogon},
    {kSecurityProvider, kProcessCreationIds, kProcessCreation},
    {kSecurityProvider, kAccountIds, kAccount},
    {kSysmonProvider, kSysmonProcessIds, kSysmonProcess},
    {kSysmonProvider, kSysmonCreateIds, kSysmonCreate},
    {kSysmonProvider, kSysmonNetworkIds, kSysmonNetwork},
    {kSysmonProvider, kSysmonFileIds, kSysmonFile},
    {kSysmonProvider, kSysmonRegistryIds, kSysmonRegistry},
    {kSysmonProvider, kSysmonDnsIds, kSysmonDns},
}};

// The text of a scalar ECS value ("" when it is absent, empty, an object or an array).
std::string scalar_text(const Json* v) {
  if (v == nullptr || v->is_object() || v->is_array() || v->is_null()) return "";
  return text_of(*v);
}

std::string derive_value(const Json& doc, const Derivation& d) {
  const Json* v = find(doc, d.ecs);
  switch (d.how) {
    case Derive::kText:
      return scalar_text(v);
    case Derive::kHex: {
      std::uint64_t n = 0;
      if (!to_number(v, n)) return "";
      std::array<char, 24> buf{};
      const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), n, 16);
      return "0x" + std::string(buf.data(), r.ptr);
    }
    case Derive::kLogonType: {
      // The names the Security pipelines give LogonType (winlog.logon.type).
      static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kTypes{
          {{"Interactive", "2"},
           {"Network", "3"},
           {"Batch", "4"},
           {"Service", "5"},
           {"Unlock", "7"},
           {"NetworkCleartext", "8"},
           {"NewCredentials", "9"},
           {"RemoteInteractive", "10"},
           {"CachedInteractive", "11"}}};
      const std::string name = scalar_text(v);
      for (const auto& [type, number] : kTypes) {
        if (name == type) return std::string(number);
      }
      return "";
    }
    case Derive::kDomainUser: {
      const std::string user = scalar_text(v);
      const std::string domain = scalar_text(find(doc, "user.domain"));
      if (user.empty() || domain.empty()) return "";
      return domain + "\\" + user;
    }
    case Derive::kInitiated: {
      const std::string direction = scalar_text(v);
      if (direction == "egress") return "true";
      if (direction == "ingress") return "false";
      return "";
    }
  }
  return "";
}

void derive_set(const Json& doc, const DerivationSet& set, Event& e, std::vector<std::string_view>& derived) {
  const SystemFields& s = e.system();
  if (!iequals(e.text(s.provider), set.provider)) return;
  bool id_matches = false;
  for (const std::uint32_t id : set.ids) id_matches = id_matches || id == s.event_id;
  if (!id_matches) return;
  for (const Derivation& d : set.fields) {
    if (e.field(d.name).has_value()) continue;  // a real winlog.event_data field always wins
    std::string value = derive_value(doc, d);
    if (value.empty()) continue;
    e.add_field(d.name, value);
    derived.push_back(d.name);
  }
}

// Adds the derived fields after the document's own, then one "temper.derived" field per
// derived name.
void derive_fields(const Json& doc, Event& e) {
  if (!e.system().has_event_id) return;
  std::vector<std::string_view> derived;
  for (const DerivationSet& set : kDerivations) derive_set(doc, set, e, derived);
  for (std::string_view name : derived) e.add_field("temper.derived", name);
}

// ---- System fields

// @timestamp as FILETIME ticks, honouring a numeric UTC offset ("+02:00", "-0500") that some
// shippers write instead of "Z".
std::optional<std::uint64_t> timestamp_ticks(std::string_view t) {
  const auto ticks = parse_time_to_filetime(t);
  if (!ticks) return ticks;
  std::size_t pos = 19;  // after YYYY-MM-DDTHH:MM:SS and any fraction comes the zone
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') ++pos;
  }
  const std::string_view zone = t.substr(pos);
  const bool colon = zone.size() == 6 && zone[3] == ':';
  if ((zone.size() != 5 && !colon) || (zone[0] != '+' && zone[0] != '-')) return ticks;
  auto two = [](std::string_view d) {
    return d[0] >= '0' && d[0] <= '9' && d[1] >= '0' && d[1] <= '9' ? (d[0] - '0') * 10 + (d[1] - '0') : -1;
  };
  const int hours = two(zone.substr(1, 2));
  const int minutes = two(zone.substr(colon ? 4 : 3, 2));
  if (hours < 0 || minutes < 0 || hours > 23 || minutes > 59) return ticks;
  const std::uint64_t offset = static_cast<std::uint64_t>(hours * 60 + minutes) * 60 * 10'000'000;
  if (zone[0] == '-') return *ticks + offset;
  return *ticks >= offset ? std::optional<std::uint64_t>(*ticks - offset) : std::nullopt;
}

// Fills a System text field from a scalar; returns the node when it was used.
const Json* set_text(Event& e, TextRef& field, const Json* v) {
  if (v == nullptr || v->is_null() || v->is_object() || v->is_array()) return nullptr;
  field = e.store(text_of(*v));
  return v;
}

template <typename T>
const Json* set_number(const Json* v, T& out) {
  return to_number(v, out) ? v : nullptr;
}

// Maps what has a place in SystemFields; returns the winlog nodes used, which are then not
// repeated as data fields (the ECS fallbacks event.code, host.name, event.provider, log.level
// stay data fields).
std::vector<const Json*> map_system(const Json& doc, Event& e) {
  SystemFields& s = e.system();
  std::vector<const Json*> used;
  auto use = [&used](const Json* v) {
    if (v != nullptr) used.push_back(v);
    return v != nullptr;
  };
  use(set_text(e, s.channel, find(doc, "winlog.channel")));
  if (!use(set_text(e, s.provider, find(doc, "winlog.provider_name"))))
    set_text(e, s.provider, find(doc, "event.provider"));
  use(set_text(e, s.provider_guid, find(doc, "winlog.provider_guid")));
  if (!use(set_text(e, s.computer, find(doc, "winlog.computer_name")))) set_text(e, s.computer, find(doc, "host.name"));
  use(set_text(e, s.user_sid, find(doc, "winlog.user.identifier")));
  use(set_text(e, s.activity_id, find(doc, "winlog.activity_id")));
  use(set_text(e, s.related_activity_id, find(doc, "winlog.related_activity_id")));
  s.has_event_id = use(set_number(find(doc, "winlog.event_id"), s.event_id)) ||
                   set_number(find(doc, "event.code"), s.event_id) != nullptr;
  use(set_number(find(doc, "winlog.record_id"), s.record_id));
  s.has_execution = use(set_number(find(doc, "winlog.process.pid"), s.process_id));
  use(set_number(find(doc, "winlog.process.thread.id"), s.thread_id));
  use(set_number(find(doc, "winlog.version"), s.version));
  use(set_number(find(doc, "winlog.task"), s.task));      // a number from other shippers;
  use(set_number(find(doc, "winlog.opcode"), s.opcode));  // winlogbeat's names stay data
  if (!use(set_number(find(doc, "winlog.level"), s.level)) && !level_from_name(find(doc, "log.level"), s.level)) {
    level_from_name(find(doc, "winlog.level"), s.level);
  }
  const Json* stamp = find(doc, "@timestamp");
  if (stamp == nullptr || !stamp->is_string()) stamp = find(doc, "winlog.time_created");
  if (stamp != nullptr && stamp->is_string()) {
    const std::string& t = stamp->get_ref<const std::string&>();
    s.time_text = e.store(t);
    if (auto ticks = timestamp_ticks(t)) s.time_created = *ticks;
    used.push_back(stamp);
  }
  return used;
}

Result<void> map_document(const Json& doc, Event& e) {
  if (!doc.is_object()) return fail(ErrorCode::kParse, "not a JSON object");
  std::vector<const Json*> skip = map_system(doc, e);
  // EventData / UserData first, then everything else (keys sorted by name within each object).
  for (const std::string_view block : {"winlog.event_data", "winlog.user_data"}) {
    const Json* data = find(doc, block);
    if (data == nullptr || !data->is_object()) continue;
    Flattener(e, skip).walk(block, *data);
    skip.push_back(data);
  }
  if (auto it = doc.find("@metadata"); it != doc.end()) skip.push_back(&*it);
  Flattener(e, skip).walk("", doc);
  derive_fields(doc, e);
  return {};
}

}  // namespace

Result<void> parse_ecs_line(std::string_view line, Event& e) {
  e.clear();
  e.source = SourceKind::kNdjson;
  auto doc = parse_document(line);
  if (!doc && doc.error().code == ErrorCode::kParse && !is_valid_utf8(line)) {
    // Invalid UTF-8 (a mis-converted file): read it with each bad byte as U+FFFD.
    const std::string utf16 = utf8_to_utf16le(line);
    doc = parse_document(utf16le_to_utf8(std::as_bytes(std::span(utf16.data(), utf16.size()))));
  }
  if (!doc) return fail(doc.error());
  return map_document(*doc, e);
}

namespace {

// The per-line step both read_ndjson overloads share.
auto line_handler(TextReadStats& stats, Event& event, std::string_view name, const EventSink& sink) {
  return [&stats, &event, name, &sink](std::uint64_t n, std::string_view line, bool too_long) {
    ++stats.lines;
    if (too_long) {
      stats.bad(n, "line too long");
      return true;
    }
    if (line.find_first_not_of(" \t") == std::string_view::npos) return true;
    if (auto r = parse_ecs_line(line, event); !r) {
      stats.bad(n, r.error().message);
      return true;
    }
    event.file = name;
    if (event.system().record_id == 0) event.system().record_id = n;
    ++stats.events;
    return sink(event);
  };
}

}  // namespace

TextReadStats read_ndjson_text(std::string_view text, const EventSink& sink, std::string_view name) {
  TextReadStats stats;
  Event event;
  for_each_line(text, line_handler(stats, event, name, sink));
  return stats;
}

Result<TextReadStats> read_ndjson(const std::filesystem::path& p, const EventSink& sink) {
  TextReadStats stats;
  Event event;
  const std::string name = path_string(p);
  TEMPER_RETURN_IF_ERROR(for_each_line(p, line_handler(stats, event, name, sink)));
  return stats;
}

}  // namespace temper::events
