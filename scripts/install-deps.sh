#!/usr/bin/env bash
# Installs the Debian packages geodex needs; skips everything already present (idempotent).
set -euo pipefail
packages=(
  cmake make g++ pkg-config
  qt6-base-dev libqt6opengl6-dev qt6-charts-dev
  libvtk9-dev libtorch-dev libopencv-dev libeigen3-dev
  nlohmann-json3-dev libcli11-dev libbenchmark-dev
  xvfb xauth libgl1-mesa-dri libglx-mesa0 mesa-utils
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
