// SPDX-License-Identifier: Apache-2.0
// Fuzz target: hostile bytes as a content file and as an exceptions file.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "content/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  temper::content::LoadOptions options;
  options.include_examples = true;
  (void)temper::content::load_content_text(text, "fuzz.yaml", options);
  (void)temper::content::load_exceptions_text(text, "fuzz-exceptions.yaml");
  return 0;
}
