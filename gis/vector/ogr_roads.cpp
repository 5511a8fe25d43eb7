// Roads from any OGR line source (GeoJSON, GeoPackage, Shapefile, ...).
#include <cmath>
#include <cstdlib>
#include <memory>
#include <vector>

#include "gis/gdal_crs.hpp"
#include "gis/vector/road_attributes.hpp"
#include "gis/vector/road_topology.hpp"
#include "gis/vector/roads.hpp"
#include "gis/vector/text.hpp"
#include "gis/vector_layer.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis {

namespace {

/// Appends the points of one line string to a polyline, skipping repeats.
void append_points(const OGRLineString& ls, detail::Polyline& p, const std::string& where) {
  for (int i = 0; i < ls.getNumPoints(); ++i) {
    const double x = ls.getX(i), y = ls.getY(i);
    if (!std::isfinite(x) || !std::isfinite(y))
      throw InputError(where + ": vertex " + std::to_string(i) + " has a non-finite coordinate after reprojection. "
                       "Fix the geometry or check the layer CRS");
    if (!p.x.empty() && p.x.back() == x && p.y.back() == y) continue;
    p.x.push_back(x);
    p.y.push_back(y);
  }
}

}  // namespace

graph::RoadGraph read_roads(const std::filesystem::path& path, const std::string& target_crs_wkt,
                            const RoadReadOptions& opt, RoadReport* report) {
  RoadReport local;
  RoadReport& rep = report ? *report : local;
  rep = RoadReport{};
  const std::string what = "road network";
  detail::check_merge_tolerance(opt, what + " " + path.string());
  detail::require_file(path, what);
  const std::string dst = detail::target_crs_wkt(target_crs_wkt, what + " " + path.string());
  detail::VectorLayer L = detail::open_vector_layer(path, opt.layer, what);
  rep.source = L.context;
  const std::string src = detail::layer_crs_wkt(*L.layer, opt.assume_source_crs, L.context);
  const std::optional<CoordTransform> ct = detail::transform_to_target(src, dst, L.context);

  OGRLayer& layer = *L.layer;
  const auto& fm = opt.fields;
  const int i_hw = detail::field_index(layer, fm.highway), i_lanes = detail::field_index(layer, fm.lanes),
            i_lf = detail::field_index(layer, fm.lanes_forward), i_lb = detail::field_index(layer, fm.lanes_backward),
            i_ms = detail::field_index(layer, fm.maxspeed), i_msf = detail::field_index(layer, fm.maxspeed_forward),
            i_msb = detail::field_index(layer, fm.maxspeed_backward), i_ow = detail::field_index(layer, fm.oneway),
            i_cap = detail::field_index(layer, fm.capacity), i_jn = detail::field_index(layer, fm.junction),
            i_br = detail::field_index(layer, fm.bridge), i_tu = detail::field_index(layer, fm.tunnel),
            i_ly = detail::field_index(layer, fm.layer), i_ac = detail::field_index(layer, fm.access),
            i_mv = detail::field_index(layer, fm.motor_vehicle), i_ve = detail::field_index(layer, fm.vehicle);
  // The routable length: the named field, else the first usual name the layer has.
  int i_len = -1;
  std::string len_name = fm.length;
  if (!fm.length.empty()) {
    i_len = detail::field_index(layer, fm.length);
    if (i_len < 0)
      throw InputError(L.context + ": the length field '" + fm.length + "' is not in the layer (fields: " +
                       detail::field_list(layer) +
                       "). Name an existing field (evacuation.roads.length_field) or leave it empty for drawn "
                       "lengths");
  } else {
    for (const char* name : kLengthFieldNames)
      if ((i_len = detail::field_index(layer, name)) >= 0) {
        len_name = layer.GetLayerDefn()->GetFieldDefn(i_len)->GetNameRef();
        break;
      }
  }
  if (i_len >= 0) rep.length_field = len_name;

  GdalErrorScope scope(L.context);
  std::vector<detail::Polyline> lines;
  OGRFeatureUniquePtr f;
  while (f.reset(layer.GetNextFeature()), f) {
    ++rep.features_read;
    const std::string where = L.context + " " + detail::feature_label(*f);
    OGRGeometry* g = f->GetGeometryRef();
    if (!g || g->IsEmpty()) {
      detail::add_skip(rep, "no geometry");
      continue;
    }
    std::unique_ptr<OGRGeometry> linear;
    if (g->hasCurveGeometry()) {
      linear.reset(g->getLinearGeometry());
      g = linear.get();
    }
    const auto type = wkbFlatten(g->getGeometryType());
    if (type != wkbLineString && type != wkbMultiLineString)
      throw InputError(where + ": geometry is " + detail::geometry_type_name(type) +
                       "; roads must be LineString or MultiLineString. Choose the road layer (layer option) or "
                       "convert the data");

    detail::RawRoadTags t;
    t.highway = detail::field_text(*f, i_hw);
    if (!t.highway || detail::trim(*t.highway).empty()) {
      if (opt.default_highway.empty()) {
        detail::add_skip(rep, "no highway value (default_highway is empty)");
        continue;
      }
      t.highway = opt.default_highway;
    }
    t.lanes = detail::field_text(*f, i_lanes);
    t.lanes_forward = detail::field_text(*f, i_lf);
    t.lanes_backward = detail::field_text(*f, i_lb);
    t.maxspeed = detail::field_text(*f, i_ms);
    t.maxspeed_forward = detail::field_text(*f, i_msf);
    t.maxspeed_backward = detail::field_text(*f, i_msb);
    t.oneway = detail::field_text(*f, i_ow);
    t.capacity = detail::field_text(*f, i_cap);
    t.junction = detail::field_text(*f, i_jn);
    t.bridge = detail::field_text(*f, i_br);
    t.tunnel = detail::field_text(*f, i_tu);
    t.layer = detail::field_text(*f, i_ly);
    t.access = detail::field_text(*f, i_ac);
    t.motor_vehicle = detail::field_text(*f, i_mv);
    t.vehicle = detail::field_text(*f, i_ve);
    std::string reason;
    const auto attrs = detail::resolve_road_attrs(t, opt, rep, where, reason);
    if (!attrs) {
      detail::add_skip(rep, reason);
      continue;
    }
    if (ct && !reproject_geometry(*g, *ct))
      scope.fail(detail::feature_label(*f) + ": coordinates cannot be reprojected to the target CRS",
                 "Check the layer CRS and the coordinates");

    // Routable length from an attribute, spread over the parts by geometric share.
    double length_scale = 1.0;
    if (const auto lt = detail::field_text(*f, i_len); lt && !detail::trim(*lt).empty()) {
      double geo_len = 0;
      if (type == wkbLineString)
        geo_len = g->toLineString()->get_Length();
      else
        for (const OGRLineString* part : *g->toMultiLineString()) geo_len += part->get_Length();
      char* end = nullptr;
      const std::string txt(detail::trim(*lt));
      const double v = std::strtod(txt.c_str(), &end);
      if (end == txt.c_str() || !(v > 0) || !(geo_len > 0))
        throw InputError(where + ": field '" + len_name + "' = '" + txt +
                         "' is not a positive length in metres; fix the value, remove the field or name "
                         "another (evacuation.roads.length_field)");
      length_scale = v / geo_len;
      if (length_scale < 0.5 || length_scale > 2.0) {
        ++rep.length_far_from_drawn;
        detail::add_warning(rep, where + ": " + len_name + " = " + txt + " m but the line is drawn " +
                                     std::to_string(static_cast<long long>(std::lround(geo_len))) +
                                     " m long; check that the field is in metres");
      }
    }
    bool any = false;
    auto take = [&](const OGRLineString& ls) {
      detail::Polyline p;
      append_points(ls, p, where);
      if (p.x.size() < 2) return;
      p.source_id = f->GetFID();
      p.attrs = *attrs;
      p.length_scale = length_scale;
      lines.push_back(std::move(p));
      any = true;
    };
    if (type == wkbLineString) {
      take(*g->toLineString());
    } else {
      for (const OGRLineString* part : *g->toMultiLineString()) take(*part);
    }
    if (any) {
      ++rep.features_used;
      if (attrs->bridge) ++rep.bridges;
      if (attrs->tunnel) ++rep.tunnels;
    } else {
      detail::add_skip(rep, "degenerate line (fewer than 2 distinct points)");
    }
  }
  if (!scope.last_error().empty()) scope.fail("reading features failed", "Check that the file is complete");
  mark_intersections(lines, opt.merge_tolerance_m);
  return detail::assemble_roads(lines, opt.merge_tolerance_m, rep, L.context);
}

}  // namespace floodevac::gis
