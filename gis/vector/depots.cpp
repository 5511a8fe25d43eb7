#include "gis/vector/depots.hpp"

#include <unordered_set>

#include "gis/vector/place_layer.hpp"
#include "gis/vector/text.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis {

std::vector<evac::Depot> read_depots(const std::filesystem::path& path,
                                     const std::string& target_crs_wkt,
                                     const DepotFieldMap& fm) {
  auto s = detail::open_place_layer(path, fm.layer, target_crs_wkt, fm.assume_source_crs,
                                    "supply depots");
  OGRLayer& layer = *s.L.layer;
  const std::string& ctx = s.L.context;
  const int i_id = detail::require_field(layer, fm.id, ctx, "id ",
                                         "Give every depot an id or map the id field name"),
            i_level = detail::require_field(
                layer, fm.level, ctx, "level ",
                "Give every depot a level (county, city, ...) that names its delivery limit"),
            i_name = detail::field_index(layer, fm.name),
            i_stock = detail::field_index(layer, fm.stock);
  GdalErrorScope scope(ctx);
  std::vector<evac::Depot> out;
  std::unordered_set<std::string> seen;
  OGRFeatureUniquePtr f;
  while (f.reset(layer.GetNextFeature()), f) {
    evac::Depot d;
    const std::string label = detail::feature_label(*f);
    const auto id = detail::field_text(*f, i_id);
    if (!id || detail::trim(*id).empty())
      throw InputError(ctx + " " + label + ": field '" + fm.id +
                       "' is empty. Give every depot an id");
    d.id = std::string(detail::trim(*id));
    const std::string where = ctx + " " + label + " (depot '" + d.id + "')";
    if (!seen.insert(d.id).second)
      throw InputError(where + ": field '" + fm.id + "': id '" + d.id +
                       "' is used twice. Ids must be unique");
    if (auto n = detail::field_text(*f, i_name)) d.name = *n;
    const auto level = detail::field_text(*f, i_level);
    if (!level || detail::trim(*level).empty())
      throw InputError(where + ": field '" + fm.level +
                       "' is empty. Give the depot's level (county, city, ...)");
    d.level = detail::lower(detail::trim(*level));
    if (const auto stock = detail::field_text(*f, i_stock);
        stock && !detail::trim(*stock).empty()) {
      const auto v = detail::parse_double(*stock);
      if (!v || *v < 0 || *v > 1e12)
        throw InputError(where + ": field '" + fm.stock + "' = '" + *stock +
                         "' is not a stock in persons x days >= 0");
      d.stock_person_days = *v;
    }
    detail::place_of(f->GetGeometryRef(), s.ct, where, "depot", d.x, d.y);
    out.push_back(std::move(d));
  }
  if (out.empty()) throw InputError(ctx + ": no features; the depot layer is empty. Add depots");
  return out;
}

}  // namespace floodevac::gis
