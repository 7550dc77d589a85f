# The front door: `make run` and `make test` on a fresh Debian 12 machine.
BUILD_DIR ?= build
SANITIZE_DIR ?= build-sanitize
JOBS ?= $(shell nproc)
REFERENCE_SCENARIO ?= scenarios/saas_b2b.yaml
SOURCES = $(shell git ls-files '*.hpp' '*.cpp' 2>/dev/null || find include sim tests bench -name '*.[hc]pp')

.PHONY: all deps configure build run test test-sanitize bench notebooks format format-check clean

all: build

deps:
	@tools/install_deps.sh

configure: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/bin/cxsim run $(REFERENCE_SCENARIO)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

# The test suite under AddressSanitizer and UndefinedBehaviorSanitizer (any report fails the run),
# but for the tests labelled `statistics`: scenarios run at the sizes their claims need, through
# code the other tests already take under the sanitizers, many times slower there.
test-sanitize: deps
	cmake -S . -B $(SANITIZE_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCXSIM_SANITIZE=ON \
	  -DCXSIM_BUILD_BENCHMARKS=OFF -DCXSIM_BUILD_PYTHON=OFF
	cmake --build $(SANITIZE_DIR) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest --test-dir $(SANITIZE_DIR) --output-on-failure -j $(JOBS) -LE statistics

# The notebooks executed, outputs and all, into $(BUILD_DIR)/notebooks for reading.
notebooks: build
	PYTHONPATH=$(BUILD_DIR)/python /usr/bin/python3 notebooks/run_notebooks.py \
	  --output-dir $(BUILD_DIR)/notebooks notebooks/*.ipynb

# Every performance figure in one table beside its reference (bench/README.md); takes minutes.
bench: build
	/usr/bin/python3 bench/run_benchmarks.py --build-dir $(BUILD_DIR)

format:
	clang-format -i $(SOURCES)

format-check: deps
	clang-format --dry-run -Werror $(SOURCES)

clean:
	rm -rf $(BUILD_DIR) $(SANITIZE_DIR)
