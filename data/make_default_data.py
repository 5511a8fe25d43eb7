#!/usr/bin/env python3
"""Generate the bundled default data set (data/default/): a small coastal town.

Deterministic (no random numbers: every value is a closed-form function of the
coordinates) and dependent only on Python's standard library plus GDAL's command
line tools (gdal_translate, ogr2ogr from Debian's gdal-bin).

The site is synthetic but laid out like a town on China's south-east coast
(UTM zone 51N, EPSG:32651, near 27.9 N 120.7 E):
  * 6 km (west-east) x 4 km (south-north), 20 m cells;
  * hills in the west (up to ~35 m), a low coastal plain (1-3 m) with a polder
    around 1.2 m, a sea wall at x = 4.8 km (crest 5.5 m) with an opening where
    the river meets the sea, a beach and the sea (down to -6 m) in the east;
  * a river entering from the west, meandering east to the sea in a 40 m wide,
    ~3 m deep channel;
  * roads: a street grid in the town, two primary roads and a trunk road up
    to the hills, bridges where roads cross the river;
  * shelters (避灾安置场所): three county-level on the hills, three township
    schools in town;
  * population: a WorldPop-style raster of persons per 100 m cell (~23 000).

Vector inputs are written as RFC 7946 GeoJSON (CRS84 lon/lat) so a run also
exercises the reprojection to the scenario CRS.

Run from the repository root:  python3 data/make_default_data.py
"""
import json
import math
import os
import subprocess
import sys
import tempfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "default")
EPSG = 32651
X0, Y0 = 275000.0, 3093000.0  # north-west corner (m)
DX = 20.0
COLS, ROWS = 300, 200
WALL_X = 4800.0
RIVER_W = 40.0


def river_y(x):
    """Centre line of the river (local metres from the south edge)."""
    return 2000.0 + 250.0 * math.sin(x / 900.0) + 120.0 * math.sin(x / 370.0 + 1.0)


def ground(x, y):
    """Bed elevation (m) at local coordinates x (east from the west edge), y (north from the south edge)."""
    if x >= WALL_X + 40.0:  # beach then sea
        return max(-6.0, 0.8 - (x - WALL_X - 40.0) * 0.0065)
    hills = 33.0 * math.exp(-x / 450.0) + 6.0 * math.exp(-((x - 300.0) ** 2 + (y - 3300.0) ** 2) / 4.0e5)
    plain = 2.4 - 0.25 * (x / 1000.0)  # gentle slope to the coast
    # a polder (old reclaimed land) in the south-east of the town
    polder = -1.0 * math.exp(-(((x - 3900.0) / 600.0) ** 2 + ((y - 900.0) / 500.0) ** 2))
    texture = 0.15 * math.sin(x / 130.0) * math.cos(y / 170.0) + 0.1 * math.sin((x + y) / 61.0)
    z = max(plain + polder + texture, 0.9) + hills
    d = abs(y - river_y(x))
    if d < RIVER_W / 2.0:
        z = min(z, -1.2 + 0.02 * d)  # channel bed
    elif d < RIVER_W / 2.0 + 20.0:
        z = min(z, 2.2)  # low river banks
    return z


def write_dem(tmp):
    asc = os.path.join(tmp, "dem.asc")
    with open(asc, "w") as f:
        f.write(f"ncols {COLS}\nnrows {ROWS}\nxllcorner {X0}\nyllcorner {Y0 - ROWS * DX}\ncellsize {DX}\nNODATA_value -9999\n")
        for r in range(ROWS):
            y = (ROWS - r - 0.5) * DX
            f.write(" ".join(f"{ground((c + 0.5) * DX, y):.3f}" for c in range(COLS)))
            f.write("\n")
    run(["gdal_translate", "-q", "-a_srs", f"EPSG:{EPSG}", "-of", "COG", "-co", "COMPRESS=DEFLATE",
         "-co", "PREDICTOR=YES", asc, os.path.join(OUT, "dem.tif")])


def write_population(tmp):
    """Persons per 100 m cell: a town centre, two neighbourhoods and a fishing village by the wall."""
    cols, rows, dx = 60, 40, 100.0
    asc = os.path.join(tmp, "pop.asc")
    total = 0.0
    with open(asc, "w") as f:
        f.write(f"ncols {cols}\nnrows {rows}\nxllcorner {X0}\nyllcorner {Y0 - rows * dx}\ncellsize {dx}\nNODATA_value -9999\n")
        for r in range(rows):
            y = (rows - r - 0.5) * dx
            vals = []
            for c in range(cols):
                x = (c + 0.5) * dx
                p = 0.0
                if 1200.0 < x < 4700.0 and 300.0 < y < 3700.0:
                    p = 8.0
                    p += 90.0 * math.exp(-(((x - 3000.0) / 600.0) ** 2 + ((y - 2300.0) / 500.0) ** 2))
                    p += 60.0 * math.exp(-(((x - 3900.0) / 450.0) ** 2 + ((y - 900.0) / 400.0) ** 2))
                    p += 45.0 * math.exp(-(((x - 2200.0) / 400.0) ** 2 + ((y - 3200.0) / 350.0) ** 2))
                    p += 50.0 * math.exp(-(((x - 4550.0) / 150.0) ** 2 + ((y - 2900.0) / 300.0) ** 2))
                    if abs(y - river_y(x)) < 60.0:
                        p = 0.0
                p = round(p, 1)
                total += p
                vals.append(f"{p:.1f}")
            f.write(" ".join(vals) + "\n")
    run(["gdal_translate", "-q", "-a_srs", f"EPSG:{EPSG}", "-of", "COG", "-co", "COMPRESS=DEFLATE",
         asc, os.path.join(OUT, "population.tif")])
    return total


def to_abs(x, y):
    return [X0 + x, Y0 - 4000.0 + y]


def feature(geom_type, coords, props):
    return {"type": "Feature", "properties": props, "geometry": {"type": geom_type, "coordinates": coords}}


def write_vector(name, features, tmp):
    """Write projected features, then convert to RFC 7946 GeoJSON with ogr2ogr."""
    src = os.path.join(tmp, name)
    with open(src, "w") as f:
        json.dump({"type": "FeatureCollection", "name": name.split(".")[0],
                   "crs": {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{EPSG}"}},
                   "features": features}, f)
    dst = os.path.join(OUT, name)
    if os.path.exists(dst):
        os.remove(dst)
    run(["ogr2ogr", "-f", "GeoJSON", "-lco", "RFC7946=YES", "-lco", "COORDINATE_PRECISION=7", dst, src])


def walls():
    gap = (river_y(WALL_X) - 40.0, river_y(WALL_X) + 40.0)
    return [
        feature("LineString", [to_abs(WALL_X, 0.0), to_abs(WALL_X, gap[0])], {"name": "south sea wall", "crest_m": 5.5}),
        feature("LineString", [to_abs(WALL_X, gap[1]), to_abs(WALL_X, 4000.0)], {"name": "north sea wall", "crest_m": 5.5}),
    ]


def seg_intersection(a, b, c, d):
    """Intersection point of segments ab and cd, or None."""
    rx, ry = b[0] - a[0], b[1] - a[1]
    sx, sy = d[0] - c[0], d[1] - c[1]
    den = rx * sy - ry * sx
    if abs(den) < 1e-12:
        return None
    t = ((c[0] - a[0]) * sy - (c[1] - a[1]) * sx) / den
    u = ((c[0] - a[0]) * ry - (c[1] - a[1]) * rx) / den
    if -1e-9 <= t <= 1 + 1e-9 and -1e-9 <= u <= 1 + 1e-9:
        return (round(a[0] + t * rx, 6), round(a[1] + t * ry, 6))
    return None


def roads():
    """Road lines with a shared vertex at every crossing (as OSM ways share nodes)."""
    specs = []
    for i in range(15):  # street grid in town, 250 m spacing
        x = 1250.0 + 250.0 * i
        specs.append(([(x, 250.0), (x, 3750.0)], "residential", 1, 30, f"Street {i + 1}"))
    for j in range(15):
        y = 250.0 + 250.0 * j
        specs.append(([(1250.0, y), (4750.0, y)], "residential", 1, 30, f"Lane {j + 1}"))
    # primary roads from the coast to the hills, a trunk road along the hills
    specs.append(([(4750.0, 1000.0), (1250.0, 1000.0), (600.0, 1000.0)], "primary", 2, 50, "Harbour Road"))
    specs.append(([(4750.0, 3000.0), (1250.0, 3000.0), (600.0, 3000.0)], "primary", 2, 50, "North Road"))
    specs.append(([(600.0, 200.0), (600.0, 3800.0)], "trunk", 2, 60, "Hill Road"))
    specs.append(([(600.0, 2250.0), (1250.0, 2250.0)], "secondary", 1, 40, "Temple Road"))
    # shelter access roads
    specs.append(([(2250.0, 3250.0), (2250.0, 3250.0)], "service", 1, 20, "School Lane"))

    # every crossing becomes a vertex of both roads
    keep = [set() for _ in specs]
    for i, (pi, *_r) in enumerate(specs):
        for j in range(i + 1, len(specs)):
            pj = specs[j][0]
            for a, b in zip(pi, pi[1:]):
                for c, d in zip(pj, pj[1:]):
                    p = seg_intersection(a, b, c, d)
                    if p is not None:
                        keep[i].add(p)
                        keep[j].add(p)

    feats = []
    for (pts, highway, lanes, maxspeed, name), k in zip(specs, keep):
        if pts[0] == pts[-1]:
            continue
        # densify every 10 m, inserting the kept vertices exactly
        dense = [pts[0]]
        for a, b in zip(pts, pts[1:]):
            length = math.hypot(b[0] - a[0], b[1] - a[1])
            on_seg = sorted((math.hypot(p[0] - a[0], p[1] - a[1]), p) for p in k
                            if abs((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])) < 1e-6 * length
                            and 0 < math.hypot(p[0] - a[0], p[1] - a[1]) < length)
            n = max(1, int(length // 10.0))
            steps = [(length * s / n, (a[0] + (b[0] - a[0]) * s / n, a[1] + (b[1] - a[1]) * s / n)) for s in range(1, n + 1)]
            for _, p in sorted(steps + on_seg):
                if p != dense[-1]:
                    dense.append(p)
        # runs within 45 m of the river centre line are bridges
        runs, cur = [], [dense[0]]
        cur_b = abs(dense[0][1] - river_y(dense[0][0])) < 45.0
        for p in dense[1:]:
            is_b = abs(p[1] - river_y(p[0])) < 45.0
            cur.append(p)
            if is_b != cur_b:
                runs.append((cur, cur_b))
                cur, cur_b = [p], is_b
        runs.append((cur, cur_b))
        for run_pts, is_b in runs:
            if len(run_pts) < 2:
                continue
            simple = [run_pts[0]]
            for i in range(1, len(run_pts) - 1):
                (ax, ay), (bx, by), (cx, cy) = simple[-1], run_pts[i], run_pts[i + 1]
                turning = abs((bx - ax) * (cy - ay) - (by - ay) * (cx - ax)) > 1e-6
                if turning or run_pts[i] in k:
                    simple.append(run_pts[i])
            simple.append(run_pts[-1])
            props = {"highway": highway, "lanes": lanes, "maxspeed": maxspeed, "oneway": "no", "name": name}
            if is_b:
                props["bridge"] = "yes"
            feats.append(feature("LineString", [to_abs(*p) for p in simple], props))
    return feats


def shelters():
    return [
        feature("Point", to_abs(450.0, 1000.0), {"id": "S1", "name": "County Middle School (hill)", "capacity": 8000, "level": "county"}),
        feature("Point", to_abs(450.0, 3000.0), {"id": "S2", "name": "Sports Centre (hill)", "capacity": 6000, "level": "county"}),
        feature("Point", to_abs(590.0, 2250.0), {"id": "S3", "name": "Temple Hall (hill)", "capacity": 4000, "level": "county"}),
        feature("Point", to_abs(2250.0, 3260.0), {"id": "S4", "name": "North Primary School", "capacity": 800, "level": "township"}),
        feature("Point", to_abs(2760.0, 1500.0), {"id": "S5", "name": "Town Hall", "capacity": 600, "level": "township"}),
        feature("Point", to_abs(3500.0, 2760.0), {"id": "S6", "name": "Harbour Community Centre", "capacity": 300, "level": "village"}),
    ]


def run(cmd):
    try:
        subprocess.run(cmd, check=True)
    except FileNotFoundError:
        sys.exit(f"{cmd[0]} not found: install Debian's gdal-bin (bash .ci/install-deps.sh)")


def main():
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        write_dem(tmp)
        total = write_population(tmp)
        write_vector("seawall.geojson", walls(), tmp)
        write_vector("roads.geojson", roads(), tmp)
        write_vector("shelters.geojson", shelters(), tmp)
    # the river line and sea-side facts the scenario file uses
    print(f"wrote {OUT}: population {total:.0f} persons; river meets the wall at y = {Y0 - 4000 + river_y(WALL_X):.1f}")
    print(f"river enters at y = {Y0 - 4000 + river_y(10.0):.1f}")


if __name__ == "__main__":
    main()
