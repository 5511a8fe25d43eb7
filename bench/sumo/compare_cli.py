#!/usr/bin/env python3
"""Whole-process comparison: `floodevac run` on an evacuation-only scenario vs `sumo --mesosim`.

What a user times is the whole process: SUMO's wall time covers loading its network and
routes, simulating and writing tripinfo; here floodevac's covers the same for the CLI:
reading the roads, shelters and trip table, simulating until everybody has arrived (the run
ends then, see the evacuation-only scenario in docs), and writing every output (GeoJSON, CSV,
summary, report, manifest). Both tools use their own routing (SUMO: the duarouter routes made
by make_case.py; floodevac: its congestion-aware trees; for the flow model alone on identical
paths see bench_sumo_compare).

  python3 bench/sumo/compare_cli.py --work bench/sumo_work [--run-sumo] [--threads 2]

--run-sumo runs bench/sumo/run_sumo.py first, in this same invocation (so both wall times are
measured on the same machine state); without it sumo_results.json must exist in --work.
Prints a table and writes <work>/compare_cli.json.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

SCENARIO = """# written by bench/sumo/compare_cli.py: the SUMO case's trips, evacuation only
name: sumo-case-{n}
crs: EPSG:{epsg}
seed: 1
time: {{duration_s: 28800, output_interval_s: 1800, coupling_interval_s: 300}}
evacuation:
  roads: {{file: roads.geojson}}
  shelters: {{file: shelters.geojson, capacity_field: capacity, max_snap_m: 50}}
  demand: {{trips_csv: trips.{n}.csv}}
outputs: {{compression: DEFLATE}}
"""


def run_floodevac(exe, work, n, epsg, threads, repeat):
    sc = os.path.join(work, f"evac_only.{n}.yaml")
    with open(sc, "w") as f:
        f.write(SCENARIO.format(n=n, epsg=epsg))
    out = os.path.join(work, f"cli_out.{n}")
    walls, cpus = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        p = subprocess.run([exe, "run", sc, "-o", out, "--overwrite", "--progress", "none", "-j", str(threads)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        walls.append(time.perf_counter() - t0)
        c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(c1.ru_utime - c0.ru_utime + c1.ru_stime - c0.ru_stime)
        if p.returncode != 0:
            sys.exit(f"compare_cli.py: floodevac run failed ({p.returncode}):\n{p.stderr[-2000:]}")
    m = json.load(open(os.path.join(out, "manifest.json")))
    ev = m["evacuation"]
    return {"n": n, "wall_s": min(walls), "wall_all_s": walls, "cpu_s": min(cpus), "threads": threads,
            "clearance_s": ev["clearance_s"], "t50_s": ev["t50_s"], "t90_s": ev["t90_s"],
            "sheltered": ev["sheltered"], "ended": m.get("ended"),
            "timings_s": m.get("timings_s")}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", default=os.path.join(ROOT, "bench", "sumo_work"))
    ap.add_argument("--floodevac", default=os.path.join(ROOT, "build", "floodevac"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1, help="runs per tool and N (fastest kept)")
    ap.add_argument("--sizes", default="", help="e.g. 50000 (default: all in case.json)")
    ap.add_argument("--run-sumo", action="store_true", help="run SUMO first, in this invocation")
    a = ap.parse_args()
    case = json.load(open(os.path.join(a.work, "case.json")))
    sizes = [int(s) for s in a.sizes.split(",") if s] or [c["n"] for c in case["cases"]]
    if a.run_sumo:
        subprocess.run([sys.executable, os.path.join(HERE, "run_sumo.py"), "--work", a.work,
                        "--repeat", str(a.repeat), "--sizes", ",".join(map(str, sizes))],
                       check=True, stdout=sys.stderr)
    sumo = {r["n"]: r for r in json.load(open(os.path.join(a.work, "sumo_results.json")))["runs"]}
    rows = []
    print(f"{'N':>7} {'sumo_s':>8} {'floodevac_s':>11} {'ratio':>7} {'cpu ratio':>9}"
          "   clearance  t50  t90 (sumo / floodevac)")
    for n in sizes:
        if n not in sumo:
            print(f"{n:>7}  no SUMO run")
            continue
        fe = run_floodevac(a.floodevac, a.work, n, case.get("epsg", 32651), a.threads, a.repeat)
        s = sumo[n]
        ratio = s["wall_s"] / fe["wall_s"]
        cpu_ratio = s["cpu_s"] / fe["cpu_s"] if s.get("cpu_s") and fe["cpu_s"] > 0 else float("nan")
        rows.append({"n": n, "sumo": s, "floodevac": fe, "ratio": ratio, "cpu_ratio": cpu_ratio})
        print(f"{n:>7} {s['wall_s']:>8.2f} {fe['wall_s']:>11.3f} {ratio:>6.1f}x {cpu_ratio:>8.1f}x   "
              f"{s['clearance_s']:.0f}/{fe['clearance_s']:.0f} {s['t50_s']:.0f}/{fe['t50_s']:.0f} "
              f"{s['t90_s']:.0f}/{fe['t90_s']:.0f}")
    json.dump({"rows": rows}, open(os.path.join(a.work, "compare_cli.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
