#!/usr/bin/env bash
# Installs the Debian 12 packages convscope needs, only those missing: the
# build's (compiler, CMake, the -dev packages CMakeLists.txt finds), the Mesa
# drivers the GPU and GUI tests run on, fonts, GoogleTest, xvfb-run and the
# Tesseract OCR the gui tests read screenshots with (tests/gui/test_ocr_gui.cpp). Stb
# decodes GIF and deflates PNG itself; libgif-dev (giflib) writes the animated
# GIFs of `convscope render` (io/gif_writer.cpp); zlib1g-dev gunzips the
# Fashion-MNIST IDX files that dataset-fashion-mnist installs in
# /usr/share/datasets/fashion-mnist (the network's data, and an io test's);
# libgtest-dev pulls googletest; python3-torch, python3-numpy and python3-scipy
# let the tests check against PyTorch itself (the safetensors round trip
# through tools/safetensors_torch.py, the exported code snippets); bench/ wants
# python3-opencv, which is optional and not here.
# libopenblas-dev: the ConvNet's training GEMMs (core/convnet_kernels.cpp).
# Sourced by run.sh and test.sh; safe to run on its own.
set -euo pipefail

CONVSCOPE_PACKAGES=(
  build-essential cmake pkg-config
  libimgui-dev libglfw3-dev libepoxy-dev libegl-dev libegl-mesa0 libgl1-mesa-dri libglx-mesa0
  libstb-dev libspng-dev libjpeg62-turbo-dev nlohmann-json3-dev libcli11-dev libhwy-dev
  zlib1g-dev libgif-dev dataset-fashion-mnist
  fonts-dejavu-core
  libopenblas-dev
  libgtest-dev xvfb xauth
  python3-torch python3-numpy python3-scipy
  tesseract-ocr tesseract-ocr-eng
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
