// SPDX-License-Identifier: Apache-2.0
// The logging facade: app, cli and server log through it; engine, evtx, content and detect never do.
#pragma once

#include <string_view>

namespace temper::log {
enum class Level { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3, kOff = 4 };
/// Messages below this level are dropped. Default kWarning.
void set_level(Level level);
Level level();
/// Write one line to stderr as "temper: <level>: <message>" when `level` is enabled.
void write(Level level, std::string_view message);
inline void debug(std::string_view m) { write(Level::kDebug, m); }
inline void info(std::string_view m) { write(Level::kInfo, m); }
inline void warning(std::string_view m) { write(Level::kWarning, m); }
inline void error(std::string_view m) { write(Level::kError, m); }
}  // namespace temper::log
