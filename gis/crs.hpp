#pragma once
// Coordinate reference systems, through PROJ directly (proj.h): the one CRS
// stack of floodevac. Every CRS parse, description, comparison and coordinate
// transformation in gis/ goes through this header; OGRSpatialReference only
// carries a CRS across the GDAL API (gis/gdal_crs.hpp). Why PROJ and not OGR's
// OGRSpatialReference / OGRCoordinateTransformation: OGR wraps these same
// PROJ objects, adding a second object model and a second axis-order rule
// (per-object axis mapping strategies); PROJ alone gives one rule for axis
// order (proj_normalize_for_visualization), explicit contexts (no network,
// messages captured, one per thread) and documented equivalence tests; the
// sim/ grids carry WKT strings, which is what PROJ reads and writes.
//
// Every CRS inside floodevac travels as a WKT string (Grid::crs_wkt). This
// header turns what a user writes in a scenario into WKT, answers the few
// questions the planner asks about a CRS, and transforms coordinates.
//
// Axis order: every coordinate handled here is in "GIS order" — x is the
// longitude or the easting, y the latitude or the northing — whatever the
// authority says (PROJ's proj_normalize_for_visualization). Angles are in
// degrees, projected coordinates in the CRS's own linear unit (metres for
// every CRS the simulation accepts: see crs_is_projected_metres).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/error.hpp"

namespace floodevac::gis {

/// Turns a user's CRS definition into single-line WKT2 (2019).
/// Accepts "EPSG:32651" (any AUTH:CODE PROJ knows), a bare number "32651"
/// (taken as an EPSG code), an OGC URN, WKT1 or WKT2, or a PROJ string
/// ("+proj=utm +zone=51 +datum=WGS84"; "+type=crs" is added if missing).
/// Throws InputError naming `def` and the accepted forms when PROJ does not
/// understand it or when it is not a CRS (e.g. a bare transformation).
std::string crs_wkt_from_user(const std::string& def);

/// True when `wkt` is a projected CRS whose two horizontal axes are in metres
/// (a compound CRS is judged by its horizontal part, a bound CRS by its source).
/// False for an empty string, a geographic CRS, or a projection in feet.
bool crs_is_projected_metres(const std::string& wkt);

/// True when `wkt` is a geographic (2D or 3D, lon/lat in angular units) CRS,
/// judged like crs_is_projected_metres. False for an empty string.
bool crs_is_geographic(const std::string& wkt);

/// The EPSG code of `wkt`: its own EPSG identifier if it carries one,
/// otherwise the code of the EPSG CRS PROJ identifies as the same CRS (100 %
/// confidence, or equivalent except for the axis order of a geographic CRS);
/// 0 if none (or if `wkt` is empty or not understood).
int crs_epsg(const std::string& wkt);

/// True when both CRS definitions describe the same CRS (PROJ's
/// "equivalent except axis order" test, so EPSG:4326 and OGC:CRS84 compare
/// equal). Two empty strings are equivalent; empty and non-empty are not.
/// Accepts anything crs_wkt_from_user accepts.
bool crs_equivalent(const std::string& a, const std::string& b);

/// Short human description for messages: "EPSG:32651 (WGS 84 / UTM zone 51N)",
/// the CRS name when there is no EPSG code, or "no CRS" for an empty string.
std::string crs_describe(const std::string& wkt);

/// EPSG code of the WGS 84 UTM zone containing (lon, lat) in degrees:
/// 326zz north of the equator, 327zz south. Used to suggest a CRS to users.
int utm_epsg_for(double lon_deg, double lat_deg);

/// Transforms coordinates from one CRS to another (proj_create_crs_to_crs,
/// then proj_normalize_for_visualization: x = lon/easting, y = lat/northing
/// on both sides). Accepts any CRS definition crs_wkt_from_user accepts.
///
/// Each instance owns its own PJ_CONTEXT: an instance may be used by one
/// thread at a time; make one per thread for parallel work. Movable, not
/// copyable. Points PROJ cannot transform (outside the area of use of a
/// projection, NaN input) come out as NaN.
class CoordTransform {
 public:
  /// Throws InputError if either CRS is not understood or PROJ finds no
  /// transformation between them.
  CoordTransform(const std::string& src_crs, const std::string& dst_crs);
  ~CoordTransform();
  CoordTransform(CoordTransform&&) noexcept;
  CoordTransform& operator=(CoordTransform&&) noexcept;
  CoordTransform(const CoordTransform&) = delete;
  CoordTransform& operator=(const CoordTransform&) = delete;

  /// In place; x and y must have the same length (InvariantError otherwise).
  void transform(std::vector<double>& x, std::vector<double>& y) const;
  /// In place, one point.
  void transform_point(double& x, double& y) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// A transformation from src_crs to dst_crs, or std::nullopt when both are
/// the same CRS (crs_equivalent): coordinates then stay exactly as they are.
/// Throws like the CoordTransform constructor.
std::optional<CoordTransform> transform_if_needed(const std::string& src_crs, const std::string& dst_crs);

}  // namespace floodevac::gis
