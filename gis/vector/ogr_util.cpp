#include "gis/vector/ogr_util.hpp"


#include <cctype>
#include <charconv>
#include <cmath>
#include <system_error>

#include "gis/gdal_crs.hpp"
#include "gis/geos_context.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis::detail {

void require_file(const std::filesystem::path& path, const std::string& what) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw InputError(what + ": file not found: " + path.string() + ". Check the path in the scenario.");
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

OpenLayer open_layer(const std::filesystem::path& path, const std::string& layer_name, const std::string& what) {
  require_file(path, what);
  GdalErrorScope scope(what + " " + path.string());
  OpenLayer out;
  out.ds.reset(GDALDataset::Open(path.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr,
                                 nullptr));
  if (!out.ds)
    scope.fail("cannot open as a vector data source",
               "Use a format GDAL/OGR reads (GeoJSON, GeoPackage, Shapefile with its .shx/.dbf)");
  const int n = out.ds->GetLayerCount();
  if (n == 0) throw InputError(what + " " + path.string() + ": the source has no layers");
  if (layer_name.empty()) {
    out.layer = out.ds->GetLayer(0);
    out.has_more_layers = n > 1;
  } else {
    out.layer = out.ds->GetLayerByName(layer_name.c_str());
    if (!out.layer) {
      std::string names;
      for (int i = 0; i < n; ++i) names += std::string(i ? ", '" : "'") + out.ds->GetLayer(i)->GetName() + "'";
      throw InputError(what + " " + path.string() + ": no layer named '" + layer_name + "'; the source has " +
                       names + ". Set the layer option to one of these");
    }
  }
  out.context = path.string() + " layer '" + out.layer->GetName() + "'";
  out.layer->ResetReading();
  return out;
}

std::string layer_crs_wkt(OGRLayer& layer, const std::string& assume, const std::string& context) {
  if (std::string wkt = wkt_of(layer.GetSpatialRef()); !wkt.empty()) return wkt;
  if (assume.empty())
    throw InputError(context + ": the layer declares no CRS. Add one (e.g. a .prj next to a shapefile) or set "
                               "the option that assumes a source CRS");
  try {
    return crs_wkt_from_user(assume);
  } catch (const InputError& e) {
    throw InputError(context + ": assumed source " + e.what());
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

bool geos_centroid(const OGRGeometry& geom, double& x, double& y) {
  std::unique_ptr<OGRGeometry> flat(geom.clone());
  flat->flattenTo2D();
  std::vector<unsigned char> wkb(flat->WkbSize());
  if (flat->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso) != OGRERR_NONE) return false;
  const GEOSContextHandle_t h = geos_context().get();
  GEOSWKBReader* reader = GEOSWKBReader_create_r(h);
  const GeosGeom g(h, GEOSWKBReader_read_r(h, reader, wkb.data(), wkb.size()));
  GEOSWKBReader_destroy_r(h, reader);
  if (!g) return false;
  const GeosGeom c(h, GEOSGetCentroid_r(h, g.get()));
  if (!c || GEOSisEmpty_r(h, c.get()) != 0) return false;
  if (GEOSGeomGetX_r(h, c.get(), &x) != 1 || GEOSGeomGetY_r(h, c.get(), &y) != 1) return false;
  return std::isfinite(x) && std::isfinite(y);
}

std::string_view trim(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

std::optional<double> parse_double(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace floodevac::gis::detail
