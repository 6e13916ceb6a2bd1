# Two commands for a newcomer on Debian 12 (as root or with sudo):
#   make run    installs what is missing, builds, opens the geodex window on the embedded default
#   make test   installs what is missing, builds, runs every test (under xvfb-run)
BUILD ?= build
JOBS ?= $(shell nproc)
XVFB := xvfb-run -a -s "-screen 0 1280x800x24"
# The fuzz targets (tests/fuzz): their own clang build with libFuzzer, ASan and UBSan.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 600
FUZZ_CONFIG := -DGEODEX_FUZZ=ON -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: deps configure build run run-cli test bench clean fuzz-build fuzz-test fuzz

deps:
	bash scripts/install-deps.sh

configure: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release

build: configure
	cmake --build $(BUILD) -j$(JOBS)

# The main job on the embedded default: the geodex window on the unit sphere (analytic score,
# the paper's λ = 1000). Without a display (a server, CI) it renders the same window under
# xvfb-run and saves a screenshot instead of hanging.
run: build
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  $(BUILD)/bin/geodex; \
	else \
	  echo "No display: rendering the window under xvfb-run into $(BUILD)/geodex-default.png"; \
	  $(XVFB) $(BUILD)/bin/geodex --screenshot $(BUILD)/geodex-default.png && \
	  echo "Wrote $(BUILD)/geodex-default.png"; \
	fi

# The same default job headless: the sphere geodesic and its extrapolation, as JSON.
run-cli: build
	$(BUILD)/bin/geodex-cli geodesic --manifold sphere --sigma 0.1 --lambda 1000 \
	  --from 1,0,0 --to 0,0,1 --points 64 --solver fast --json $(BUILD)/geodesic-default.json
	$(BUILD)/bin/geodex-cli shoot --manifold sphere --sigma 0.1 --lambda 1000 \
	  --from 1,0,0 --velocity 0,0,1.5708 --steps 100 --json $(BUILD)/shoot-default.json
	@echo "Wrote $(BUILD)/geodesic-default.json and $(BUILD)/shoot-default.json"

# Every test, then a short run of every fuzz target (fixed executions: any crash, leak, UB
# report or timeout fails it).
test: build fuzz-build
	cd $(BUILD) && $(XVFB) ctest --output-on-failure
	cd $(FUZZ_BUILD) && ctest --output-on-failure -L fuzz

fuzz-build: deps
	cmake -S . -B $(FUZZ_BUILD) $(FUZZ_CONFIG)
	cmake --build $(FUZZ_BUILD) -j$(JOBS)

fuzz-test: fuzz-build
	cd $(FUZZ_BUILD) && ctest --output-on-failure -L fuzz

# Long campaigns: FUZZ_SECONDS per target, one after the other; the corpus grows in
# $(FUZZ_BUILD)/tests/fuzz/corpus, findings land in $(FUZZ_BUILD)/tests/fuzz/artifacts.
fuzz: fuzz-build
	cmake -S . -B $(FUZZ_BUILD) -DGEODEX_FUZZ_SECONDS=$(FUZZ_SECONDS)
	cmake --build $(FUZZ_BUILD) --target fuzz_long

bench: build
	$(BUILD)/bin/bench_geodesic_solvers
	$(XVFB) $(BUILD)/bin/bench_explorer_frame_rate
	$(BUILD)/bin/bench_diffusion
	$(BUILD)/bin/bench_mnist_unet_geodesic
	$(BUILD)/bin/bench_stable_diffusion

clean:
	rm -rf $(BUILD)
