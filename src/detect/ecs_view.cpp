// SPDX-License-Identifier: Apache-2.0
// The ECS view: derives the ECS names a rule set reads from raw Windows events, and dispatches
// ECS-only events to ECS-scoped rules.
//
// By example: a rule set whose rules read process.name and process.args (and no other ECS name)
// makes a view with two active rows for Sysmon 1 (Image -> process.name by base name, CommandLine ->
// process.args by CommandLineToArgvW), two for Security 4688 (NewProcessName, CommandLine), and
// none for other events. For a Sysmon 1 event with Image "C:\Windows\System32\cmd.exe" and
// CommandLine `cmd.exe /c "echo a b"` derive() returns (process.name, "cmd.exe") as a slice of the
// event's own text and (process.args, "cmd.exe"), (process.args, "/c"), (process.args, "echo a b"),
// the last copied into the view's arena because the quotes were dropped. Nothing is rendered and
// nothing allocated once the arena and vectors have grown; a rule set that reads no ECS name gets
// no view at all (EcsView::make returns nullptr).
#include "detect/ecs_view.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "core/strings.hpp"
#include "detect/detail/ecs.hpp"
#include "detect/detail/name_table.hpp"

namespace temper::detect {
namespace {

using detail::How;
using detail::Row;
using detail::Table;

constexpr std::string_view kEventDataPrefix = "winlog.event_data.";

std::size_t last_separator(std::string_view s) { return s.find_last_of("\\/"); }

std::string_view basename(std::string_view s) {
  const std::size_t at = last_separator(s);
  return at == std::string_view::npos ? s : s.substr(at + 1);
}

// "DOMAIN\user" -> {"DOMAIN", "user"}; no backslash -> {"", s}.
std::pair<std::string_view, std::string_view> split_user(std::string_view s) {
  const std::size_t at = s.find('\\');
  if (at == std::string_view::npos) return {{}, s};
  return {s.substr(0, at), s.substr(at + 1)};
}

// The value of `key` ("SHA256") in Sysmon's "SHA1=..,MD5=..,SHA256=..,IMPHASH=..".
std::string_view hash_of(std::string_view hashes, std::string_view key) {
  std::size_t pos = 0;
  while (pos < hashes.size()) {
    const std::size_t end = std::min(hashes.find(',', pos), hashes.size());
    const std::string_view part = trim(hashes.substr(pos, end - pos));
    if (part.size() > key.size() && part[key.size()] == '=' && iequals(part.substr(0, key.size()), key)) {
      return part.substr(key.size() + 1);
    }
    pos = end + 1;
  }
  return {};
}

struct Hive {
  std::string_view hive;  ///< short name ("HKLM"), empty when unknown
  std::string_view rest;  ///< the path below it
  bool short_form = false;
};

// "HKLM\X", "HKEY_LOCAL_MACHINE\X", "\REGISTRY\MACHINE\X" -> {"HKLM", "X"}.
Hive split_hive(std::string_view path) {
  static constexpr std::pair<std::string_view, std::string_view> kLong[] = {
      {"\\REGISTRY\\MACHINE", "HKLM"}, {"\\REGISTRY\\USER", "HKU"},  {"HKEY_LOCAL_MACHINE", "HKLM"},
      {"HKEY_USERS", "HKU"},           {"HKEY_CLASSES_ROOT", "HKCR"}, {"HKEY_CURRENT_USER", "HKCU"},
      {"HKEY_CURRENT_CONFIG", "HKCC"},
  };
  static constexpr std::string_view kShort[] = {"HKLM", "HKU", "HKCR", "HKCU", "HKCC"};
  const std::size_t sep = path.starts_with("\\REGISTRY\\") ? path.find('\\', 10) : path.find('\\');
  const std::string_view head = path.substr(0, sep);
  const std::string_view rest = sep == std::string_view::npos ? std::string_view() : path.substr(sep + 1);
  for (const auto s : kShort) {
    if (iequals(head, s)) return {s, rest, true};
  }
  for (const auto& [l, s] : kLong) {
    if (iequals(head, l)) return {s, rest, false};
  }
  return {{}, path, false};
}

std::string_view logon_type_name(std::string_view number) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {"2", "Interactive"}, {"3", "Network"},           {"4", "Batch"},          {"5", "Service"},
      {"7", "Unlock"},      {"8", "NetworkCleartext"},  {"9", "NewCredentials"}, {"10", "RemoteInteractive"},
      {"11", "CachedInteractive"},
  };
  for (const auto& [n, name] : kTypes) {
    if (n == number) return name;
  }
  return {};
}

std::string_view well_known_sid(std::string_view user) {
  if (iequals(user, "NT AUTHORITY\\SYSTEM")) return "S-1-5-18";
  if (iequals(user, "NT AUTHORITY\\LOCAL SERVICE")) return "S-1-5-19";
  if (iequals(user, "NT AUTHORITY\\NETWORK SERVICE")) return "S-1-5-20";
  return {};
}

}  // namespace

struct EcsView::Impl {
  struct Active {
    FieldId id;
    const Row* row;
  };
  struct Pending {
    FieldId id;
    std::string_view view;
    std::size_t offset, size;
    bool in_arena;
  };
  struct Scoped {
    std::string type;
    std::uint32_t rule;
  };

  std::array<std::vector<Active>, detail::kTableCount> active;
  std::vector<FieldId> alias_ids;       // winlog.event_data.X ids...
  std::vector<std::string> alias_names;  // ...and their X, looked up per event field in alias_table
  std::unique_ptr<detail::NameTable> alias_table;
  std::vector<std::pair<std::string, std::vector<Scoped>>> by_category;
  bool forward = false;  ///< some Windows-event row or alias is active (else only ECS-only events derive)

  // Per event.
  const events::Event* event = nullptr;
  std::string arena;
  std::vector<Pending> pending;
  std::vector<std::pair<FieldId, std::string_view>> out;
  std::vector<std::uint32_t> stamp;
  std::uint32_t epoch = 0;
  std::vector<CommandLineArg> args;
  std::vector<std::string_view> categories, types;
  std::vector<std::uint32_t> candidates;

  [[nodiscard]] std::string_view field(std::string_view name) const {
    for (const auto& f : event->fields()) {
      if (event->text(f.name) == name) return event->text(f.value);
    }
    return {};
  }
  void add(FieldId id, std::string_view v) {
    pending.push_back(Pending{id, v, 0, 0, false});
    stamp[id] = epoch;
  }
  void add_from(FieldId id, std::size_t start) {
    pending.push_back(Pending{id, {}, start, arena.size() - start, true});
    stamp[id] = epoch;
  }
  void add_number(FieldId id, std::uint64_t n) {
    char buf[24];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
    const std::size_t start = arena.size();
    arena.append(buf, end);
    add_from(id, start);
  }
  void add_lower(FieldId id, std::string_view v) {
    const std::size_t start = arena.size();
    for (const char c : v) arena.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
    add_from(id, start);
  }
  void add_joined(FieldId id, std::string_view a, char sep, std::string_view b) {
    const std::size_t start = arena.size();
    arena.append(a);
    arena.push_back(sep);
    arena.append(b);
    add_from(id, start);
  }

  [[nodiscard]] bool value_event() const {
    return event->system().event_id == 13 || field("EventType").find("Value") != std::string_view::npos;
  }

  void system_value(FieldId id, How how);
  void row_value(FieldId id, const Row& row);
  void ecs_only_value(FieldId id, How how);
  void registry_value(FieldId id, const Row& row, std::string_view value);
};

void EcsView::Impl::system_value(FieldId id, How how) {
  const auto& sys = event->system();
  switch (how) {
    case How::kSysComputer:
      if (!sys.computer.empty()) add(id, event->computer());
      return;
    case How::kSysChannel:
      if (!sys.channel.empty()) add(id, event->channel());
      return;
    case How::kSysProvider:
      if (!sys.provider.empty()) add(id, event->provider());
      return;
    case How::kSysEventId:
      if (sys.has_event_id) add_number(id, sys.event_id);
      return;
    case How::kSysRecordId:
      add_number(id, sys.record_id);
      return;
    case How::kSysUserSid:
      if (!sys.user_sid.empty()) add(id, event->text(sys.user_sid));
      return;
    case How::kSysPid:
      if (sys.has_execution) add_number(id, sys.process_id);
      return;
    default:
      return;
  }
}

void EcsView::Impl::registry_value(FieldId id, const Row& row, std::string_view value) {
  const Hive h = split_hive(value);
  const bool security = row.field == "ObjectName";  // 4657: the key, with the value name apart
  switch (row.how) {
    case How::kRegHive:
      if (!h.hive.empty()) add(id, h.hive);
      return;
    case How::kRegPath: {
      const std::string_view value_name = security ? field("ObjectValueName") : std::string_view();
      if (h.short_form && value_name.empty()) return add(id, value);
      const std::size_t start = arena.size();
      arena.append(h.hive.empty() ? std::string_view() : h.hive);
      if (!h.hive.empty() && !h.rest.empty()) arena.push_back('\\');
      arena.append(h.rest);
      if (!value_name.empty()) {
        arena.push_back('\\');
        arena.append(value_name);
      }
      return add_from(id, start);
    }
    case How::kRegKey: {
      if (security || !value_event()) return add(id, h.rest);
      const std::size_t at = h.rest.rfind('\\');
      if (at != std::string_view::npos) add(id, h.rest.substr(0, at));
      return;
    }
    case How::kRegValue:
      if (!security && value_event()) add(id, basename(h.rest));
      return;
    default:
      return;
  }
}

void EcsView::Impl::ecs_only_value(FieldId id, How how) {
  switch (how) {
    case How::kEcsUser: {
      const std::string_view name = field("user.name");
      const std::string_view domain = field("user.domain");
      if (name.empty()) return;
      if (domain.empty()) return add(id, name);
      return add_joined(id, domain, '\\', name);
    }
    case How::kEcsHashes: {
      static constexpr std::pair<std::string_view, std::string_view> kHashes[] = {
          {"process.hash.md5", "MD5="}, {"process.hash.sha1", "SHA1="},
          {"process.hash.sha256", "SHA256="}, {"process.pe.imphash", "IMPHASH="}};
      const std::size_t start = arena.size();
      for (const auto& [ecs, key] : kHashes) {
        const std::string_view v = field(ecs);
        if (v.empty()) continue;
        if (arena.size() > start) arena.push_back(',');
        arena.append(key);
        arena.append(v);
      }
      if (arena.size() > start) add_from(id, start);
      return;
    }
    case How::kEcsInitiated: {
      const std::string_view d = field("network.direction");
      if (iequals(d, "egress") || iequals(d, "outbound")) add(id, "true");
      if (iequals(d, "ingress") || iequals(d, "inbound")) add(id, "false");
      return;
    }
    default:
      return;
  }
}

void EcsView::Impl::row_value(FieldId id, const Row& row) {
  if (row.how == How::kConst) return add(id, row.field);
  if (stamp[id] == epoch) return;  // an earlier row gave this name already (user.id: the data's SID first)
  if (row.how >= How::kSysComputer && row.how <= How::kSysPid) return system_value(id, row.how);
  if (row.how >= How::kEcsUser) return ecs_only_value(id, row.how);
  const std::string_view v = field(row.field);
  if (v.empty() || v == "-") return;
  switch (row.how) {
    case How::kCopy: return add(id, v);
    case How::kBasename: return add(id, basename(v));
    case How::kDirectory: {
      const std::size_t at = last_separator(v);
      if (at != std::string_view::npos) add(id, v.substr(0, at));
      return;
    }
    case How::kExtension: {
      const std::string_view name = basename(v);
      const std::size_t dot = name.rfind('.');
      if (dot != std::string_view::npos && dot + 1 < name.size()) add(id, name.substr(dot + 1));
      return;
    }
    case How::kArgs:
    case How::kArgsCount: {
      args.clear();
      split_command_line(v, arena, args);
      if (row.how == How::kArgsCount) return add_number(id, args.size());
      for (const auto& a : args) {
        pending.push_back(Pending{id, a.text, a.offset, a.size, a.in_arena});
      }
      stamp[id] = epoch;
      return;
    }
    case How::kPid: {
      std::uint64_t n = 0;
      if (events::parse_number(trim(v), n)) add_number(id, n);
      return;
    }
    case How::kUserName: return add(id, split_user(v).second);
    case How::kUserDomain: {
      const auto domain = split_user(v).first;
      if (!domain.empty()) add(id, domain);
      return;
    }
    case How::kUserSid: {
      const std::string_view sid = well_known_sid(v);
      if (!sid.empty()) add(id, sid);
      return;
    }
    case How::kHashMd5:
    case How::kHashSha1:
    case How::kHashSha256:
    case How::kHashImphash: {
      const std::string_view key = row.how == How::kHashMd5    ? "MD5"
                                   : row.how == How::kHashSha1 ? "SHA1"
                                   : row.how == How::kHashSha256 ? "SHA256"
                                                                 : "IMPHASH";
      const std::string_view h = hash_of(v, key);
      if (!h.empty()) add_lower(id, h);
      return;
    }
    case How::kRegHive:
    case How::kRegKey:
    case How::kRegValue:
    case How::kRegPath: return registry_value(id, row, v);
    case How::kDirection:
      if (iequals(v, "true")) add(id, "egress");
      if (iequals(v, "false")) add(id, "ingress");
      return;
    case How::kNetworkType:
      if (iequals(v, "true")) add(id, "ipv6");
      if (iequals(v, "false")) add(id, "ipv4");
      return;
    case How::kLogonType: {
      const std::string_view name = logon_type_name(trim(v));
      if (!name.empty()) add(id, name);
      return;
    }
    case How::kTrusted: return add(id, iequals(v, "Valid") ? "true" : "false");
    case How::kLower: return add_lower(id, v);
    default: return;
  }
}

EcsView::EcsView(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EcsView::~EcsView() = default;

std::unique_ptr<EcsView> EcsView::make(const RuleSet& set) {
  const auto& names = set.field_names();
  // Which names the Windows-scoped rules read (the forward view) and which the ECS-scoped ones read
  // (the Sigma names derived from ECS): a name only an ECS-scoped rule reads costs EVTX events nothing.
  std::vector<std::uint8_t> use(names.size(), 0);
  auto mark = [&](FieldId id, std::uint8_t bit) {
    if (id < use.size()) use[id] |= bit;
  };
  for (const auto& rule : set.rules()) {
    const std::uint8_t bit = ecs_scoped(rule) ? 2 : 1;
    for (const auto& p : rule.predicates) {
      mark(p.field, bit);
      for (const auto& op : p.operands) {
        if (op.kind == MatchKind::kFieldEquals) mark(op.other, bit);
      }
    }
    for (const FieldId id : rule.fields) mark(id, bit);
  }
  std::unordered_map<std::string_view, FieldId> ids;
  for (FieldId id = 0; id < names.size(); ++id) ids.emplace(names[id], id);

  auto impl = std::make_unique<Impl>();
  bool any = false;
  for (std::size_t t = 0; t < detail::kTableCount; ++t) {
    const std::uint8_t need = static_cast<Table>(t) == Table::kEcsOnly ? 2 : 1;
    for (const Row& row : detail::table_rows(static_cast<Table>(t))) {
      const auto it = ids.find(row.ecs);
      if (it == ids.end() || (use[it->second] & need) == 0) continue;
      impl->active[t].push_back(Impl::Active{it->second, &row});
      impl->forward = impl->forward || need == 1;
      any = true;
    }
  }
  for (FieldId id = 0; id < names.size(); ++id) {
    if ((use[id] & 1) != 0 && names[id].starts_with(kEventDataPrefix) && names[id].size() > kEventDataPrefix.size()) {
      impl->alias_ids.push_back(id);
      impl->alias_names.push_back(names[id].substr(kEventDataPrefix.size()));
      impl->forward = any = true;
    }
  }
  if (!impl->alias_ids.empty()) impl->alias_table = std::make_unique<detail::NameTable>(impl->alias_names);
  for (std::uint32_t i = 0; i < set.rules().size(); ++i) {
    const auto& scope = set.rules()[i].scope;
    if (scope.ecs_category.empty()) continue;
    any = true;
    auto it = std::find_if(impl->by_category.begin(), impl->by_category.end(),
                           [&](const auto& c) { return iequals(c.first, scope.ecs_category); });
    if (it == impl->by_category.end()) {
      impl->by_category.emplace_back(to_lower(scope.ecs_category), std::vector<Impl::Scoped>{});
      it = impl->by_category.end() - 1;
    }
    it->second.push_back(Impl::Scoped{scope.ecs_type, i});
  }
  if (!any) return nullptr;
  impl->stamp.assign(names.size(), 0);
  return std::unique_ptr<EcsView>(new EcsView(std::move(impl)));
}

std::span<const std::pair<FieldId, std::string_view>> EcsView::derive(const events::Event& event) {
  Impl& m = *impl_;
  if (!m.forward && !event.channel().empty()) return {};  // only ECS-only events have rows here
  m.event = &event;
  m.arena.clear();
  m.pending.clear();
  m.out.clear();
  if (++m.epoch == 0) {  // wrapped: forget every stamp
    std::fill(m.stamp.begin(), m.stamp.end(), 0);
    m.epoch = 1;
  }
  const detail::EventTables tables = detail::classify(event);
  for (std::uint8_t i = 0; i < tables.count; ++i) {
    for (const auto& a : m.active[static_cast<std::size_t>(tables.tables[i])]) m.row_value(a.id, *a.row);
  }
  if (m.alias_table) {  // the NDJSON reader names winlog.event_data.X "X", as EVTX does
    for (const auto& f : event.fields()) {
      const FieldId alias = m.alias_table->find(event.text(f.name));
      if (alias != kAnyField) m.add(m.alias_ids[alias], event.text(f.value));
    }
  }
  for (const auto& p : m.pending) {
    m.out.emplace_back(p.id, p.in_arena ? std::string_view(m.arena).substr(p.offset, p.size) : p.view);
  }
  return m.out;
}

const std::vector<std::uint32_t>* EcsView::candidates(const events::Event& event) {
  Impl& m = *impl_;
  if (m.by_category.empty() || !event.channel().empty()) return nullptr;
  m.categories.clear();
  m.types.clear();
  for (const auto& f : event.fields()) {
    const std::string_view name = event.text(f.name);
    if (name == "event.category") m.categories.push_back(event.text(f.value));
    if (name == "event.type") m.types.push_back(event.text(f.value));
  }
  if (m.categories.empty()) return nullptr;
  m.candidates.clear();
  for (const auto& [category, rules] : m.by_category) {
    if (std::none_of(m.categories.begin(), m.categories.end(), [&](auto c) { return iequals(c, category); })) continue;
    for (const auto& r : rules) {
      if (r.type.empty() || std::any_of(m.types.begin(), m.types.end(), [&](auto t) { return iequals(t, r.type); })) {
        m.candidates.push_back(r.rule);
      }
    }
  }
  return m.candidates.empty() ? nullptr : &m.candidates;
}

}  // namespace temper::detect
