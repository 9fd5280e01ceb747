# The newcomer's entry points. CMake does the real work in build*/.
#   make demo    build and run the Røros example (examples/roros)
#   make examples  rewrite the answer tables in examples/*/README.md
#   make check   build and run every test (SANITIZE=1: under ASan+UBSan)
#   make bench   benchmarks against SimPy and the hand-written floor
#   make fuzz    run the libFuzzer targets in turn (FUZZ_SECONDS=600 each; FUZZ_TARGETS)
#   make install PREFIX=/usr/local
SANITIZE ?= 0
ifeq ($(SANITIZE),1)
BUILD ?= build-asan
CMAKE_FLAGS += -DSAMFLYT_SANITIZE=ON
else
BUILD ?= build
endif
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PREFIX ?= /usr/local
FUZZ_SECONDS ?= 600
# each target runs FUZZ_SECONDS in turn: make fuzz FUZZ_TARGETS=csv
FUZZ_TARGETS ?= model engine csv fhir tz sweep
# seconds one input may run before libFuzzer reports it as a hang
FUZZ_TIMEOUT ?= 10
DEMO ?= examples/roros/model.yaml

.PHONY: all build demo examples check bench fuzz install format clean

all: build

build:
	@scripts/deps.sh check
	@cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/samflyt check $(DEMO)
	$(BUILD)/samflyt run $(DEMO) -q --months gp-office --out out/demo-run
	$(BUILD)/samflyt compare $(DEMO) --threads $(JOBS) --out out/demo
	@echo "dashboard: $(BUILD)/samflyt serve examples, then open http://127.0.0.1:8080/model?path=roros/model.yaml"

# After a change that moves the examples' numbers on purpose (the
# example_*_table tests fail), then re-read each README's prose.
examples: build
	scripts/example_tables.sh $(BUILD)/samflyt --update examples/*/README.md tests/data/examples/fresh/README.md

check: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench:
	@scripts/deps.sh bench
	@cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DSAMFLYT_TESTS=OFF >/dev/null
	@cmake --build build-bench -j $(JOBS)
	bench/run.sh build-bench

fuzz:
	@scripts/deps.sh fuzz
	@CC=clang cmake -S . -B build-fuzz -DSAMFLYT_FUZZ=ON -DSAMFLYT_TESTS=OFF >/dev/null
	@cmake --build build-fuzz -j $(JOBS)
	set -e; for t in $(FUZZ_TARGETS); do \
	  echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	  build-fuzz/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=$(FUZZ_TIMEOUT) -max_len=4096 \
	    -dict=fuzz/$$t.dict fuzz/corpus/$$t; \
	done

install: build
	cmake --install $(BUILD)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-asan build-bench build-fuzz out
