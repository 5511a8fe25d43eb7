#!/usr/bin/env python3
"""Runs SUMO's mesoscopic model on the cases made by make_case.py and summarises them.

For each N (sequentially): sumo --mesosim true --time-to-teleport 300 --no-step-log
  -n net.net.xml -r routes.<N>.rou.xml --tripinfo-output tripinfo.<N>.xml
  --statistic-output stats.<N>.xml --duration-log.statistics true [--xml-validation never]
timed with time.perf_counter() around the subprocess (the whole process: loading the 11 MB
network and the routes, simulating, writing tripinfo).

From tripinfo (times in s from scenario start, the departures' origin):
  clearance_s   last arrival
  t50_s, t90_s  time by which ceil(0.5 N) / ceil(0.9 N) of the N vehicles have arrived
                (null if fewer arrived)
  mean_travel_s mean of tripinfo 'duration' (arrival - actual insertion)
  mean_trip_s   mean of arrival - scheduled depart (includes insertion delay)
  teleports     from stats.<N>.xml (<teleports total=.../>), else from the log
Writes <work>/sumo_results.json (atomically) and prints a table.
"""
import argparse
import json
import math
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_WORK = os.path.join(REPO, "bench", "sumo_work")
SUMO_HOME = os.environ.get("SUMO_HOME") or "/usr/share/sumo"
TIME_TO_TELEPORT_S = 300


def arrival_quantile(sorted_arrivals, n_total, p):
    k = math.ceil(p * n_total)
    if k < 1 or k > len(sorted_arrivals):
        return None
    return sorted_arrivals[k - 1]


def read_tripinfo(path):
    arrivals, durations, trips, delays, lengths = [], [], [], [], []
    for _, el in ET.iterparse(path):
        if el.tag == "tripinfo":
            arr = float(el.get("arrival"))
            dep = float(el.get("depart"))
            delay = float(el.get("departDelay", "0"))
            arrivals.append(arr)
            durations.append(float(el.get("duration")))
            trips.append(arr - (dep - delay))
            delays.append(delay)
            lengths.append(float(el.get("routeLength", "nan")))
            el.clear()
    return arrivals, durations, trips, delays, lengths


def read_teleports(stats_path, log_text):
    if os.path.exists(stats_path):
        root = ET.parse(stats_path).getroot()
        tp = root.find("teleports")
        if tp is not None:
            return {k: int(tp.get(k, "0")) for k in ("total", "jam", "yield", "wrongLane")}
    m = re.search(r"Teleports:\s*(\d+)", log_text)
    total = int(m.group(1)) if m else len(re.findall(r"Teleporting vehicle", log_text))
    return {"total": total}


def count_trips(routes_path):
    n = 0
    for _, el in ET.iterparse(routes_path):
        if el.tag == "vehicle":
            n += 1
        el.clear()
    return n


def main():
    ap = argparse.ArgumentParser(description="Run SUMO meso on the comparison cases.")
    ap.add_argument("--work", default=DEFAULT_WORK)
    ap.add_argument("--sizes", default=None,
                    help="comma-separated N (default: those listed in <work>/case.json)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs per N; wall_s is the fastest (default %(default)s)")
    ap.add_argument("--validate", action="store_true",
                    help="keep SUMO's default XML schema validation of the inputs "
                         "(default: --xml-validation never, SUMO's fastest setting)")
    ap.add_argument("--out", default=None, help="default <work>/sumo_results.json")
    args = ap.parse_args()

    work = os.path.abspath(args.work)
    env = dict(os.environ, SUMO_HOME=SUMO_HOME)
    if shutil.which("sumo") is None:
        sys.exit("run_sumo.py: sumo not found; run bash bench/sumo/setup.sh first")
    case_path = os.path.join(work, "case.json")
    if args.sizes:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    elif os.path.exists(case_path):
        with open(case_path) as f:
            sizes = [c["n"] for c in json.load(f)["cases"]]
    else:
        sys.exit(f"run_sumo.py: {case_path} missing; run python3 bench/sumo/make_case.py first")
    net = os.path.join(work, "net.net.xml")
    version = subprocess.run(["sumo", "--version"], capture_output=True, text=True,
                             env=env).stdout.splitlines()[0].strip()

    runs = []
    for n in sizes:
        routes = os.path.join(work, f"routes.{n}.rou.xml")
        for p in (net, routes):
            if not os.path.exists(p):
                sys.exit(f"run_sumo.py: {p} missing; run python3 bench/sumo/make_case.py first")
        tripinfo = os.path.join(work, f"tripinfo.{n}.xml")
        stats = os.path.join(work, f"stats.{n}.xml")
        log_path = os.path.join(work, f"sumo.{n}.log")
        cmd = ["sumo", "--mesosim", "true", "--time-to-teleport", str(TIME_TO_TELEPORT_S),
               "--no-step-log", "-n", net, "-r", routes, "--tripinfo-output", tripinfo,
               "--statistic-output", stats, "--duration-log.statistics", "true"]
        if not args.validate:
            cmd += ["--xml-validation", "never"]
        walls, cpus = [], []
        for _ in range(max(1, args.repeat)):
            for p in (tripinfo, stats):
                if os.path.exists(p):
                    os.remove(p)
            with open(log_path, "w") as log:
                t0 = time.perf_counter()
                c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
                res = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
                walls.append(time.perf_counter() - t0)
                c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpus.append(c1.ru_utime - c0.ru_utime + c1.ru_stime - c0.ru_stime)
            if res.returncode != 0:
                with open(log_path) as f:
                    sys.exit(f"run_sumo.py: sumo failed for N={n} (exit {res.returncode}), "
                             f"log {log_path}:\n{f.read()[-3000:]}")
        with open(log_path) as f:
            log_text = f.read()
        arrivals, durations, trips, delays, lengths = read_tripinfo(tripinfo)
        arrivals.sort()
        loaded = count_trips(routes)
        tele = read_teleports(stats, log_text)
        runs.append({
            "n": n, "loaded": loaded, "arrived": len(arrivals),
            "wall_s": round(min(walls), 3), "wall_all_s": [round(w, 3) for w in walls],
            "cpu_s": round(min(cpus), 3),  # user + system: what a busy machine does not inflate
            "clearance_s": arrivals[-1] if arrivals else None,
            "t50_s": arrival_quantile(arrivals, n, 0.5),
            "t90_s": arrival_quantile(arrivals, n, 0.9),
            "mean_travel_s": round(sum(durations) / len(durations), 2) if durations else None,
            "mean_trip_s": round(sum(trips) / len(trips), 2) if trips else None,
            "mean_depart_delay_s": round(sum(delays) / len(delays), 2) if delays else None,
            "max_depart_delay_s": max(delays) if delays else None,
            "mean_route_length_m": round(sum(lengths) / len(lengths), 1) if lengths else None,
            "teleports": tele["total"], "teleports_detail": tele,
        })
        r = runs[-1]
        print(f"run_sumo.py: N={n}: wall {r['wall_s']:.2f} s, clearance {r['clearance_s']} s, "
              f"arrived {r['arrived']}/{n}, teleports {r['teleports']}", flush=True)

    result = {
        "tool": "sumo", "version": version, "model": "meso",
        "options": {"mesosim": True, "time_to_teleport_s": TIME_TO_TELEPORT_S,
                    "xml_validation": "default" if args.validate else "never",
                    "meso": "SUMO defaults (tau_ff 1.13 s, no junction control)"},
        "host": {"machine": platform.machine(), "cpus": os.cpu_count(),
                 "python": platform.python_version()},
        "time_origin": "scenario start (departure times in trips.<N>.csv)",
        "runs": runs,
    }
    out = args.out or os.path.join(work, "sumo_results.json")
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    os.replace(tmp, out)

    hdr = (f"{'N':>7} {'wall_s':>8} {'clear_s':>8} {'t50_s':>7} {'t90_s':>7} {'travel_s':>9} "
           f"{'trip_s':>8} {'arrived':>8} {'teleports':>9}")
    print(f"\nSUMO {version}, --mesosim (results in {out})")
    print(hdr)
    fmt = lambda v: "-" if v is None else f"{v:.0f}"  # noqa: E731
    for r in runs:
        print(f"{r['n']:>7} {r['wall_s']:>8.2f} {fmt(r['clearance_s']):>8} {fmt(r['t50_s']):>7} "
              f"{fmt(r['t90_s']):>7} {r['mean_travel_s'] or 0:>9.1f} {r['mean_trip_s'] or 0:>8.1f} "
              f"{r['arrived']:>8} {r['teleports']:>9}")


if __name__ == "__main__":
    main()
