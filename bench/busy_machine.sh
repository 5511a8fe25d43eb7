#!/usr/bin/env bash
# A run with more threads than free cores must degrade gracefully: the same case alone and
# beside a busy process (`yes > /dev/null`, one core), at -j 1 and -j 2, with floodevac's
# bounded OpenMP spinning (the default, see app/omp_wait.hpp) and with libgomp's own default
# (FLOODEVAC_OMP_WAIT=keep). Prints wall times and the ratio -j 2 / -j 1 in each setting
# (the target: -j 2 beside a busy process no slower than -j 1 beside it, ratio <= 1).
#
#   bash bench/busy_machine.sh [case ...]
#
# Cases: evac50k (the 50 000-vehicle SUMO case, evacuation only; needs bench/sumo's case in
# $WORK, default bench/sumo_work: python3 bench/sumo/make_case.py --sizes 50000), flood (the
# bundled flood-only scenario, first 2 h: the flood kernel's check). Default: both.
# Environment: FLOODEVAC_BIN (default build/floodevac), WORK, REPEAT (runs per setting, the
# fastest kept; default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${FLOODEVAC_BIN:-build/floodevac}
WORK=${WORK:-bench/sumo_work}
REPEAT=${REPEAT:-1}
cases=("$@")
[[ ${#cases[@]} -eq 0 ]] && cases=(evac50k flood)
tmp=$(mktemp -d /tmp/busy.XXXX)
busy_pid=""
cleanup() { [[ -n "$busy_pid" ]] && kill "$busy_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

scenario_args() {
  case "$1" in
    evac50k)
      [[ -f "$WORK/trips.50000.csv" ]] || { echo "busy_machine.sh: no $WORK/trips.50000.csv; run python3 bench/sumo/make_case.py --work $WORK --sizes 50000" >&2; exit 2; }
      [[ -f "$WORK/evac_only.50000.yaml" ]] || python3 bench/sumo/compare_cli.py --work "$WORK" --sizes 50000 >/dev/null
      echo "$WORK/evac_only.50000.yaml" ;;
    flood) echo "scenarios/flood_only.yaml --set time.duration_s=7200" ;;
    *) echo "busy_machine.sh: unknown case $1 (evac50k, flood)" >&2; exit 2 ;;
  esac
}

# wall seconds of the fastest of REPEAT runs
timed() {
  local best="" t
  for _ in $(seq "$REPEAT"); do
    local s=$(date +%s.%N)
    "$@" > /dev/null 2>&1 || { echo "busy_machine.sh: run failed: $*" >&2; exit 1; }
    t=$(echo "$(date +%s.%N) - $s" | bc)
    if [[ -z "$best" ]] || (( $(echo "$t < $best" | bc) )); then best=$t; fi
  done
  echo "$best"
}

printf "%-8s %-8s %-6s %9s %9s %10s\n" case load spin "j1_s" "j2_s" "j2/j1"
for c in "${cases[@]}"; do
  read -r -a args <<< "$(scenario_args "$c")"
  for load in alone busy; do
    if [[ $load == busy ]]; then yes > /dev/null & busy_pid=$!; fi
    for spin in bounded libgomp; do
      envs=(); [[ $spin == libgomp ]] && envs=(FLOODEVAC_OMP_WAIT=keep)
      j1=$(timed env "${envs[@]}" "$BIN" run "${args[@]}" -o "$tmp/o" --overwrite --progress none -j 1)
      j2=$(timed env "${envs[@]}" "$BIN" run "${args[@]}" -o "$tmp/o" --overwrite --progress none -j 2)
      printf "%-8s %-8s %-6s %9.2f %9.2f %10.2f\n" "$c" "$load" "${spin:0:6}" "$j1" "$j2" "$(echo "$j2 / $j1" | bc -l)"
    done
    if [[ -n "$busy_pid" ]]; then kill "$busy_pid"; wait "$busy_pid" 2>/dev/null || true; busy_pid=""; fi
  done
done
