// SPDX-License-Identifier: Apache-2.0
// What the learn unit tests share: a profile built from whatever a reader delivers.
#pragma once

#include <functional>

#include "events/text_source.hpp"
#include "learn/builder.hpp"

namespace temper::learn::test_support {

/// The profile of every event `read` passes to its sink.
inline UsageProfile build(const std::function<void(const events::EventSink&)>& read) {
  ProfileBuilder b;
  read([&](const events::Event& e) {
    b.add(e);
    return true;
  });
  return b.take();
}

}  // namespace temper::learn::test_support
