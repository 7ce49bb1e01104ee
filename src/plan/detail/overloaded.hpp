// SPDX-License-Identifier: Apache-2.0
// The overload set std::visit takes over a plan Change: one lambda per alternative.
#pragma once

namespace temper::plan::detail {
template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
}  // namespace temper::plan::detail
