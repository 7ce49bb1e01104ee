# SPDX-License-Identifier: Apache-2.0
# Third-party libraries, all from Debian's archive (scripts/bootstrap installs them).
# Header-only ones (nlohmann-json, CLI11, fmt in header-only mode) serve the mingw-w64 build too;
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
