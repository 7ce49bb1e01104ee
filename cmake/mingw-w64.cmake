# SPDX-License-Identifier: Apache-2.0
# Toolchain file: cross-compile temper for 64-bit Windows with Debian's mingw-w64 (posix thread model, so
# std::thread/std::mutex work) and run the .exe tests under Wine (docs/windows-build.md).
#   cmake -S . -B build-win -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64.cmake -DTEMPER_DEPS_FROM_SOURCE=ON
# or `cmake --preset windows-mingw`, or `make windows`.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(TEMPER_MINGW_TRIPLE x86_64-w64-mingw32)

# The -posix variants (g++-mingw-w64-x86-64-posix); the plain names default to the win32 thread model.
set(CMAKE_C_COMPILER ${TEMPER_MINGW_TRIPLE}-gcc-posix)
set(CMAKE_CXX_COMPILER ${TEMPER_MINGW_TRIPLE}-g++-posix)
set(CMAKE_RC_COMPILER ${TEMPER_MINGW_TRIPLE}-windres)
set(CMAKE_AR ${TEMPER_MINGW_TRIPLE}-gcc-ar-posix CACHE FILEPATH "archiver")
set(CMAKE_RANLIB ${TEMPER_MINGW_TRIPLE}-gcc-ranlib-posix CACHE FILEPATH "ranlib")

# Look for libraries and headers only in the mingw sysroot, never in the host's /usr/include or /usr/lib
# (third-party headers come in through cmake/mingw-deps.cmake, one directory each).
set(CMAKE_FIND_ROOT_PATH /usr/${TEMPER_MINGW_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# ctest (and add_custom_command with a target as the command) run every .exe through scripts/wine-run:
# /usr/lib/wine/wine64 with a prefix inside the build tree, WINEDEBUG=-all, winedbg disabled, and a
# failure when Wine reports an unimplemented function.
get_filename_component(_temper_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
set(CMAKE_CROSSCOMPILING_EMULATOR "${_temper_root}/scripts/wine-run;--prefix=${CMAKE_BINARY_DIR}/wineprefix")
