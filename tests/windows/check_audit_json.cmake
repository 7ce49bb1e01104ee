# SPDX-License-Identifier: Apache-2.0
# cmake -DEMULATOR=a|b -DEXE=temper.exe -DEXAMPLE=Z:/.../examples/web01 -P check_audit_json.cmake
# Runs `temper.exe audit EXAMPLE --format json` under the emulator (Wine) and checks the exit code (1: findings)
# and the output: parseable JSON with schema temper.audit/1, host WEB01, a summary and a results array.
string(REPLACE "|" ";" EMULATOR "${EMULATOR}")
execute_process(COMMAND ${EMULATOR} "${EXE}" audit "${EXAMPLE}" --format json
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "expected exit code 1 (findings), got '${rc}'\nstderr:\n${err}\nstdout:\n${out}")
endif()
string(JSON schema ERROR_VARIABLE jerr GET "${out}" schema)
if(jerr)
  message(FATAL_ERROR "stdout is not temper.audit JSON: ${jerr}\n${out}")
endif()
if(NOT schema STREQUAL "temper.audit/1")
  message(FATAL_ERROR "schema is '${schema}', expected temper.audit/1")
endif()
string(JSON host GET "${out}" host name)
string(JSON failed GET "${out}" summary fail)
string(JSON results LENGTH "${out}" results)
if(NOT host STREQUAL "WEB01" OR NOT failed GREATER 0 OR NOT results GREATER 0)
  message(FATAL_ERROR "unexpected report: host=${host} fail=${failed} results=${results}")
endif()
message(STATUS "temper.exe audit: exit 1, temper.audit/1, host ${host}, ${results} results, ${failed} failed")
