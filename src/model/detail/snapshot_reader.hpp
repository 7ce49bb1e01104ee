// SPDX-License-Identifier: Apache-2.0
// Internals of reading temper.snapshot/1 JSON (src/model/snapshot_json*.cpp only).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "model/iis.hpp"

namespace temper::model::detail {
using Json = nlohmann::ordered_json;

// Reads typed members out of a JSON object, remembering the first error with its JSON pointer.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[nodiscard]] bool ok() const { return !error_; }
  Error take_error() { return std::move(*error_); }

  void error(const std::string& pointer, const std::string& what) {
    if (error_) return;
    error_ = Error{ErrorCode::kInvalidArgument, (pointer.empty() ? "/" : pointer) + ": " + what, 0,
                   file_.empty() ? std::nullopt : std::optional<SourceLocation>(SourceLocation{file_})};
  }

  const Json* object(const Json& parent, std::string_view key, const std::string& ptr, bool required = false) {
    const auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) {
      if (required) error(ptr + "/" + std::string(key), "missing object");
      return nullptr;
    }
    if (!it->is_object()) {
      error(ptr + "/" + std::string(key), "expected an object");
      return nullptr;
    }
    return &*it;
  }

  const Json* array(const Json& parent, std::string_view key, const std::string& ptr) {
    const auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) return nullptr;
    if (!it->is_array()) {
      error(ptr + "/" + std::string(key), "expected an array");
      return nullptr;
    }
    return &*it;
  }

  std::string str(const Json& parent, std::string_view key, const std::string& ptr, std::string def = {}) {
    const auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) return def;
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_integer()) return std::to_string(it->get<long long>());
    error(ptr + "/" + std::string(key), "expected a string");
    return def;
  }

  bool boolean(const Json& parent, std::string_view key, const std::string& ptr, bool def) {
    const auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) return def;
    if (it->is_boolean()) return it->get<bool>();
    error(ptr + "/" + std::string(key), "expected true or false");
    return def;
  }

  std::uint64_t u64(const Json& parent, std::string_view key, const std::string& ptr) {
    const auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) return 0;
    if (it->is_number_unsigned() || (it->is_number_integer() && it->get<long long>() >= 0)) {
      return it->get<std::uint64_t>();
    }
    error(ptr + "/" + std::string(key), "expected a non-negative integer");
    return 0;
  }

  std::vector<std::string> strings(const Json& value, const std::string& ptr) {
    std::vector<std::string> out;
    if (!value.is_array()) {
      error(ptr, "expected an array of strings");
      return out;
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!value[i].is_string()) {
        error(ptr + "/" + std::to_string(i), "expected a string");
        return out;
      }
      out.push_back(value[i].get<std::string>());
    }
    return out;
  }

 private:
  std::string file_;
  std::optional<Error> error_;
};

inline std::string escape_pointer(std::string_view key) {
  std::string out;
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

/// IIS scopes and configuration files converted while the document is parsed (parse_snapshot):
/// they make up most of a large snapshot, and each is dropped from the JSON tree once converted.
struct Streamed {
  explicit Streamed(std::string file) : reader(std::move(file)) {}
  Reader reader;  ///< errors found while parsing, reported after the schema check
  std::vector<IisScope> scopes;
  std::vector<IisConfigFile> files;
};

IisScope scope_from_json(Reader& r, const Json& c, const std::string& cptr);
IisConfigFile file_from_json(Reader& r, const Json& f, const std::string& fptr);
/// The "iis" object; the scopes and files of `streamed` (when given) follow those left in `j`.
Iis iis_from_json(Reader& r, const Json& j, const std::string& ptr, Streamed* streamed);

}  // namespace temper::model::detail
