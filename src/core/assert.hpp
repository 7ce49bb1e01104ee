// SPDX-License-Identifier: Apache-2.0
// TEMPER_ASSERT: broken invariants (never user input) throw, and only cli/main.cpp catches them.
#pragma once

#include <stdexcept>
#include <string>

namespace temper {
/// Thrown by TEMPER_ASSERT; means a bug in temper, not bad input.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};
}  // namespace temper

#define TEMPER_ASSERT(cond)                                                                  \
  do {                                                                                       \
    if (!(cond))                                                                             \
      throw ::temper::InternalError(std::string("assertion failed: ") + #cond + " at " +    \
                                    __FILE__ + ":" + std::to_string(__LINE__));              \
  } while (false)
