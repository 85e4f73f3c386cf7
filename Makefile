# The two commands of the README. Both install what is missing first.
SHELL := /bin/bash
JOBS ?= $(shell nproc)

.PHONY: deps build demo test asan fuzz clean

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake --preset default >/dev/null
	@cmake --build --preset default -j $(JOBS)

demo: build
	@bash scripts/demo.sh

# Every unit test and conformance harness through ctest; the harness counts are repeated at the
# end, and ctest's own summary stays the last line.
test: build
	@cd build && { ctest --output-on-failure -j $(JOBS) 2>&1 | tee ctest.log; status=$${PIPESTATUS[0]}; \
	  echo; echo "Conformance suites:"; cat conformance/*.txt 2>/dev/null | sed 's/^/  /'; echo; \
	  grep -E "tests passed|tests failed" ctest.log | tail -n 1; exit $$status; }

asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	@cd build-asan && ctest --output-on-failure -j $(JOBS)

fuzz: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)

clean:
	rm -rf build build-asan build-fuzz
