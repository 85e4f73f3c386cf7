# The two commands of the README. Both install what is missing first.
JOBS ?= $(shell nproc)

.PHONY: deps build demo test asan fuzz clean

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake --preset default >/dev/null
	@cmake --build --preset default -j $(JOBS)

demo: build
	@bash scripts/demo.sh

test: build
	@cd build && ctest --output-on-failure -j $(JOBS) -E '^conformance\.'
	@cd build && ctest -V -R '^conformance\.' | grep -E '^[0-9]+: ' | sed -E 's/^[0-9]+: //' | grep -vE '^(Test command|Working Directory|Environment variables|Test timeout|   )' ; \
	  cd build && ctest -R '^conformance\.' --output-on-failure

asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	@cd build-asan && ctest --output-on-failure -j $(JOBS)

fuzz: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)

clean:
	rm -rf build build-asan build-fuzz
