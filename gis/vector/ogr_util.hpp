#pragma once
// Internal helpers of gis/vector (not part of the public API): opening OGR
// layers with useful errors, their CRS and the target CRS as WKT (gis/crs.hpp),
// fields, GEOS centroids.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gis/crs.hpp"
#include "gis/gdal_error.hpp"

namespace floodevac::gis::detail {

/// Throws InputError "<what>: file not found: <path>" unless path exists.
void require_file(const std::filesystem::path& path, const std::string& what);

/// The target CRS of a reader as WKT (crs_wkt_from_user); it must be a
/// projected CRS in metres. Throws InputError naming `context`.
std::string target_crs_wkt(const std::string& target, const std::string& context);

/// The transformation from a source CRS to the target CRS, none when they are
/// the same (transform_if_needed). Throws InputError naming `context`.
std::optional<CoordTransform> transform_to_target(const std::string& src_wkt, const std::string& dst_wkt,
                                                  const std::string& context);

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

/// The layer's CRS as WKT; `assume` (crs_wkt_from_user) when the layer
/// declares none; InputError naming `context` when neither.
std::string layer_crs_wkt(OGRLayer& layer, const std::string& assume, const std::string& context);

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
