// SPDX-License-Identifier: Apache-2.0
// Fuzz target: a whole GPO import (GptTmpl.inf + registry.pol + audit.csv + Backup.xml + gpt.ini +
// the User side's registry.pol). The input holds the six files separated by kSeparator; missing parts are absent files.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "collect/offline/gpo_backup.hpp"

namespace {
constexpr std::string_view kSeparator = "\n--temper-gpo-part--\n";
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  constexpr std::size_t kParts = 6;
  std::optional<std::span<const std::byte>> parts[kParts];
  std::size_t start = 0;
  for (std::size_t i = 0; i < kParts && start <= input.size(); ++i) {
    std::size_t end = input.find(kSeparator, start);
    if (end == std::string_view::npos || i == kParts - 1) end = input.size();
    parts[i] = std::as_bytes(std::span<const char>(input.data() + start, end - start));
    start = end + kSeparator.size();
  }
  temper::collect::GpoFiles files;
  files.gpt_tmpl = parts[0];
  files.machine_pol = parts[1];
  files.audit_csv = parts[2];
  files.backup_xml = parts[3];
  files.gpt_ini = parts[4];
  files.user_pol = parts[5];
  const auto imported = temper::collect::import_gpo_files(files);
  (void)imported.not_collected();
  return 0;
}
