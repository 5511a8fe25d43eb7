#!/usr/bin/env bash
# Installs every Debian 12 package floodevac needs to build, test and run.
# Idempotent: does nothing (and needs no network) when all are present.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config
  libgdal-dev gdal-bin libgeos-dev libproj-dev proj-bin
  libeigen3-dev libgtest-dev libgmock-dev libbenchmark-dev
  libyaml-cpp-dev nlohmann-json3-dev libvalijson-dev libcli11-dev libspdlog-dev libfmt-dev
  libosmium2-dev libprotozero-dev zlib1g-dev libbz2-dev libexpat1-dev libssl-dev
  python3
  clang libclang-rt-14-dev libomp-dev  # the libFuzzer build of .ci/run-fuzz (libFuzzer + sanitizer runtimes, clang's OpenMP)
  python-osmnx-doc  # its West-Oakland.osm.bz2 (ODbL) is the real OSM extract of tests/gis/vector/test_real_extract.cpp
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
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
