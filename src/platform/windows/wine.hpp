// SPDX-License-Identifier: Apache-2.0
// Wine detection for the Windows-only adapters (platform/windows/ only).
// Wine 8 exports some APIs as stubs that abort the process when called ("unimplemented function":
// AuditEnumerateCategories, AuditLookupSubCategoryNameW, AuditSetSystemPolicy, NetUserModalsSet) and others
// that succeed without doing anything (LsaAddAccountRights, NetLocalGroupGetMembers, ReportEventW, EvtQuery).
// GetProcAddress does not help: the stubs are exported. An adapter for those calls checks
// running_under_wine() first and returns ErrorCode::Unsupported there; its logic is tested with fakes.
#pragma once

#include <string>

#include "platform/windows/win32.hpp"

namespace temper::platform {

/// True when the process runs under Wine (ntdll exports wine_get_version), false on real Windows.
inline bool running_under_wine() {
  static const bool wine = [] {
    const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll != nullptr && GetProcAddress(ntdll, "wine_get_version") != nullptr;
  }();
  return wine;
}

/// Wine's version ("8.0"), or empty on real Windows.
inline std::string wine_version() {
  const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  if (ntdll == nullptr) return {};
  using GetVersionFn = const char*(__cdecl*)();
  // GetProcAddress returns FARPROC; the cast through void* is the documented way to a typed pointer.
  const auto fn = reinterpret_cast<GetVersionFn>(reinterpret_cast<void*>(GetProcAddress(ntdll, "wine_get_version")));
  const char* version = fn != nullptr ? fn() : nullptr;
  return version != nullptr ? std::string(version) : std::string();
}

}  // namespace temper::platform
