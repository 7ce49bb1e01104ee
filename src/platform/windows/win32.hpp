// SPDX-License-Identifier: Apache-2.0
// The only header that includes <windows.h>; everything Win32 goes through here.
#pragma once

#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#undef GetObject
#undef ERROR
#undef DELETE
