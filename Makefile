# Two commands for a newcomer on Debian 12 (as root or with sudo):
#   make run    installs what is missing, builds, computes the embedded default (sphere geodesic)
#   make test   installs what is missing, builds, runs every test (under xvfb-run)
BUILD ?= build
JOBS ?= $(shell nproc)
XVFB := xvfb-run -a -s "-screen 0 1280x800x24"

.PHONY: deps configure build run test bench clean

deps:
	bash scripts/install-deps.sh

configure: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release

build: configure
	cmake --build $(BUILD) -j$(JOBS)

# The main job on the embedded default: the score-metric geodesic on the unit sphere (analytic
# score, σ = 0.1, the paper's λ = 1000), against the straight line, written as JSON. (The Qt
# window is work in progress and not built by default: see README.)
run: build
	$(BUILD)/bin/geodex-cli geodesic --manifold sphere --sigma 0.1 --lambda 1000 \
	  --from 1,0,0 --to 0,0,1 --points 64 --solver fast --json $(BUILD)/geodesic-default.json
	$(BUILD)/bin/geodex-cli shoot --manifold sphere --sigma 0.1 --lambda 1000 \
	  --from 1,0,0 --velocity 0,0,1.5708 --steps 100 --json $(BUILD)/shoot-default.json
	@echo "Wrote $(BUILD)/geodesic-default.json and $(BUILD)/shoot-default.json"

test: build
	cd $(BUILD) && $(XVFB) ctest --output-on-failure

bench: build
	$(BUILD)/bin/bench_geodesic_solvers

clean:
	rm -rf $(BUILD)
