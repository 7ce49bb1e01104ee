# SPDX-License-Identifier: Apache-2.0
# Thin wrapper over CMake. `make` builds build/temper; `make test` runs every test; `make demo` audits the example server.
BUILD       ?= build
BUILD_TYPE  ?= RelWithDebInfo
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)
WERROR      ?= OFF
CMAKE_FLAGS ?=
LAUNCHER    := $(if $(shell command -v ccache 2>/dev/null),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache,)
DEMO_OUT    ?= $(BUILD)/demo

.PHONY: all build test demo asan windows test-windows bench bootstrap format clean

all: build

bootstrap:
	@scripts/bootstrap

$(BUILD)/build.ninja: | bootstrap
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DTEMPER_WARNINGS_AS_ERRORS=$(WERROR) \
	  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON $(LAUNCHER) $(CMAKE_FLAGS) >/dev/null

build: bootstrap $(BUILD)/build.ninja
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -LE 'slow|live'

demo: build
	@mkdir -p $(DEMO_OUT)
	@$(BUILD)/temper audit examples/web01 --format json > $(DEMO_OUT)/audit.json; rc=$$?; \
	  $(BUILD)/temper audit examples/web01 --format text > $(DEMO_OUT)/audit.txt; \
	  NO_COLOR= $(BUILD)/temper audit examples/web01 --format text | tail -n 12; \
	  echo; echo "demo: full report in $(DEMO_OUT)/audit.txt, JSON (temper.audit/1) in $(DEMO_OUT)/audit.json (exit code $$rc: 1 = findings)"

# AddressSanitizer + UndefinedBehaviorSanitizer build and test run.
asan:
	@$(MAKE) --no-print-directory test BUILD=build-asan BUILD_TYPE=Debug \
	  CMAKE_FLAGS="-DTEMPER_ENABLE_ASAN=ON -DTEMPER_ENABLE_UBSAN=ON $(CMAKE_FLAGS)"

bench:
	@scripts/bootstrap bench
	@$(MAKE) --no-print-directory build BUILD=build-bench BUILD_TYPE=Release CMAKE_FLAGS="-DTEMPER_BUILD_BENCH=ON -DTEMPER_BUILD_TESTS=OFF"

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	@rm -rf $(BUILD) build-asan build-bench build-win
