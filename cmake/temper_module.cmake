# SPDX-License-Identifier: Apache-2.0
# temper_module(NAME SOURCES ... DEPS ...): one static library per src/<module>, named temper_<module>.
function(temper_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(temper_${name} STATIC ${ARG_SOURCES})
  target_link_libraries(temper_${name} PUBLIC temper_settings ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# temper_test(MODULE SOURCES ... DEPS ...): one GoogleTest executable and one ctest entry per module.
function(temper_test module)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  set(target temper_${module}_tests)
  add_executable(${target} ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE temper_settings ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${target} PRIVATE
    TEMPER_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
    TEMPER_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    TEMPER_SHARED_DIR="${TEMPER_SHARED_DIR}")
  add_test(NAME ${target} COMMAND ${target})
  if(ARG_LABELS)
    set_tests_properties(${target} PROPERTIES LABELS "${ARG_LABELS}")
  endif()
endfunction()
