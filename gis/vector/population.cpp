#include "gis/vector/population.hpp"

#include <cmath>

#include "gis/vector/place_layer.hpp"
#include "gis/vector/text.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis {

std::vector<evac::PopulationUnit> read_population_vector(const std::filesystem::path& path,
                                                         const std::string& target_crs_wkt,
                                                         const std::string& count_field, const std::string& layer_name,
                                                         const std::string& id_field) {
  auto s = detail::open_place_layer(path, layer_name, target_crs_wkt, {}, "population");
  OGRLayer& layer = *s.L.layer;
  const std::string& ctx = s.L.context;
  const int i_count = detail::field_index(layer, count_field);
  const int i_id = detail::field_index(layer, id_field);
  if (i_count < 0)
    throw InputError(ctx + ": no count field '" + count_field + "' (fields: " + detail::field_list(layer) +
                     "). Name the field that holds the number of persons");
  GdalErrorScope scope(ctx);
  std::vector<evac::PopulationUnit> out;
  OGRFeatureUniquePtr f;
  while (f.reset(layer.GetNextFeature()), f) {
    const std::string where = ctx + " " + detail::feature_label(*f);
    const auto t = detail::field_text(*f, i_count);
    if (!t || detail::trim(*t).empty())
      throw InputError(where + ": field '" + count_field + "' is missing. Give the number of persons (>= 0)");
    const auto v = detail::parse_double(*t);
    if (!v || *v < 0)
      throw InputError(where + ": field '" + count_field + "' = '" + *t +
                       "' is not a number of persons >= 0. Fix the value");
    if (*v == 0) continue;
    evac::PopulationUnit u;
    const auto id = detail::field_text(*f, i_id);
    if (id && !detail::trim(*id).empty()) {
      u.id = detail::trim(*id);
    } else {
      // "f<FID>", built without operator+ (GCC 12 warns falsely, -Wrestrict, on "f" + to_string).
      u.id = std::to_string(static_cast<long long>(f->GetFID()));
      u.id.insert(u.id.begin(), 'f');
    }
    u.persons = *v;
    detail::place_of(f->GetGeometryRef(), s.ct, where, "population unit", u.x, u.y);
    out.push_back(std::move(u));
  }
  return out;
}

std::vector<evac::PopulationUnit> population_from_raster(const Grid<float>& g, double min_persons,
                                                         const std::string& name) {
  g.validate(name);
  std::size_t negative = 0;
  std::int64_t first_r = 0, first_c = 0;
  float first_v = 0;
  for (std::int64_t r = 0; r < g.rows; ++r)
    for (std::int64_t c = 0; c < g.cols; ++c)
      if (const float v = g(r, c); v < 0 && negative++ == 0) {
        first_r = r;
        first_c = c;
        first_v = v;
      }
  if (negative > 0)
    throw InputError(name + ": " + std::to_string(negative) + " cells hold a negative number of persons (the first at row " +
                     std::to_string(first_r) + ", column " + std::to_string(first_c) + ": " + detail::fixed1(first_v) +
                     "). Persons per cell must be >= 0; fix the raster or declare the value as nodata "
                     "(gdal_edit.py -a_nodata <value>)");
  if (!(min_persons >= 0) || !std::isfinite(min_persons))
    throw ConfigError("population raster: min_persons must be a finite number >= 0");
  std::vector<evac::PopulationUnit> out;
  for (std::int64_t r = 0; r < g.rows; ++r)
    for (std::int64_t c = 0; c < g.cols; ++c) {
      const float v = g(r, c);
      if (std::isnan(v) || !(v > 0) || !(static_cast<double>(v) >= min_persons)) continue;
      evac::PopulationUnit u;
      u.id = "r";  // built piecewise: GCC 12 warns falsely (-Wrestrict) on "r" + to_string(...)
      u.id += std::to_string(r);
      u.id += 'c';
      u.id += std::to_string(c);
      u.x = g.geo.cell_center_x(c);
      u.y = g.geo.cell_center_y(r);
      u.persons = v;
      out.push_back(std::move(u));
    }
  return out;
}

}  // namespace floodevac::gis
