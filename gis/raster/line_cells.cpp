#include "gis/raster/line_cells.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "gis/crs.hpp"
#include "gis/gdal_error.hpp"
#include "gis/geos_context.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis::detail {

namespace {

struct Coords {
  std::vector<double> x, y;
};

/// GEOS LineString from coordinates (a single point is doubled into a
/// zero-length line, which GEOS accepts).
GEOSGeometry* make_line(GEOSContextHandle_t h, const Coords& c) {
  Coords d = c;
  if (d.x.size() == 1) {
    d.x.push_back(d.x[0]);
    d.y.push_back(d.y[0]);
  }
  GEOSCoordSequence* seq = GEOSCoordSeq_copyFromArrays_r(
      h, d.x.data(), d.y.data(), nullptr, nullptr, static_cast<unsigned>(d.x.size()));
  if (seq == nullptr) return nullptr;
  return GEOSGeom_createLineString_r(h, seq);  // takes ownership of seq
}

Coords line_coords(GEOSContextHandle_t h, const GEOSGeometry* g) {
  Coords c;
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, g);
  unsigned n = 0;
  if (seq == nullptr || GEOSCoordSeq_getSize_r(h, seq, &n) == 0 || n == 0) return c;
  c.x.resize(n);
  c.y.resize(n);
  GEOSCoordSeq_copyToArrays_r(h, seq, c.x.data(), c.y.data(), nullptr, nullptr);
  return c;
}

// --- grid traversal --------------------------------------------------------------

/// Visits every cell (row, col) that the segment (u0,v0)-(u1,v1) passes
/// through, in grid coordinates (u = fractional column, v = fractional row).
/// Amanatides & Woo (1987) traversal: 4-connected, ends in the end point's cell.
template <class Visit>
void trace_segment(double u0, double v0, double u1, double v1, Visit&& visit) {
  auto c = static_cast<std::int64_t>(std::floor(u0));
  auto r = static_cast<std::int64_t>(std::floor(v0));
  const auto c1 = static_cast<std::int64_t>(std::floor(u1));
  const auto r1 = static_cast<std::int64_t>(std::floor(v1));
  visit(r, c);
  const double du = u1 - u0, dv = v1 - v0;
  const int sc = (du > 0.0) - (du < 0.0);
  const int sr = (dv > 0.0) - (dv < 0.0);
  constexpr double inf = std::numeric_limits<double>::infinity();
  double tmax_c = sc > 0   ? (static_cast<double>(c + 1) - u0) / du
                  : sc < 0 ? (u0 - static_cast<double>(c)) / -du
                           : inf;
  double tmax_r = sr > 0   ? (static_cast<double>(r + 1) - v0) / dv
                  : sr < 0 ? (v0 - static_cast<double>(r)) / -dv
                           : inf;
  const double tdel_c = sc != 0 ? 1.0 / std::fabs(du) : inf;
  const double tdel_r = sr != 0 ? 1.0 / std::fabs(dv) : inf;
  for (std::int64_t steps = std::abs(c1 - c) + std::abs(r1 - r); steps > 0; --steps) {
    // Rounding can make the crossing order disagree with the end cell: once a
    // coordinate has reached its end value, only the other one moves.
    const bool step_col = c == c1 ? false : r == r1 ? true : tmax_c < tmax_r;
    if (step_col) {
      c += sc;
      tmax_c += tdel_c;
    } else {
      r += sr;
      tmax_r += tdel_r;
    }
    visit(r, c);
  }
}

// --- OGR ----------------------------------------------------------------------------

/// Appends the line parts of `g` to `parts`; returns false (with the
/// offending type name in `bad_type`) for anything that is not a line.
bool collect_lines(const OGRGeometry& g, std::vector<Coords>& parts, std::string& bad_type) {
  switch (wkbFlatten(g.getGeometryType())) {
    case wkbLineString:
    case wkbLinearRing: {
      const OGRSimpleCurve& line = *g.toSimpleCurve();
      const int n = line.getNumPoints();
      if (n <= 0) return true;
      Coords c;
      c.x.resize(static_cast<std::size_t>(n));
      c.y.resize(static_cast<std::size_t>(n));
      line.getPoints(c.x.data(), sizeof(double), c.y.data(), sizeof(double));
      parts.push_back(std::move(c));
      return true;
    }
    case wkbMultiLineString:
    case wkbGeometryCollection: {
      for (const OGRGeometry* part : *g.toGeometryCollection())
        if (!collect_lines(*part, parts, bad_type)) return false;
      return true;
    }
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve: {
      const std::unique_ptr<OGRGeometry> lin(g.getLinearGeometry());
      if (!lin) {
        bad_type = OGRGeometryTypeToName(g.getGeometryType());
        return false;
      }
      return collect_lines(*lin, parts, bad_type);
    }
    default:
      bad_type = OGRGeometryTypeToName(g.getGeometryType());
      return false;
  }
}

/// Traces a line (in the grid's CRS) onto the grid; returns the number of
/// counted cells.
std::size_t trace_line(const Grid<float>& grid, const Coords& c, const LineCellVisit& visit) {
  std::size_t counted = 0;
  auto cell = [&](std::int64_t r, std::int64_t col) {
    if (grid.inside(r, col) && visit(r, col)) ++counted;
  };
  const GeoTransform& g = grid.geo;
  for (std::size_t i = 0; i < c.x.size(); ++i) {
    const double u1 = (c.x[i] - g.x0) / g.dx, v1 = (c.y[i] - g.y0) / g.dy;
    if (i == 0) {
      trace_segment(u1, v1, u1, v1, cell);
    } else {
      const double u0 = (c.x[i - 1] - g.x0) / g.dx, v0 = (c.y[i - 1] - g.y0) / g.dy;
      trace_segment(u0, v0, u1, v1, cell);
    }
  }
  return counted;
}

}  // namespace

std::size_t trace_line_features(const Grid<float>& dem, VectorLayer& vl, const std::string& noun,
                                const LineFeatureStart& start, const LineCellVisit& visit) {
  OGRLayer& layer = *vl.layer;
  const std::string& where = vl.context;
  const std::string src_wkt = layer_crs_wkt(layer, {}, where);
  std::optional<CoordTransform> to_dem;
  try {
    to_dem = transform_if_needed(src_wkt, dem.crs_wkt);
  } catch (const InputError& e) {
    throw InputError(where + ": cannot transform the " + noun + "s to the DEM's CRS: " + e.what());
  }
  const bool reproject = to_dem.has_value();

  GeosContext& geos = geos_context();
  geos.take_error();  // nothing stale in our messages
  GEOSContextHandle_t h = geos.get();
  const double cell = std::min(dem.geo.dx, -dem.geo.dy);
  // Clip rectangle: the DEM extent plus one cell all round.
  const double xmin = dem.geo.x0 - dem.geo.dx;
  const double xmax = dem.geo.x0 + static_cast<double>(dem.cols + 1) * dem.geo.dx;
  const double ymax = dem.geo.y0 - dem.geo.dy;
  const double ymin = dem.geo.y0 + static_cast<double>(dem.rows + 1) * dem.geo.dy;

  std::size_t features = 0;
  GdalErrorScope scope(where);
  std::int64_t ordinal = 0;
  OGRFeatureUniquePtr f;
  for (f.reset(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature()), ++ordinal) {
    const GIntBig fid = f->GetFID();
    const std::string feat = where + ": feature " + std::to_string(fid == OGRNullFID ? ordinal : fid);
    start(*f, feat);
    const OGRGeometry* g = f->GetGeometryRef();
    if (g == nullptr || g->IsEmpty())
      throw InputError(feat + " has no geometry; draw the " + noun +
                       " as a line or remove the feature");
    std::vector<Coords> parts;
    std::string bad_type;
    if (!collect_lines(*g, parts, bad_type))
      throw InputError(feat + " is a " + bad_type +
                       "; " + noun + "s must be lines (LineString or MultiLineString): convert polygon "
                       "outlines to lines, e.g. ogr2ogr -nlt MULTILINESTRING");

    std::size_t touched = 0;
    for (Coords& part : parts) {
      if (part.x.empty()) continue;
      GeosGeom line(h, make_line(h, part));
      if (!line) throw InputError(feat + ": invalid line (GEOS: " + geos.take_error() + ")");
      Coords dst;
      if (reproject) {
        // Densify in the source CRS so that, once projected, segments are at
        // most about one DEM cell long (straight in degrees is curved in metres).
        Coords probe = part;
        to_dem->transform(probe.x, probe.y);
        double len_dst = 0.0;
        for (std::size_t i = 1; i < probe.x.size(); ++i)
          len_dst += std::hypot(probe.x[i] - probe.x[i - 1], probe.y[i] - probe.y[i - 1]);
        double len_src = 0.0;
        GEOSLength_r(h, line.get(), &len_src);
        Coords src = part;
        if (std::isfinite(len_dst) && len_dst > cell && len_src > 0.0) {
          const double pieces = std::min(len_dst / cell, 5.0e6);  // bound the vertex count
          GeosGeom dense(h, GEOSDensify_r(h, line.get(), len_src / pieces));
          if (!dense)
            throw InputError(feat + ": cannot densify the line (GEOS: " + geos.take_error() + ")");
          src = line_coords(h, dense.get());
        }
        dst = std::move(src);
        to_dem->transform(dst.x, dst.y);
        for (std::size_t i = 0; i < dst.x.size(); ++i)
          if (std::isnan(dst.x[i]))
            throw InputError(feat + ": its coordinates cannot be transformed to the DEM's CRS (" +
                             crs_describe(dem.crs_wkt) + "); check the layer's CRS (" +
                             crs_describe(src_wkt) + ")");
      } else {
        dst = part;
      }
      GeosGeom projected(h, make_line(h, dst));
      if (!projected) throw InputError(feat + ": invalid line (GEOS: " + geos.take_error() + ")");
      GeosGeom clipped(h, GEOSClipByRect_r(h, projected.get(), xmin, ymin, xmax, ymax));
      if (!clipped)
        throw InputError(feat + ": cannot clip the line to the DEM (GEOS: " + geos.take_error() +
                         ")");
      if (GEOSisEmpty_r(h, clipped.get()) == 1) continue;
      const int n = GEOSGetNumGeometries_r(h, clipped.get());
      for (int i = 0; i < n; ++i) {
        const GEOSGeometry* piece = GEOSGetGeometryN_r(h, clipped.get(), i);
        const int type = GEOSGeomTypeId_r(h, piece);
        if (type == GEOS_LINESTRING || type == GEOS_POINT || type == GEOS_LINEARRING)
          touched += trace_line(dem, line_coords(h, piece), visit);
      }
    }
    if (touched > 0) ++features;
  }
  return features;
}

}  // namespace floodevac::gis::detail
