# SPDX-License-Identifier: Apache-2.0
# Thin wrapper over CMake. `make` builds build/temper; `make test` runs every test; `make demo` audits the example server and learns from its month of activity.
BUILD       ?= build
BUILD_TYPE  ?= RelWithDebInfo
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)
WERROR      ?= OFF
CMAKE_FLAGS ?=
LAUNCHER    := $(if $(shell command -v ccache 2>/dev/null),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache,)
# Let ccache reuse objects across checkouts of this tree (CI builds a fresh clone elsewhere).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
DEMO_OUT    ?= $(BUILD)/demo

.PHONY: all build test demo asan fuzz windows test-windows bench bootstrap format clean

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
	@$(BUILD)/temper audit examples/web01 --benchmark iis-host --level 1 --exceptions examples/web01/exceptions.yaml --format json > $(DEMO_OUT)/audit.json; rc=$$?; \
	  $(BUILD)/temper import examples/web01 -o $(DEMO_OUT)/snapshot.json >/dev/null; \
	  $(BUILD)/temper audit examples/web01 --benchmark iis-host --level 1 --exceptions examples/web01/exceptions.yaml --format text > $(DEMO_OUT)/audit.txt 2>/dev/null; \
	  $(BUILD)/temper audit examples/web01 --benchmark iis-host --level 1 --exceptions examples/web01/exceptions.yaml --format text 2>/dev/null | tail -n 14; \
	  echo; echo "demo: audited the example bundle examples/web01: report $(DEMO_OUT)/audit.txt, JSON (temper.audit/1) $(DEMO_OUT)/audit.json, imported snapshot $(DEMO_OUT)/snapshot.json (exit code $$rc: 1 = findings)"; \
	  echo; echo "demo: learning from a month of WEB01's activity (examples/web01/activity): what would each fix break?"; \
	  $(BUILD)/temper learn collect --no-progress --events examples/web01/activity/events -o $(DEMO_OUT)/usage.json && \
	  $(BUILD)/temper learn examples/web01 --usage $(DEMO_OUT)/usage.json --benchmark iis-host --level 1 \
	    --write-exceptions $(DEMO_OUT)/learned.yaml > $(DEMO_OUT)/learn.txt 2>/dev/null; \
	  $(BUILD)/temper learn examples/web01 --usage $(DEMO_OUT)/usage.json --benchmark iis-host --level 1 --format json \
	    > $(DEMO_OUT)/impact.json 2>/dev/null; \
	  sed -n '/^BREAKS/,/^UNKNOWN/p' $(DEMO_OUT)/learn.txt | grep -v '^UNKNOWN' | cut -c1-160; tail -n 1 $(DEMO_OUT)/learn.txt; \
	  $(BUILD)/temper audit examples/web01 --benchmark iis-host --level 1 --exceptions $(DEMO_OUT)/learned.yaml --format text 2>/dev/null | tail -n 2; \
	  echo; echo "demo: usage profile $(DEMO_OUT)/usage.json, verdicts $(DEMO_OUT)/learn.txt and $(DEMO_OUT)/impact.json (temper.impact/1), learned policy $(DEMO_OUT)/learned.yaml (re-audited above)"; \
	  echo; echo "demo: the change set that fixes the rest, keeping what the learned policy keeps, each change with its learned risk"; \
	  rm -rf $(DEMO_OUT)/gpo; \
	  for f in text:plan.txt json:plan.json powershell:plan.ps1 inf:plan.inf gpo:gpo; do \
	    $(BUILD)/temper plan examples/web01 --benchmark iis-host --level 1 --exceptions $(DEMO_OUT)/learned.yaml \
	      --impact $(DEMO_OUT)/impact.json --format $${f%%:*} -o $(DEMO_OUT)/$${f#*:} 2>/dev/null; \
	  done; \
	  tail -n 1 $(DEMO_OUT)/plan.txt; \
	  echo "demo: review $(DEMO_OUT)/plan.txt; deploy with $(DEMO_OUT)/plan.ps1 (-WhatIf first), $(DEMO_OUT)/plan.inf (secedit /configure) or the GPO backup $(DEMO_OUT)/gpo (Import-GPO)"; \
	  echo; echo "demo: watching WEB01: the shipped detection packs (content/detections) over the same month of activity"; \
	  $(BUILD)/temper detect --no-progress examples/web01/activity/events > $(DEMO_OUT)/detect.txt 2>&1; \
	  $(BUILD)/temper detect --no-progress --format jsonl examples/web01/activity/events > $(DEMO_OUT)/detect.jsonl 2>/dev/null; \
	  sed -n '/^alerts per rule:/,$$p' $(DEMO_OUT)/detect.txt; \
	  echo "demo: alerts with their triage in $(DEMO_OUT)/detect.txt, JSON lines (temper.detect-alert/1) in $(DEMO_OUT)/detect.jsonl"

# AddressSanitizer + UndefinedBehaviorSanitizer build and test run.
asan:
	@$(MAKE) --no-print-directory test BUILD=build-asan BUILD_TYPE=Debug \
	  CMAKE_FLAGS="-DTEMPER_ENABLE_ASAN=ON -DTEMPER_ENABLE_UBSAN=ON $(CMAKE_FLAGS)"

bench:
	@scripts/bootstrap bench
	@$(MAKE) --no-print-directory build BUILD=build-bench BUILD_TYPE=Release CMAKE_FLAGS="-DTEMPER_BUILD_BENCH=ON -DTEMPER_BUILD_TESTS=OFF"

# libFuzzer binaries (build-fuzz/fuzzers/<target>_libfuzzer) built with clang-16, every library instrumented for
# coverage plus ASan+UBSan; scripts/fuzz runs the campaigns (docs/reliability.md). Not part of CI.
FUZZ_BUILD  ?= build-fuzz
fuzz:
	@scripts/bootstrap fuzz
	@cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_CXX_COMPILER=clang++-16 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g" -DTEMPER_BUILD_FUZZERS=ON -DTEMPER_BUILD_TESTS=OFF \
	  $(LAUNCHER) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzzers

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	@rm -rf $(BUILD) build-asan build-bench build-win build-fuzz

# Windows build: cross-compiled with mingw-w64 (posix threads, cmake/mingw-w64.cmake), tests run under Wine 8
# (docs/windows-build.md). -O2, not Release's -O3: GCC 12's -Wrestrict false positive in <string> at -O3.
WIN_BUILD   ?= build-win
WIN_PREFIX  := $(CURDIR)/$(WIN_BUILD)/wineprefix
WINE_ENV    := WINEPREFIX=$(WIN_PREFIX) WINEDEBUG=-all WINEDLLOVERRIDES=winedbg.exe=d
WINESERVER  := /usr/lib/wine/wineserver

windows:
	@scripts/bootstrap windows
	@scripts/windows-deps
	@mkdir -p $(WIN_BUILD) && cmake -S . -B $(WIN_BUILD) -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64.cmake \
	  -DTEMPER_DEPS_FROM_SOURCE=ON -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
	  -DTEMPER_WARNINGS_AS_ERRORS=$(WERROR) $(LAUNCHER) $(CMAKE_FLAGS) >$(WIN_BUILD)/configure.log 2>&1 \
	  || { cat $(WIN_BUILD)/configure.log; exit 1; }
	@grep -E 'left out|windows-skip' $(WIN_BUILD)/configure.log || true
	@cmake --build $(WIN_BUILD) -j $(JOBS)

# One persistent wineserver for the whole run (≈20 ms per test exe instead of ≈2.4 s), stopped afterwards
# whatever the result; any "unimplemented function" in Wine's stderr fails the run (scripts/wine-run).
test-windows: windows
	@rm -f $(WIN_BUILD)/wine-stderr.log
	@mkdir -p $(WIN_PREFIX); export $(WINE_ENV); unset DISPLAY WAYLAND_DISPLAY; \
	  $(WINESERVER) -p; /usr/lib/wine/wine64 wineboot --init >/dev/null 2>&1; \
	  ctest --test-dir $(WIN_BUILD) --output-on-failure -j $(JOBS) -LE 'slow|live|windows-skip'; rc=$$?; \
	  $(WINESERVER) -k 2>/dev/null; \
	  if grep -qi 'unimplemented function' $(WIN_BUILD)/wine-stderr.log 2>/dev/null; then \
	    echo "test-windows: Wine reported unimplemented functions:" >&2; \
	    grep -i 'unimplemented function' $(WIN_BUILD)/wine-stderr.log >&2; rc=1; fi; \
	  exit $$rc
