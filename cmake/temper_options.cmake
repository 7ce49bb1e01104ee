# SPDX-License-Identifier: Apache-2.0
# Build options (one place, like osquery's cmake/options.cmake).
option(TEMPER_BUILD_TESTS "Build the unit, content and fuzz-regression tests" ON)
option(TEMPER_BUILD_BENCH "Build the benchmarks in bench/" OFF)
option(TEMPER_BUILD_FUZZERS "Build libFuzzer targets (needs clang)" OFF)
option(TEMPER_ENABLE_ASAN "Build with AddressSanitizer" OFF)
option(TEMPER_MIMALLOC "Link the temper executable with Debian's mimalloc (docs/decisions/0036); off under sanitizers and on Windows" ON)
option(TEMPER_ENABLE_UBSAN "Build with UndefinedBehaviorSanitizer" OFF)
option(TEMPER_WARNINGS_AS_ERRORS "Treat compiler warnings as errors" OFF)
