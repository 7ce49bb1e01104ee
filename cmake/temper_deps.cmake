# SPDX-License-Identifier: Apache-2.0
# Third-party libraries, all from Debian's archive (scripts/bootstrap installs them).
# Header-only ones (nlohmann-json, CLI11, fmt in header-only mode) serve the mingw-w64 build too;
# tomlplusplus is header-only everywhere; the mingw-w64 build compiles re2 from source and has no Vectorscan (decision 0040);
# yaml-cpp, pugixml and simdjson are compiled from their Debian source packages there (see cmake/mingw-deps.cmake).
if(TEMPER_DEPS_FROM_SOURCE)
  include(cmake/mingw-deps.cmake)
else()
  find_package(yaml-cpp REQUIRED)
  find_package(pugixml REQUIRED)
  find_package(nlohmann_json 3.10 REQUIRED)
  find_package(CLI11 REQUIRED)
  find_package(fmt REQUIRED)
  find_package(simdjson 3.0 REQUIRED)  # libsimdjson-dev: simdjson::simdjson, runtime CPU dispatch inside
  find_package(tomlplusplus 3.3 REQUIRED)  # libtomlplusplus-dev: header-only TOML reader (Elastic's rules)
  # Detection (decision 0040): RE2 runs Sigma `|re` and EQL `regex` in linear time; Vectorscan is the
  # multi-literal prefilter. Neither ships CMake config in Debian 12, so pkg-config imports them.
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(TEMPER_RE2 REQUIRED IMPORTED_TARGET GLOBAL re2)
  add_library(re2::re2 ALIAS PkgConfig::TEMPER_RE2)
  pkg_check_modules(TEMPER_HS REQUIRED IMPORTED_TARGET GLOBAL libhs)
  add_library(temper::vectorscan ALIAS PkgConfig::TEMPER_HS)
  if(TARGET yaml-cpp AND NOT TARGET yaml-cpp::yaml-cpp)
    add_library(yaml-cpp::yaml-cpp ALIAS yaml-cpp)
  endif()
  if(TARGET pugixml AND NOT TARGET pugixml::pugixml)
    add_library(pugixml::pugixml ALIAS pugixml)
  endif()
endif()
if(TEMPER_BUILD_TESTS AND NOT TARGET GTest::gtest)
  find_package(GTest REQUIRED)
endif()
