#include "gis/vector/gauges.hpp"

#include "gis/vector/place_layer.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis {

std::vector<Gauge> read_gauges(const std::filesystem::path& file, const std::string& layer,
                               const std::string& target_crs) {
  auto pl = detail::open_place_layer(file, layer, target_crs, "", "gauges");
  OGRLayer& L = *pl.L.layer;
  const int id = detail::require_field(L, "id", pl.L.context, "", "Give every gauge an id");
  const int name = detail::field_index(L, "name"), kind = detail::field_index(L, "kind"),
            warn = detail::field_index(L, "warning_level_m");
  std::vector<Gauge> out;
  for (auto& f : L) {
    const std::string where = pl.L.context + " " + detail::feature_label(*f);
    Gauge g;
    const auto gid = detail::field_text(*f, id);
    if (!gid || gid->empty()) throw InputError(where + ": no id. Give every gauge an id");
    g.id = *gid;
    g.name = detail::field_text(*f, name).value_or(g.id);
    g.kind = detail::field_text(*f, kind).value_or("");
    if (warn >= 0 && f->IsFieldSetAndNotNull(warn)) g.warning_level_m = f->GetFieldAsDouble(warn);
    OGRGeometry* geom = f->GetGeometryRef();
    if (geom != nullptr && wkbFlatten(geom->getGeometryType()) != wkbPoint)
      throw InputError(where + ": a gauge must be a Point");
    detail::place_of(geom, pl.ct, where, "gauge", g.x, g.y);
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace floodevac::gis
