#include "gis/gdal_crs.hpp"

#include <cpl_conv.h>

#include <cmath>
#include <vector>

namespace floodevac::gis {

std::string wkt_of(const OGRSpatialReference* srs) {
  if (srs == nullptr) return {};
  char* wkt = nullptr;
  const char* const options[] = {"FORMAT=WKT2_2019", "MULTILINE=NO", nullptr};
  std::string out;
  if (srs->exportToWkt(&wkt, options) == OGRERR_NONE && wkt != nullptr) out = wkt;
  CPLFree(wkt);
  return out;
}

std::string dataset_crs_wkt(GDALDatasetH ds) {
  return wkt_of(OGRSpatialReference::FromHandle(GDALGetSpatialRef(ds)));
}

OGRSpatialReference srs_for_gdal(const std::string& crs, const std::string& context) {
  std::string wkt;
  try {
    wkt = crs_wkt_from_user(crs);
  } catch (const InputError& e) {
    throw InputError(context + ": " + e.what());
  }
  GdalErrorScope scope(context);
  OGRSpatialReference srs;
  if (srs.importFromWkt(wkt.c_str()) != OGRERR_NONE)
    scope.fail("GDAL cannot take the CRS " + crs_describe(wkt));
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

void set_dataset_crs(GDALDatasetH ds, const std::string& crs, GdalErrorScope& scope) {
  if (crs.empty()) return;
  OGRSpatialReference srs = srs_for_gdal(crs, "the grid's CRS");
  if (GDALSetSpatialRef(ds, OGRSpatialReference::ToHandle(&srs)) != CE_None)
    scope.fail("cannot set the CRS");
}

namespace {

bool reproject_curve(OGRSimpleCurve& c, const CoordTransform& ct) {
  const int n = c.getNumPoints();
  if (n == 0) return true;
  std::vector<double> x(static_cast<std::size_t>(n)), y(static_cast<std::size_t>(n));
  c.getPoints(x.data(), sizeof(double), y.data(), sizeof(double));
  ct.transform(x, y);
  for (int i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(i);
    if (!std::isfinite(x[k]) || !std::isfinite(y[k])) return false;
    c.setPoint(i, x[k], y[k]);  // z and m stay as they are
  }
  return true;
}

}  // namespace

bool reproject_geometry(OGRGeometry& g, const CoordTransform& ct) {
  switch (wkbFlatten(g.getGeometryType())) {
    case wkbPoint: {
      OGRPoint& p = *g.toPoint();
      if (p.IsEmpty()) return true;
      double x = p.getX(), y = p.getY();
      ct.transform_point(x, y);
      if (!std::isfinite(x) || !std::isfinite(y)) return false;
      p.setX(x);
      p.setY(y);
      return true;
    }
    case wkbLineString:
    case wkbLinearRing:
      return reproject_curve(*g.toSimpleCurve(), ct);
    case wkbPolygon:
      for (OGRLinearRing* ring : *g.toPolygon())
        if (!reproject_curve(*ring, ct)) return false;
      return true;
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
      for (OGRGeometry* part : *g.toGeometryCollection())
        if (!reproject_geometry(*part, ct)) return false;
      return true;
    default:
      return false;
  }
}

}  // namespace floodevac::gis
