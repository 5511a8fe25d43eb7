#pragma once
// Internal to gis/: the one way a vector layer is opened (roads, shelters,
// population, walls), with the one multi-layer rule, its CRS and the target
// CRS as WKT (gis/crs.hpp), and field access with useful errors. Not part of
// the public API.
//
// Multi-layer rule: a named layer must exist (the error lists the layers);
// without a name the source must hold exactly one layer. A source with
// several layers and no name is an InputError listing the layers with their
// geometry types, never a guess (a GeoPackage's layer order means nothing;
// QGIS asks too).
#include <ogrsf_frmts.h>

#include <filesystem>
#include <optional>
#include <string>

#include "gis/crs.hpp"
#include "gis/gdal_dataset.hpp"

namespace floodevac::gis::detail {

/// An opened OGR layer (owned by its dataset), reading from its first feature.
struct VectorLayer {
  Dataset ds;
  OGRLayer* layer = nullptr;
  std::string context;  // "<path> layer '<name>'"
};

/// Opens `path` as a vector source and picks the layer by the rule above.
/// `what` ("roads", "shelters", ...) starts every message.
VectorLayer open_vector_layer(const std::filesystem::path& path, const std::string& layer_name,
                              const std::string& what);

/// The layer's CRS as WKT; `assume` (crs_wkt_from_user) when the layer
/// declares none; InputError naming `context` when neither.
std::string layer_crs_wkt(OGRLayer& layer, const std::string& assume, const std::string& context);

/// The target CRS of a reader as WKT (crs_wkt_from_user); it must be a
/// projected CRS in metres. Throws InputError naming `context`.
std::string target_crs_wkt(const std::string& target, const std::string& context);

/// The transformation from a source CRS to the target CRS, none when they are
/// the same (transform_if_needed). Throws InputError naming `context`.
std::optional<CoordTransform> transform_to_target(const std::string& src_wkt, const std::string& dst_wkt,
                                                  const std::string& context);

/// Field index by name (case-insensitive), -1 if `name` is empty or missing.
int field_index(OGRLayer& layer, const std::string& name);
/// "id, name, capacity" — the layer's field names, for error messages.
std::string field_list(OGRLayer& layer);
/// field_index of a field the reader cannot do without; throws InputError
/// "<context>: no <label>field '<name>' (fields: <field_list>). <fix>" when it is missing
/// (label "capacity " reads "no capacity field", an empty label "no field").
int require_field(OGRLayer& layer, const std::string& name, const std::string& context,
                  const std::string& label, const std::string& fix);
/// The value as text; std::nullopt if idx < 0 or the field is unset/null.
std::optional<std::string> field_text(const OGRFeature& f, int idx);
/// "feature FID 12".
std::string feature_label(const OGRFeature& f);

/// "LineString", "Polygon", ... (GeoJSON/OGC spelling) for messages.
std::string geometry_type_name(OGRwkbGeometryType type);

}  // namespace floodevac::gis::detail
