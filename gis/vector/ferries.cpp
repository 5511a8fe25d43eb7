#include "gis/vector/ferries.hpp"

#include <cmath>
#include <cstdio>
#include <optional>
#include <limits>
#include <unordered_map>

#include "gis/gdal_crs.hpp"
#include "gis/vector/csv_table.hpp"
#include "gis/vector/place_layer.hpp"
#include "gis/vector/road_class.hpp"
#include "gis/vector/text.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis {

std::vector<FerryLine> read_ferry_lines(const std::filesystem::path& path,
                                        const std::string& target_crs_wkt,
                                        const FerryFieldMap& fm) {
  auto s = detail::open_place_layer(path, fm.layer, target_crs_wkt, fm.assume_source_crs, "ferries");
  OGRLayer& layer = *s.L.layer;
  const std::string& ctx = s.L.context;
  const auto required = [&](const std::string& field, const char* what) {
    return detail::require_field(layer, field, ctx, "",
                                 std::string("Give every ferry line ") + what + " or map the field name");
  };
  const int i_id = required(fm.id, "an id"), i_name = detail::field_index(layer, fm.name),
            i_cross = required(fm.crossing_s, "the crossing time, s"),
            i_cap = required(fm.boat_capacity, "the persons one boat takes"),
            i_from = detail::field_index(layer, fm.from_pier),
            i_to = detail::field_index(layer, fm.to_pier);
  GdalErrorScope scope(ctx);
  std::vector<FerryLine> out;
  std::unordered_map<std::string, int> seen;
  OGRFeatureUniquePtr f;
  while (f.reset(layer.GetNextFeature()), f) {
    FerryLine line;
    const std::string label = detail::feature_label(*f);
    const auto id = detail::field_text(*f, i_id);
    if (!id || detail::trim(*id).empty())
      throw InputError(ctx + " " + label + ": field '" + fm.id + "' is empty. Give every line an id");
    line.id = std::string(detail::trim(*id));
    const std::string where = ctx + " " + label + " (ferry '" + line.id + "')";
    if (!seen.emplace(line.id, 1).second)
      throw InputError(where + ": field '" + fm.id + "': id '" + line.id +
                       "' is used twice. Ferry ids must be unique");
    if (auto n = detail::field_text(*f, i_name)) line.name = *n;
    if (auto n = detail::field_text(*f, i_from)) line.from_pier = std::string(detail::trim(*n));
    if (auto n = detail::field_text(*f, i_to)) line.to_pier = std::string(detail::trim(*n));
    const auto positive = [&](int idx, const std::string& field, const std::string& unit) {
      const auto t = detail::field_text(*f, idx);
      const auto v = t ? detail::parse_double(*t) : std::nullopt;
      if (!v || !(*v > 0))
        throw InputError(where + ": field '" + field + "' = '" + t.value_or("") +
                         "' is not a number > 0. Give " + unit);
      return *v;
    };
    line.crossing_s = positive(i_cross, fm.crossing_s, "the crossing time in s (boarding included)");
    line.boat_capacity_persons = positive(i_cap, fm.boat_capacity, "the persons per departure");
    OGRGeometry* g = f->GetGeometryRef();
    if (!g || g->IsEmpty()) throw InputError(where + ": has no geometry. Draw the line pier to pier");
    const auto type = wkbFlatten(g->getGeometryType());
    if (type != wkbLineString)
      throw InputError(where + ": geometry is " + detail::geometry_type_name(type) +
                       "; a ferry must be a LineString from one pier to the other");
    if (s.ct && !reproject_geometry(*g, *s.ct))
      throw InputError(where + ": coordinates cannot be reprojected to the target CRS. Check the layer CRS");
    const OGRLineString* ls = g->toLineString();
    for (int k = 0; k < ls->getNumPoints(); ++k) {
      line.x.push_back(ls->getX(k));
      line.y.push_back(ls->getY(k));
    }
    if (line.x.size() < 2) throw InputError(where + ": the line has fewer than 2 points");
    out.push_back(std::move(line));
  }
  if (out.empty()) throw InputError(ctx + ": no features; the ferries layer is empty");
  return out;
}

namespace {

/// "HH:MM" or "HH:MM:SS" as s after midnight; -1 when it is not one.
double clock_seconds(const std::string& text) {
  int h = -1, m = -1, sec = 0;
  char tail = 0;
  const int n = std::sscanf(text.c_str(), "%d:%d:%d%c", &h, &m, &sec, &tail);
  if ((n != 2 && n != 3) || h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59) return -1;
  return h * 3600.0 + m * 60.0 + sec;
}

}  // namespace

std::vector<FerryDeparture> read_ferry_timetable(const std::filesystem::path& path,
                                                 const std::vector<FerryLine>& lines) {
  const detail::CsvTable t = detail::read_csv_table(path, "ferry timetable");
  const int i_ferry = t.column("ferry_id"), i_dep = t.column("depart_s"),
            i_clock = t.column("depart_clock"), i_from = t.column("from_pier"),
            i_dir = t.column("direction"), i_cap = t.column("boat_capacity_persons");
  const std::string header_fix =
      "The header needs ferry_id, depart_s (or depart_clock) and from_pier (or direction)";
  if (i_ferry < 0) throw InputError(t.file + ":1: no column 'ferry_id'. " + header_fix);
  if (i_dep < 0 && i_clock < 0)
    throw InputError(t.file + ":1: no column 'depart_s' or 'depart_clock'. " + header_fix);
  if (i_from < 0 && i_dir < 0)
    throw InputError(t.file + ":1: no column 'from_pier' or 'direction'. " + header_fix);
  std::unordered_map<std::string, std::size_t> line_of;
  for (std::size_t k = 0; k < lines.size(); ++k) line_of.emplace(lines[k].id, k);
  std::vector<FerryDeparture> out;
  for (const auto& row : t.rows) {
    FerryDeparture d;
    d.line = row.line;
    d.ferry_id = row.cells[static_cast<std::size_t>(i_ferry)];
    const auto it = line_of.find(d.ferry_id);
    if (it == line_of.end())
      throw InputError(t.at(row, i_ferry) + ": '" + d.ferry_id +
                       "' is not a line of the ferries layer. Use one of its ids");
    const FerryLine& L = lines[it->second];
    if (i_dep >= 0) {
      d.depart_s_of_day = t.number(row, i_dep, "the departure in s after 00:00 local time");
    } else {
      d.depart_s_of_day = clock_seconds(row.cells[static_cast<std::size_t>(i_clock)]);
      if (d.depart_s_of_day < 0)
        throw InputError(t.at(row, i_clock) + ": '" + row.cells[static_cast<std::size_t>(i_clock)] +
                         "' is not a time of day HH:MM");
    }
    if (d.depart_s_of_day < 0 || d.depart_s_of_day >= 86400)
      throw InputError(t.at(row, i_dep) + ": " + row.cells[static_cast<std::size_t>(i_dep)] +
                       " is not a time of day in s, 0 <= t < 86400");
    const std::string from = i_from >= 0 ? row.cells[static_cast<std::size_t>(i_from)] : "";
    const std::string dir = i_dir >= 0 ? detail::lower(row.cells[static_cast<std::size_t>(i_dir)]) : "";
    if (!from.empty() && !L.from_pier.empty() && from == L.from_pier) {
      d.forward = true;
    } else if (!from.empty() && !L.to_pier.empty() && from == L.to_pier) {
      d.forward = false;
    } else if (dir == "forward" || dir == "backward") {
      d.forward = dir == "forward";
    } else if (i_dir >= 0 && dir == "mainland_to_island") {
      d.forward = true;  // the data's convention: lines are drawn from the mainland pier
    } else if (i_dir >= 0 && dir == "island_to_mainland") {
      d.forward = false;
    } else {
      const int col = i_from >= 0 ? i_from : i_dir;
      throw InputError(t.at(row, col) + ": '" + row.cells[static_cast<std::size_t>(col)] +
                       "' names neither end of ferry " + L.id + " (from_pier '" + L.from_pier +
                       "', to_pier '" + L.to_pier +
                       "'). Give the pier the boat leaves from, or direction forward/backward");
    }
    if (i_cap >= 0 && !detail::trim(row.cells[static_cast<std::size_t>(i_cap)]).empty()) {
      d.boat_capacity_persons = t.number(row, i_cap, "the persons the boat takes (> 0)");
      if (!(d.boat_capacity_persons > 0))
        throw InputError(t.at(row, i_cap) + ": the boat capacity must be > 0 persons");
    }
    out.push_back(std::move(d));
  }
  return out;
}

namespace {

graph::NodeId nearest_node(const graph::RoadGraph& g, double x, double y, double& dist) {
  graph::NodeId best = graph::kInvalid;
  dist = std::numeric_limits<double>::infinity();
  for (graph::NodeId v = 0; v < g.node_count(); ++v) {
    const double d = std::hypot(g.node_x[v] - x, g.node_y[v] - y);
    if (d < dist) dist = d, best = v;  // ties: the lower id
  }
  return best;
}

}  // namespace

FerryNetwork add_ferry_edges(const graph::RoadGraph& roads, const std::vector<FerryLine>& lines,
                             double max_pier_m, const std::string& file) {
  const std::vector<graph::NodeId> tails = roads.tails();
  std::vector<graph::EdgeInput> edges;
  edges.reserve(roads.edge_count() + 2 * lines.size());
  for (graph::EdgeId e = 0; e < roads.edge_count(); ++e) {
    graph::EdgeInput in;
    in.tail = tails[e];
    in.head = roads.head[e];
    in.length_m = roads.length_m[e];
    in.free_speed_mps = roads.free_speed_mps[e];
    in.capacity_veh_h = roads.capacity_veh_h[e];
    in.lanes = roads.lanes[e];
    in.road_class = roads.road_class[e];
    in.source_id = roads.source_id[e];
    in.bridge = !roads.bridge.empty() && roads.bridge[e] != 0;
    in.tunnel = !roads.tunnel.empty() && roads.tunnel[e] != 0;
    in.ferry = !roads.ferry.empty() && roads.ferry[e] != 0;
    in.geom_x.assign(roads.geom_x.begin() + roads.geom_first[e],
                     roads.geom_x.begin() + roads.geom_first[e + 1]);
    in.geom_y.assign(roads.geom_y.begin() + roads.geom_first[e],
                     roads.geom_y.begin() + roads.geom_first[e + 1]);
    edges.push_back(std::move(in));
  }
  FerryNetwork net;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const FerryLine& L = lines[k];
    FerryNetwork::Link link;
    link.line = k;
    link.first_node = nearest_node(roads, L.x.front(), L.y.front(), link.first_snap_m);
    link.last_node = nearest_node(roads, L.x.back(), L.y.back(), link.last_snap_m);
    const std::string where = file + " (ferry '" + L.id + "')";
    for (const auto& [d, end] : {std::pair{link.first_snap_m, "first"}, std::pair{link.last_snap_m, "last"}})
      if (!(d <= max_pier_m))
        throw InputError(where + ": its " + std::string(end) + " point is " + detail::fixed1(d) +
                         " m from the nearest road node (at most " + detail::fixed1(max_pier_m) +
                         " m). End the line at the pier, a road end vertex");
    if (link.first_node == link.last_node)
      throw InputError(where + ": both ends snap to road node " + std::to_string(link.first_node) +
                       ". A ferry joins two different piers");
    double length = 0;
    for (std::size_t p = 1; p < L.x.size(); ++p) length += std::hypot(L.x[p] - L.x[p - 1], L.y[p] - L.y[p - 1]);
    for (const bool forward : {true, false}) {
      graph::EdgeInput in;
      in.tail = forward ? link.first_node : link.last_node;
      in.head = forward ? link.last_node : link.first_node;
      in.length_m = static_cast<float>(length);
      in.free_speed_mps = static_cast<float>(length / L.crossing_s);
      in.capacity_veh_h = static_cast<float>(L.boat_capacity_persons);
      in.lanes = 1;
      in.road_class = static_cast<std::uint8_t>(RoadClass::service);
      in.source_id = -1 - static_cast<std::int64_t>(k);  // not a road feature
      in.ferry = true;
      in.geom_x = L.x;
      in.geom_y = L.y;
      if (!forward) {
        in.geom_x.assign(L.x.rbegin(), L.x.rend());
        in.geom_y.assign(L.y.rbegin(), L.y.rend());
      }
      in.geom_x.front() = roads.node_x[in.tail], in.geom_y.front() = roads.node_y[in.tail];
      in.geom_x.back() = roads.node_x[in.head], in.geom_y.back() = roads.node_y[in.head];
      edges.push_back(std::move(in));
    }
    net.links.push_back(link);
  }
  net.graph = graph::build_graph(roads.node_x, roads.node_y, std::move(edges));
  // The new ids of the ferry edges: build_graph keeps input order within a tail.
  const std::vector<graph::NodeId> new_tails = net.graph.tails();
  for (auto& link : net.links) {
    for (graph::EdgeId e = 0; e < net.graph.edge_count(); ++e) {
      if (net.graph.ferry.empty() || !net.graph.ferry[e]) continue;
      if (net.graph.source_id[e] != -1 - static_cast<std::int64_t>(link.line)) continue;
      if (new_tails[e] == link.first_node) link.forward = e;
      if (new_tails[e] == link.last_node) link.backward = e;
    }
  }
  return net;
}

}  // namespace floodevac::gis
