#!/usr/bin/env bash
# Installs what the SUMO side of the floodevac-vs-SUMO comparison needs (Debian packages):
#   sumo (sumo, netgenerate, duarouter), sumo-tools (sumolib under /usr/share/sumo/tools), python3.
# Idempotent: packages already installed are skipped, and apt-get runs only if something is missing.
# Use:  bash bench/sumo/setup.sh        (root, or sudo available)
# Scripts that run SUMO export SUMO_HOME=/usr/share/sumo themselves.
set -euo pipefail

export SUMO_HOME=/usr/share/sumo

_pkgs=(sumo sumo-tools python3)
_missing=()
for p in "${_pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    _missing+=("$p")
  fi
done

if ((${#_missing[@]})); then
  _sudo=""
  if [[ $(id -u) -ne 0 ]]; then _sudo="sudo"; fi
  echo "setup.sh: installing ${_missing[*]}"
  $_sudo apt-get update
  $_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${_missing[@]}"
else
  echo "setup.sh: sumo, sumo-tools, python3 already installed"
fi

for t in sumo netgenerate duarouter; do
  command -v "$t" >/dev/null || { echo "setup.sh: $t not on PATH after install" >&2; exit 1; }
done
[[ -d "$SUMO_HOME/tools/sumolib" ]] || { echo "setup.sh: $SUMO_HOME/tools/sumolib missing (sumo-tools)" >&2; exit 1; }
echo "setup.sh: SUMO_HOME=$SUMO_HOME ($(sumo --version 2>/dev/null | head -1))"
