// SPDX-License-Identifier: Apache-2.0
// temper::Error and Result<T>: how every module reports an expected failure (STYLE.md §3).
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace temper {

/// Every way an operation can fail, one list for the whole project (like YARA's error.h).
enum class ErrorCode : std::uint8_t {
  kInvalidArgument = 1,  ///< a caller passed something unusable (usage error)
  kNotFound,             ///< a file, key, rule or principal does not exist
  kParse,                ///< input bytes are not in the expected format
  kContent,              ///< benchmark content is invalid (schema/semantics)
  kSchemaVersion,        ///< a document of a schema version this build cannot read
  kUnsupported,          ///< not available on this platform or in this build
  kIo,                   ///< the OS refused a read or write
  kLimit,                ///< input exceeds a limit in core/limits.hpp
  kNotCollected,         ///< the snapshot lacks the data a check needs
  kAccessDenied,         ///< the OS denied access
  kInternal,             ///< a broken invariant
};

/// Stable lower-case name of a code, used in JSON output.
std::string_view error_code_name(ErrorCode code);

/// Where in an input an error was found: file plus line/column (1-based) or byte offset.
struct SourceLocation {
  SourceLocation() = default;
  explicit SourceLocation(std::string file_name, std::uint32_t line_no = 0, std::uint32_t column_no = 0,
                          std::optional<std::uint64_t> byte_offset = std::nullopt)
      : file(std::move(file_name)), line(line_no), column(column_no), offset(byte_offset) {}

  std::string file;
  std::uint32_t line = 0;    ///< 0 = unknown
  std::uint32_t column = 0;  ///< 0 = unknown
  std::optional<std::uint64_t> offset;

  /// "file:line:col", "file:line", "file at offset N" or "file".
  [[nodiscard]] std::string to_string() const;
  bool operator==(const SourceLocation&) const = default;
};

/// An expected failure: a code, a human message, an optional OS error and location.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::uint32_t os_error = 0;
  std::optional<SourceLocation> where;

  /// "where: message" (or just the message when there is no location).
  [[nodiscard]] std::string to_string() const;
};

/// Result of an operation that can fail for an expected reason.
template <typename T>
using Result = std::expected<T, Error>;

/// Shorthand for std::unexpected(Error{...}).
inline std::unexpected<Error> fail(ErrorCode code, std::string message,
                                   std::optional<SourceLocation> where = std::nullopt) {
  return std::unexpected(Error{code, std::move(message), 0, std::move(where)});
}

/// Shorthand for returning an Error already built.
inline std::unexpected<Error> fail(Error error) { return std::unexpected(std::move(error)); }

}  // namespace temper

/// Propagate the error of a Result<...> expression; the value (if any) is discarded.
#define TEMPER_RETURN_IF_ERROR(expr)                              \
  do {                                                            \
    auto&& temper_result_ = (expr);                               \
    if (!temper_result_) return std::unexpected(std::move(temper_result_).error()); \
  } while (false)

#define TEMPER_CONCAT_INNER_(a, b) a##b
#define TEMPER_CONCAT_(a, b) TEMPER_CONCAT_INNER_(a, b)

/// `TEMPER_ASSIGN_OR_RETURN(auto x, f());` declares x from the value or propagates the error.
#define TEMPER_ASSIGN_OR_RETURN(decl, expr)                                    \
  auto TEMPER_CONCAT_(temper_tmp_, __LINE__) = (expr);                         \
  if (!TEMPER_CONCAT_(temper_tmp_, __LINE__))                                  \
    return std::unexpected(std::move(TEMPER_CONCAT_(temper_tmp_, __LINE__)).error()); \
  decl = std::move(*TEMPER_CONCAT_(temper_tmp_, __LINE__))
