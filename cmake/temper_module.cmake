# SPDX-License-Identifier: Apache-2.0
# temper_module(NAME SOURCES ... DEPS ...): one static library per src/<module>, named temper_<module>.
function(temper_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(temper_${name} STATIC ${ARG_SOURCES})
  target_link_libraries(temper_${name} PUBLIC temper_settings ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# temper_target_path(OUT PATH): PATH as the test programs see it. Native builds: unchanged. The mingw-w64 build
# runs under Wine, which maps the Unix root to drive Z:; "/work/x" would resolve there too, but only as a
# drive-relative path (std::filesystem::path::is_absolute() is false), so it becomes "Z:/work/x".
function(temper_target_path out path)
  if(WIN32 AND CMAKE_CROSSCOMPILING AND path MATCHES "^/")
    cmake_path(NORMAL_PATH path)
    set(path "Z:${path}")
  endif()
  set(${out} "${path}" PARENT_SCOPE)
endfunction()

# temper_test(MODULE SOURCES ... DEPS ...): one GoogleTest executable and one ctest entry per module.
function(temper_test module)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  set(target temper_${module}_tests)
  add_executable(${target} ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE temper_settings ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  temper_target_path(_data "${PROJECT_SOURCE_DIR}/tests/data")
  temper_target_path(_source "${PROJECT_SOURCE_DIR}")
  temper_target_path(_shared "${TEMPER_SHARED_DIR}")
  target_compile_definitions(${target} PRIVATE
    TEMPER_TEST_DATA_DIR="${_data}"
    TEMPER_SOURCE_DIR="${_source}"
    TEMPER_SHARED_DIR="${_shared}")
  add_test(NAME ${target} COMMAND ${target})
  if(ARG_LABELS)
    set_tests_properties(${target} PROPERTIES LABELS "${ARG_LABELS}")
  endif()
endfunction()
