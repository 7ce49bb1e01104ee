// SPDX-License-Identifier: Apache-2.0
// Error reporting and exit-code mapping shared by the subcommands.
#include <cstdio>

#include "cli/command.hpp"

namespace temper::cli {

int exit_code_for(const temper::Error& error) {
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kNotFound:
    case ErrorCode::kParse:
    case ErrorCode::kContent:
    case ErrorCode::kSchemaVersion:
    case ErrorCode::kLimit:
      return kExitUsage;
    case ErrorCode::kUnsupported:
    case ErrorCode::kIo:
    case ErrorCode::kNotCollected:
    case ErrorCode::kAccessDenied:
    case ErrorCode::kInternal:
      return kExitRuntime;
  }
  return kExitRuntime;
}

int report_error(const temper::Error& error) {
  std::fprintf(stderr, "temper: error: %s\n", error.to_string().c_str());
  return exit_code_for(error);
}

}  // namespace temper::cli
