#!/usr/bin/env python3
"""Generate the bundled county town (data/county/): a coastal county seat on
China's south-east coast, for typhoon rehearsals (issue 12, section 3).

Deterministic: no random module; every value is a closed-form function of the
coordinates or of a counter-based integer hash of a fixed seed (SEED below), so
two runs write byte-identical files. Dependencies: Python's standard library
and GDAL's command-line tools (gdal_translate, ogr2ogr from Debian's gdal-bin).

The site is synthetic but laid out like a county on the Zhejiang coast, in UTM
zone 51N (EPSG:32651, near 27.7 N 120.9 E), 10 km (west-east) x 8 km
(south-north):
  * DEM at 10 m (1000 x 800 cells): hills in the west and north (to ~400 m)
    with a small steep flash-flood valley (Shangkeng, 2.1 km2, bed slope 3 %
    at the mouth to 10 % at the head); a river from the west meandering to the
    sea in a 60 m wide, 3.3-4.7 m deep channel between levees in its lower
    reach; a coastal plain at 2-4 m with two polders at 0.7-1.2 m behind a sea
    wall (crest 5.6-6.4 m); a fishing harbour (basin, quays, breakwaters); the
    sea in the east and south-east down to -18 m; an island 1.5 km offshore
    (2.8 km2, hills to 86 m) with a cove harbour, reached only by ferry.
  * roads with OSM attributes (shared vertices at every at-grade crossing),
    ferries with a timetable, shelters, villages (with the 一村一策 shelter
    plan), population (home raster + activity layers), supply depots, siting
    candidates, gauges, a land-cover raster with a Manning table, a rain-factor
    raster, a daily activity profile and a suggested typhoon forcing.
See data/county/README.md for every file, attribute and figure.

Run from the repository root:  python3 data/make_county_data.py
"""
import array
import csv
import heapq
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "county")
EPSG = 32651
X0, Y0 = 290000.0, 3066000.0  # south-west corner of the domain (m, EPSG:32651)
WIDTH, HEIGHT = 10000.0, 8000.0
DX = 10.0
COLS, ROWS = int(WIDTH / DX), int(HEIGHT / DX)
NODATA = -9999.0
SEED = 20260815
POP_DX = 50.0  # home population raster cell (m)
RF_DX = 100.0  # rain-factor raster cell (m)

# Local coordinates: x east from the west edge, y north from the south edge (m).


# ---------------------------------------------------------------- small maths

def clamp(v, lo=0.0, hi=1.0):
    return lo if v < lo else hi if v > hi else v


def smoothstep(t):
    t = clamp(t)
    return t * t * (3.0 - 2.0 * t)


def lerp(a, b, t):
    return a + (b - a) * t


def interp(table, v):
    """Piecewise-linear interpolation in a table of (key, value), keys increasing."""
    if v <= table[0][0]:
        return table[0][1]
    for (k0, v0), (k1, v1) in zip(table, table[1:]):
        if v <= k1:
            return v0 + (v1 - v0) * (v - k0) / (k1 - k0)
    return table[-1][1]


M32 = 0xFFFFFFFF


def hash32(*ints):
    """Counter-based integer hash (murmur3 finaliser mixing) of SEED and the arguments."""
    h = SEED & M32
    for v in ints:
        h ^= v & M32
        h = (h * 0x9E3779B1) & M32
        h ^= h >> 16
        h = (h * 0x85EBCA6B) & M32
        h ^= h >> 13
        h = (h * 0xC2B2AE35) & M32
        h ^= h >> 16
    return h


def hash01(*ints):
    return hash32(*ints) / 4294967296.0


class ValueNoise:
    """Smooth value noise (values 0..1) on a square lattice of `wavelength` metres, rotated by an
    angle of its own so that octaves do not share the lattice axes (no axis-aligned valleys)."""

    def __init__(self, wavelength, octave_id, rotate=True):
        self.w = wavelength
        ang = 2.0 * math.pi * hash01(octave_id, 7001) if rotate else 0.0
        self.ca, self.sa = math.cos(ang) / wavelength, math.sin(ang) / wavelength
        self.n = int(2.0 * (WIDTH + HEIGHT) / wavelength) + 3
        n = self.n
        self.lat = [[hash01(octave_id, i, j) for i in range(2 * n)] for j in range(2 * n)]

    def at(self, x, y):
        u = x * self.ca + y * self.sa + self.n
        v = y * self.ca - x * self.sa + self.n
        i, j = int(u), int(v)
        fu, fv = u - i, v - j
        fu = fu * fu * (3.0 - 2.0 * fu)
        fv = fv * fv * (3.0 - 2.0 * fv)
        r0, r1 = self.lat[j], self.lat[j + 1]
        a = r0[i] + (r0[i + 1] - r0[i]) * fu
        b = r1[i] + (r1[i + 1] - r1[i]) * fu
        return a + (b - a) * fv


def seg_point_dist(px, py, ax, ay, bx, by):
    """Distance from p to segment ab and the parameter t of the closest point."""
    vx, vy = bx - ax, by - ay
    L2 = vx * vx + vy * vy
    t = 0.0 if L2 == 0.0 else clamp(((px - ax) * vx + (py - ay) * vy) / L2)
    qx, qy = ax + t * vx, ay + t * vy
    return math.hypot(px - qx, py - qy), t


def polyline_dist(px, py, pts):
    best = 1e30
    for (ax, ay), (bx, by) in zip(pts, pts[1:]):
        d, _ = seg_point_dist(px, py, ax, ay, bx, by)
        if d < best:
            best = d
    return best


def polyline_length(pts):
    return sum(math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip(pts, pts[1:]))


# ---------------------------------------------------------------- geography

# Coastline (waterline at 0 m): x of the coast as a function of y.
COAST = [(0.0, 5200.0), (800.0, 5700.0), (1500.0, 6150.0), (2200.0, 6450.0), (2900.0, 6650.0),
         (3500.0, 6800.0), (4200.0, 6900.0), (4800.0, 7050.0), (5600.0, 7250.0), (6400.0, 7450.0),
         (7200.0, 7700.0), (8000.0, 7900.0)]


def x_coast(y):
    return interp(COAST, y) + 30.0 * math.sin(y / 310.0) + 18.0 * math.sin(y / 133.0 + 1.0)


def wall_offset(y):
    """Width of the foreshore between the sea wall and the waterline (m): wider at the north beach."""
    return 110.0 + 80.0 * smoothstep((y - 5900.0) / 300.0) * smoothstep((7700.0 - y) / 300.0)


def x_wall(y):
    return x_coast(y) - wall_offset(y)


# Fishing harbour: a basin cut into the coast, quays around it, breakwaters in front.
HB_Y0, HB_Y1 = 2500.0, 2900.0
HB_X0 = round(x_coast(2700.0) - 380.0, 1)
QUAY_W = 100.0
HW_Y0, HW_Y1, HW_X = HB_Y0 - QUAY_W, HB_Y1 + QUAY_W, HB_X0 - 110.0  # sea wall loop behind the quays
HB_MOUTH = (round(x_coast(2700.0) + 300.0, 1), 2705.0)


def in_basin(x, y):
    return HB_Y0 <= y <= HB_Y1 and HB_X0 <= x <= x_coast(y) + 20.0


def in_harbour_zone(x, y):
    """Seaward of the wall loop: basin and quays."""
    return HW_Y0 <= y <= HW_Y1 and HW_X <= x <= x_coast(y) + 20.0


# River: centre line y_r(x) from the west edge to the sea.
RIVER_L = 7000.0


def river_y(x):
    taper = smoothstep(x / 1500.0)
    return 5250.0 - 1100.0 * (x / 6950.0) + 200.0 * taper * math.sin(2.0 * math.pi * x / 2000.0 + 0.4)


def river_slope(x):
    h = 1.0
    return (river_y(x + h) - river_y(x - h)) / (2.0 * h)


def river_dist(x, y):
    """Perpendicular distance to the river centre line (good within a few hundred metres)."""
    s = river_slope(x)
    return abs(y - river_y(x)) / math.sqrt(1.0 + s * s)


BANK = [(0.0, 9.6), (1200.0, 7.6), (2400.0, 5.0), (3200.0, 3.4), (4000.0, 2.9), (5500.0, 2.4), (7400.0, 2.0)]


def river_bank(x):
    return interp(BANK, x)


def river_bed(x):
    return river_bank(x) - (3.3 + 1.4 * (clamp(x / RIVER_L)) ** 2)


def _river_mouth_x():
    x = 6000.0
    while x < x_coast(river_y(x)):
        x += 1.0
    return x


RIVER_MOUTH_X = _river_mouth_x()
RIVER_HALF = 30.0   # channel top half-width (m)
LEVEE_OFF = 60.0    # levee lines from the centre line (m): channel 60 m + berms of 30 m
LEVEE_X0 = 2350.0   # levees from the valley exit (tied to the hill feet) to the mouth
RIVERSIDE_OFF = 85.0  # riverside roads in town


def river_line(x_from, x_to, step=20.0, offset=0.0):
    """The river centre line (or a parallel at `offset` m, + = north/left bank) as a polyline."""
    pts = []
    n = max(1, int(round((x_to - x_from) / step)))
    for i in range(n + 1):
        x = x_from + (x_to - x_from) * i / n
        s = river_slope(x)
        k = math.sqrt(1.0 + s * s)
        pts.append((x - offset * s / k, river_y(x) + offset / k))
    return pts


# Flash-flood valley (Shangkeng): axis from the mouth M up to the head.
VAL_M = (3900.0, 6150.0)
VAL_H = (3560.0, 7800.0)
VAL_L = math.hypot(VAL_H[0] - VAL_M[0], VAL_H[1] - VAL_M[1])
VAL_U = ((VAL_H[0] - VAL_M[0]) / VAL_L, (VAL_H[1] - VAL_M[1]) / VAL_L)
VAL_N = (VAL_U[1], -VAL_U[0])  # to the east side of the valley
VAL_BED0 = 12.0


def valley_sn(x, y):
    dx, dy = x - VAL_M[0], y - VAL_M[1]
    return dx * VAL_U[0] + dy * VAL_U[1], dx * VAL_N[0] + dy * VAL_N[1]


def valley_xy(s, n):
    return (VAL_M[0] + s * VAL_U[0] + n * VAL_N[0], VAL_M[1] + s * VAL_U[1] + n * VAL_N[1])


def valley_bed(s):
    """Stream bed: slope 3 % at the mouth rising linearly to 10 % at the head."""
    if s < 0.0:
        return VAL_BED0 + 0.03 * s
    if s <= VAL_L:
        return VAL_BED0 + 0.03 * s + 0.07 * s * s / (2.0 * VAL_L)
    return VAL_BED0 + 0.03 * VAL_L + 0.035 * VAL_L + 0.10 * (s - VAL_L)


# A tributary valley joining from the north-west at s = TRIB_S of the main valley.
TRIB_S = 650.0
TRIB_M = valley_xy(TRIB_S, 0.0)
TRIB_H = (3120.0, 7520.0)
TRIB_L = math.hypot(TRIB_H[0] - TRIB_M[0], TRIB_H[1] - TRIB_M[1])
TRIB_U = ((TRIB_H[0] - TRIB_M[0]) / TRIB_L, (TRIB_H[1] - TRIB_M[1]) / TRIB_L)
TRIB_SLOPE = 0.09


def trib_bed(s):
    return valley_bed(TRIB_S) + TRIB_SLOPE * s


# The creek below the valley mouth, across the fan and the old town to the river.
CREEK_LOW = [VAL_M, (3960.0, 5750.0), (3990.0, 5400.0), (4040.0, 5050.0), (4060.0, river_y(4060.0))]


def creek_line():
    pts = [valley_xy(VAL_L - 50.0 - 50.0 * i, 0.0) for i in range(int((VAL_L - 50.0) / 50.0))]
    return pts + CREEK_LOW


# Island (Dongdao): an irregular ellipse.
ISL_C = (9000.0, 2900.0)
ISL_A, ISL_B = 700.0, 1250.0
ISL_PEAKS = [(9100.0, 3300.0, 380.0, 78.0), (8950.0, 2250.0, 320.0, 52.0)]
COVE = (8330.0, 2660.0, 110.0)  # island harbour cove (centre, radius)


def island_rho(x, y):
    """(rho, rho_edge): rho < rho_edge on the island."""
    u, v = (x - ISL_C[0]) / ISL_A, (y - ISL_C[1]) / ISL_B
    rho = math.hypot(u, v)
    th = math.atan2(v, u)
    edge = 1.0 + 0.10 * math.sin(3 * th + 0.7) + 0.06 * math.sin(5 * th + 2.1) + 0.04 * math.sin(8 * th)
    return rho, edge


def island_point(theta, frac):
    """Point at angle theta at a fraction of the island radius."""
    edge = 1.0 + 0.10 * math.sin(3 * theta + 0.7) + 0.06 * math.sin(5 * theta + 2.1) + 0.04 * math.sin(8 * theta)
    r = frac * edge
    return (ISL_C[0] + ISL_A * r * math.cos(theta), ISL_C[1] + ISL_B * r * math.sin(theta))


def on_island(x, y):
    rho, edge = island_rho(x, y)
    return rho < edge


# Polders (reclaimed land behind the wall), as smooth masks 0..1.
def polder_south(x, y, dw):
    return smoothstep((1350.0 - dw) / 300.0) * smoothstep((y - 150.0) / 250.0) * smoothstep((2330.0 - y) / 150.0)


def polder_north(x, y, dw):
    return (smoothstep((1300.0 - dw) / 300.0) * smoothstep((y - river_y(x) - 110.0) / 200.0)
            * smoothstep((6900.0 - y) / 300.0))


# Hill foot lines.
def hill_foot_w(y):
    return 2350.0 + 140.0 * math.sin(y / 760.0 + 0.4)


def hill_foot_n(x):
    return 6000.0 + 170.0 * math.sin(x / 650.0 + 1.1) + 1500.0 * smoothstep((x - 4700.0) / 1900.0)


def hill_depth(x, y):
    """How far into the hills (m) a point lies; <= 0 on the plain."""
    dw = hill_foot_w(y) - x
    dn = y - hill_foot_n(x)
    if dw > 0.0 and dn > 0.0:
        return math.hypot(dw, dn)
    return max(dw, dn)


PLAIN_NOISE = ValueNoise(450.0, 21)
PLAIN_TEXTURE_M = 0.12  # gentle undulation of the plain (m)


def plain_level(x, y):
    z = 2.75 - 0.00011 * (x - 2500.0)
    z += 1.3 * math.exp(-(((x - 4000.0) / 1300.0) ** 2 + ((y - 4950.0) / 1000.0) ** 2))  # old-town terrace
    z += 2.2 * smoothstep((2750.0 - x) / 700.0)  # alluvial foot of the west hills
    z += 1.8 * smoothstep((y - 5300.0) / 700.0) * (1.0 - smoothstep((x - 5200.0) / 600.0))  # north foot
    r = math.hypot(x - VAL_M[0], y - VAL_M[1])
    if r < 1500.0 and y < VAL_M[1] + 100.0:
        z += 8.0 * math.exp(-r / 330.0)  # Xiakeng alluvial fan below the valley mouth
    z -= 1.1 * math.exp(-(((x - 2900.0) / 550.0) ** 2 + ((y - 1050.0) / 420.0) ** 2))  # Xinhe low ground
    return z + PLAIN_TEXTURE_M * (2.0 * PLAIN_NOISE.at(x, y) - 1.0)


# ---------------------------------------------------------------- terrain

# land-cover classes (code, name, Manning n in s/m^(1/3)); see the README for the sources
LANDCOVER = [(1, "sea", 0.022), (2, "river_channel", 0.030), (3, "harbour_basin", 0.025),
             (4, "beach_foreshore", 0.025), (5, "urban_dense", 0.080), (6, "village_low_density", 0.060),
             (7, "paddy_cropland", 0.045), (8, "aquaculture_ponds", 0.030), (9, "forest", 0.120),
             (10, "shrub_grass", 0.060), (11, "quay_paved", 0.015)]
(LC_SEA, LC_RIVER, LC_HARBOUR, LC_BEACH, LC_URBAN, LC_VILLAGE, LC_CROP, LC_PONDS, LC_FOREST, LC_SHRUB,
 LC_QUAY) = range(1, 12)

FILL_ABOVE_M = 6.0  # hill depressions above this level are filled so every hill slope drains
FILL_EPS_M = 0.002  # gradient left on filled flats (Barnes, Lehman & Mulla 2014, Priority-Flood + epsilon)


class Terrain:
    """Closed-form ground elevation (m, datum = mean sea level) on the 10 m grid."""

    def __init__(self):
        # the two coarse octaves are laid out along and across the slope (ridges and valleys
        # run down the hills, few closed basins); the finer ones are isotropic
        self.octaves = [ValueNoise(w, k, rotate=k >= 2) for k, w in enumerate([1700.0, 850.0, 420.0, 210.0, 105.0])]
        self.amps = [1.0, 0.55, 0.3, 0.16, 0.08]
        self.amp_sum = sum(self.amps)
        self.ridge = ValueNoise(450.0, 11)
        self.isl_noise = ValueNoise(200.0, 12)
        xs = [(c + 0.5) * DX for c in range(COLS)]
        self.xs = xs
        self.ry = [river_y(x) for x in xs]
        self.rk = [math.sqrt(1.0 + river_slope(x) ** 2) for x in xs]
        self.bank = [river_bank(x) for x in xs]
        self.bed = [river_bed(x) for x in xs]

    def ridged(self, x, y, along, across):
        """Ridged multifractal (Musgrave 1994) of the value-noise octaves, about 0..1."""
        total, weight = 0.0, 1.0
        for k, (a, o) in enumerate(zip(self.amps, self.octaves)):
            sig = 1.0 - abs(2.0 * (o.at(across, along * 0.5) if k < 2 else o.at(x, y)) - 1.0)
            sig *= sig * weight
            weight = clamp(2.0 * sig)
            total += a * sig
        return total / self.amp_sum

    def row(self, y):
        """Elevations of one grid row (west to east) at northing y (local m)."""
        xc, xw = x_coast(y), x_wall(y)
        hfw = hill_foot_w(y)
        out = []
        self.wrow = []
        self.crow = []
        for c, x in enumerate(self.xs):
            out.append(self.cell(x, y, c, xc, xw, hfw))
        return out

    def sea(self, x, y, xc):
        d = x - xc
        z = max(-18.0, -(0.35 + 0.0052 * d + 1.2 * (1.0 - math.exp(-d / 150.0))))
        if x > 7300.0:  # shoal and island
            rho, edge = island_rho(x, y)
            q = rho / edge
            if q < 1.0:
                e = 1.0 - q
                zi = 1.6 + 9.0 * e + 6.0 * e * (self.isl_noise.at(x, y) - 0.5) * 2.0
                for px, py, s, h in ISL_PEAKS:
                    zi += h * math.exp(-((x - px) ** 2 + (y - py) ** 2) / (s * s))
                r = math.hypot(x - COVE[0], y - COVE[1])
                if r < COVE[2]:
                    zi = min(zi, -3.0 + 2.5 * (r / COVE[2]) ** 4)
                return zi
            if q < 2.2:
                dist_out = (q - 1.0) * 950.0
                z = max(z, -0.4 - 11.0 * (1.0 - math.exp(-dist_out / 450.0)))
        r = math.hypot(x - COVE[0], y - COVE[1])
        if r < COVE[2]:
            z = min(z, -3.0)
        # outer harbour between the breakwaters, and the dredged approach channel
        xc_h = x_coast(2700.0)
        if HB_Y0 <= y <= HB_Y1 and x < xc_h + 300.0:
            z = min(z, -3.5)
        if abs(y - HB_MOUTH[1]) < 40.0 and HB_MOUTH[0] - 50.0 < x < xc_h + 1300.0:
            z = min(z, -5.0)
        return z

    def cell(self, x, y, c, xc, xw, hfw):
        self.hillw = 0.0
        if x >= xc and not in_basin(x, y):
            self.cls = LC_SEA
            z = self.sea(x, y, xc)
            if z > 0.0:  # the island
                self.cls = LC_FOREST if z > 30.0 else LC_SHRUB
        elif in_harbour_zone(x, y):
            if in_basin(x, y):
                z, self.cls = -4.5, LC_HARBOUR
            else:
                z, self.cls = 3.2, LC_QUAY
        elif x >= xw:
            z, self.cls = 0.2 + 2.6 * (xc - x) / (xc - xw), LC_BEACH  # foreshore in front of the wall
        else:
            self.cls = LC_CROP
            z = self.land(x, y, c, xw, hfw)
        # the river channel runs on through the foreshore into the sea
        d = abs(y - self.ry[c]) / self.rk[c]
        if d < RIVER_HALF and x < RIVER_MOUTH_X + 400.0:
            bank, bed = self.bank[c], self.bed[c]
            z = min(z, bed + (bank - bed) * smoothstep((d - 20.0) / 10.0))
            self.cls = LC_RIVER
        self.wrow.append(self.hillw)
        self.crow.append(self.cls)
        return z

    def land(self, x, y, c, xw, hfw):
        self.hillw = 0.0
        z = plain_level(x, y)
        dw = xw - x
        m = max(polder_south(x, y, dw), polder_north(x, y, dw))
        if m > 0.5 and dw < 260.0:
            self.cls = LC_PONDS
        if m > 0.0:
            zp = 0.75 + 0.35 * clamp(dw / 1300.0) + 0.06 * (2.0 * PLAIN_NOISE.at(y, x) - 1.0)
            z = lerp(z, zp, m)
        d = abs(y - self.ry[c]) / self.rk[c]
        dn = y - hill_foot_n(x)
        dwh = hfw - x
        D = math.hypot(dwh, dn) if dwh > 0.0 and dn > 0.0 else max(dwh, dn)  # distance to the plain
        if D > 0.0:
            rmax = 330.0 + 120.0 * smoothstep((y - 4000.0) / 3000.0) * (1.0 - smoothstep((x - 3500.0) / 3000.0))
            base = rmax * (1.0 - math.exp(-D / 900.0)) * smoothstep(D / 220.0)
            # coordinate along the hill foot: dn in the west hills, 1500 m - dw in the north
            # hills, an angle in the corner between them (continuous everywhere)
            if dn <= 0.0:
                across = dn
            elif dwh <= 0.0:
                across = 1500.0 - dwh
            else:
                across = 1500.0 * math.atan2(dn, dwh) / (0.5 * math.pi)
            across += 300.0 * (self.ridge.at(y, x) - 0.5)
            relief = base * (0.30 + 0.80 * self.ridged(x, y, D, across)) + 25.0 * smoothstep(D / 400.0) * (
                self.ridge.at(x, y) - 0.5)
            if x < 2900.0:  # the river's valley through the west hills
                relief *= smoothstep((d - 140.0) / 450.0)
            z += relief
            self.hillw = smoothstep((relief - 8.0) / 30.0)
            if relief > 25.0:
                self.cls = LC_FOREST
            elif relief > 6.0:
                self.cls = LC_SHRUB
        if x < 2800.0:  # valley floor rising upstream with the river
            floor = self.bank[c] + 0.4 + 0.004 * max(0.0, d - 50.0)
            z = lerp(z, max(z, floor), 1.0 - smoothstep((x - 2300.0) / 500.0))
        s, n = valley_sn(x, y)
        if -200.0 < s < VAL_L + 500.0 and abs(n) < 1600.0:
            zb = valley_bed(s)
            W = 600.0 + 150.0 * clamp(s / VAL_L)
            u = max(0.0, abs(n) - 22.0) / (W - 22.0)
            # a divide just outside the valley sides keeps the catchment together
            zr = z + 70.0 * math.exp(-((abs(n) - W - 150.0) / 220.0) ** 2) * smoothstep(s / 300.0)
            v = zb + (zr - zb) * (1.0 - (1.0 - min(1.0, u)) ** 1.8)  # V-shaped, joins the hills smoothly
            if abs(n) > W:
                v = zr
            t = smoothstep((s - (VAL_L + 100.0)) / 400.0)
            v = v * (1.0 - t) + z * t
            if s < 0.0:
                t2 = smoothstep(-s / 200.0)
                v = v * (1.0 - t2) + z * t2
            z = min(zr, v)
            if abs(n) < 6.0 and 0.0 < s < VAL_L:
                z = min(z, zb - 0.9)  # the stream, 0.9 m below the valley floor
                self.cls = LC_RIVER
            if s < VAL_L + 150.0:  # keep the designed valley floor out of the incision
                self.hillw *= smoothstep((abs(n) - 120.0) / 250.0)
        dx, dy = x - TRIB_M[0], y - TRIB_M[1]
        s2, n2 = dx * TRIB_U[0] + dy * TRIB_U[1], dx * TRIB_U[1] - dy * TRIB_U[0]
        if 0.0 < s2 < TRIB_L + 400.0 and abs(n2) < 600.0:
            zb = trib_bed(s2)
            u = max(0.0, abs(n2) - 15.0) / (450.0 - 15.0)
            v = zb + (z - zb) * (1.0 - (1.0 - min(1.0, u)) ** 1.8)
            t = smoothstep((s2 - TRIB_L) / 400.0)
            v = v * (1.0 - t) + z * t
            t0 = smoothstep(s2 / 150.0)  # fade into the main valley at the junction
            z = min(z, v * t0 + z * (1.0 - t0)) if t0 < 1.0 else min(z, v)
            if abs(n2) < 5.0 and 60.0 < s2 < TRIB_L:
                z = min(z, zb - 0.7)
                self.cls = LC_RIVER
            self.hillw *= smoothstep((abs(n2) - 100.0) / 200.0)
        if d < 260.0:  # river flood plain, berms inside the levees
            z = lerp(z, self.bank[c] + 0.3, math.exp(-(d / 130.0) ** 2))
            if d < LEVEE_OFF and x >= LEVEE_X0:
                z = self.bank[c]
        if 3850.0 < x < 4100.0 and 4500.0 < y < 6200.0:
            if polyline_dist(x, y, CREEK_LOW) < 6.0:
                z -= 1.6
                self.cls = LC_RIVER
        return z

    def grid(self):
        """(elevations, hill weights 0..1 where valleys may be incised, land-cover classes),
        row-major from the north."""
        z = array.array("f", bytes(4 * COLS * ROWS))
        w = array.array("f", bytes(4 * COLS * ROWS))
        lc = bytearray(COLS * ROWS)
        for r in range(ROWS):
            y = HEIGHT - (r + 0.5) * DX
            z[r * COLS:(r + 1) * COLS] = array.array("f", self.row(y))
            w[r * COLS:(r + 1) * COLS] = array.array("f", self.wrow)
            lc[r * COLS:(r + 1) * COLS] = bytes(self.crow)
        return z, w, lc


def fill_hill_depressions(z):
    """Priority-Flood (Barnes et al. 2014) with epsilon, only for cells above FILL_ABOVE_M."""
    n = COLS * ROWS
    seen = bytearray(n)
    heap = []
    for i in range(n):
        if z[i] < FILL_ABOVE_M:
            seen[i] = 1
    for i in range(n):
        if seen[i]:
            continue
        r, c = divmod(i, COLS)
        edge = r == 0 or c == 0 or r == ROWS - 1 or c == COLS - 1
        low_nb = (c > 0 and seen[i - 1] and z[i - 1] < FILL_ABOVE_M) or \
                 (c < COLS - 1 and seen[i + 1] and z[i + 1] < FILL_ABOVE_M) or \
                 (r > 0 and z[i - COLS] < FILL_ABOVE_M) or (r < ROWS - 1 and z[i + COLS] < FILL_ABOVE_M)
        if edge or low_nb:
            seen[i] = 1
            heap.append((z[i], i))
    heapq.heapify(heap)
    raised = 0
    while heap:
        zi, i = heapq.heappop(heap)
        r, c = divmod(i, COLS)
        for j in ((i - 1) if c > 0 else -1, (i + 1) if c < COLS - 1 else -1,
                  (i - COLS) if r > 0 else -1, (i + COLS) if r < ROWS - 1 else -1):
            if j < 0 or seen[j]:
                continue
            seen[j] = 1
            if z[j] <= zi:
                z[j] = zi + FILL_EPS_M
                raised += 1
            heapq.heappush(heap, (z[j], j))
    return raised


def flow_accumulation(z, above):
    """D8 contributing area (cells) for cells above `above` m, highest first (O'Callaghan & Mark 1984)."""
    n = COLS * ROWS
    acc = array.array("f", [1.0]) * n
    order = sorted((i for i in range(n) if z[i] >= above), key=z.__getitem__, reverse=True)
    d = math.sqrt(2.0)
    nbs = ((-1, -1, d), (-1, 0, 1.0), (-1, 1, d), (0, -1, 1.0), (0, 1, 1.0), (1, -1, d), (1, 0, 1.0), (1, 1, d))
    for i in order:
        r, c = divmod(i, COLS)
        zi = z[i]
        best, bj = 0.0, -1
        for dr, dc, dist in nbs:
            rr, cc = r + dr, c + dc
            if 0 <= rr < ROWS and 0 <= cc < COLS:
                j = rr * COLS + cc
                g = (zi - z[j]) / dist
                if g > best:
                    best, bj = g, j
        if bj >= 0:
            acc[bj] += acc[i]
    return acc


def box_blur(v, radius):
    """Separable moving average of width 2*radius+1 (edges clamped), in place."""
    out = array.array("f", v)
    k = 2 * radius + 1
    for r in range(ROWS):
        row = v[r * COLS:(r + 1) * COLS]
        pad = [row[0]] * radius + list(row) + [row[-1]] * radius
        s = sum(pad[:k])
        for c in range(COLS):
            out[r * COLS + c] = s / k
            s += pad[c + k] - pad[c] if c + k < len(pad) else 0.0
    for c in range(COLS):
        col = [out[r * COLS + c] for r in range(ROWS)]
        pad = [col[0]] * radius + col + [col[-1]] * radius
        s = sum(pad[:k])
        for r in range(ROWS):
            v[r * COLS + c] = s / k
            s += pad[r + k] - pad[r] if r + k < len(pad) else 0.0


INCISION_MAX_M = 45.0


def incise_valleys(z, hillw):
    """Cut a dendritic valley network into the hills: depth grows with the D8 contributing
    area A as 2.0 A^0.42 (cells of 100 m2, capped at INCISION_MAX_M), a stream-power-like
    form (Whipple & Tucker 1999), blurred so the valleys are V-shaped."""
    acc = flow_accumulation(z, FILL_ABOVE_M)
    cut = array.array("f", (min(INCISION_MAX_M, 2.0 * a ** 0.42) * w if w > 0.0 else 0.0
                            for a, w in zip(acc, hillw)))
    box_blur(cut, 2)
    box_blur(cut, 2)
    for i in range(COLS * ROWS):
        if cut[i] > 0.0:
            z[i] = max(FILL_ABOVE_M + 1.0, z[i] - cut[i]) if z[i] > FILL_ABOVE_M + 1.0 else z[i]


# ---------------------------------------------------------------- writing

def run(cmd):
    try:
        subprocess.run(cmd, check=True)
    except FileNotFoundError:
        sys.exit(f"{cmd[0]} not found: install Debian's gdal-bin (bash .ci/install-deps.sh)")


def write_raster(name, values, cols, rows, cell, dtype, tmp, nodata=None, predictor=True, overviews="NONE"):
    """Raw little-endian values + a VRT header, then a DEFLATE COG (EPSG:32651). overviews: NONE,
    or the resampling of the overview levels (AVERAGE for elevations, NEAREST for classes)."""
    code = {"Float32": "f", "Byte": "B"}[dtype]
    a = array.array(code, values)
    if sys.byteorder == "big":
        a.byteswap()
    raw = os.path.join(tmp, name + ".raw")
    with open(raw, "wb") as f:
        a.tofile(f)
    size = a.itemsize
    vrt = os.path.join(tmp, name + ".vrt")
    nd = f"<NoDataValue>{nodata}</NoDataValue>" if nodata is not None else ""
    with open(vrt, "w") as f:
        f.write(f'<VRTDataset rasterXSize="{cols}" rasterYSize="{rows}">\n'
                f"  <SRS>EPSG:{EPSG}</SRS>\n"
                f"  <GeoTransform>{X0}, {cell}, 0, {Y0 + HEIGHT}, 0, {-cell}</GeoTransform>\n"
                f'  <VRTRasterBand dataType="{dtype}" band="1" subClass="VRTRawRasterBand">\n'
                f"    {nd}\n"
                f'    <SourceFilename relativetoVRT="1">{name}.raw</SourceFilename>\n'
                f"    <ImageOffset>0</ImageOffset><PixelOffset>{size}</PixelOffset>"
                f"<LineOffset>{size * cols}</LineOffset><ByteOrder>LSB</ByteOrder>\n"
                f"  </VRTRasterBand>\n</VRTDataset>\n")
    dst = os.path.join(OUT, name + ".tif")
    cmd = ["gdal_translate", "-q", "-of", "COG", "-co", "COMPRESS=DEFLATE", "-co", "LEVEL=9"]
    if predictor:
        cmd += ["-co", "PREDICTOR=YES"]
    if overviews == "NONE":
        cmd += ["-co", "OVERVIEWS=NONE"]
    else:
        cmd += ["-co", f"OVERVIEW_RESAMPLING={overviews}"]
    run(cmd + [vrt, dst])


# ---------------------------------------------------------------- villages (行政村 / 社区)

# id, pinyin, Chinese, township, danger type, residents, centre (local m)
TOWNSHIPS = {"CG": ("Chengguan Zhen", "城关镇"), "XS": ("Xishan Xiang", "西山乡"),
             "HB": ("Haibin Zhen", "海滨镇"), "DD": ("Dongdao Xiang", "东岛乡")}
VILLAGES = [
    ("V01", "Chengbei Shequ", "城北社区", "CG", "none", 15500, (4000.0, 5400.0)),
    ("V02", "Chengdong Shequ", "城东社区", "CG", "none", 12000, (4900.0, 5150.0)),
    ("V03", "Chengxi Shequ", "城西社区", "CG", "none", 9500, (3250.0, 5150.0)),
    ("V04", "Binjiang Shequ", "滨江社区", "CG", "waterlogging", 6500, (4250.0, 4600.0)),
    ("V05", "Xincheng Shequ", "新城社区", "CG", "none", 11500, (4600.0, 3650.0)),
    ("V06", "Nanmen Shequ", "南门社区", "CG", "none", 7000, (3350.0, 3750.0)),
    ("V07", "Qiaotou Cun", "桥头村", "CG", "waterlogging", 2000, (2250.0, 5230.0)),
    ("V08", "Xiakeng Cun", "下坑村", "CG", "flash_flood_valley", 1500, (3960.0, 5880.0)),
    ("V09", "Tianyang Cun", "田洋村", "CG", "none", 2800, (3400.0, 2100.0)),
    ("V10", "Xinhe Cun", "新河村", "CG", "waterlogging", 2300, (2900.0, 1050.0)),
    ("V11", "Fenghuang Cun", "凤凰村", "CG", "none", 2400, (4950.0, 2750.0)),
    ("V12", "Hetou Cun", "河头村", "XS", "waterlogging", 1600, (1200.0, 5080.0)),
    ("V13", "Shangkeng Cun", "上坑村", "XS", "flash_flood_valley", 1100, valley_xy(380.0, 25.0)),
    ("V14", "Xiling Cun", "西岭村", "XS", "unsafe_housing", 800, (1500.0, 3100.0)),
    ("V15", "Baiyun Cun", "白云村", "XS", "none", 1400, (2250.0, 1300.0)),
    ("V16", "Shanbei Cun", "山背村", "XS", "unsafe_housing", 700, (5200.0, 6700.0)),
    ("V17", "Nanyang Cun", "南洋村", "HB", "seawall_polder", 3200, (5500.0, 1450.0)),
    ("V18", "Dongyu Cun", "东屿村", "HB", "seawall_polder", 2200, (5300.0, 650.0)),
    ("V19", "Haitang Cun", "海塘村", "HB", "seawall_polder", 2500, (5700.0, 2150.0)),
    ("V20", "Yugang Shequ", "渔港社区", "HB", "seawall_polder", 4300, (5950.0, 2800.0)),
    ("V21", "Hekou Cun", "河口村", "HB", "seawall_polder", 1700, (6250.0, 4660.0)),
    ("V22", "Beitu Cun", "北涂村", "HB", "seawall_polder", 2900, (6350.0, 5500.0)),
    ("V23", "Shatou Cun", "沙头村", "HB", "seawall_polder", 2300, (6900.0, 6500.0)),
    ("V24", "Dongdao Cun", "东岛村", "DD", "island", 1800, (8470.0, 2760.0)),
    ("V25", "Daowei Cun", "岛尾村", "DD", "island", 500, (8900.0, 3880.0)),
]
TOWN_IDS = {"V01", "V02", "V03", "V04", "V05", "V06"}
ISLAND_IDS = {"V24", "V25"}
# Where the homes are: (dx, dy, sigma_x, sigma_y, weight) blobs around the centre; the town
# communities also share the town density field.
HOME_BLOBS = {
    "V07": [(0, 0, 160, 120, 1.0)], "V08": [(0, 0, 150, 130, 1.0)],
    "V09": [(0, 0, 200, 160, 1.0), (250, -150, 120, 100, 0.5)], "V10": [(0, 0, 200, 150, 1.0)],
    "V11": [(0, 0, 170, 150, 1.0)], "V12": [(0, 0, 200, 90, 1.0)],
    "V14": [(0, 0, 110, 90, 1.0)], "V15": [(0, 0, 150, 130, 1.0)], "V16": [(0, 0, 110, 90, 1.0)],
    "V17": [(0, 0, 220, 170, 1.0)], "V18": [(0, 0, 180, 150, 1.0)], "V19": [(0, 0, 180, 160, 1.0)],
    "V20": [(0, 0, 200, 200, 1.0), (-150, -250, 120, 120, 0.6)], "V21": [(0, 0, 150, 120, 1.0)],
    "V22": [(0, 0, 200, 170, 1.0)], "V23": [(0, 0, 170, 150, 1.0)],
    "V24": [(0, 0, 130, 120, 1.0)], "V25": [(0, 0, 110, 90, 1.0)],
}
# Shangkeng: houses strung along the valley floor
HOME_BLOBS["V13"] = [(valley_xy(s, 25.0)[0] - valley_xy(380.0, 25.0)[0],
                      valley_xy(s, 25.0)[1] - valley_xy(380.0, 25.0)[1], 70, 70, 1.0)
                     for s in (150.0, 300.0, 450.0, 600.0, 750.0)]
TOWN_BOX = (2900.0, 5300.0, 3300.0, 5700.0)


def village_of(x, y):
    """Village id at a point: the nearest village centre on the same land mass (Voronoi)."""
    isl = x > 7300.0 and on_island(x, y)
    best, bid = 1e30, None
    for vid, _, _, _, _, _, (cx, cy) in VILLAGES:
        if (vid in ISLAND_IDS) != isl:
            continue
        d = (x - cx) ** 2 + (y - cy) ** 2
        if d < best:
            best, bid = d, vid
    return bid


def town_density(x, y):
    x0, x1, y0, y1 = TOWN_BOX
    box = smoothstep((x - x0 + 80.0) / 160.0) * smoothstep((x1 - x + 80.0) / 160.0) * \
        smoothstep((y - y0 + 80.0) / 160.0) * smoothstep((y1 - y + 80.0) / 160.0)
    return box * (1.0 + 1.6 * math.exp(-(((x - 3900.0) / 900.0) ** 2 + ((y - 5050.0) / 650.0) ** 2)))


def voronoi_cell(vid, sites, bbox):
    """Convex Voronoi cell of site `vid` clipped to bbox, by half-plane clipping."""
    x0, y0, x1, y1 = bbox
    poly = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    px, py = sites[vid]
    for oid, (qx, qy) in sites.items():
        if oid == vid:
            continue
        mx, my = (px + qx) / 2.0, (py + qy) / 2.0
        nx, ny = qx - px, qy - py  # keep points with (p - m).n <= 0

        def side(p):
            return (p[0] - mx) * nx + (p[1] - my) * ny

        out = []
        for a, b in zip(poly, poly[1:] + poly[:1]):
            sa, sb = side(a), side(b)
            if sa <= 0.0:
                out.append(a)
            if (sa < 0.0) != (sb < 0.0) and sa != sb:
                t = sa / (sa - sb)
                out.append((a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
        poly = out
        if not poly:
            break
    return poly


def mainland_polygon():
    """Land west of the coastline (waterline), as a closed ring (local m)."""
    ring = [(0.0, 0.0)]
    for i in range(int(HEIGHT / 20.0) + 1):
        y = i * 20.0
        if HB_Y0 < y < HB_Y1:
            continue
        ring.append((x_coast(y), y))
        if y == HB_Y0:  # round the harbour basin
            ring += [(HB_X0, HB_Y0), (HB_X0, HB_Y1)]
    ring += [(0.0, HEIGHT), (0.0, 0.0)]
    return ring


def island_polygon():
    ring = [island_point(2.0 * math.pi * i / 360.0, 1.0) for i in range(360)]
    return ring + ring[:1]


# ---------------------------------------------------------------- roads

# OSM highway class -> (lanes, maxspeed km/h) used when a road does not say
CLASS_DEFAULTS = {"motorway": (2, 100), "motorway_link": (1, 40), "trunk": (4, 80), "primary": (4, 50),
                  "secondary": (2, 50), "tertiary": (2, 40), "unclassified": (2, 30), "residential": (2, 30),
                  "service": (1, 20), "track": (1, 15)}
NODE_TOL_M = 0.6   # points closer than this are one node
T_SNAP_M = 6.0     # a line end this close to another line joins it (T-junction)
RIVER_CUT_M = RIVERSIDE_OFF + 4.0  # town streets stop short of the riverside roads (T-junctions)


class RoadSet:
    def __init__(self):
        self.roads = []

    def add(self, pts, highway, name, name_zh, lanes=None, maxspeed=None, oneway=False, level="ground", **tags):
        lanes_d, speed_d = CLASS_DEFAULTS[highway]
        t = {"highway": highway, "lanes": lanes or lanes_d, "maxspeed": maxspeed or speed_d,
             "oneway": "yes" if oneway else "no", "name": name, "name_zh": name_zh}
        t.update(tags)
        pts = [(round(p[0], 3), round(p[1], 3)) for p in pts]
        if len(pts) >= 2 and polyline_length(pts) > 1.0:
            self.roads.append({"pts": pts, "tags": t, "level": level})


def compatible(la, lb):
    """Do two roads meet where they cross? The motorway only meets its links."""
    if la == "motorway" or lb == "motorway":
        return la == lb or "link" in (la, lb)
    return True


def clip_runs(pts, keep, step=2.0):
    """Pieces of a polyline where keep(x, y) holds (original vertices kept, boundaries within `step`)."""
    runs, cur, last = [], None, None
    for idx in range(len(pts) - 1):
        a, b = pts[idx], pts[idx + 1]
        L = math.hypot(b[0] - a[0], b[1] - a[1])
        n = max(1, int(math.ceil(L / step)))
        for k in range(0 if idx == 0 else 1, n + 1):
            p = a if k == 0 else b if k == n else (a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n)
            if keep(p[0], p[1]):
                if cur is None:
                    cur = [p]
                elif k == n:
                    cur.append(p)
                last = p
            elif cur is not None:
                if cur[-1] != last:
                    cur.append(last)
                runs.append(cur)
                cur = None
    if cur is not None:
        if cur[-1] != last:
            cur.append(last)
        runs.append(cur)
    return [r for r in runs if len(r) >= 2 and polyline_length(r) >= 5.0]


class Registry:
    """Canonical points: any point within NODE_TOL_M of a registered one is that one."""

    def __init__(self, tol):
        self.tol = tol
        self.cells = {}

    def get(self, p):
        t = self.tol
        cx, cy = int(math.floor(p[0] / t)), int(math.floor(p[1] / t))
        best, bq = t, None
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for q in self.cells.get((cx + dx, cy + dy), ()):
                    d = math.hypot(q[0] - p[0], q[1] - p[1])
                    if d <= best:
                        best, bq = d, q
        if bq is not None:
            return bq
        self.cells.setdefault((cx, cy), []).append(p)
        return p


class SegIndex:
    BUCKET = 100.0

    def __init__(self, roads):
        self.cells = {}
        for i, r in enumerate(roads):
            for k, (a, b) in enumerate(zip(r["pts"], r["pts"][1:])):
                for key in self.keys(min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])):
                    self.cells.setdefault(key, []).append((i, k))

    def keys(self, x0, y0, x1, y1):
        B = self.BUCKET
        for cx in range(int(math.floor(x0 / B)), int(math.floor(x1 / B)) + 1):
            for cy in range(int(math.floor(y0 / B)), int(math.floor(y1 / B)) + 1):
                yield (cx, cy)

    def near(self, x, y, r):
        seen = set()
        for key in self.keys(x - r, y - r, x + r, y + r):
            for ik in self.cells.get(key, ()):
                if ik not in seen:
                    seen.add(ik)
                    yield ik


def seg_intersection(a, b, c, d):
    """Parameters (t, u) where segments ab and cd cross, or None (parallel: None)."""
    rx, ry = b[0] - a[0], b[1] - a[1]
    sx, sy = d[0] - c[0], d[1] - c[1]
    den = rx * sy - ry * sx
    if abs(den) < 1e-9 * (abs(rx) + abs(ry)) * (abs(sx) + abs(sy)) or den == 0.0:
        return None
    t = ((c[0] - a[0]) * sy - (c[1] - a[1]) * sx) / den
    u = ((c[0] - a[0]) * ry - (c[1] - a[1]) * rx) / den
    if -1e-9 <= t <= 1.0 + 1e-9 and -1e-9 <= u <= 1.0 + 1e-9:
        return t, u
    return None


def apply_insertions(roads, ins):
    for i, per_seg in ins.items():
        pts = roads[i]["pts"]
        out = [pts[0]]
        for k in range(len(pts) - 1):
            for _, p in sorted(per_seg.get(k, ())):
                if p != out[-1]:
                    out.append(p)
            if pts[k + 1] != out[-1]:
                out.append(pts[k + 1])
        roads[i]["pts"] = out


def node_roads(rs):
    """Give every at-grade crossing and T-junction a shared vertex (as OSM ways share nodes).
    Returns the crossings where a motorway passes over another road (for its bridges)."""
    roads = rs.roads
    reg = Registry(NODE_TOL_M)
    for r in roads:  # 1. canonical vertices
        out = []
        for p in r["pts"]:
            q = reg.get(p)
            if not out or q != out[-1]:
                out.append(q)
        r["pts"] = out
    # 2. T-junctions: a line end close to another line is moved onto it
    idx = SegIndex(roads)
    ins = {}
    for i, r in enumerate(roads):
        for end in (0, -1):
            e = r["pts"][end]
            best, hit = T_SNAP_M, None
            for j, k in idx.near(e[0], e[1], T_SNAP_M):
                if j == i or not compatible(r["level"], roads[j]["level"]):
                    continue
                a, b = roads[j]["pts"][k], roads[j]["pts"][k + 1]
                if e == a or e == b:
                    best, hit = 0.0, None
                    break
                d, t = seg_point_dist(e[0], e[1], a[0], a[1], b[0], b[1])
                if d < best:
                    best, hit = d, (j, k, t)
            if hit is None:
                continue
            j, k, t = hit
            a, b = roads[j]["pts"][k], roads[j]["pts"][k + 1]
            q = reg.get((round(a[0] + t * (b[0] - a[0]), 3), round(a[1] + t * (b[1] - a[1]), 3)))
            r["pts"][end] = q
            if q != a and q != b:
                ins.setdefault(j, {}).setdefault(k, []).append((t, q))
    apply_insertions(roads, ins)
    for r in roads:
        r["pts"] = [p for n, p in enumerate(r["pts"]) if n == 0 or p != r["pts"][n - 1]]
    # 3. crossings
    idx = SegIndex(roads)
    ins = {}
    over = []  # (motorway road index, point)
    done = set()
    for cell in idx.cells.values():
        for n1 in range(len(cell)):
            i, k = cell[n1]
            for n2 in range(n1 + 1, len(cell)):
                j, l = cell[n2]
                if i == j:
                    continue
                key = (i, k, j, l) if i < j else (j, l, i, k)
                if key in done:
                    continue
                done.add(key)
                a, b = roads[i]["pts"][k], roads[i]["pts"][k + 1]
                c, d = roads[j]["pts"][l], roads[j]["pts"][l + 1]
                if max(a[0], b[0]) < min(c[0], d[0]) or max(c[0], d[0]) < min(a[0], b[0]) or \
                        max(a[1], b[1]) < min(c[1], d[1]) or max(c[1], d[1]) < min(a[1], b[1]):
                    continue
                hit = seg_intersection(a, b, c, d)
                if hit is None:
                    continue
                t, u = hit
                p = (round(a[0] + t * (b[0] - a[0]), 3), round(a[1] + t * (b[1] - a[1]), 3))
                if not compatible(roads[i]["level"], roads[j]["level"]):
                    over.append((i if roads[i]["level"] == "motorway" else j, p))
                    continue
                q = reg.get(p)
                if q not in (a, b):
                    ins.setdefault(i, {}).setdefault(k, []).append((t, q))
                if q not in (c, d):
                    ins.setdefault(j, {}).setdefault(l, []).append((u, q))
    apply_insertions(roads, ins)
    for r in roads:
        r["pts"] = [p for n, p in enumerate(r["pts"]) if n == 0 or p != r["pts"][n - 1]]
    return over


def crossing_positions(pts, other):
    """Arc-length positions along pts where it crosses polyline `other`, with the crossing sine."""
    out = []
    s0 = 0.0
    for a, b in zip(pts, pts[1:]):
        L = math.hypot(b[0] - a[0], b[1] - a[1])
        for c, d in zip(other, other[1:]):
            if max(a[0], b[0]) < min(c[0], d[0]) or max(c[0], d[0]) < min(a[0], b[0]) or \
                    max(a[1], b[1]) < min(c[1], d[1]) or max(c[1], d[1]) < min(a[1], b[1]):
                continue
            hit = seg_intersection(a, b, c, d)
            if hit:
                M = math.hypot(d[0] - c[0], d[1] - c[1])
                sin = abs((b[0] - a[0]) * (d[1] - c[1]) - (b[1] - a[1]) * (d[0] - c[0])) / max(1e-9, L * M)
                pos = s0 + hit[0] * L
                if not out or abs(out[-1][0] - pos) > 0.01:  # a crossing at a vertex counts once
                    out.append((pos, sin))
        s0 += L
    return out


def split_runs(pts, intervals):
    """Split a polyline at the ends of the (sorted, merged) arc-length intervals; returns
    [(points, inside_interval_tag)]."""
    if not intervals:
        return [(pts, None)]
    # cut positions
    cuts = []
    for s0, s1, tag in intervals:
        cuts.append((s0, tag, True))
        cuts.append((s1, tag, False))
    out, cur, acc, ci, state = [], [pts[0]], 0.0, 0, None
    for a, b in zip(pts, pts[1:]):
        L = math.hypot(b[0] - a[0], b[1] - a[1])
        while ci < len(cuts) and cuts[ci][0] <= acc + L:
            s, tag, opening = cuts[ci]
            t = (s - acc) / L if L else 0.0
            p = (round(a[0] + t * (b[0] - a[0]), 3), round(a[1] + t * (b[1] - a[1]), 3))
            # snap to a vertex within a metre
            if math.hypot(p[0] - a[0], p[1] - a[1]) < 1.0:
                p = a
            elif math.hypot(p[0] - b[0], p[1] - b[1]) < 1.0:
                p = b
            if p != cur[-1]:
                cur.append(p)
            if len(cur) >= 2:
                out.append((cur, state))
            cur = [p]
            state = tag if opening else None
            ci += 1
        if b != cur[-1]:
            cur.append(b)
        acc += L
    if len(cur) >= 2:
        out.append((cur, state))
    return [(p, s) for p, s in out if polyline_length(p) > 0.05]


def merge_intervals(iv):
    iv = sorted(iv)
    out = []
    for s0, s1, tag in iv:
        if out and s0 <= out[-1][1] + 5.0 and out[-1][2] == tag:
            out[-1] = (out[-1][0], max(out[-1][1], s1), tag)
        elif out and s0 <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], s1), out[-1][2])
        else:
            out.append((s0, s1, tag))
    return out


ZH_NUM = "零一二三四五六七八九十"


def zh_num(n):
    if n <= 10:
        return ZH_NUM[n]
    if n < 20:
        return "十" + ZH_NUM[n - 10]
    return ZH_NUM[n // 10] + "十" + (ZH_NUM[n % 10] if n % 10 else "")


def xm(y):
    """Centre line of the motorway (G15), x as a function of y."""
    return 2620.0 + 60.0 * math.sin(y / 1400.0)


MW_HALF = 12.0  # carriageway offset from the centre line (m)
IC_Y = 3800.0   # Chengxi interchange (on Chengxi Dadao)
TUNNEL_Y = (6650.0, 7100.0)

TRUNK = [(4300.0, 0.0), (4400.0, 700.0), (4600.0, 1700.0), (5150.0, 2600.0), (5450.0, 3300.0),
         (5600.0, 3780.0), (5700.0, 4400.0), (5850.0, 5100.0), (6050.0, 5700.0), (6300.0, 6300.0),
         (6650.0, 7100.0), (7000.0, 8000.0)]


def trunk_x(y):
    return interp([(p[1], p[0]) for p in TRUNK], y)


def on_trunk(y):
    return (trunk_x(y), y)


def wall_road(y):
    """The coastal road just behind the sea wall."""
    return (x_wall(y) - 40.0, y)


TOWN_STEP = 100.0  # street spacing in the town grid (m)
TX = [2900.0 + TOWN_STEP * i for i in range(25)]
TY = [3300.0 + TOWN_STEP * j for j in range(25)]
X_ZHONGSHAN, X_JIEFANG, Y_NANHUAN, Y_RENMIN, Y_BEIHUAN = 3500.0, 4100.0, 3300.0, 5100.0, 5700.0
TOWN_MAIN_X = {0: ("secondary", "Xihuan Lu", "西环路", 4, 50), 6: ("secondary", "Zhongshan Lu", "中山路", 4, 40),
               12: ("primary", "Jiefang Lu", "解放路", 4, 50), 18: ("secondary", "Dongmen Lu", "东门路", 2, 40),
               24: ("secondary", "Donghuan Lu", "东环路", 4, 50)}
TOWN_MAIN_Y = {0: ("secondary", "Nanhuan Lu", "南环路", 4, 50), 5: ("primary", "Chengxi Dadao", "城西大道", 6, 60),
               10: ("tertiary", "Xincheng Lu", "新城路", 2, 40), 18: ("primary", "Renmin Lu", "人民路", 4, 50),
               20: ("tertiary", "Gulou Lu", "鼓楼路", 2, 30), 24: ("secondary", "Beihuan Lu", "北环路", 4, 50)}
ONEWAY_X = {8: ("Gulou Jie", "鼓楼街", -1), 9: ("Wuma Jie", "五马街", +1)}  # north of the river
DROP_SHARE = 0.12  # share of town blocks where a residential street is missing (compounds)

# village street nets: angle (deg), lines along, lines across, spacing (m)
VILLAGE_NETS = {"V07": (10, 3, 3, 90), "V08": (0, 3, 3, 80), "V09": (15, 4, 3, 100), "V10": (-10, 4, 3, 100),
                "V11": (0, 3, 3, 90), "V12": (-8, 4, 2, 90), "V14": (20, 2, 2, 70), "V15": (5, 3, 3, 80),
                "V16": (-15, 2, 2, 70), "V17": (8, 4, 4, 100), "V18": (30, 3, 3, 90), "V19": (20, 3, 3, 90),
                "V20": (0, 4, 4, 90), "V21": (0, 3, 2, 90), "V22": (15, 4, 3, 100), "V23": (20, 3, 3, 90),
                "V24": (25, 3, 3, 70), "V25": (0, 2, 2, 70)}


def vcentre(vid):
    for v in VILLAGES:
        if v[0] == vid:
            return v[6]
    raise KeyError(vid)


def vname(vid):
    for v in VILLAGES:
        if v[0] == vid:
            return v[1], v[2]
    raise KeyError(vid)


# ferry piers (local m): ends of the pier roads and of the ferry line
PIER_MAINLAND = (round(x_coast(HB_Y0) - 150.0, 1), HB_Y0 - 5.0)
PIER_ISLAND = (COVE[0] + COVE[2] + 8.0, COVE[1])


def build_roads():
    rs = RoadSet()
    add = rs.add
    # --- town street grid ---
    def town_line(pts_fixed, keep_seg, cut_river):
        runs, cur = [], [pts_fixed[0]]
        for k in range(len(pts_fixed) - 1):
            if keep_seg(k):
                cur.append(pts_fixed[k + 1])
            else:
                if len(cur) >= 2:
                    runs.append(cur)
                cur = [pts_fixed[k + 1]]
        if len(cur) >= 2:
            runs.append(cur)
        if cut_river:
            runs = [q for r in runs for q in clip_runs(r, lambda x, y: river_dist(x, y) >= RIVER_CUT_M)]
        return runs

    for i, x in enumerate(TX):
        pts = [(x, y) for y in TY]
        main = TOWN_MAIN_X.get(i)
        if main:
            hw, nm, zh, lanes, spd = main
            add(pts, hw, nm, zh, lanes=lanes, maxspeed=spd)
            continue
        keep = (lambda k: True) if i in ONEWAY_X else (lambda k, i=i: hash01(1, i, k) >= DROP_SHARE)
        for run in town_line(pts, keep, True):
            north = river_y(x) < run[0][1]
            if i in ONEWAY_X and north:
                nm, zh, sense = ONEWAY_X[i]
                add(run if sense > 0 else run[::-1], "residential", nm, zh, oneway=True, lanes=2)
            else:
                add(run, "residential", f"Jing {i} Lu", f"经{zh_num(i)}路")
    for j, y in enumerate(TY):
        pts = [(x, y) for x in TX]
        main = TOWN_MAIN_Y.get(j)
        keep = (lambda k: True) if main else (lambda k, j=j: hash01(2, j, k) >= DROP_SHARE)
        for run in town_line(pts, keep, True):
            if main:
                hw, nm, zh, lanes, spd = main
                add(run, hw, nm, zh, lanes=lanes, maxspeed=spd)
            else:
                add(run, "residential", f"Wei {j} Lu", f"纬{zh_num(j)}路")
    # riverside roads
    for off, nm, zh in ((RIVERSIDE_OFF, "Binjiang Bei Lu", "滨江北路"), (-RIVERSIDE_OFF, "Binjiang Nan Lu", "滨江南路")):
        line = river_line(TX[0] - 120.0, TX[-1] + 120.0, 20.0, off)
        for run in clip_runs(line, lambda x, y: TX[0] <= x <= TX[-1]):
            add(run, "tertiary", nm, zh, maxspeed=40)

    # --- motorway G15 with the Chengxi interchange and the Beishan tunnel ---
    ys = [100.0 * k for k in range(81)]
    add([(xm(y) + MW_HALF, y) for y in ys], "motorway", "Shenhai Expressway", "沈海高速", oneway=True,
        level="motorway", ref="G15")
    add([(xm(y) - MW_HALF, y) for y in ys[::-1]], "motorway", "Shenhai Expressway", "沈海高速", oneway=True,
        level="motorway", ref="G15")
    east_j, west_j = (xm(IC_Y) + 170.0, IC_Y), (xm(IC_Y) - 170.0, IC_Y)
    ramp = dict(oneway=True, level="link", name="Chengxi Interchange", name_zh="城西互通")
    add([(xm(3400.0) + MW_HALF, 3400.0), (xm(3600.0) + 45.0, 3620.0), east_j], "motorway_link", **ramp)
    add([east_j, (xm(3960.0) + 45.0, 3940.0), (xm(4200.0) + MW_HALF, 4200.0)], "motorway_link", **ramp)
    add([(xm(4200.0) - MW_HALF, 4200.0), (xm(3960.0) - 45.0, 3940.0), west_j], "motorway_link", **ramp)
    add([west_j, (xm(3600.0) - 45.0, 3620.0), (xm(3400.0) - MW_HALF, 3400.0)], "motorway_link", **ramp)

    # --- national road G228 (trunk), slower through the town ---
    def trunk_part(y0, y1):
        pts = [on_trunk(y0)] + [p for p in TRUNK if y0 < p[1] < y1] + [on_trunk(y1)]
        return pts
    add(trunk_part(0.0, 3000.0), "trunk", "Guodao 228", "国道228线", maxspeed=80, ref="G228")
    add(trunk_part(3000.0, 5400.0), "trunk", "Guodao 228", "国道228线", maxspeed=60, ref="G228")
    add(trunk_part(5400.0, HEIGHT), "trunk", "Guodao 228", "国道228线", maxspeed=80, ref="G228")

    # --- town roads out to the trunk, the motorway and the villages ---
    add([(TX[0], Y_RENMIN), (2620.0, 5090.0), (2400.0, 5150.0), vcentre("V07")], "primary", "Renmin Xi Lu",
        "人民西路", maxspeed=50)
    add([(TX[-1], Y_RENMIN), on_trunk(Y_RENMIN)], "primary", "Renmin Lu", "人民路", maxspeed=50)
    beitu_end = wall_road(5550.0)
    add([on_trunk(Y_RENMIN), (6100.0, 5350.0), vcentre("V22"), beitu_end], "secondary", "Beitu Lu", "北涂路")
    add([west_j, east_j, (TX[0], IC_Y)], "primary", "Chengxi Dadao", "城西大道", lanes=6, maxspeed=60)
    add([(TX[-1], IC_Y), on_trunk(IC_Y)], "primary", "Chengxi Dadao", "城西大道", lanes=6, maxspeed=60)
    add([(TX[-1], Y_NANHUAN), on_trunk(Y_NANHUAN)], "secondary", "Nanhuan Lu", "南环路", lanes=4)
    add([(TX[-1], Y_BEIHUAN), on_trunk(Y_BEIHUAN)], "secondary", "Beihuan Lu", "北环路", lanes=4)
    # north: Xiakeng and the Shangkeng valley road (a dead end up the flash-flood valley)
    mouth_pt = valley_xy(-150.0, 40.0)
    add([(X_JIEFANG, Y_BEIHUAN), (4030.0, 5800.0), mouth_pt], "tertiary", "Shangkeng Lu", "上坑路")
    add([valley_xy(s, 40.0) for s in [-150.0 + 100.0 * k for k in range(12)]], "unclassified",
        "Shangkeng Lu", "上坑路")
    add([valley_xy(s, 40.0) for s in [950.0 + 100.0 * k for k in range(6)]], "track", "Shangkeng Forest Road",
        "上坑林道")
    # south: industrial park, Tianyang, Xinhe, Baiyun
    add([(X_JIEFANG, Y_NANHUAN), (X_JIEFANG, 2500.0)], "secondary", "Gongye Dadao", "工业大道")
    for x in (3700.0, 3900.0, 4300.0, 4500.0):
        add([(x, 3000.0), (x, 2500.0)], "tertiary", "Chengnan Industrial Park", "城南工业园区")
    for y in (2500.0, 2750.0, 3000.0):
        add([(3700.0, y), (4500.0, y)], "tertiary", "Chengnan Industrial Park", "城南工业园区")
    add([(4500.0, 2750.0), vcentre("V11"), on_trunk(2750.0)], "tertiary", "Fenghuang Lu", "凤凰路")
    add([(X_ZHONGSHAN, Y_NANHUAN), (3450.0, 2700.0), vcentre("V09"), (3150.0, 1600.0), vcentre("V10"), (2800.0, 500.0),
         (2750.0, 0.0)], "tertiary", "Tianyang Lu", "田洋路")
    add([(X_JIEFANG, 2500.0), (4000.0, 1900.0)], "tertiary", "Tianyang Dong Lu", "田洋东路")
    add([vcentre("V09"), (4000.0, 1900.0), on_trunk(1750.0), (5100.0, 1550.0), vcentre("V17"),
         wall_road(1450.0)], "secondary", "Haibin Lu", "海滨路")
    add([vcentre("V10"), (2500.0, 1180.0), vcentre("V15"), (2000.0, 1400.0), (1800.0, 1550.0)], "tertiary",
        "Baiyun Lu", "白云路")
    # west: Xiling (up the hill), Qiaotou, Xishan valley road to Hetou
    add([west_j, (2300.0, 3700.0), (2150.0, 3550.0), (1950.0, 3450.0), (1800.0, 3300.0), (1650.0, 3230.0),
         vcentre("V14")], "tertiary", "Xiling Lu", "西岭路")
    add([vcentre("V07"), (2280.0, 4700.0), (2380.0, 4200.0), west_j], "tertiary", "Qiaotou Lu", "桥头路")
    xs = [2100.0 - 100.0 * k for k in range(21)] + [0.0]
    add([vcentre("V07")] + [(x, river_y(x) + 170.0) for x in xs if x >= 0.0], "secondary", "Xishan Lu", "西山路")
    # polder villages and the harbour
    add([on_trunk(700.0), (4900.0, 680.0), vcentre("V18"), (5450.0, 1000.0), vcentre("V17")], "tertiary",
        "Dongyu Lu", "东屿路")
    gk = [on_trunk(IC_Y), (5850.0, 3350.0), (5950.0, 3060.0), (HB_X0 - 54.0, 3060.0), (HB_X0 - 54.0, 2950.0)]
    add(gk, "primary", "Gangkou Lu", "港口路", lanes=2, maxspeed=40)
    add([vcentre("V17"), (5600.0, 1800.0), vcentre("V19"), (5850.0, 2500.0), vcentre("V20"), (5950.0, 3060.0)],
        "tertiary", "Haitang Lu", "海塘路")
    qx = HB_X0 - 54.0
    add([(qx, 2950.0), (round(x_coast(2950.0) - 30.0, 1), 2950.0)], "service", "Yugang North Quay", "渔港北码头")
    add([(qx, 2950.0), (qx, 2450.0)], "service", "Yugang West Quay", "渔港西码头")
    add([(qx, 2450.0), (round(x_coast(2450.0) - 30.0, 1), 2450.0)], "service", "Yugang South Quay", "渔港南码头")
    add([(PIER_MAINLAND[0], 2450.0), PIER_MAINLAND], "service", "Yugang Ferry Pier", "渔港客运码头")
    add([vcentre("V20"), (qx, 2800.0)], "service", "Yugang Gate Road", "渔港闸口路")
    add([(5900.0, 2690.0), (5900.0, 2600.0), (6080.0, 2600.0)], "service", "Fish Processing Yard",
        "水产加工园", access="private")
    add([(round(x_coast(2450.0) - 30.0, 1), 2450.0), (round(x_coast(2420.0) - 40.0, 1), 2415.0)], "service",
        "Port Authority Yard", "港务站场", access="private")
    add([(3700.0, 2625.0), (3560.0, 2625.0)], "service", "Factory Compound Road", "厂区道路", access="private")
    add([(3100.0, Y_BEIHUAN), (3100.0, 5850.0)], "service", "Reservoir Road", "水库管理道路", access="private")
    # coast north of the harbour and around the river mouth
    add([(HB_X0 - 54.0, 3060.0)] + [wall_road(y) for y in (3200.0, 3400.0, 3600.0, 3800.0)] +
        [(6300.0, 3950.0), on_trunk(3950.0)], "tertiary", "Haitian Lu", "海天路")
    add([on_trunk(4650.0), vcentre("V21"), wall_road(4650.0)], "tertiary", "Hekou Lu", "河口路")
    add([wall_road(y) for y in [4450.0 + 100.0 * k for k in range(30)]] + [on_trunk(7400.0)], "tertiary",
        "Haibin Dadao", "海滨大道")
    add([on_trunk(6500.0), vcentre("V23"), wall_road(6500.0)], "tertiary", "Shatou Lu", "沙头路")
    add([wall_road(6500.0), (round(x_wall(6500.0) + 70.0, 1), 6500.0)], "service", "Shatou Beach Access",
        "沙头海滩通道")
    add([on_trunk(6200.0), (5950.0, 6300.0), (5650.0, 6480.0), (5400.0, 6600.0), vcentre("V16")], "tertiary",
        "Shanbei Lu", "山背路")
    # polder field roads
    def polder_roads(xs_, ys_, mask, nm, zh):
        for x in xs_:
            for run in clip_runs([(x, ys_[0]), (x, ys_[-1])],
                                 lambda a, b: mask(a, b, x_wall(b) - a) > 0.5 and a < x_wall(b) - 60.0, 5.0):
                add(run, "unclassified", nm, zh)
        for y in ys_:
            for run in clip_runs([(xs_[0], y), (xs_[-1], y)],
                                 lambda a, b: mask(a, b, x_wall(b) - a) > 0.5 and a < x_wall(b) - 60.0, 5.0):
                add(run, "unclassified", nm, zh)
    polder_roads([4850.0 + 350.0 * k for k in range(5)], [450.0 + 350.0 * k for k in range(6)], polder_south,
                 "Nanyang Polder Road", "南洋围垦路")
    polder_roads([5950.0 + 350.0 * k for k in range(4)], [4750.0 + 400.0 * k for k in range(6)], polder_north,
                 "Beitu Polder Road", "北涂围垦路")
    # village street nets
    for vid, (ang, na, nc, sp) in VILLAGE_NETS.items():
        cx, cy = vcentre(vid)
        cx += 0.37 * sp
        cy += 0.23 * sp
        a = math.radians(ang)
        ux, uy, vx, vy = math.cos(a), math.sin(a), -math.sin(a), math.cos(a)
        la, lc = (na - 1) * sp / 2.0 + sp * 0.6, (nc - 1) * sp / 2.0 + sp * 0.6
        nm, zh = vname(vid)
        base = nm.split()[0]
        k = 0
        for i in range(nc):
            o = (i - (nc - 1) / 2.0) * sp
            k += 1
            add([(cx + o * vx - la * ux, cy + o * vy - la * uy), (cx + o * vx + la * ux, cy + o * vy + la * uy)],
                "residential", f"{base} Lane {k}", f"{zh[:-1]}{zh_num(k)}巷")
        for i in range(na):
            o = (i - (na - 1) / 2.0) * sp
            k += 1
            add([(cx + o * ux - lc * vx, cy + o * uy - lc * vy), (cx + o * ux + lc * vx, cy + o * uy + lc * vy)],
                "residential", f"{base} Lane {k}", f"{zh[:-1]}{zh_num(k)}巷")
    # Shangkeng: lanes up the slopes from the valley road
    for k, s in enumerate((200.0, 350.0, 500.0, 650.0)):
        add([valley_xy(s, 40.0), valley_xy(s + 20.0, 160.0)], "residential", f"Shangkeng Lane {k + 1}",
            f"上坑{zh_num(k + 1)}巷")
        add([valley_xy(s, 40.0), valley_xy(s - 10.0, -60.0)], "residential", f"Shangkeng Lane {k + 5}",
            f"上坑{zh_num(k + 5)}巷")

    # --- island: ring road, pier road, lighthouse and school roads (not linked to the mainland) ---
    ring = [island_point(math.radians(5.0 * k), 0.74) for k in range(73)]
    add(ring[:37], "unclassified", "Dongdao Huandao Lu", "东岛环岛路")
    add(ring[36:72] + [ring[0]], "unclassified", "Dongdao Huandao Lu", "东岛环岛路")
    add([PIER_ISLAND, (8440.0, 2700.0), vcentre("V24"), island_point(math.radians(185.0), 0.74)], "tertiary",
        "Dongdao Matou Lu", "东岛码头路")
    add([island_point(math.radians(160.0), 0.74), (8750.0, 3050.0), (9000.0, 3200.0), (9100.0, 3300.0)],
        "unclassified", "Dengta Lu", "灯塔路")
    add([island_point(math.radians(175.0), 0.74), (8700.0, 2900.0)], "service", "Dongdao School Road",
        "东岛学校路")
    add([island_point(math.radians(5.0), 0.74), island_point(math.radians(2.0), 0.93)], "service",
        "Dongdao Beach Road", "东岛沙滩路")
    add([vcentre("V25"), island_point(math.radians(90.0), 0.74)], "residential", "Daowei Lane 5", "岛尾五巷")
    return rs


def add_access_roads(rs, places):
    """A service road from each place farther than ACCESS_MIN_M from a road to the nearest road
    (motorway and links excluded). places: [(id, pinyin name, Chinese name, (x, y))]."""
    idx = SegIndex(rs.roads)
    added = []
    for pid, nm, zh, (px, py) in places:
        best, bq = 1e30, None
        for r in (300.0, 800.0, 2000.0):
            for i, k in idx.near(px, py, r):
                road = rs.roads[i]
                if road["level"] != "ground":
                    continue
                a, b = road["pts"][k], road["pts"][k + 1]
                d, t = seg_point_dist(px, py, a[0], a[1], b[0], b[1])
                if d < best:
                    best, bq = d, (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
            if bq is not None:
                break
        if best > ACCESS_MIN_M:
            rs.add([(px, py), bq], "service", f"{nm} Access", f"{zh}通道")
            added.append((pid, round(best, 1)))
    return added


def road_features(rs, over):
    """Split the noded roads into features with bridge=yes / tunnel=yes pieces."""
    river = river_line(0.0, RIVER_MOUTH_X + 200.0, 20.0)
    creek = creek_line()
    feats = []
    for idx, r in enumerate(rs.roads):
        pts, level = r["pts"], r["level"]
        iv = []
        for s, sin in crossing_positions(pts, river):
            h = min(RIVERSIDE_OFF - 7.0, (LEVEE_OFF + 5.0) / max(sin, 0.3))  # spans the levees
            iv.append((s - h, s + h, "bridge"))
        for s, sin in crossing_positions(pts, creek):
            h = min(20.0, 8.0 / max(sin, 0.4))
            iv.append((s - h, s + h, "bridge"))
        if level == "motorway":
            for j, p in over:
                if j != idx:
                    continue
                s = crossing_positions(pts, [(p[0] - 0.5, p[1] - 0.5), (p[0] + 0.5, p[1] + 0.5)]) or \
                    crossing_positions(pts, [(p[0] - 0.5, p[1] + 0.5), (p[0] + 0.5, p[1] - 0.5)])
                for s0, _ in s:
                    iv.append((s0 - 20.0, s0 + 20.0, "bridge"))
            t = crossing_positions(pts, [(0.0, TUNNEL_Y[0]), (WIDTH, TUNNEL_Y[0])]) + \
                crossing_positions(pts, [(0.0, TUNNEL_Y[1]), (WIDTH, TUNNEL_Y[1])])
            if len(t) == 2:
                iv.append((min(t[0][0], t[1][0]), max(t[0][0], t[1][0]), "tunnel"))
        L = polyline_length(pts)
        iv = merge_intervals([(max(0.0, a), min(L, b), tag) for a, b, tag in iv if b > 0.0 and a < L])
        for piece, tag in split_runs(pts, iv):
            props = dict(r["tags"])
            if tag == "bridge":
                props["bridge"] = "yes"
                props["layer"] = 1
            elif tag == "tunnel":
                props["tunnel"] = "yes"
                props["layer"] = -1
                props["name"] = "Beishan Tunnel"
                props["name_zh"] = "北山隧道"
                props["maxspeed"] = 80
            feats.append((piece, props))
    return feats


def network_stats(feats):
    """Pieces between nodes, directed links and weakly connected components, counted the way the
    reader builds its graph (nodes at line ends and at vertices shared by two or more lines)."""
    use = {}
    for pts, _ in feats:
        for p in set(pts):
            use[p] = use.get(p, 0) + 1
    ends = set()
    for pts, _ in feats:
        ends.add(pts[0])
        ends.add(pts[-1])
    parent = {}

    def find(a):
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    pieces = links = 0
    for pts, props in feats:
        start = pts[0]
        for p in pts[1:]:
            if p in ends or use[p] > 1 or p == pts[-1]:
                pieces += 1
                links += 1 if props["oneway"] == "yes" else 2
                ra, rb = find(start), find(p)
                if ra != rb:
                    parent[ra] = rb
                start = p
    comps = {}
    for p in ends:
        comps[find(p)] = comps.get(find(p), 0) + 1
    nodes = {p for p in use if p in ends or use[p] > 1}
    sizes = {}
    for p in nodes:
        sizes[find(p)] = sizes.get(find(p), 0) + 1
    return {"pieces": pieces, "links": links, "nodes": len(nodes),
            "components": sorted(sizes.values(), reverse=True),
            "km": sum(polyline_length(p) for p, _ in feats) / 1000.0}


# ---------------------------------------------------------------- places

# Shelters (避灾安置场所): id, pinyin, Chinese, level, base capacity (persons), school, position.
# County-level capacities are scaled in main() so the total is SHELTER_SHARE of the people a full
# transfer of every danger zone would move (see the README).
SHELTER_SHARE = 0.90
PLAN_MAX = 4  # shelters listed in one village's plan
SHELTERS = [
    ("S01", "County Sports Centre", "县体育中心", "county", 6000, False, (4500.0, 3440.0)),
    ("S02", "County No.1 Senior High School", "县第一中学", "county", 3000, True, (3700.0, 5560.0)),
    ("S03", "Xishan Park Emergency Shelter", "西山公园应急避难场所", "county", 2000, False, (2150.0, 4300.0)),
    ("S04", "County Vocational School", "县职业技术学校", "county", 2500, True, (3250.0, 3440.0)),
    ("S05", "County Culture and Arts Centre", "县文化艺术中心", "county", 1500, False, (4700.0, 4500.0)),
    ("S06", "County Party School", "县委党校", "county", 800, False, (2950.0, 5620.0)),
    ("S07", "Chengbei Middle School", "城北中学", "county", 1800, True, (4380.0, 5560.0)),
    ("S08", "Experimental Middle School", "实验中学", "county", 1600, True, (3900.0, 3560.0)),
    ("S09", "Beishan Emergency Shelter", "北山避灾安置中心", "county", 1200, False, (4400.0, 6300.0)),
    ("S10", "Xincheng Exhibition Centre", "新城会展中心", "county", 4000, False, (5050.0, 3560.0)),
    ("S11", "Haibin Town Government Hall", "海滨镇政府", "township", 300, False, (5150.0, 2350.0)),
    ("S12", "Haibin Central Primary School", "海滨镇中心小学", "township", 400, True, (5250.0, 1650.0)),
    ("S13", "Xishan Township Government", "西山乡政府", "township", 250, False, (1500.0, 5150.0)),
    ("S14", "Chengdong Community Service Centre", "城东社区服务中心", "township", 300, False, (5000.0, 5220.0)),
    ("S15", "Binjiang Community Service Centre", "滨江社区服务中心", "township", 250, False, (4250.0, 4640.0)),
    ("S16", "Nanmen Primary School", "南门小学", "township", 300, True, (3400.0, 3900.0)),
    ("S17", "Yugang Fishermen's Activity Centre", "渔港渔民活动中心", "township", 300, False, (5990.0, 2900.0)),
    ("S18", "Fenghuang Primary School", "凤凰小学", "township", 250, True, (4880.0, 2820.0)),
    ("S19", "Dongdao School", "东岛学校", "township", 300, True, (8700.0, 2900.0)),
    ("S20", "Chengxi Community Service Centre", "城西社区服务中心", "township", 250, False, (3150.0, 5300.0)),
    ("S21", "Nanyang Village Cultural Hall", "南洋村文化礼堂", "village", 100, False, (5460.0, 1500.0)),
    ("S22", "Dongyu Village Cultural Hall", "东屿村文化礼堂", "village", 80, False, (5250.0, 700.0)),
    ("S23", "Haitang Village Cultural Hall", "海塘村文化礼堂", "village", 80, False, (5650.0, 2200.0)),
    ("S24", "Beitu Village Cultural Hall", "北涂村文化礼堂", "village", 100, False, (6300.0, 5560.0)),
    ("S25", "Shatou Village Cultural Hall", "沙头村文化礼堂", "village", 80, False, (6850.0, 6560.0)),
    ("S26", "Hekou Village Cultural Hall", "河口村文化礼堂", "village", 60, False, (6200.0, 4700.0)),
    ("S27", "Shangkeng Village Hall (terrace)", "上坑村避灾点", "village", 60, False, valley_xy(420.0, 140.0)),
    ("S28", "Xiakeng Village Cultural Hall", "下坑村文化礼堂", "village", 80, False, (3990.0, 5920.0)),
    ("S29", "Hetou Village Cultural Hall", "河头村文化礼堂", "village", 80, False, (1250.0, 5120.0)),
    ("S30", "Qiaotou Village Cultural Hall", "桥头村文化礼堂", "village", 100, False, (2200.0, 5280.0)),
    ("S31", "Xiling Village Hall", "西岭村避灾点", "village", 50, False, (1480.0, 3140.0)),
    ("S32", "Shanbei Village Hall", "山背村避灾点", "village", 50, False, (5180.0, 6740.0)),
    ("S33", "Dongdao Village Cultural Hall", "东岛村文化礼堂", "village", 80, False, (8500.0, 2800.0)),
    ("S34", "Daowei Village Hall", "岛尾村避灾点", "village", 60, False, (8920.0, 3860.0)),
    ("S35", "Tianyang Village Cultural Hall", "田洋村文化礼堂", "village", 100, False, (3420.0, 2150.0)),
    ("S36", "Xinhe Village Cultural Hall", "新河村文化礼堂", "village", 90, False, (2920.0, 1100.0)),
    ("S37", "Baiyun Village Cultural Hall", "白云村文化礼堂", "village", 80, False, (2270.0, 1340.0)),
]

# Activity places: id, pinyin, Chinese, kind, persons (meaning per layer: see the README), position
WORKPLACES = [
    ("W01", "Haixing Valve Factory", "海星阀门厂", "factory", 1400, (3800.0, 2620.0)),
    ("W02", "Donghai Electric Motors", "东海电机", "factory", 1200, (4000.0, 2870.0)),
    ("W03", "Yuehu Shoes", "月湖鞋业", "factory", 1500, (4200.0, 2620.0)),
    ("W04", "Chengnan Textile", "城南纺织", "factory", 1300, (4400.0, 2870.0)),
    ("W05", "Xinyuan Plastics", "鑫源塑料", "factory", 800, (3800.0, 2870.0)),
    ("W06", "Ruida Auto Parts", "瑞达汽配", "factory", 1100, (4400.0, 2620.0)),
    ("W07", "Huafeng Packaging", "华丰包装", "factory", 600, (4000.0, 3150.0)),
    ("W08", "County Government", "县政府", "government", 900, (4100.0, 5220.0)),
    ("W09", "County People's Hospital", "县人民医院", "hospital", 1500, (3600.0, 5000.0)),
    ("W10", "County TCM Hospital", "县中医院", "hospital", 600, (4700.0, 3500.0)),
    ("W11", "Power Supply Bureau", "县供电局", "office", 300, (5100.0, 4950.0)),
    ("W12", "Telecom Building", "电信大楼", "office", 400, (4400.0, 5000.0)),
    ("W13", "County Tax Bureau", "县税务局", "government", 250, (4600.0, 3900.0)),
    ("W14", "Gulou Business Building", "鼓楼商务楼", "office", 800, (3900.0, 5100.0)),
    ("W15", "Xincheng Business Centre", "新城商务中心", "office", 1200, (4900.0, 3800.0)),
    ("W16", "Renmin Lu Banks", "人民路银行网点", "office", 400, (4300.0, 5110.0)),
    ("W17", "Chengxi Logistics Park", "城西物流园", "logistics", 700, (2780.0, 3650.0)),
    ("W18", "County Bus Station", "县汽车站", "transport", 200, (5200.0, 3800.0)),
    ("W19", "County Water Works", "县自来水厂", "utility", 150, (3000.0, 5800.0)),
    ("W20", "Xincheng Mall (staff)", "新城购物广场(员工)", "commerce", 600, (4700.0, 3700.0)),
    ("W21", "Gulou Street Shops (staff)", "鼓楼商业街(店员)", "commerce", 900, (3800.0, 5200.0)),
    ("W22", "Central Market Traders", "中心农贸市场(摊主)", "commerce", 400, (4000.0, 4950.0)),
    ("W23", "Yugang Fish Processing Yard", "渔港水产加工园", "fish_processing", 900, (5980.0, 2640.0)),
    ("W24", "Haiyang Seafood Cold Store", "海洋冷库", "fish_processing", 300, (6000.0, 2720.0)),
    ("W25", "Yugang Port Office", "渔港管理站", "port", 80, (6450.0, 2430.0)),
    ("W26", "Yugang Boatyard", "渔船修造厂", "shipyard", 500, (6250.0, 3350.0)),
    ("W27", "Qiaotou Stone Works", "桥头石材厂", "workshop", 250, (2300.0, 5150.0)),
    ("W28", "Tianyang Workshops", "田洋家庭作坊", "workshop", 400, (3480.0, 2150.0)),
    ("W29", "Xinhe Electronics", "新河电子厂", "factory", 500, (2950.0, 1150.0)),
    ("W30", "Fenghuang Garment Factory", "凤凰服装厂", "factory", 450, (4950.0, 2650.0)),
    ("W31", "Nanyang Aquatic Feed Mill", "南洋饲料厂", "factory", 300, (5400.0, 1350.0)),
    ("W32", "Beitu Workshops", "北涂家庭作坊", "workshop", 300, (6400.0, 5400.0)),
    ("W33", "Hekou Boatbuilding", "河口造船作坊", "workshop", 200, (6300.0, 4600.0)),
    ("W34", "Dongyu Net Factory", "东屿渔网厂", "workshop", 200, (5350.0, 700.0)),
    ("W35", "Shatou Resort (staff)", "沙头度假村(员工)", "tourism", 150, (7050.0, 6620.0)),
    ("W36", "Dongdao Fish Drying", "东岛鱼干加工", "fish_processing", 150, (8500.0, 2700.0)),
    ("W37", "Haitang Electric Fittings", "海塘电器配件厂", "factory", 350, (5650.0, 2250.0)),
    ("W38", "Xiling Tea Farm", "西岭茶场", "farm", 100, (1500.0, 3050.0)),
    ("W39", "Hetou Bamboo Works", "河头竹制品厂", "workshop", 150, (1250.0, 5000.0)),
    ("W40", "Xiakeng Stone Quarry", "下坑采石场", "quarry", 120, (4050.0, 5950.0)),
]
# schools: ..., students, position, shelter id (a school that is itself a shelter) or ""
SCHOOLS = [
    ("E01", "County No.1 Senior High School", "县第一中学", "high_boarding", 3000, (3700.0, 5560.0), "S02"),
    ("E02", "County Vocational School", "县职业技术学校", "vocational_boarding", 2500, (3250.0, 3440.0), "S04"),
    ("E03", "Chengbei Middle School", "城北中学", "middle", 1800, (4380.0, 5560.0), "S07"),
    ("E04", "Experimental Middle School", "实验中学", "middle", 1600, (3900.0, 3560.0), "S08"),
    ("E05", "Nanmen Primary School", "南门小学", "primary", 1200, (3400.0, 3900.0), "S16"),
    ("E06", "Fenghuang Primary School", "凤凰小学", "primary", 600, (4880.0, 2820.0), "S18"),
    ("E07", "Haibin Central Primary School", "海滨镇中心小学", "primary", 900, (5250.0, 1650.0), "S12"),
    ("E08", "Dongdao School", "东岛学校", "primary", 250, (8700.0, 2900.0), "S19"),
    ("E09", "Chengdong Primary School", "城东小学", "primary", 1500, (4950.0, 5350.0), ""),
    ("E10", "Chengxi Primary School", "城西小学", "primary", 1300, (3100.0, 4950.0), ""),
    ("E11", "Xincheng Primary School", "新城小学", "primary", 1400, (4300.0, 3750.0), ""),
    ("E12", "Binjiang Primary School", "滨江小学", "primary", 900, (4600.0, 4450.0), ""),
    ("E13", "Xishan Primary School", "西山小学", "primary", 400, (1300.0, 5150.0), ""),
    ("E14", "Yugang Primary School", "渔港小学", "primary", 600, (5900.0, 2900.0), ""),
    ("E15", "Beitu Primary School", "北涂小学", "primary", 500, (6250.0, 5450.0), ""),
    ("E16", "Haibin Middle School", "海滨中学", "middle", 900, (5100.0, 2450.0), ""),
    ("E17", "County Kindergarten", "县幼儿园", "kindergarten", 300, (4150.0, 5350.0), ""),
    ("E18", "Xincheng Kindergarten", "新城幼儿园", "kindergarten", 300, (4800.0, 3450.0), ""),
    ("E19", "Chengxi Kindergarten", "城西幼儿园", "kindergarten", 250, (3300.0, 5300.0), ""),
    ("E20", "Haibin Kindergarten", "海滨幼儿园", "kindergarten", 200, (5400.0, 1500.0), ""),
]
MARKETS = [
    ("M01", "Gulou Commercial Street", "鼓楼商业街", "street_market", 2500, (3800.0, 5200.0)),
    ("M02", "Xincheng Shopping Plaza", "新城购物广场", "mall", 3000, (4700.0, 3700.0)),
    ("M03", "Central Wet Market", "中心农贸市场", "wet_market", 1200, (4000.0, 4950.0)),
    ("M04", "Chengdong Wet Market", "城东农贸市场", "wet_market", 800, (5000.0, 5000.0)),
    ("M05", "Chengxi Supermarket", "城西超市", "supermarket", 500, (3100.0, 5100.0)),
    ("M06", "Xincheng Supermarket", "新城超市", "supermarket", 500, (4200.0, 3500.0)),
    ("M07", "Binjiang Night Market", "滨江夜市", "night_market", 800, (4450.0, 4830.0)),
    ("M08", "Yugang Fish Market", "渔港水产市场", "fish_market", 800, (6300.0, 2960.0)),
    ("M09", "Haibin Market", "海滨集市", "wet_market", 400, (5450.0, 1550.0)),
    ("M10", "Dongdao Market", "东岛市场", "wet_market", 150, (8480.0, 2720.0)),
    ("M11", "Beitu Market", "北涂市场", "wet_market", 300, (6350.0, 5450.0)),
    ("M12", "Tianyang Supermarket", "田洋超市", "supermarket", 200, (3380.0, 2050.0)),
]
OUTDOOR = [
    ("O01", "Yugang North Berths (fishing boats)", "渔港北泊位渔船", "fishing_boats", 1000, (6350.0, 2892.0)),
    ("O02", "Yugang South Berths (fishing boats)", "渔港南泊位渔船", "fishing_boats", 800, (6500.0, 2508.0)),
    ("O03", "Yugang Quay Workers", "渔港码头装卸", "quay", 400, (6200.0, 2700.0)),
    ("O04", "Dongdao Harbour (fishing boats)", "东岛渔港渔船", "fishing_boats", 300, (8440.0, 2700.0)),
    ("O05", "Shatou Beach", "沙头海滩", "beach", 1200, (round(x_wall(6600.0) + 100.0, 1), 6600.0)),
    ("O06", "Dongdao Beach", "东岛沙滩", "beach", 300, island_point(math.radians(2.0), 0.93)),
    ("O07", "Xincheng Construction Site", "新城建筑工地", "construction", 600, (5000.0, 3400.0)),
    ("O08", "Riverside Construction Site", "滨江建筑工地", "construction", 400, (3150.0, 4400.0)),
    ("O09", "Nanyang Seawall Reinforcement Works", "南洋海塘加固工程", "construction", 300,
     (round(x_wall(1200.0) - 60.0, 1), 1200.0)),
    ("O10", "Nanyang Aquaculture Ponds", "南洋养殖塘", "aquaculture", 400, (5900.0, 1100.0)),
    ("O11", "Beitu Aquaculture Ponds", "北涂养殖塘", "aquaculture", 300, (6800.0, 5900.0)),
    ("O12", "Tianyang Fields", "田洋农田", "farmland", 300, (3700.0, 1700.0)),
    ("O13", "Xinhe Fields", "新河农田", "farmland", 250, (2600.0, 700.0)),
    ("O14", "Xiling Tea Gardens", "西岭茶园", "farmland", 150, (1700.0, 3300.0)),
]
TOURISTS = [
    ("T01", "Haitian Grand Hotel", "海天大酒店", "hotel", 400, (4500.0, 5000.0)),
    ("T02", "Xincheng Holiday Hotel", "新城假日酒店", "hotel", 350, (4850.0, 3650.0)),
    ("T03", "Gulou Inn", "鼓楼客栈", "hotel", 250, (3850.0, 5280.0)),
    ("T04", "Shatou Beach Resort", "沙头海滨度假村", "hotel", 900, (7050.0, 6650.0)),
    ("T05", "Dongdao Guesthouses", "东岛民宿", "hotel", 300, (8520.0, 2680.0)),
    ("T06", "Daowei Guesthouses", "岛尾民宿", "hotel", 200, (8950.0, 3830.0)),
    ("T07", "Shatou Beach Scenic Area", "沙头海滩景区", "scenic", 1000, (round(x_wall(6700.0) + 80.0, 1), 6700.0)),
    ("T08", "Dongdao Lighthouse", "东岛灯塔景区", "scenic", 250, (9100.0, 3300.0)),
    ("T09", "Dongdao Beach Scenic Area", "东岛沙滩景区", "scenic", 200, island_point(math.radians(8.0), 0.9)),
    ("T10", "Xishan Temple", "西山寺", "scenic", 350, (2100.0, 4650.0)),
    ("T11", "Gulou Old Street", "鼓楼老街", "scenic", 400, (3850.0, 5150.0)),
]
DEPOTS = [
    ("D1", "County Emergency Supplies Depot", "县应急物资储备库", "county", 40000, (3100.0, 5500.0)),
    ("D2", "City Emergency Supplies Transfer Point", "市应急物资储备库转运点", "city", 200000, (6950.0, 7880.0)),
]
BREACH = (round(x_wall(1450.0), 1), 1450.0)  # on the Nanyang seawall, in front of Nanyang village
ACCESS_MIN_M = 30.0  # places farther than this from a road get a service access road


# ---------------------------------------------------------------- population (homes)

HABITABLE_NOT = {LC_SEA, LC_RIVER, LC_HARBOUR, LC_BEACH, LC_QUAY}


def home_population(z, lc):
    """Residents per POP_DX cell (integers, exact per-village totals by largest remainder)."""
    cols, rows = int(WIDTH / POP_DX), int(HEIGHT / POP_DX)
    k = int(POP_DX / DX)
    weights = {}
    cell_v = [None] * (cols * rows)
    w = [0.0] * (cols * rows)
    for r in range(rows):
        y = HEIGHT - (r + 0.5) * POP_DX
        for c in range(cols):
            x = (c + 0.5) * POP_DX
            i10 = (r * k + k // 2) * COLS + c * k + k // 2
            if lc[i10] in HABITABLE_NOT or z[i10] < 0.3:
                continue
            if not (x < x_wall(y) or (x > 7300.0 and on_island(x, y))):
                continue
            if river_dist(x, y) < LEVEE_OFF + 10.0:
                continue
            vid = village_of(x, y)
            v = town_density(x, y) if vid in TOWN_IDS else 0.0
            cx, cy = vcentre(vid)
            for dx, dy, sx, sy, wt in HOME_BLOBS.get(vid, ()):
                v += wt * math.exp(-0.5 * (((x - cx - dx) / sx) ** 2 + ((y - cy - dy) / sy) ** 2))
            if v < 0.03:
                continue
            n = r * cols + c
            cell_v[n], w[n] = vid, v
            weights[vid] = weights.get(vid, 0.0) + v
    persons = [0] * (cols * rows)
    for vid, _, _, _, _, target, _ in VILLAGES:
        if weights.get(vid, 0.0) <= 0.0:
            raise SystemExit(f"village {vid} has no habitable home cells")
        cells = [n for n in range(cols * rows) if cell_v[n] == vid]
        share = [target * w[n] / weights[vid] for n in cells]
        base = [int(math.floor(q)) for q in share]
        rest = target - sum(base)
        order = sorted(range(len(cells)), key=lambda m: (-(share[m] - base[m]), cells[m]))
        for m in order[:rest]:
            base[m] += 1
        for n, b in zip(cells, base):
            persons[n] = b
    return persons, cols, rows


def overlay_builtup(lc, persons, pcols):
    """Built-up land cover where people live (persons per 50 m cell: >= 20 urban, >= 2 village)."""
    k = int(POP_DX / DX)
    for i in range(COLS * ROWS):
        if lc[i] not in (LC_CROP, LC_SHRUB, LC_PONDS):
            continue
        r, c = divmod(i, COLS)
        p = persons[(r // k) * pcols + c // k]
        if p >= 20:
            lc[i] = LC_URBAN
        elif p >= 2:
            lc[i] = LC_VILLAGE


# ---------------------------------------------------------------- other layers

# river levee crest (m) by x range: higher upstream where the banks are higher, 6.6 m at the mouth
LEVEE_CRESTS = [(-1e9, 2800.0, 7.5), (2800.0, 3200.0, 7.0), (3200.0, 4200.0, 6.5), (4200.0, 5500.0, 6.5),
                (5500.0, 1e9, 6.6)]


def wall_lines():
    """Sea walls, the harbour wall, river levees and breakwaters: [(points, props)]."""
    main = []
    for i in range(int(HEIGHT / 50.0) + 1):
        y = 50.0 * i
        if HW_Y0 < y < HW_Y1:
            continue
        if y == HW_Y0:
            main += [(round(x_wall(y), 3), y), (HW_X, HW_Y0), (HW_X, HW_Y1)]
            continue
        main.append((round(x_wall(y), 3), y))
    levees = {}
    for side, off in (("south", -LEVEE_OFF), ("north", LEVEE_OFF)):
        line = [(round(a, 3), round(b, 3)) for a, b in river_line(LEVEE_X0, RIVER_MOUTH_X + 150.0, 20.0, off)]
        hit = None
        for k, (c, d) in enumerate(zip(line, line[1:])):
            for m, (a, b) in enumerate(zip(main, main[1:])):
                h = seg_intersection(a, b, c, d)
                if h:
                    hit = (k, m, (round(a[0] + h[0] * (b[0] - a[0]), 3), round(a[1] + h[0] * (b[1] - a[1]), 3)))
                    break
            if hit:
                break
        k, m, p = hit
        # tie the upstream end into the hill feet so floods cannot go round it
        x0, y0 = line[0]
        tie = (round(x0 - 150.0, 3), round(y0 + 350.0, 3)) if off > 0 else (round(x0 - 200.0, 3), round(y0 - 350.0, 3))
        levees[side] = ([tie] + line[:k + 1] + [p], m, p)
    _, ms, ps = levees["south"]
    _, mn, pn = levees["north"]
    south = main[:ms + 1] + [ps]
    north = [pn] + main[mn + 1:]

    def cut(pts, pred):
        return [p for p in pts if pred(p)]

    out = []

    def add(pts, name, zh, kind, crest):
        out.append((pts, {"id": f"SW{len(out) + 1:02d}", "name": name, "name_zh": zh, "kind": kind,
                          "crest_m": crest}))

    iy = {p[1]: n for n, p in enumerate(south) if p[0] != HW_X}
    s900, s2400, s3000 = iy[900.0], south.index((HW_X, HW_Y0)) - 1, south.index((HW_X, HW_Y1)) + 1
    add(south[:s900 + 1], "Dongyu Seawall", "东屿海塘", "seawall", 5.8)
    add(south[s900:s2400 + 1], "Nanyang Seawall", "南洋海塘", "seawall", 5.6)
    add(south[s2400:s3000 + 1], "Yugang Harbour Wall", "渔港防潮墙", "harbour_wall", 6.2)
    add(south[s3000:], "Chengdong Seawall", "城东海塘", "seawall", 6.4)
    jn = {p[1]: n for n, p in enumerate(north)}
    n5200, n6400 = jn[5200.0], jn[6400.0]
    add(north[:n5200 + 1], "Hekou Seawall", "河口海塘", "seawall", 6.0)
    add(north[n5200:n6400 + 1], "Beitu Seawall", "北涂海塘", "seawall", 5.8)
    add(north[n6400:], "Shatou Seawall", "沙头海塘", "seawall", 6.0)
    for side, nm, zh in (("south", "Nanjiang Levee", "南江堤"), ("north", "Beijiang Levee", "北江堤")):
        line = levees[side][0]
        for (x0, x1, crest) in LEVEE_CRESTS:
            add([p for p in line if x0 <= p[0] <= x1], nm, zh, "river_levee", crest)
    # consecutive levee parts share their end vertex
    for n in range(len(out) - 1):
        a, b = out[n], out[n + 1]
        if a[1]["kind"] == b[1]["kind"] == "river_levee" and a[1]["name"] == b[1]["name"]:
            b[0].insert(0, a[0][-1])
    xh = x_coast(2700.0)
    add([(round(x_coast(2900.0), 3), 2900.0), (round(x_coast(2900.0) + 260.0, 3), 2900.0),
         (round(xh + 300.0, 3), 2760.0)], "Yugang North Breakwater", "渔港北防波堤", "breakwater", 4.0)
    add([(round(x_coast(2500.0), 3), 2500.0), (round(x_coast(2500.0) + 260.0, 3), 2500.0),
         (round(xh + 300.0, 3), 2650.0)], "Yugang South Breakwater", "渔港南防波堤", "breakwater", 4.0)
    return out


FERRY = {"id": "F1", "name": "Yugang - Dongdao Ferry", "name_zh": "渔港—东岛客渡", "crossing_s": 1200,
         "boat_capacity_persons": 300, "boats": 1,
         "first_departure_mainland_s": 6 * 3600 + 1800, "last_departure_mainland_s": 18 * 3600 + 1800,
         "first_departure_island_s": 7 * 3600, "last_departure_island_s": 19 * 3600, "headway_s": 3600,
         "from_pier": "Yugang Ferry Pier", "to_pier": "Dongdao Pier"}


def ferry_line():
    return [PIER_MAINLAND, (PIER_MAINLAND[0], 2600.0), (round(x_coast(2700.0) - 20.0, 1), 2705.0), HB_MOUTH,
            (7600.0, 2720.0), (8150.0, 2675.0), PIER_ISLAND]


def ferry_timetable():
    rows = []
    f = FERRY
    for direction, first, last, frm, to in (
            ("mainland_to_island", f["first_departure_mainland_s"], f["last_departure_mainland_s"],
             f["from_pier"], f["to_pier"]),
            ("island_to_mainland", f["first_departure_island_s"], f["last_departure_island_s"],
             f["to_pier"], f["from_pier"])):
        t = first
        while t <= last:
            rows.append((f["id"], direction, t, t + f["crossing_s"], f"{t // 3600:02d}:{t % 3600 // 60:02d}",
                         frm, to, f["boat_capacity_persons"]))
            t += f["headway_s"]
    return sorted(rows, key=lambda r: (r[2], r[1]))


def halton(i, b):
    f, r = 1.0, 0.0
    while i > 0:
        f /= b
        r += f * (i % b)
        i //= b
    return r


CANDIDATE_KINDS = [("school", 300, 1500, 1.0), ("gymnasium", 500, 3000, 0.8), ("community_centre", 100, 400, 1.2),
                   ("warehouse", 300, 1200, 0.7), ("open_space_tents", 500, 2000, 0.3), ("hotel", 100, 500, 1.5)]


def siting_candidates(z, dist_to_road, n_want=100):
    """Candidate shelter sites for siting (issue 14): Halton points on land near roads."""
    out = []
    taken = [s[6] for s in SHELTERS]
    i = 0
    while len(out) < n_want and i < 20000:
        i += 1
        x, y = WIDTH * halton(i, 2), HEIGHT * halton(i, 3)
        isl = x > 7300.0 and on_island(x, y)
        if not (x < x_wall(y) - 20.0 or isl):
            continue
        zz = z_at(z, x, y)
        if zz < 0.4 or zz > 120.0 or river_dist(x, y) < 60.0 or in_harbour_zone(x, y):
            continue
        if dist_to_road(x, y) > 150.0:
            continue
        if any(math.hypot(x - a, y - b) < 120.0 for a, b in taken):
            continue
        taken.append((x, y))
        h1, h2 = hash01(31, i), hash01(32, i)
        kind, lo, hi, f = CANDIDATE_KINDS[int(h1 * len(CANDIDATE_KINDS)) % len(CANDIDATE_KINDS)]
        cap = int(round((lo + (hi - lo) * h2) / 50.0) * 50)
        cost = cap / 1000.0 * f * (0.8 + 0.4 * hash01(33, i)) * (1.3 if zz > 30.0 else 1.0)
        out.append(((round(x, 1), round(y, 1)), {
            "id": f"C{len(out) + 1:03d}", "name": f"Candidate {len(out) + 1} ({kind.replace('_', ' ')})",
            "kind": kind, "capacity": cap, "cost": round(cost, 3), "ground_m": round(zz, 2),
            "village": village_of(x, y)}))
    return out


def z_at(z, x, y):
    c = min(COLS - 1, max(0, int(x / DX)))
    r = min(ROWS - 1, max(0, int((HEIGHT - y) / DX)))
    return z[r * COLS + c]


def rain_factor():
    """Orographic/convective rain multiplier on a RF_DX grid: 1 on the sea and plain, up to 1.5."""
    cols, rows = int(WIDTH / RF_DX), int(HEIGHT / RF_DX)
    cx, cy = valley_xy(0.55 * VAL_L, 0.0)
    vals = []
    for r in range(rows):
        y = HEIGHT - (r + 0.5) * RF_DX
        for c in range(cols):
            x = (c + 0.5) * RF_DX
            f = 1.0 + 0.25 * smoothstep(hill_depth(x, y) / 1500.0) + \
                0.25 * math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2.0 * 700.0 ** 2))
            vals.append(round(f, 3))
    return vals, cols, rows


# ---------------------------------------------------------------- suggested forcing (README data)

LANDFALL_S = 24 * 3600  # landfall a day after the start
START_CLOCK = "2026-08-11T20:00:00+08:00"
LANDFALL_CLOCK = "2026-08-12T20:00:00+08:00"
FORCING_HOURS = 42
# rain, mean intensity (mm/h) in each hour from the start (typhoon outer bands, then the core)
RAIN_MM_H = [0, 0, 0.5, 1, 1, 1.5, 2, 1, 3, 5, 3, 2, 3, 4, 6, 5, 4, 5, 6, 8, 12, 18, 28, 45,
             70, 52, 34, 22, 14, 10, 7, 5, 4, 3, 2, 2, 1.5, 1, 1, 0.5, 0.5, 0]
TIDE_MSL, TIDE_AMP, TIDE_PERIOD_H = 0.3, 2.1, 12.42  # M2 tide (m, m, h)
SURGE_PEAK_M, SURGE_RISE_H, SURGE_FALL_H = 2.6, 6.0, 4.0
PEAK_OFFSET_S = 1800  # surge and high water 30 min after landfall
RIVER_BASE, RIVER_PEAK, RIVER_ONSET_H, RIVER_RISE_H = 60.0, 850.0, 16.0, 12.0


def sea_level(t):
    tp = LANDFALL_S + PEAK_OFFSET_S
    tide = TIDE_MSL + TIDE_AMP * math.cos(2.0 * math.pi * (t - tp) / (TIDE_PERIOD_H * 3600.0))
    tau = (SURGE_RISE_H if t < tp else SURGE_FALL_H) * 3600.0
    return tide + SURGE_PEAK_M * math.exp(-((t - tp) / tau) ** 2)


def river_q(t):
    """Gamma-shaped hydrograph (Nash 1957 unit-hydrograph form) rising from RIVER_ONSET_H."""
    tt = t / 3600.0 - RIVER_ONSET_H
    if tt <= 0.0:
        return RIVER_BASE
    u = tt / RIVER_RISE_H
    return RIVER_BASE + (RIVER_PEAK - RIVER_BASE) * u ** 3 * math.exp(3.0 * (1.0 - u))


def daily_profile():
    """Share of each layer/kind's persons at the place, by hour of day (0-23)."""
    cols = {
        "workplaces": [.05] * 6 + [.10, .35, .85, .95, .95, .90, .55, .75, .95, .95, .92, .60, .25, .12, .08, .06,
                                   .05, .05],
        "workplaces.hospital": [.35] * 7 + [.60] + [.95] * 10 + [.60] + [.40] * 5,
        "workplaces.fish_processing": [.2] * 4 + [.5, .8] + [.9] * 6 + [.6] + [.8] * 4 + [.4] + [.2] * 6,
        "workplaces.tourism": [.3] * 6 + [.6, .8] + [.9] * 12 + [.7, .5, .4, .3],
        "schools": [0] * 7 + [.6, 1, 1, 1, 1, .7, 1, 1, 1, .6, .3, .05, 0, 0, 0, 0, 0],
        "schools.kindergarten": [0] * 7 + [.3] + [1] * 8 + [.7, .2] + [0] * 6,
        "schools.high_boarding": [1] * 24,
        "schools.vocational_boarding": [1] * 24,
        "markets": [0] * 7 + [.15, .3, .45, .6, .55, .4, .35, .4, .5, .65, .8, .9, 1, .85, .55, .2, 0],
        "markets.wet_market": [0] * 5 + [.3, .8, 1, .9, .7, .5, .4, .2, .1, .15, .3, .5, .45, .2, .05, 0, 0, 0, 0],
        "markets.fish_market": [.05] * 3 + [.3, .8, 1, .9, .7, .5, .3, .2, .1, .1, .1, .1, .3, .5, .4, .2] + [.05] * 5,
        "markets.night_market": [.1] + [0] * 17 + [.3, .7, 1, .9, .6, .3],
        "markets.mall": [0] * 9 + [.1, .3, .45, .5, .5, .55, .6, .65, .7, .85, 1, .95, .6, .1, 0],
        "outdoor": [0] * 6 + [.3, .9, 1, 1, 1, .7, .3, .7, 1, 1, 1, .6, .2, .05, 0, 0, 0, 0],
        "outdoor.fishing_boats": [.9] * 24,
        "outdoor.quay": [.2] * 4 + [.6, .6] + [.9] * 6 + [.6] + [.9] * 5 + [.5] + [.2] * 5,
        "outdoor.beach": [0] * 6 + [.1, .2, .35, .55, .75, .8, .6, .6, .75, .9, 1, .9, .6, .35, .15, .05, 0, 0],
        "outdoor.aquaculture": [.05] * 5 + [.4] + [.9] * 5 + [.6, .3, .5, .8, .8, .8, .5, .2] + [.05] * 5,
        "outdoor.farmland": [0] * 5 + [.3] + [.9] * 5 + [.5, .1, .2, .5, .9, .9, .6, .2] + [0] * 5,
        "tourists.scenic": [0] * 7 + [.1, .3, .6, .85, .9, .7, .75, .9, .95, .9, .7, .4, .25, .15, .05, 0, 0],
        "tourists.hotel": [1] * 7 + [.95, .7, .4, .2, .15, .25, .2, .12, .1, .12, .25, .5, .65, .75, .85, .95, 1],
    }
    for k, v in cols.items():
        assert len(v) == 24, (k, len(v))
    return cols


# ---------------------------------------------------------------- output

def to_abs(p):
    return [round(X0 + p[0], 3), round(Y0 + p[1], 3)]


def feature(geom_type, coords, props):
    return {"type": "Feature", "properties": props, "geometry": {"type": geom_type, "coordinates": coords}}


def point_feature(p, props):
    return feature("Point", to_abs(p), props)


def line_feature(pts, props):
    return feature("LineString", [to_abs(p) for p in pts], props)


def polygon_feature(rings, props):
    return feature("Polygon", [[to_abs(p) for p in ring] for ring in rings], props)


def write_projected(path, name, features):
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "name": name,
                   "crs": {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{EPSG}"}},
                   "features": features}, f, ensure_ascii=False)


def write_vector(name, features, tmp):
    """Projected features -> RFC 7946 GeoJSON (lon/lat, 7 decimals) with ogr2ogr."""
    src = os.path.join(tmp, name)
    write_projected(src, name.split(".")[0], features)
    dst = os.path.join(OUT, name)
    if os.path.exists(dst):
        os.remove(dst)
    run(["ogr2ogr", "-f", "GeoJSON", "-lco", "RFC7946=YES", "-lco", "COORDINATE_PRECISION=7", dst, src])


def river_features():
    """Channel centre lines (river.geojson) for flood.channels: the river from the west edge
    to 200 m past the mouth, and the Shangkeng creek from the valley head to the river."""
    river = [(round(a, 3), round(b, 3)) for a, b in river_line(0.0, RIVER_MOUTH_X + 200.0, 20.0)]
    creek = [(round(a, 3), round(b, 3)) for a, b in creek_line()]
    return [line_feature(river, {"id": "R1", "name": "Nanjiang", "name_zh": "南江", "kind": "river",
                                 "top_width_m": 2 * RIVER_HALF, "bed_width_m": 40}),
            line_feature(creek, {"id": "R2", "name": "Shangkeng Creek", "name_zh": "上坑溪", "kind": "creek",
                                 "top_width_m": 12, "bed_width_m": 12})]


def write_river(tmp):
    write_vector("river.geojson", river_features(), tmp)


def write_csv(name, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def village_polygons(tmp):
    """Voronoi cells of the village centres clipped to the land (mainland / island) with ogr2ogr."""
    out = {}
    for label, ids, bbox, ring in (
            ("mainland", [v[0] for v in VILLAGES if v[0] not in ISLAND_IDS], (0.0, 0.0, WIDTH, HEIGHT),
             mainland_polygon()),
            ("island", sorted(ISLAND_IDS), (7600.0, 1200.0, WIDTH, 4600.0), island_polygon())):
        sites = {vid: vcentre(vid) for vid in ids}
        cells = [polygon_feature([voronoi_cell(vid, sites, bbox) + [voronoi_cell(vid, sites, bbox)[0]]],
                                 {"id": vid}) for vid in ids]
        src, clip, dst = (os.path.join(tmp, f"vor_{label}.geojson"), os.path.join(tmp, f"land_{label}.geojson"),
                          os.path.join(tmp, f"vorclip_{label}.geojson"))
        write_projected(src, "cells", cells)
        write_projected(clip, "land", [polygon_feature([ring], {"id": label})])
        run(["ogr2ogr", "-f", "GeoJSON", "-clipsrc", clip, "-nlt", "PROMOTE_TO_MULTI", dst, src])
        with open(dst, encoding="utf-8") as f:
            for feat in json.load(f)["features"]:
                out[feat["properties"]["id"]] = feat["geometry"]
    return out


def main():
    t_start = time.time()
    os.makedirs(OUT, exist_ok=True)
    fig = {}
    with tempfile.TemporaryDirectory() as tmp:
        # --- DEM and land cover ---
        z, hillw, lc = Terrain().grid()
        filled = fill_hill_depressions(z)
        incise_valleys(z, hillw)
        filled += fill_hill_depressions(z)
        for i in range(COLS * ROWS):
            z[i] = round(z[i], 3)
        write_raster("dem", z, COLS, ROWS, DX, "Float32", tmp, nodata=NODATA, overviews="AVERAGE")
        acc = flow_accumulation(z, FILL_ABOVE_M)
        mouth = valley_xy(150.0, 0.0)  # the lower end of Shangkeng village
        best = max((acc[r * COLS + c], r, c) for r in range(int((HEIGHT - mouth[1]) / DX) - 3,
                                                               int((HEIGHT - mouth[1]) / DX) + 4)
                   for c in range(int(mouth[0] / DX) - 3, int(mouth[0] / DX) + 4))
        fig["flash_flood_catchment_km2"] = round(best[0] * DX * DX / 1e6, 2)
        # --- homes ---
        persons, pcols, prows = home_population(z, lc)
        write_raster("homes", [float(p) for p in persons], pcols, prows, POP_DX, "Float32", tmp, nodata=NODATA,
                     predictor=False)
        overlay_builtup(lc, persons, pcols)
        write_raster("landcover", lc, COLS, ROWS, DX, "Byte", tmp, predictor=False, overviews="NEAREST")
        rf, rcols, rrows = rain_factor()
        write_raster("rain_factor", rf, rcols, rrows, RF_DX, "Float32", tmp, predictor=False)

        # --- shelters: capacity scaled to the danger-zone transfer ---
        residents = {v[0]: v[5] for v in VILLAGES}
        danger = {v[0]: v[4] for v in VILLAGES}
        beds = {}
        for tid, _, _, kind, n, pos in TOURISTS:
            if kind == "hotel":
                beds[village_of(*pos)] = beds.get(village_of(*pos), 0) + n
        need = {vid: residents[vid] + beds.get(vid, 0) for vid in residents if danger[vid] != "none"}
        transfer = sum(need.values())
        target = SHELTER_SHARE * transfer
        fixed = sum(s[4] for s in SHELTERS if s[3] != "county")
        county = sum(s[4] for s in SHELTERS if s[3] == "county")
        scale = (target - fixed) / county
        cap = {}
        for sid, _, _, level, c, _, _ in SHELTERS:
            cap[sid] = int(round(c * scale / 50.0) * 50) if level == "county" else c
        cap["S01"] += int(round(target)) - sum(cap.values())
        # 一村一策: a nearest-first greedy over all (village, shelter) pairs on the same land mass:
        # the closest pair with room left gets as many places as it can; at most PLAN_MAX shelters
        # per village
        load = {sid: 0 for sid in cap}
        left = dict(need)
        chosen = {vid: [] for vid in need}
        pairs = []
        for vid in need:
            vx, vy = vcentre(vid)
            for sid, _, _, _, _, _, (sx, sy) in SHELTERS:
                if (sx > 7300.0 and on_island(sx, sy)) == (vid in ISLAND_IDS):
                    pairs.append((math.hypot(sx - vx, sy - vy), vid, sid))
        for _, vid, sid in sorted(pairs):
            free = cap[sid] - load[sid]
            if free <= 0 or left[vid] <= 0 or len(chosen[vid]) >= PLAN_MAX:
                continue
            take = min(free, left[vid])
            chosen[vid].append(sid)
            load[sid] += take
            left[vid] -= take
        plan = {vid: (chosen[vid], need[vid] - left[vid]) for vid in need}

        # --- roads ---
        rs = build_roads()
        access = add_access_roads(rs, [(s[0], s[1], s[2], s[6]) for s in SHELTERS] +
                                  [(d[0], d[1], d[2], d[5]) for d in DEPOTS])
        over = node_roads(rs)
        feats = road_features(rs, over)
        stats = network_stats(feats)
        write_vector("roads.geojson", [line_feature(p, pr) for p, pr in feats], tmp)
        pier_ok = all(any(p == q for pts, _ in feats for q in (pts[0], pts[-1])) for p in (PIER_MAINLAND, PIER_ISLAND))
        if not pier_ok:
            raise SystemExit("a ferry pier is not a road end")
        road_idx = SegIndex([{"pts": p} for p, _ in feats])

        def dist_to_road(x, y, r=150.0):
            best = 1e30
            for i, k in road_idx.near(x, y, r):
                pts = feats[i][0]
                d, _ = seg_point_dist(x, y, pts[k][0], pts[k][1], pts[k + 1][0], pts[k + 1][1])
                best = min(best, d)
            return best

        # --- point layers ---
        def ground(p):
            return round(z_at(z, p[0], p[1]), 2)

        shel = []
        for sid, nm, zh, level, _, school, pos in SHELTERS:
            shel.append(point_feature(pos, {"id": sid, "name": nm, "name_zh": zh, "capacity": cap[sid],
                                            "level": level, "school": "yes" if school else "no",
                                            "village": village_of(*pos), "ground_m": ground(pos)}))
        write_vector("shelters.geojson", shel, tmp)
        layer_sums = {}
        for lname, rows in (("workplaces", WORKPLACES), ("markets", MARKETS), ("outdoor", OUTDOOR),
                            ("tourists", TOURISTS)):
            fl = [point_feature(pos, {"id": pid, "name": nm, "name_zh": zh, "kind": kind, "persons": n,
                                      "village": village_of(*pos), "ground_m": ground(pos)})
                  for pid, nm, zh, kind, n, pos in rows]
            layer_sums[lname] = sum(r[4] for r in rows)
            write_vector(f"{lname}.geojson", fl, tmp)
        fl = []
        for pid, nm, zh, kind, n, pos, sid in SCHOOLS:
            fl.append(point_feature(pos, {"id": pid, "name": nm, "name_zh": zh, "kind": kind, "persons": n,
                                          "boarding": "yes" if "boarding" in kind else "no",
                                          "is_shelter": "yes" if sid else "no", "shelter_id": sid,
                                          "village": village_of(*pos), "ground_m": ground(pos)}))
        layer_sums["schools"] = sum(r[4] for r in SCHOOLS)
        write_vector("schools.geojson", fl, tmp)
        write_vector("depots.geojson", [point_feature(pos, {"id": did, "name": nm, "name_zh": zh, "level": lvl,
                                                            "stock_person_days": st, "ground_m": ground(pos)})
                                        for did, nm, zh, lvl, st, pos in DEPOTS], tmp)
        gauges = [("G1", "Nanyang Seawall Tide Gauge", "南洋海塘潮位站", "sea_level",
                   (BREACH[0] + 40.0, BREACH[1]), 4.2),
                  ("G2", "Yugang Harbour Tide Gauge", "渔港潮位站", "sea_level", (6450.0, 2700.0), 4.2),
                  ("G3", "Jiefang Bridge River Gauge", "解放桥水位站", "river_level",
                   (X_JIEFANG, round(river_y(X_JIEFANG), 1)), 4.5),
                  ("G4", "Shangkeng Creek Gauge", "上坑溪水位站", "creek_level", valley_xy(250.0, 0.0), None)]
        gf = []
        for gid, nm, zh, kind, pos, warn in gauges:
            bed = ground(pos)
            gf.append(point_feature(pos, {"id": gid, "name": nm, "name_zh": zh, "kind": kind, "bed_m": bed,
                                          "warning_level_m": warn if warn is not None else round(bed + 1.5, 2)}))
        write_vector("gauges.geojson", gf, tmp)
        write_river(tmp)
        walls = wall_lines()
        write_vector("seawall.geojson", [line_feature(p, pr) for p, pr in walls], tmp)
        fprops = dict(FERRY)
        write_vector("ferries.geojson", [line_feature(ferry_line(), fprops)], tmp)
        tt = ferry_timetable()
        write_csv("ferry_timetable.csv", ["ferry_id", "direction", "depart_s", "arrive_s", "depart_clock",
                                          "from_pier", "to_pier", "boat_capacity_persons"], tt)
        cands = siting_candidates(z, dist_to_road)
        write_vector("siting_candidates.geojson", [point_feature(p, pr) for p, pr in cands], tmp)
        # --- villages ---
        polys = village_polygons(tmp)
        vf = []
        for vid, nm, zh, tw, dg, res, pos in VILLAGES:
            chosen, placed = plan.get(vid, ([], 0))
            props = {"id": vid, "name": f"{nm} {zh}", "name_en": nm, "name_zh": zh, "township": TOWNSHIPS[tw][0],
                     "township_zh": TOWNSHIPS[tw][1], "danger": dg, "residents": res,
                     "tourist_beds": beds.get(vid, 0), "shelters": ",".join(chosen),
                     "plan_persons": need.get(vid, 0), "plan_places": placed}
            vf.append({"type": "Feature", "properties": props, "geometry": polys[vid]})
        write_projected(os.path.join(tmp, "villages_proj.geojson"), "villages", vf)
        dst = os.path.join(OUT, "villages.geojson")
        if os.path.exists(dst):
            os.remove(dst)
        run(["ogr2ogr", "-f", "GeoJSON", "-lco", "RFC7946=YES", "-lco", "COORDINATE_PRECISION=7", dst,
             os.path.join(tmp, "villages_proj.geojson")])
    # --- tables ---
    prof = daily_profile()
    keys = list(prof)
    write_csv("daily_profile.csv", ["hour"] + keys, [[h] + [prof[k][h] for k in keys] for h in range(24)])
    rows = []
    for h in range(FORCING_HOURS + 1):
        t = 3600 * h
        rows.append([t, f"T{(t - LANDFALL_S) / 3600.0:+.0f}h", round(sea_level(t), 3),
                     RAIN_MM_H[h] if h < FORCING_HOURS else 0, round(river_q(t), 1)])
    write_csv("typhoon_forcing.csv", ["t_s", "t_rel_landfall", "sea_level_m", "rain_mm_h", "river_q_m3s"], rows)
    write_csv("landcover_classes.csv", ["code", "class", "manning_n"], LANDCOVER)
    # --- figures ---
    lc_count = {}
    for v in lc:
        lc_count[v] = lc_count.get(v, 0) + 1
    land = sum(1 for v in z if v > 0.0)
    fig.update({
        "dem_cells": COLS * ROWS, "dem_cell_m": DX, "dem_min_m": round(min(z), 2), "dem_max_m": round(max(z), 2),
        "land_km2": round(land * DX * DX / 1e6, 2), "hill_cells_filled": filled,
        "river_mouth_xy": to_abs((RIVER_MOUTH_X, river_y(RIVER_MOUTH_X))),
        "roads": {"features": len(feats), "pieces": stats["pieces"], "directed_links": stats["links"],
                  "nodes": stats["nodes"], "components_nodes": stats["components"], "km": round(stats["km"], 1),
                  "bridges": sum(1 for _, p in feats if p.get("bridge") == "yes"),
                  "tunnels": sum(1 for _, p in feats if p.get("tunnel") == "yes"),
                  "private": sum(1 for _, p in feats if p.get("access") == "private"),
                  "oneway_features": sum(1 for _, p in feats if p["oneway"] == "yes"),
                  "access_roads_added": len(access)},
        "residents": sum(persons), "residents_by_danger": {},
        "activity_persons": layer_sums,
        "shelters": len(SHELTERS), "shelter_capacity": sum(cap.values()),
        "shelter_capacity_by_level": {lv: sum(cap[s[0]] for s in SHELTERS if s[3] == lv)
                                      for lv in ("county", "township", "village")},
        "full_transfer_persons": transfer, "shelter_share_of_full_transfer": round(sum(cap.values()) / transfer, 3),
        "island_residents": sum(residents[v] for v in ISLAND_IDS),
        "island_tourist_beds": sum(beds.get(v, 0) for v in ISLAND_IDS),
        "island_shelter_capacity": sum(cap[s[0]] for s in SHELTERS if s[6][0] > 7300.0),
        "plan_places": sum(p[1] for p in plan.values()),
        "plan_unplaced_persons": sum(need[v] - plan[v][1] for v in need),
        "plan_short_villages": {v: need[v] - plan[v][1] for v in sorted(need) if plan[v][1] < need[v]},
        "villages": len(VILLAGES), "villages_by_danger": {}, "siting_candidates": len(cands),
        "landcover_cells": {name: lc_count.get(code, 0) for code, name, _ in LANDCOVER},
        "ferry_departures": len(tt), "breach_xy": to_abs(BREACH),
        "suggested_start_clock": START_CLOCK, "suggested_landfall_clock": LANDFALL_CLOCK,
        "inflow_line": [to_abs((10.0, river_y(10.0) - 40.0)), to_abs((10.0, river_y(10.0) + 40.0))],
    })
    for v in VILLAGES:
        fig["villages_by_danger"][v[4]] = fig["villages_by_danger"].get(v[4], 0) + 1
        fig["residents_by_danger"][v[4]] = fig["residents_by_danger"].get(v[4], 0) + v[5]
    with open(os.path.join(OUT, "figures.json"), "w", encoding="utf-8") as f:
        json.dump(fig, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(json.dumps(fig, ensure_ascii=False))
    print(f"wrote {OUT} in {time.time() - t_start:.0f} s")


if __name__ == "__main__":
    if sys.argv[1:] == ["--river-only"]:  # river.geojson alone (the other files unchanged)
        with tempfile.TemporaryDirectory() as tmp_dir:
            write_river(tmp_dir)
    else:
        main()
