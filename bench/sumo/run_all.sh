#!/usr/bin/env bash
# End-to-end floodevac-vs-SUMO comparison (see bench/sumo/README.md):
#   1. setup.sh        installs sumo, sumo-tools, python3 (apt, skipped when present)
#   2. make_case.py    grid network, shelters and trips for N = 5000, 20000, 50000
#   3. run_sumo.py     SUMO meso runs -> bench/sumo_work/sumo_results.json
#   4. floodevac       build/bench/bench_sumo_compare bench/sumo_work (if built)
#                      -> bench/sumo_work/floodevac_results.json
#   5. compare.py      side-by-side table (only when step 4 ran)
# Environment: WORK (default bench/sumo_work), SIZES (e.g. 5000,20000), REPEAT (SUMO runs per N,
# fastest kept; default 1), FLOODEVAC_BIN (default build/bench/bench_sumo_compare).
set -euo pipefail
cd "$(dirname "$0")/../.."
export SUMO_HOME=/usr/share/sumo
WORK=${WORK:-bench/sumo_work}
REPEAT=${REPEAT:-1}
FLOODEVAC_BIN=${FLOODEVAC_BIN:-build/bench/bench_sumo_compare}
size_args=()
[[ -n "${SIZES:-}" ]] && size_args=(--sizes "$SIZES")

bash bench/sumo/setup.sh
python3 bench/sumo/make_case.py --work "$WORK" "${size_args[@]}"
python3 bench/sumo/run_sumo.py --work "$WORK" --repeat "$REPEAT" "${size_args[@]}"

if [[ ! -x "$FLOODEVAC_BIN" ]]; then
  echo "run_all.sh: $FLOODEVAC_BIN not built; SUMO side done ($WORK/sumo_results.json)," \
       "comparison skipped. Build it (cmake --build build --target bench_sumo_compare) and rerun."
  exit 0
fi
# Contract: the program takes the case directory, reads roads.geojson, shelters.geojson and
# trips.<N>.csv there, and writes its JSON to <case>/floodevac_results.json or to stdout.
rm -f "$WORK/floodevac_results.json"
echo "run_all.sh: $FLOODEVAC_BIN $WORK"
"$FLOODEVAC_BIN" "$WORK" > "$WORK/floodevac_stdout.txt"
if [[ ! -s "$WORK/floodevac_results.json" ]]; then
  cp "$WORK/floodevac_stdout.txt" "$WORK/floodevac_results.json"
fi
python3 bench/sumo/compare.py --sumo "$WORK/sumo_results.json" \
  --floodevac "$WORK/floodevac_results.json" --out "$WORK/compare.json"
# 6. The whole process through the CLI: `floodevac run` on an evacuation-only scenario of the
#    same trips vs SUMO's wall time (SUMO run again in the same invocation).
if [[ -x build/floodevac ]]; then
  python3 bench/sumo/compare_cli.py --work "$WORK" --run-sumo --repeat "$REPEAT" "${size_args[@]}"
fi
