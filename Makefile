# Two commands for a newcomer on Debian 12 (as root or with sudo):
#   make run    installs what is missing, builds, starts geodex on the embedded default (sphere)
#   make test   installs what is missing, builds, runs every test (windows under xvfb-run)
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

# With a display the window opens; without one (ssh, CI) geodex renders the default scene
# offscreen to $(BUILD)/geodex-default.png and the CLI computes the default geodesic.
run: build
	@if [ -n "$$DISPLAY" ] || [ -n "$$WAYLAND_DISPLAY" ]; then \
	  $(BUILD)/bin/geodex; \
	else \
	  echo "No display: rendering the default scene to $(BUILD)/geodex-default.png"; \
	  $(XVFB) $(BUILD)/bin/geodex --screenshot $(BUILD)/geodex-default.png && \
	  $(BUILD)/bin/geodex-cli geodesic --manifold sphere --sigma 0.1 --lambda 1000 \
	    --from 1,0,0 --to 0,0,1 --points 64 --json $(BUILD)/geodesic-default.json && \
	  echo "Wrote $(BUILD)/geodex-default.png and $(BUILD)/geodesic-default.json"; \
	fi

test: build
	cd $(BUILD) && $(XVFB) ctest --output-on-failure

bench: build
	$(BUILD)/bin/bench_geodesic_solvers

clean:
	rm -rf $(BUILD)
