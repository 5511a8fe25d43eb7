#include "gis/vector/place_layer.hpp"

#include <cmath>
#include <memory>
#include <vector>

#include "gis/gdal_crs.hpp"
#include "gis/geos_context.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis::detail {

PlaceLayer open_place_layer(const std::filesystem::path& path, const std::string& layer, const std::string& target,
                       const std::string& assume, const std::string& what) {
  require_file(path, what);
  const std::string dst = target_crs_wkt(target, what + " " + path.string());
  PlaceLayer s{open_vector_layer(path, layer, what), std::nullopt};
  const std::string src = layer_crs_wkt(*s.L.layer, assume, s.L.context);
  s.ct = transform_to_target(src, dst, s.L.context);
  return s;
}

bool geos_centroid(const OGRGeometry& geom, double& x, double& y, std::string* invalid_reason) {
  std::unique_ptr<OGRGeometry> flat(geom.clone());
  flat->flattenTo2D();
  std::vector<unsigned char> wkb(flat->WkbSize());
  if (flat->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso) != OGRERR_NONE) return false;
  const GEOSContextHandle_t h = geos_context().get();
  GEOSWKBReader* reader = GEOSWKBReader_create_r(h);
  const GeosGeom g(h, GEOSWKBReader_read_r(h, reader, wkb.data(), wkb.size()));
  GEOSWKBReader_destroy_r(h, reader);
  if (!g) return false;
  if (invalid_reason != nullptr && GEOSisValid_r(h, g.get()) != 1) {
    // A self-intersecting ("bow-tie") ring has a meaningless centroid.
    char* why = GEOSisValidReason_r(h, g.get());
    *invalid_reason = why != nullptr ? why : "invalid";
    if (why != nullptr) GEOSFree_r(h, why);
    return false;
  }
  const GeosGeom c(h, GEOSGetCentroid_r(h, g.get()));
  if (!c || GEOSisEmpty_r(h, c.get()) != 0) return false;
  if (GEOSGeomGetX_r(h, c.get(), &x) != 1 || GEOSGeomGetY_r(h, c.get(), &y) != 1) return false;
  return std::isfinite(x) && std::isfinite(y);
}

/// A point for a feature: the point itself, or the GEOS centroid of a
/// (multi)polygon, in the target CRS. Throws naming `where`.
void place_of(OGRGeometry* g, const std::optional<CoordTransform>& ct, const std::string& where,
              const std::string& kind, double& x, double& y) {
  if (!g || g->IsEmpty()) throw InputError(where + ": has no geometry. Give every " + kind + " a point or a polygon");
  std::unique_ptr<OGRGeometry> linear;
  if (g->hasCurveGeometry()) {
    linear.reset(g->getLinearGeometry());
    g = linear.get();
  }
  if (ct && !reproject_geometry(*g, *ct))
    throw InputError(where + ": coordinates cannot be reprojected to the target CRS. Check the layer CRS");
  const auto type = wkbFlatten(g->getGeometryType());
  if (type == wkbPoint) {
    x = g->toPoint()->getX();
    y = g->toPoint()->getY();
  } else if (type == wkbMultiPoint && g->toMultiPoint()->getNumGeometries() == 1) {
    x = g->toMultiPoint()->getGeometryRef(0)->getX();
    y = g->toMultiPoint()->getGeometryRef(0)->getY();
  } else if (type == wkbPolygon || type == wkbMultiPolygon) {
    std::string invalid;
    if (!geos_centroid(*g, x, y, &invalid)) {
      if (!invalid.empty())
        throw InputError(where + ": invalid geometry: " + invalid +
                         " (GEOS). Fix the polygon, e.g. ogr2ogr -makevalid, or QGIS 'Fix geometries'");
      throw InputError(where + ": the polygon has no centroid (empty or invalid). Fix the geometry");
    }
  } else {
    throw InputError(where + ": geometry is " + geometry_type_name(type) + "; a " + kind +
                     " must be a Point or a (Multi)Polygon");
  }
  if (!std::isfinite(x) || !std::isfinite(y))
    throw InputError(where + ": the location is not finite after reprojection. Check the layer CRS");
}

}  // namespace floodevac::gis::detail
