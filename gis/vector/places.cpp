#include "gis/vector/places.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "gis/gdal_crs.hpp"
#include "gis/vector/ogr_util.hpp"
#include "gis/vector/roads.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis {

namespace {

std::string fmt_m(double v) {
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(1);
  s << v;
  return s.str();
}

/// A point for a feature: the point itself, or the GEOS centroid of a
/// (multi)polygon, in the target CRS. Throws naming `where`.
void place_of(OGRGeometry* g, const std::optional<CoordTransform>& ct, const std::string& where,
              const std::string& kind, double& x, double& y) {
  if (!g || g->IsEmpty()) throw InputError(where + ": has no geometry. Give every " + kind + " a point or a polygon");
  std::unique_ptr<OGRGeometry> linear;
  if (g->hasCurveGeometry()) {
    linear.reset(g->getLinearGeometry());
    g = linear.get();
  }
  if (ct && !reproject_geometry(*g, *ct))
    throw InputError(where + ": coordinates cannot be reprojected to the target CRS. Check the layer CRS");
  const auto type = wkbFlatten(g->getGeometryType());
  if (type == wkbPoint) {
    x = g->toPoint()->getX();
    y = g->toPoint()->getY();
  } else if (type == wkbMultiPoint && g->toMultiPoint()->getNumGeometries() == 1) {
    x = g->toMultiPoint()->getGeometryRef(0)->getX();
    y = g->toMultiPoint()->getGeometryRef(0)->getY();
  } else if (type == wkbPolygon || type == wkbMultiPolygon) {
    if (!detail::geos_centroid(*g, x, y))
      throw InputError(where + ": the polygon has no centroid (empty or invalid). Fix the geometry");
  } else {
    throw InputError(where + ": geometry is " + detail::geometry_type_name(type) + "; a " + kind +
                     " must be a Point or a (Multi)Polygon");
  }
  if (!std::isfinite(x) || !std::isfinite(y))
    throw InputError(where + ": the location is not finite after reprojection. Check the layer CRS");
}

struct LayerSetup {
  detail::VectorLayer L;
  std::optional<CoordTransform> ct;
};

LayerSetup open_places(const std::filesystem::path& path, const std::string& layer, const std::string& target,
                       const std::string& assume, const std::string& what) {
  detail::require_file(path, what);
  const std::string dst = detail::target_crs_wkt(target, what + " " + path.string());
  LayerSetup s{detail::open_vector_layer(path, layer, what), std::nullopt};
  const std::string src = detail::layer_crs_wkt(*s.L.layer, assume, s.L.context);
  s.ct = detail::transform_to_target(src, dst, s.L.context);
  return s;
}

}  // namespace

// ---- shelters -------------------------------------------------------------------------

evac::ShelterLevel parse_shelter_level(const std::string& value, bool* ok) {
  const std::string v = detail::lower(detail::trim(value));
  if (ok) *ok = true;
  if (v == "county" || v == "县" || v == "县级") return evac::ShelterLevel::county;
  if (v == "township" || v == "乡镇" || v == "乡" || v == "镇" || v == "乡镇级") return evac::ShelterLevel::township;
  if (v == "village" || v == "村" || v == "村级") return evac::ShelterLevel::village;
  if (v == "other" || v == "其他") return evac::ShelterLevel::other;
  if (ok) *ok = false;
  return evac::ShelterLevel::other;
}

evac::ShelterLevel level_from_capacity(std::int64_t c) {
  // Zhejiang-style grading of 避灾安置场所 by size (county >= 500 persons,
  // township >= 100, village below), as the issue describes it.
  if (c >= 500) return evac::ShelterLevel::county;
  if (c >= 100) return evac::ShelterLevel::township;
  return evac::ShelterLevel::village;
}

std::vector<evac::Shelter> read_shelters(const std::filesystem::path& path, const std::string& target_crs_wkt,
                                         const ShelterFieldMap& fm) {
  auto s = open_places(path, fm.layer, target_crs_wkt, fm.assume_source_crs, "shelters");
  OGRLayer& layer = *s.L.layer;
  const std::string& ctx = s.L.context;
  const int i_id = detail::field_index(layer, fm.id), i_name = detail::field_index(layer, fm.name),
            i_cap = detail::field_index(layer, fm.capacity), i_level = detail::field_index(layer, fm.level),
            i_open = detail::field_index(layer, fm.open_s);
  if (i_cap < 0)
    throw InputError(ctx + ": no capacity field '" + fm.capacity + "' (fields: " + detail::field_list(layer) +
                     "). Add the capacity in persons or map the capacity field name");
  GdalErrorScope scope(ctx);
  std::vector<evac::Shelter> out;
  std::unordered_map<std::string, std::string> seen;  // id -> feature label
  OGRFeatureUniquePtr f;
  while (f.reset(layer.GetNextFeature()), f) {
    evac::Shelter sh;
    const std::string label = detail::feature_label(*f);
    const auto id = detail::field_text(*f, i_id);
    sh.id = id && !detail::trim(*id).empty() ? std::string(detail::trim(*id)) : std::to_string(f->GetFID());
    const std::string where = ctx + " " + label + " (shelter '" + sh.id + "')";
    if (auto [it, inserted] = seen.try_emplace(sh.id, label); !inserted)
      throw InputError(where + ": field '" + fm.id + "': id '" + sh.id + "' is also used by " + it->second +
                       ". Shelter ids must be unique");
    if (auto n = detail::field_text(*f, i_name)) sh.name = *n;

    const auto cap_text = detail::field_text(*f, i_cap);
    if (!cap_text || detail::trim(*cap_text).empty())
      throw InputError(where + ": field '" + fm.capacity + "' is missing. Give the capacity in persons (> 0)");
    const auto cap = detail::parse_double(*cap_text);
    if (!cap || !(*cap > 0) || *cap > 1e9)
      throw InputError(where + ": field '" + fm.capacity + "' = '" + *cap_text +
                       "' is not a positive number of persons. Give the capacity in persons (> 0)");
    sh.capacity_persons = static_cast<std::int64_t>(std::floor(*cap));
    if (sh.capacity_persons < 1)
      throw InputError(where + ": field '" + fm.capacity + "' = '" + *cap_text +
                       "' is less than one person. Give the capacity in persons (> 0)");

    const auto lv = detail::field_text(*f, i_level);
    if (lv && !detail::trim(*lv).empty()) {
      bool ok = false;
      sh.level = parse_shelter_level(*lv, &ok);
      if (!ok)
        throw InputError(where + ": field '" + fm.level + "' = '" + *lv +
                         "' is not a shelter level. Use county/township/village (县/乡镇/村) or leave it empty "
                         "to grade by capacity");
    } else {
      sh.level = level_from_capacity(sh.capacity_persons);
    }

    if (const auto op = detail::field_text(*f, i_open); op && !detail::trim(*op).empty()) {
      const auto v = detail::parse_double(*op);
      if (!v || *v < 0)
        throw InputError(where + ": field '" + fm.open_s + "' = '" + *op +
                         "' is not a time >= 0 s. Give seconds from the scenario start or leave it empty");
      sh.open_s = *v;
    }
    place_of(f->GetGeometryRef(), s.ct, where, "shelter", sh.x, sh.y);
    out.push_back(std::move(sh));
  }
  if (out.empty()) throw InputError(ctx + ": no shelters. The layer has no features");
  return out;
}

// ---- population ---------------------------------------------------------------------------

std::vector<evac::PopulationUnit> read_population_vector(const std::filesystem::path& path,
                                                         const std::string& target_crs_wkt,
                                                         const std::string& count_field, const std::string& layer_name,
                                                         const std::string& id_field) {
  auto s = open_places(path, layer_name, target_crs_wkt, {}, "population");
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
      u.id = "f";
      u.id += std::to_string(static_cast<long long>(f->GetFID()));
    }
    u.persons = *v;
    place_of(f->GetGeometryRef(), s.ct, where, "population unit", u.x, u.y);
    out.push_back(std::move(u));
  }
  return out;
}

std::vector<evac::PopulationUnit> population_from_raster(const Grid<float>& g, double min_persons) {
  g.validate("population raster");
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

// ---- snapping index -------------------------------------------------------------------------

NodeSnapIndex::NodeSnapIndex(const graph::RoadGraph& g, std::vector<std::uint8_t> allowed) {
  if (!allowed.empty() && allowed.size() != g.node_count())
    throw InvariantError("NodeSnapIndex: allowed must have one flag per node");
  points_ = PointIndex(g.node_x, g.node_y, allowed);
}

NodeSnapIndex::Hit NodeSnapIndex::nearest(double x, double y, double max_d) const {
  const PointIndex::Hit h = points_.nearest(x, y, max_d);
  Hit hit;
  if (h.id != PointIndex::kNone) {
    hit.node = h.id;
    hit.distance_m = h.distance;
  }
  return hit;
}

// ---- snapping ----------------------------------------------------------------------------------

namespace {

/// Snaps units [0, n) independently; each result depends only on its unit.
void snap_population_kernel(const NodeSnapIndex& index, std::vector<evac::PopulationUnit>& units, double max_d) {
  const auto n = static_cast<std::int64_t>(units.size());
#pragma omp parallel for schedule(static)
  for (std::int64_t i = 0; i < n; ++i) {
    auto& u = units[static_cast<std::size_t>(i)];
    const auto hit = index.nearest(u.x, u.y, max_d);
    u.node = hit.node;
    u.snap_distance_m = hit.node == graph::kInvalid ? std::numeric_limits<double>::infinity() : hit.distance_m;
  }
}

std::vector<std::uint8_t> largest_component_mask(const graph::RoadGraph& g) {
  std::uint32_t count = 0;
  const auto label = weak_components(g, &count);
  std::vector<std::uint32_t> size(count, 0);
  for (auto l : label) ++size[l];
  const auto big = static_cast<std::uint32_t>(std::max_element(size.begin(), size.end()) - size.begin());
  std::vector<std::uint8_t> mask(label.size());
  for (std::size_t i = 0; i < label.size(); ++i) mask[i] = label[i] == big ? 1 : 0;
  return mask;
}

}  // namespace

std::string SnapReport::summary() const {
  std::ostringstream s;
  s << shelters << " shelters snapped (max " << fmt_m(shelter_max_distance_m) << " m, mean "
    << fmt_m(shelter_mean_distance_m) << " m); " << population_snapped << " of " << population_units
    << " population units snapped (" << persons_snapped << " persons, max " << fmt_m(population_max_distance_m)
    << " m, mean " << fmt_m(population_mean_distance_m) << " m)";
  if (population_unsnapped)
    s << "; " << population_unsnapped << " units with " << persons_unsnapped
      << " persons are farther than the maximum snapping distance and are left out";
  return s.str();
}

SnapReport snap_to_network(const graph::RoadGraph& g, std::vector<evac::Shelter>& shelters,
                           std::vector<evac::PopulationUnit>& population, double max_s, double max_p) {
  SnapOptions o;
  o.max_snap_m_shelters = max_s;
  o.max_snap_m_population = max_p;
  return snap_to_network(g, shelters, population, o);
}

SnapReport snap_to_network(const graph::RoadGraph& g, std::vector<evac::Shelter>& shelters,
                           std::vector<evac::PopulationUnit>& population, const SnapOptions& o) {
  if (!(o.max_snap_m_shelters >= 0) || !(o.max_snap_m_population >= 0))
    throw ConfigError("snapping: the maximum snapping distances must be >= 0 m");
  if (g.node_count() == 0) throw InputError("snapping: the road network has no nodes");
  const NodeSnapIndex index(g, o.largest_component_only ? largest_component_mask(g) : std::vector<std::uint8_t>{});
  SnapReport rep;
  std::string too_far;
  std::size_t n_far = 0;
  double sum = 0;
  for (auto& s : shelters) {
    const auto hit = index.nearest(s.x, s.y);
    s.node = hit.node;
    s.snap_distance_m = hit.distance_m;
    if (hit.node == graph::kInvalid || hit.distance_m > o.max_snap_m_shelters) {
      if (++n_far <= 10)
        too_far += std::string(n_far > 1 ? ", " : "") + "'" + s.id + "' (" + fmt_m(hit.distance_m) + " m)";
      continue;
    }
    sum += hit.distance_m;
    rep.shelter_max_distance_m = std::max(rep.shelter_max_distance_m, hit.distance_m);
  }
  if (n_far)
    throw InputError("snapping: " + std::to_string(n_far) + " shelter(s) farther than the maximum snapping "
                     "distance of " + fmt_m(o.max_snap_m_shelters) + " m from the road network: " + too_far +
                     (n_far > 10 ? ", ..." : "") +
                     ". Raise max_snap_m for shelters or fix the shelter coordinates (and their CRS)");
  rep.shelters = shelters.size();
  rep.shelter_mean_distance_m = shelters.empty() ? 0 : sum / static_cast<double>(shelters.size());

  snap_population_kernel(index, population, o.max_snap_m_population);
  rep.population_units = population.size();
  double psum = 0;
  for (const auto& u : population) {  // fixed order: deterministic sums
    if (u.node == graph::kInvalid) {
      ++rep.population_unsnapped;
      rep.persons_unsnapped += u.persons;
      if (rep.unsnapped_examples.size() < 10) rep.unsnapped_examples.push_back(u.id);
    } else {
      ++rep.population_snapped;
      rep.persons_snapped += u.persons;
      psum += u.snap_distance_m;
      rep.population_max_distance_m = std::max(rep.population_max_distance_m, u.snap_distance_m);
    }
  }
  rep.population_mean_distance_m =
      rep.population_snapped ? psum / static_cast<double>(rep.population_snapped) : 0.0;
  return rep;
}

// ---- trip table ------------------------------------------------------------------------------

namespace {

/// Splits one CSV record (RFC 4180 quotes, no embedded line breaks).
bool split_csv(const std::string& line, std::vector<std::string>& out) {
  out.clear();
  std::string cur;
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          cur += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cur += c;
      }
    } else if (c == '"' && detail::trim(cur).empty() && !was_quoted) {
      cur.clear();
      quoted = was_quoted = true;
    } else if (c == ',') {
      out.push_back(was_quoted ? cur : std::string(detail::trim(cur)));
      cur.clear();
      was_quoted = false;
    } else {
      cur += c;
    }
  }
  if (quoted) return false;
  out.push_back(was_quoted ? cur : std::string(detail::trim(cur)));
  return true;
}

}  // namespace

std::vector<evac::Trip> read_trip_table(const std::filesystem::path& path, const graph::RoadGraph& g,
                                        const std::vector<evac::Shelter>& shelters,
                                        const std::string& target_crs_wkt, double max_snap_m) {
  const std::string file = path.string();
  detail::require_file(path, "trip table");
  if (!(max_snap_m >= 0)) throw ConfigError("trip table " + file + ": max_snap_m must be >= 0");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("trip table " + file + ": cannot open the file for reading");

  std::string line;
  std::vector<std::string> cells;
  std::size_t line_no = 0;
  // Header: the first line that is not blank or a comment.
  bool have_header = false;
  while (std::getline(in, line)) {
    ++line_no;
    if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 BOM
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (detail::trim(line).empty() || detail::trim(line).front() == '#') continue;
    have_header = true;
    break;
  }
  if (!have_header) throw InputError("trip table " + file + ": the file is empty; it needs a header line");
  const std::size_t header_line = line_no;
  if (!split_csv(line, cells))
    throw InputError(file + ":" + std::to_string(header_line) + ": unbalanced quotes in the header");
  std::unordered_map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string name = detail::lower(cells[i]);
    if (!col.try_emplace(name, i).second)
      throw InputError(file + ":" + std::to_string(header_line) + ": column '" + name + "' appears twice");
  }
  auto has = [&](const char* c) { return col.count(c) > 0; };
  const bool lonlat = has("lon") || has("lat");
  for (const char* req : {"id", "depart_s", "mode"})
    if (!has(req))
      throw InputError(file + ":" + std::to_string(header_line) + ": missing column '" + req +
                       "'. The header must be id,depart_s,x,y,shelter,mode[,persons] (or lon,lat for x,y)");
  if (lonlat ? !(has("lon") && has("lat")) : !(has("x") && has("y")))
    throw InputError(file + ":" + std::to_string(header_line) +
                     ": the header needs either columns x,y (target CRS, m) or lon,lat (EPSG:4326)");
  if (lonlat && (has("x") || has("y")))
    throw InputError(file + ":" + std::to_string(header_line) + ": give either x,y or lon,lat, not both");

  std::optional<CoordTransform> ct;
  {
    const std::string dst = detail::target_crs_wkt(target_crs_wkt, "trip table " + file);
    if (lonlat) ct = detail::transform_to_target("EPSG:4326", dst, "trip table " + file);
  }
  const std::size_t c_id = col["id"], c_dep = col["depart_s"], c_mode = col["mode"];
  const std::size_t c_x = lonlat ? col["lon"] : col["x"], c_y = lonlat ? col["lat"] : col["y"];
  const std::size_t c_sh = has("shelter") ? col["shelter"] : SIZE_MAX;
  const std::size_t c_p = has("persons") ? col["persons"] : SIZE_MAX;
  const std::string xname = lonlat ? "lon" : "x", yname = lonlat ? "lat" : "y";

  std::unordered_map<std::string, std::int32_t> shelter_index;
  for (std::size_t i = 0; i < shelters.size(); ++i) shelter_index.emplace(shelters[i].id, static_cast<std::int32_t>(i));

  const NodeSnapIndex index(g);
  std::vector<evac::Trip> trips;
  std::unordered_map<std::string, std::size_t> id_line;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (detail::trim(line).empty() || detail::trim(line).front() == '#') continue;
    const std::string at = file + ":" + std::to_string(line_no);
    if (!split_csv(line, cells)) throw InputError(at + ": unbalanced double quotes");
    if (cells.size() != col.size())
      throw InputError(at + ": " + std::to_string(cells.size()) + " columns, the header has " +
                       std::to_string(col.size()) + ". Fix the row");
    auto number = [&](std::size_t c, const std::string& name) {
      const auto v = detail::parse_double(cells[c]);
      if (!v) throw InputError(at + ": column '" + name + "': '" + cells[c] + "' is not a number");
      return *v;
    };
    evac::Trip t;
    t.id = cells[c_id];
    if (t.id.empty()) throw InputError(at + ": column 'id' is empty. Give every trip an id");
    if (auto [it, ins] = id_line.try_emplace(t.id, line_no); !ins)
      throw InputError(at + ": column 'id': '" + t.id + "' is already used on line " + std::to_string(it->second) +
                       ". Trip ids must be unique");
    t.depart_s = number(c_dep, "depart_s");
    if (t.depart_s < 0)
      throw InputError(at + ": column 'depart_s': " + cells[c_dep] + " is negative. Give seconds from the scenario start");
    double x = number(c_x, xname), y = number(c_y, yname);
    if (lonlat) {
      if (x < -180 || x > 180) throw InputError(at + ": column 'lon': " + cells[c_x] + " is outside [-180, 180]");
      if (y < -90 || y > 90) throw InputError(at + ": column 'lat': " + cells[c_y] + " is outside [-90, 90]");
      if (ct) ct->transform_point(x, y);
      if (!std::isfinite(x) || !std::isfinite(y))
        throw InputError(at + ": columns 'lon','lat': cannot reproject to the target CRS");
    }
    const std::string mode = detail::lower(cells[c_mode]);
    if (mode == "car")
      t.mode = evac::Mode::car;
    else if (mode == "walk")
      t.mode = evac::Mode::walk;
    else
      throw InputError(at + ": column 'mode': '" + cells[c_mode] + "' is not car or walk");
    if (c_sh != SIZE_MAX && !cells[c_sh].empty()) {
      auto it = shelter_index.find(cells[c_sh]);
      if (it == shelter_index.end()) {
        std::string known;
        for (std::size_t i = 0; i < shelters.size() && i < 5; ++i) known += (i ? ", " : "") + shelters[i].id;
        throw InputError(at + ": column 'shelter': no shelter with id '" + cells[c_sh] + "' (known ids: " +
                         (known.empty() ? "none" : known + (shelters.size() > 5 ? ", ..." : "")) +
                         "). Use a shelter id or leave it empty to let the model choose");
      }
      t.dest_shelter = it->second;
    }
    if (c_p != SIZE_MAX && !cells[c_p].empty()) {
      const double p = number(c_p, "persons");
      if (!(p > 0)) throw InputError(at + ": column 'persons': " + cells[c_p] + " must be > 0");
      t.persons = static_cast<float>(p);
    }
    const auto hit = index.nearest(x, y);
    if (hit.node == graph::kInvalid || hit.distance_m > max_snap_m)
      throw InputError(at + ": columns '" + xname + "','" + yname + "': the origin is " + fmt_m(hit.distance_m) +
                       " m from the nearest road node, more than max_snap_m = " + fmt_m(max_snap_m) +
                       " m. Fix the coordinates (x,y are in the target CRS, lon,lat in EPSG:4326) or raise "
                       "max_snap_m");
    t.origin = hit.node;
    trips.push_back(std::move(t));
  }
  return trips;
}

}  // namespace floodevac::gis
