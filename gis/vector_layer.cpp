#include "gis/vector_layer.hpp"

#include "gis/gdal_crs.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis::detail {

namespace {

/// "'landuse' (Polygon), 'roads' (MultiLineString)".
std::string layer_list(GDALDataset& ds) {
  std::string s;
  for (int i = 0; i < ds.GetLayerCount(); ++i) {
    OGRLayer* l = ds.GetLayer(i);
    s += std::string(i ? ", '" : "'") + l->GetName() + "' (" + geometry_type_name(l->GetGeomType()) + ")";
  }
  return s;
}

}  // namespace

VectorLayer open_vector_layer(const std::filesystem::path& path, const std::string& layer_name,
                              const std::string& what) {
  const std::string source = what + " " + display_name(path);
  require_file(path, what);
  GdalErrorScope scope(source);
  VectorLayer out;
  out.ds = open_dataset(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, scope,
                        "Use a vector format GDAL reads (GeoJSON, GeoPackage, Shapefile with its .shx/.dbf)");
  GDALDataset& ds = *GDALDataset::FromHandle(out.ds.get());
  const int n = ds.GetLayerCount();
  if (n == 0) throw InputError(source + ": the source has no layers");
  if (layer_name.empty()) {
    if (n > 1)
      throw InputError(source + ": the source has " + std::to_string(n) + " layers (" + layer_list(ds) +
                       "); name the one to read (the layer option)");
    out.layer = ds.GetLayer(0);
  } else {
    out.layer = ds.GetLayerByName(layer_name.c_str());
    if (!out.layer)
      throw InputError(source + ": layer '" + layer_name + "' not found; the source has " + layer_list(ds) +
                       ". Set the layer option to one of these");
  }
  out.context = display_name(path) + " layer '" + out.layer->GetName() + "'";
  out.layer->ResetReading();
  return out;
}

std::string layer_crs_wkt(OGRLayer& layer, const std::string& assume, const std::string& context) {
  if (std::string wkt = wkt_of(layer.GetSpatialRef()); !wkt.empty()) return wkt;
  if (assume.empty())
    throw InputError(context + ": the layer declares no CRS. Add one (e.g. a .prj next to a shapefile, or "
                               "ogr2ogr -a_srs EPSG:<code>) or set the option that assumes a source CRS");
  try {
    return crs_wkt_from_user(assume);
  } catch (const InputError& e) {
    throw InputError(context + ": assumed source " + e.what());
  }
}

std::string target_crs_wkt(const std::string& target, const std::string& context) {
  if (target.empty())
    throw InputError(context + ": no target CRS given. Give a WKT string or an authority code such as EPSG:32651");
  std::string wkt;
  try {
    wkt = crs_wkt_from_user(target);
  } catch (const InputError& e) {
    throw InputError(context + ": target " + e.what());
  }
  if (!crs_is_projected_metres(wkt))
    throw InputError(context + ": the target CRS must be a projected CRS in metres (e.g. UTM EPSG:32651 or "
                               "CGCS2000 Gauss-Kruger EPSG:4549); " + crs_describe(wkt) + " is not");
  return wkt;
}

std::optional<CoordTransform> transform_to_target(const std::string& src_wkt, const std::string& dst_wkt,
                                                  const std::string& context) {
  try {
    return transform_if_needed(src_wkt, dst_wkt);
  } catch (const InputError& e) {
    throw InputError(context + ": cannot transform coordinates to the target CRS: " + e.what());
  }
}

int field_index(OGRLayer& layer, const std::string& name) {
  if (name.empty()) return -1;
  return layer.GetLayerDefn()->GetFieldIndex(name.c_str());
}

std::string field_list(OGRLayer& layer) {
  const OGRFeatureDefn* d = layer.GetLayerDefn();
  std::string s;
  for (int i = 0; i < d->GetFieldCount(); ++i) s += std::string(i ? ", " : "") + d->GetFieldDefn(i)->GetNameRef();
  return s.empty() ? "(no fields)" : s;
}

int require_field(OGRLayer& layer, const std::string& name, const std::string& context,
                  const std::string& label, const std::string& fix) {
  const int i = field_index(layer, name);
  if (i < 0)
    throw InputError(context + ": no " + label + "field '" + name + "' (fields: " + field_list(layer) +
                     "). " + fix);
  return i;
}

std::optional<std::string> field_text(const OGRFeature& f, int idx) {
  if (idx < 0 || !f.IsFieldSetAndNotNull(idx)) return std::nullopt;
  return std::string(f.GetFieldAsString(idx));
}

std::string feature_label(const OGRFeature& f) {
  return "feature FID " + std::to_string(static_cast<long long>(f.GetFID()));
}

std::string geometry_type_name(OGRwkbGeometryType type) {
  switch (wkbFlatten(type)) {
    case wkbPoint: return "Point";
    case wkbLineString: return "LineString";
    case wkbPolygon: return "Polygon";
    case wkbMultiPoint: return "MultiPoint";
    case wkbMultiLineString: return "MultiLineString";
    case wkbMultiPolygon: return "MultiPolygon";
    case wkbGeometryCollection: return "GeometryCollection";
    default: return OGRGeometryTypeToName(type);
  }
}

}  // namespace floodevac::gis::detail
