// SPDX-License-Identifier: Apache-2.0
// winlogbeat / Elastic Agent NDJSON (ECS) -> events::Event.
#include "events/ndjson.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "core/file.hpp"
#include "core/limits.hpp"

namespace temper::events {
namespace {

using nlohmann::json;

// Depth of brackets outside strings; rejects hostile nesting before nlohmann recurses.
bool nesting_ok(std::string_view s) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') {
      if (++depth > limits::kMaxNestingDepth) return false;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return true;
}

// Scalar as text (strings as they are, numbers and booleans as JSON), objects as compact JSON.
std::string scalar(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

const json* at(const json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(std::string(key));
  return it == obj.end() ? nullptr : &*it;
}

const json* path(const json& root, std::initializer_list<std::string_view> keys) {
  const json* cur = &root;
  for (std::string_view k : keys) {
    cur = at(*cur, k);
    if (cur == nullptr) return nullptr;
  }
  return cur;
}

template <typename T>
bool number(const json* v, T& out) {
  if (v == nullptr) return false;
  if (v->is_number_unsigned() || v->is_number_integer()) {
    const auto n = v->get<long long>();
    if (n < 0) return false;
    out = static_cast<T>(n);
    return true;
  }
  if (v->is_string()) {
    const std::string s = v->get<std::string>();
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
  }
  return false;
}

void add_value(Event& e, const std::string& name, const json& v) {
  if (v.is_array()) {
    for (const json& item : v) {
      if (item.is_object()) {
        e.add_field(name, item.dump(-1, ' ', false, json::error_handler_t::replace));
      } else {
        e.add_field(name, scalar(item));
      }
    }
    return;
  }
  e.add_field(name, scalar(v));
}

// Every leaf under `v` as a dotted name.
void flatten(Event& e, const std::string& prefix, const json& v) {
  if (!v.is_object()) {
    add_value(e, prefix, v);
    return;
  }
  for (auto it = v.begin(); it != v.end(); ++it) flatten(e, prefix.empty() ? it.key() : prefix + "." + it.key(), it.value());
}

void set_text(Event& e, TextRef& field, const json* v) {
  if (v != nullptr && !v->is_null()) field = e.store(scalar(*v));
}

}  // namespace

Result<void> parse_ecs_line(std::string_view line, Event& e) {
  e.clear();
  e.source = SourceKind::kNdjson;
  if (!nesting_ok(line)) return fail(ErrorCode::kLimit, "JSON nested too deep");
  const json doc = json::parse(line.begin(), line.end(), nullptr, false);
  if (doc.is_discarded()) return fail(ErrorCode::kParse, "invalid JSON");
  if (!doc.is_object()) return fail(ErrorCode::kParse, "not a JSON object");
  SystemFields& s = e.system();
  set_text(e, s.channel, path(doc, {"winlog", "channel"}));
  set_text(e, s.provider, path(doc, {"winlog", "provider_name"}));
  if (s.provider.empty()) set_text(e, s.provider, path(doc, {"event", "provider"}));
  set_text(e, s.provider_guid, path(doc, {"winlog", "provider_guid"}));
  set_text(e, s.computer, path(doc, {"winlog", "computer_name"}));
  if (s.computer.empty()) set_text(e, s.computer, path(doc, {"host", "name"}));
  set_text(e, s.user_sid, path(doc, {"winlog", "user", "identifier"}));
  set_text(e, s.activity_id, path(doc, {"winlog", "activity_id"}));
  set_text(e, s.related_activity_id, path(doc, {"winlog", "related_activity_id"}));
  s.has_event_id = number(path(doc, {"winlog", "event_id"}), s.event_id) || number(path(doc, {"event", "code"}), s.event_id);
  number(path(doc, {"winlog", "record_id"}), s.record_id);
  s.has_execution = number(path(doc, {"winlog", "process", "pid"}), s.process_id);
  number(path(doc, {"winlog", "process", "thread", "id"}), s.thread_id);
  number(path(doc, {"winlog", "version"}), s.version);
  if (const json* t = at(doc, "@timestamp"); t != nullptr && t->is_string()) {
    s.time_text = e.store(t->get<std::string>());
    if (auto ticks = parse_time_to_filetime(t->get<std::string>())) s.time_created = *ticks;
  }
  for (const char* block : {"event_data", "user_data"}) {
    const json* data = path(doc, {"winlog", block});
    if (data == nullptr || !data->is_object()) continue;
    e.data_block = std::string_view(block) == "event_data" ? "EventData" : "UserData";
    for (auto it = data->begin(); it != data->end(); ++it) {
      if (it.value().is_object()) {
        flatten(e, it.key(), it.value());
      } else {
        add_value(e, it.key(), it.value());
      }
    }
  }
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() == "winlog" || it.key() == "@timestamp" || it.key() == "@metadata") continue;
    flatten(e, it.key(), it.value());
  }
  return {};
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

TextReadStats read_ndjson(std::string_view text, const EventSink& sink, std::string_view name) {
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
