#!/usr/bin/env python3
"""Makes the floodevac-vs-SUMO case on a real OpenStreetMap extract (issue 9).

Input: an OSM file (default: West Oakland from Debian's python-osmnx-doc, OSM XML + bzip2;
map data (c) OpenStreetMap contributors, ODbL 1.0). Steps, in <work>:
  extract.osm            `osmium cat` of the input to plain OSM XML
  net.net.xml            `netconvert --osm-files extract.osm` (passenger roads, UTM, geometry
                         nodes removed; junction ids = OSM node ids)
  roads.geojson          one feature per SUMO edge (normal edges), in the net's UTM zone:
                         from-junction, the edge's interior shape points, to-junction; highway
                         from the edge type, lanes, maxspeed (km/h), oneway=yes, the SUMO length
                         as sumo_length_m, no capacity (floodevac's class defaults are used).
                         Two directions of a street are two lines along one centre line.
  shelters.geojson       two shelters: the junctions nearest the net's south-west and
                         north-east corners (among junctions with incoming edges)
  trips.<N>.xml / .csv   N cars, origins drawn uniformly among the junctions that can reach a
                         shelter (fromJunction), destination the nearest reachable shelter by
                         straight line, departures as make_case.py (logistic t50 1800 s, scale
                         400 s, [0, 5400] s), random.Random(seed + N)
  routes.<N>.rou.xml     duarouter fastest paths (--junction-taz)
  case.json              what run_sumo.py, bench_sumo_compare and compare.py read
Then: python3 bench/sumo/run_sumo.py --work W; build/bench/bench_sumo_compare W; compare.py.
"""
import argparse
import csv
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_case as mc  # noqa: E402  (shares the departure sampler and the vehicle type)

DEFAULT_OSM = "/usr/share/doc/python-osmnx-doc/examples/tests/input_data/West-Oakland.osm.bz2"
SHELTER_CAPACITY = 10_000_000


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--osm", default=DEFAULT_OSM)
    ap.add_argument("--work", default=os.path.join(mc.REPO, "bench", "sumo_osm_work"))
    ap.add_argument("--sizes", default="5000,20000")
    ap.add_argument("--seed", type=int, default=mc.DEFAULT_SEED)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    if not os.path.exists(args.osm):
        sys.exit(f"make_osm_case.py: {args.osm} is missing (apt-get install python-osmnx-doc)")
    for tool in ("osmium", "netconvert", "duarouter"):
        if shutil.which(tool) is None:
            sys.exit(f"make_osm_case.py: {tool} not found (apt-get install osmium-tool sumo)")
    import sumolib

    osm = os.path.join(work, "extract.osm")
    mc.run(["osmium", "cat", "--overwrite", args.osm, "-o", osm], os.path.join(work, "osmium.log"))
    net_path = os.path.join(work, "net.net.xml")
    mc.run(["netconvert", "--osm-files", osm, "-o", net_path, "--proj.utm", "true",
            "--geometry.remove", "true", "--keep-edges.by-vclass", "passenger",
            "--remove-edges.isolated", "true", "--no-turnarounds", "false"],
           os.path.join(work, "netconvert.log"))
    net = sumolib.net.readNet(net_path)
    proj = net.getLocation().get("projParameter", "") if hasattr(net, "getLocation") else ""
    if not proj:
        with open(net_path) as f:
            m = re.search(r'projParameter="([^"]*)"', f.read(20000))
        proj = m.group(1) if m else ""
    zone = re.search(r"\+zone=(\d+)", proj)
    if not zone:
        sys.exit(f"make_osm_case.py: {net_path}: no UTM zone in projParameter '{proj}'")
    epsg = (32700 if "+south" in proj else 32600) + int(zone.group(1))
    ox, oy = net.getLocationOffset()  # net = projected + offset

    def utm(x, y):
        return [round(x - ox, 3), round(y - oy, 3)]

    edges = sorted((e for e in net.getEdges() if e.getFunction() != "internal"
                    and e.allows("passenger")), key=lambda e: e.getID())
    feats = []
    for e in edges:
        a, b = e.getFromNode(), e.getToNode()
        raw = e.getRawShape()
        pts = [a.getCoord()] + [p for p in raw[1:-1]] + [b.getCoord()]
        hw = (e.getType() or "highway.unclassified").split("|")[0].split(".")[-1]
        feats.append({"type": "Feature",
                      "properties": {"id": e.getID(), "from": a.getID(), "to": b.getID(),
                                     "highway": hw, "lanes": e.getLaneNumber(),
                                     "maxspeed": round(e.getSpeed() * 3.6, 1), "oneway": "yes",
                                     "sumo_length_m": round(e.getLength(), 2)},
                      "geometry": {"type": "LineString",
                                   "coordinates": [utm(x, y) for x, y in pts]}})
    crs = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{epsg}"}}
    mc.write_atomic(os.path.join(work, "roads.geojson"), json.dumps(
        {"type": "FeatureCollection", "name": "roads", "crs": crs, "features": feats},
        separators=(",", ":")) + "\n")

    # Reachability over passenger edges (junction graph).
    out_adj, in_adj = {}, {}
    for e in edges:
        out_adj.setdefault(e.getFromNode().getID(), set()).add(e.getToNode().getID())
        in_adj.setdefault(e.getToNode().getID(), set()).add(e.getFromNode().getID())
    nodes = {n.getID(): n for n in net.getNodes() if n.getID() in out_adj or n.getID() in in_adj}
    xs = [n.getCoord()[0] for n in nodes.values()]
    ys = [n.getCoord()[1] for n in nodes.values()]

    def nearest(x, y):
        cand = [n for n in nodes.values() if n.getID() in in_adj and n.getID() in out_adj]
        return min(cand, key=lambda n: (math.hypot(n.getCoord()[0] - x, n.getCoord()[1] - y), n.getID()))

    shelters = []
    for sid, (x, y) in (("SW", (min(xs), min(ys))), ("NE", (max(xs), max(ys)))):
        n = nearest(x, y)
        shelters.append({"id": sid, "node": n.getID(), "sumo_x": n.getCoord()[0],
                         "sumo_y": n.getCoord()[1],
                         "x": utm(*n.getCoord())[0], "y": utm(*n.getCoord())[1]})

    def reaching(target):
        seen, stack = {target}, [target]
        while stack:
            u = stack.pop()
            for v in in_adj.get(u, ()):
                if v not in seen:
                    seen.add(v)
                    stack.append(v)
        return seen

    reach = [reaching(s["node"]) for s in shelters]
    shelter_nodes = {s["node"] for s in shelters}
    origins = sorted(n for n in nodes if n in out_adj and n not in shelter_nodes
                     and any(n in r for r in reach))
    mc.write_atomic(os.path.join(work, "shelters.geojson"), json.dumps({
        "type": "FeatureCollection", "name": "shelters", "crs": crs,
        "features": [{"type": "Feature",
                      "properties": {"id": s["id"], "capacity": SHELTER_CAPACITY,
                                     "sumo_node": s["node"]},
                      "geometry": {"type": "Point", "coordinates": [s["x"], s["y"]]}}
                     for s in shelters]}, indent=1) + "\n")

    cases = []
    for n in sizes:
        rng = random.Random(args.seed + n)
        departs = mc.sample_departures(rng, n)
        draws = []
        for i in range(n):
            o = origins[min(int(rng.random() * len(origins)), len(origins) - 1)]
            x, y = nodes[o].getCoord()
            ks = [k for k in range(len(shelters)) if o in reach[k]]
            k = min(ks, key=lambda j: (math.hypot(x - shelters[j]["sumo_x"], y - shelters[j]["sumo_y"]), j))
            draws.append((departs[i], i, o, x, y, k))
        draws.sort(key=lambda r: (r[0], r[1]))
        root = ET.Element("routes")
        ET.SubElement(root, "vType", id="car", vClass="passenger", length=str(mc.VEH_LENGTH_M),
                      minGap=str(mc.VEH_MINGAP_M), speedFactor="1", speedDev="0")
        rows = []
        for j, (t, _, o, x, y, k) in enumerate(draws):
            vid = f"v{j:06d}"
            ET.SubElement(root, "trip", id=vid, type="car", depart=f"{t:.0f}", fromJunction=o,
                          toJunction=shelters[k]["node"])
            ux, uy = utm(x, y)
            rows.append([vid, f"{t:.0f}", f"{ux:.3f}", f"{uy:.3f}", shelters[k]["id"], "car"])
        ET.indent(root)
        trips_xml = os.path.join(work, f"trips.{n}.xml")
        mc.write_atomic(trips_xml, ET.tostring(root, encoding="unicode") + "\n")
        trips_csv = os.path.join(work, f"trips.{n}.csv")
        with open(trips_csv + ".tmp", "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["id", "depart_s", "x", "y", "shelter", "mode"])
            w.writerows(rows)
        os.replace(trips_csv + ".tmp", trips_csv)
        routes = os.path.join(work, f"routes.{n}.rou.xml")
        mc.run(["duarouter", "-n", net_path, "--route-files", trips_xml, "--junction-taz",
                "--routing-threads", "1", "--routing-algorithm", "astar", "--no-step-log",
                "--xml-validation", "never", "-o", routes + ".tmp.xml"],
               os.path.join(work, f"duarouter.{n}.log"))
        os.replace(routes + ".tmp.xml", routes)
        alt = routes + ".tmp.alt.xml"
        if os.path.exists(alt):
            os.remove(alt)
        per = {s["id"]: sum(1 for r in rows if r[4] == s["id"]) for s in shelters}
        cases.append({"n": n, "trips_xml": os.path.basename(trips_xml),
                      "routes": os.path.basename(routes), "trips_csv": os.path.basename(trips_csv),
                      "per_shelter": per})
        print(f"make_osm_case.py: N={n}: {trips_csv}, {routes}; per shelter {per}")
    meta = {"seed": args.seed, "source": args.osm, "licence": "ODbL 1.0 (OpenStreetMap contributors)",
            "net": "net.net.xml", "edges": len(edges), "nodes": len(nodes),
            "origins": len(origins), "epsg": epsg, "net_offset": [ox, oy],
            "shelters": shelters, "cases": cases}
    mc.write_atomic(os.path.join(work, "case.json"), json.dumps(meta, indent=1) + "\n")
    print(f"make_osm_case.py: {len(edges)} edges, {len(nodes)} junctions, {len(origins)} origins, "
          f"EPSG:{epsg}")


if __name__ == "__main__":
    main()
