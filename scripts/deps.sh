#!/usr/bin/env bash
# Installs the Debian 12 packages convscope needs, only those missing: the
# build's (compiler, CMake, the -dev packages CMakeLists.txt finds), the Mesa
# drivers the GPU and GUI tests run on, fonts, GoogleTest and xvfb-run. Stb
# decodes GIF and deflates PNG itself (no libgif); zlib1g-dev gunzips the
# Fashion-MNIST IDX files that dataset-fashion-mnist installs in
# /usr/share/datasets/fashion-mnist (the network's data, and an io test's);
# libgtest-dev pulls googletest; bench/ wants libopencv-dev, which is optional
# and not here, as is python3-torch (tools/safetensors_torch.py, the round trip
# test reports when it is missing).
# libopenblas-dev: the ConvNet's training GEMMs (core/convnet_kernels.cpp).
# Sourced by run.sh and test.sh; safe to run on its own.
set -euo pipefail

CONVSCOPE_PACKAGES=(
  build-essential cmake pkg-config
  libimgui-dev libglfw3-dev libepoxy-dev libegl-dev libegl-mesa0 libgl1-mesa-dri libglx-mesa0
  libstb-dev libspng-dev libjpeg62-turbo-dev nlohmann-json3-dev libcli11-dev
  zlib1g-dev dataset-fashion-mnist
  fonts-dejavu-core
  libopenblas-dev
  libgtest-dev xvfb xauth
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
