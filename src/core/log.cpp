// SPDX-License-Identifier: Apache-2.0
// stderr logger behind the facade.
#include "core/log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace temper::log {
namespace {
std::atomic<Level> g_level{Level::kWarning};
std::mutex g_mutex;
constexpr const char* name(Level l) {
  switch (l) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarning: return "warning";
    case Level::kError: return "error";
    case Level::kOff: return "off";
  }
  return "?";
}
}  // namespace

void set_level(Level level) { g_level.store(level); }
Level level() { return g_level.load(); }

void write(Level l, std::string_view message) {
  if (l < g_level.load() || l == Level::kOff) return;
  const std::lock_guard lock(g_mutex);
  std::fprintf(stderr, "temper: %s: %.*s\n", name(l), static_cast<int>(message.size()), message.data());
}
}  // namespace temper::log
