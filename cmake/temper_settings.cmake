# SPDX-License-Identifier: Apache-2.0
# The one INTERFACE target that carries the language standard, warnings, sanitizers and Win32 defines.
add_library(temper_settings INTERFACE)
target_compile_features(temper_settings INTERFACE cxx_std_23)
set(CMAKE_CXX_EXTENSIONS OFF)
target_include_directories(temper_settings INTERFACE "${PROJECT_SOURCE_DIR}/src" "${PROJECT_BINARY_DIR}/generated")

if(MSVC)
  target_compile_options(temper_settings INTERFACE /W4 /permissive- /utf-8)
  if(TEMPER_WARNINGS_AS_ERRORS)
    target_compile_options(temper_settings INTERFACE /WX)
  endif()
else()
  target_compile_options(temper_settings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion)
  # GCC 12 reports a false -Wrestrict inside <string> at -O3 (GCC bug 105329).
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(temper_settings INTERFACE -Wno-restrict)
  endif()
  if(TEMPER_WARNINGS_AS_ERRORS)
    target_compile_options(temper_settings INTERFACE -Werror)
  endif()
  # clang before 19 advertises __cpp_concepts 201907L, and libstdc++ 12 hides std::expected (the
  # Result<T> of every module) unless it says 202002L, which clang 16 implements in full.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 19)
    target_compile_options(temper_settings INTERFACE -U__cpp_concepts -D__cpp_concepts=202002L)
  endif()
endif()

if(WIN32)
  target_compile_definitions(temper_settings INTERFACE
    UNICODE _UNICODE WIN32_LEAN_AND_MEAN NOMINMAX _WIN32_WINNT=0x0A00)
  if(MINGW)
    # One self-contained exe under Wine and on real Windows: no libstdc++/libgcc DLLs to ship.
    target_link_options(temper_settings INTERFACE -static -static-libgcc -static-libstdc++)
  endif()
endif()

set(_temper_sanitizers "")
# The libFuzzer build (make fuzz, build-fuzz/): every library, the harnesses and whatever else is
# built carry libFuzzer's coverage and comparison hooks (fuzzer-no-link) and ASan+UBSan, so that
# mutations are guided by the parsers' branches, not only the harness's. Only the *_libfuzzer
# executables link libFuzzer itself (-fsanitize=fuzzer, tests/fuzz/CMakeLists.txt); any other
# executable gets the hooks' no-op definitions from the sanitizer runtime.
if(TEMPER_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TEMPER_BUILD_FUZZERS needs clang (make fuzz uses clang++-16)")
  endif()
  target_compile_options(temper_settings INTERFACE -fsanitize=fuzzer-no-link)
  list(APPEND _temper_sanitizers address undefined)
endif()
if(TEMPER_ENABLE_ASAN)
  list(APPEND _temper_sanitizers address)
endif()
if(TEMPER_ENABLE_UBSAN)
  list(APPEND _temper_sanitizers undefined)
endif()
if(_temper_sanitizers)
  list(REMOVE_DUPLICATES _temper_sanitizers)
  list(JOIN _temper_sanitizers "," _temper_san)
  target_compile_options(temper_settings INTERFACE -fsanitize=${_temper_san} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(temper_settings INTERFACE -fsanitize=${_temper_san})
endif()
