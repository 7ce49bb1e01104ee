# SPDX-License-Identifier: Apache-2.0
# Third-party libraries for the mingw-w64 build (TEMPER_DEPS_FROM_SOURCE=ON), all from Debian (ADR 0030):
#   header-only  nlohmann_json::nlohmann_json, CLI11::CLI11, tomlplusplus::tomlplusplus, fmt::fmt / fmt::fmt-header-only (FMT_HEADER_ONLY):
#                the -dev packages' headers, each exposed through one generated directory of symlinks, so the
#                host's /usr/include never lands on the cross compiler's include path;
#   compiled     yaml-cpp::yaml-cpp, pugixml::pugixml, simdjson::simdjson, re2::re2: static libraries built here
#                from the Debian source packages that scripts/windows-deps unpacks into third_party/_src/;
#   tests        GTest::gtest, GTest::gtest_main (and GTest::gmock*, built on demand): from the sources Debian's
#                googletest package ships in /usr/src/googletest.
#   not here     temper::vectorscan (decision 0040: Linux only): src/detect builds its prefilter_none.cpp instead.
# The imported names are the ones the Linux build gets from find_package, so modules link the same names.
set(TEMPER_THIRD_PARTY_SRC "${PROJECT_SOURCE_DIR}/third_party/_src" CACHE PATH "apt-get source output (scripts/windows-deps)")
set(TEMPER_GOOGLETEST_SRC "/usr/src/googletest" CACHE PATH "Debian googletest package sources")
set(TEMPER_HOST_INCLUDE "/usr/include" CACHE PATH "where the header-only -dev packages put their headers")

function(_temper_find_src out pkg marker)
  file(GLOB _dirs LIST_DIRECTORIES true "${TEMPER_THIRD_PARTY_SRC}/${pkg}-*")
  foreach(_d IN LISTS _dirs)
    if(IS_DIRECTORY "${_d}" AND EXISTS "${_d}/${marker}")
      set(${out} "${_d}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "mingw-deps: no ${pkg} sources in ${TEMPER_THIRD_PARTY_SRC}; run scripts/windows-deps")
endfunction()

# --- header-only: one generated include dir, one symlink per library -----------------------------------
set(_temper_hdr "${PROJECT_BINARY_DIR}/_deps/include")
file(MAKE_DIRECTORY "${_temper_hdr}")
foreach(_pair "nlohmann;nlohmann-json3-dev" "CLI;libcli11-dev" "fmt;libfmt-dev" "toml++;libtomlplusplus-dev")
  list(GET _pair 0 _dir)
  list(GET _pair 1 _pkg)
  if(NOT EXISTS "${TEMPER_HOST_INCLUDE}/${_dir}")
    message(FATAL_ERROR "mingw-deps: ${TEMPER_HOST_INCLUDE}/${_dir} missing (install ${_pkg}: scripts/bootstrap)")
  endif()
  file(CREATE_LINK "${TEMPER_HOST_INCLUDE}/${_dir}" "${_temper_hdr}/${_dir}" SYMBOLIC)
endforeach()

add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED GLOBAL)
target_include_directories(nlohmann_json::nlohmann_json SYSTEM INTERFACE "${_temper_hdr}")
add_library(CLI11::CLI11 INTERFACE IMPORTED GLOBAL)
target_include_directories(CLI11::CLI11 SYSTEM INTERFACE "${_temper_hdr}")
add_library(fmt::fmt-header-only INTERFACE IMPORTED GLOBAL)
target_include_directories(fmt::fmt-header-only SYSTEM INTERFACE "${_temper_hdr}")
target_compile_definitions(fmt::fmt-header-only INTERFACE FMT_HEADER_ONLY=1)
add_library(tomlplusplus::tomlplusplus INTERFACE IMPORTED GLOBAL)
target_include_directories(tomlplusplus::tomlplusplus SYSTEM INTERFACE "${_temper_hdr}")
add_library(fmt::fmt INTERFACE IMPORTED GLOBAL)
target_link_libraries(fmt::fmt INTERFACE fmt::fmt-header-only)

# --- compiled from Debian source packages ----------------------------------------------------------------
# Built without temper_settings (third-party code: its own warnings are not ours).
_temper_find_src(_yaml_src yaml-cpp "include/yaml-cpp/yaml.h")
file(GLOB _yaml_sources CONFIGURE_DEPENDS "${_yaml_src}/src/*.cpp" "${_yaml_src}/src/contrib/*.cpp")
add_library(temper_dep_yaml_cpp STATIC EXCLUDE_FROM_ALL ${_yaml_sources})
target_include_directories(temper_dep_yaml_cpp SYSTEM PUBLIC "${_yaml_src}/include")
target_include_directories(temper_dep_yaml_cpp PRIVATE "${_yaml_src}/src")
target_compile_features(temper_dep_yaml_cpp PUBLIC cxx_std_11)
target_compile_options(temper_dep_yaml_cpp PRIVATE -w)
add_library(yaml-cpp::yaml-cpp ALIAS temper_dep_yaml_cpp)

_temper_find_src(_pugi_src pugixml "src/pugixml.hpp")
add_library(temper_dep_pugixml STATIC EXCLUDE_FROM_ALL "${_pugi_src}/src/pugixml.cpp")
target_include_directories(temper_dep_pugixml SYSTEM PUBLIC "${_pugi_src}/src")
target_compile_options(temper_dep_pugixml PRIVATE -w)
add_library(pugixml::pugixml ALIAS temper_dep_pugixml)

# simdjson: the amalgamated singleheader/simdjson.cpp, every x86-64 kernel (icelake, haswell, westmere,
# fallback) chosen at run time by CPUID as in Debian's shared library; SIMDJSON_THREADS_ENABLED as Debian's
# simdjson::simdjson sets it, since it changes the parser's layout. GCC on Windows cannot realign the stack
# for 32- and 64-byte vectors (GCC bug 54412): the assembler writes every aligned vector move as an unaligned
# one, so an AVX2/AVX-512 spill can never fault, whatever GCC decides to spill.
_temper_find_src(_simdjson_src simdjson "singleheader/simdjson.cpp")
add_library(temper_dep_simdjson STATIC EXCLUDE_FROM_ALL "${_simdjson_src}/singleheader/simdjson.cpp")
target_include_directories(temper_dep_simdjson SYSTEM PUBLIC "${_simdjson_src}/singleheader")
target_compile_definitions(temper_dep_simdjson PUBLIC SIMDJSON_THREADS_ENABLED=1)
target_compile_features(temper_dep_simdjson PUBLIC cxx_std_17)
target_compile_options(temper_dep_simdjson PRIVATE -w)
include(CheckCXXCompilerFlag)
check_cxx_compiler_flag("-Wa,-muse-unaligned-vector-move" TEMPER_HAVE_UNALIGNED_VECTOR_MOVE)
if(TEMPER_HAVE_UNALIGNED_VECTOR_MOVE)
  target_compile_options(temper_dep_simdjson PRIVATE "-Wa,-muse-unaligned-vector-move")
else()
  message(WARNING "mingw-deps: the assembler lacks -muse-unaligned-vector-move (binutils < 2.38); simdjson's "
                  "AVX kernels rely on GCC never spilling a vector with an aligned move")
endif()
add_library(simdjson::simdjson ALIAS temper_dep_simdjson)

# RE2 20220601 (decision 0040): plain C++11, no Abseil; its mutex wraps SRWLOCK on Windows. The three generated
# tables come from scripts/windows-deps (re2/make_*.{pl,py} over Debian's unicode-data).
_temper_find_src(_re2_src re2 "re2/re2.h")
set(_re2_sources)
foreach(_f bitstate compile dfa filtered_re2 mimics_pcre nfa onepass parse perl_groups prefilter prefilter_tree prog
           re2 regexp set simplify stringpiece tostring unicode_casefold unicode_groups)
  list(APPEND _re2_sources "${_re2_src}/re2/${_f}.cc")
endforeach()
list(APPEND _re2_sources "${_re2_src}/util/rune.cc" "${_re2_src}/util/strutil.cc")
foreach(_f IN LISTS _re2_sources)
  if(NOT EXISTS "${_f}")
    message(FATAL_ERROR "mingw-deps: ${_f} missing (run scripts/windows-deps, which generates RE2's tables)")
  endif()
endforeach()
add_library(temper_dep_re2 STATIC EXCLUDE_FROM_ALL ${_re2_sources})
target_include_directories(temper_dep_re2 SYSTEM PUBLIC "${_re2_src}")
target_compile_features(temper_dep_re2 PUBLIC cxx_std_11)
target_compile_options(temper_dep_re2 PRIVATE -w)
add_library(re2::re2 ALIAS temper_dep_re2)

# --- GoogleTest from /usr/src/googletest ------------------------------------------------------------------
# _temper_gtest_lib(NAME ROOT SOURCE [LINK ...]): static library from ROOT/src/SOURCE, headers ROOT/include.
function(_temper_gtest_lib name root source)
  add_library(temper_dep_${name} STATIC EXCLUDE_FROM_ALL "${root}/src/${source}")
  target_include_directories(temper_dep_${name} SYSTEM PUBLIC "${root}/include")
  target_include_directories(temper_dep_${name} PRIVATE "${root}")
  target_compile_features(temper_dep_${name} PUBLIC cxx_std_14)
  target_compile_options(temper_dep_${name} PRIVATE -w)
  target_link_libraries(temper_dep_${name} PUBLIC ${ARGN})
  add_library(GTest::${name} ALIAS temper_dep_${name})
endfunction()

if(TEMPER_BUILD_TESTS)
  set(_gt "${TEMPER_GOOGLETEST_SRC}/googletest")
  set(_gm "${TEMPER_GOOGLETEST_SRC}/googlemock")
  if(NOT EXISTS "${_gt}/src/gtest-all.cc")
    message(FATAL_ERROR "mingw-deps: ${_gt}/src/gtest-all.cc missing (install googletest: scripts/bootstrap)")
  endif()
  _temper_gtest_lib(gtest "${_gt}" gtest-all.cc)
  _temper_gtest_lib(gtest_main "${_gt}" gtest_main.cc temper_dep_gtest)
  if(EXISTS "${_gm}/src/gmock-all.cc")
    _temper_gtest_lib(gmock "${_gm}" gmock-all.cc temper_dep_gtest)
    _temper_gtest_lib(gmock_main "${_gm}" gmock_main.cc temper_dep_gmock)
  endif()
endif()

message(STATUS "mingw-deps: yaml-cpp from ${_yaml_src}, pugixml from ${_pugi_src}, simdjson from ${_simdjson_src}, re2 from ${_re2_src}, "
               "GoogleTest from ${TEMPER_GOOGLETEST_SRC}, headers (nlohmann, CLI, fmt) via ${_temper_hdr}")
