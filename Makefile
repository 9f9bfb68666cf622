# Makefile — the two commands of the README, and the steps they are made of. The build itself is CMake.
#   make run    build, then build the Yunnan database from data/yunnan, print the overview and targets, write regio-report.html
#               and print its summary (总体评价) to the terminal
#   make test   build and run every test (unit, CLI end-to-end), the unit tests of a clang build, then every test
#               again under ASan+UBSan, then valgrind
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DB ?= regio.db

.PHONY: build build-asan build-clang run test test-unit test-clang test-asan test-valgrind install clean fuzz

# warnings are errors in every build the Makefile (and so CI) makes; a plain cmake build only warns
WERROR ?= ON

build:
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREGIO_WERROR=$(WERROR) >/dev/null
	cmake --build build -j$(JOBS)

build-asan:
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DREGIO_SANITIZE=ON -DREGIO_WERROR=$(WERROR) -DREGIO_FUZZ=OFF >/dev/null
	cmake --build build-asan -j$(JOBS)

# the same sources with clang (warnings are errors there too); test-clang runs the unit tests only, the CLI
# tests run on the gcc builds
build-clang:
	cmake -S . -B build-clang -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DREGIO_WERROR=$(WERROR) -DREGIO_FUZZ=OFF >/dev/null
	cmake --build build-clang -j$(JOBS)

run: build
	./build/regio init --plan data/yunnan --db $(DB)
	./build/regio overview --db $(DB)
	./build/regio targets --db $(DB)
	./build/regio report --db $(DB) --year 2024 --lang zh --out regio-report.html --summary

test-unit: build
	ctest --test-dir build --output-on-failure -j$(JOBS)

test-clang: build-clang
	ctest --test-dir build-clang --output-on-failure -j$(JOBS) -E '^(cli_|browser_)'

test-asan: build-asan
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir build-asan --output-on-failure -j$(JOBS)

# valgrind runs the CLI end-to-end tests with every regio call under memcheck (REGIO_WRAP)
test-valgrind: build
	REGIO_WRAP="valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99" \
	  ctest --test-dir build --output-on-failure -j$(JOBS) -R '^cli_'

test: test-unit test-clang test-asan test-valgrind

# make fuzz: each libFuzzer target (fuzz/, built in build/fuzz-build when clang is found) for FUZZ_TIME seconds,
# one after the other, niced; new inputs go to build/fuzz-corpus/<name> (the committed fuzz/corpus/<name> is only
# read), crashes to build/fuzz-crashes/. docs/reliability.md says what a campaign found.
FUZZ_TIME ?= 60
fuzz: build
	@test -d build/fuzz-build/fuzz || { echo "no fuzz targets: clang with libFuzzer was not found (scripts/setup.sh)"; exit 1; }
	@mkdir -p build/fuzz-crashes
	@for f in build/fuzz-build/fuzz/fuzz_*; do \
	  n=$${f##*/fuzz_}; mkdir -p build/fuzz-corpus/$$n; \
	  echo "== fuzz_$$n for $(FUZZ_TIME) s"; \
	  nice -n 19 $$f -max_total_time=$(FUZZ_TIME) -rss_limit_mb=4096 -artifact_prefix=build/fuzz-crashes/$$n- \
	    -print_final_stats=1 build/fuzz-corpus/$$n fuzz/corpus/$$n 2>&1 | grep -E '^(stat::|#[0-9]+.*DONE|==[0-9]+==ERROR|SUMMARY)' || true; \
	done; ls build/fuzz-crashes | grep . && { echo "crashes in build/fuzz-crashes"; exit 1; } || echo "no crashes"

# PREFIX=/usr/local by default; DESTDIR is honoured by cmake --install
PREFIX ?= /usr/local
install: build
	cmake --install build --prefix $(PREFIX)

clean:
	rm -rf build build-asan build-clang
