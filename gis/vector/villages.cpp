#include "gis/vector/villages.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "gis/gdal_crs.hpp"
#include "gis/geos_context.hpp"
#include "gis/vector/csv_table.hpp"
#include "gis/vector/place_layer.hpp"
#include "gis/vector/text.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis {

struct VillageZones::Geoms {
  GEOSContextHandle_t h = nullptr;
  std::vector<GEOSGeometry*> polygons;
  std::vector<const GEOSPreparedGeometry*> prepared;
  std::unordered_map<std::string, int> index;
  ~Geoms() {
    for (auto* p : prepared) GEOSPreparedGeom_destroy_r(h, p);
    for (auto* g : polygons) GEOSGeom_destroy_r(h, g);
  }
};

VillageZones::VillageZones() : geoms_(std::make_unique<Geoms>()) {}
VillageZones::~VillageZones() = default;
VillageZones::VillageZones(VillageZones&&) noexcept = default;
VillageZones& VillageZones::operator=(VillageZones&&) noexcept = default;

int VillageZones::index_of(const std::string& id) const {
  const auto it = geoms_->index.find(id);
  return it == geoms_->index.end() ? -1 : it->second;
}

int VillageZones::zone_of(double x, double y) const {
  if (!std::isfinite(x) || !std::isfinite(y)) return -1;
  const GEOSContextHandle_t h = geoms_->h;
  const GeosGeom point(h, GEOSGeom_createPointFromXY_r(h, x, y));
  if (!point) return -1;
  for (std::size_t k = 0; k < villages_.size(); ++k) {
    const Village& v = villages_[k];
    if (x < v.min_x || x > v.max_x || y < v.min_y || y > v.max_y) continue;
    if (GEOSPreparedIntersects_r(h, geoms_->prepared[k], point.get()) == 1)
      return static_cast<int>(k);
  }
  return -1;
}

std::vector<int> VillageZones::zones_of(const std::vector<double>& x,
                                        const std::vector<double>& y) const {
  std::vector<int> out(std::min(x.size(), y.size()));
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = zone_of(x[i], y[i]);
  return out;
}

namespace {

std::vector<std::string> split_ids(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text + ",") {
    if (c == ',' || c == ';') {
      const auto t = detail::trim(cur);
      if (!t.empty()) out.emplace_back(t);
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

/// The geometry as 2D ISO WKB (empty when OGR cannot export it).
std::vector<unsigned char> flat_wkb(const OGRGeometry& geom) {
  std::unique_ptr<OGRGeometry> flat(geom.clone());
  flat->flattenTo2D();
  std::vector<unsigned char> wkb(flat->WkbSize());
  if (flat->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso) != OGRERR_NONE) return {};
  return wkb;
}

GEOSGeometry* to_geos(const std::vector<unsigned char>& wkb) {
  if (wkb.empty()) return nullptr;
  const GEOSContextHandle_t h = geos_context().get();
  GEOSWKBReader* reader = GEOSWKBReader_create_r(h);
  GEOSGeometry* g = GEOSWKBReader_read_r(h, reader, wkb.data(), wkb.size());
  GEOSWKBReader_destroy_r(h, reader);
  return g;
}

}  // namespace

VillageZones read_villages(const std::filesystem::path& path, const std::string& target_crs_wkt,
                           const VillageFieldMap& fm) {
  auto s = detail::open_place_layer(path, fm.layer, target_crs_wkt, fm.assume_source_crs, "villages");
  OGRLayer& layer = *s.L.layer;
  const std::string& ctx = s.L.context;
  const int i_id = detail::require_field(
                layer, fm.id, ctx, "id ",
                "Give every village an id (e.g. V01) or map the id field name"),
            i_name = detail::field_index(layer, fm.name),
            i_danger = detail::field_index(layer, fm.danger),
            i_shelters = detail::field_index(layer, fm.shelters),
            i_res = detail::field_index(layer, fm.residents),
            i_plan = detail::field_index(layer, fm.plan_places);
  VillageZones zones;
  auto& G = *zones.geoms_;
  G.h = geos_context().get();
  GdalErrorScope scope(ctx);
  OGRFeatureUniquePtr f;
  while (f.reset(layer.GetNextFeature()), f) {
    Village v;
    const std::string label = detail::feature_label(*f);
    const auto id = detail::field_text(*f, i_id);
    if (!id || detail::trim(*id).empty())
      throw InputError(ctx + " " + label + ": field '" + fm.id + "' is empty. Give every village an id");
    v.id = std::string(detail::trim(*id));
    const std::string where = ctx + " " + label + " (village '" + v.id + "')";
    if (G.index.count(v.id))
      throw InputError(where + ": field '" + fm.id + "': id '" + v.id +
                       "' is used twice. Village ids must be unique");
    const auto name = detail::field_text(*f, i_name);
    v.name = name && !detail::trim(*name).empty() ? *name : v.id;
    if (const auto d = detail::field_text(*f, i_danger); d && !detail::trim(*d).empty()) {
      v.danger = detail::lower(detail::trim(*d));
      if (std::none_of(std::begin(kDangerTypes), std::end(kDangerTypes),
                       [&](const char* k) { return v.danger == k; })) {
        std::string known;
        for (const char* k : kDangerTypes) known += (known.empty() ? "" : ", ") + std::string(k);
        throw InputError(where + ": field '" + fm.danger + "' = '" + *d +
                         "' is not a danger type. Use one of " + known);
      }
    }
    if (const auto sh = detail::field_text(*f, i_shelters)) v.shelters = split_ids(*sh);
    if (const auto r = detail::field_text(*f, i_res); r && !detail::trim(*r).empty()) {
      const auto n = detail::parse_double(*r);
      if (!n || *n < 0)
        throw InputError(where + ": field '" + fm.residents + "' = '" + *r +
                         "' is not a number of persons >= 0. Give the residents or leave it empty");
      v.residents = *n;
    }
    if (const auto r = detail::field_text(*f, i_plan); r && !detail::trim(*r).empty()) {
      const auto n = detail::parse_double(*r);
      if (!n || *n < 0)
        throw InputError(where + ": field '" + fm.plan_places + "' = '" + *r +
                         "' is not a number of places >= 0. Give the places the plan reserves or "
                         "leave it empty");
      v.plan_places = *n;
    }
    OGRGeometry* g = f->GetGeometryRef();
    if (!g || g->IsEmpty())
      throw InputError(where + ": has no geometry. Give every village its polygon");
    const auto type = wkbFlatten(g->getGeometryType());
    if (type != wkbPolygon && type != wkbMultiPolygon)
      throw InputError(where + ": geometry is " + detail::geometry_type_name(type) +
                       "; a village must be a (Multi)Polygon");
    if (s.ct && !reproject_geometry(*g, *s.ct))
      throw InputError(where + ": coordinates cannot be reprojected to the target CRS. Check the layer CRS");
    v.wkb = flat_wkb(*g);
    GEOSGeometry* gg = to_geos(v.wkb);
    if (gg == nullptr)
      throw InputError(where + ": GEOS cannot read the polygon (" + geos_context().take_error() +
                       "). Fix the geometry");
    G.polygons.push_back(gg);
    if (GEOSisValid_r(G.h, gg) != 1) {
      char* why = GEOSisValidReason_r(G.h, gg);
      const std::string reason = why != nullptr ? why : "invalid";
      if (why != nullptr) GEOSFree_r(G.h, why);
      throw InputError(where + ": invalid polygon: " + reason +
                       " (GEOS). Fix it, e.g. ogr2ogr -makevalid, or QGIS 'Fix geometries'");
    }
    OGREnvelope env;
    g->getEnvelope(&env);
    v.min_x = env.MinX, v.min_y = env.MinY, v.max_x = env.MaxX, v.max_y = env.MaxY;
    const GEOSPreparedGeometry* p = GEOSPrepare_r(G.h, gg);
    if (p == nullptr)
      throw InputError(where + ": GEOS cannot prepare the polygon (" + geos_context().take_error() + ")");
    G.prepared.push_back(p);
    G.index.emplace(v.id, static_cast<int>(zones.villages_.size()));
    zones.villages_.push_back(std::move(v));
  }
  if (zones.villages_.empty())
    throw InputError(ctx + ": no features; the villages layer is empty. Add the village polygons");
  return zones;
}

std::vector<VillagePlanEntry> read_village_plan(const std::filesystem::path& path) {
  const detail::CsvTable t = detail::read_csv_table(path, "village plan table");
  const int i_id = t.column("id"), i_sh = t.column("shelters"), i_pl = t.column("plan_places");
  if (i_id < 0 || i_sh < 0)
    throw InputError("village plan table " + path.string() +
                     ": needs the columns id and shelters (and optionally plan_places). Write the "
                     "table `floodevac plan` writes (plan/plan.csv)");
  std::vector<VillagePlanEntry> out;
  std::unordered_map<std::string, std::size_t> seen;
  for (const auto& row : t.rows) {
    VillagePlanEntry e;
    e.id = std::string(detail::trim(row.cells[static_cast<std::size_t>(i_id)]));
    e.where = path.string() + ":" + std::to_string(row.line);
    if (e.id.empty()) throw InputError(t.at(row, i_id) + ": empty village id. Give every row an id");
    if (!seen.emplace(e.id, out.size()).second)
      throw InputError(t.at(row, i_id) + ": village '" + e.id + "' is listed twice. One row per village");
    e.shelters = split_ids(row.cells[static_cast<std::size_t>(i_sh)]);
    if (i_pl >= 0) {
      const std::string cell(detail::trim(row.cells[static_cast<std::size_t>(i_pl)]));
      if (!cell.empty()) {
        e.plan_places = t.number(row, i_pl, "the places the plan reserves (>= 0) or leave it empty");
        if (e.plan_places < 0)
          throw InputError(t.at(row, i_pl) + ": '" + cell +
                           "' is below 0. Give the places the plan reserves (>= 0) or leave it empty");
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace floodevac::gis
