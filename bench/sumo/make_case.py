#!/usr/bin/env python3
"""Builds the floodevac-vs-SUMO comparison case (one network, three demand sizes).

Everything is generated into a work directory (default: bench/sumo_work/, git-ignored):

  net.net.xml            SUMO grid network (netgenerate, 30x30 nodes, 200 m blocks,
                         2 lanes per direction, 13.89 m/s): 900 nodes, 3480 directed edges
  roads.geojson          the same 3480 directed edges for floodevac (LineStrings, EPSG:32651)
  shelters.geojson       the 3 destination shelters (Points, EPSG:32651)
  trips.<N>.xml          SUMO trips (fromJunction/toJunction, one vType "car")
  routes.<N>.rou.xml     duarouter output (fastest paths in the empty network)
  trips.<N>.csv          the same trips for floodevac: id,depart_s,x,y,shelter,mode
  case.json              what was generated (seed, shelters, offsets, sizes, checks)

Case definition (fixed, deterministic):
  * Coordinates: the network's own metric coordinates (0..5800 m) shifted by
    (+300000, +3300000) and labelled EPSG:32651 (UTM 51N, which puts the grid near 29.8 N
    120.9 E).  floodevac_x = sumo_x + 300000, floodevac_y = sumo_y + 3300000.
  * Shelters: the junctions at grid positions (column, row) = (5, 24), (24, 20), (14, 4),
    i.e. SUMO coordinates (1000, 4800) = S1, (4800, 4000) = S2, (2800, 800) = S3.
  * Origins: for each vehicle an edge drawn uniformly from the 3480 edges whose from-node is
    not a shelter; the origin is that edge's from-node (floodevac: its x,y; SUMO:
    fromJunction, so both start at the same junction and may leave it by any edge).
  * Destination: the shelter nearest to the origin junction by straight-line distance
    (ties: lower shelter index).  SUMO: toJunction = the shelter junction.
  * Departures: logistic curve, t50 = 1800 s, scale 400 s, restricted to [0, 5400] s by
    inverse-CDF sampling of u ~ U(F(0), F(5400)); rounded to whole seconds (SUMO's 1 s step
    inserts a vehicle at the first step >= depart, so integer times mean the same instant in
    both models); vehicles are sorted by departure (then draw order) and named v000000...
  * Random numbers: random.Random(seed + N) using only .random() (stable across Python 3
    versions); default seed 20240.
  * SUMO vType "car": length 5 m, minGap 2.5 m, speedFactor 1, speedDev 0 (everyone drives
    at the speed limit, as floodevac's free-flow speed).
"""
import argparse
import csv
import json
import math
import os
import random
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

SUMO_HOME = os.environ.get("SUMO_HOME") or "/usr/share/sumo"
os.environ["SUMO_HOME"] = SUMO_HOME
sys.path.insert(0, os.path.join(SUMO_HOME, "tools"))

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_WORK = os.path.join(REPO, "bench", "sumo_work")

GRID_NUMBER = 30
GRID_LENGTH_M = 200.0
LANES = 2
SPEED_MPS = 13.89          # = 50 km/h
X_OFFSET_M = 300000.0      # floodevac x = SUMO x + X_OFFSET_M
Y_OFFSET_M = 3300000.0     # floodevac y = SUMO y + Y_OFFSET_M
EPSG = 32651
# (column, row) of the shelter junctions on the 30x30 grid; SUMO coordinates = 200 m * index.
SHELTER_GRID = [("S1", 5, 24), ("S2", 24, 20), ("S3", 14, 4)]
SHELTER_CAPACITY = 10_000_000
T50_S, SCALE_S, T_MIN_S, T_MAX_S = 1800.0, 400.0, 0.0, 5400.0
DEFAULT_SIZES = [5000, 20000, 50000]
DEFAULT_SEED = 20240
VEH_LENGTH_M, VEH_MINGAP_M = 5.0, 2.5
# SUMO meso defaults (sumo --help: --meso-tauff 1.13).  MESO's free-flow headway on an edge is
# (tau_ff + (length + minGap) / speed) / lanes (Eissfeldt 2004, as used by SUMO's MESegment), so
# the capacity of one direction is lanes * 3600 / (tau_ff + 7.5 m / 13.89 m/s) ~ 4312 veh/h.
MESO_TAU_FF_S = 1.13


def run(cmd, log_path):
    with open(log_path, "w") as log:
        res = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT)
    if res.returncode != 0:
        with open(log_path) as f:
            tail = f.read()[-3000:]
        sys.exit(f"make_case.py: {' '.join(cmd)} failed (exit {res.returncode}); log {log_path}:\n{tail}")


def logistic_cdf(t):
    return 1.0 / (1.0 + math.exp(-(t - T50_S) / SCALE_S))


def sample_departures(rng, n):
    lo, hi = logistic_cdf(T_MIN_S), logistic_cdf(T_MAX_S)
    out = []
    for _ in range(n):
        u = lo + (hi - lo) * rng.random()
        u = min(max(u, 1e-12), 1 - 1e-12)
        t = T50_S + SCALE_S * math.log(u / (1.0 - u))
        out.append(float(min(max(round(t), T_MIN_S), T_MAX_S)))
    return out


def write_atomic(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", newline="") as f:
        f.write(text)
    os.replace(tmp, path)


def build_net(work):
    net_path = os.path.join(work, "net.net.xml")
    if not os.path.exists(net_path):
        tmp = os.path.join(work, "net.tmp.net.xml")
        run(["netgenerate", "--grid", "--grid.number", str(GRID_NUMBER), "--grid.length",
             str(int(GRID_LENGTH_M)), "-L", str(LANES), "-S", str(SPEED_MPS), "-o", tmp],
            os.path.join(work, "netgenerate.log"))
        os.replace(tmp, net_path)
    return net_path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", default=DEFAULT_WORK, help="output directory (default %(default)s)")
    ap.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                    help="comma-separated vehicle counts (default %(default)s)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    for tool in ("netgenerate", "duarouter"):
        if shutil.which(tool) is None:
            sys.exit(f"make_case.py: {tool} not found; run bash bench/sumo/setup.sh first")
    try:
        import sumolib  # noqa: F401  (from $SUMO_HOME/tools, package sumo-tools)
    except ImportError:
        sys.exit(f"make_case.py: sumolib not found under {SUMO_HOME}/tools; install sumo-tools "
                 "(bash bench/sumo/setup.sh)")
    import sumolib

    net_path = build_net(work)
    net = sumolib.net.readNet(net_path)
    edges = sorted((e for e in net.getEdges() if e.getFunction() != "internal"),
                   key=lambda e: e.getID())
    if len(edges) != 3480:
        sys.exit(f"make_case.py: expected 3480 edges in {net_path}, found {len(edges)}")

    # --- shelters -------------------------------------------------------------------------
    by_coord = {(round(n.getCoord()[0]), round(n.getCoord()[1])): n for n in net.getNodes()}
    shelters = []
    for sid, col, row in SHELTER_GRID:
        key = (round(col * GRID_LENGTH_M), round(row * GRID_LENGTH_M))
        node = by_coord.get(key)
        if node is None:
            sys.exit(f"make_case.py: no junction at {key} for shelter {sid}")
        shelters.append({"id": sid, "node": node.getID(), "sumo_x": key[0], "sumo_y": key[1],
                         "x": key[0] + X_OFFSET_M, "y": key[1] + Y_OFFSET_M,
                         "incoming_edges": sorted(e.getID() for e in node.getIncoming())})
    shelter_nodes = {s["node"] for s in shelters}

    # --- roads.geojson --------------------------------------------------------------------
    capacity_veh_h = round(LANES * 3600.0 / (MESO_TAU_FF_S + (VEH_LENGTH_M + VEH_MINGAP_M) / SPEED_MPS))
    feats = []
    for e in edges:
        a, b = e.getFromNode(), e.getToNode()
        (ax, ay), (bx, by) = a.getCoord(), b.getCoord()
        feats.append({
            "type": "Feature",
            "properties": {
                "id": e.getID(), "from": a.getID(), "to": b.getID(),
                "highway": "primary", "lanes": e.getLaneNumber(), "maxspeed": 50,
                "oneway": "yes", "capacity": capacity_veh_h,
                "sumo_length_m": round(e.getLength(), 2), "sumo_speed_mps": e.getSpeed(),
            },
            "geometry": {"type": "LineString", "coordinates": [
                [ax + X_OFFSET_M, ay + Y_OFFSET_M], [bx + X_OFFSET_M, by + Y_OFFSET_M]]},
        })
    crs = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{EPSG}"}}
    write_atomic(os.path.join(work, "roads.geojson"), json.dumps(
        {"type": "FeatureCollection", "name": "roads", "crs": crs, "features": feats},
        separators=(",", ":")) + "\n")
    write_atomic(os.path.join(work, "shelters.geojson"), json.dumps({
        "type": "FeatureCollection", "name": "shelters", "crs": crs,
        "features": [{"type": "Feature",
                      "properties": {"id": s["id"], "name": f"shelter {s['id']} (junction {s['node']})",
                                     "capacity": SHELTER_CAPACITY, "sumo_node": s["node"]},
                      "geometry": {"type": "Point", "coordinates": [s["x"], s["y"]]}}
                     for s in shelters]}, indent=1) + "\n")

    # --- demand ---------------------------------------------------------------------------
    origin_edges = [e for e in edges if e.getFromNode().getID() not in shelter_nodes]
    cases = []
    for n in sizes:
        rng = random.Random(args.seed + n)
        departs = sample_departures(rng, n)
        draws = []
        for i in range(n):
            e = origin_edges[min(int(rng.random() * len(origin_edges)), len(origin_edges) - 1)]
            node = e.getFromNode()
            x, y = node.getCoord()
            d = [math.hypot(x - s["sumo_x"], y - s["sumo_y"]) for s in shelters]
            k = min(range(len(shelters)), key=lambda j: (d[j], j))
            draws.append((departs[i], i, e.getID(), node.getID(), x, y, k))
        draws.sort(key=lambda r: (r[0], r[1]))

        root = ET.Element("routes")
        ET.SubElement(root, "vType", id="car", vClass="passenger", length=str(VEH_LENGTH_M),
                      minGap=str(VEH_MINGAP_M), speedFactor="1", speedDev="0")
        rows = []
        for j, (t, _, edge_id, node_id, x, y, k) in enumerate(draws):
            vid = f"v{j:06d}"
            ET.SubElement(root, "trip", id=vid, type="car", depart=f"{t:.0f}",
                          fromJunction=node_id, toJunction=shelters[k]["node"])
            rows.append([vid, f"{t:.0f}", f"{x + X_OFFSET_M:.2f}", f"{y + Y_OFFSET_M:.2f}",
                         shelters[k]["id"], "car"])
        ET.indent(root)
        trips_xml = os.path.join(work, f"trips.{n}.xml")
        write_atomic(trips_xml, ET.tostring(root, encoding="unicode") + "\n")
        trips_csv = os.path.join(work, f"trips.{n}.csv")
        tmp = trips_csv + ".tmp"
        with open(tmp, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["id", "depart_s", "x", "y", "shelter", "mode"])
            w.writerows(rows)
        os.replace(tmp, trips_csv)

        routes = os.path.join(work, f"routes.{n}.rou.xml")
        run(["duarouter", "-n", net_path, "--route-files", trips_xml, "--junction-taz",
             "--routing-threads", "1", "--routing-algorithm", "astar", "--no-step-log", "--xml-validation", "never",
             "-o", routes + ".tmp.xml"], os.path.join(work, f"duarouter.{n}.log"))
        os.replace(routes + ".tmp.xml", routes)
        alt = routes + ".tmp.alt.xml"  # duarouter's route alternatives: not used
        if os.path.exists(alt):
            os.remove(alt)

        # consistency check: same ids, departures, origin and destination junctions
        check = verify(net, routes, rows, shelters)
        per_shelter = {s["id"]: sum(1 for r in rows if r[4] == s["id"]) for s in shelters}
        cases.append({"n": n, "trips_xml": os.path.basename(trips_xml),
                      "routes": os.path.basename(routes), "trips_csv": os.path.basename(trips_csv),
                      "per_shelter": per_shelter, "depart_min_s": float(rows[0][1]),
                      "depart_max_s": float(rows[-1][1]), "check": check})
        print(f"make_case.py: N={n}: {trips_csv}, {routes} ({check}); per shelter {per_shelter}")

    meta = {"seed": args.seed, "net": "net.net.xml", "edges": len(edges),
            "nodes": len(net.getNodes()), "epsg": EPSG, "x_offset_m": X_OFFSET_M,
            "y_offset_m": Y_OFFSET_M, "capacity_veh_h": capacity_veh_h,
            "departures": {"dist": "logistic", "t50_s": T50_S, "scale_s": SCALE_S,
                           "min_s": T_MIN_S, "max_s": T_MAX_S, "rounding": "nearest second"},
            "shelters": shelters, "cases": cases}
    write_atomic(os.path.join(work, "case.json"), json.dumps(meta, indent=1) + "\n")


def verify(net, routes_path, rows, shelters):
    """Checks routes against the CSV rows: id, depart, first edge leaves the origin junction,
    last edge enters the shelter junction."""
    shelter_node = {s["id"]: s["node"] for s in shelters}
    node_at = {}
    for node in net.getNodes():
        x, y = node.getCoord()
        node_at[(round(x + X_OFFSET_M, 2), round(y + Y_OFFSET_M, 2))] = node.getID()
    by_id = {r[0]: r for r in rows}
    seen = 0
    for _, veh in ET.iterparse(routes_path):
        if veh.tag != "vehicle":
            continue
        r = by_id.get(veh.get("id"))
        if r is None:
            sys.exit(f"make_case.py: {routes_path}: vehicle {veh.get('id')} not in the CSV")
        route = veh.find("route")
        ids = route.get("edges").split()
        first, last = net.getEdge(ids[0]), net.getEdge(ids[-1])
        if float(veh.get("depart")) != float(r[1]):
            sys.exit(f"make_case.py: {veh.get('id')}: depart {veh.get('depart')} != {r[1]}")
        if first.getFromNode().getID() != node_at[(float(r[2]), float(r[3]))]:
            sys.exit(f"make_case.py: {veh.get('id')}: route starts at {first.getFromNode().getID()}")
        if last.getToNode().getID() != shelter_node[r[4]]:
            sys.exit(f"make_case.py: {veh.get('id')}: route ends at {last.getToNode().getID()}")
        seen += 1
        veh.clear()
    if seen != len(rows):
        sys.exit(f"make_case.py: {routes_path}: {seen} routed vehicles, {len(rows)} trips")
    return f"{seen} routes checked"


if __name__ == "__main__":
    main()
