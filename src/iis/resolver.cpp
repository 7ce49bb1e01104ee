// SPDX-License-Identifier: Apache-2.0
// IIS configuration resolution.
//
// Worked example. applicationHost.config says
//     <system.webServer><directoryBrowse enabled="false"/></system.webServer>             (line 212)
//     <location path="Shop" overrideMode="Deny"><system.webServer><httpErrors errorMode="Custom"/>...
// and D:\sites\shop\downloads\web.config says
//     <system.webServer><directoryBrowse enabled="true"/><httpErrors errorMode="Detailed"/>  (line 5, 6)
//
// 1. Files become contributions: (target configuration path, section element, file, line). The top of
//    applicationHost.config targets MACHINE/WEBROOT/APPHOST; the <location path="Shop"> block targets
//    .../APPHOST/Shop; the downloads web.config targets .../APPHOST/Shop/downloads (its folder under the
//    site's physical path). machine.config and the root web.config target MACHINE and MACHINE/WEBROOT.
// 2. Scopes are every configuration path that matters: the three roots, each site, application,
//    virtual directory, each folder holding a web.config, each <location> target. Parents come from the
//    path (the longest existing prefix).
// 3. A scope's effective configuration is its parent's plus the contributions targeting it, in file
//    order (applicationHost first, then web.config files from the site down). At an application root it
//    is rebuilt from the top, leaving out contributions marked inheritInChildApplications="false" above
//    it. Merging is per attribute (a later file overrides), per child element, and per collection item
//    (<add> by key, <remove>, <clear/>).
// 4. Locks. httpErrors is delegable (overrideModeDefault="Allow"), but the <location path="Shop"
//    overrideMode="Deny"> block locked it for Shop and below, so the downloads web.config's httpErrors is
//    not applied and a note says IIS would answer HTTP 500.19 there. lockAttributes/lockElements/lockItem
//    protect single attributes, child elements and collection items the same way.
// 5. Output: at Shop/downloads, directoryBrowse@enabled = "true" from web.config:5; httpErrors@errorMode =
//    "Custom" from applicationHost.config. Each scope stores only the sections that differ from its
//    parent's, so the snapshot stays small and the engine's parent walk sees the same values.
#include "iis/resolver.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <unordered_map>

#include "core/limits.hpp"
#include "core/strings.hpp"
#include "core/utf.hpp"
#include "iis/redact_config.hpp"
#include "iis/secrets.hpp"
#include "iis/sections.hpp"
#include "model/iis_schema.hpp"

namespace temper::iis {
namespace {
using model::ConfigAttribute;
using model::ConfigElement;

constexpr std::string_view kMachine = "MACHINE";
constexpr std::string_view kWebRoot = "MACHINE/WEBROOT";
constexpr std::string_view kClr2Machine = model::kClr2MachinePath;
constexpr std::string_view kClr2WebRoot = model::kClr2WebRootPath;
constexpr std::string_view kAppHost = "MACHINE/WEBROOT/APPHOST";
constexpr std::string_view kProcessModel = "system.applicationHost/applicationPools/add/processModel";
constexpr std::string_view kPoolAdd = "system.applicationHost/applicationPools/add";

// ---- files -------------------------------------------------------------------------------------

enum class FileRole { kMachineConfig, kRootWebConfig, kApplicationHost, kWebConfig };

struct XmlFile {
  std::string windows_path;
  FileRole role = FileRole::kWebConfig;
  std::string config_path;  // where its top-level content applies
  std::size_t depth = 0;    // precedence among files targeting one path: higher = later
  std::string text;         // decoded UTF-8
  pugi::xml_document doc;
  std::vector<std::size_t> line_starts;
  bool ok = false;

  [[nodiscard]] std::uint32_t line(const pugi::xml_node& node) const {
    const auto off = node.offset_debug();
    if (off < 0) return 0;
    const auto it = std::upper_bound(line_starts.begin(), line_starts.end(), static_cast<std::size_t>(off));
    return static_cast<std::uint32_t>(it - line_starts.begin());
  }
  [[nodiscard]] std::string origin(const pugi::xml_node& node) const {
    return windows_path + ":" + std::to_string(line(node));
  }
  [[nodiscard]] SourceLocation where(const pugi::xml_node& node) const {
    return SourceLocation(windows_path, line(node), 0);
  }
};

std::string_view role_name(FileRole r) {
  switch (r) {
    case FileRole::kMachineConfig: return "machine_config";
    case FileRole::kRootWebConfig: return "root_web_config";
    case FileRole::kApplicationHost: return "application_host";
    case FileRole::kWebConfig: return "web_config";
  }
  return "web_config";
}

// ---- paths ---------------------------------------------------------------------------------------

std::string clean_location(std::string_view p) {
  std::string s(trim(p));
  for (char& c : s) {
    if (c == '\\') c = '/';
  }
  while (!s.empty() && s.front() == '/') s.erase(s.begin());
  while (!s.empty() && s.back() == '/') s.pop_back();
  if (s == ".") s.clear();
  return s;
}

std::string child_path(std::string_view base, std::string_view rel) {
  const std::string r = clean_location(rel);
  if (r.empty()) return std::string(base);
  return std::string(base) + "/" + r;
}

// True when `ancestor` is `path` or one of its ancestors (case-insensitive, by whole segments).
bool is_prefix_path(std::string_view ancestor, std::string_view path) {
  if (iequals(ancestor, path)) return true;
  return path.size() > ancestor.size() && istarts_with(path, ancestor) && path[ancestor.size()] == '/';
}

// ---- contributions -------------------------------------------------------------------------------

struct Contribution {
  const XmlFile* file = nullptr;
  std::string target;
  std::string section_path;
  pugi::xml_node section;
  bool in_location = false;
  bool inherit_in_child_apps = true;
  std::size_t order = 0;  // document order across files
};

struct OverrideRule {  // a <location overrideMode> that (un)locks a section for a path and below
  std::string target;
  std::string section_path;
  bool allow = true;
  std::size_t depth = 0;
  std::string origin;
};

// ---- merging -------------------------------------------------------------------------------------

constexpr std::array<std::string_view, 12> kItemNames = {"add",   "site",  "application", "virtualDirectory",
                                                          "binding", "error", "mimeMap",     "rule",
                                                          "user",  "allow", "deny",        "set"};
constexpr std::array<std::string_view, 16> kKeyAttributes = {
    "name", "key", "fileExtension", "statusCode", "verb", "value", "segment", "sequence",
    "url", "header", "ipAddress", "logFieldName", "bindingInformation", "path", "id", "mimeType"};

bool is_item_name(std::string_view n) {
  return std::any_of(kItemNames.begin(), kItemNames.end(), [&](std::string_view k) { return iequals(k, n); });
}

bool skip_attribute(std::string_view name) {
  return istarts_with(name, "xmlns") || istarts_with(name, "xdt:");
}

// The key of a collection item: the first key attribute it carries (statusCode adds subStatusCode,
// verb adds path for system.web/httpHandlers). Items without a key never replace each other.
std::string item_key(const ConfigElement& e) {
  for (const auto k : kKeyAttributes) {
    if (const auto* a = e.attribute(k)) {
      std::string key = e.name + "|" + std::string(k) + "=" + to_lower(a->value);
      if (iequals(k, "statusCode")) {
        if (const auto* sub = e.attribute("subStatusCode")) key += "|" + sub->value;
      }
      if (iequals(k, "verb") || iequals(k, "ipAddress")) {
        for (const auto extra : {"path", "subnetMask", "domainName"}) {
          if (const auto* x = e.attribute(extra)) key += std::string("|") + extra + "=" + to_lower(x->value);
        }
      }
      return key;
    }
  }
  return {};
}

std::vector<std::string> list_attr(const ConfigElement& e, std::string_view name) {
  std::vector<std::string> out;
  if (const auto* a = e.attribute(name)) {
    for (auto& part : split(a->value, ',')) {
      const std::string_view t = trim(part);
      if (!t.empty()) out.emplace_back(t);
    }
  }
  return out;
}

bool in_list(const std::vector<std::string>& list, std::string_view v) {
  return std::any_of(list.begin(), list.end(), [&](const std::string& x) { return iequals(x, v); });
}

bool attribute_locked(const ConfigElement& e, std::string_view attr) {
  if (const auto* a = e.attribute(attr); a != nullptr && a->locked) return true;
  if (in_list(list_attr(e, "lockAttributes"), attr) || in_list(list_attr(e, "lockAttributes"), "*")) return true;
  if (e.attribute("lockAllAttributesExcept") != nullptr) return !in_list(list_attr(e, "lockAllAttributesExcept"), attr);
  return false;
}

bool element_locked(const ConfigElement& parent, std::string_view child) {
  if (in_list(list_attr(parent, "lockElements"), child) || in_list(list_attr(parent, "lockElements"), "*")) return true;
  if (parent.attribute("lockAllElementsExcept") != nullptr) {
    return !in_list(list_attr(parent, "lockAllElementsExcept"), child);
  }
  return false;
}

class Merger {
 public:
  Merger(std::vector<Note>& notes, bool delegated) : notes_(notes), delegated_(delegated) {}

  // Merge XML element `x` (from `file`) into effective element `e`.
  void merge(ConfigElement& e, const pugi::xml_node& x, const XmlFile& file, std::size_t depth) {
    if (depth > limits::kMaxNestingDepth) {
      note(file, x, "configuration nested too deeply; the rest of this element is ignored");
      return;
    }
    // Locks are those set by higher levels, before this element's own lock attributes apply.
    const ConfigElement before = shallow(e);
    e.origin = file.origin(x);
    for (const auto& a : x.attributes()) {
      const std::string name = a.name();
      if (skip_attribute(name)) continue;
      if (delegated_ && attribute_locked(before, name)) {
        note(file, x, "attribute '" + name + "' of <" + std::string(x.name()) +
                          "> is locked at a higher level; IIS rejects this setting (HTTP 500.19) and it has no effect");
        continue;
      }
      ConfigAttribute& attr = e.attributes[name];
      attr.value = a.value();
      attr.secret = classify_attribute(x.name(), name, attr.value, x.attribute("key").value());
      attr.origin = file.origin(x);
    }
    // Attribute-level locks declared here protect these attributes from lower levels.
    for (const auto& locked : list_attr(e, "lockAttributes")) {
      if (auto it = e.attributes.find(locked); it != e.attributes.end()) it->second.locked = true;
    }
    // Collection items by key, built on first use: a <sites> with 10,000 <site> items costs one
    // pass, not one scan per item. <clear/> and <remove> invalidate it.
    std::unordered_map<std::string, std::size_t> items;
    bool items_valid = false;
    const auto item_index = [&]() -> std::unordered_map<std::string, std::size_t>& {
      if (!items_valid) {
        items.clear();
        for (std::size_t i = 0; i < e.children.size(); ++i) {
          if (!is_item_name(e.children[i].name)) continue;
          if (std::string key = item_key(e.children[i]); !key.empty()) items[std::move(key)] = i;
        }
        items_valid = true;
      }
      return items;
    };
    for (const auto& c : x.children()) {
      if (c.type() != pugi::node_element) continue;
      const std::string name = c.name();
      if (istarts_with(name, "xdt:")) continue;
      if (iequals(name, "clear")) {
        items_valid = false;
        if (delegated_ && has_locked_item(e)) {
          note(file, c, "<clear/> would remove locked collection items (lockItem); IIS rejects it (HTTP 500.19)");
          continue;
        }
        std::erase_if(e.children, [](const ConfigElement& k) { return is_item_name(k.name); });
        e.origin = file.origin(c);
        continue;
      }
      if (iequals(name, "remove")) {
        ConfigElement pattern = to_element(c, file);
        const auto matches = [&pattern](const ConfigElement& k) {
          if (!is_item_name(k.name) || pattern.attributes.empty()) return false;
          for (const auto& [an, av] : pattern.attributes) {
            const auto* ka = k.attribute(an);
            if (ka == nullptr || !iequals(ka->value, av.value)) return false;
          }
          return true;
        };
        const bool locked = delegated_ && std::any_of(e.children.begin(), e.children.end(), [&](const ConfigElement& k) {
                              return matches(k) && k.attribute("lockItem") != nullptr && iequals(k.attribute("lockItem")->value, "true");
                            });
        if (locked) {
          note(file, c, "<remove> targets a locked collection item (lockItem); IIS rejects it (HTTP 500.19)");
          continue;
        }
        std::erase_if(e.children, matches);
        items_valid = false;
        e.origin = file.origin(c);
        continue;
      }
      if (delegated_ && element_locked(before, name)) {
        note(file, c, "element <" + name + "> is locked at a higher level (lockElements); IIS rejects it (HTTP 500.19)");
        continue;
      }
      if (is_item_name(name)) {
        ConfigElement item;
        item.name = name;
        merge(item, c, file, depth + 1);
        std::string key = item_key(item);
        auto& index = item_index();
        const auto existing = key.empty() ? index.end() : index.find(key);
        if (existing != index.end()) {
          ConfigElement& old = e.children[existing->second];
          if (delegated_ && old.attribute("lockItem") != nullptr && iequals(old.attribute("lockItem")->value, "true")) {
            note(file, c, "collection item is locked (lockItem); IIS rejects this entry (HTTP 500.19)");
            continue;
          }
          old = std::move(item);  // IIS reports a duplicate entry; the later one is what the file means
        } else {
          e.children.push_back(std::move(item));
          if (!key.empty()) index.emplace(std::move(key), e.children.size() - 1);
        }
        continue;
      }
      auto it = std::find_if(e.children.begin(), e.children.end(), [&](const ConfigElement& k) { return iequals(k.name, name); });
      if (it == e.children.end()) {
        e.children.push_back(ConfigElement{name, {}, {}, {}});
        it = std::prev(e.children.end());
      }
      merge(*it, c, file, depth + 1);
    }
  }

  // The element's name and attributes without its children: enough to answer lock questions.
  static ConfigElement shallow(const ConfigElement& e) { return ConfigElement{e.name, e.attributes, {}, e.origin}; }

  static ConfigElement to_element(const pugi::xml_node& x, const XmlFile& file) {
    ConfigElement e;
    e.name = x.name();
    e.origin = file.origin(x);
    for (const auto& a : x.attributes()) {
      if (!skip_attribute(a.name())) e.attributes[a.name()] = ConfigAttribute{a.value(), file.origin(x), false};
    }
    return e;
  }

 private:
  static bool has_locked_item(const ConfigElement& e) {
    return std::any_of(e.children.begin(), e.children.end(), [](const ConfigElement& k) {
      return is_item_name(k.name) && k.attribute("lockItem") != nullptr && iequals(k.attribute("lockItem")->value, "true");
    });
  }
  void note(const XmlFile& file, const pugi::xml_node& node, std::string message) {
    if (notes_.size() >= limits::kMaxDiagnostics) return;
    notes_.push_back(Note{Note::Severity::kWarning, file.where(node), std::move(message)});
  }
  std::vector<Note>& notes_;
  bool delegated_;
};

// ---- the resolver --------------------------------------------------------------------------------

using Section = std::shared_ptr<const ConfigElement>;

// An effective configuration: section name -> shared section, sorted by name. Names point into the
// resolver's interned set, so copying one (every scope starts from its parent's) copies pointers:
// a scope costs what its own levels change, not the size of the server's configuration.
class Sections {
 public:
  using Entry = std::pair<const std::string*, Section>;
  [[nodiscard]] const Entry* find(std::string_view name) const {
    const auto it = lower(name);
    return it != entries_.end() && iequals(*it->first, name) ? &*it : nullptr;
  }
  void set(const std::string* name, Section section) {
    const auto it = lower(*name);
    if (it != entries_.end() && iequals(*it->first, *name)) {
      entries_[static_cast<std::size_t>(it - entries_.begin())].second = std::move(section);
    } else {
      entries_.insert(it, Entry{name, std::move(section)});
    }
  }
  void erase(std::string_view name) {
    const auto it = lower(name);
    if (it != entries_.end() && iequals(*it->first, name)) entries_.erase(it);
  }
  [[nodiscard]] auto begin() const { return entries_.begin(); }
  [[nodiscard]] auto end() const { return entries_.end(); }

 private:
  [[nodiscard]] std::vector<Entry>::const_iterator lower(std::string_view name) const {
    return std::lower_bound(entries_.begin(), entries_.end(), name,
                            [](const Entry& e, std::string_view n) { return ILess{}(*e.first, n); });
  }
  std::vector<Entry> entries_;
};

class Resolver {
 public:
  Resolver(FileSource& source, const ResolveOptions& options) : source_(source), options_(options) {}

  Result<Resolved> run() {
    const std::string apphost_path = join_windows_path(options_.config_dir, "applicationHost.config");
    TEMPER_ASSIGN_OR_RETURN(auto apphost_bytes, source_.read(apphost_path));
    if (!apphost_bytes) {
      return fail(ErrorCode::kNotFound, "not collected: " + apphost_path + " (IIS configuration)");
    }
    // .NET configuration first (optional), then applicationHost.config (required).
    load_optional(options_.machine_config, FileRole::kMachineConfig, std::string(kMachine), 0);
    load_optional(options_.root_web_config, FileRole::kRootWebConfig, std::string(kWebRoot), 1);
    load_clr2();
    XmlFile* apphost = add_file(apphost_path, FileRole::kApplicationHost, std::string(kAppHost), 2, *apphost_bytes);
    if (!apphost->ok) {
      const Note& n = out_.notes.back();
      return fail(ErrorCode::kParse, "applicationHost.config is not valid XML: " + n.message, n.where);
    }
    file_states_[std::string(kAppHost)] = {apphost_path, model::IisFileState::kCollected};
    check_redirection();
    record_other_config_files();

    for (auto& f : files_) {
      if (f->ok) collect_contributions(*f);
    }
    build_topology();
    load_web_configs();
    build_scopes();
    compute_scopes();
    record_section_rules();
    out_.iis.installed = true;
    return std::move(out_);
  }

 private:
  // ---- loading ----
  void note(Note::Severity s, SourceLocation where, std::string message) {
    if (out_.notes.size() >= limits::kMaxDiagnostics) return;
    out_.notes.push_back(Note{s, std::move(where), std::move(message)});
  }

  void load_optional(const std::string& path, FileRole role, std::string config_path, std::size_t depth) {
    auto bytes = source_.read(path);
    if (!bytes) {
      note(Note::Severity::kWarning, SourceLocation(path), bytes.error().message);
      file_states_[config_path] = {path, model::IisFileState::kNotCollected};
      return;
    }
    if (!*bytes) {
      note(Note::Severity::kInfo, SourceLocation(path),
           "not collected: " + path + " (every value it could set is reported as not collected, never a default)");
      file_states_[config_path] = {path, model::IisFileState::kNotCollected};
      return;
    }
    const XmlFile* f = add_file(path, role, config_path, depth, **bytes);
    file_states_[config_path] = {path, f->ok ? model::IisFileState::kCollected : model::IisFileState::kDamaged};
  }

  // The .NET 2.0/3.5 configuration. Its folder searched and neither file there: the runtime is not
  // installed, and only the CLR2/MACHINE scope is kept, absent, to say so. A file the bundle lacks
  // in a folder it did not search is not collected.
  void load_clr2() {
    bool any = false;
    for (const auto& [path, role, config_path] : {std::tuple{options_.clr2_machine_config, FileRole::kMachineConfig, kClr2Machine},
                                                  std::tuple{options_.clr2_root_web_config, FileRole::kRootWebConfig, kClr2WebRoot}}) {
      auto bytes = source_.read(path);
      if (bytes && *bytes) {
        const XmlFile* f = add_file(path, role, std::string(config_path), 0, **bytes);
        file_states_[std::string(config_path)] = {path, f->ok ? model::IisFileState::kCollected : model::IisFileState::kDamaged};
        any = true;
        continue;
      }
      const auto state = bytes ? missing_file_state(path) : model::IisFileState::kNotCollected;
      any = any || state == model::IisFileState::kNotCollected;
      file_states_[std::string(config_path)] = {path, state};
    }
    clr2_ = any ? Clr2::kScopes : Clr2::kNotInstalled;
  }

  XmlFile* add_file(const std::string& path, FileRole role, std::string config_path, std::size_t depth,
                    const std::string& bytes) {
    auto f = std::make_unique<XmlFile>();
    f->windows_path = path;
    f->role = role;
    f->config_path = std::move(config_path);
    f->depth = depth;
    f->text = decode_text(bytes);
    f->line_starts.push_back(0);
    for (std::size_t i = 0; i < f->text.size(); ++i) {
      if (f->text[i] == '\n') f->line_starts.push_back(i + 1);
    }
    const auto result = f->doc.load_buffer(f->text.data(), f->text.size(),
                                           pugi::parse_default | pugi::parse_ws_pcdata_single, pugi::encoding_utf8);
    if (!result) {
      const auto off = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, result.offset));
      const auto it = std::upper_bound(f->line_starts.begin(), f->line_starts.end(), off);
      const auto line = static_cast<std::uint32_t>(it - f->line_starts.begin());
      const auto col = static_cast<std::uint32_t>(off - f->line_starts[line - 1] + 1);
      note(Note::Severity::kError, SourceLocation(source_.describe(path), line, col),
           std::string("not valid XML (") + result.description() + "); the file is ignored");
    } else if (!f->doc.child("configuration")) {
      note(Note::Severity::kError, SourceLocation(source_.describe(path)), "no <configuration> root element; the file is ignored");
    } else {
      f->ok = true;
    }
    model::IisConfigFile record;
    record.path = path;
    record.role = std::string(role_name(role));
    record.config_path = f->config_path;
    if (options_.keep_file_content) record.content = redact_config_text(f->text);
    out_.iis.files.push_back(std::move(record));
    files_.push_back(std::move(f));
    return files_.back().get();
  }

  void check_redirection() {
    const std::string path = join_windows_path(options_.config_dir, "redirection.config");
    auto bytes = source_.read(path);
    if (!bytes || !*bytes) return;
    pugi::xml_document doc;
    const std::string text = decode_text(**bytes);
    if (!doc.load_buffer(text.data(), text.size())) return;
    const auto redir = doc.child("configuration").child("configurationRedirection");
    model::IisConfigFile record{path, "redirection", "", "", options_.keep_file_content ? redact_config_text(text) : ""};
    out_.iis.files.push_back(std::move(record));
    if (redir && iequals(redir.attribute("enabled").value(), "true")) {
      note(Note::Severity::kWarning, SourceLocation(path),
           std::string("shared configuration is enabled (configurationRedirection path=\"") + redir.attribute("path").value() +
               "\"): IIS reads applicationHost.config from there; collect that copy for a true picture");
    }
  }

  void record_other_config_files() {
    const std::string path = join_windows_path(options_.config_dir, "administration.config");
    auto bytes = source_.read(path);
    if (!bytes || !*bytes) return;
    out_.iis.files.push_back(model::IisConfigFile{path, "administration", "", "",
                                                  options_.keep_file_content ? redact_config_text(decode_text(**bytes)) : ""});
  }

  // ---- contributions ----
  void declare_sections(const pugi::xml_node& node, const std::string& prefix, const XmlFile& file) {
    for (const auto& c : node.children()) {
      if (c.type() != pugi::node_element) continue;
      const std::string name = c.attribute("name").value();
      if (name.empty()) continue;
      const std::string path = prefix.empty() ? name : prefix + "/" + name;
      if (iequals(c.name(), "sectionGroup")) {
        registry_.declare_group(path);
        declare_sections(c, path, file);
      } else if (iequals(c.name(), "section")) {
        SectionDef def;
        const auto mode = c.attribute("overrideModeDefault");
        def.override_allowed = !mode || !iequals(mode.value(), "Deny");
        if (c.attribute("allowOverride") && iequals(c.attribute("allowOverride").value(), "false")) def.override_allowed = false;
        def.allow_definition = parse_allow_definition(c.attribute("allowDefinition").value());
        def.allow_location = !c.attribute("allowLocation") || !iequals(c.attribute("allowLocation").value(), "false");
        def.declared_at = file.origin(c);
        def.declared_in_apphost = file.role != FileRole::kMachineConfig && file.role != FileRole::kRootWebConfig;
        registry_.declare_section(path, std::move(def));
      }
    }
  }

  // Find sections under a <configuration> or <location> element.
  void sections_in(const pugi::xml_node& node, const std::string& prefix, std::vector<std::pair<std::string, pugi::xml_node>>& out,
                   std::size_t depth) {
    if (depth > 16) return;
    for (const auto& c : node.children()) {
      if (c.type() != pugi::node_element) continue;
      const std::string name = c.name();
      if (prefix.empty() && (iequals(name, "configSections") || iequals(name, "location"))) continue;
      const std::string path = prefix.empty() ? name : prefix + "/" + name;
      if (registry_.is_group(path) && registry_.section(path) == nullptr) {
        sections_in(c, path, out, depth + 1);
      } else {
        out.emplace_back(path, c);
      }
    }
  }

  void collect_contributions(const XmlFile& file) {
    const auto config = file.doc.child("configuration");
    for (const auto& cs : config.children("configSections")) declare_sections(cs, "", file);
    std::vector<std::pair<std::string, pugi::xml_node>> top;
    sections_in(config, "", top, 0);
    for (auto& [path, node] : top) add_contribution(file, file.config_path, path, node, false, true);
    for (const auto& loc : config.children("location")) {
      const std::string target = child_path(file.config_path, loc.attribute("path").value());
      const bool inherit = !loc.attribute("inheritInChildApplications") ||
                           !iequals(loc.attribute("inheritInChildApplications").value(), "false");
      std::optional<bool> override_allow;
      if (const auto m = loc.attribute("overrideMode")) {
        if (iequals(m.value(), "Deny")) override_allow = false;
        if (iequals(m.value(), "Allow")) override_allow = true;
      }
      if (const auto ao = loc.attribute("allowOverride")) override_allow = !iequals(ao.value(), "false");
      std::vector<std::pair<std::string, pugi::xml_node>> inner;
      sections_in(loc, "", inner, 0);
      location_targets_.insert(target);
      for (auto& [path, node] : inner) {
        if (const SectionDef* def = registry_.section(path); def != nullptr && !def->allow_location) {
          note(Note::Severity::kWarning, file.where(node),
               path + " may not be set inside <location> (allowLocation=false); IIS rejects it");
          continue;
        }
        add_contribution(file, target, path, node, true, inherit);
        if (override_allow && file.role != FileRole::kWebConfig) {
          override_index_[override_key(path, target)] = OverrideRule{target, path, *override_allow, target.size(), file.origin(loc)};
        }
      }
    }
  }

  void add_contribution(const XmlFile& file, const std::string& target, const std::string& section_path,
                        const pugi::xml_node& node, bool in_location, bool inherit) {
    if (contributions_.size() >= limits::kMaxIisContributions) {
      if (!contributions_capped_) {
        note(Note::Severity::kError, file.where(node),
             "more than " + std::to_string(limits::kMaxIisContributions) + " configuration sections; the rest are not read");
      }
      contributions_capped_ = true;
      return;
    }
    contributions_.push_back(Contribution{&file, target, section_path, node, in_location, inherit, contributions_.size()});
  }

  // ---- topology (sites, applications, virtual directories, pools) ----
  const ConfigElement* apphost_section(const std::string& path) {
    if (!apphost_effective_) apphost_effective_ = std::make_unique<Sections>(effective_for(std::string(kAppHost)));
    const auto* entry = apphost_effective_->find(path);
    return entry == nullptr ? nullptr : entry->second.get();
  }

  static std::string attr(const ConfigElement* e, std::string_view name, std::string def = {}) {
    if (e == nullptr) return def;
    const auto* a = e->attribute(name);
    return a != nullptr ? a->value : def;
  }

  void build_topology() {
    const ConfigElement* pools = apphost_section("system.applicationHost/applicationPools");
    const ConfigElement* pool_defaults = pools != nullptr ? pools->child("applicationPoolDefaults") : nullptr;
    const ConfigElement* pm_defaults = pool_defaults != nullptr ? pool_defaults->child("processModel") : nullptr;
    if (pools != nullptr) {
      for (const auto& p : pools->children) {
        if (!iequals(p.name, "add")) continue;
        model::IisAppPool pool;
        pool.name = attr(&p, "name");
        const ConfigElement* pm = p.child("processModel");
        // Defaults from the one schema table (model/iis_schema.cpp) that the engine also uses.
        const auto pm_default = [](std::string_view a) { return model::iis_schema_value(kProcessModel, a); };
        const auto pool_default = [](std::string_view a) { return model::iis_schema_value(kPoolAdd, a); };
        pool.identity_type = attr(pm, "identityType", attr(pm_defaults, "identityType", pm_default("identityType")));
        pool.user_name = attr(pm, "userName", attr(pm_defaults, "userName"));
        pool.logon_type = attr(pm, "logonType", attr(pm_defaults, "logonType", pm_default("logonType")));
        pool.load_user_profile =
            iequals(attr(pm, "loadUserProfile", attr(pm_defaults, "loadUserProfile", pm_default("loadUserProfile"))), "true");
        pool.managed_runtime_version =
            attr(&p, "managedRuntimeVersion", attr(pool_defaults, "managedRuntimeVersion", pool_default("managedRuntimeVersion")));
        pool.pipeline_mode =
            attr(&p, "managedPipelineMode", attr(pool_defaults, "managedPipelineMode", pool_default("managedPipelineMode")));
        out_.iis.app_pools.push_back(std::move(pool));
      }
    }
    const ConfigElement* sites = apphost_section("system.applicationHost/sites");
    if (sites == nullptr) {
      note(Note::Severity::kWarning, SourceLocation(files_.back()->windows_path), "no <sites> in applicationHost.config");
      return;
    }
    const ConfigElement* app_defaults = sites->child("applicationDefaults");
    const ConfigElement* vdir_defaults = sites->child("virtualDirectoryDefaults");
    for (const auto& s : sites->children) {
      if (!iequals(s.name, "site")) continue;
      model::IisSite site;
      site.name = attr(&s, "name");
      long long id = 0;
      if (parse_int64(attr(&s, "id"), id) && id >= 0) site.id = static_cast<std::uint64_t>(id);
      if (const ConfigElement* bindings = s.child("bindings")) {
        for (const auto& b : bindings->children) {
          if (iequals(b.name, "binding")) {
            site.bindings.push_back(model::IisBinding{attr(&b, "protocol"), attr(&b, "bindingInformation"), attr(&b, "sslFlags")});
          }
        }
      }
      const ConfigElement* site_app_defaults = s.child("applicationDefaults");
      const ConfigElement* site_vdir_defaults = s.child("virtualDirectoryDefaults");
      for (const auto& a : s.children) {
        if (!iequals(a.name, "application")) continue;
        model::IisApplication app;
        app.path = attr(&a, "path", "/");
        app.application_pool =
            attr(&a, "applicationPool", attr(site_app_defaults, "applicationPool", attr(app_defaults, "applicationPool", "DefaultAppPool")));
        const ConfigElement* app_vdir_defaults = a.child("virtualDirectoryDefaults");
        for (const auto& v : a.children) {
          if (!iequals(v.name, "virtualDirectory")) continue;
          model::IisVirtualDirectory vd;
          vd.path = attr(&v, "path", "/");
          vd.physical_path = attr(&v, "physicalPath");
          vd.user_name = attr(&v, "userName");
          const std::string sub = attr(&v, "allowSubDirConfig",
                                       attr(app_vdir_defaults, "allowSubDirConfig",
                                            attr(site_vdir_defaults, "allowSubDirConfig", attr(vdir_defaults, "allowSubDirConfig", "true"))));
          vd.allow_sub_dir_config = !iequals(sub, "false");
          app.virtual_directories.push_back(std::move(vd));
        }
        site.applications.push_back(std::move(app));
      }
      out_.iis.sites.push_back(std::move(site));
    }
    // A site or application that names a pool applicationHost.config does not define: IIS cannot
    // start it (HTTP 503), and nothing can be said of the identity it would run as.
    std::set<std::string, ILess> defined;
    for (const auto& p : out_.iis.app_pools) defined.insert(p.name);
    for (const auto& site : out_.iis.sites) {
      for (const auto& app : site.applications) {
        if (defined.contains(app.application_pool)) continue;
        note(Note::Severity::kWarning, SourceLocation(files_.back()->windows_path),
             "site '" + site.name + "' application " + app.path + " uses application pool '" + app.application_pool +
                 "', which applicationHost.config does not define: IIS cannot start it (HTTP 503), and rules about its "
                 "identity cannot judge it");
      }
    }
  }

  // ---- web.config discovery ----
  struct Mount {  // a virtual directory: URL space -> physical folder
    std::string config_path;
    std::string physical;
    bool allow_sub_dir_config = true;
    model::IisScopeKind kind;
  };

  void load_web_configs() {
    for (const auto& site : out_.iis.sites) {
      const std::string site_path = std::string(kAppHost) + "/" + site.name;
      for (const auto& app : site.applications) {
        const std::string app_path = child_path(site_path, app.path);
        app_roots_.insert(app_path);
        for (const auto& vd : app.virtual_directories) {
          const std::string vd_path = child_path(app_path, vd.path);
          const bool root = clean_location(vd.path).empty();
          model::IisScopeKind kind = model::IisScopeKind::kVirtualDirectory;
          if (root) kind = clean_location(app.path).empty() ? model::IisScopeKind::kSite : model::IisScopeKind::kApplication;
          mount_index_.emplace(vd_path, mounts_.size());
          mounts_.push_back(Mount{vd_path, expand_windows_env(vd.physical_path), vd.allow_sub_dir_config, kind});
        }
      }
    }
    std::size_t total = 0;
    // Folders that several virtual directories map (a shared downloads folder on every site) are
    // searched once.
    std::unordered_map<std::string, std::vector<std::string>> searched;
    for (const auto& m : mounts_) {
      if (m.physical.empty()) continue;
      auto [walked, fresh] = searched.try_emplace(to_lower(normalize_windows_path(m.physical)));
      if (fresh) walked->second = source_.find_web_configs(m.physical, limits::kMaxIisConfigFiles);
      for (const auto& file : walked->second) {
        if (++total > limits::kMaxIisConfigFiles) {
          note(Note::Severity::kWarning, SourceLocation(file), "too many web.config files; the rest are not read");
          return;
        }
        // Folder of the file relative to the mount's physical root, as a URL path.
        std::string dir = normalize_windows_path(file);
        dir = dir.substr(0, dir.rfind('\\'));
        const std::string root = normalize_windows_path(m.physical);
        if (!istarts_with(dir, root)) continue;
        std::string rel = dir.substr(root.size());
        for (char& c : rel) {
          if (c == '\\') c = '/';
        }
        const std::string config_path = child_path(m.config_path, rel);
        // The URL belongs to a deeper mount (a child application or virtual directory): not this file's.
        if (owning_mount(config_path) != &m) continue;
        if (!clean_location(rel).empty() && !m.allow_sub_dir_config) {
          note(Note::Severity::kInfo, SourceLocation(source_.describe(file)),
               "ignored: the virtual directory " + model::short_scope(m.config_path) +
                   " has allowSubDirConfig=false, so IIS does not read web.config files below it");
          continue;
        }
        auto bytes = source_.read(file);
        if (!bytes || !*bytes) {
          note(Note::Severity::kWarning, SourceLocation(source_.describe(file)),
               bytes ? "listed as copied but missing from the bundle: its settings are not collected" : bytes.error().message);
          file_states_[config_path] = {file, model::IisFileState::kNotCollected};
          if (!clean_location(rel).empty()) folder_scopes_[config_path] = file_dir_physical(file);
          continue;
        }
        const std::size_t depth = 3 + static_cast<std::size_t>(std::count(config_path.begin(), config_path.end(), '/'));
        XmlFile* f = add_file(file, FileRole::kWebConfig, config_path, depth, **bytes);
        file_states_[config_path] = {file, f->ok ? model::IisFileState::kCollected : model::IisFileState::kDamaged};
        if (!clean_location(rel).empty()) folder_scopes_[config_path] = file_dir_physical(file);
        if (f->ok) collect_contributions(*f);
      }
    }
  }

  static std::string file_dir_physical(const std::string& file) {
    const std::string p = normalize_windows_path(file);
    return p.substr(0, p.rfind('\\'));
  }

  // The deepest mount at or above a configuration path (one look-up per path level).
  const Mount* owning_mount(const std::string& config_path) const {
    std::string cur = config_path;
    while (true) {
      if (const auto it = mount_index_.find(cur); it != mount_index_.end()) return &mounts_[it->second];
      const auto slash = cur.rfind('/');
      if (slash == std::string::npos) return nullptr;
      cur.resize(slash);
    }
  }

  // Whether the web.config of a configuration path without one in the bundle is absent or not
  // collected: known absent only when the source shows its folder was searched.
  std::pair<std::string, model::IisFileState> web_config_state(const std::string& config_path) const {
    if (const auto it = file_states_.find(config_path); it != file_states_.end()) return it->second;
    const Mount* m = owning_mount(config_path);
    if (m == nullptr) return {"", model::IisFileState::kAbsent};  // no site holds this path: no content, no file
    if (m->physical.empty()) return {"", model::IisFileState::kAbsent};
    std::string rel = config_path.substr(m->config_path.size());
    for (char& c : rel) {
      if (c == '/') c = '\\';
    }
    const std::string folder = normalize_windows_path(m->physical + rel);
    const std::string file = join_windows_path(folder, "web.config");
    if (!clean_location(rel).empty() && !m->allow_sub_dir_config) return {file, model::IisFileState::kAbsent};  // IIS ignores it
    return {file, missing_file_state(file)};
  }

  // A file the bundle does not hold: absent when the source shows its folder was searched, not
  // collected otherwise, and not collected when the bundle lists it as copied (then lost).
  model::IisFileState missing_file_state(const std::string& windows_file) const {
    if (source_.listed(windows_file)) return model::IisFileState::kNotCollected;
    const std::string p = normalize_windows_path(windows_file);
    return source_.searched(p.substr(0, p.rfind('\\'))) ? model::IisFileState::kAbsent : model::IisFileState::kNotCollected;
  }

  // ---- scopes ----
  void add_scope(const std::string& path, model::IisScopeKind kind, std::string physical) {
    if (scope_index_.contains(path)) return;
    scope_index_[path] = scopes_.size();
    model::IisScope scope;
    scope.path = path;
    scope.kind = kind;
    scope.physical_path = std::move(physical);
    std::tie(scope.file, scope.file_state) = web_config_state(path);
    scopes_.push_back(std::move(scope));
  }

  void build_scopes() {
    add_scope(std::string(kMachine), model::IisScopeKind::kMachine, "");
    add_scope(std::string(kWebRoot), model::IisScopeKind::kWebRoot, "");
    add_scope(std::string(kAppHost), model::IisScopeKind::kServer, "");
    add_scope(std::string(kClr2Machine), model::IisScopeKind::kMachine, "");
    if (clr2_ == Clr2::kScopes) add_scope(std::string(kClr2WebRoot), model::IisScopeKind::kWebRoot, "");
    for (const auto& m : mounts_) add_scope(m.config_path, m.kind, m.physical);
    for (const auto& [path, phys] : folder_scopes_) add_scope(path, model::IisScopeKind::kFolder, phys);
    for (const auto& t : location_targets_) {
      if (is_prefix_path(kAppHost, t) || iequals(t, kWebRoot) || iequals(t, kMachine)) add_scope(t, model::IisScopeKind::kFolder, "");
    }
    // Sites without a root virtual directory still get a scope.
    for (const auto& site : out_.iis.sites) add_scope(std::string(kAppHost) + "/" + site.name, model::IisScopeKind::kSite, "");
    // Parents: the longest other scope path that is a prefix (one look-up per path level).
    for (auto& s : scopes_) {
      std::string cur = s.path;
      while (true) {
        const auto slash = cur.rfind('/');
        if (slash == std::string::npos) break;
        cur.resize(slash);
        if (scope_index_.contains(cur)) {
          s.parent = scopes_[scope_index_.at(cur)].path;
          break;
        }
      }
    }
    std::stable_sort(scopes_.begin(), scopes_.end(), [](const model::IisScope& a, const model::IisScope& b) {
      return std::count(a.path.begin(), a.path.end(), '/') < std::count(b.path.begin(), b.path.end(), '/');
    });
    scope_index_.clear();
    for (std::size_t i = 0; i < scopes_.size(); ++i) scope_index_[scopes_[i].path] = i;
  }

  // Is there an application root strictly below `level` and at or above `path`?
  bool crosses_application(const std::string& level, const std::string& path) const {
    if (!is_prefix_path(level, path)) return false;
    std::string cur = path;
    while (cur.size() > level.size()) {
      if (app_roots_.contains(cur)) return true;
      const auto slash = cur.rfind('/');
      if (slash == std::string::npos) break;
      cur.resize(slash);
    }
    return false;
  }

  static std::string override_key(std::string_view section, std::string_view target) {
    return to_lower(section) + "|" + to_lower(target);
  }

  bool delegation_allowed(const Contribution& c) {
    const SectionDef* def = registry_.section(c.section_path);
    const FileRole role = c.file->role;
    if (def != nullptr) {
      const auto reject = [&](const std::string& why) {
        note(Note::Severity::kWarning, c.file->where(c.section), c.section_path + " " + why + " (allowDefinition=" +
                                                                     std::string(allow_definition_name(def->allow_definition)) +
                                                                     "); IIS rejects this file (HTTP 500.19) and the setting has no effect");
        return false;
      };
      switch (def->allow_definition) {
        case AllowDefinition::kAppHostOnly:
          if (role != FileRole::kApplicationHost || c.in_location) return reject("may only be set in applicationHost.config");
          break;
        case AllowDefinition::kMachineOnly:
          if (role != FileRole::kMachineConfig) return reject("may only be set in machine.config");
          break;
        case AllowDefinition::kMachineToWebRoot:
          if (role == FileRole::kWebConfig || role == FileRole::kApplicationHost) return reject("may only be set in machine.config or the root web.config");
          break;
        case AllowDefinition::kMachineToApplication:
          if (role == FileRole::kWebConfig && (c.in_location || !app_roots_.contains(c.target))) {
            return reject("may only be set at an application root");
          }
          break;
        case AllowDefinition::kEverywhere:
          break;
      }
    }
    if (role != FileRole::kWebConfig) return true;
    // Section locking: overrideModeDefault, then <location overrideMode> from higher files, most specific last.
    bool allowed = def == nullptr || def->override_allowed;
    std::string why = def == nullptr ? std::string() : "overrideModeDefault=Deny at " + def->declared_at;
    for (const auto& level : levels(c.target)) {
      const auto it = override_index_.find(override_key(c.section_path, level));
      if (it == override_index_.end()) continue;
      allowed = it->second.allow;
      why = "overrideMode=Deny at " + it->second.origin;
    }
    if (!allowed) {
      note(Note::Severity::kWarning, c.file->where(c.section),
           c.section_path + " is locked for " + model::short_scope(c.target) + " (" + why +
               "); IIS rejects this web.config (HTTP 500.19) and the setting has no effect");
    }
    return allowed;
  }

  // Merge one contribution into an effective configuration. Sections are shared between scopes
  // and copied only when a contribution changes them, so a scope costs what its own files add.
  void apply(Sections& sections, const Contribution& c) {
    auto allowed = allowed_cache_.find(c.order);
    if (allowed == allowed_cache_.end()) allowed = allowed_cache_.emplace(c.order, delegation_allowed(c)).first;
    if (!allowed->second) return;
    std::shared_ptr<ConfigElement> copy;
    if (const auto* entry = sections.find(c.section_path); entry != nullptr) {
      copy = std::make_shared<ConfigElement>(*entry->second);
    } else {
      const auto slash = c.section_path.rfind('/');
      copy = std::make_shared<ConfigElement>(
          ConfigElement{slash == std::string::npos ? c.section_path : c.section_path.substr(slash + 1), {}, {}, {}});
    }
    // Notes for delegated files are reported once, the first time the contribution is merged.
    std::vector<Note> scratch;
    Merger merger(merged_once_.contains(c.order) ? scratch : out_.notes, c.file->role == FileRole::kWebConfig);
    merger.merge(*copy, c.section, *c.file, 0);
    merged_once_.insert(c.order);
    sections.set(intern(c.section_path), std::move(copy));
  }

  const std::string* intern(const std::string& name) { return &*section_names_.insert(name).first; }

  // Contributions targeting `level`, in precedence order (indexed; rebuilt when contributions grow).
  const std::vector<const Contribution*>& targeting(const std::string& level) {
    if (indexed_ != contributions_.size()) {
      by_target_.clear();
      non_inheriting_.clear();
      for (const auto& c : contributions_) {
        by_target_[c.target].push_back(&c);
        if (!c.inherit_in_child_apps) non_inheriting_[c.target].push_back(&c);
      }
      for (auto& [target, list] : by_target_) {
        std::stable_sort(list.begin(), list.end(), [](const Contribution* a, const Contribution* b) {
          return a->file->depth != b->file->depth ? a->file->depth < b->file->depth : a->order < b->order;
        });
      }
      indexed_ = contributions_.size();
    }
    static const std::vector<const Contribution*> kNone;
    const auto it = by_target_.find(level);
    return it == by_target_.end() ? kNone : it->second;
  }

  // The chain of configuration path levels from MACHINE down to `path`.
  static std::vector<std::string> levels(const std::string& path) {
    std::vector<std::string> out;
    std::string cur;
    for (const auto& part : split(path, '/')) {
      cur = cur.empty() ? part : cur + "/" + part;
      out.push_back(cur);
    }
    return out;
  }

  // Contributions of the levels from MACHINE to `path` (only those of `only` when given).
  void apply_levels(Sections& sections, const std::string& path, std::size_t below, const std::string* only) {
    for (const auto& level : levels(path)) {
      if (level.size() <= below) continue;
      for (const Contribution* c : targeting(level)) {
        if (only != nullptr && !iequals(c->section_path, *only)) continue;
        if (!c->inherit_in_child_apps && crosses_application(level, path)) continue;
        apply(sections, *c);
      }
    }
  }

  Sections effective_for(const std::string& path) {
    Sections sections;
    apply_levels(sections, path, 0, nullptr);
    return sections;
  }

  // A scope's effective configuration from its parent's: the contributions of the levels below the
  // parent, and at an application root, the sections that an inheritInChildApplications="false"
  // block above it touched are rebuilt without that block.
  Sections effective_below(const model::IisScope& scope, const Sections& parent) {
    Sections mine = parent;
    targeting(scope.path);  // keep the indexes current
    apply_levels(mine, scope.path, scope.parent.size(), nullptr);
    if (!app_roots_.contains(scope.path) || non_inheriting_.empty()) return mine;
    std::set<std::string, ILess> rebuild;
    for (const auto& level : levels(scope.path)) {
      if (level.size() >= scope.path.size()) break;
      if (const auto it = non_inheriting_.find(level); it != non_inheriting_.end()) {
        for (const Contribution* c : it->second) rebuild.insert(c->section_path);
      }
    }
    for (const auto& section : rebuild) {
      mine.erase(section);
      apply_levels(mine, scope.path, 0, &section);
    }
    return mine;
  }

  // Scopes are computed depth first, keeping only the effective configurations of the current
  // chain, and each stores the sections its own levels changed (shared sections are compared by
  // identity, not by value).
  void compute_scopes() {
    std::vector<std::vector<std::size_t>> children(scopes_.size());
    std::vector<std::size_t> roots;
    for (std::size_t i = 0; i < scopes_.size(); ++i) {
      const auto it = scopes_[i].parent.empty() ? scope_index_.end() : scope_index_.find(scopes_[i].parent);
      if (it == scope_index_.end()) {
        roots.push_back(i);
      } else {
        children[it->second].push_back(i);
      }
    }
    struct Frame {
      std::size_t scope;
      Sections effective;
      std::size_t next = 0;
    };
    const auto store = [this](std::size_t i, const Sections& mine, const Sections* parent) {
      for (const auto& [name, element] : mine) {
        if (parent != nullptr) {
          const auto* p = parent->find(*name);
          if (p != nullptr && p->second == element) continue;
        }
        scopes_[i].sections.emplace(*name, element);
      }
    };
    std::vector<Frame> stack;
    for (const std::size_t root : roots) {
      stack.push_back(Frame{root, effective_for(scopes_[root].path)});
      store(root, stack.back().effective, nullptr);
      while (!stack.empty()) {
        Frame& top = stack.back();
        if (top.next == children[top.scope].size()) {
          stack.pop_back();
          continue;
        }
        const std::size_t child = children[top.scope][top.next++];
        Sections mine = effective_below(scopes_[child], top.effective);
        store(child, mine, &top.effective);
        stack.push_back(Frame{child, std::move(mine)});
      }
    }
    out_.iis.scopes = std::move(scopes_);
  }

  // Where each declared section may be set, and the <location overrideMode> locks, so that the
  // engine can tell whether a file that was not collected could have set a value.
  void record_section_rules() {
    for (const auto& [path, def] : registry_.sections()) {
      out_.iis.section_rules.push_back(model::IisSectionRule{path, def.declared_in_apphost, def.override_allowed,
                                                             std::string(allow_definition_name(def.allow_definition))});
    }
    for (const auto& [key, rule] : override_index_) {
      out_.iis.section_overrides.push_back(model::IisSectionOverride{rule.target, rule.section_path, rule.allow});
    }
  }

  FileSource& source_;
  const ResolveOptions& options_;
  Resolved out_;
  SectionRegistry registry_;
  std::vector<std::unique_ptr<XmlFile>> files_;
  std::vector<Contribution> contributions_;
  std::set<std::string, ILess> location_targets_;
  std::set<std::string, ILess> app_roots_;
  std::vector<Mount> mounts_;
  std::map<std::string, std::string, ILess> folder_scopes_;  // config path -> physical folder
  std::vector<model::IisScope> scopes_;
  std::map<std::string, std::size_t, ILess> scope_index_;
  std::unique_ptr<Sections> apphost_effective_;
  enum class Clr2 { kScopes, kNotInstalled };
  Clr2 clr2_ = Clr2::kScopes;
  std::set<std::string, ILess> section_names_;  // interned section names (Sections points into it)
  std::map<std::string, std::pair<std::string, model::IisFileState>, ILess> file_states_;  // config path -> (file, state)
  std::map<std::string, std::size_t, ILess> mount_index_;                               // config path -> first mount
  std::map<std::string, OverrideRule, ILess> override_index_;                           // "section|target" -> rule
  std::map<std::string, std::vector<const Contribution*>, ILess> non_inheriting_;       // target -> contributions
  bool contributions_capped_ = false;
  std::map<std::size_t, bool> allowed_cache_;
  std::set<std::size_t> merged_once_;
  std::map<std::string, std::vector<const Contribution*>, ILess> by_target_;
  std::size_t indexed_ = 0;
};

}  // namespace

std::string Note::to_string() const {
  const char* sev = severity == Severity::kError ? "error" : severity == Severity::kWarning ? "warning" : "note";
  return where.to_string() + ": " + sev + ": " + message;
}

Result<Resolved> resolve(FileSource& source, const ResolveOptions& options) {
  Resolver r(source, options);
  return r.run();
}

}  // namespace temper::iis
