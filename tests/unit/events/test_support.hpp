// SPDX-License-Identifier: Apache-2.0
// What the events unit tests share: where the fixtures are, and event times as text.
#pragma once

#include <filesystem>
#include <string>

#include "events/event.hpp"

namespace temper::events::test_support {

/// tests/data/events.
inline const std::filesystem::path kEventsData = std::filesystem::path(TEMPER_TEST_DATA_DIR) / "events";

/// The event's TimeCreated as temper.event/1 prints it.
inline std::string time_of(const Event& e) {
  std::string t;
  append_filetime(t, e.system().time_created);
  return t;
}

}  // namespace temper::events::test_support
