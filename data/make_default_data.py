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


def roads():
    feats = []
    fid = 0

    def add(points, highway, lanes, maxspeed, oneway="no", name=""):
        nonlocal fid
        fid += 1
        # split where the road crosses the river so the crossing is a separate bridge feature
        segs = [[points[0]]]
        bridge_flags = []
        for a, b in zip(points, points[1:]):
            n = max(1, int(math.hypot(b[0] - a[0], b[1] - a[1]) // 10.0))
            for k in range(1, n + 1):
                p = (a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n)
                segs[-1].append(p)
        # mark runs within 45 m of the river centre line as bridges
        line = segs[0]
        runs, cur, cur_bridge = [], [line[0]], abs(line[0][1] - river_y(line[0][0])) < 45.0
        for p in line[1:]:
            is_b = abs(p[1] - river_y(p[0])) < 45.0
            cur.append(p)
            if is_b != cur_bridge:
                runs.append((cur, cur_bridge))
                cur, cur_bridge = [p], is_b
        runs.append((cur, cur_bridge))
        for pts, is_b in runs:
            if len(pts) < 2:
                continue
            # keep only the ends and the turning points (straight lines are 2 points)
            simple = [pts[0]]
            for i in range(1, len(pts) - 1):
                (ax, ay), (bx, by), (cx, cy) = simple[-1], pts[i], pts[i + 1]
                if abs((bx - ax) * (cy - ay) - (by - ay) * (cx - ax)) > 1e-6:
                    simple.append(pts[i])
            simple.append(pts[-1])
            props = {"highway": highway, "lanes": lanes, "maxspeed": maxspeed, "oneway": oneway, "name": name}
            if is_b:
                props["bridge"] = "yes"
            feats.append(feature("LineString", [to_abs(*p) for p in simple], props))

    # street grid in town, 250 m spacing
    for i in range(15):
        x = 1250.0 + 250.0 * i
        add([(x, 250.0), (x, 3750.0)], "residential", 1, 30, name=f"Street {i + 1}")
    for j in range(15):
        y = 250.0 + 250.0 * j
        add([(1250.0, y), (4750.0, y)], "residential", 1, 30, name=f"Lane {j + 1}")
    # primary roads from the coast to the hills, trunk road along the hills
    add([(4750.0, 1000.0), (1250.0, 1000.0), (600.0, 1000.0)], "primary", 2, 50, name="Harbour Road")
    add([(4750.0, 3000.0), (1250.0, 3000.0), (600.0, 3000.0)], "primary", 2, 50, name="North Road")
    add([(600.0, 200.0), (600.0, 3800.0)], "trunk", 2, 60, name="Hill Road")
    add([(600.0, 2200.0), (1250.0, 2250.0)], "secondary", 1, 40, name="Temple Road")
    return feats


def shelters():
    return [
        feature("Point", to_abs(450.0, 1000.0), {"id": "S1", "name": "County Middle School (hill)", "capacity": 8000, "level": "county"}),
        feature("Point", to_abs(450.0, 3000.0), {"id": "S2", "name": "Sports Centre (hill)", "capacity": 6000, "level": "county"}),
        feature("Point", to_abs(600.0, 2200.0), {"id": "S3", "name": "Temple Hall (hill)", "capacity": 4000, "level": "county"}),
        feature("Point", to_abs(2250.0, 3250.0), {"id": "S4", "name": "North Primary School", "capacity": 800, "level": "township"}),
        feature("Point", to_abs(2750.0, 1500.0), {"id": "S5", "name": "Town Hall", "capacity": 600, "level": "township"}),
        feature("Point", to_abs(3500.0, 2750.0), {"id": "S6", "name": "Harbour Community Centre", "capacity": 300, "level": "village"}),
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
