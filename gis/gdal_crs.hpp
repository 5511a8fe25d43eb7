#pragma once
// Where the CRS stack (gis/crs.hpp, PROJ) meets GDAL/OGR. GDAL hands CRSs
// over as OGRSpatialReference objects and takes them the same way; these are
// the only conversions, and no CRS is parsed from user text, compared, or
// used to transform coordinates with OGR anywhere in gis/ (GDAL's own warper
// and GeoJSON driver do their internal work with what we hand them).
#include <gdal.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <string>

#include "gis/crs.hpp"
#include "gis/gdal_error.hpp"

namespace floodevac::gis {

/// Single-line WKT2 (2019) of a spatial reference GDAL gave us ("" for nullptr).
std::string wkt_of(const OGRSpatialReference* srs);
/// The dataset's CRS as single-line WKT2 ("" when it has none).
std::string dataset_crs_wkt(GDALDatasetH ds);

/// A spatial reference to hand to GDAL, from any definition
/// crs_wkt_from_user accepts (turned into WKT by PROJ first), in the
/// traditional GIS axis order (x = easting or longitude). Throws InputError
/// "<context>: <crs_wkt_from_user's message>" when it is not understood.
OGRSpatialReference srs_for_gdal(const std::string& crs, const std::string& context);

/// Sets the dataset's CRS (srs_for_gdal); no-op for "". Errors through `scope`.
void set_dataset_crs(GDALDatasetH ds, const std::string& crs, GdalErrorScope& scope);

/// Transforms every vertex of a point, line, polygon or collection of them
/// in place with `ct` (x = easting/longitude). False, with the geometry
/// partly transformed, when a vertex cannot be transformed or the geometry
/// holds curves (linearise them first).
bool reproject_geometry(OGRGeometry& geometry, const CoordTransform& ct);

}  // namespace floodevac::gis
