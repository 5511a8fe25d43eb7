#pragma once
// Internal helpers of gis/vector (not part of the public API): opening OGR
// layers with useful errors, spatial references with the traditional GIS axis
// order (x = easting/longitude), coordinate transformations, GEOS centroids.
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gis/gdal_error.hpp"

namespace floodevac::gis::detail {

/// Throws InputError "<what>: file not found: <path>" unless path exists.
void require_file(const std::filesystem::path& path, const std::string& what);

/// SRS from WKT / "EPSG:n" / PROJ string (no network or file access), with
/// OAMS_TRADITIONAL_GIS_ORDER. Throws InputError naming `context`.
OGRSpatialReference make_srs(const std::string& user_input, const std::string& context);
/// EPSG:4326 (WGS 84 lon/lat, traditional order).
OGRSpatialReference wgs84_lonlat();
/// Throws InputError unless the SRS is projected with metre units.
void require_projected_metres(const OGRSpatialReference& srs, const std::string& context);

struct CtDeleter {
  void operator()(OGRCoordinateTransformation* ct) const { OGRCoordinateTransformation::DestroyCT(ct); }
};
using CtPtr = std::unique_ptr<OGRCoordinateTransformation, CtDeleter>;

/// Transformation src -> dst; nullptr when both are the same CRS.
/// Throws InputError naming `context` when PROJ cannot build it.
CtPtr make_transform(const OGRSpatialReference& src, const OGRSpatialReference& dst, const std::string& context);

/// An opened OGR layer.
struct OpenLayer {
  GDALDatasetUniquePtr ds;
  OGRLayer* layer = nullptr;
  std::string context;  // "<path> layer '<name>'"
  bool has_more_layers = false;
};
/// Opens `path` as a vector source and picks `layer_name` (empty: first
/// layer). Errors name the path and list the layers the source has.
OpenLayer open_layer(const std::filesystem::path& path, const std::string& layer_name, const std::string& what);

/// Source SRS of the layer (traditional order); `assume` when the layer has
/// none; InputError when neither.
OGRSpatialReference layer_srs(OGRLayer& layer, const std::string& assume, const std::string& context);

/// Field index by name (case-insensitive), -1 if `name` is empty or missing.
int field_index(OGRLayer& layer, const std::string& name);
/// "id, name, capacity" — the layer's field names, for error messages.
std::string field_list(OGRLayer& layer);
/// The value as text; std::nullopt if idx < 0 or the field is unset/null.
std::optional<std::string> field_text(const OGRFeature& f, int idx);
/// "feature FID 12".
std::string feature_label(const OGRFeature& f);

/// "LineString", "Polygon", ... (GeoJSON/OGC spelling) for messages.
std::string geometry_type_name(OGRwkbGeometryType type);

/// Planar centroid of a (multi)polygon through GEOS; false if empty.
bool geos_centroid(const OGRGeometry& geom, double& x, double& y);

/// Trims ASCII blanks.
std::string_view trim(std::string_view s);
/// Strict number: the whole (trimmed) text must be a finite number.
std::optional<double> parse_double(std::string_view s);
/// Lower-case ASCII copy.
std::string lower(std::string_view s);

}  // namespace floodevac::gis::detail
