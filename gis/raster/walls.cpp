#include "gis/raster/walls.hpp"

#include <ogrsf_frmts.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>
#include <utility>

#include "gis/raster/line_cells.hpp"
#include "gis/vector_layer.hpp"

namespace floodevac::gis {

namespace fs = std::filesystem;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

/// Reads the crest of `f`; nullopt with `why` set when it is null or not a number.
std::optional<double> read_crest(const OGRFeature& f, int field, OGRFieldType type, std::string& why) {
  if (!f.IsFieldSetAndNotNull(field)) {
    why = "has no crest height (null or missing)";
    return std::nullopt;
  }
  double v = 0.0;
  if (type == OFTInteger || type == OFTInteger64 || type == OFTReal) {
    v = f.GetFieldAsDouble(field);
  } else if (type == OFTString) {
    const char* s = f.GetFieldAsString(field);
    char* end = nullptr;
    errno = 0;
    v = std::strtod(s, &end);
    while (end != nullptr && *end != '\0' && std::isspace(static_cast<unsigned char>(*end))) ++end;
    if (end == s || end == nullptr || *end != '\0' || errno == ERANGE) {
      why = std::string("has a crest height that is not a number ('") + s + "')";
      return std::nullopt;
    }
  } else {
    why = std::string("has a crest height of type ") + OGRFieldDefn::GetFieldTypeName(type) + ", not a number";
    return std::nullopt;
  }
  if (!std::isfinite(v)) {
    why = "has a crest height that is not finite";
    return std::nullopt;
  }
  return v;
}

}  // namespace

WallBurn burn_walls(Grid<float>& dem, const fs::path& file, const std::string& crest_field,
                    const std::string& layer_name) {
  const std::string name = detail::display_name(file);
  dem.validate(name + ": DEM for the walls");
  if (dem.crs_wkt.empty())
    throw InvariantError(name + ": the DEM has no CRS, so the walls cannot be placed on it");

  detail::VectorLayer wl = detail::open_vector_layer(file, layer_name, "walls");
  OGRLayer& layer = *wl.layer;
  const std::string& where = wl.context;

  const int field = detail::field_index(layer, crest_field);
  if (field < 0)
    throw InputError(where + ": crest-height field '" + crest_field + "' not found; available fields: " +
                     detail::field_list(layer) +
                     "; set the wall crest field to the one holding the crest elevation in metres");
  const OGRFieldType field_type = layer.GetLayerDefn()->GetFieldDefn(field)->GetType();

  Grid<float> crest = Grid<float>::like(dem, kNaN);
  float feature_crest = kNaN;
  auto start = [&](const OGRFeature& f, const std::string& feat) {
    std::string why;
    const std::optional<double> crest_m = read_crest(f, field, field_type, why);
    if (!crest_m)
      throw InputError(feat + " " + why + " in field '" + crest_field +
                       "'; give every wall its crest elevation in metres");
    feature_crest = static_cast<float>(*crest_m);
  };
  // A burned cell takes the highest crest of the walls crossing it.
  auto visit = [&](std::int64_t r, std::int64_t c) {
    if (std::isnan(dem(r, c))) return false;
    float& cell = crest(r, c);
    if (std::isnan(cell) || feature_crest > cell) cell = feature_crest;
    return true;
  };
  WallBurn out;
  out.features = detail::trace_line_features(dem, wl, "wall", start, visit);

  out.mask = Grid<std::uint8_t>::like(dem, std::uint8_t{0});
  for (std::size_t i = 0; i < dem.data.size(); ++i) {
    const float c = crest.data[i];
    if (std::isnan(c)) continue;  // the visitor never marks NaN DEM cells
    out.mask.data[i] = 1;
    ++out.cells;
    if (c > dem.data[i]) dem.data[i] = c;
  }
  out.crest_m = std::move(crest);
  return out;
}

}  // namespace floodevac::gis
