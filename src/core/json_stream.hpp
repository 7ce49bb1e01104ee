// SPDX-License-Identifier: Apache-2.0
// Writing a pretty JSON document piece by piece, in the layout of nlohmann::json::dump(2), so that a
// large document (a snapshot, an audit report) is never held whole, as a tree or as text.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "core/strings.hpp"

namespace temper {

/// Receives a document's text piece by piece; false when it could not be written.
using TextSink = std::function<bool(std::string_view)>;

/// Buffers layout text and values dumped with indent 2, handing the sink pieces of about 64 KiB.
/// After a sink failure nothing more is written and finish() reports it.
class JsonStream {
 public:
  explicit JsonStream(TextSink sink) : sink_(std::move(sink)) {}

  /// Layout text as is.
  void put(std::string_view text) {
    buf_ += text;
    maybe_flush();
  }
  /// An object dumped with indent 2, left open after its last member so that more can follow
  /// (",\n  \"key\": ..." then put("\n}")). The object must have a member.
  void put_open_object(std::string_view dumped) { put(dumped.substr(0, dumped.size() - 2)); }
  /// A value dumped with indent 2, nested `indent` spaces deep.
  void put_value(std::string_view dumped, std::size_t indent) {
    append_indented(buf_, dumped, indent);
    maybe_flush();
  }
  /// An array nested `indent` spaces deep, element by element: dump(item) gives each element dumped
  /// with indent 2. "[]" when empty, as nlohmann writes it.
  template <typename Items, typename Dump>
  void put_array(const Items& items, std::size_t indent, Dump&& dump) {
    if (items.empty()) {
      put("[]");
      return;
    }
    bool first = true;
    for (const auto& item : items) {
      buf_ += first ? "[\n" : ",\n";
      first = false;
      buf_.append(indent + 2, ' ');
      put_value(dump(item), indent + 2);
    }
    buf_ += '\n';
    buf_.append(indent, ' ');
    put("]");
  }
  /// Hands over what is buffered; false when any piece could not be written.
  bool finish() {
    flush();
    return ok_;
  }

 private:
  void maybe_flush() {
    if (buf_.size() >= (1U << 16)) flush();
  }
  void flush() {
    if (!buf_.empty() && ok_) ok_ = sink_(buf_);
    buf_.clear();
  }

  TextSink sink_;
  std::string buf_;
  bool ok_ = true;
};

}  // namespace temper
