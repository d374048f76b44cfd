#!/usr/bin/env bash
# Installs the Debian 12 packages convscope needs, only those missing.
# Sourced by run.sh and test.sh; safe to run on its own.
set -euo pipefail

CONVSCOPE_PACKAGES=(
  build-essential cmake pkg-config
  libimgui-dev libglfw3-dev libepoxy-dev libegl-dev libegl-mesa0 libgl1-mesa-dri libglx-mesa0
  libglm-dev libstb-dev nlohmann-json3-dev libcli11-dev libgif-dev zlib1g-dev
  fonts-dejavu-core
  googletest libgtest-dev libbenchmark-dev xvfb xauth
  clang libclang-rt-14-dev
)

missing=()
for p in "${CONVSCOPE_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "convscope: installing missing packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
