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
  liblemon-dev coinor-libcbc-dev  # min-cost flow (assignment) and the MIP solver (shelter siting)
  libopenmpi-dev openmpi-bin  # sweeps across ranks under mpirun (optional at build time)
  chromium  # the real browser of the browser tests (driven by playwright-core from viz/web)
)
# node and npm: Debian's, unless a node with npm is already there (NodeSource's nodejs
# carries its own npm and conflicts with Debian's npm package).
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
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# The npm parts (MapLibre GL JS, deck.gl, playwright-core) at the versions of viz/web/package-lock.json.
bash "$(dirname "$0")/install-web.sh"
