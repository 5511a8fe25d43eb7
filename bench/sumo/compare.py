#!/usr/bin/env python3
"""Side-by-side comparison of floodevac and SUMO meso on the same trips.

Inputs (both JSON):
  --sumo       bench/sumo_work/sumo_results.json (written by run_sumo.py)
  --floodevac  bench/sumo_work/floodevac_results.json (written by build/bench/bench_sumo_compare)
Each may be {"runs": [run, ...], ...}, a list of runs, a single run object, or JSON lines
(one run object per line; other lines are ignored).  A run has at least
  n, wall_s, clearance_s, t50_s, t90_s
(seconds; clearance/t50/t90 measured from the scenario start, i.e. the departure times of
trips.<N>.csv).  Runs are matched by n.  floodevac may give several runs per n, told apart by
an optional "routing" key ("sumo_routes": SUMO's duarouter routes driven by floodevac,
"congestion_aware": floodevac's own routing); each becomes one row beside the same SUMO run.

Prints per N: both wall times and the speed ratio SUMO wall / floodevac wall (> 1: floodevac
is faster), and clearance/t50/t90 of both with the relative difference
(floodevac - SUMO) / SUMO.  Writes the same to --out (default bench/sumo_work/compare.json).
Exit status: 0 ok; 2 an input is missing or unreadable; 3 no N in common.
"""
import argparse
import json
import os
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WORK = os.path.join(REPO, "bench", "sumo_work")
KEYS = ("n", "wall_s", "clearance_s", "t50_s", "t90_s")


def fail(msg, code=2):
    print(f"compare.py: {msg}", file=sys.stderr)
    sys.exit(code)


def load_runs(path, what, hint):
    if not os.path.exists(path):
        fail(f"{what} results {path} not found; {hint}")
    with open(path) as f:
        text = f.read()
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = []
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("{"):
                try:
                    data.append(json.loads(line))
                except json.JSONDecodeError:
                    pass
        if not data:
            fail(f"{what} results {path} is not JSON (nor JSON lines); {hint}")
    if isinstance(data, dict):
        data = data.get("runs", [data])
    if not isinstance(data, list):
        fail(f"{what} results {path}: expected a run, a list of runs or {{\"runs\": [...]}}")
    runs = {}  # n -> [run, ...] (one per routing; a repeated routing replaces the earlier run)
    for r in data:
        if not isinstance(r, dict) or "n" not in r:
            continue
        missing = [k for k in KEYS if k not in r]
        if missing:
            fail(f"{what} results {path}: run n={r.get('n')} lacks {', '.join(missing)}")
        same = [x for x in runs.get(int(r["n"]), []) if x.get("routing") != r.get("routing")]
        runs[int(r["n"])] = same + [r]
    if not runs:
        fail(f"{what} results {path} has no run with the keys {', '.join(KEYS)}")
    return runs


def rel(a, b):
    """(a - b) / b, None when undefined."""
    if a is None or b is None or b == 0:
        return None
    return (float(a) - float(b)) / float(b)


def main():
    ap = argparse.ArgumentParser(description="Compare floodevac with SUMO meso.")
    ap.add_argument("--sumo", default=os.path.join(WORK, "sumo_results.json"))
    ap.add_argument("--floodevac", default=os.path.join(WORK, "floodevac_results.json"))
    ap.add_argument("--out", default=os.path.join(WORK, "compare.json"))
    args = ap.parse_args()

    sumo = load_runs(args.sumo, "SUMO", "run python3 bench/sumo/run_sumo.py "
                     "(or bash bench/sumo/run_all.sh)")
    fe = load_runs(args.floodevac, "floodevac",
                   "build build/bench/bench_sumo_compare and run bash bench/sumo/run_all.sh")
    common = sorted(set(sumo) & set(fe))
    if not common:
        fail(f"no N in common: SUMO has {sorted(sumo)}, floodevac has {sorted(fe)}", 3)

    rows = []
    for n in common:
        s = sumo[n][-1]
        for f in fe[n]:
            row = {"n": n, "routing": f.get("routing", "-"), "sumo_wall_s": s["wall_s"],
                   "floodevac_wall_s": f["wall_s"],
                   "speed_ratio": (s["wall_s"] / f["wall_s"]) if f["wall_s"] else None}
            for k in ("clearance_s", "t50_s", "t90_s"):
                row[f"sumo_{k}"] = s[k]
                row[f"floodevac_{k}"] = f[k]
                row[f"rel_diff_{k[:-2]}"] = rel(f[k], s[k])
            rows.append(row)

    pct = lambda v: "    -" if v is None else f"{100 * v:+6.1f}%"  # noqa: E731
    num = lambda v, w=6: f"{'-':>{w}}" if v is None else f"{v:>{w}.0f}"  # noqa: E731
    print("floodevac vs SUMO meso (same trips; times in s from scenario start; "
          "diff = (floodevac - SUMO) / SUMO)")
    print(f"{'N':>6} {'fe routing':>16} | {'SUMO wall':>9} {'fe wall':>8} {'ratio':>7} | "
          f"{'clear SUMO/fe':>13} {'diff':>7} | {'t50 SUMO/fe':>13} {'diff':>7} | "
          f"{'t90 SUMO/fe':>13} {'diff':>7}")
    for r in rows:
        ratio = "-" if r["speed_ratio"] is None else f"{r['speed_ratio']:.1f}x"
        print(f"{r['n']:>6} {r['routing']:>16} | {r['sumo_wall_s']:>9.2f} {r['floodevac_wall_s']:>8.3f} {ratio:>7} | "
              f"{num(r['sumo_clearance_s'])}/{num(r['floodevac_clearance_s'])} "
              f"{pct(r['rel_diff_clearance'])} | "
              f"{num(r['sumo_t50_s'])}/{num(r['floodevac_t50_s'])} {pct(r['rel_diff_t50'])} | "
              f"{num(r['sumo_t90_s'])}/{num(r['floodevac_t90_s'])} {pct(r['rel_diff_t90'])}")
    only = sorted(set(sumo) ^ set(fe))
    if only:
        print(f"(N present in only one input, not compared: {only})")
    if args.out:
        tmp = args.out + ".tmp"
        with open(tmp, "w") as fh:
            json.dump({"sumo": os.path.abspath(args.sumo),
                       "floodevac": os.path.abspath(args.floodevac), "rows": rows}, fh, indent=1)
            fh.write("\n")
        os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
