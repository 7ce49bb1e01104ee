// SPDX-License-Identifier: Apache-2.0
// Where the running executable lives (to find content shipped beside it).
#pragma once

#include <filesystem>
#include <optional>

namespace temper::platform {
/// Absolute path of the running executable, or nullopt when the OS will not say.
std::optional<std::filesystem::path> executable_path();
}  // namespace temper::platform
