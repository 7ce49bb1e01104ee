// SPDX-License-Identifier: Apache-2.0
// Names and text of temper::Error.
#include "core/error.hpp"

namespace temper {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kParse: return "parse";
    case ErrorCode::kContent: return "content";
    case ErrorCode::kSchemaVersion: return "schema_version";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kIo: return "io";
    case ErrorCode::kLimit: return "limit";
    case ErrorCode::kNotCollected: return "not_collected";
    case ErrorCode::kAccessDenied: return "access_denied";
    case ErrorCode::kInternal: return "internal";
  }
  return "unknown";
}

std::string SourceLocation::to_string() const {
  std::string out = file.empty() ? std::string("<input>") : file;
  if (line != 0) {
    out += ':' + std::to_string(line);
    if (column != 0) out += ':' + std::to_string(column);
  } else if (offset) {
    out += " at offset " + std::to_string(*offset);
  }
  return out;
}

std::string Error::to_string() const {
  if (!where) return message;
  return where->to_string() + ": " + message;
}

}  // namespace temper
