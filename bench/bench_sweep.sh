#!/bin/bash
# Sweep throughput (a benchmark, not a test): members per minute with one
# process (one member at a time, all threads) and with two (two members at
# once, one thread each), optionally under mpirun -np 2, and the serial part
# of a sweep (sweep file + base scenario + folder before the members; summary,
# ensemble maps and report after) for the scaling model of docs/sweeps.md.
#   bash bench/bench_sweep.sh [SWEEP.yaml] [N members] [extra --set ...]
# e.g. bash bench/bench_sweep.sh scenarios/sweep_default.yaml 4 --set time.duration_s=93600
set -euo pipefail
cd "$(dirname "$0")/.."
exe=${FLOODEVAC:-build/floodevac}
sweep=${1:-scenarios/sweep_default.yaml}
n=${2:-4}
shift 2 || true
out=${BENCH_OUT:-/tmp/floodevac_bench_sweep}
mkdir -p "$out"
cores=$(nproc)

half=$((cores / 2 > 0 ? cores / 2 : 1))
extras=("$@")
run() {  # name, launcher prefix (may be empty), then the sweep options
  local name=$1 launcher=$2
  shift 2
  $launcher "$exe" sweep "$sweep" -o "$out/$name" --restart --limit "$n" "$@" "${extras[@]}" \
    >"$out/$name.log" 2>&1 || true
}
run one "" --jobs 1 -j "$cores"
run two "" --jobs 2 -j "$half"
if [ -n "${BENCH_MPI:-}" ] && command -v mpirun >/dev/null; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  run mpi "mpirun -np 2 --oversubscribe" -j "$half"
fi

python3 - "$out" "$n" <<'PY'
import json, os, re, sys
out, n = sys.argv[1], int(sys.argv[2])
def phases(name):
    log = open(os.path.join(out, name + ".log")).read()
    m = re.search(r"phases: prepare ([\d.]+) s .*members ([\d.]+) s, results ([\d.]+) s", log)
    if not m:
        return None
    st = json.load(open(os.path.join(out, name, "status.json")))["members"]
    done = [s for s in st if s["state"] == "complete"]
    reads = []
    for s in done:
        man = json.load(open(os.path.join(out, name, "members", s["id"], "manifest.json")))
        reads.append((man["timings_s"].get("read_inputs", 0), man["timings_s"]["total"]))
    return [float(x) for x in m.groups()] + [len(done), reads]
rows = {}
for name in ("one", "two", "mpi"):
    if os.path.exists(os.path.join(out, name + ".log")):
        p = phases(name)
        if p:
            rows[name] = p
for name, (prep, mem, res, done, reads) in rows.items():
    wall = prep + mem + res
    print(f"{name}: {done} members in {wall:.1f} s: {60 * done / mem:.2f} members/min in the member "
          f"phase, {60 * done / wall:.2f} over the whole sweep; prepare {prep:.2f} s, results {res:.2f} s")
if "one" in rows:
    prep, mem, res, done, reads = rows["one"]
    wall = prep + mem + res
    f = (prep + res) / wall
    rd = sum(r for r, _ in reads) / max(1, sum(t for _, t in reads))
    print(f"serial fraction of the one-process sweep (prepare + results) / wall = {f:.4f}")
    print(f"reading inputs inside the members: {100 * rd:.1f} % of member time "
          "(parallel, but repeated by every member)")
    for nodes in (1, 2, 4, 8, 16, 64):
        print(f"  Amdahl speed-up on {nodes:3d} nodes: {1 / (f + (1 - f) / nodes):6.2f}")
if "one" in rows and "two" in rows:
    print(f"two processes / one process, members per minute: "
          f"{(rows['two'][3] / rows['two'][1]) / (rows['one'][3] / rows['one'][1]):.2f}")
PY
