#include "gis/vector/roads.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <sstream>

#include "gis/gdal_crs.hpp"
#include "gis/vector/ogr_util.hpp"
#include "gis/vector/road_build.hpp"
#include "gis/vector/spatial_index.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis {

// ---- classes -----------------------------------------------------------------

namespace {
constexpr std::array<std::string_view, kRoadClassCount> kHighwayNames = {
    "motorway",     "motorway_link", "trunk",         "trunk_link", "primary",    "primary_link", "secondary",
    "secondary_link", "tertiary",    "tertiary_link", "unclassified", "residential", "living_street", "service",
    "road",         "track",         "pedestrian",    "footway",    "path",       "steps",        "cycleway"};
}  // namespace

std::string_view highway_name(RoadClass c) {
  const auto i = static_cast<std::size_t>(c);
  return i < kHighwayNames.size() ? kHighwayNames[i] : std::string_view("unknown");
}

std::optional<RoadClass> road_class_from_highway(std::string_view highway) {
  highway = detail::trim(highway);
  for (std::size_t i = 0; i < kHighwayNames.size(); ++i)
    if (kHighwayNames[i] == highway) return static_cast<RoadClass>(i);
  return std::nullopt;
}

// ---- defaults ----------------------------------------------------------------
//
// Sources (short keys used in the table):
//  [OSRM]   OSRM car profile (car.lua speed_profile of the 4.x/5.x releases), km/h: typical
//           travel speeds, deliberately below the legal limits.
//  [HCM]    Highway Capacity Manual 2010 (TRB): base saturation flow rate of a
//           signalised lane 1,900 pc/h/ln (Ch. 18); basic freeway segments carry
//           2,250-2,400 pc/h/ln (Ch. 11). We use 1,900 veh/h/ln for motorways
//           (mixed traffic, heavy rain of a typhoon) and ~1,800 for trunk and
//           primary arterials.
//  [MATSim] MATSim OsmNetworkReader highway defaults (veh/h/lane): links 1,500,
//           secondary 1,000, tertiary/unclassified/residential 600, living_street 300.
//  [Fruin]  J. J. Fruin, Pedestrian Planning and Design (1971): free walking
//           speed ~1.4 m/s; walkway capacity ~25 persons/min/ft (~80 /min/m),
//           stairways ~17 persons/min/ft.
//  [own]    our estimate, no better source found.
// Lanes per direction when `lanes` is absent: 2 on motorway/trunk/primary
// (dual carriageways in Chinese cities), 1 elsewhere.
RoadDefaults RoadDefaults::standard() {
  RoadDefaults d;
  auto set = [&](RoadClass c, float lanes, float kmh, float cap, const char* src) {
    d[c] = RoadClassDefaults{lanes, kmh, cap, src};
  };
  using C = RoadClass;
  set(C::motorway, 2, 90, 1900, "speed OSRM; capacity HCM (below 2,250-2,400 basic freeway)");
  set(C::motorway_link, 1, 45, 1500, "speed OSRM; capacity MATSim");
  set(C::trunk, 2, 85, 1800, "speed OSRM; capacity HCM (signalised arterial)");
  set(C::trunk_link, 1, 40, 1500, "speed OSRM; capacity MATSim");
  set(C::primary, 2, 65, 1800, "speed OSRM; capacity HCM (signalised arterial)");
  set(C::primary_link, 1, 30, 1500, "speed OSRM; capacity MATSim");
  set(C::secondary, 1, 55, 1000, "speed OSRM; capacity MATSim");
  set(C::secondary_link, 1, 25, 1000, "speed OSRM; capacity MATSim (secondary)");
  set(C::tertiary, 1, 40, 600, "speed OSRM; capacity MATSim");
  set(C::tertiary_link, 1, 20, 600, "speed OSRM; capacity MATSim (tertiary)");
  set(C::unclassified, 1, 25, 600, "speed OSRM; capacity MATSim");
  set(C::residential, 1, 25, 600, "speed OSRM; capacity MATSim");
  set(C::living_street, 1, 10, 300, "speed OSRM; capacity MATSim");
  set(C::service, 1, 15, 300, "speed OSRM; capacity own (as living_street)");
  set(C::road, 1, 25, 600, "own (as unclassified)");
  set(C::track, 1, 15, 300, "own (unpaved)");
  set(C::pedestrian, 1, 5, 4500, "walk-only; Fruin (persons/h per metre)");
  set(C::footway, 1, 5, 4500, "walk-only; Fruin (persons/h per metre)");
  set(C::path, 1, 5, 4500, "walk-only; Fruin (persons/h per metre)");
  set(C::steps, 1, 3, 3000, "walk-only; Fruin stairways (persons/h per metre)");
  set(C::cycleway, 1, 5, 4500, "walk-only; Fruin (persons/h per metre)");
  return d;
}

std::string road_defaults_table(const RoadDefaults& d) {
  std::ostringstream s;
  s << "| highway | code | lanes per direction | free speed (km/h) | capacity per lane (veh/h) | cars | walkers | "
       "source |\n";
  s << "|---|---:|---:|---:|---:|:---:|:---:|---|\n";
  for (std::size_t i = 0; i < kRoadClassCount; ++i) {
    const auto c = static_cast<RoadClass>(i);
    const auto& r = d[c];
    s << "| " << highway_name(c) << " | " << i << " | " << r.lanes_per_direction << " | " << r.free_speed_kmh
      << " | " << r.capacity_veh_h_lane << " | " << (car_allowed(c) ? "yes" : "no") << " | "
      << (walk_allowed(c) ? "yes" : "no") << " | " << r.source << " |\n";
  }
  s << "\nSources: OSRM = OSRM car profile (car.lua) speeds, typical travel speeds below the legal limits; "
       "HCM = Highway Capacity Manual 2010 (TRB), base saturation flow 1,900 pc/h/ln, basic freeway capacity "
       "2,250-2,400 pc/h/ln, ~1,800 veh/h/ln used for signalised arterials; MATSim = MATSim OsmNetworkReader "
       "per-lane capacities; Fruin = J. J. Fruin, Pedestrian Planning and Design (1971), walking speed ~1.4 m/s, "
       "walkway capacity ~80 persons/min/m. Walk-only classes are read only with include_walk_only; their "
       "capacity is persons/h per metre of width. `lanes` counts both directions unless oneway (OSM); "
       "`capacity` in the data (veh/h per direction) overrides lanes x capacity per lane.\n";
  return s.str();
}

// ---- tag parsers --------------------------------------------------------------

std::optional<double> parse_maxspeed_kmh(std::string_view value) {
  const std::string v = detail::lower(detail::trim(value));
  std::size_t i = 0;
  while (i < v.size() && (std::isdigit(static_cast<unsigned char>(v[i])) || v[i] == '.')) ++i;
  if (i == 0) return std::nullopt;
  const auto num = detail::parse_double(std::string_view(v).substr(0, i));
  if (!num || !(*num > 0)) return std::nullopt;
  const std::string_view unit = detail::trim(std::string_view(v).substr(i));
  double factor = 0;
  if (unit.empty() || unit == "km/h" || unit == "kmh" || unit == "kph")
    factor = 1.0;
  else if (unit == "mph")
    factor = 1.609344;  // international mile, km
  else if (unit == "knots")
    factor = 1.852;  // nautical mile, km
  else
    return std::nullopt;
  return *num * factor;
}

std::optional<double> parse_lanes(std::string_view value) {
  const auto v = detail::parse_double(value);
  if (!v || !(*v > 0) || *v > 50) return std::nullopt;
  return *v;
}

std::optional<Oneway> parse_oneway(std::string_view value) {
  const std::string v = detail::lower(detail::trim(value));
  if (v == "yes" || v == "true" || v == "1") return Oneway::forward;
  if (v == "-1" || v == "reverse") return Oneway::backward;
  if (v == "no" || v == "false" || v == "0") return Oneway::no;
  return std::nullopt;
}

// ---- report -------------------------------------------------------------------

std::string RoadReport::summary() const {
  std::ostringstream s;
  s << source << ": " << features_read << " features read, " << features_used << " used, " << features_skipped
    << " skipped";
  if (!skipped.empty()) {
    s << " (";
    bool first = true;
    for (const auto& [why, n] : skipped) {
      s << (first ? "" : "; ") << why << ": " << n;
      first = false;
    }
    s << ")";
  }
  s << "\n" << nodes << " nodes, " << edges << " directed edges, " << total_length_km << " km of road, "
    << components << " weakly connected components (largest " << largest_component_nodes << " nodes)\n";
  s << attribute_warnings << " attribute warnings, " << nodes_merged << " points merged within tolerance, "
    << pieces_dropped << " collapsed pieces dropped";
  if (missing_locations) s << ", " << missing_locations << " node references without location";
  s << "\n";
  return s.str();
}

namespace detail {

void add_warning(RoadReport& r, std::string msg) {
  if (r.warnings.size() < RoadReport::kMaxWarnings) r.warnings.push_back(std::move(msg));
}

void add_skip(RoadReport& r, const std::string& reason) {
  ++r.features_skipped;
  ++r.skipped[reason];
}

XYKey XYKey::of(double x, double y) {
  if (x == 0.0) x = 0.0;  // fold -0.0
  if (y == 0.0) y = 0.0;
  XYKey k;
  std::memcpy(&k.a, &x, sizeof x);
  std::memcpy(&k.b, &y, sizeof y);
  return k;
}

namespace {

void attr_warning(RoadReport& r, const std::string& where, const std::string& tag, const std::string& value,
                  const std::string& used) {
  ++r.attribute_warnings;
  add_warning(r, where + ": cannot parse " + tag + "='" + value + "'; using " + used);
}

std::string fmt(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

}  // namespace

std::optional<RoadAttrs> resolve_road_attrs(const RawRoadTags& t, const RoadReadOptions& opt, RoadReport& rep,
                                            const std::string& where, std::string& skip_reason) {
  const std::string hw = t.highway ? std::string(trim(*t.highway)) : std::string();
  const auto cls = road_class_from_highway(hw);
  if (!cls) {
    skip_reason = "highway='" + hw + "' is not a routable class";
    return std::nullopt;
  }
  if (!car_allowed(*cls) && !opt.include_walk_only) {
    skip_reason = "walk-only highway class (include_walk_only is off)";
    return std::nullopt;
  }
  const RoadClassDefaults& d = opt.defaults[*cls];
  const bool walk_only = !car_allowed(*cls);
  RoadAttrs a;
  if (t.bridge) {
    // OSM Key:bridge: any value but "no" marks a raised structure.
    const std::string b = lower(trim(*t.bridge));
    a.bridge = !b.empty() && b != "no" && b != "false" && b != "0";
  }
  a.cls = *cls;

  auto present = [](const std::optional<std::string>& v) { return v && !trim(*v).empty(); };

  // Direction. Implied oneway: highway=motorway, junction=roundabout/circular
  // (OSM wiki Key:oneway). Oneway restricts vehicles only: ignored on walk-only ways.
  Oneway ow = Oneway::no;
  const std::string junction = t.junction ? lower(trim(*t.junction)) : std::string();
  const bool implied = *cls == RoadClass::motorway || junction == "roundabout" || junction == "circular";
  if (!walk_only) {
    if (present(t.oneway)) {
      if (auto p = parse_oneway(*t.oneway)) {
        ow = *p;
      } else {
        const std::string v = lower(trim(*t.oneway));
        if (v != "reversible" && v != "alternating") {
          ow = implied ? Oneway::forward : Oneway::no;
          attr_warning(rep, where, "oneway", *t.oneway, implied ? "oneway=yes (implied)" : "two-way");
        }
      }
    } else if (implied) {
      ow = Oneway::forward;
    }
  }
  a.forward = ow != Oneway::backward;
  a.backward = ow != Oneway::forward;
  const bool one_direction = a.forward != a.backward;

  // Lanes: `lanes` counts both directions of a two-way road (OSM wiki Key:lanes).
  auto lanes_tag = [&](const std::optional<std::string>& v, const char* name) -> std::optional<double> {
    if (!present(v)) return std::nullopt;
    if (auto p = parse_lanes(*v)) return p;
    attr_warning(rep, where, name, *v, "the default");
    return std::nullopt;
  };
  const auto lanes_total = lanes_tag(t.lanes, "lanes");
  const auto lanes_f = lanes_tag(t.lanes_forward, "lanes:forward");
  const auto lanes_b = lanes_tag(t.lanes_backward, "lanes:backward");
  double lf = d.lanes_per_direction, lb = d.lanes_per_direction;
  if (one_direction) {
    const auto& dir_tag = a.forward ? lanes_f : lanes_b;
    const double l = lanes_total ? *lanes_total : dir_tag ? *dir_tag : d.lanes_per_direction;
    lf = lb = l;
  } else {
    if (lanes_f)
      lf = *lanes_f;
    else if (lanes_total)
      lf = lanes_b ? *lanes_total - *lanes_b : *lanes_total / 2.0;
    if (lanes_b)
      lb = *lanes_b;
    else if (lanes_total)
      lb = lanes_f ? *lanes_total - *lanes_f : *lanes_total / 2.0;
  }
  a.lanes_fwd = static_cast<float>(std::max(1.0, lf));
  a.lanes_bwd = static_cast<float>(std::max(1.0, lb));

  // Speeds.
  auto speed_tag = [&](const std::optional<std::string>& v, const char* name) -> std::optional<double> {
    if (!present(v)) return std::nullopt;
    if (auto p = parse_maxspeed_kmh(*v); p && *p <= 250.0) return p;
    const std::string lv = lower(trim(*v));
    if (lv == "none" || lv == "signals" || lv == "variable") return std::nullopt;  // valid tags, no number
    attr_warning(rep, where, name, *v, "the class default " + fmt(d.free_speed_kmh) + " km/h");
    return std::nullopt;
  };
  const auto ms = speed_tag(t.maxspeed, "maxspeed");
  const auto ms_f = speed_tag(t.maxspeed_forward, "maxspeed:forward");
  const auto ms_b = speed_tag(t.maxspeed_backward, "maxspeed:backward");
  const double vf = ms_f ? *ms_f : ms ? *ms : d.free_speed_kmh;
  const double vb = ms_b ? *ms_b : ms ? *ms : d.free_speed_kmh;
  a.speed_fwd_mps = static_cast<float>(vf / 3.6);
  a.speed_bwd_mps = static_cast<float>(vb / 3.6);

  // Capacity: the data's value (veh/h for one direction) wins.
  std::optional<double> cap;
  if (present(t.capacity)) {
    if (auto p = parse_double(*t.capacity); p && *p > 0)
      cap = *p;
    else
      attr_warning(rep, where, "capacity", *t.capacity, "lanes x the class capacity per lane");
  }
  a.cap_fwd = static_cast<float>(cap ? *cap : a.lanes_fwd * d.capacity_veh_h_lane);
  a.cap_bwd = static_cast<float>(cap ? *cap : a.lanes_bwd * d.capacity_veh_h_lane);
  return a;
}

namespace {

/// Road nodes from the candidates (line ends and split vertices, in reading
/// order) by greedy leader clustering: a candidate joins the nearest node made
/// before it within tol (ties: the lower node id), else starts a new node at
/// its own position; tol 0 merges exact duplicates only.
struct MergedNodes {
  std::vector<graph::NodeId> of_candidate;
  std::vector<double> xs, ys;  // node positions (their leader's)
};

MergedNodes merge_nodes(const std::vector<double>& cx, const std::vector<double>& cy, double tol, RoadReport& rep) {
  const PointIndex index(cx, cy);
  std::vector<std::uint8_t> leader(cx.size(), 0);
  MergedNodes out;
  out.of_candidate.resize(cx.size());
  const double max_d = tol > 0 ? tol : 0.0;
  for (std::size_t k = 0; k < cx.size(); ++k) {
    const auto hit = index.nearest(cx[k], cy[k], max_d, [&](std::uint32_t id) { return leader[id] != 0; });
    if (hit.id != PointIndex::kNone) {
      const graph::NodeId node = out.of_candidate[hit.id];
      if (out.xs[node] != cx[k] || out.ys[node] != cy[k]) ++rep.nodes_merged;
      out.of_candidate[k] = node;
      continue;
    }
    if (out.xs.size() >= graph::kInvalid - 1) throw InputError("road network: more than 4 billion nodes");
    out.of_candidate[k] = static_cast<graph::NodeId>(out.xs.size());
    out.xs.push_back(cx[k]);
    out.ys.push_back(cy[k]);
    leader[k] = 1;
  }
  return out;
}

}  // namespace

graph::RoadGraph assemble_roads(std::vector<Polyline>& lines, double tol_m, RoadReport& rep,
                                const std::string& source) {
  // The node candidates: every line end and split vertex, in reading order.
  std::vector<double> cx, cy;
  auto is_candidate = [](const Polyline& L, std::size_t i) { return i == 0 || i == L.x.size() - 1 || L.split[i]; };
  for (const Polyline& L : lines)
    if (L.x.size() >= 2)
      for (std::size_t i = 0; i < L.x.size(); ++i)
        if (is_candidate(L, i)) {
          cx.push_back(L.x[i]);
          cy.push_back(L.y[i]);
        }
  MergedNodes nodes = merge_nodes(cx, cy, tol_m, rep);
  std::vector<graph::EdgeInput> edges;
  double total_m = 0;
  std::vector<double> gx, gy;
  std::size_t next = 0;  // candidate
  for (Polyline& L : lines) {
    const std::size_t n = L.x.size();
    if (n < 2) continue;
    std::size_t start = 0;
    graph::NodeId a = nodes.of_candidate[next++];
    for (std::size_t i = 1; i < n; ++i) {
      if (!is_candidate(L, i)) continue;
      const graph::NodeId b = nodes.of_candidate[next++];
      // Geometry from node a to node b through the interior vertices.
      gx.assign(1, nodes.xs[a]);
      gy.assign(1, nodes.ys[a]);
      auto push = [&](double x, double y) {
        if (x == gx.back() && y == gy.back()) return;
        gx.push_back(x);
        gy.push_back(y);
      };
      for (std::size_t k = start + 1; k < i; ++k) push(L.x[k], L.y[k]);
      push(nodes.xs[b], nodes.ys[b]);
      double len = 0;
      for (std::size_t k = 1; k < gx.size(); ++k) len += std::hypot(gx[k] - gx[k - 1], gy[k] - gy[k - 1]);
      if (gx.size() < 2 || !(len > 0) || (a == b && len <= tol_m)) {
        ++rep.pieces_dropped;
      } else {
        len *= L.length_scale;
        total_m += len;
        const RoadAttrs& at = L.attrs;
        // One directed edge; `reversed`: digitised head to tail.
        auto add_edge = [&](bool reversed) {
          graph::EdgeInput e;
          e.tail = reversed ? b : a;
          e.head = reversed ? a : b;
          e.length_m = static_cast<float>(len);
          e.free_speed_mps = reversed ? at.speed_bwd_mps : at.speed_fwd_mps;
          e.capacity_veh_h = reversed ? at.cap_bwd : at.cap_fwd;
          e.lanes = reversed ? at.lanes_bwd : at.lanes_fwd;
          e.road_class = static_cast<std::uint8_t>(at.cls);
          e.source_id = L.source_id;
          e.bridge = at.bridge;
          if (reversed) {
            e.geom_x.assign(gx.rbegin(), gx.rend());
            e.geom_y.assign(gy.rbegin(), gy.rend());
          } else {
            e.geom_x = gx;
            e.geom_y = gy;
          }
          edges.push_back(std::move(e));
        };
        if (at.forward) add_edge(false);
        if (at.backward) add_edge(true);
      }
      start = i;
      a = b;
    }
  }
  if (edges.empty()) {
    std::string why;
    for (const auto& [reason, count] : rep.skipped) why += "; " + reason + ": " + std::to_string(count);
    throw InputError(source + ": no road edges left (" + std::to_string(rep.features_read) + " features read, " +
                     std::to_string(rep.features_skipped) + " skipped" + why +
                     "). Check the layer, the highway values and include_walk_only");
  }
  if (edges.size() >= graph::kInvalid) throw InputError(source + ": more than 4 billion edges");
  graph::RoadGraph g = graph::build_graph(std::move(nodes.xs), std::move(nodes.ys), std::move(edges));
  rep.nodes = g.node_count();
  rep.edges = g.edge_count();
  rep.total_length_km = total_m / 1000.0;
  std::uint32_t ncomp = 0;
  const auto label = weak_components(g, &ncomp);
  std::vector<std::uint32_t> size(ncomp, 0);
  for (auto l : label) ++size[l];
  rep.components = ncomp;
  rep.largest_component_nodes = size.empty() ? 0 : *std::max_element(size.begin(), size.end());
  return g;
}

}  // namespace detail

// ---- components ------------------------------------------------------------------

std::vector<std::uint32_t> weak_components(const graph::RoadGraph& g, std::uint32_t* count) {
  const std::uint32_t n = g.node_count();
  std::vector<std::uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0u);
  auto find = [&](std::uint32_t v) {
    while (parent[v] != v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  };
  for (graph::NodeId u = 0; u < n; ++u)
    for (graph::EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
      const auto a = find(u), b = find(g.head[e]);
      if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
  std::vector<std::uint32_t> label(n, graph::kInvalid);
  std::vector<std::uint32_t> root_label(n, graph::kInvalid);
  std::uint32_t next = 0;
  for (graph::NodeId u = 0; u < n; ++u) {
    const auto r = find(u);
    if (root_label[r] == graph::kInvalid) root_label[r] = next++;
    label[u] = root_label[r];
  }
  if (count) *count = next;
  return label;
}

// ---- OGR reader --------------------------------------------------------------------

namespace {

void check_tolerance(const RoadReadOptions& opt, const std::string& what) {
  if (!(opt.merge_tolerance_m >= 0) || !std::isfinite(opt.merge_tolerance_m))
    throw ConfigError(what + ": merge_tolerance_m must be a finite number >= 0 (got " +
                      std::to_string(opt.merge_tolerance_m) + ")");
}

/// Marks interior vertices that are intersections: shared exactly by two or
/// more vertex occurrences, or within tol of a line end.
void mark_intersections(std::vector<detail::Polyline>& lines, double tol) {
  struct Occ {
    detail::XYKey key;
    std::uint32_t line, vertex;
  };
  std::vector<Occ> occ;
  std::size_t total = 0;
  for (const auto& L : lines) total += L.x.size();
  occ.reserve(total);
  for (std::uint32_t l = 0; l < lines.size(); ++l) {
    auto& L = lines[l];
    L.split.assign(L.x.size(), 0);
    L.split.front() = L.split.back() = 1;
    for (std::uint32_t i = 0; i < L.x.size(); ++i) occ.push_back({detail::XYKey::of(L.x[i], L.y[i]), l, i});
  }
  std::sort(occ.begin(), occ.end(), [](const Occ& p, const Occ& q) {
    return p.key.a != q.key.a ? p.key.a < q.key.a : p.key.b < q.key.b;
  });
  for (std::size_t i = 0; i < occ.size();) {
    std::size_t j = i + 1;
    while (j < occ.size() && occ[j].key == occ[i].key) ++j;
    if (j - i >= 2)
      for (std::size_t k = i; k < j; ++k) lines[occ[k].line].split[occ[k].vertex] = 1;
    i = j;
  }
  if (!(tol > 0)) return;
  // Interior vertices within tol of a line end split.
  std::vector<double> ex, ey;
  for (const auto& L : lines) {
    ex.insert(ex.end(), {L.x.front(), L.x.back()});
    ey.insert(ey.end(), {L.y.front(), L.y.back()});
  }
  const PointIndex ends(ex, ey);
  for (auto& L : lines)
    for (std::size_t i = 1; i + 1 < L.x.size(); ++i)
      if (!L.split[i] && ends.nearest(L.x[i], L.y[i], tol).id != PointIndex::kNone) L.split[i] = 1;
}

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
  check_tolerance(opt, what + " " + path.string());
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
            i_br = detail::field_index(layer, fm.bridge), i_len = detail::field_index(layer, fm.length);

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
        throw InputError(where + ": field '" + fm.length + "' = '" + txt +
                         "' is not a positive length in metres; fix the value or remove the field");
      length_scale = v / geo_len;
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
    if (any)
      ++rep.features_used;
    else
      detail::add_skip(rep, "degenerate line (fewer than 2 distinct points)");
  }
  if (!scope.last_error().empty()) scope.fail("reading features failed", "Check that the file is complete");
  mark_intersections(lines, opt.merge_tolerance_m);
  return detail::assemble_roads(lines, opt.merge_tolerance_m, rep, L.context);
}

// ---- dispatch -------------------------------------------------------------------------

bool is_osm_file(const std::filesystem::path& path) {
  const std::string name = detail::lower(path.filename().string());
  auto ends_with = [&](std::string_view s) {
    return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  return ends_with(".pbf") || ends_with(".osm") || ends_with(".osm.gz") || ends_with(".osm.bz2") ||
         ends_with(".o5m") || ends_with(".opl");
}

graph::RoadGraph read_road_network(const std::filesystem::path& path, const std::string& target_crs_wkt,
                                   const RoadReadOptions& options, RoadReport* report) {
  return is_osm_file(path) ? read_osm_roads(path, target_crs_wkt, options, report)
                           : read_roads(path, target_crs_wkt, options, report);
}

}  // namespace floodevac::gis
